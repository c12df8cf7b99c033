"""The HTML report: one self-contained page that shows what the cleaners did, and why.

``render_report(docs)`` turns :class:`ReportDocument` records (a document's original text,
its cleaned text and the :class:`~textclean.Edit` list :meth:`Pipeline.explain
<textclean.Pipeline.explain>` returned) into one HTML file; ``write_report(path, docs)``
writes it atomically. The CLI's ``textclean report`` and ``clean --html-report`` call these.

What the page shows:

* an **overview**, drawn in Python as plain HTML and inline SVG: documents, bytes before
  and after, edits per cleaner, the most frequent removed lines (the boilerplate the cleaners
  found across the corpus) and a histogram of the share of each document that was removed;
* the **documents**, one at a time: the original text with each edit's span marked in place,
  coloured by cleaner, its reason on hover or keyboard focus, its replacement shown as an
  insertion beside it; removed blocks struck through and collapsible; a side-by-side
  original/cleaned view; search, a filter by cleaner and keyboard navigation (``j``/``k``
  between edits, ``[``/``]`` between documents, ``s`` side by side, ``/`` search).

Where things are:

* :mod:`~textclean.report.model`: :class:`ReportDocument`, and the geometry of edits
  (:func:`segments` of overlapping spans, :func:`removed_blocks`, :func:`removed_share`);
* :mod:`~textclean.report.collect`: the per-document data and corpus totals, gathered while
  the documents stream past;
* :mod:`~textclean.report.overview`: the overview's HTML and SVG;
* :mod:`~textclean.report.colours`: each cleaner's colour, built-in or plugin;
* :mod:`~textclean.report.escape`: the two encoders all untrusted text goes through;
* :mod:`~textclean.report.render`: the page, filled into ``assets/report.html`` with
  ``assets/report.css`` and ``assets/report.js``, and written to a file.

How it stays safe and small:

* Document text is untrusted. The Python side escapes everything it writes into HTML; the
  per-document data travels as JSON inside ``<script type="application/json">`` blocks with
  ``<``, ``>``, ``&`` and ``/`` escaped (so neither ``</script>`` nor a URL appears literally),
  and the page's script only ever inserts it as text nodes. A Content-Security-Policy allows
  no network access at all and runs only the page's own script (by hash).
* Nothing is loaded from anywhere: CSS and JS are inline, charts are inline SVG.
* Each document's data is a separate JSON block parsed only when the document is opened, and
  the document list is paged, so a report of 10,000 documents opens at once and the DOM holds
  one document at a time. The file is about twice the size of the texts (original and
  cleaned are both embedded) plus ~40 KB.
"""

from textclean.report.colours import BUILTIN_COLOURS, cleaner_colour
from textclean.report.escape import script_json
from textclean.report.model import (ReportDocument, Segment, removed_blocks, removed_share,
                                    segments)
from textclean.report.overview import TOP_LINES
from textclean.report.render import PAGE_SIZE, render_report, write_report

__all__ = ["BUILTIN_COLOURS", "PAGE_SIZE", "ReportDocument", "Segment", "TOP_LINES",
           "cleaner_colour", "removed_blocks", "removed_share", "render_report", "script_json",
           "segments", "write_report"]
