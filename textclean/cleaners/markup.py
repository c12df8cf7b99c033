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

import html
import re

from bs4.builder import HTMLTreeBuilder
from ftfy.chardata import HTML_ENTITIES

from textclean.plugins.hookspecs import hookimpl
from textclean.core.fixes import apply_fixes
from textclean.core.records import Cleaner, Context, Fix, Stage

#: Elements a browser renders on a line of their own (beautifulsoup4's list, plus a few).
BLOCK_TAGS = frozenset(HTMLTreeBuilder.DEFAULT_BLOCK_ELEMENTS) | {
    "br", "tr", "tbody", "thead", "caption", "html", "body", "head", "title", "center",
    "details", "summary", "dialog", "menu", "hgroup", "legend", "option", "iframe", "frameset",
    "frame", "noframes", "object", "embed", "img", "picture", "audio", "source", "track",
    "meta", "link", "base", "col", "colgroup", "area", "map", "input", "select", "textarea",
    "button", "label", "svg", "math", "template", "wbr", "param",
}
#: Elements that separate the words on either side (table cells).
CELL_TAGS = frozenset({"td", "th"})
#: Inline elements: removing them joins nothing that was apart.
INLINE_TAGS = frozenset(
    {
        "a", "abbr", "acronym", "b", "bdi", "bdo", "big", "blink", "cite", "code", "data",
        "del", "dfn", "em", "font", "i", "ins", "kbd", "mark", "nobr", "q", "rp", "rt", "ruby",
        "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u",
        "var", "marquee",
    }
) | frozenset(HTMLTreeBuilder.DEFAULT_EMPTY_ELEMENT_TAGS) - {"br", "hr"}
KNOWN_TAGS = BLOCK_TAGS | CELL_TAGS | INLINE_TAGS | {"script", "style", "noscript"}

_NAMES = "|".join(sorted(KNOWN_TAGS, key=lambda n: (-len(n), n)))
# A tag: a known element name right after "<" or "</", ended by ASCII whitespace (as in the
# HTML syntax), "/" or ">", then attributes on the same line without angle brackets. Each
# quantifier runs over a class that excludes what ends it, so no backtracking blow-up.
_TAG = rf"</?(?i:{_NAMES})(?=[ \t\r\f/>])[^<>\n]*>"
_DOCTYPE = r"<!(?i:doctype)\s[^<>]*>"
# An entity, possibly escaped again one or more times (&amp;amp;lt;).
_ENTITY = r"&(?:amp;)*#?[0-9A-Za-z]{1,24};"
# Comments and script/style blocks are found by their opening only; their end is looked up
# with one forward search (never a lazy ".*?" that rescans the rest of the text for each
# opening without an end).
MARKUP_RE = re.compile(
    rf"(?P<comment><!--)|(?P<doctype>{_DOCTYPE})|(?P<tag>{_TAG})|(?P<entity>{_ENTITY})"
)
TAG_RE = re.compile(_TAG)
# The start of anything MARKUP_RE can match ("\w" because the case-insensitive names also
# match letters such as the long s): text without it needs no search with the big pattern.
_MAYBE = re.compile(r"<[!/\w]|&[#0-9A-Za-z]")
_PIECES = (TAG_RE, re.compile(_DOCTYPE), re.compile("<!--"), re.compile("-->"))


def markup_pieces(text: str) -> list[tuple[int, int]]:
    """Spans of what this cleaner acts on in a second pass (tags, doctypes, comment
    delimiters), found one kind at a time so overlapping pieces are all seen: a decoded
    character must not complete one.

    >>> markup_pieces("<!--<!-->")
    [(0, 4), (4, 8), (6, 9)]
    """
    return sorted((m.start(), m.end()) for rx in _PIECES for m in rx.finditer(text))
ENTITY_RE = re.compile(_ENTITY)
_BLOCK_END = {n: re.compile(rf"</(?i:{n})\s*>") for n in ("script", "style")}
_TAG_NAME = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)")


def decode_entity(entity: str) -> str:
    """The text an entity (possibly escaped more than once) stands for, as ftfy reads it;
    the entity itself if it is not one.

    >>> decode_entity("&amp;"), decode_entity("&#8217;"), decode_entity("&#146;")
    ('&', '’', '’')
    >>> decode_entity("&amp;amp;lt;"), decode_entity("&EACUTE;"), decode_entity("&bogus;")
    ('<', 'É', '&bogus;')
    """
    core = entity
    while core.startswith("&amp;") and len(core) > 5:
        core = "&" + core[5:]
    if core in HTML_ENTITIES:
        return HTML_ENTITIES[core]
    if core.startswith("&#"):
        out = html.unescape(core)
        # html.unescape stops early on malformed numbers; then it is not an entity.
        return entity if ";" in out else out
    return entity if core == entity else core


