"""HTML input: recognise a page, and reduce it to text blocks using the markup as evidence of
boilerplate.

:func:`html_to_text` parses a page with lexbor, the HTML5 parser that selectolax wraps (the
tree a browser builds, in C and in linear time on any input; no network access, no external
entities, no scripts), drops what the markup says is not content, and writes one text block
per line with a blank line between blocks, ready for the text-level ``boilerplate`` cleaner:

* elements that are never content: ``script``, ``style``, ``noscript``, ``template``,
  ``iframe``, ``svg``, ``button``, ``select``, ``nav``, ``aside``, ``footer``,
  ``figcaption``, ``title`` (a page's title is metadata, also where a page puts it in its
  body), MathML's ``annotation`` (a formula's TeX source, never displayed), ``header``
  elements that hold no ``h1``, and ``form`` elements but one that holds
  more than half of the page's text (ASP.NET wraps every page in one ``<form>``: dropping it
  lost whole articles);
* elements whose ``class`` or ``id`` contains a word that names furniture: comment, share,
  social, related, footer, nav, menu, sidebar, caption, aside, ad/ads/advert, cookie, banner,
  promo, newsletter, subscribe, breadcrumb, tags, widget, popup... (words, not substrings:
  ``class="header-ad"`` is an ad, ``class="heading"`` is not). An element holding more than
  half of the page's text is never dropped this way (a ``<div class="nav-wrapper">`` around
  the whole page is not a menu).

A ``<pre>`` element is written verbatim as a fenced code block; a data table a row a line,
``| cell | cell |`` (:func:`data_rows`); the short
blocks outside the page's main content (:func:`main_content`) are evidence for the pipeline
(:func:`html_document`).

It does not decide what among the remaining blocks is the article: that is the text-level
cleaner's job (``textclean.clean(html_to_text(page), only=["boilerplate"])``).

Why lexbor and not beautifulsoup4's ``html.parser``, which this module used before: the same
extraction quality on the HTML pages with human gold (``score.py extract``: 0.874 both) at
about ten times the speed (docs/cleaners/boilerplate.md has the measurements, lxml's too), and
the browser's tree on broken pages instead of a parser that scans to the end of the page from
every ``<`` it cannot finish (quadratic before CVE-2025-6069's fix; this module used to
rewrite such markup first).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

from textclean import _native
from textclean.io.compression import split_compression

NEVER_CONTENT = frozenset("""script style noscript template iframe svg button select nav
aside footer figcaption object embed canvas map label input textarea title annotation
annotation-xml""".split())
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
_URL_SPACE = re.compile(r"[\t\n\r]")


def _tokens(value: str) -> list[str]:
    """The words of a ``class`` or ``id`` value, in order: split at anything not a letter or
    digit and where camelCase turns ("shareButtons" -> share, buttons)."""
    return [w for w in _SPLIT.split(re.sub(r"(?<=[a-z])(?=[A-Z])", " ", value).lower()) if w]


def _words(value) -> set[str]:
    if isinstance(value, (list, tuple)):
        value = " ".join(value)
    return set(_tokens(str(value))) if value else set()


def anchored(node, attributes: dict) -> bool:
    """Whether an element's ``id`` is its own heading made into an anchor (``<div
    id="sharing-with-a-single-developer"><h2>Sharing with a single developer</h2>``): a
    section of the text, whatever furniture word its title holds.

    >>> tree = parse('<div id="sharing-with-others"><h2>Sharing with others</h2><p>x</p></div>')
    >>> anchored(tree.css_first("div"), {"id": "sharing-with-others"})
    True
    """
    words = _tokens(str(attributes.get("id") or ""))
    if len(words) < 3:
        return False
    heading = node.css_first("h1, h2, h3, h4, h5, h6")
    return heading is not None and _tokens(heading.text())[:len(words)] == words


def _furniture(attributes: dict, words: frozenset = FURNITURE_WORDS) -> tuple[str, str]:
    """The first of ``class`` and ``id`` that names furniture (one of ``words``), and the word
    that does (the first in alphabetical order); ``("", "")`` where neither does."""
    for attr in ("class", "id"):
        hit = _words(attributes.get(attr)) & words
        if hit:
            return attr, sorted(hit)[0]
    return "", ""


def furniture_word(attributes: dict, words: frozenset = FURNITURE_WORDS) -> str:
    """The furniture word (one of ``words``) in an element's ``class`` or ``id`` attribute, or ''.

    >>> furniture_word({"class": "post share-buttons"}), furniture_word({"id": "heading"})
    ('share', '')
    """
    return _furniture(attributes, words)[1]


class _Open:
    """An element being walked: its children still to visit, and what its subtree holds so far."""

    __slots__ = ("name", "children", "block", "length", "count", "h1", "mark", "inside", "row", "cell", "link",
                 "code", "shape")

    def __init__(self, node, name: str, block: int, mark: list | None, inside: bool = True):
        self.row = 0  # a row of a data table, written as one line (:func:`data_rows`): 1, 2 once a cell began
        self.cell = False  # inside a cell of such a row: its paragraphs and breaks are spaces
        self.link = False  # inside an <a>
        self.code = False  # inside code or a heading (an API reference's signatures and clauses)
        self.name = name
        self.inside = inside  # inside the page's main content (or there is none)
        self.children = node.iter(include_text=True)
        self.block = block  # the number of the nearest block element at or above it
        # the length of its text as get_text(" ", strip=True) measures it: length + count - 1
        self.length = 0
        self.count = 0
        self.h1 = False  # an h1 below it (outside never-content elements)
        self.mark = mark  # its entry in the walk, if it may be dropped
        self.shape: _Shape | None = None  # where it stands in lists, quotes and tables (for Markdown)

    def text_length(self) -> int:
        return self.length + self.count - 1 if self.count else 0


_TEXT, _BREAK, _MARK, _SHOWN, _PRE, _LINK, _LINKEND = 0, 1, 2, 3, 4, 5, 6


class Role(NamedTuple):
    """What a text block is on its page, as Markdown writes it (:mod:`textclean.io.markdown`):
    ``kind`` ``"p"`` (a paragraph, or any block of text), ``"h"`` (a heading of ``level`` 1-6),
    ``"li"`` (the first block of a list item, ``level`` its depth, ``marker`` ``"-"`` or
    ``"3."``), ``"row"`` (a row of the data table numbered ``table``) or ``"pre"`` (a fenced
    code block); ``quote``, how many block quotes hold it; ``item``, the number of the list item
    a paragraph belongs to (-1: none), its ``level`` then that item's depth."""

    kind: str
    level: int = 0
    quote: int = 0
    item: int = -1
    marker: str = ""
    table: int = -1


