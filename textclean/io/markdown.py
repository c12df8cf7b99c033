"""Markdown output for HTML pages: the cleaned text of a page, written with what its markup
said each block was (headings, list items, block quotes, data tables, code; links if asked).

The text cleaners see plain text blocks (:func:`textclean.io.html.html_document`), so that
their evidence is the same whatever the output: Markdown is written *after* cleaning, by
following each line of the cleaned text back to the block of the page it came from through
the edits the pipeline made (:class:`textclean.core.spans.SpanMap`). A line the cleaners
rewrote keeps its block's role; a link whose text a cleaner changed is written as text.

What it writes, and what it does not:

* ``#`` to ``######`` before headings; ``-`` or ``1.`` before list items, each under the
  text of the items around it, the items of one list on consecutive lines; ``>`` before the text of block
  quotes; a data table's rows as a pipe table, a ``| --- |`` line after its first row (as
  wide as its widest row, the first row padded: a pipe table drops the cells beyond); code
  blocks fenced, as the page's text already has them;
* with ``links``, ``[text](target)`` for links whose text is one piece of a block, the target
  as the page wrote it (or made absolute against the page's address, where given);
* a paragraph line that Markdown would read as a heading, list item or quote (``1. The
  first`` in a paragraph) is escaped (``1\\. The first``), as are a ``<`` that would open a
  tag, a ``*`` and a ``_`` that could mark emphasis, and a ``!`` before a link; emphasis,
  images and inline code are not written.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Any, Iterable

from textclean.core.fixes import edit_batches
from textclean.core.records import Edit
from textclean.core.spans import SpanMap
from textclean.io.html import PARAGRAPH, HtmlText, Role

#: The start of a line that Markdown would read as block markup.
_BLOCK_START = re.compile(r"^(?:(#{1,6})(?=\s|$)|([-+*])(?=\s|$)|(\d{1,9})([.)])(?=\s|$)|(>))")


def source_map(length: int, edits: Iterable[Edit]) -> SpanMap:
    """Where each character of a cleaned text comes from in the pipeline's input, rebuilt
    from the edits that made it (each cleaner's fixes in turn, as :func:`textclean.replay`
    applies them).

    >>> from textclean import clean_and_explain
    >>> src = "Prime  Minister\\n\\nsaid so.\\n"
    >>> out, edits = clean_and_explain(src, only=["whitespace"])
    >>> m = source_map(len(src), edits)
    >>> out.index("said"), m.span(out.index("said"), out.index("said") + 4)
    (16, (17, 21))
    """
    spans = SpanMap(length)
    for batch in edit_batches(edits):
        spans.apply(batch)
    return spans


def _escaped(line: str) -> str:
    """A paragraph's line with a start that Markdown would read as markup escaped.

    >>> _escaped("1. The first"), _escaped("# of votes"), _escaped("Fine.")
    ('1\\\\. The first', '\\\\# of votes', 'Fine.')
    """
    m = _BLOCK_START.match(line)
    if m is None:
        return line
    if m.group(3):
        return m.group(3) + "\\" + line[len(m.group(3)):]
    return "\\" + line


#: What Markdown would read as markup inside a line: a ``<`` opening raw HTML or an autolink
#: (``<jefferai>``, ``</p>``), a ``*`` (emphasis), a ``_`` not inside a word (``snake_case``
#: cannot open emphasis, ``_this_`` can): escaped.
_INLINE_MARKUP = re.compile(r"<(?=[A-Za-z/!?])|\*|(?<!\w)_|_(?!\w)")


def _inline(text: str) -> str:
    """Text as Markdown shows it as it is: what would read as a tag or emphasis escaped.

    >>> print(_inline("<nick> said **WRONG**, a < b, snake_case and _this_"))
    \\<nick> said \\*\\*WRONG\\*\\*, a < b, snake_case and \\_this\\_
    """
    return _INLINE_MARKUP.sub(lambda m: "\\" + m.group(0), text)


def _link_text(text: str) -> str:
    return _inline(text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]"))


def _target(href: str) -> str:
    """A link target as Markdown writes it: in angle brackets where it holds a space or a
    parenthesis that would end it."""
    if any(c in href for c in " ()<>"):
        return "<" + href.replace("<", "%3C").replace(">", "%3E") + ">"
    return href


def _with_links(line: str, start: int, spans: SpanMap, links: list[tuple[int, int, str]],
                source: str) -> str:
    """``line`` (at ``start`` in the cleaned text) as Markdown's inline text, the links whose
    text came through unchanged written as links. ``links``: ``(start, end, href)`` in the
    source."""
    runs = [r for r in spans.pieces(start, start + len(line)) if r[4]]
    inserts: list[tuple[int, int, str]] = []
    for a, b, href in links:
        for cs, ce, oa, ob, _ in runs:
            if oa <= a and b <= ob:
                lo, hi = cs + a - oa - start, cs + b - oa - start
                if line[lo:hi] == source[a:b]:
                    inserts.append((lo, hi, href))
                break
    pieces = []
    pos = 0
    for lo, hi, href in sorted(inserts):
        if lo < pos:
            continue
        before = _inline(line[pos:lo])
        if before.endswith("!"):  # (``![...](...)`` is an image: "impl !Send for" is text)
            before = before[:-1] + "\\!"
        pieces.append(before)
        pieces.append(f"[{_link_text(line[lo:hi])}]({_target(href)})")
        pos = hi
    pieces.append(_inline(line[pos:]))
    return "".join(pieces)


def _prefix(role: Role, first: bool, nest: list[tuple[int, int]]) -> str:
    """The Markdown before a line of a block: ``first`` for the first line of its list item.
    ``nest``: the list items written around it, ``(depth, width of the marker)``, innermost
    last; a list item is indented under the items written around it (not under one with
    no text of its own, which Markdown would read as code)."""
    quote = "> " * role.quote
    if role.kind == "h":
        nest.clear()
        return quote + "#" * min(max(role.level, 1), 6) + " "
    if role.item < 0:
        nest.clear()
        return quote
    if first:
        while nest and nest[-1][0] >= role.level:
            nest.pop()
        indent = " " * sum(width for _, width in nest)
        marker = role.marker or "-"
        nest.append((role.level, len(marker) + 1))
        return quote + indent + marker + " "
    while nest and nest[-1][0] > role.level:
        nest.pop()
    return quote + " " * sum(width for _, width in nest)


def _columns(page: HtmlText) -> dict[int, int]:
    """The most cells of a row of each data table of a page (a pipe table drops the cells of
    a row beyond its first row's: that one is written as wide as the widest)."""
    most: dict[int, int] = {}
    for block, role in zip(page.blocks, page.roles):
        if role.kind == "row":
            most[role.table] = max(most.get(role.table, 1), block.count(" | ") + 1)
    return most


def markdown(page: HtmlText, source: str, cleaned: str, edits: Iterable[Edit], *, links: bool = False) -> str:
    """The cleaned text of an HTML page as Markdown: ``page`` as
    :func:`textclean.io.html.html_document` gave it with ``markdown=True`` (``links=True`` for
    links), ``source`` its text (``page.text``), ``cleaned`` and ``edits`` what the pipeline's
    ``explain`` made of it.

    >>> from textclean.core.pipeline import Pipeline
    >>> from textclean.io.html import html_document
    >>> page = html_document('<h2>Talks  resume</h2><p>Both sides <a href="/m">met</a>.</p>'
    ...                      '<ul><li>One</li><li>Two</li></ul>', markdown=True, links=True)
    >>> out = Pipeline({"only": ["whitespace"]}).explain(page.text)
    >>> print(markdown(page, page.text, out.text, out.edits, links=True), end="")
    ## Talks resume
    <BLANKLINE>
    Both sides [met](/m).
    <BLANKLINE>
    - One
    - Two
    """
    starts = []
    pos = 0
    for block in page.blocks:
        starts.append(pos)
        pos += len(block) + 2
    spans = source_map(len(source), edits)
    by_block: dict[int, list[tuple[int, int, str]]] = {}
    if links:
        for block, a, b, href in page.links:
            if block < len(starts):
                by_block.setdefault(block, []).append((starts[block] + a, starts[block] + b, href))
    roles = page.roles
    columns = _columns(page)
    nest: list[tuple[int, int]] = []
    out: list[str] = []
    blanks = 0  # blank lines since the last line written
    last: Role | None = None  # the role of the last line written
    last_block = -1
    marked: set[int] = set()  # the list items whose marker is written
    offset = 0
    for line in cleaned.splitlines(keepends=True):
        start = offset
        offset += len(line)
        body = line.rstrip("\r\n")
        if not body.strip():
            blanks += 1
            continue
        origin = spans.span(start, start + len(body))[0]
        block = max(bisect_right(starts, origin) - 1, 0)
        role = roles[block] if block < len(roles) else PARAGRAPH
        first = listed = False
        if role.kind == "pre":
            text = body  # (fenced already, and verbatim; at the margin, so no list goes on)
            nest.clear()
        else:
            body = _with_links(body, start, spans, by_block[block], source) if block in by_block else _inline(body)
            if role.kind in ("p", "li"):
                body = _escaped(body)
            first = role.item >= 0 and role.item not in marked
            marked.add(role.item)
            listed = bool(nest)  # (a list is written around this line)
            text = _prefix(role, first, nest) + body
        if last is not None and last.kind == "pre" and role.kind == "pre" and block == last_block:
            out.extend([""] * blanks)  # (a code block's blank lines, as they are)
        elif (blanks or block != last_block) and out and not (last is not None and last.quote == role.quote and (
                (role.kind == "row" and last.kind == "row" and role.table == last.table)
                or (first and listed and last.item >= 0))):  # (the items of a list: consecutive lines)
            # (blocks apart, as in the text: a line of another block would continue a paragraph)
            out.append("")
        header = role.kind == "row" and (last is None or last.kind != "row" or last.table != role.table)
        if header:
            cells = max(columns.get(role.table, 1), body.count(" | ") + 1)
            text += "  |" * (cells - body.count(" | ") - 1)
        out.append(text)
        if header:
            out.append("> " * role.quote + "|" + " --- |" * cells)
        blanks = 0
        last, last_block = role, block
    return "\n".join(out) + ("\n" if out else "")


#: The output formats of an HTML page: its text, or its text written as Markdown.
OUTPUT_FORMATS = ("text", "markdown")


def check_output_format(output_format: str) -> bool:
    """Whether ``output_format`` asks for Markdown; a ValueError naming the choices for one
    that is neither.

    >>> check_output_format("markdown"), check_output_format("text")
    (True, False)
    """
    if output_format not in OUTPUT_FORMATS:
        raise ValueError(f"output format {output_format!r} is not one of: {', '.join(OUTPUT_FORMATS)}")
    return output_format == "markdown"


def clean_markdown(pipeline: Any, page: HtmlText, *, links: bool = False, explain: bool = True) -> tuple[str, Any]:
    """Clean an HTML page's text (``page`` from :func:`textclean.io.html.html_document` with
    ``markdown=True``) with ``pipeline``, and write it as Markdown: the Markdown, and what the
    pipeline's ``explain`` returned (its text, edits in the page's plain text, profile; with
    ``explain=False``, without the edits, as ``Pipeline.run`` gives them)."""
    done = pipeline.explain(page.text, format="html", hints=page.hints)
    written = markdown(page, page.text, done.text, done.edits, links=links)
    if not explain:
        done = type(done)(done.text, [], done.profile, done.dropped, done.metadata)
    return written, done


def clean_document(pipeline: Any, text: str, page: HtmlText | None, *, output: str = "text",
                   explain: bool = False, format: str | None = None) -> tuple[str, Any]:
    """Clean one document's ``text`` (an HTML ``page``'s, from :func:`textclean.io.html.page_document`,
    or None) as a run writes it: what is written (the page as Markdown where ``output`` is
    ``"markdown"`` or ``"markdown+links"``, else the cleaned text) and what the pipeline
    returned (``explain``: with its edits; else ``run``'s, the profile without them).
    """
    if page is not None and output != "text":
        return clean_markdown(pipeline, page, links=output == "markdown+links", explain=explain)
    hints = page.hints if page is not None else None
    # (run without explain: it returns the document's profile, language and format, for the
    # report and the summary, at what clean costs)
    done = pipeline.explain(text, format=format, hints=hints) if explain else \
        pipeline.run(text, format=format, hints=hints)
    return done[0], done
