"""The evidence about each line on its own: the :class:`Line` record, and how it is filled.

A :class:`Line` is one distinct line of text (a paragraph, or a block when a scraper wrote one
block per line) with everything that is known about it *out of context*:

* its measurements, :class:`~.features.LineFeatures` (``line.feats``: words, stop-word
  density, sentence end, separators, URLs, ``prose`` ...), which depend on its text alone
  and are shared with the corpus model and the learned model;
* what the pipeline's :class:`~.state.State` says of it: the widget template it matches
  (:mod:`.templates`), its share of corpus documents (:mod:`.corpus`);
* shapes tested once per line (the ``flags``: no letters, menu row, markup, price line,
  comment heading, caption, signature), date stamps, numbering, the text before a final
  ellipsis, and its weight for the article-body search.

Where a line stands in a document, and whether it goes, is not here: see :mod:`.document`
(what the lines say together) and :mod:`.rules` (what removes a line).

The evidence of a line is computed once and shared by every occurrence of the line (menus
recur across pages, and the host cleans its own output again: :func:`document_lines` keeps
it in ``State.seen``). :func:`evidence_of` computes it in bulk and runs the per-line tests
of :func:`add_evidence` only on the lines that cheap guards do not rule out (most lines have
no evidence of their own); ``guarded=False`` runs them on every line, which must give the
same evidence.
"""

from __future__ import annotations

import re
from itertools import accumulate

from textclean.cleaners.boilerplate.features import LineFeatures, fold_many, line_features_many
from textclean.core.kinds import code_punctuation, lines_having
from textclean.cleaners.boilerplate.state import CACHE_LINES, State
from textclean.cleaners.boilerplate.templates import Template, TemplateSet

#: Characters of literal template text from which a match is trusted anywhere, even inside a
#: paragraph of prose or between two paragraphs of the article (a short generic template
#: such as "Labels: %s" is not).
VERBATIM = 60

#: The shapes of a line (bits of ``Line.flags``), tested once per line.
NO_ALNUM, COMMENT_HEADING, MEDIA_CAPTION, MENU_ROW, MARKUP, SIGNED, PRICE_LINE = 1, 2, 4, 8, 16, 32, 64

# Short lines ending with a media noun are image/map captions ("Nagorno map").
_MEDIA = re.compile(r"\b(?:map|maps|photo|photos|picture|pic|image|images|graphic|chart|"
                    r"video|gallery|infographic|illustration)\W*$", re.I)
# A media word anywhere in the folded line: the guard of _MEDIA (an ASCII line that _MEDIA
# matches has one).
_MEDIA_HINT = re.compile(r"map|photo|pic|image|graphic|chart|video|galler|illustr")
_ALNUM = re.compile(r"[^\W_]")
# Headings that open a comment section: "7 Comments »", "Reader comments (14)", "Post a
# comment", "Discuss this story", "Tell us what you think".
_COMMENT_HEAD = re.compile(
    r"^\W*(?:\d+\s+)?(?:(?:reader|user|your|latest|article|recent|view|show|all|read)\s+)?"
    r"comments?\b|\bpost\s+a\s+comment\b|\bleave\s+a\s+(?:comment|reply)\b|\bdiscuss\s+this\b|"
    r"\btell\s+us\s+what\s+you\s+think\b|\bhave\s+your\s+say\b|\bcomments?\s*(?:\(\d+\)|so\s+far)",
    re.I)
_SIGNATURE = re.compile(r"^\W*(?:posted|submitted|written|comment(?:ed)?)\s+by\b|^\W*by\s+\S.{0,40}\s(?:at|on)\s", re.I)
_STAMP_HINT = re.compile(r"[\d:/]|by\b|wrote")  # cheap test (on the folded line) first
# A tighter cheap test: what each kind of _STAMP needs in the folded line (a year, a time or
# a date, "by", "wrote").
_STAMP_DIGITS = re.compile(r"\d(?:\d\d\d|[:/]\d)|by|wrote")
_STAMP = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
    r"|\b\d{1,2}:\d{2}\s*(?:[ap]\.?m\b|pm|am)|\b\d{1,2}/\d{1,2}/\d{2,4}\b"
    r"|^\W*(?:posted|comment|submitted)\s+by\b|\bwrote:\s*$", re.I)
