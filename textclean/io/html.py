"""HTML input: recognise a page, and reduce it to text blocks using the markup as evidence of
boilerplate.

:func:`html_to_text` parses a page with beautifulsoup4's built-in ``html.parser`` (no network
access, no external entities, no DTDs), drops what the markup says is not content, and writes
one text block per line with a blank line between blocks, ready for the text-level
``boilerplate`` cleaner:

* elements that are never content: ``script``, ``style``, ``noscript``, ``template``,
  ``iframe``, ``svg``, ``form``, ``button``, ``select``, ``nav``, ``aside``, ``footer``,
  ``figcaption``, and ``header`` elements that hold no ``h1``;
* elements whose ``class`` or ``id`` contains a word that names furniture: comment, share,
  social, related, footer, nav, menu, sidebar, caption, aside, ad/ads/advert, cookie, banner,
  promo, newsletter, subscribe, breadcrumb, tags, widget, popup... (words, not substrings:
  ``class="header-ad"`` is an ad, ``class="heading"`` is not). An element holding more than
  half of the page's text is never dropped this way (a ``<div class="nav-wrapper">`` around
  the whole page is not a menu).

It does not decide what among the remaining blocks is the article: that is the text-level
cleaner's job (``textclean.clean(html_to_text(page), only=["boilerplate"])``).
"""

from __future__ import annotations

from pathlib import Path

import html.parser as _stdlib_parser
import re

NEVER_CONTENT = frozenset("""script style noscript template iframe svg form button select nav
aside footer figcaption object embed canvas map label input textarea""".split())
BLOCK = frozenset("""p div h1 h2 h3 h4 h5 h6 li ul ol dl dt dd table tr td th blockquote pre
article section main header footer figure address center body html br hr""".split())
FURNITURE_WORDS = frozenset("""comment comments commentlist respond reply share sharing social
sociable related relatedposts footer nav navbar navigation menu menus sidebar caption
aside ad ads advert advertisement adverts advertising sponsor sponsored cookie cookies consent
banner promo promotion newsletter subscribe subscription breadcrumb breadcrumbs tags tagcloud
widget widgets popup modal signup login outbrain taboola disqus toolbar masthead
pagination pager rss""".split())
_SPLIT = re.compile(r"[^a-z0-9]+|(?<=[a-z])(?=[A-Z])")
_SPACE = re.compile(r"\s+")


def _words(value) -> set[str]:
    if isinstance(value, (list, tuple)):
        value = " ".join(value)
    if not value:
        return set()
    value = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", str(value))
    return {w for w in _SPLIT.split(value.lower()) if w}


def furniture_word(tag) -> str:
    """The furniture word in the tag's class/id, or ''."""
    for attr in ("class", "id"):
        hit = _words(tag.get(attr)) & FURNITURE_WORDS
        if hit:
            return sorted(hit)[0]
    return ""


class _Open:
    """A tag being walked: its children still to visit, and what its subtree holds so far."""

    __slots__ = ("tag", "children", "block", "length", "count", "other", "h1", "mark")

    def __init__(self, tag, block, mark):
        self.tag = tag
        self.children = iter(tag.contents)
        self.block = block  # the nearest block element at or above the tag
        self.length = 0  # len(tag.get_text(" ", strip=True)) is length + count - 1 (if count)
        self.count = 0
        self.other: dict | None = None  # the same per type, for strings get_text skips but
        # an rt or rp element counts (theirs)
        self.h1 = False  # an h1 below it (outside never-content elements)
        self.mark: list | None = mark  # its entry in the walk, if it may be dropped


_TEXT, _BREAK, _MARK = 0, 1, 2
_COMMENT_OPEN = re.compile("<!--")
_COMMENT_CLOSE = re.compile(r"--\s*>")
_RAW_END = re.compile(r"</(script|style|textarea|title)", re.I)
_MARKUP_START = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ/!?")
_SECTION = re.compile(r"<!\[([a-zA-Z][-_.a-zA-Z0-9]*)?")
#: What closes a marked section, by its keyword (``_markupbase.parse_marked_section``).
_SECTION_CLOSE = {**dict.fromkeys(("temp", "cdata", "ignore", "include", "rcdata"), re.compile(r"]\s*]\s*>")),
                  **dict.fromkeys(("if", "else", "endif"), re.compile(r"]\s*>"))}


def _last_end(pattern: re.Pattern, text: str) -> int:
    end = 0
    for m in pattern.finditer(text):
        end = m.end()
    return end


