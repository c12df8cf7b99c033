"""The HTML report: one self-contained page that shows what the cleaners did, and why.

``render_report(docs)`` turns :class:`ReportDocument` records (a document's original text,
its cleaned text and the :class:`~textclean.Edit` list :meth:`Pipeline.explain
<textclean.Pipeline.explain>` returned) into one HTML file; ``write_report(path, docs)``
writes it atomically. The CLI's ``textclean report`` and ``clean --html-report`` call these.

What the page shows:

* an **overview**, drawn here in Python as plain HTML and inline SVG: documents, bytes before
  and after, edits per cleaner, the most frequent removed lines (the boilerplate the cleaners
  found across the corpus) and a histogram of the share of each document that was removed;
* the **documents**, one at a time: the original text with each edit's span marked in place,
  coloured by cleaner, its reason on hover or keyboard focus, its replacement shown as an
  insertion beside it; removed blocks struck through and collapsible; a side-by-side
  original/cleaned view; search, a filter by cleaner and keyboard navigation (``j``/``k``
  between edits, ``[``/``]`` between documents, ``s`` side by side, ``/`` search).

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

Edits from different cleaners may overlap in original coordinates (a later cleaner's span
covers the region an earlier one rewrote): :func:`segments` splits the spans into
non-overlapping pieces, each listing every edit that covers it.
"""

from __future__ import annotations

import base64
import bisect
import hashlib
import html
import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Sequence

from textclean.io.files import atomic_write
from textclean.core.records import Edit

__all__ = ["ReportDocument", "Segment", "render_report", "write_report", "segments",
           "removed_blocks", "removed_share"]

#: Documents per page of the report's document list.
PAGE_SIZE = 50
#: How many of the most frequent removed lines the overview lists.
TOP_LINES = 20

# Colours for the built-in cleaners; plugins' cleaners take the rest of the palette in order.
_KNOWN_COLOURS = {
    "markup": "#8e44ad",
    "mojibake": "#d35400",
    "line_breaks": "#2471a3",
    "boilerplate": "#c0392b",
    "typos": "#1e8449",
    "whitespace": "#707b7c",
}
_EXTRA_COLOURS = ["#117a65", "#b9770e", "#c2185b", "#34495e", "#6d4c41", "#5b2c6f", "#0e6655"]

_BIN_LABELS = ["0%", "0–10", "10–20", "20–30", "30–40", "40–50", "50–60", "60–70", "70–80",
               "80–90", "90–100"]


@dataclass
class ReportDocument:
    """One document of the report.

    ``edits`` are as :meth:`textclean.Pipeline.explain` returns them (offsets in
    ``original``); ``error`` marks a document that was skipped, with the reason to show.

    >>> ReportDocument("a.txt", "a  b", "a b", []).error is None
    True
    """

    path: str
    original: str
    cleaned: str
    edits: list[Edit]
    error: str | None = None


@dataclass(frozen=True)
class Segment:
    """A piece ``[start, end)`` of the original text and the edits (indices into the edit
    list, ascending, i.e. in pipeline order) whose spans cover it. An insertion is a
    zero-length segment."""

    start: int
    end: int
    edits: tuple[int, ...]


def _is_removal(e: Edit) -> bool:
    """Whether the edit takes visible text away (leaving nothing, or only whitespace)."""
    return e.end > e.start and not e.after.strip() and bool(e.before.strip())


def segments(edits: Sequence[Edit], cuts: Iterable[int] = ()) -> list[Segment]:
    """Split the edits' original spans into non-overlapping segments, in text order.

    Each segment lists every edit covering it, so nested or partly overlapping edits of
    different cleaners are all kept. ``cuts`` adds extra boundaries (block edges). Text that
    no edit covers yields no segment.

    >>> def E(c, s, e, after=""):
    ...     return Edit(c, s, e, "", after, "why", (s, e))
    >>> [(s.start, s.end, s.edits) for s in segments([E("a", 2, 5, "x"), E("b", 0, 8)])]
    [(0, 2, (1,)), (2, 5, (0, 1)), (5, 8, (1,))]
    >>> [(s.start, s.end, s.edits) for s in segments([E("a", 3, 3, " "), E("b", 0, 6)])]
    [(0, 3, (1,)), (3, 3, (0, 1)), (3, 6, (1,))]
    >>> segments([])
    []
    """
    starts: dict[int, list[int]] = {}
    ends: dict[int, list[int]] = {}
    inserts: dict[int, list[int]] = {}
    points = set(cuts)
    for i, e in enumerate(edits):
        if e.end > e.start:
            starts.setdefault(e.start, []).append(i)
            ends.setdefault(e.end, []).append(i)
        else:
            inserts.setdefault(e.start, []).append(i)
        points.add(e.start)
        points.add(e.end)
    ordered = sorted(points)
    active: set[int] = set()
    out: list[Segment] = []
    for n, p in enumerate(ordered):
        for i in ends.get(p, ()):
            active.discard(i)
        for i in inserts.get(p, ()):
            out.append(Segment(p, p, tuple(sorted(active | {i}))))
        active.update(starts.get(p, ()))
        if active and n + 1 < len(ordered):
            out.append(Segment(p, ordered[n + 1], tuple(sorted(active))))
    return out


def removed_blocks(text: str, edits: Sequence[Edit], min_lines: int = 2) -> list[tuple[int, int]]:
    """Spans of ``text`` removed as a whole block of at least ``min_lines`` non-blank lines.

    Adjacent removals (touching, or separated only by whitespace) are merged first, so a
    comment form removed line by line folds away as one block.

    >>> t = "Body.\\nLeave a Reply\\nYour email address will not be published.\\n"
    >>> es = [Edit("bp", 6, 20, "Leave a Reply\\n", "", "form", (6, 20)),
    ...       Edit("bp", 20, 63, t[20:63], "", "form", (20, 63))]
    >>> removed_blocks(t, es)
    [(6, 63)]
    >>> removed_blocks(t, es[:1])
    []
    """
    spans = sorted((e.start, e.end) for e in edits if _is_removal(e))
    merged: list[list[int]] = []
    for s, e in spans:
        if merged and (s <= merged[-1][1] or not text[merged[-1][1]:s].strip()):
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return [
        (s, e) for s, e in merged
        if sum(1 for line in text[s:e].splitlines() if line.strip()) >= min_lines
    ]


def removed_share(text: str, edits: Sequence[Edit]) -> float:
    """The share of ``text``'s characters inside removals (edits that leave at most
    whitespace where there was text), counting overlapping spans once.

    >>> removed_share("abcdefghij", [Edit("x", 0, 4, "abcd", "", "r", (0, 4)),
    ...                              Edit("y", 2, 5, "cde", "", "r", (2, 5))])
    0.5
    >>> removed_share("", [])
    0.0
    """
    if not text:
        return 0.0
    total, reach = 0, 0
    for s, e in sorted((e.start, e.end) for e in edits if _is_removal(e)):
        s = max(s, reach)
        if e > s:
            total += e - s
            reach = e
    return min(1.0, total / len(text))