_NUMBERED = re.compile(r"^\W{0,3}\d+(?:[.,/]\d+)?[.)]?\s+[^\W\d]")
_ITEM_SPLIT = re.compile(r"\s*(?:\||»|›|•|·|\s/\s)\s*")
_CAP_ITEM = re.compile(r"(?:[^\W\d_][\w'&.-]*)(?:\s+(?:&|[A-Z0-9][\w'&.-]*)){0,2}$")
# A line that is nothing but HTML tags, a wiki link/category or a template call.
_MARKUP_ONLY = re.compile(r"\s*(?:<[^<>\n]*>\s*)+$|\s*\[\[[^\[\]\n]*\]\]\s*$|\s*\{\{[^{}\n]*\}\}\s*$")
_ELLIPSIS = re.compile(r"\s*(?:\.\.\.|…)\W{0,3}(?:(?:read|continue|more)\b[\w ]{0,12}\W{0,3})?$", re.I)
# A price: a currency sign or code next to an amount ("$25", "EUR 12.53", "3,50 €"), not a
# sum in the news ("$124 million", "£1m", "$3B").
_PRICE = re.compile(
    r"(?:[$€£¥]\s?|\b(?:EUR|USD|GBP|CAD|AUD|CHF)\s?)\d[\d,]*(?:\.\d+)?(?![\d,.]*\s?(?:[mMbBkK]n?|tn|thousand|"
    r"million|billion|trillion|Million|Billion)\b)|\d[\d.,]*\s?(?:€|EUR\b)")
# What a line must contain to name a price (found by literal searches over all the lines).
_PRICE_NEEDLES = ("$", "\u20ac", "\u00a3", "\u00a5", "eur", "usd", "gbp", "cad", "aud", "chf")
# Widgets that sit inside an article (a caption, an ad slot, an "Also read:" link) do not end
# it; the others (comment forms, share rows, footers) are where it ends.
_INLINE = ("image caption", "advertisement", "related-links line")
#: Template kinds that a table cell of their own may hold ("|Back to top |", "| Print |"):
#: links and controls, never a sentence, so the cell's pipes do not make them content.
_CELL_KINDS = frozenset({"navigation", "related-links line", "share widget"})
_CELL_WORDS = 5
_HEADLINE_WORDS = re.compile(r"[^\W\d_]{3,}")


def sentence_like(f: LineFeatures) -> bool:
    """Whether a line reads like a sentence, if not quite like prose (a standfirst, a
    dateline): six or more words, some function words, mostly letters, not menu-like."""
    return f.words >= 6 and f.stop_density >= 0.15 and f.letters >= 0.7 and not f.menu_like


def menu_row(text: str) -> bool:
    """A row of three or more menu items between separators, each one to three capitalised
    words: "Home | News | Sport", "Privacy • Terms • Contact us" is not (lower-case "us").

    >>> menu_row("Home | News | Sport | Weather"), menu_row("Joined: Apr 2000 | Posts: 209 | Location: here")
    (True, False)
    >>> menu_row("|Name||Date||Notes|")  # a row of a table
    False
    """
    text = text.strip()
    if text[:1] == "|" and text[-1:] == "|":
        return False  # a row of a table, not a menu
    items = [x for x in _ITEM_SPLIT.split(text) if x]
    return len(items) >= 3 and all(x[0].isupper() and _CAP_ITEM.match(x) for x in items)


def price_line(text: str) -> bool:
    """A line that quotes prices the way a shop listing does: two of them, or one at its end.

    >>> price_line("Insulated Tote, Medium EUR 53.86"), price_line("\u20ac2.54")
    (True, True)
    >>> price_line("Caps' Ovechkin Signs $124 Million Deal"), price_line("The $2,500 Nano is here")
    (False, False)
    """
    prices = list(_PRICE.finditer(text))
    return len(prices) >= 2 or (len(prices) == 1 and not text[prices[0].end():].strip(" .,;:)*"))