def entity_fixes(text: str, lo: int = 0, hi: int | None = None) -> list[tuple[int, int, str]]:
    """``(start, end, replacement)`` for the entities in ``text[lo:hi]``, except those whose
    decoding would make a tag appear (so escaped HTML shown as text stays escaped).

    >>> entity_fixes("Q&amp;A &lt;3 &nbsp; AT&T")
    [(1, 6, '&'), (8, 12, '<'), (14, 20, '\\xa0')]
    >>> entity_fixes("write &lt;p&gt; for a paragraph")
    []
    """
    found = []
    for m in ENTITY_RE.finditer(text, lo, len(text) if hi is None else hi):
        rep = decode_entity(m.group())
        if rep != m.group():
            found.append((m.start(), m.end(), rep))
    if any(r in ("<", ">") for _, _, r in found):
        found = _without_new_tags(text, found)
    return found


def _without_new_tags(text: str, found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Drop the decodings that would take part in a tag in the decoded text."""
    while True:
        parts, where, pos, out_pos = [], [], 0, 0
        for s, e, r in found:
            parts.append(text[pos:s])
            out_pos += s - pos
            where.append((out_pos, out_pos + len(r)))
            parts.append(r)
            out_pos += len(r)
            pos = e
        parts.append(text[pos:])
        decoded = "".join(parts)
        bad = set()
        for ms, me in markup_pieces(decoded):
            bad.update(i for i, (a, b) in enumerate(where) if a < me and ms < b)
        if not bad:
            return found
        found = [f for i, f in enumerate(found) if i not in bad]


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
    """
    fixes = _one_pass(text, ctx)
    if not fixes:
        return fixes
    out = apply_fixes(text, fixes)
    again = _one_pass(out, ctx)
    if not again:
        return fixes
    from textclean.cleaners.mojibake import diff_regions  # a lazy import: mojibake imports this module

    for _ in range(2):
        out = apply_fixes(out, again)
        again = _one_pass(out, ctx)
        if not again:
            break
    return [Fix(i1, i2, out[j1:j2], "html markup") for i1, i2, j1, j2 in diff_regions(text, out)]


def _one_pass(text: str, ctx: Context) -> list[Fix]:
    """One pass of :func:`fix_markup` over ``text``."""
    if ("<" not in text and "&" not in text) or not _MAYBE.search(text):
        return []
    opts = ctx.options
    tags = bool(opts.get("remove_tags", True))
    entities = bool(opts.get("decode_entities", True))
    breaks = bool(opts.get("tag_line_breaks", True))
    decoded = {s: (e, r) for s, e, r in entity_fixes(text)} if entities and "&" in text else {}
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
        m = MARKUP_RE.search(text, pos)
        if m is None:
            break
        pos = m.end()
        kind = m.lastgroup
        if kind == "entity":
            if m.start() in decoded:
                flush()
                e, r = decoded[m.start()]
                fixes.append(Fix(m.start(), e, r, "html entity"))
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
    return _no_created_tags(text, fixes)


def _no_created_tags(text: str, fixes: list[Fix]) -> list[Fix]:
    """Drop entity decodings that take part in a tag of the cleaned text (the text after
    tags were removed too), so that cleaning the result again removes nothing more."""
    if not any(f.replacement in ("<", ">") for f in fixes):
        return fixes
    while True:
        parts, made, pos, out_pos = [], [], 0, 0
        for i, f in enumerate(fixes):
            parts.append(text[pos:f.start])
            out_pos += f.start - pos
            if f.reason == "html entity":
                made.append((out_pos, out_pos + len(f.replacement), i))
            parts.append(f.replacement)
            out_pos += len(f.replacement)
            pos = f.end
        parts.append(text[pos:])
        out = "".join(parts)
        drop = {i for ms, me in markup_pieces(out) for a, b, i in made if a < me and ms < b}
        if not drop:
            return fixes
        fixes = [f for i, f in enumerate(fixes) if i not in drop]


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
            idempotent=True,  # tests/test_properties.py checks it
        )
    ]
