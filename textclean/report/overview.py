"""The report's overview, drawn in Python as plain HTML and inline SVG, so it reads without
JavaScript: document and byte counts, edits per cleaner, the histogram of removed shares and
the most frequent removed lines. Every piece of outside text goes through
:func:`~textclean.report.escape.escape_html`.

The bars and rows carry ``data-filter`` and ``data-q`` attributes; the page's script turns a
click on them into a filter or a search of the document list.
"""

from __future__ import annotations

from textclean.report.collect import BIN_LABELS, Collector
from textclean.report.escape import escape_html as _esc

__all__ = ["TOP_LINES", "fmt_int", "overview"]

#: How many of the most frequent removed lines the overview lists.
TOP_LINES = 20


def fmt_int(n: int) -> str:
    """``n`` with thousands separators.

    >>> fmt_int(10000)
    '10,000'
    """
    return f"{n:,}"


def _fmt_bytes(n: int) -> str:
    for unit, size in (("GB", 10**9), ("MB", 10**6), ("kB", 10**3)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n} B"


def _cleaner_chart(c: Collector, colours: list[str]) -> str:
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
        docs_word = f"{fmt_int(nd)} doc{'s' if nd != 1 else ''}"
        detail = f"{fmt_int(n)} edit{'s' if n != 1 else ''} in {docs_word}"
        parts.append(
            f'<g class="bar" data-filter="c:{ci}" tabindex="0" role="button" '
            f'aria-label="{_esc(name)}: {detail}; show these documents">'
            f'<title>{_esc(name)}: {detail}; {fmt_int(c.removed_chars[name])} characters removed'
            f'</title>'
            f'<text x="{label_w - 8}" y="{y + 19}" text-anchor="end" class="lbl">'
            f'{_esc(name if len(name) <= 15 else name[:14] + "…")}</text>'
            f'<rect x="{label_w}" y="{y + 5}" width="{w}" height="19" rx="3" fill="{colours[ci]}"/>'
            f'<text x="{label_w + w + 6}" y="{y + 19}" class="val">{fmt_int(n)}'
            f'<tspan class="muted"> · {docs_word}</tspan></text></g>')
    parts.append("</svg>")
    return "".join(parts)


def _histogram(c: Collector) -> str:
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
        label = BIN_LABELS[k]
        what = "no text removed" if k == 0 else f"{label}% of the text removed"
        parts.append(
            f'<g class="bar" data-filter="bin:{k}" tabindex="0" role="button" '
            f'aria-label="{fmt_int(count)} document{"" if count == 1 else "s"} with {what}; show them">'
            f'<title>{fmt_int(count)} document{"" if count == 1 else "s"}: {what}</title>'
            f'<rect x="{x}" y="{base - h}" width="{bw}" height="{h}" rx="2" '
            f'class="{"h0" if k == 0 else "h"}"/>'
            f'<text x="{x + bw / 2}" y="{base - h - 5}" text-anchor="middle" class="val">'
            f'{fmt_int(count) if count else ""}</text>'
            f'<text x="{x + bw / 2}" y="{base + 15}" text-anchor="middle" class="tick">{label}</text>'
            f'</g>')
    parts.append(f'<text x="{width / 2}" y="{base + 34}" text-anchor="middle" class="cap">'
                 f'% of each document’s characters removed</text></svg>')
    return "".join(parts)


def _top_lines(c: Collector, colours: list[str]) -> str:
    top = sorted(c.line_count, key=lambda k: (-c.line_docs[k], -c.line_count[k], k))[:TOP_LINES]
    if not top:
        return '<p class="empty">No lines were removed.</p>'
    rows = []
    for key in top:
        cleaner, reason = c.line_reason[key]
        ci = c.cleaners[cleaner]
        shown = key if len(key) <= 140 else key[:139] + "…"
        rows.append(
            f'<tr><td class="num">{fmt_int(c.line_docs[key])}</td>'
            f'<td class="num">{fmt_int(c.line_count[key])}</td>'
            f'<td><button type="button" class="linkish" data-q="{_esc(key[:200])}" '
            f'title="Find the documents containing this line">{_esc(shown)}</button></td>'
            f'<td><span class="badge" style="--c:{colours[ci]}">{_esc(cleaner)}</span> '
            f'<span class="muted">{_esc(reason)}</span></td></tr>')
    return ('<table class="lines"><thead><tr><th class="num">docs</th><th class="num">times</th>'
            '<th>removed line</th><th>by</th></tr></thead><tbody>' + "".join(rows)
            + "</tbody></table>")


def overview(c: Collector, colours: list[str]) -> str:
    """The overview's HTML for the collected corpus; ``colours[i]`` is cleaner ``i``'s colour."""
    docs = len(c.rows)
    edits = sum(c.edit_counts.values())
    saved = c.bytes_in - c.bytes_out
    if c.bytes_in and saved:
        pct = f"{'−' if saved > 0 else '+'}{100 * abs(saved) / c.bytes_in:.1f}%"
    else:
        pct = "±0%"
    cards = [
        ("Documents", fmt_int(docs),
         f"{fmt_int(c.changed)} changed · {fmt_int(docs - c.changed - c.skipped)} unchanged"
         + (f" · <b class='warn'>{fmt_int(c.skipped)} skipped</b>" if c.skipped else "")),
        ("Bytes", f"{_fmt_bytes(c.bytes_in)} → {_fmt_bytes(c.bytes_out)}",
         f"{pct} ({fmt_int(c.bytes_in)} → {fmt_int(c.bytes_out)} bytes)"),
        ("Edits", fmt_int(edits), f"by {len(c.cleaners)} cleaner{'s' if len(c.cleaners) != 1 else ''}"),
    ]
    if c.languages:
        top = c.languages.most_common()
        shown = " · ".join(f"{_esc(k)} {fmt_int(v)}" for k, v in top[:6])
        more = f" · {len(top) - 6} more" if len(top) > 6 else ""
        cards.append(("Languages", fmt_int(len(top)), f"documents: {shown}{more}"))
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