def _raw(markup: str) -> str:
    """``markup`` written so that the parser reads it as this very text."""
    return "&lt;" + markup[1:].replace("&", "&amp;").replace("<", "&lt;")


def defuse_markup(html: str) -> str:
    """``html`` with the markup that can never be finished written as text, so that the parser
    reads it in linear time and to the same text.

    The standard library's ``html.parser`` (before the fix for CVE-2025-6069) scans from every
    ``<`` it cannot finish to the end of the page, then takes the markup for text and moves on
    a little: ``<a b/c `` repeated for 112 KB took 5 minutes. Markup can only be finished by
    a ``>`` after it (a comment by ``-->``, a marked section such as ``<![CDATA[`` by ``]]>``),
    so these are written as the text that parser makes of them: after the page's last ``>``,
    each ``<`` that opens markup with what follows it up to the next ``<``; a comment or marked
    section opened after the last close it could have, up to the next ``>`` (only its ``<``
    if that would take in the end of a script or style: the opener is then script text, no
    markup). Newer parsers drop such markup instead. A page whose markup can all be finished
    is returned unchanged, but for the ``<`` of a marked section with a keyword that parser
    does not know (``<![x]>``), for which it rejected the whole page (ParserRejectedMarkup).
    """
    gt = html.rfind(">")
    head, tail = html[: gt + 1], html[gt + 1:]
    if "<" in tail:
        parts = tail.split("<")
        last = len(parts) - 1
        tail = parts[0] + "".join(
            _raw("<" + part) if i < last and part[:1] in _MARKUP_START else "&lt;" + part
            for i, part in enumerate(parts[1:], 1))
    if "<!" in head:
        starts = []
        if "<!--" in head:
            end = _last_end(getattr(_stdlib_parser, "commentclose", _COMMENT_CLOSE), head)
            starts = [(m.start(), True) for m in _COMMENT_OPEN.finditer(head, end)]
        if "<![" in head:
            ends = {close: _last_end(close, head) for close in set(_SECTION_CLOSE.values())}
            for m in _SECTION.finditer(head):
                close = _SECTION_CLOSE.get((m[1] or "").lower())
                if close is None:  # a keyword that parser rejects the whole page for: text
                    starts.append((m.start(), False))
                elif m.start() >= ends[close]:
                    starts.append((m.start(), True))
        pieces, done, gt, script = [], 0, -1, None
        for at, whole in sorted(starts):
            if at < done:
                continue  # inside markup already written as text
            if not whole:
                pieces += (head[done:at], "&lt;")
                done = at + 1
                continue
            # The next ">" and the first "</script" before it, found again only when passed
            # (many openers before one ">" must not each search up to it)
            if gt <= at:
                gt = head.index(">", at + 1)
                script = _RAW_END.search(head, at, gt + 1)
            elif script is not None and script.start() < at:
                script = _RAW_END.search(head, at, gt + 1)
            stop = at + 1 if script is not None else gt + 1  # an opener in a script: just "<"
            pieces += (head[done:at], _raw(head[at:stop]))
            done = stop
        head = "".join(pieces) + head[done:]
    return head + tail