class Line:
    """One distinct line of text and the evidence about it that does not depend on its
    context (see the module docstring). Computed once per distinct line and shared by every
    occurrence of the line; where a line stands and whether it goes are kept by the caller.

    ``Line(text, feats, key)`` is a line without evidence of its own: most lines have none,
    and are done by it alone; :func:`add_evidence` sets the rest.

    >>> [(x.menu_item, x.stamp, x.weight) for x in evidence_of(["World News", "May 3, 2008 4:49 PM"], None)]
    [(True, False, -25.0), (True, True, -200.0)]
    """

    __slots__ = ("text", "feats", "key", "template", "corpus", "stamp", "numbered", "flags",
                 "weight", "prose", "chars", "nav", "menu_item", "teaser", "heading", "stem",
                 "plain", "hwords", "lm")

    def __init__(self, text: str, feats: LineFeatures, key: str):
        self.text = text
        self.feats = feats  # the measurements of the text (see features.LineFeatures)
        self.key = key  # the line folded (see features.fold): equal keys are the same line
        self.chars = feats.chars
        # what a line without evidence of its own gets (add_evidence sets the others)
        self.template: Template | None = None  # the widget template it matches
        self.corpus = 0.0  # share of corpus documents it recurs in, when enough to count
        self.stamp = False  # a date/time or "posted by" line
        self.numbered = False  # an item of a numbered list ("1. Preheat the oven")
        self.heading = False  # opens a comment section (or what a "following" template names)
        self.flags = 0  # shapes tested once per line: NO_ALNUM, COMMENT_HEADING, ...
        self.stem = ""  # the text before a final ellipsis (see document.truncated_copies)
        self.plain = True  # no template, corpus share or flag: only position can remove it
        self.hwords: list[str] | None = None  # words of 3+ letters, for the headline (lazy)
        self.lm: list[float] | None = None  # the context-free part of the line model's vector (lazy)
        self.prose = feats.prose
        self.weight = _weight(self)
        nav = menu_item = teaser = False
        if not feats.prose and not feats.terminal:
            words = feats.words
            if words <= 3:
                nav = True
                menu_item = _menu_item(self)
            teaser = 3 <= words <= 14 and text.lstrip()[:1].isupper()
        self.nav = nav  # short, no sentence end
        self.menu_item = menu_item  # see _menu_item
        self.teaser = teaser  # headline-like: see document.teaser_runs

    def headline_words(self) -> list[str]:
        """The words of three or more letters of the folded line (computed once)."""
        w = self.hwords
        if w is None:
            w = self.hwords = _HEADLINE_WORDS.findall(self.key)
        return w


def _menu_item(line: Line) -> bool:
    """An item of a site menu: one to three words, all capitalised, no sentence end, not
    numbered, not continued by a comma ("World News", "Sport"; not "General dentistry", "2 bay
    leaves" or "Judge Landau," in a list of names running over several lines)."""
    f = line.feats
    return (1 <= f.words <= 3 and f.capitalised == f.words and not f.terminal and not line.numbered
            and not line.text.rstrip().endswith(","))


def _weight(line: Line) -> float:
    """The line's weight in the search for the article body (see document.body_span): prose
    counts for its length, widgets, corpus lines and date stamps strongly against."""
    f = line.feats
    t = line.template
    if t is not None and t.reason.startswith(_INLINE):
        return -40.0
    if t is not None or line.corpus or line.stamp:
        return -200.0
    if f.prose:
        return float(f.chars)
    if sentence_like(f):
        return 0.3 * f.chars
    return -max(25.0, 0.6 * f.chars)


