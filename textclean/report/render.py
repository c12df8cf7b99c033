"""The report page: the assets filled with one corpus's data, and written to a file.

The page is made of three files shipped in ``textclean/report/assets/`` (package data, read
with :mod:`importlib.resources`): ``report.html``, the page with ``{{ slot }}`` markers,
``report.css`` and ``report.js``. :func:`render_report` collects the documents
(:mod:`~textclean.report.collect`), draws the overview (:mod:`~textclean.report.overview`)
and fills every slot in one pass; :func:`write_report` writes the result atomically.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import re
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

from textclean.io.files import atomic_write
from textclean.report.collect import BIN_LABELS, Collector
from textclean.report.escape import escape_html, script_json
from textclean.report.model import ReportDocument
from textclean.report.overview import fmt_int, overview

__all__ = ["PAGE_SIZE", "asset", "fill", "render_report", "write_report"]

#: Documents per page of the report's document list.
PAGE_SIZE = 50

_SLOT = re.compile(r"\{\{ (\w+) \}\}")
# A comment at the head of report.html, for whoever edits the template: not part of the page.
_TEMPLATE_COMMENT = re.compile(r"\A\{#.*?#\}\n", re.S)


@functools.cache
def asset(name: str) -> str:
    """The text of one of the report's asset files (``report.html``, ``.css``, ``.js``).

    >>> asset("report.js").startswith("(function () {")
    True
    """
    return (resources.files(__package__) / "assets" / name).read_text(encoding="utf-8")


def fill(template: str, **values: str) -> str:
    """``template`` with each ``{{ name }}`` replaced by ``values[name]``, in one pass, so
    that text put into one slot is never taken for another; every slot must be given, and
    every value must have its slot.

    >>> fill("<b>{{ a }}</b>{{ b }}", a="{{ b }}", b="!")
    '<b>{{ b }}</b>!'
    >>> fill("{{ a }}", b="x")
    Traceback (most recent call last):
    ValueError: the template's slots ['a'] do not match the values ['b']
    """
    slots = set(_SLOT.findall(template))
    if slots != set(values):
        raise ValueError(f"the template's slots {sorted(slots)} do not match the values "
                         f"{sorted(values)}")
    return _SLOT.sub(lambda m: values[m[1]], template)


def render_report(docs: Iterable[ReportDocument], *, title: str = "textclean report") -> str:
    """The report for ``docs`` as one self-contained HTML page.

    >>> from textclean import Edit
    >>> page = render_report([ReportDocument("a.txt", "Prime Miister", "Prime Minister",
    ...     [Edit("typos", 6, 13, "Miister", "Minister", "typo: Miister -> Minister", (6, 13))])])
    >>> page.startswith("<!doctype html>") and "typo: Miister" in page and "<script>alert" not in page
    True
    """
    from textclean.version import __version__

    c = Collector()
    for doc in docs:
        c.add(doc)
    colours = c.colours()
    index = {
        "cleaners": list(c.cleaners),
        "colours": colours,
        "reasons": list(c.reasons),
        "bins": BIN_LABELS,
        "page": PAGE_SIZE,
        "docs": c.rows,
    }
    # The script element's text starts on a new line; the CSP hash covers exactly that text.
    script = "\n" + asset("report.js")
    script_hash = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    csp = (f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
           f"script-src 'sha256-{script_hash}'; base-uri 'none'; form-action 'none'")
    return fill(
        _TEMPLATE_COMMENT.sub("", asset("report.html")),
        csp=csp,
        title=escape_html(title),
        version=escape_html(__version__),
        documents=fmt_int(len(c.rows)) + (" document" if len(c.rows) == 1 else " documents"),
        css=asset("report.css"),
        colours="".join(f".c{i}{{--c:{col}}}" for i, col in enumerate(colours)),
        overview=overview(c, colours),
        index=script_json(index),
        data="".join(f'<script type="application/json" id="d{i}">{blob}</script>\n'
                     for i, blob in enumerate(c.blobs)),
        script=script,
    )


def write_report(path: str | Path, docs: Iterable[ReportDocument], **kw: Any) -> None:
    """Render the report for ``docs`` and write it to ``path`` atomically (UTF-8).

    Keyword arguments go to :func:`render_report` (``title``).

    >>> import tempfile, os
    >>> with tempfile.TemporaryDirectory() as d:
    ...     write_report(os.path.join(d, "r.html"), [ReportDocument("a", "x", "x", [])])
    ...     open(os.path.join(d, "r.html"), encoding="utf-8").read(15)
    '<!doctype html>'
    """
    # A lone surrogate (from a JSONL string such as "\\ud800") cannot be UTF-8: the page
    # shows it as "?" rather than failing.
    atomic_write(path, render_report(docs, **kw).encode("utf-8", "replace"))
