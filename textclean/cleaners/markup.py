"""The ``markup`` cleaner: HTML tags and character entities left behind in plain text.

Scraped text often keeps pieces of the page it came from: ``<br>`` and ``<p>`` inside a
paragraph, ``</div>`` at the end of a line, a stray ``<a href="...">``, a ``<!-- comment -->``,
and entities such as ``&amp;``, ``&#8217;`` or ``&nbsp;``. This cleaner (stage ``markup``,
200, so before ``mojibake``) removes the first and decodes the second:

* **tags** are removed only when they are clearly HTML: ``<`` or ``</`` immediately followed by
  the name of a real HTML element (the element lists come from beautifulsoup4's tree builder,
  plus the common inline elements), then optional attributes and ``>``. A tag that breaks a
  line in the browser (``<br>``, ``<p>``, ``</div>``, ``<li>``, ``<h2>``...) becomes a line
  break when it stands inside a line, so that ``one<br>two`` reads ``one`` / ``two``; table
  cells (``<td>``, ``<th>``) become a space between words; inline tags (``<a>``, ``<b>``,
  ``<span>``...) simply disappear. ``<script>``/``<style>`` blocks are removed with their code,
  and so are HTML comments and ``<!DOCTYPE ...>``.
* **entities** are decoded with ftfy's table (every HTML5 named entity that ends in ``;``, the
  upper-cased forms ftfy accepts such as ``&EACUTE;``, and numeric references, with
  ``&#146;``-style Windows-1252 numbers read as browsers do). Escaping repeated by mistake
  (``&amp;amp;``, ``&amp;lt;``) is undone in one step, so the result is stable. ``&nbsp;``
  becomes U+00A0, which the ``mojibake`` cleaner then turns into a plain space.

In a **Markdown or reStructuredText** document (``ctx.format``: from the file name or the
content, see ``docs/languages.md``) it does nothing: raw HTML is part of those formats
(``<details>``, ``<img>`` badges, ``<!-- comments -->``, ``&nbsp;``), written on purpose,
not left behind by a scraper.

What it does **not** do: it never parses the text as an HTML document. ``a < b``, ``<3``,
``x<y>z``, ``<foo>``, ``AT&T``, ``Q&A`` and ``&nbsp`` without its semicolon are not markup and are
left alone, as is an entity whose decoding would *create* a tag (``&lt;p&gt;`` is text about
HTML: it stays escaped). It does not extract the main text from a full HTML page (that is an
extractor's job: trafilatura, jusText) and does not touch mojibake.

Options (defaults in ``OPTIONS``):

* ``remove_tags`` (``True``): remove tags, comments and script/style blocks.
* ``decode_entities`` (``True``): decode character entities.
* ``tag_line_breaks`` (``True``): a block-level tag inside a line becomes a line break (with
  ``False`` it becomes a space).

Edits are recorded with the reasons ``"html tag <p>"`` (the tag's name; ``"html tags <p> <br>"``
for adjacent tags removed together), ``"html comment"``, ``"html script block"`` /
``"html style block"``, ``"html doctype"`` and ``"html entity"`` (and ``"html markup"`` in
the rare case where removing one tag completes another and the passes are merged).
"""

from __future__ import annotations

import re

from textclean.core.kinds import DOC_FORMATS
from textclean.core.fixes import apply_fixes, fixes_from_string
from textclean.core.records import Cleaner, Context, Fix, PROSE, Stage
from textclean.core.tags import (
    BLOCK_TAGS,
    CELL_TAGS,
    DOCTYPE,
    ENTITY,
    TAG,
    entity_fixes,
    without_new_markup,
)
from textclean.plugins.hookspecs import hookimpl

# What a tag, a doctype and an entity are is shared with the mojibake cleaner
# (textclean.core.tags); how each is removed or decoded is this cleaner's.
# Comments and script/style blocks are found by their opening only; their end is looked up
# with one forward search (never a lazy ".*?" that rescans the rest of the text for each
# opening without an end).
MARKUP_RE = re.compile(
    rf"(?P<comment><!--)|(?P<doctype>{DOCTYPE})|(?P<tag>{TAG})|(?P<entity>{ENTITY})"
)
# The start of anything MARKUP_RE can match ("\w" because the case-insensitive names also
# match letters such as the long s): text without it needs no search with the big pattern
# (public so that tests/test_fast_paths.py can check that it never misses a match).
MARKUP_START_RE = re.compile(r"<[!/\w]|&[#0-9A-Za-z]")
_BLOCK_END = {n: re.compile(rf"</(?i:{n})\s*>") for n in ("script", "style")}


def next_markup(text: str, pos: int = 0) -> re.Match[str] | None:
    """``MARKUP_RE.search(text, pos)``, found faster: the big pattern is only tried where
    :data:`MARKUP_START_RE` (a scan for two characters, some 50 times faster over text
    without markup) finds a start, since every match of it begins with one (a start is two
    characters the second of which cannot begin another, so none is passed over;
    ``tests/test_fast_paths.py`` checks the two agree from every position).

    >>> next_markup("AT&T, a < b <b>bold</b>").group()
    '<b>'
    """
    while True:
        start = MARKUP_START_RE.search(text, pos)
        if start is None:
            return None
        m = MARKUP_RE.match(text, start.start())
        if m is not None:
            return m
        pos = start.start() + 1
_TAG_NAME = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)")


def _line_edges(text: str, start: int, end: int) -> tuple[bool, bool]:
    """Whether only spaces stand between the span and the start / end of its line."""
    i = start
    while i > 0 and text[i - 1] in " \t":
        i -= 1
    j = end
    while j < len(text) and text[j] in " \t":
        j += 1
    return i == 0 or text[i - 1] == "\n", j == len(text) or text[j] in "\r\n"