def add_evidence(line: Line, st: State | None, t: Template | None, priced: bool = True,
                 stamp: bool | None = None, english: bool = True) -> None:
    """Fill the context-free evidence of ``line``: ``t`` is the template its key matches;
    ``priced``: whether the line may name a price; ``stamp``: whether it is a date stamp,
    when the caller knows; ``english``: whether the document is in English, where the shapes
    written with English words (a comment heading, a caption ending in "photo") are
    evidence (in French "Comment ..." opens a question, and "images" is a French word too).

    Only what differs from the defaults of :class:`Line` is set. :func:`evidence_of` calls it
    only on the lines that its cheap guards do not rule out."""
    f = line.feats
    text = line.text
    words, prose, terminal, chars = f.words, f.prose, f.terminal, f.chars
    if t is not None:
        if prose and words >= 12 and t.literal < 0.5 * chars and t.literal < VERBATIM \
                and not t.reason.startswith(("image caption", "teaser link")):
            t = None  # a real sentence that happens to start like a widget
        else:
            line.template = t
    if st is not None and st.model is not None:
        share = st.model.share(text, f)
        threshold = st.corpus_share or st.model.min_share
        # a recurring sentence of prose needs twice the evidence of a recurring menu item
        if share >= threshold * (2 if prose else 1):
            line.corpus = share
    key = line.key
    if stamp is None:
        stamp = (words <= 12 and not prose and _STAMP_HINT.search(key) is not None
                 and _STAMP.search(text) is not None)
    if stamp:
        line.stamp = True
    # (cheap tests first: most lines start with a letter)
    lead = text.lstrip()[:1]
    numbered = not lead.isalpha() and not f.menu_like and _NUMBERED.match(text) is not None
    if numbered:
        line.numbered = True
    flags = 0
    ascii_ = text.isascii()
    if (words == 0 or not ascii_) and not _ALNUM.search(text):
        if not code_punctuation(text):  # (a "}" or "]," is the structure of code)
            flags |= NO_ALNUM
    elif words <= 8 and not prose and english:
        if ("comment" in key or "repl" in key or "discuss" in key or "tell" in key or "say" in key) \
                and _COMMENT_HEAD.search(text):
            flags |= COMMENT_HEADING
        # (re.I folds a few non-ASCII letters onto ASCII ones: the guard is for ASCII lines)
        if words <= 4 and not terminal and (not ascii_ or _MEDIA_HINT.search(key) is not None) \
                and _MEDIA.search(text):
            flags |= MEDIA_CAPTION
    if f.separators >= 2 and menu_row(text):
        flags |= MENU_ROW
    if ("<" in text or "[[" in text or "{{" in text) and _MARKUP_ONLY.match(text):
        flags |= MARKUP
    if stamp and _SIGNATURE.search(text):
        flags |= SIGNED
    if priced and not prose and not terminal and words <= 20 and price_line(text):
        flags |= PRICE_LINE
    if flags:
        line.flags = flags
    line.weight = _weight(line)
    line.menu_item = _menu_item(line)  # (``nav`` and ``teaser`` are set by Line)
    if (t is not None and t.following) or flags & COMMENT_HEADING:
        line.heading = True
    if chars >= 25 and ("..." in text or "\u2026" in text):
        m = _ELLIPSIS.search(key)
        if m is not None and m.start() >= 20:
            line.stem = key[:m.start()]
    if t is not None or line.corpus or flags:
        line.plain = False


def _match_in_cells(keys: list[str], temps: list[Template | None], templates: TemplateSet) -> None:
    """Give a line that is only table cells (``||Back to top ||``, as scrapers flatten a
    layout table) the template of its text, when that is a short navigation, link or share
    control (other templates inside cells stay unmatched: a cell can hold anything)."""
    cells = [j for j, k in enumerate(keys)
             if temps[j] is None and k[:1] == "|" and k[-1:] == "|"]
    if not cells:
        return
    inner = [" ".join(keys[j].replace("|", " ").split()) for j in cells]
    found = templates.match_many(inner)
    for j, text, t in zip(cells, inner, found):
        if t is not None and t.reason in _CELL_KINDS and text.count(" ") < _CELL_WORDS:
            temps[j] = t


