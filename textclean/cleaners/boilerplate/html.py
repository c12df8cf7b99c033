"""HTML input: reduce a page to text blocks, using the markup as evidence of boilerplate.

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


def _furniture(tag) -> str:
    """The furniture word in the tag's class/id, or ''."""
    for attr in ("class", "id"):
        hit = _words(tag.get(attr)) & FURNITURE_WORDS
        if hit:
            return sorted(hit)[0]
    return ""


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
    """
    import warnings

    from bs4 import BeautifulSoup, Comment, NavigableString

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # XHTML pages trigger an "XML parsed as HTML" warning
        soup = BeautifulSoup(html, "html.parser")
    body = soup.body or soup
    for c in body.find_all(string=lambda s: isinstance(s, Comment)):
        c.extract()
    for tag in body.find_all(list(NEVER_CONTENT)):
        if tag.name == "header":
            continue
        tag.decompose()
    for tag in body.find_all("header"):
        if tag.find("h1") is None:
            tag.decompose()
    total = len(body.get_text(" ", strip=True)) or 1
    for tag in body.find_all(True):
        if tag.decomposed if hasattr(tag, "decomposed") else False:
            continue
        if tag.name in ("body", "html", "article", "main") or tag.attrs is None:
            continue
        if _furniture(tag) and len(tag.get_text(" ", strip=True)) <= 0.5 * total:
            tag.decompose()

    blocks: list[str] = []
    current: list[str] = []
    current_block = None

    def flush() -> None:
        text = _SPACE.sub(" ", "".join(current)).strip()
        if text:
            blocks.append(text)
        current.clear()

    for node in body.descendants:
        if isinstance(node, NavigableString):
            if type(node) is not NavigableString:
                continue  # CData, ProcessingInstruction, Doctype...
            parent = node.parent
            while parent is not None and parent.name not in BLOCK:
                parent = parent.parent
            if parent is not current_block:
                flush()
                current_block = parent
            current.append(str(node))
        elif node.name in ("br", "hr"):
            flush()
            current_block = None
    flush()
    return "\n\n".join(blocks) + ("\n" if blocks else "")