def html_to_text(html: str) -> str:
    """Text blocks of an HTML page, one per line, blank lines between, furniture dropped.

    >>> page = '''<html><body><nav>Home | News</nav><article><h1>Talks resume</h1>
    ... <p>The two sides met on Monday.</p><div class="share-buttons">Share on Twitter</div>
    ... <p>They will meet  again.</p></article><div id="comments"><p>First!</p></div>
    ... <footer>(c) 2024</footer></body></html>'''
    >>> print(html_to_text(page), end="")
    Talks resume
    <BLANKLINE>
    The two sides met on Monday.
    <BLANKLINE>
    They will meet again.

    Linear in the page on every shape (deep nesting, unclosed tags, many siblings): the tree
    is walked once, without recursion and without modifying it, and every decision that
    needs a subtree (is there an ``h1`` in this header, how much text is in this element)
    is gathered on the way up; a second pass over the flat walk writes the blocks.
    """
    import warnings

    from bs4 import BeautifulSoup, NavigableString

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # XHTML pages trigger an "XML parsed as HTML" warning
        soup = BeautifulSoup(defuse_markup(html), "html.parser")
    body = soup.find("body") or soup
    main = soup.MAIN_CONTENT_STRING_TYPES  # what get_text counts: NavigableString and CData

    # The walk: strings to write (with their block), <br>/<hr>, and a mark where each
    # element that may be dropped begins: [end of its subtree in the walk, dropped for good
    # (a header without h1), its text length, or None when its class/id names no furniture].
    walk: list = []
    block = body
    while block is not None and block.name not in BLOCK:
        block = block.parent
    root = _Open(body, block, None)
    stack = [root]
    while stack:
        top = stack[-1]
        for node in top.children:
            if isinstance(node, NavigableString):
                kind = type(node)
                if kind in main:
                    size = len(node.strip())
                    if size:
                        top.length += size
                        top.count += 1
                    if kind is NavigableString:  # not CData, Comment, Doctype...
                        walk.append((_TEXT, node, top.block))
                else:  # strings only some elements count (rt, rp), or none (comments)
                    size = len(node.strip())
                    if size:
                        _add(top, kind, size, 1)
                continue
            name = node.name
            if name in NEVER_CONTENT:
                continue
            furniture = name not in ("body", "html", "article", "main") and bool(furniture_word(node))
            mark = None
            if furniture or name == "header":
                mark = [0, False, 0 if furniture else None]
                walk.append((_MARK, mark))
            if name in ("br", "hr"):
                walk.append((_BREAK,))
            stack.append(_Open(node, node if name in BLOCK else top.block, mark))
            break
        else:
            stack.pop()
            if top.mark is not None:
                top.mark[0] = len(walk)
                if top.tag.name == "header" and not top.h1:
                    top.mark[1] = True
                    continue  # gone before any text is measured
                if top.mark[2] is not None:
                    top.mark[2] = _text_length(top)
            if stack:
                parent = stack[-1]
                parent.length += top.length
                parent.count += top.count
                if top.other:
                    for kind, (size, count) in top.other.items():
                        _add(parent, kind, size, count)
                if top.h1 or top.tag.name == "h1":
                    parent.h1 = True

    limit = 0.5 * (_text_length(root) or 1)
    blocks: list[str] = []
    current: list[str] = []
    current_block = None

    def flush() -> None:
        text = _SPACE.sub(" ", "".join(current)).strip()
        if text:
            blocks.append(text)
        current.clear()

    i, n = 0, len(walk)
    while i < n:
        item = walk[i]
        i += 1
        if item[0] == _TEXT:
            if item[2] is not current_block:
                flush()
                current_block = item[2]
            current.append(item[1])
        elif item[0] == _BREAK:
            flush()
            current_block = None
        else:
            end, gone, length = item[1]
            if gone or (length is not None and length <= limit):
                i = end
    flush()
    return "\n\n".join(blocks) + ("\n" if blocks else "")


def _add(frame: _Open, kind: type, size: int, count: int) -> None:
    if frame.other is None:
        frame.other = {}
    have = frame.other.get(kind, (0, 0))
    frame.other[kind] = (have[0] + size, have[1] + count)


def _text_length(frame: _Open) -> int:
    """``len(frame.tag.get_text(" ", strip=True))``, from what was gathered below it."""
    types = frame.tag.interesting_string_types
    if types is None or types == frame.tag.MAIN_CONTENT_STRING_TYPES:
        size, count = frame.length, frame.count
    else:
        size = count = 0
        for kind in types or ():
            s, c = (frame.other or {}).get(kind, (0, 0))
            size += s
            count += c
    return size + count - 1 if count else 0


def page_text(path: Path, text: str) -> tuple[str, bool]:
    """The text to clean from a decoded input, and whether it was an HTML page.

    An HTML page is reduced to its text blocks first: the markup is evidence (nav, footer,
    comment and share blocks go), the text cleaners then see blocks of text, and the edits
    refer to that text.
    """
    if not looks_like_html(path, text):
        return text, False
    return html_to_text(text), True


_HTML_START = ("<!doctype html", "<html", "<?xml")


def looks_like_html(path: Path, text: str) -> bool:
    """Whether an input is an HTML page: by its name, or by how it starts.

    >>> looks_like_html(Path("a.txt"), "  <!DOCTYPE html><html><body>...")
    True
    >>> looks_like_html(Path("a.txt"), "Use <br> for a break.")
    False
    """
    name = path.name.lower()
    for compressed in (".gz", ".zst"):
        if name.endswith(compressed):
            name = name[: -len(compressed)]
    if name.endswith((".html", ".htm")):
        return True
    head = text[:1000].lstrip().lower()
    return head.startswith(_HTML_START) and "<body" in text[:200_000].lower()