def evidence_of(texts: list[str], st: State | None, guarded: bool = True, stops=None) -> list[Line]:
    """The :class:`Line` of each of ``texts`` (distinct lines, not blank), computed in bulk,
    with the templates and corpus model of ``st`` (None: no templates, no model) and the stop
    list ``stops`` (:class:`~.stoplists.StopList`; None: English).

    :class:`Line` gives every line the evidence of a line without any; the per-line tests of
    :func:`add_evidence` (templates, date stamps, numbering, captions, separators, markup,
    prices, ellipses, ...) run only on the lines that a cheap guard does not rule out, or on
    every line when ``guarded`` is False (the reference the guards must equal, for tests).

    >>> [x.flags == MENU_ROW for x in evidence_of(["Home | News | Sport", "Home"], None, guarded=False)]
    [True, False]
    """
    keys = fold_many(texts)
    feats = line_features_many(texts, stops)
    english = stops is None or stops.name in ("en", "en+")
    lines = list(map(Line, texts, feats, keys))
    temps = st.templates.match_many(keys) if st is not None else [None] * len(keys)
    if st is not None:
        _match_in_cells(keys, temps, st.templates)
    if not guarded:
        for line, t in zip(lines, temps):
            add_evidence(line, st, t, english=english)
        return lines
    priced = lines_having("\n".join(keys), _PRICE_NEEDLES, "\n")
    full: set[int] | range
    stamps: set[int] | None = None
    if st is not None and st.model is not None:
        full = range(len(texts))  # every line may recur in the corpus
    else:
        full = set(priced)
        full.update(j for j, t in enumerate(temps) if t is not None)
        joined = "\n".join(texts)
        ascii_doc = joined.isascii()
        folded = "\n".join(keys)
        heads = [w for w in ("comment", "repl", "discuss", "tell", "say") if w in folded]
        hint, stamp, media, alnum = _STAMP_HINT.search, _STAMP.search, _MEDIA_HINT.search, _ALNUM.search
        digits = _STAMP_DIGITS.search
        # (one pass per test over the lines that are not prose: cheaper than one loop body)
        other = [(j, f) for j, f in enumerate(feats) if not f.prose]
        stamps = {j for j, f in other if f.words <= 12 and digits(keys[j]) is not None
                  and hint(keys[j]) is not None and stamp(texts[j]) is not None}  # date stamps
        full |= stamps
        # numbered items, menu rows, captions
        full.update(j for j, f in other if f.separators >= 2 or not texts[j].lstrip()[:1].isalpha())
        full.update(j for j, f in other if f.words <= 4 and not f.terminal
                    and (media(keys[j]) is not None or not texts[j].isascii()))
        if heads:  # comment headings
            full.update(j for j, f in other if f.words <= 8 and any(w in keys[j] for w in heads))
        # no letter or digit
        full.update(j for j, f in other if (f.words == 0 or not (ascii_doc or texts[j].isascii()))
                    and alnum(texts[j]) is None)
        if "<" in joined or "[[" in joined or "{{" in joined:
            full.update(j for j, text in enumerate(texts) if "<" in text or "[[" in text or "{{" in text)
        if "..." in joined or "\u2026" in joined:
            full.update(j for j, text in enumerate(texts)
                        if feats[j].chars >= 25 and ("..." in text or "\u2026" in text))
        # (a numbered paragraph of prose has no other evidence: only the flag is set)
        numbered = _NUMBERED.match
        for j, f in enumerate(feats):
            if f.prose and not f.menu_like and not texts[j].lstrip()[:1].isalpha() \
                    and numbered(texts[j]) is not None:
                lines[j].numbered = True
    for j in full:
        add_evidence(lines[j], st, temps[j], j in priced, None if stamps is None else j in stamps, english)
    return lines


def document_lines(text: str, st: State | None = None, stops=None) -> tuple[list[Line], list[int]]:
    """The non-blank lines of ``text`` as :class:`Line` records, and where each starts; the
    evidence of a line seen before (by ``st``, with the same stop list ``stops``; None:
    English) is not computed again.

    >>> lines, starts = document_lines("Home\\n\\nThe end.\\n")
    >>> [x.text for x in lines], starts
    (['Home', 'The end.'], [0, 6])
    """
    cache: dict
    if st is None:
        cache = {}
    elif stops is None or stops.name == "en":
        cache = st.seen
    else:
        others = st.seen_by_list
        if sum(map(len, others.values())) > CACHE_LINES:
            others.clear()
        cache = others.setdefault(stops.name, {})
    if len(cache) > CACHE_LINES:
        cache.clear()
    texts = text.split("\n")
    offsets = [0, *accumulate([len(t) + 1 for t in texts])]
    kept = [i for i, t in enumerate(texts) if t and not t.isspace()]
    starts = [offsets[i] for i in kept]
    texts = [texts[i] for i in kept]
    get = cache.get
    lines = list(map(get, texts))
    if None in lines:
        new = list(dict.fromkeys([t for t, x in zip(texts, lines) if x is None]))
        cache.update(zip(new, evidence_of(new, st, stops=stops)))
        lines = list(map(get, texts))
    return lines, starts