def _superseded(edits: Sequence[Edit]) -> list[bool]:
    """For each edit, whether a later edit's span covers it (so what it wrote was rewritten
    or removed again). An insertion counts as covered only strictly inside a later span.
    O(n log n): a prefix-maximum tree over span starts, filled from the last edit back.

    >>> def E(s, e):
    ...     return Edit("x", s, e, "", "y", "r", (s, e))
    >>> _superseded([E(2, 4), E(0, 9), E(5, 5), E(9, 12)])
    [True, False, False, False]
    >>> _superseded([E(3, 3), E(0, 9)])
    [True, False]
    """
    keys = sorted({e.start for e in edits if e.end > e.start})
    tree = [-1] * (len(keys) + 1)

    def update(pos: int, end: int) -> None:
        i = bisect.bisect_left(keys, pos) + 1
        while i <= len(keys):
            tree[i] = max(tree[i], end)
            i += i & -i

    def max_end(pos: int) -> int:  # the furthest end among spans starting at or before pos
        i, best = bisect.bisect_right(keys, pos), -1
        while i > 0:
            best = max(best, tree[i])
            i -= i & -i
        return best

    out = [False] * len(edits)
    for i in range(len(edits) - 1, -1, -1):
        e = edits[i]
        if e.end > e.start:
            out[i] = max_end(e.start) >= e.end
            update(e.start, e.end)
        else:
            out[i] = max_end(e.start - 1) > e.start
    return out


def _share_bin(share: float) -> int:
    """Histogram bin: 0 for untouched, then tenths (upper bound inclusive)."""
    return 0 if share <= 0 else min(10, max(1, math.ceil(share * 10 - 1e-9)))


class _U16:
    """Python offsets (code points) to JavaScript offsets (UTF-16 code units)."""

    _ASTRAL = re.compile("[\U00010000-\U0010ffff]")

    def __init__(self, text: str):
        self.astral = [m.start() for m in self._ASTRAL.finditer(text)] if not text.isascii() else []

    def __call__(self, pos: int) -> int:
        return pos + bisect.bisect_left(self.astral, pos) if self.astral else pos