def fix_markup(text: str, ctx: Context) -> list[Fix]:
    """Propose the removals and decodings described in the module docstring.

    Removing one tag can, rarely, complete another piece of markup (``<!--<b>>`` becomes
    ``<!-->``); then the pass is repeated on the result (at most three times) and the whole
    change is reported region by region, so that cleaning the result again removes nothing.

    >>> t = "<p>Fish &amp; chips<br>for two</p>\\nIf a < b and c > d, AT&T says <3"
    >>> apply_fixes(t, fix_markup(t, Context(options=OPTIONS)))
    'Fish & chips\\nfor two\\nIf a < b and c > d, AT&T says <3'
    >>> apply_fixes("x<!--<!--<b>>y", fix_markup("x<!--<!--<b>>y", Context(options=OPTIONS)))
    'xy'
    >>> fix_markup(t, Context(options=OPTIONS, format="markdown"))
    []
    """
    if ctx.format in DOC_FORMATS:  # HTML there is the author's markup
        return []
    fixes = _one_pass(text, ctx)
    if not fixes:
        return fixes
    out = apply_fixes(text, fixes)
    again = _one_pass(out, ctx)
    if not again:
        return fixes
    for _ in range(2):
        out = apply_fixes(out, again)
        again = _one_pass(out, ctx)
        if not again:
            break
    return fixes_from_string(text, out, "html markup", precise=True)


def _one_pass(text: str, ctx: Context) -> list[Fix]:
    """One pass of :func:`fix_markup` over ``text``."""
    if ("<" not in text and "&" not in text) or not MARKUP_START_RE.search(text):
        return []
    opts = ctx.options
    tags = bool(opts.get("remove_tags", True))
    entities = bool(opts.get("decode_entities", True))
    breaks = bool(opts.get("tag_line_breaks", True))
    decoded = {f.start: f for f in entity_fixes(text)} if entities and "&" in text else {}
    fixes: list[Fix] = []
    run: list[tuple[int, int, str, str]] = []  # a run of adjacent tags: (start, end, kind, name)

    def flush() -> None:
        if not run:
            return
        start, end = run[0][0], run[-1][1]
        kinds = {k for _, _, k, _ in run}
        at_start, at_end = _line_edges(text, start, end)
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        names = list(dict.fromkeys(n for _, _, _, n in run))
        joined = names[0] if len(names) == 1 else "html tags " + " ".join(
            n.rsplit(" ", 1)[-1] for n in names)
        if at_start or at_end:
            # At a line edge the tags go with the spaces between them and the line's edge,
            # so no indentation or trailing blank is left behind.
            if at_start:
                while end < len(text) and text[end] in " \t":
                    end += 1
            if at_end:
                while start > 0 and text[start - 1] in " \t":
                    start -= 1
            fixes.append(Fix(start, end, "", joined))
        elif "block" in kinds:
            while start > 0 and text[start - 1] in " \t":
                start -= 1
            while end < len(text) and text[end] in " \t":
                end += 1
            fixes.append(Fix(start, end, "\n" if breaks else " ", joined))
        elif "cell" in kinds and not before.isspace() and not after.isspace():
            fixes.append(Fix(start, end, " ", joined))
        else:
            # Inline tags inside a line: each its own deletion, so the provenance names it.
            fixes.extend(Fix(s, e, "", n) for s, e, _, n in run)
        run.clear()

    no_end: set[str] = set()  # openings known to have no end further on
    pos = 0
    while True:
        m = next_markup(text, pos)
        if m is None:
            break
        pos = m.end()
        kind = m.lastgroup
        if kind == "entity":
            if m.start() in decoded:
                flush()
                fixes.append(decoded[m.start()])
            continue
        if not tags:
            continue
        end, what, k = m.end(), "", "block"
        if kind == "comment":
            close = -1 if "comment" in no_end else text.find("-->", m.end())
            if close < 0:
                no_end.add("comment")
                continue  # "<!--" without an end is not a comment we can remove
            end, what, k = close + 3, "html comment", "inline"
        elif kind == "doctype":
            what = "html doctype"
        else:
            name = _TAG_NAME.match(m.group()).group(1).lower()
            what = f"html tag <{name}>"
            k = "block" if name in BLOCK_TAGS else "cell" if name in CELL_TAGS else "inline"
            if name in _BLOCK_END and not m.group().startswith("</") and name not in no_end:
                close_m = _BLOCK_END[name].search(text, m.end())
                if close_m is None:
                    no_end.add(name)
                else:
                    end, what, k = close_m.end(), f"html {name} block", "block"
            elif name == "noscript":
                k = "block"
        if run and text[run[-1][1]:m.start()].strip(" \t"):
            flush()  # text between: a new run starts
        run.append((m.start(), end, k, what))
        pos = end
    flush()
    # An entity decoded next to a removed tag can make a new one; only a decoded angle
    # bracket can, and only the decodings are given up (the removals stand).
    if any(f.replacement in ("<", ">") for f in fixes):
        fixes = without_new_markup(text, fixes, lambda f: f.reason == "html entity")
    return fixes


OPTIONS = {"remove_tags": True, "decode_entities": True, "tag_line_breaks": True}


@hookimpl
def textclean_register_cleaners():
    return [
        Cleaner(
            "markup",
            fix_markup,
            Stage.MARKUP,
            "HTML tags, comments and entities left in plain text",
            options=OPTIONS,
            kinds=PROSE,  # code, tables and section markup pass through (core/regions.py)
            idempotent=True,  # tests/test_properties.py checks it
            uses_language=False,  # language-independent: no need to identify for it
        )
    ]