PARAGRAPH = Role("p")


class _Shape:
    """Where an element stands in the page's lists, block quotes and tables (gathered for
    Markdown only): inherited from its parent, changed by the element itself."""

    __slots__ = ("quote", "depth", "item", "marker", "table", "list")

    def __init__(self, up: "_Shape | None" = None):
        self.quote = up.quote if up else 0
        self.depth = up.depth if up else 0
        self.item = up.item if up else -1
        self.marker = up.marker if up else ""
        self.table = up.table if up else -1
        self.list: list | None = up.list if up else None  # the nearest list: [ordered, items so far]


def _ordinal_start(attributes: dict) -> int:
    """The number an ``<ol>`` counts from, less one (``start="3"``: 2)."""
    try:
        return int(str(attributes.get("start") or "1").strip()) - 1
    except ValueError:
        return 0


def _verbatim(pre) -> list[str]:
    """The strings of a ``<pre>`` element as they are, but what is never content inside it
    (a script, a style, a comment).

    >>> _verbatim(parse("<pre>a  b<script>x</script>\\n  c</pre>").css_first("pre"))
    ['a  b', '\\n  c']
    """
    parts = []
    for node in pre.traverse(include_text=True):
        if node.tag != "-text":
            continue
        parent = node.parent
        while parent is not None and parent.tag != "pre" and parent.tag not in NEVER_CONTENT:
            parent = parent.parent
        if parent is not None and parent.tag == "pre":
            parts.append(node.text_content)
    return parts


