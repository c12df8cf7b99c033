"""HTML markup as the cleaners meet it in plain text: which ``<...>`` is a tag, which ``&...;``
is an entity and what it stands for, and the guard that keeps a fix from creating markup.

The ``markup`` cleaner removes tags and decodes entities; the ``mojibake`` cleaner decodes
entities too (as ftfy does) and removes invisible characters, which can complete a tag. Both
must agree on what markup is, or cleaning the output again would find something new: so it is
defined once, here, and neither cleaner imports the other.

* A **tag** is ``<`` or ``</`` right before the name of a real HTML element (``KNOWN_TAGS``:
  beautifulsoup4's tree builder's lists plus the common inline elements), ended by ASCII
  whitespace, ``/`` or ``>``, then attributes on the same line without angle brackets, then
  ``>``. Each quantifier runs over a class that excludes what ends it: no backtracking blow-up.
* An **entity** is ftfy's: an HTML5 named entity ending in ``;``, the upper-cased forms ftfy
  accepts, or a numeric reference, possibly escaped again (``&amp;amp;lt;``).
* :func:`without_new_markup` is the guard: it drops the fixes that would take part in a piece
  of markup of the fixed text (a decoded ``&lt;`` completing ``<p>``).
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left, bisect_right
from typing import Callable

from ftfy.chardata import HTML_ENTITIES

from textclean.core.records import Fix

# beautifulsoup4's tree builder's lists (HTMLTreeBuilder.DEFAULT_BLOCK_ELEMENTS and
# DEFAULT_EMPTY_ELEMENT_TAGS), written out: importing bs4 to read them was a third of the
# first clean of a plain text (tests/test_markup.py checks they still hold bs4's).
BS4_BLOCK = frozenset({
    "address", "article", "aside", "blockquote", "canvas", "dd", "div", "dl", "dt", "fieldset",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "li", "main", "nav", "noscript", "ol", "output", "p", "pre", "section", "table", "tfoot", "ul",
    "video",
})
BS4_EMPTY = frozenset({
    "area", "base", "basefont", "bgsound", "br", "col", "command", "embed", "frame", "hr", "image",
    "img", "input", "isindex", "keygen", "link", "menuitem", "meta", "nextid", "param", "source",
    "spacer", "track", "wbr",
})

#: Elements a browser renders on a line of their own (beautifulsoup4's list, plus a few).
BLOCK_TAGS = BS4_BLOCK | {
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
) | BS4_EMPTY - {"br", "hr"}
KNOWN_TAGS = BLOCK_TAGS | CELL_TAGS | INLINE_TAGS | {"script", "style", "noscript"}

_NAMES = "|".join(sorted(KNOWN_TAGS, key=lambda n: (-len(n), n)))
#: A tag (see the module docstring), as a pattern to combine with others.
TAG = rf"</?(?i:{_NAMES})(?=[ \t\r\f/>])[^<>\n]*>"
#: ``<!DOCTYPE ...>``.
DOCTYPE = r"<!(?i:doctype)\s[^<>]*>"
#: An entity, possibly escaped again one or more times (``&amp;amp;lt;``).
ENTITY = r"&(?:amp;)*#?[0-9A-Za-z]{1,24};"
TAG_RE = re.compile(TAG)
ENTITY_RE = re.compile(ENTITY)
_PIECES = (TAG_RE, re.compile(DOCTYPE), re.compile("<!--"), re.compile("-->"))


def markup_pieces(text: str) -> list[tuple[int, int]]:
    """Spans of what the ``markup`` cleaner acts on in a second pass (tags, doctypes, comment
    delimiters), found one kind at a time so overlapping pieces are all seen: a decoded
    character must not complete one.

    >>> markup_pieces("<!--<!-->")
    [(0, 4), (4, 8), (6, 9)]
    """
    return sorted((m.start(), m.end()) for rx in _PIECES for m in rx.finditer(text))


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


def entity_fixes(text: str) -> list[Fix]:
    """The decodings of the entities in ``text`` (reason ``"html entity"``), except those
    that would make a tag appear (so escaped HTML shown as text stays escaped).

    >>> [(f.start, f.end, f.replacement) for f in entity_fixes("Q&amp;A &lt;3 &nbsp; AT&T")]
    [(1, 6, '&'), (8, 12, '<'), (14, 20, '\\xa0')]
    >>> entity_fixes("write &lt;p&gt; for a paragraph")
    []
    """
    found = []
    for m in ENTITY_RE.finditer(text):
        rep = decode_entity(m.group())
        if rep != m.group():
            found.append(Fix(m.start(), m.end(), rep, "html entity"))
    # Only a decoded angle bracket can make a new tag appear.
    if any(f.replacement in ("<", ">") for f in found):
        found = without_new_markup(text, found)
    return found


def without_new_markup(text: str, fixes: list[Fix],
                       droppable: Callable[[Fix], bool] | None = None) -> list[Fix]:
    """``fixes`` (sorted, not overlapping) without those that would take part in a piece of
    markup (:func:`markup_pieces`) of the fixed text: a replacement overlapping a piece, or a
    deletion inside one. Only the ``droppable`` fixes are considered (all by default); the
    check is repeated on the text without the dropped ones, until none is left to drop.

    >>> fixes = [Fix(0, 4, "<", "html entity"), Fix(5, 9, ">", "html entity"),
    ...          Fix(10, 14, "<", "html entity")]
    >>> [f.start for f in without_new_markup("&lt;p&gt; &lt;3", fixes)]
    [10]
    """
    while fixes:
        parts, made, pos, out_pos = [], [], 0, 0
        for i, f in enumerate(fixes):
            parts.append(text[pos:f.start])
            out_pos += f.start - pos
            if droppable is None or droppable(f):
                made.append((out_pos, out_pos + len(f.replacement), i))
            parts.append(f.replacement)
            out_pos += len(f.replacement)
            pos = f.end
        parts.append(text[pos:])
        # A fix whose span ``(a, b)`` in the fixed text meets a piece ``(ms, me)``:
        # ``a < me and ms < b``. The spans are sorted and do not overlap, so for each piece
        # these are the ones from the first that ends after ``ms`` to the last that starts
        # before ``me`` (found by bisection: a long line holds many fixes and many pieces).
        starts = [a for a, _, _ in made]
        ends = [b for _, b, _ in made]
        drop: set[int] = set()
        for ms, me in markup_pieces("".join(parts)):
            drop.update(made[k][2] for k in range(bisect_right(ends, ms), bisect_left(starts, me)))
        if not drop:
            break
        fixes = [f for i, f in enumerate(fixes) if i not in drop]
    return fixes