def _script_json(obj: Any) -> str:
    """JSON that is safe inside a ``<script>`` element and contains no literal URL.

    >>> _script_json({"t": "</script><!-- https://x"})
    '{"t":"\\\\u003c\\\\/script\\\\u003e\\\\u003c!-- https:\\\\/\\\\/x"}'
    """
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("/", "\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _esc(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _fmt_int(n: int) -> str:
    return f"{n:,}"


def _fmt_bytes(n: int) -> str:
    for unit, size in (("GB", 10**9), ("MB", 10**6), ("kB", 10**3)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n} B"


class _Collector:
    """Builds the report's data while the documents stream past."""

    def __init__(self) -> None:
        self.cleaners: dict[str, int] = {}
        self.reasons: dict[str, int] = {}
        self.rows: list[list[Any]] = []
        self.blobs: list[str] = []
        self.edit_counts: Counter[str] = Counter()
        self.edit_docs: Counter[str] = Counter()
        self.removed_chars: Counter[str] = Counter()
        self.line_count: Counter[str] = Counter()
        self.line_docs: Counter[str] = Counter()
        self.line_reason: dict[str, tuple[str, str]] = {}
        self.bins = [0] * len(_BIN_LABELS)
        self.bytes_in = self.bytes_out = 0
        self.changed = self.skipped = 0

    def _cleaner(self, name: str) -> int:
        return self.cleaners.setdefault(name, len(self.cleaners))

    def _reason(self, reason: str) -> int:
        return self.reasons.setdefault(reason, len(self.reasons))

    def add(self, doc: ReportDocument) -> None:
        original, cleaned = doc.original or "", doc.cleaned if doc.cleaned is not None else ""
        n = len(original)
        edits = []
        for e in doc.edits or ():
            s = min(max(int(e.start), 0), n)
            edits.append(e if (s, min(max(int(e.end), s), n)) == (e.start, e.end)
                         else Edit(e.cleaner, s, min(max(int(e.end), s), n), e.before, e.after,
                                   e.reason, e.at))
        u16 = _U16(original)
        blocks = removed_blocks(original, edits)
        segs = segments(edits, [p for b in blocks for p in b])
        share = removed_share(original, edits)
        b_in, b_out = (len(original.encode("utf-8", "surrogatepass")),
                       len(cleaned.encode("utf-8", "surrogatepass")))

        sup = _superseded(edits)
        per_cleaner: Counter[int] = Counter()
        e_json = []
        seen_lines: set[str] = set()
        for i, e in enumerate(edits):
            ci = self._cleaner(e.cleaner)
            per_cleaner[ci] += 1
            self.edit_counts[e.cleaner] += 1
            removal = _is_removal(e)
            superseded = sup[i]
            before = None if e.before == original[e.start:e.end] else e.before
            e_json.append([ci, self._reason(e.reason), u16(e.start), u16(e.end), e.after, before,
                           (1 if removal else 0) | (2 if superseded else 0)])
            if removal:
                self.removed_chars[e.cleaner] += e.end - e.start
                for line in original[e.start:e.end].splitlines():
                    key = " ".join(line.split())[:300]
                    if not key:
                        continue
                    self.line_count[key] += 1
                    if key not in seen_lines:
                        seen_lines.add(key)
                        self.line_docs[key] += 1
                    self.line_reason.setdefault(key, (e.cleaner, e.reason))
        for name in {e.cleaner for e in edits}:
            self.edit_docs[name] += 1
        if len(self.line_count) > 200_000:  # keep memory bounded on huge corpora
            for key in [k for k, c in self.line_docs.items() if c < 2]:
                del self.line_count[key], self.line_docs[key], self.line_reason[key]

        block_starts = [s for s, _ in blocks]
        # each block lists its cleaners, the one that removed most first (it colours the block)
        inside: list[Counter[int]] = [Counter() for _ in blocks]
        for x in edits:
            k = bisect.bisect_right(block_starts, x.start) - 1
            if _is_removal(x) and k >= 0 and x.end <= blocks[k][1]:
                inside[k][self.cleaners[x.cleaner]] += x.end - x.start
        blocks_json = [
            [u16(s), u16(e), sum(1 for line in original[s:e].splitlines() if line.strip()),
             sorted(inside[k], key=lambda ci: (-inside[k][ci], ci))]
            for k, (s, e) in enumerate(blocks)
        ]
        payload: dict[str, Any] = {
            "o": original,
            "e": e_json,
            "s": [[u16(g.start), u16(g.end), list(g.edits)] for g in segs],
            "b": blocks_json,
        }
        if cleaned != original:
            payload["c"] = cleaned
        self.blobs.append(_script_json(payload))

        bin_ = _share_bin(share)
        if doc.error is None:
            self.bins[bin_] += 1
            self.bytes_in += b_in
            self.bytes_out += b_out
            self.changed += cleaned != original
        else:
            self.skipped += 1
        self.rows.append([str(doc.path), b_in, b_out, len(edits), round(share, 4),
                          {str(k): v for k, v in sorted(per_cleaner.items())},
                          doc.error, bin_ if doc.error is None else -1,
                          sorted({e[1] for e in e_json})])

    def colours(self) -> list[str]:
        extra = iter(_EXTRA_COLOURS * (1 + len(self.cleaners) // len(_EXTRA_COLOURS)))
        return [_KNOWN_COLOURS.get(name) or next(extra) for name in self.cleaners]


# ---------------------------------------------------------------------------------------------
# Overview (server-side HTML and SVG)


def _cleaner_chart(c: _Collector, colours: list[str]) -> str:
    names = sorted(c.cleaners, key=lambda n: (-c.edit_counts[n], n))
    if not names:
        return '<p class="empty">No edits.</p>'
    row, label_w, bar_w = 30, 118, 250
    top = max(c.edit_counts[n] for n in names) or 1
    height = row * len(names) + 8
    parts = [f'<svg class="chart-svg" viewBox="0 0 480 {height}" width="480" height="{height}" '
             f'role="group" aria-label="Edits per cleaner">']
    for k, name in enumerate(names):
        y = 4 + k * row
        n = c.edit_counts[name]
        w = max(2, round(bar_w * n / top))
        ci = c.cleaners[name]
        nd = c.edit_docs[name]
        docs_word = f"{_fmt_int(nd)} doc{'s' if nd != 1 else ''}"
        detail = f"{_fmt_int(n)} edit{'s' if n != 1 else ''} in {docs_word}"
        parts.append(
            f'<g class="bar" data-filter="c:{ci}" tabindex="0" role="button" '
            f'aria-label="{_esc(name)}: {detail}; show these documents">'
            f'<title>{_esc(name)}: {detail}; {_fmt_int(c.removed_chars[name])} characters removed'
            f'</title>'
            f'<text x="{label_w - 8}" y="{y + 19}" text-anchor="end" class="lbl">'
            f'{_esc(name if len(name) <= 15 else name[:14] + "…")}</text>'
            f'<rect x="{label_w}" y="{y + 5}" width="{w}" height="19" rx="3" fill="{colours[ci]}"/>'
            f'<text x="{label_w + w + 6}" y="{y + 19}" class="val">{_fmt_int(n)}'
            f'<tspan class="muted"> · {docs_word}</tspan></text></g>')
    parts.append("</svg>")
    return "".join(parts)


def _histogram(c: _Collector) -> str:
    bins = c.bins
    top = max(bins) or 1
    left, bw, gap, plot_h, base = 8, 36, 6, 130, 160
    width = left * 2 + len(bins) * (bw + gap)
    parts = [f'<svg class="chart-svg" viewBox="0 0 {width} {base + 40}" width="{width}" '
             f'height="{base + 40}" role="group" aria-label="Documents by share of text removed">']
    parts.append(f'<line x1="{left}" x2="{width - left}" y1="{base}" y2="{base}" class="axis"/>')
    for k, count in enumerate(bins):
        x = left + k * (bw + gap) + gap / 2
        h = 0 if not count else max(2, round(plot_h * count / top))
        label = _BIN_LABELS[k]
        what = "no text removed" if k == 0 else f"{label}% of the text removed"
        parts.append(
            f'<g class="bar" data-filter="bin:{k}" tabindex="0" role="button" '
            f'aria-label="{count} documents with {what}; show them">'
            f'<title>{_fmt_int(count)} documents: {what}</title>'
            f'<rect x="{x}" y="{base - h}" width="{bw}" height="{h}" rx="2" '
            f'class="{"h0" if k == 0 else "h"}"/>'
            f'<text x="{x + bw / 2}" y="{base - h - 5}" text-anchor="middle" class="val">'
            f'{_fmt_int(count) if count else ""}</text>'
            f'<text x="{x + bw / 2}" y="{base + 15}" text-anchor="middle" class="tick">{label}</text>'
            f'</g>')
    parts.append(f'<text x="{width / 2}" y="{base + 34}" text-anchor="middle" class="cap">'
                 f'% of each document’s characters removed</text></svg>')
    return "".join(parts)


def _top_lines(c: _Collector, colours: list[str]) -> str:
    top = sorted(c.line_count, key=lambda k: (-c.line_docs[k], -c.line_count[k], k))[:TOP_LINES]
    if not top:
        return '<p class="empty">No lines were removed.</p>'
    rows = []
    for key in top:
        cleaner, reason = c.line_reason[key]
        ci = c.cleaners[cleaner]
        shown = key if len(key) <= 140 else key[:139] + "…"
        rows.append(
            f'<tr><td class="num">{_fmt_int(c.line_docs[key])}</td>'
            f'<td class="num">{_fmt_int(c.line_count[key])}</td>'
            f'<td><button type="button" class="linkish" data-q="{_esc(key[:200])}" '
            f'title="Find the documents containing this line">{_esc(shown)}</button></td>'
            f'<td><span class="badge" style="--c:{colours[ci]}">{_esc(cleaner)}</span> '
            f'<span class="muted">{_esc(reason)}</span></td></tr>')
    return ('<table class="lines"><thead><tr><th class="num">docs</th><th class="num">times</th>'
            '<th>removed line</th><th>by</th></tr></thead><tbody>' + "".join(rows)
            + "</tbody></table>")


def _overview(c: _Collector, colours: list[str]) -> str:
    docs = len(c.rows)
    edits = sum(c.edit_counts.values())
    saved = c.bytes_in - c.bytes_out
    if c.bytes_in and saved:
        pct = f"{'−' if saved > 0 else '+'}{100 * abs(saved) / c.bytes_in:.1f}%"
    else:
        pct = "±0%"
    cards = [
        ("Documents", _fmt_int(docs),
         f"{_fmt_int(c.changed)} changed · {_fmt_int(docs - c.changed - c.skipped)} unchanged"
         + (f" · <b class='warn'>{_fmt_int(c.skipped)} skipped</b>" if c.skipped else "")),
        ("Bytes", f"{_fmt_bytes(c.bytes_in)} → {_fmt_bytes(c.bytes_out)}",
         f"{pct} ({_fmt_int(c.bytes_in)} → {_fmt_int(c.bytes_out)} bytes)"),
        ("Edits", _fmt_int(edits), f"by {len(c.cleaners)} cleaner{'s' if len(c.cleaners) != 1 else ''}"),
    ]
    card_html = "".join(
        f'<div class="card"><div class="k">{k}</div><div class="v">{v}</div><div class="d">{d}</div></div>'
        for k, v, d in cards)
    return (
        f'<div class="cards">{card_html}</div>'
        f'<div class="charts">'
        f'<figure class="chart"><figcaption>Edits per cleaner <span class="muted">(click a bar to '
        f'list its documents)</span></figcaption>{_cleaner_chart(c, colours)}</figure>'
        f'<figure class="chart"><figcaption>Removed share per document <span class="muted">'
        f'(documents per bin)</span></figcaption>{_histogram(c)}</figure></div>'
        f'<h3>Most frequent removed lines</h3>{_top_lines(c, colours)}')


# ---------------------------------------------------------------------------------------------
# The page


def render_report(docs: Iterable[ReportDocument], *, title: str = "textclean report") -> str:
    """The report for ``docs`` as one self-contained HTML page.

    >>> from textclean import Edit
    >>> page = render_report([ReportDocument("a.txt", "Prime Miister", "Prime Minister",
    ...     [Edit("typos", 6, 13, "Miister", "Minister", "typo: Miister -> Minister", (6, 13))])])
    >>> page.startswith("<!doctype html>") and "typo: Miister" in page and "<script>alert" not in page
    True
    """
    from textclean import __version__

    c = _Collector()
    for doc in docs:
        c.add(doc)
    colours = c.colours()
    index = {
        "cleaners": list(c.cleaners),
        "colours": colours,
        "reasons": list(c.reasons),
        "bins": _BIN_LABELS,
        "page": PAGE_SIZE,
        "docs": c.rows,
    }
    colour_css = "".join(f".c{i}{{--c:{col}}}" for i, col in enumerate(colours))
    script = _JS
    script_hash = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    csp = (f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
           f"script-src 'sha256-{script_hash}'; base-uri 'none'; form-action 'none'")
    data_blocks = "".join(
        f'<script type="application/json" id="d{i}">{blob}</script>\n'
        for i, blob in enumerate(c.blobs))
    return (
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{_esc(title)}</title>\n<style>{_CSS}{colour_css}</style></head>\n<body>\n"
        f'<header class="top"><h1>{_esc(title)}</h1><p class="muted">textclean {_esc(__version__)}'
        f" · {_fmt_int(len(c.rows))} documents · every edit, coloured by the cleaner that made it"
        "</p></header>\n<main>\n"
        f'<section id="overview" aria-labelledby="ov-h"><h2 id="ov-h">Overview</h2>{_overview(c, colours)}</section>\n'
        f"{_DOCS_HTML}\n</main>\n"
        '<div id="tip" role="tooltip" hidden></div>\n'
        f'<script type="application/json" id="tc-index">{_script_json(index)}</script>\n'
        f"{data_blocks}"
        f"<script>{script}</script>\n"
        "<noscript><p class=\"warn\">The document view needs JavaScript; the overview above works "
        "without it.</p></noscript>\n</body></html>\n"
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


_DOCS_HTML = """<section id="documents" aria-labelledby="docs-h">
<div class="docs-head"><h2 id="docs-h">Documents</h2>
<input type="search" id="q" placeholder="Search text, paths, reasons  ( / )" aria-label="Search documents" autocomplete="off">
<label class="sel">Show <select id="filter" aria-label="Which documents"></select></label>
<label class="sel">Sort <select id="sort" aria-label="Sort documents">
<option value="input">input order</option><option value="edits">most edits</option>
<option value="share">most removed</option><option value="name">name</option></select></label>
</div>
<div class="docs-body">
<nav id="list" aria-label="Document list"><div id="count" class="muted"></div><ol id="rows"></ol>
<div class="pager"><button type="button" id="pg-prev" aria-label="Previous page">‹</button>
<span id="pg-label"></span><button type="button" id="pg-next" aria-label="Next page">›</button></div></nav>
<article id="viewer" aria-live="polite">
<div class="vhead"><div class="vtitle"><h3 id="vpath">No document selected</h3><p id="vstats" class="muted"></p></div>
<div class="vnav"><button type="button" id="doc-prev" title="Previous document ( [ )">‹ prev doc</button>
<button type="button" id="doc-next" title="Next document ( ] )">next doc ›</button></div></div>
<div class="toolbar">
<div id="chips" role="group" aria-label="Show edits by cleaner"></div>
<div class="tools">
<button type="button" id="edit-prev" title="Previous edit ( k )">↑</button><span id="editpos" class="muted">–</span>
<button type="button" id="edit-next" title="Next edit ( j )">↓</button>
<button type="button" id="toggle-sbs" aria-pressed="false" title="Original and cleaned side by side ( s )">Before / after</button>
<button type="button" id="toggle-blocks" aria-pressed="false" title="Fold removed blocks ( c )">Fold removed blocks</button>
</div></div>
<div id="verror" class="errbox" hidden></div>
<div class="panes" id="panes">
<section class="pane" id="pane-o"><h4 id="pane-o-h">Original, edits marked in place</h4><div class="text" id="text-o"></div></section>
<section class="pane" id="pane-c" hidden><h4>Cleaned</h4><div class="text" id="text-c"></div></section>
<aside id="edits" aria-label="Edits in this document"><h4>Edits <span id="ecount" class="muted"></span></h4><ol id="elist"></ol></aside>
</div>
<p class="keys muted">Keys: <kbd>j</kbd>/<kbd>k</kbd> next/previous edit · <kbd>[</kbd>/<kbd>]</kbd> previous/next document · <kbd>s</kbd> before/after · <kbd>c</kbd> fold blocks · <kbd>/</kbd> search · <kbd>Esc</kbd> close</p>
</article></div></section>"""

_CSS = r"""
:root{--bg:#f6f7f9;--fg:#1d2329;--muted:#66707a;--line:#dde1e6;--card:#fff;--accent:#2563eb;
font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","DejaVu Sans",sans-serif;color:var(--fg);background:var(--bg)}
*{box-sizing:border-box}body{margin:0}
.top{padding:18px 28px 10px;background:#fff;border-bottom:1px solid var(--line)}
.top h1{margin:0;font-size:22px;font-weight:650}.top p{margin:2px 0 0}
main{padding:0 28px 40px}h2{font-size:18px;margin:22px 0 10px}h3{font-size:15px;margin:18px 0 8px}
h4{margin:0 0 6px;font-size:12px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted)}
.muted{color:var(--muted)}.warn{color:#b03a2e}
.cards{display:flex;gap:14px;flex-wrap:wrap}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:12px 16px;min-width:220px}
.card .k{font-size:12px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted)}
.card .v{font-size:24px;font-weight:650;margin:2px 0}.card .d{font-size:13px;color:var(--muted)}
.charts{display:flex;gap:14px;flex-wrap:wrap;margin-top:14px}
.chart{margin:0;background:var(--card);border:1px solid var(--line);border-radius:10px;padding:12px 16px}
.chart figcaption{font-weight:600;margin-bottom:6px}
.chart-svg{display:block;max-width:100%;height:auto;font-size:12px}
.chart-svg .lbl{fill:var(--fg);font-size:13px}.chart-svg .val{fill:var(--fg);font-size:12px;font-weight:600}
.chart-svg .muted,.chart-svg .tick,.chart-svg .cap{fill:var(--muted);font-weight:400}.chart-svg .tick{font-size:11px}
.chart-svg .axis{stroke:#aab2bb}.chart-svg .h{fill:#c0392b}.chart-svg .h0{fill:#9aa5b1}
.chart-svg .bar{cursor:pointer}.chart-svg .bar:hover rect,.chart-svg .bar:focus rect{opacity:.75}
.chart-svg .bar:focus{outline:none}.chart-svg .bar:focus .lbl,.chart-svg .bar:focus .tick{text-decoration:underline}
table.lines{border-collapse:collapse;background:var(--card);border:1px solid var(--line);border-radius:10px;width:100%;font-size:13.5px}
table.lines th,table.lines td{padding:5px 10px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
table.lines th{font-size:12px;color:var(--muted);font-weight:600}.num{text-align:right!important;width:4em;font-variant-numeric:tabular-nums}
.linkish{all:unset;cursor:pointer;color:var(--fg);word-break:break-word}.linkish:hover,.linkish:focus{color:var(--accent);text-decoration:underline}
.badge{display:inline-block;padding:0 7px;border-radius:9px;font-size:12px;font-weight:600;color:#fff;background:var(--c,#777)}
.empty{color:var(--muted)}
.docs-head{display:flex;gap:12px;align-items:center;flex-wrap:wrap;margin-top:26px}
.docs-head h2{margin:0 8px 0 0}
#q{flex:1 1 280px;max-width:520px;padding:7px 10px;border:1px solid var(--line);border-radius:8px;font:inherit;background:#fff}
select,button{font:inherit;font-size:13.5px}select{padding:5px;border-radius:6px;border:1px solid var(--line);background:#fff}
.sel{font-size:13px;color:var(--muted)}
button{border:1px solid var(--line);background:#fff;border-radius:6px;padding:4px 10px;cursor:pointer;color:var(--fg)}
button:hover{background:#eef2f7}button[aria-pressed=true]{background:#1d2329;color:#fff;border-color:#1d2329}
:focus-visible{outline:2px solid var(--accent);outline-offset:2px}
.docs-body{display:grid;grid-template-columns:290px minmax(0,1fr);gap:16px;margin-top:12px;align-items:start}
#list{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:8px;position:sticky;top:8px;max-height:calc(100vh - 16px);overflow:auto}
#count{font-size:12.5px;padding:2px 6px 6px}
#rows{list-style:none;margin:0;padding:0}
#rows a{display:block;padding:6px 8px;border-radius:7px;color:inherit;text-decoration:none;border:1px solid transparent}
#rows a:hover{background:#f0f3f7}#rows a[aria-current=true]{background:#e8effd;border-color:#c7d7fb}
#rows .nm{display:block;font-size:13.5px;font-weight:560;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
#rows .mt{display:flex;align-items:center;gap:6px;font-size:12px;color:var(--muted)}
#rows .sb{flex:0 0 60px;height:5px;background:#e5e8ec;border-radius:3px;overflow:hidden}#rows .sb i{display:block;height:100%;background:#c0392b}
#rows .er{color:#b03a2e;font-weight:600}
.pager{display:flex;justify-content:space-between;align-items:center;padding:8px 4px 2px;font-size:13px}
#viewer{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:14px 18px;min-height:60vh}
.vhead{display:flex;justify-content:space-between;gap:12px;align-items:flex-start}
.vtitle h3{margin:0;font-size:17px;word-break:break-all}.vtitle p{margin:2px 0 0;font-size:13px}
.vnav{display:flex;gap:6px;flex:none}
.toolbar{display:flex;justify-content:space-between;gap:10px;flex-wrap:wrap;align-items:center;padding:10px 0;border-bottom:1px solid var(--line);margin-bottom:12px;position:sticky;top:0;background:var(--card);z-index:2}
#chips{display:flex;gap:6px;flex-wrap:wrap}
.chip{display:inline-flex;align-items:center;gap:6px;border-radius:14px;padding:2px 10px 2px 6px;border:1px solid var(--c);background:#fff;font-size:13px}
.chip .dot{width:11px;height:11px;border-radius:50%;background:var(--c)}
.chip[aria-pressed=true]{background:color-mix(in srgb,var(--c) 14%,#fff);color:var(--fg)}
.chip[aria-pressed=false]{opacity:.55;border-style:dashed}.chip[aria-pressed=false] .dot{background:transparent;border:1.5px solid var(--c)}
.chip .n{color:var(--muted);font-size:12px}
.tools{display:flex;gap:6px;align-items:center}#editpos{min-width:5.5em;text-align:center;font-size:13px;font-variant-numeric:tabular-nums}
.errbox{background:#fdecea;border:1px solid #f5c6c0;color:#8a2a1f;border-radius:8px;padding:8px 12px;margin-bottom:10px}
.panes{display:grid;grid-template-columns:minmax(0,1fr) 300px;gap:18px;align-items:start}
.panes.sbs{grid-template-columns:minmax(0,1fr) minmax(0,1fr)}.panes.sbs #edits{grid-column:1/-1}
.text{white-space:pre-wrap;overflow-wrap:anywhere;font-size:15.5px;line-height:1.65;max-width:78ch;font-family:Charter,"Bitstream Charter","DejaVu Serif",Georgia,serif}
.panes.sbs .text{font-size:14.5px}
#edits{font-size:13px;position:sticky;top:64px;max-height:calc(100vh - 80px);overflow:auto}
.panes.sbs #edits{position:static;max-height:none}
#elist{list-style:none;margin:0;padding:0}
#elist button{all:unset;display:block;cursor:pointer;padding:5px 8px;border-radius:6px;border-left:4px solid var(--c);margin-bottom:4px;background:#fafbfc;width:100%;box-sizing:border-box}
#elist button:hover,#elist button.cur{background:color-mix(in srgb,var(--c) 12%,#fff)}
#elist .why{display:block}#elist .cl{font-weight:650;color:var(--c);margin-right:4px}
#elist code,#tip code{font:12px/1.4 ui-monospace,"DejaVu Sans Mono",monospace;background:#f0f2f5;border-radius:3px;padding:0 3px;word-break:break-all}
.ed{background:color-mix(in srgb,var(--c) 16%,transparent);border-bottom:2px solid var(--c);border-radius:2px;cursor:help;text-decoration-color:var(--c)}
.ed.rm{text-decoration:line-through;text-decoration-thickness:1.5px;color:#59626b;background:color-mix(in srgb,var(--c) 10%,transparent)}
.ed.rp{text-decoration:line-through}
.ed:focus,.ed.cur,.ins.cur{outline:2px solid var(--c);outline-offset:1px;background:color-mix(in srgb,var(--c) 30%,transparent)}
.ins{text-decoration:none;font-family:system-ui,sans-serif;font-size:.82em;font-weight:600;color:#fff;background:var(--c);border-radius:3px;padding:0 3px;margin:0 1px;cursor:help;white-space:pre-wrap}
.ins.sup{opacity:.45;text-decoration:line-through}
.ws{color:var(--c);opacity:.9}
.blk{border-left:3px solid var(--c,#c0392b);padding-left:2px}
.blk-t{all:unset;cursor:pointer;font:12px/1.6 system-ui,sans-serif;color:#fff;background:var(--c,#c0392b);border-radius:3px;padding:0 6px;margin-right:4px}
.blk.closed{border-left:none;padding-left:0}.blk.closed .blk-body{display:none}
mark{background:#ffe066;color:inherit;border-radius:2px}
#tip{position:fixed;z-index:10;max-width:460px;background:#1d2329;color:#f4f6f8;border-radius:8px;padding:8px 10px;font-size:13px;box-shadow:0 6px 24px rgba(0,0,0,.25);pointer-events:none}
#tip .row+.row{margin-top:6px;padding-top:6px;border-top:1px solid #3a434c}
#tip .cl{font-weight:700;color:#fff;background:var(--c);border-radius:3px;padding:0 5px;margin-right:6px}
#tip code{background:#2e363e;color:#f4f6f8}
.keys{font-size:12px;margin:16px 0 0}kbd{font:11px ui-monospace,monospace;border:1px solid var(--line);border-bottom-width:2px;border-radius:4px;padding:0 4px;background:#fff}
@media (max-width:900px){.docs-body{grid-template-columns:1fr}#list{position:static;max-height:none}.panes{grid-template-columns:1fr}#edits{position:static}}
"""

_JS = r"""
(function () {
"use strict";
var IDX = JSON.parse(document.getElementById("tc-index").textContent);
var CL = IDX.cleaners, RS = IDX.reasons, ROWS = IDX.docs, PAGE = IDX.page;
var $ = function (id) { return document.getElementById(id); };
function h(tag, attrs) {
  var el = document.createElement(tag);
  if (attrs) for (var k in attrs) {
    var v = attrs[k];
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") el.className = v; else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (var i = 2; i < arguments.length; i++) {
    var c = arguments[i];
    if (c === null || c === undefined) continue;
    el.appendChild(typeof c === "object" ? c : document.createTextNode(String(c)));
  }
  return el;
}
function fmt(n) { return Number(n).toLocaleString("en-US"); }
var ZW = /[\u200b-\u200d\u2060\ufeff\u00ad]/g;
// Whitespace-only spans would be invisible: show their characters as symbols.
function visible(s) {
  if (s.trim() !== "") return s.replace(ZW, "\u25cc");
  return s.replace(/\r/g, "").replace(/ /g, "\u00b7").replace(/\u00a0/g, "\u237d").replace(/\t/g, "\u2192").replace(/\n/g, "\u21b5").replace(ZW, "\u25cc");
}
function visibleFlat(s, max) {
  var t = s.replace(/\n/g, "\u21b5").replace(/\t/g, "\u2192").replace(/\u00a0/g, "\u237d").replace(ZW, "\u25cc");
  t = t.replace(/ {2,}|^ +| +$/g, function (m) { return m.replace(/ /g, "\u00b7"); });
  if (t.length > max) t = t.slice(0, max - 1) + "\u2026";
  return t === "" ? "\u2205" : t;
}

var state = { cur: -1, page: 0, filter: "all", sort: "input", query: "", sbs: false, fold: false,
  active: {}, view: [], order: [], pos: -1, anchors: null, doc: null };
CL.forEach(function (_, i) { state.active[i] = true; });
var cache = {}, cacheKeys = [];
function getDoc(i) {
  if (cache[i]) return cache[i];
  var d = JSON.parse($("d" + i).textContent);
  cache[i] = d; cacheKeys.push(i);
  if (cacheKeys.length > 12) delete cache[cacheKeys.shift()];
  return d;
}
var rawLower = [];
function raw(i) {
  if (rawLower[i] === undefined) rawLower[i] = $("d" + i).textContent.toLowerCase();
  return rawLower[i];
}
// The query escaped exactly as the embedded JSON is, so it can be matched against it.
function jsonEsc(s) {
  return JSON.stringify(s).slice(1, -1).replace(/</g, "\\u003c").replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026").replace(/\//g, "\\/").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

// ---- filter select
(function () {
  var f = $("filter");
  function opt(v, t) { f.appendChild(h("option", { value: v }, t)); }
  opt("all", "all documents"); opt("changed", "changed"); opt("unchanged", "unchanged");
  opt("skipped", "skipped");
  CL.forEach(function (name, i) { opt("c:" + i, "edited by " + name); });
  IDX.bins.forEach(function (b, i) { opt("bin:" + i, i === 0 ? "nothing removed" : b + "% removed"); });
})();

function matches(i) {
  var r = ROWS[i], f = state.filter;
  if (f === "changed" && !(r[3] > 0 && !r[6])) return false;
  if (f === "unchanged" && (r[3] > 0 || r[6])) return false;
  if (f === "skipped" && !r[6]) return false;
  if (f.indexOf("c:") === 0 && !r[5][f.slice(2)]) return false;
  if (f.indexOf("bin:") === 0 && r[7] !== +f.slice(4)) return false;
  if (state.query) {
    var q = state.query.toLowerCase();
    if (r[0].toLowerCase().indexOf(q) < 0 && raw(i).indexOf(jsonEsc(q)) < 0 &&
        !(r[6] && r[6].toLowerCase().indexOf(q) >= 0) &&
        !r[8].some(function (x) { return reasonHits[x]; })) return false;
  }
  return true;
}
var reasonHits = {};
function rebuild(keepPage) {
  var v = [], q = state.query.toLowerCase();
  reasonHits = {};
  if (q) RS.forEach(function (t, x) { if (t.toLowerCase().indexOf(q) >= 0) reasonHits[x] = true; });
  for (var i = 0; i < ROWS.length; i++) if (matches(i)) v.push(i);
  var s = state.sort;
  if (s === "edits") v.sort(function (a, b) { return ROWS[b][3] - ROWS[a][3] || a - b; });
  else if (s === "share") v.sort(function (a, b) { return ROWS[b][4] - ROWS[a][4] || a - b; });
  else if (s === "name") v.sort(function (a, b) { return ROWS[a][0] < ROWS[b][0] ? -1 : ROWS[a][0] > ROWS[b][0] ? 1 : a - b; });
  state.view = v;
  if (!keepPage) {
    var at = v.indexOf(state.cur);
    state.page = at >= 0 ? Math.floor(at / PAGE) : 0;
  }
  renderList();
  if (v.length && v.indexOf(state.cur) < 0) select(v[0]);
  else if (!v.length) select(-1);
  else renderDoc();
}
function renderList() {
  var v = state.view, pages = Math.max(1, Math.ceil(v.length / PAGE));
  state.page = Math.min(state.page, pages - 1);
  var from = state.page * PAGE, to = Math.min(v.length, from + PAGE);
  var ol = $("rows"); ol.textContent = "";
  for (var k = from; k < to; k++) {
    var i = v[k], r = ROWS[i];
    var meta = r[6] ? h("span", { class: "er" }, "skipped") :
      h("span", null, fmt(r[3]) + " edit" + (r[3] === 1 ? "" : "s") + " \u00b7 " + (r[4] * 100).toFixed(1) + "% removed");
    var bar = h("span", { class: "sb" }, h("i", { style: "width:" + Math.round(r[4] * 100) + "%" }));
    ol.appendChild(h("li", null, h("a", { href: "#d=" + i, "data-i": i, "aria-current": i === state.cur ? "true" : "false", title: r[0] },
      h("span", { class: "nm" }, r[0]), h("span", { class: "mt" }, r[6] ? null : bar, meta))));
  }
  $("count").textContent = fmt(v.length) + " of " + fmt(ROWS.length) + " documents";
  $("pg-label").textContent = v.length ? fmt(from + 1) + "\u2013" + fmt(to) + " of " + fmt(v.length) : "none";
  $("pg-prev").disabled = state.page === 0; $("pg-next").disabled = state.page >= pages - 1;
}
$("rows").addEventListener("click", function (ev) {
  var a = ev.target.closest("a[data-i]"); if (!a) return;
  ev.preventDefault(); select(+a.getAttribute("data-i"));
});
$("pg-prev").addEventListener("click", function () { state.page--; renderList(); });
$("pg-next").addEventListener("click", function () { state.page++; renderList(); });

function select(i) {
  state.cur = i; state.pos = -1;
  if (i >= 0) {
    var at = state.view.indexOf(i);
    if (at >= 0) state.page = Math.floor(at / PAGE);
    try { history.replaceState(null, "", "#d=" + i); } catch (e) { /* file: URLs in some browsers */ }
  }
  renderList(); renderDoc();
}
function stepDoc(delta) {
  var v = state.view, at = v.indexOf(state.cur);
  if (!v.length) return;
  var n = at < 0 ? 0 : Math.min(v.length - 1, Math.max(0, at + delta));
  if (v[n] !== state.cur) { select(v[n]); $("viewer").scrollIntoView({ block: "start" }); }
}

// ---- chips
function renderChips(d) {
  var box = $("chips"); box.textContent = "";
  var counts = {};
  if (d) d.e.forEach(function (e) { counts[e[0]] = (counts[e[0]] || 0) + 1; });
  CL.forEach(function (name, i) {
    if (!counts[i]) return;
    box.appendChild(h("button", { type: "button", class: "chip c" + i, "data-c": i, "aria-pressed": state.active[i] ? "true" : "false",
      title: "Show or hide the edits of " + name }, h("span", { class: "dot" }), name, h("span", { class: "n" }, fmt(counts[i]))));
  });
}
$("chips").addEventListener("click", function (ev) {
  var b = ev.target.closest(".chip"); if (!b) return;
  var c = +b.getAttribute("data-c"); state.active[c] = !state.active[c];
  renderDoc();
});

// ---- the document
function renderDoc() {
  hideTip();
  var i = state.cur, r = ROWS[i];
  var to = $("text-o"), tc = $("text-c"), el = $("elist");
  to.textContent = ""; tc.textContent = ""; el.textContent = "";
  if (i < 0 || !r) {
    $("vpath").textContent = "No document matches"; $("vstats").textContent = ""; $("chips").textContent = "";
    $("verror").hidden = true; $("editpos").textContent = "\u2013"; $("ecount").textContent = ""; state.order = []; return;
  }
  var d = getDoc(i); state.doc = d;
  $("vpath").textContent = r[0];
  $("vstats").textContent = fmt(r[1]) + " \u2192 " + fmt(r[2]) + " bytes \u00b7 " + fmt(r[3]) + " edit" + (r[3] === 1 ? "" : "s") +
    " \u00b7 " + (r[4] * 100).toFixed(1) + "% removed \u00b7 document " + fmt(state.view.indexOf(i) + 1) + " of " + fmt(state.view.length);
  $("verror").hidden = !r[6]; $("verror").textContent = r[6] ? "Skipped: " + r[6] : "";
  renderChips(d);
  var res = annotate(d);
  to.appendChild(res.frag);
  tc.appendChild(document.createTextNode(d.c !== undefined ? d.c : d.o));
  state.anchors = res.anchors;
  state.order = res.order;
  res.order.forEach(function (k, n) {
    var e = d.e[k], before = e[5] !== null ? e[5] : d.o.slice(e[2], e[3]);
    el.appendChild(h("li", null, h("button", { type: "button", class: "c" + e[0], "data-k": k, "data-n": n },
      h("span", { class: "why" }, h("span", { class: "cl" }, CL[e[0]]), RS[e[1]]),
      h("code", null, visibleFlat(before, 90)), " \u2192 ", h("code", null, visibleFlat(e[4], 60)))));
  });
  $("ecount").textContent = res.order.length + (res.order.length !== d.e.length ? " of " + d.e.length : "");
  $("editpos").textContent = res.order.length ? "\u2013 / " + res.order.length : "no edits";
  setSbs(state.sbs);
  if (state.query) highlight(state.query);
}
function annotate(d) {
  var o = d.o, E = d.e, frag = document.createDocumentFragment(), parent = frag;
  var blocks = d.b.filter(function (b) { return b[3].some(function (c) { return state.active[c]; }); });
  var bi = 0, open = null, anchors = {}, order = [];
  function sync(pos) {
    if (open && pos >= open[1]) { parent = frag; open = null; }
    while (!open && bi < blocks.length && pos >= blocks[bi][0]) {
      var b = blocks[bi++]; if (pos >= b[1]) continue;
      open = b;
      var c = b[3][0];
      var names = b[3].map(function (x) { return CL[x]; }).join(", ");
      var body = h("span", { class: "blk-body" });
      var btn = h("button", { type: "button", class: "blk-t", "aria-expanded": state.fold ? "false" : "true",
        title: "Fold or unfold this removed block" }, (state.fold ? "\u25b8 " : "\u25be ") + b[2] + " removed lines \u00b7 " + names);
      frag.appendChild(h("span", { class: "blk c" + c + (state.fold ? " closed" : "") }, btn, body));
      parent = body;
    }
  }
  function text(a, b) {
    while (a < b) {
      sync(a);
      var lim = b;
      if (open) lim = Math.min(b, open[1]); else if (bi < blocks.length) lim = Math.min(b, Math.max(a + 1, blocks[bi][0]));
      parent.appendChild(document.createTextNode(o.slice(a, lim)));
      a = lim;
    }
  }
  var cursor = 0;
  d.s.forEach(function (s) {
    var es = s[2].filter(function (k) { return state.active[E[k][0]]; });
    if (!es.length) return;
    text(cursor, s[0]); sync(s[0]);
    var breaks = "";
    if (s[1] > s[0]) {
      var top = E[es[es.length - 1]], rm = es.some(function (k) { return E[k][6] & 1; });
      var t = o.slice(s[0], s[1]);
      // Whitespace shows as symbols (on one line, so insertions stand beside it); the
      // original's line breaks follow, so the text keeps its layout.
      if (t.trim() === "") breaks = t.replace(/[^\n]/g, "");
      var span = h("span", { class: "ed c" + top[0] + (rm ? " rm" : " rp"), "data-e": es.join(",") }, visible(t));
      es.forEach(function (k) { if (!(k in anchors)) { anchors[k] = span; order.push(k); } });
      parent.appendChild(span);
    }
    es.forEach(function (k) {
      var e = E[k];
      if (e[3] !== s[1] || e[2] > s[0] || (s[1] === s[0] && e[2] !== e[3])) return;
      if (e[4] === "" && e[2] !== e[3]) return;
      var ins = h("ins", { class: "ins c" + e[0] + (e[6] & 2 ? " sup" : ""), "data-e": String(k) }, e[4] === "" ? "\u2205" : visible(e[4]));
      if (!(k in anchors)) { anchors[k] = ins; order.push(k); }
      parent.appendChild(ins);
    });
    if (breaks) parent.appendChild(document.createTextNode(breaks));
    cursor = Math.max(cursor, s[1]);
  });
  text(cursor, o.length);
  sync(o.length + 1);
  order.sort(function (a, b) { return E[a][2] - E[b][2] || a - b; });
  // Several edits may start on the same piece of text: it anchors them all (data-anchor).
  order.forEach(function (k) {
    var a = anchors[k], had = a.getAttribute("data-anchor");
    a.setAttribute("data-anchor", had === null ? String(k) : had + " " + k);
    if (had === null) { a.setAttribute("tabindex", "0"); a.id = "edit-" + k; }
  });
  return { frag: frag, anchors: anchors, order: order };
}

// ---- edits: focus, tooltip, navigation
var tip = $("tip"), tipFor = null;
function showTip(el, focusK) {
  var d = state.doc; if (!d || !el.getAttribute("data-e")) return;
  tip.textContent = "";
  el.getAttribute("data-e").split(",").forEach(function (ks) {
    var k = +ks, e = d.e[k], before = e[5] !== null ? e[5] : d.o.slice(e[2], e[3]);
    tip.appendChild(h("div", { class: "row c" + e[0] }, h("span", { class: "cl" }, CL[e[0]]), RS[e[1]],
      h("div", null, h("code", null, visibleFlat(before, 160)), " \u2192 ", h("code", null, visibleFlat(e[4], 120)))));
  });
  tip.hidden = false; tipFor = el;
  placeTip();
}
function placeTip() {
  if (!tipFor) return;
  var r = tipFor.getBoundingClientRect(), tw = tip.offsetWidth, th = tip.offsetHeight;
  if (r.bottom < 0 || r.top > window.innerHeight) { hideTip(); return; }
  var x = Math.max(8, Math.min(window.innerWidth - tw - 8, r.left));
  var y = r.bottom + 6; if (y + th > window.innerHeight - 8) y = Math.max(8, r.top - th - 6);
  tip.style.left = x + "px"; tip.style.top = y + "px";
}
function hideTip() { tip.hidden = true; tipFor = null; }
var panes = $("panes");
panes.addEventListener("mouseover", function (ev) { var t = ev.target.closest("[data-e]"); if (t && t !== tipFor) showTip(t); });
panes.addEventListener("mouseout", function (ev) { var t = ev.target.closest("[data-e]"); if (t && !t.contains(ev.relatedTarget) && document.activeElement !== t) hideTip(); });
panes.addEventListener("focusin", function (ev) { var t = ev.target.closest("[data-e]"); if (t) showTip(t); });
panes.addEventListener("focusout", function () { hideTip(); });
// A tooltip follows its edit when the page scrolls (scrolling to an edit must not hide it).
window.addEventListener("scroll", placeTip, { passive: true });
window.addEventListener("resize", placeTip);
$("text-o").addEventListener("click", function (ev) {
  var b = ev.target.closest(".blk-t"); if (b) { toggleBlock(b.parentNode); return; }
  var t = ev.target.closest("[data-e]"); if (!t) return;
  var ks = t.getAttribute("data-e").split(",").map(Number), n = state.order.indexOf(ks[ks.length - 1]);
  if (n >= 0) { state.pos = n; markCurrent(); }
});
function toggleBlock(blk, open) {
  var closed = open === undefined ? !blk.classList.contains("closed") : !open;
  blk.classList.toggle("closed", closed);
  var b = blk.querySelector(".blk-t");
  b.setAttribute("aria-expanded", closed ? "false" : "true");
  b.textContent = (closed ? "\u25b8" : "\u25be") + b.textContent.slice(1);
}
$("elist").addEventListener("click", function (ev) {
  var b = ev.target.closest("button[data-n]"); if (b) goEdit(+b.getAttribute("data-n"));
});
function markCurrent() {
  var old = document.querySelectorAll(".cur"); for (var j = 0; j < old.length; j++) old[j].classList.remove("cur");
  var k = state.order[state.pos]; if (k === undefined) return;
  var a = state.anchors[k]; a.classList.add("cur");
  var li = $("elist").querySelector('button[data-k="' + k + '"]');
  if (li) { li.classList.add("cur"); li.scrollIntoView({ block: "nearest" }); }
  $("editpos").textContent = (state.pos + 1) + " / " + state.order.length;
}
function goEdit(n) {
  if (!state.order.length) return;
  state.pos = (n + state.order.length) % state.order.length;
  var a = state.anchors[state.order[state.pos]];
  var blk = a.closest(".blk"); if (blk && blk.classList.contains("closed")) toggleBlock(blk, true);
  markCurrent();
  a.scrollIntoView({ block: "center" });
  a.focus({ preventScroll: true });
  showTip(a);
}
$("edit-next").addEventListener("click", function () { goEdit(state.pos + 1); });
$("edit-prev").addEventListener("click", function () { goEdit(state.pos < 0 ? -1 : state.pos - 1); });
$("doc-prev").addEventListener("click", function () { stepDoc(-1); });
$("doc-next").addEventListener("click", function () { stepDoc(1); });

// ---- views
function setSbs(on) {
  state.sbs = on;
  $("toggle-sbs").setAttribute("aria-pressed", on ? "true" : "false");
  $("pane-c").hidden = !on; panes.classList.toggle("sbs", on);
  $("pane-o-h").textContent = on ? "Original (before), edits marked" : "Original, edits marked in place";
}
$("toggle-sbs").addEventListener("click", function () { setSbs(!state.sbs); });
function setFold(on) {
  state.fold = on; $("toggle-blocks").setAttribute("aria-pressed", on ? "true" : "false");
  var bs = document.querySelectorAll("#text-o .blk"); for (var j = 0; j < bs.length; j++) toggleBlock(bs[j], !on);
}
$("toggle-blocks").addEventListener("click", function () { setFold(!state.fold); });

// ---- search
function highlight(q) {
  q = q.toLowerCase();
  ["text-o", "text-c"].forEach(function (id) {
    var root = $(id), walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT), nodes = [], n;
    while ((n = walker.nextNode())) if (!n.parentNode.closest(".blk-t")) nodes.push(n);
    var count = 0;
    nodes.forEach(function (node) {
      var t = node.data, lower = t.toLowerCase();
      if (lower.length !== t.length || count > 2000) return;
      var at = lower.indexOf(q); if (at < 0) return;
      var f = document.createDocumentFragment(), pos = 0;
      while (at >= 0) {
        f.appendChild(document.createTextNode(t.slice(pos, at)));
        f.appendChild(h("mark", null, t.slice(at, at + q.length)));
        pos = at + q.length; count++; at = lower.indexOf(q, pos);
      }
      f.appendChild(document.createTextNode(t.slice(pos)));
      node.parentNode.replaceChild(f, node);
    });
  });
}
var timer = null;
$("q").addEventListener("input", function () {
  clearTimeout(timer);
  timer = setTimeout(function () { state.query = $("q").value.trim(); rebuild(); }, ROWS.length > 2000 ? 300 : 120);
});
$("filter").addEventListener("change", function () { state.filter = $("filter").value; rebuild(); });
$("sort").addEventListener("change", function () { state.sort = $("sort").value; rebuild(); });
document.addEventListener("click", function (ev) {
  var g = ev.target.closest && ev.target.closest("[data-filter]");
  if (g) { applyFilter(g.getAttribute("data-filter")); return; }
  var q = ev.target.closest && ev.target.closest("[data-q]");
  if (q) { $("q").value = q.getAttribute("data-q"); state.query = $("q").value; rebuild(); $("documents").scrollIntoView({ block: "start" }); }
});
function applyFilter(f) { $("filter").value = f; state.filter = f; rebuild(); $("documents").scrollIntoView({ block: "start" }); }

// ---- keyboard
document.addEventListener("keydown", function (ev) {
  var t = ev.target, typing = t && (t.tagName === "INPUT" || t.tagName === "SELECT" || t.tagName === "TEXTAREA");
  if (ev.key === "Escape") { hideTip(); if (typing) t.blur(); return; }
  if (ev.target.closest && ev.target.closest("[data-filter]") && (ev.key === "Enter" || ev.key === " ")) {
    ev.preventDefault(); applyFilter(ev.target.closest("[data-filter]").getAttribute("data-filter")); return;
  }
  if (typing || ev.ctrlKey || ev.metaKey || ev.altKey) return;
  var k = ev.key;
  if (k === "j" || k === "n") goEdit(state.pos + 1);
  else if (k === "k" || k === "p") goEdit(state.pos < 0 ? -1 : state.pos - 1);
  else if (k === "]") stepDoc(1);
  else if (k === "[") stepDoc(-1);
  else if (k === "s") setSbs(!state.sbs);
  else if (k === "c") setFold(!state.fold);
  else if (k === "/") $("q").focus();
  else return;
  ev.preventDefault();
});

var m = /^#d=(\d+)$/.exec(location.hash), start = m ? +m[1] : 0;
state.cur = start < ROWS.length ? start : 0;
rebuild();
})();
"""