def _fenced(code: str) -> str:
    """A ``<pre>`` element's text as a fenced block: its lines as they are (trailing spaces
    and blank lines at its ends aside), between fences longer than any run of backticks in it.

    >>> print(_fenced("\\ndef f(x):\\n    return x\\n"))
    ```
    def f(x):
        return x
    ```
    """
    lines = [line.rstrip() for line in code.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    ticks = max((len(run) for run in re.findall(r"`+", code)), default=0)
    fence = "`" * max(3, ticks + 1)
    return "\n".join([fence, *lines, fence])


#: Nesting deeper than this is flattened before parsing (browsers stop nesting at 512 too).
MAX_DEPTH = 512
#: Attributes of one tag past this many are dropped before parsing, but ``class`` and ``id``
#: (real pages write a few dozen at most).
MAX_ATTRIBUTES = 256


def parse(html: str):
    """The lexbor tree of ``html``, after the native core's one pass over its tags
    (``native/src/html.rs``) has made three shapes of broken page safe for an HTML5 parser:

    * nesting deeper than :data:`MAX_DEPTH`: an HTML5 tree builder looks through the stack of
      open elements at each block start tag, so thousands of unclosed ``<div>`` or ``<li>``
      cost time quadratic in the depth, in C, where the time budget cannot stop it. The start
      tags that would nest deeper are dropped (a block's replaced by ``<br>``), keeping all
      the text;
    * a ``title`` or ``textarea`` never closed, which would take the rest of the page as its
      text (a broken page whose whole article would be lost): it is closed at the next tag;
    * a tag with more than :data:`MAX_ATTRIBUTES` attributes: lexbor checks each against the
      ones before it (HTML keeps the first of a duplicated name), time quadratic in their
      number. The surplus is dropped, but ``class`` and ``id``, the only ones read here.

    (selectolax hands the parser UTF-8, dropping a lone surrogate.)

    >>> parse("<p>a\\ud800b").body.text()
    'ab'
    >>> len(parse("<div>x" * 2000).body.css("div"))
    512
    >>> many = " ".join(f"a{i}=x" for i in range(1000))
    >>> p = parse(f"<p {many} class=lead>t</p>").css_first("p")
    >>> len(p.attributes), p.attributes["class"], p.text()
    (257, 'lead', 't')
    """
    from selectolax.lexbor import LexborHTMLParser

    safe = _native.html_guarded(html, MAX_DEPTH, MAX_ATTRIBUTES)
    return LexborHTMLParser(html if safe is None else safe)


class Dropped(NamedTuple):
    """A part of a page that :func:`html_document` dropped: the element (``"nav"``,
    ``'div class="share-buttons"'``), why, and its text (spaces folded)."""

    element: str
    reason: str
    text: str


#: Elements never content whose text a reader would have seen, and so which an explanation
#: lists when dropped (scripts, styles, templates and the like are not listed).
SHOWN = frozenset("nav aside footer form figcaption button select label textarea title".split())


#: What makes an element the page's main content (:func:`main_content`): it holds this share
#: of the page's paragraph text, of at least :data:`MAIN_MIN` characters.
MAIN_SHARE, MAIN_MIN = 0.75, 400
#: A block outside the main content shorter than this (characters) is evidence of furniture
#: (see :func:`html_document`), but a heading (:data:`HEADINGS`) or a sentence.
OUTSIDE_SHORT = 80
#: A block outside the main content with this share of its text in links is evidence too
#: (a heading, only with :data:`LINK_ONLY` of it in links: a menu's headline links).
OUTSIDE_LINKS = 0.5
#: A block with this share of its text in links is link text only (a teaser's headline or
#: snippet, a menu item).
LINK_ONLY = 0.9
#: A run of this many link-only blocks or more inside the main content, :data:`TEASER_LONG` of
#: them paragraphs (not list items, cells or headings) of :data:`TEASER_CHARS` characters or
#: more, is a teaser list: evidence like the short blocks outside it (see :func:`_teaser_runs`).
TEASER_RUN, TEASER_LONG, TEASER_CHARS = 3, 2, 50
#: Blocks that are items of a list or a table (a run of them, even of links, is a list:
#: a table of contents, "See also", a changelog's bug links).
LISTED_TAGS = frozenset("li dt dd td th tr".split())
HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
#: Elements whose text is code (or a heading: a reference page's signatures are headings).
CODE_LIKE = frozenset("code kbd samp tt var h1 h2 h3 h4 h5 h6".split())
#: A sentence: three words or more ending with a full stop, or a sentence end of a script
#: written without spaces (a short sentence outside the main content is kept all the same).
_SENTENCE = re.compile(r"\w+\W+\w+\W+\w+.*[.!?]['\"\u2019\u201d)]*$|[\u3002\uff01\uff1f]$")


def _link_text(node) -> int:
    """How many characters of an element's text are in its links."""
    return sum(len(a.text(strip=True)) for a in node.css("a"))


def main_content(tree) -> int | None:
    """The page's main content, where the markup shows one: the innermost element holding
    :data:`MAIN_SHARE` of the text of the page's paragraphs (``<p>`` and ``<pre>`` of 20
    characters or more, not mostly link text), if they come to :data:`MAIN_MIN` characters;
    None when that is the body itself or there is too little paragraph text to say. (Its
    ``mem_id``: lexbor makes a new Python object at every access.)

    The text of paragraphs is the evidence that does not depend on a site or a language:
    menus, link lists and widgets are short or made of links; an article is paragraphs, and
    the smallest element around most of them is where it lives.

    >>> tree = parse('<div id=menu><a>Home</a></div><div id=story><p>' + 'A sentence of the story. ' * 30
    ...              + '</p><p>' + 'Another one of them here. ' * 10 + '</p></div><p>Short foot.</p>')
    >>> main_content(tree) == tree.css_first("#story").mem_id
    True
    """
    body = tree.body
    if body is None:
        return None
    held: dict[int, int] = {}
    depth: dict[int, int] = {}
    total = 0
    for p in tree.css("p, pre"):
        size = len(p.text(strip=True))
        if size < 20:
            continue
        if _link_text(p) > 0.5 * size:
            continue
        total += size
        chain = []
        node = p.parent
        while node is not None and node.tag not in ("html", "-document"):
            chain.append(node.mem_id)
            node = node.parent
        for k, mem in enumerate(chain):
            held[mem] = held.get(mem, 0) + size
            depth[mem] = len(chain) - k
    if total < MAIN_MIN:
        return None
    best = None
    for mem, size in held.items():
        if size >= MAIN_SHARE * total and (best is None or depth[mem] > depth[best]):
            best = mem
    return None if best is None or best == body.mem_id else best


#: What a data table's cell does not hold (a layout table's cells hold the page's sections,
#: lists and tables); a paragraph or two it may, as CMSes write cells, and at most
#: :data:`CELL_MAX` characters.
_CELL_BLOCKS = "table, ul, ol, dl, h1, h2, h3, h4, h5, h6, pre, blockquote, section, article, form, nav"
CELL_MAX = 300


def data_rows(tree) -> set[int]:
    """The rows of the page's data tables: ``tr`` elements of two cells or more, none of which
    holds a section of a page (a list, a heading, another table) or more than
    :data:`CELL_MAX` characters, less than half of whose text is link text. Each is written as one
    line, ``| cell | cell |``, as a table is in text, rather than a cell a line, so that a
    column heading ("Comment") is not read as a widget and a row is read as one.
    (``mem_id`` of each: lexbor makes a new Python object at every access.)

    >>> tree = parse("<table><tr><th>Name</th><th>Comment</th></tr><tr><td><p>A</p></td><td>B</td></tr>"
    ...              "<tr><td><ul><li>x</li></ul></td><td>y</td></tr></table>")
    >>> [tr.mem_id in data_rows(tree) for tr in tree.css("tr")]
    [True, True, False]
    """
    rows = set()
    for tr in tree.css("tr"):
        cells = [c for c in tr.iter() if c.tag in ("td", "th")]
        if len(cells) < 2 or any(c.css_first(_CELL_BLOCKS) is not None or len(c.css("p, div")) > 2
                                 or len(c.text(strip=True)) > CELL_MAX for c in cells):
            continue
        # (a row of links is a menu laid out in a table: its cells stay lines of their own)
        size = len(tr.text(strip=True))
        if size and _link_text(tr) < 0.5 * size:
            rows.add(tr.mem_id)
    return rows


def _described(name: str, attributes: dict, words: frozenset = FURNITURE_WORDS) -> str:
    """An element as an explanation names it: its tag and the attribute that names furniture."""
    attr = _furniture(attributes, words)[0]
    return f'{name} {attr}="{attributes[attr]}"' if attr else name


#: Where a page says what it is: (metadata key, CSS selector, attribute), first found wins.
_META = (
    ("title", 'meta[property="og:title"]', "content"),
    ("title", "title", None),
    ("language", "html", "lang"),
    ("language", 'meta[http-equiv="content-language" i]', "content"),
    ("date", 'meta[property="article:published_time"]', "content"),
    ("date", '[itemprop="datePublished"]', "content"),
    ("date", '[itemprop="datePublished"]', "datetime"),
    ("date", 'meta[name="date" i]', "content"),
    ("date", "time[datetime]", "datetime"),
    ("author", 'meta[name="author" i]', "content"),
    ("author", 'meta[property="article:author"]', "content"),
    ("author", '[itemprop="author"] [itemprop="name"]', None),
    ("author", '[rel="author"]', None),
    ("canonical_url", 'link[rel="canonical" i]', "href"),
    ("canonical_url", 'meta[property="og:url"]', "content"),
)


def page_metadata(tree, url: str | None = None) -> dict[str, str]:
    """What a page's markup says of it: ``title``, ``language``, ``date`` (as the page writes
    it), ``author``, ``canonical_url`` (made absolute against ``url``, the address the page
    was fetched from, where it is given); only those it gives, spaces folded, at most 300
    characters each.

    >>> page_metadata(parse('<link rel="canonical" href="/news/bridge">'), url="https://example.org/a?b=1")
    {'canonical_url': 'https://example.org/news/bridge'}

    >>> page_metadata(parse('<html lang="de"><head><title>Brücke wird neu gebaut</title>'
    ...     '<meta property="article:published_time" content="2024-05-01T10:00:00Z">'
    ...     '<link rel="canonical" href="https://example.org/bruecke"></head><body><p>x</p></body></html>'))
    {'title': 'Brücke wird neu gebaut', 'language': 'de', 'date': '2024-05-01T10:00:00Z', 'canonical_url': 'https://example.org/bruecke'}
    """
    out: dict[str, str] = {}
    for key, selector, attribute in _META:
        if key in out:
            continue
        try:
            node = tree.css_first(selector)
        except Exception:  # (a selector this lexbor does not take: the key is simply not found)
            continue
        if node is None:
            continue
        value = node.attributes.get(attribute) if attribute else node.text()
        value = _SPACE.sub(" ", value or "").strip()[:300]
        if value:
            out[key] = value
    if url and "canonical_url" in out:
        from urllib.parse import urljoin

        try:
            out["canonical_url"] = urljoin(url, out["canonical_url"])
        except ValueError:  # (a malformed address: kept as the page wrote it)
            pass
    return out


class HtmlText(NamedTuple):
    """An HTML page as text (:func:`html_document`): its text blocks (furniture dropped), the
    short blocks among them that lie outside the page's main content (:func:`main_content`),
    what the markup dropped (gathered with ``explain``), and what the page says of itself
    (:func:`page_metadata`)."""

    blocks: list[str]
    #: The texts of the short blocks outside the main content (what the ``boilerplate``
    #: cleaner reads as the hint ``outside_main``).
    outside: frozenset
    dropped: list[Dropped]
    #: The indices among ``blocks`` of those and of the :attr:`teasers`.
    where: list[int]
    metadata: dict = {}
    #: What each block is (:class:`Role`), with ``markdown``; else empty.
    roles: tuple = ()
    #: The links of the blocks, with ``links``: ``(block, start, end, href)``, offsets in the
    #: block's text; else empty.
    links: tuple = ()
    #: The texts of the blocks of teaser lists inside the main content (:func:`_teaser_runs`;
    #: what ``boilerplate`` reads as the hint ``teasers``).
    teasers: frozenset = frozenset()

    @property
    def text(self) -> str:
        """The blocks, one a line, a blank line between: what the text cleaners are given."""
        return _joined(self.blocks)

    @property
    def hints(self) -> dict:
        """The page's evidence for the cleaners (:attr:`textclean.Context.hints`)."""
        hints = {}
        if self.outside:
            hints["outside_main"] = self.outside
        if self.teasers:
            hints["teasers"] = self.teasers
        return hints

    def without_outside(self) -> str:
        """The text without the short blocks outside the main content and the teaser lists
        inside it: the markup's decision alone."""
        gone = set(self.where)
        return _joined([b for i, b in enumerate(self.blocks) if i not in gone])


def _joined(blocks: list[str]) -> str:
    return "\n\n".join(blocks) + ("\n" if blocks else "")


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

    Where the markup shows the page's main content (:func:`main_content`), the short blocks
    outside it are dropped too (but headings, sentences, lines broken by ``<br>`` and a short
    block between two longer ones). The pipeline is given them instead, as evidence beside
    the text (:func:`html_document`), so that its own evidence counts with the markup's.
    """
    return html_document(html).without_outside()


def html_document(html: str, explain: bool = False, url: str | None = None,
                  metadata: bool = False, markdown: bool = False, links: bool = False,
                  captions: bool = False) -> HtmlText:
    """An HTML page as text blocks and the markup's evidence about them (:class:`HtmlText`),
    with ``explain`` also what the markup dropped and why, in page order, and with
    ``metadata`` what the page says of itself (:func:`page_metadata`; without them, neither
    is gathered); ``url``: where the page was fetched from (its metadata's canonical URL and
    its links are made absolute against it). With ``markdown``, what each block is
    (:attr:`HtmlText.roles`: headings, list items, quotes, table rows), and with ``links`` the
    links in the blocks' text, for :func:`textclean.io.markdown.markdown`. With ``captions``,
    a ``<figcaption>`` and an element whose class or id says ``caption`` are kept (the
    ``boilerplate`` cleaner's option ``keep_captions``).

    >>> doc = html_document('<nav>Home | News</nav><p>Talks resume.</p>'
    ...                     '<div class="share-buttons">Share on X</div>', explain=True)
    >>> doc.text, [(d.element, d.reason, d.text) for d in doc.dropped]
    ('Talks resume.\\n', [('nav', 'never content: <nav>', 'Home | News'), ('div class="share-buttons"', "furniture: class/id word 'share'", 'Share on X')])
    """
    dropped: list[Dropped] = []
    tree = parse(html)
    body = tree.body
    if body is None:
        return HtmlText([], frozenset(), dropped, [])
    main = main_content(tree)
    rows = data_rows(tree)
    # The walk: strings to write (with the number of their block), <br>/<hr>, and a mark where
    # each element that may be dropped begins: [end of its subtree in the walk, dropped for
    # good (a header without h1), its text length, or None when its class/id names no
    # furniture]. (Blocks are numbered: lexbor makes a new Python object at every access.)
    walk: list = []
    blocks_seen = 0
    tags = ["body"]  # the element of each block, by number
    links = links and markdown
    never, furniture = (NEVER_CONTENT - {"figcaption"}, FURNITURE_WORDS - {"caption"}) if captions \
        else (NEVER_CONTENT, FURNITURE_WORDS)
    roles = [PARAGRAPH]  # what each block is, by number (with markdown)
    tables = 0
    root = _Open(body, "body", 0, None, main is None)
    if markdown:
        root.shape = _Shape()
    stack = [root]
    while stack:
        top = stack[-1]
        for node in top.children:
            name = node.tag
            if name == "-text":
                text = node.text_content
                size = len(text.strip())
                if size:
                    top.length += size
                    top.count += 1
                walk.append((_TEXT, text, top.block, top.inside, top.link, top.code))
                continue
            if name == "pre" and not top.cell:
                # code and preformatted text: verbatim, as a fenced block the text cleaners
                # pass through byte for byte (its lines and spaces are its meaning)
                parts = _verbatim(node)
                for part in parts:  # (measured as any text is: each string stripped)
                    size = len(part.strip())
                    if size:
                        top.length += size
                        top.count += 1
                code = "".join(parts)
                if code.strip():
                    walk.append((_PRE, code, top.inside))
                continue
            if not name or name[0] == "-" or name in never:  # comments and the like; never content
                if explain and name in SHOWN:
                    shown = _SPACE.sub(" ", node.text(separator=" ")).strip()
                    if shown:
                        walk.append((_SHOWN, Dropped(name, f"never content: <{name}>", shown)))
                continue
            attributes = node.attributes
            word = furniture_word(attributes, furniture) if attributes and name not in ("body", "html", "article",
                                                                                        "main") else ""
            if word and anchored(node, attributes):
                word = ""  # (a section titled "Sharing with ...", not a share widget)
            mark = None
            if word or name == "header" or name == "form":
                # [end of its subtree in the walk, gone for good, its text length (None: kept
                # unless gone), why it may go]. A form is never content, unless it holds the
                # page: ASP.NET wraps every page in one <form>.
                why = f"furniture: class/id word '{word}'" if word else "never content: <form>" \
                    if name == "form" else ""
                mark = [0, False, 0 if why else None, why]
                walk.append((_MARK, mark, _described(name, attributes, furniture) if explain else ""))
            if name in ("br", "hr"):
                walk.append((_TEXT, " ", top.block, top.inside, False, False) if top.cell else (_BREAK,))
            if top.cell:
                block = top.block
            elif top.row and name in ("td", "th"):
                block = top.block  # (a cell of a data row: a column of its line)
                walk.append((_TEXT, "| " if top.row == 1 else " | ", block, top.inside, False, False))
                top.row = 2
            elif name in BLOCK:
                blocks_seen += 1
                block = blocks_seen
                tags.append(name)
            else:
                block = top.block
            opened = _Open(node, name, block, mark, top.inside or node.mem_id == main)
            opened.row = int(name == "tr" and bool(rows) and node.mem_id in rows)
            if markdown:
                shape = opened.shape = _Shape(top.shape)
                if name == "blockquote":
                    shape.quote += 1
                elif name == "ul" or name == "ol":
                    shape.depth += 1
                    shape.list = [name == "ol", _ordinal_start(attributes) if name == "ol" else 0]
                elif name == "li":
                    shape.list = shape.list or [False, 0]
                    shape.list[1] += 1
                    shape.item = block
                    shape.marker = f"{shape.list[1]}." if shape.list[0] else "-"
                    shape.depth = max(shape.depth, 1)
                elif name == "table":
                    tables += 1
                    shape.table = tables
                if block == blocks_seen and len(roles) == block:
                    roles.append(Role("h", int(name[1]), shape.quote) if name in HEADINGS
                                 else Role("row", 0, shape.quote, table=shape.table) if opened.row
                                 else Role("li" if name == "li" else "p", shape.depth, shape.quote, shape.item,
                                           shape.marker))
                if links and name == "a":
                    # (a browser drops tabs and line ends from an address, as written in the page)
                    href = _URL_SPACE.sub("", (attributes.get("href") or "").strip())
                    walk.append((_LINK, href))
            opened.cell = top.cell or (top.row > 0 and name in ("td", "th"))
            opened.link = top.link or name == "a"
            opened.code = top.code or name in CODE_LIKE
            stack.append(opened)
            break
        else:
            stack.pop()
            if links and top.name == "a":
                walk.append((_LINKEND,))
            if top.row == 2:
                walk.append((_TEXT, " |", top.block, top.inside, False, False))
            if top.mark is not None:
                top.mark[0] = len(walk)
                if top.name == "header" and not top.h1:
                    top.mark[1] = True
                    continue  # gone before any text is measured
                if top.mark[2] is not None:
                    top.mark[2] = top.text_length()
            if stack:
                parent = stack[-1]
                parent.length += top.length
                parent.count += top.count
                if top.h1 or top.name == "h1":
                    parent.h1 = True

    limit = 0.5 * (root.text_length() or 1)
    blocks: list[str] = []
    current: list[str] = []
    current_block = -1
    shorts: list[int] = []  # for each block outside the main content: 1 short, 2 mostly links
    # for each block inside the main content: 1 link text only, 2 that and a paragraph of
    # TEASER_CHARS or more, 3 a list item of link text only (see _teaser_runs)
    linked_only: list[int] = []
    outside = False  # (the block being written lies outside the main content)
    broken = False  # (it is a line of text broken by <br>: a poem, an address, a wrapped text)

    linked = [0, 0]  # (characters of the block being written inside links, and inside code)
    kinds: list[Role] = []  # what each block written is (with markdown)
    found: list[tuple[int, int, int, str]] = []  # the links in them (with links)
    # (with links: the links of the block being written, as offsets in its unfolded text; the
    # link being read, [href, its start or -1]; how many characters the block has so far)
    spans: list[tuple[int, int, str]] = []
    reading: list = [None, -1]
    size = [0]

    def flush() -> bool:
        raw = "".join(current)
        text = _SPACE.sub(" ", raw).strip()
        current.clear()
        size[0] = 0
        reading[1] = -1
        linkchars, coded = linked
        linked[0] = linked[1] = 0
        if not text:
            spans.clear()
            return False
        if markdown:
            kinds.append(roles[current_block] if 0 <= current_block < len(roles) else PARAGRAPH)
            if spans:
                _place_links(raw, text, spans, len(blocks), url, found)
        tag = tags[current_block] if current_block >= 0 else "body"
        # (code and headings are the text of a reference page, not its furniture: a type's
        # implementations, "impl Eq for Foo" and its "where T: Eq," are short and linked)
        heading = tag in HEADINGS
        code = coded >= 0.5 * len(text) and not heading  # (a heading's text counts as code: see CODE_LIKE)
        only = linkchars >= LINK_ONLY * len(text)
        short = outside and not broken and len(text) < OUTSIDE_SHORT and not heading \
            and not code and not _SENTENCE.search(text)
        # (a heading outside is evidence only as link text: a sidebar's headline links; a
        # reference page's signatures are headings with a few links)
        linky = outside and not code and (only if heading else linkchars >= OUTSIDE_LINKS * len(text))
        blocks.append(text)
        shorts.append(2 if linky else int(short))
        linked_only.append(0 if outside or code or not only else 3 if tag in LISTED_TAGS else
                           2 if not heading and len(text) >= TEASER_CHARS else 1)
        return True

    i, n = 0, len(walk)
    while i < n:
        item = walk[i]
        i += 1
        if item[0] == _TEXT:
            if item[2] != current_block:
                if flush():
                    broken = False
                current_block = item[2]
                outside = not item[3]
            if links:
                if reading[0] is not None and reading[1] < 0:
                    reading[1] = size[0]
                size[0] += len(item[1])
            current.append(item[1])
            if item[4]:
                linked[0] += len(item[1].strip())
            if item[5]:
                linked[1] += len(item[1].strip())
        elif item[0] == _BREAK:
            broken = True  # (the text before the break and the text after it)
            flush()
            current_block = -1
        elif item[0] == _SHOWN:
            dropped.append(item[1])
        elif item[0] == _PRE:
            if flush():
                broken = False
            current_block = -1
            blocks.append(_fenced(item[1]))
            shorts.append(0)
            linked_only.append(0)
            if markdown:
                kinds.append(Role("pre"))
        elif item[0] == _LINK:
            reading[0], reading[1] = item[1], -1
        elif item[0] == _LINKEND:
            # (a link whose text lies in one block, unbroken: one written as [text](href))
            if reading[0] and reading[1] >= 0 and size[0] > reading[1]:
                spans.append((reading[1], size[0], reading[0]))
            reading[0], reading[1] = None, -1
        else:
            end, gone, length, why = item[1]
            if gone or (length is not None and length <= limit):
                if explain:  # (what was dropped inside it is part of it, not listed again)
                    shown = _SPACE.sub(" ", " ".join(w[1] for w in walk[i:end] if w[0] in (_TEXT, _PRE))).strip()
                    if shown:
                        dropped.append(Dropped(item[2], "<header> without <h1>" if gone else why, shown))
                i = end
    flush()
    runs = set(_teaser_runs(linked_only)) if main is not None else set()
    for i in runs:
        shorts[i] = 2
    outside = _outside(blocks, shorts) if main is not None else []
    return HtmlText(blocks, frozenset(blocks[i] for i in outside if i not in runs), dropped, outside,
                    page_metadata(tree, url) if metadata else {}, tuple(kinds), tuple(found),
                    frozenset(blocks[i] for i in outside if i in runs))


def _place_links(raw: str, text: str, spans: list[tuple[int, int, str]], block: int, url: str | None,
                 found: list[tuple[int, int, int, str]]) -> None:
    """Add the links of a block to ``found`` as offsets in its text (``raw`` with its spaces
    folded and stripped, as blocks are written), their targets made absolute against ``url``;
    only links to another page or place (not ``#top``, not ``javascript:``)."""
    from urllib.parse import urljoin

    # (the offset in the text of each offset in ``raw`` a link starts or ends at: whitespace
    # runs fold to one space, the leading one to none; one sweep over the runs for them all)
    runs = [(m.start(), m.end()) for m in _SPACE.finditer(raw)]
    at: dict[int, int] = {}
    removed = k = 0
    for r in sorted({p for start, end, _ in spans for p in (start, end)}):
        while k < len(runs) and runs[k][1] <= r:
            s, e = runs[k]
            removed += e - s if s == 0 else e - s - 1
            k += 1
        inside = 0
        if k < len(runs) and runs[k][0] < r:  # (r falls inside a run)
            s = runs[k][0]
            inside = r - s if s == 0 else max(r - s - 1, 0)
        at[r] = r - removed - inside

    for start, end, href in spans:
        low = href.lower()
        if low.startswith(("#", "javascript:", "data:")):
            continue
        a = at[start]
        b = min(at[end], len(text))
        while a < b and text[a] == " ":
            a += 1
        while b > a and text[b - 1] == " ":
            b -= 1
        if a >= b:
            continue
        if url:
            try:
                href = urljoin(url, href)
            except ValueError:  # (a malformed address: kept as the page wrote it)
                pass
        found.append((block, a, b, href))
    spans.clear()


def _teaser_runs(linked_only: list[int]) -> list[int]:
    """The blocks of the teaser lists inside a page's main content: runs of
    :data:`TEASER_RUN` or more consecutive blocks that are link text only (``linked_only``
    1, 2 or 3), :data:`TEASER_LONG` of them paragraphs of :data:`TEASER_CHARS` characters or
    more (2): "other news" after an article, headline and snippet each a link. List items
    (3) are never part of one: a list of links (a table of contents, "See also", a
    changelog's links) is a list, also beside teasers.

    >>> _teaser_runs([0, 1, 2, 1, 2, 0, 1, 1, 1, 1, 0, 3, 3, 1, 2, 2])
    [1, 2, 3, 4, 13, 14, 15]
    """
    out: list[int] = []
    i, n = 0, len(linked_only)
    while i < n:
        if linked_only[i] in (0, 3):
            i += 1
            continue
        j = i
        while j < n and linked_only[j] in (1, 2):
            j += 1
        if j - i >= TEASER_RUN and sum(1 for k in range(i, j) if linked_only[k] == 2) >= TEASER_LONG:
            out.extend(range(i, j))
        i = j
    return out


def _outside(blocks: list[str], shorts: list[int]) -> list[int]:
    """Which blocks outside the main content are evidence of furniture: those mostly links,
    and the short ones but a short block between two others that are not (a subheading of a
    text the main content did not hold whole); never one whose text also stands among the
    blocks that are kept (a word that is content there)."""
    n = len(blocks)
    out = [i for i in range(n) if shorts[i] == 2
           or (shorts[i] and not (0 < i < n - 1 and not shorts[i - 1] and not shorts[i + 1]))]
    taken = set(out)
    elsewhere = {blocks[i] for i in range(n) if i not in taken}
    return [i for i in out if blocks[i] not in elsewhere]


def decode_input(path: Path, data: bytes):
    """Decode an input file's bytes: an HTML page (by its name, or by how its bytes start) by
    :func:`textclean.io.decode.decode_html`, which reads the charset the page declares; any
    other file by :func:`textclean.io.decode.decode`.

    >>> decode_input(Path("a.html"), b"<meta charset=windows-1251><p>\\xcf\\xf0\\xe8\\xe2\\xe5\\xf2</p>").text[-13:]
    '<p>Привет</p>'
    """
    from textclean.io.decode import decode, decode_html

    head = data[:1000].lstrip().lower()
    if _named_html(path) or head.startswith(_HTML_START_BYTES):
        return decode_html(data)
    return decode(data)


def _named_html(path: Path) -> bool:
    """Whether a file's name says it is an HTML page (a compression suffix aside)."""
    return split_compression(path)[0].lower().endswith((".html", ".htm"))


def page_text(path: Path, text: str, output: str = "text", captions: bool = False) -> tuple[str, HtmlText | None]:
    """The text to clean from a decoded input, and for an HTML page the page as text
    (:class:`HtmlText`: the evidence for the cleaners, its metadata; with ``output``
    ``"markdown"`` or ``"markdown+links"``, what Markdown needs; ``captions``: keep the
    page's captions); None for other text.

    An HTML page is reduced to its text blocks first: the markup is evidence (nav, footer,
    comment and share blocks go), the text cleaners then see blocks of text, and the edits
    refer to that text.
    """
    if not looks_like_html(path, text):
        return text, None
    doc = page_document(text, output, captions)
    return doc.text, doc


def page_document(text: str, output: str = "text", captions: bool = False, url: str | None = None) -> HtmlText:
    """An HTML page as a run reads it (:func:`html_document` with its metadata), with what
    ``output`` needs (``"markdown"``: the blocks' roles, ``"markdown+links"``: their links
    too) and its captions kept with ``captions``."""
    return html_document(text, url=url, metadata=True, markdown=output != "text", links=output == "markdown+links",
                         captions=captions)


_HTML_START = ("<!doctype html", "<html", "<?xml")
_HTML_START_BYTES = tuple(start.encode() for start in _HTML_START)


def looks_like_html(path: Path, text: str) -> bool:
    """Whether an input is an HTML page: by its name, or by how it starts.

    >>> looks_like_html(Path("a.txt"), "  <!DOCTYPE html><html><body>...")
    True
    >>> looks_like_html(Path("a.txt"), "Use <br> for a break.")
    False
    """
    if _named_html(path):
        return True
    head = text[:1000].lstrip().lower()
    return head.startswith(_HTML_START) and "<body" in text[:200_000].lower()
