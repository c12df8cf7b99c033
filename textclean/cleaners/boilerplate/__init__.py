"""The ``boilerplate`` cleaner: remove what is not the article from scraped plain text.

It removes whole lines (a line is a paragraph when paragraphs are separated by blank lines,
a block when a scraper wrote one block per line) and never cuts inside a line. A line goes
only on positive evidence, and each removal records the evidence that decided it:

* **templates** of known widgets and forms, printf-style (``You are commenting using your
  %s account. ( Log Out / Change )``), matched against the whole line after every kind of
  Unicode whitespace is folded: comment forms of WordPress, WordPress.com/Jetpack, Disqus and
  Facebook, Akismet notices, share and like widgets, "Related Posts" headings and "Also read:
  ..." lines, newsletter and login calls, cookie notices, copyright and footer lines, image
  captions and photo credits, "Advertisement", review widgets ("12 of 15 people found this
  helpful"), tag lists and metadata-only bylines. The templates ship as
  ``textclean/data/boilerplate_templates.txt``; plugins add more through the
  ``textclean_boilerplate_templates`` hook;
* **comment sections**: a comment heading ("Leave a Reply", "37 Comments") after the
  article's prose removes everything after it; so does a run of comment signatures
  ("Posted by: Ann | Jan 10, 2008 4:49 PM") after it;
* **shapes that are never text**: a row of capitalised menu items between separators
  ("Home | News | Sport"), a line without letters or digits, a line of markup only
  (``<br/>``, ``[[Category:X]]``), a truncated copy of another paragraph of the document
  ("The council said on Monday that..."), a line repeated within the four lines above (a
  paragraph only when it occurs exactly twice: three copies are a comparison view), a short
  line naming a map or photo inside the article, the price lines of a listing (three or more
  lines that are not sentences and quote prices the way a shop does: "Insulated Tote EUR
  53.86", "€2.54"; a sum in the news, "$124 Million Deal", is not a price);
* **position**, only on a *raw page*: text as a naive scraper writes a web page, with a site
  menu (a run of capitalised one-to-three-word items, many short lines) around ONE article
  (the run of lines that maximises prose against furniture; not more prose outside it than
  in it, no thread of posts around it). There, short, menu-like and link-like lines before
  the article go (not its headline, standfirst or dateline), and so do those after it,
  teaser paragraphs included; numbered list items stay. On text that an extractor already
  reduced to the content -- or a forum thread, a shop or a list page -- lines outside the
  detected body are list items, titles and field values, and position is no evidence;
* **corpus evidence** (option ``model``): a :class:`~.corpus.CorpusModel` fitted on many
  documents of the same corpus knows which lines recur across documents; such a line is
  removed with a reason like "corpus: recurs in 37% of documents" (numbers count as equal
  only in lines shaped like furniture: a sentence must recur word for word);
* **a learned line model** (opt-in, option ``line_model``; see :mod:`.learned`): a logistic
  regression over the line's features, its neighbours' and the document's, shipped as
  ``textclean/data/boilerplate_linemodel.json`` and trained by
  ``scripts/train_boilerplate.py``. It speaks last, only on the lines the rules keep and
  only once they have nothing more to decide, and removes a line only above a high
  probability, with a reason like "line model: p=0.98 (few words, little prose around, doc
  prose share low)". It is off by default: cross-validated by document halves it removed
  boilerplate on one half only, and refitted on all the development data it removes nothing
  there at the chosen threshold (figures in ``docs/cleaners/boilerplate.md``).

What it does NOT do: it never edits inside a line, never removes a line for being outside a
detected body unless the text is a raw page, never removes a line of prose inside the
article body unless a template or a comment section names it, does not judge a document's
quality or language (a whole shop page or a German page stays), and does not parse HTML (use
:func:`textclean.io.html.html_to_text` first, which uses markup evidence).
Content recall comes first: when in doubt a line is kept.

Options (defaults in ``OPTIONS``):

* ``templates`` (``True``): use the built-in widget/form templates;
* ``structure`` (``True``): use the article body and position at all;
* ``keep_unsure_prose`` (``True``): keep prose lines before the body and, when
  ``trail_prose`` is off, after it (``False``: remove them too, on raw pages);
* ``trail_prose`` (``True``): on a raw page, prose after the article's end is a teaser;
* ``keep_numbered`` (``True``): on a raw page, keep numbered list items outside the body;
* ``page_nav_share`` (``0.3``): share of short non-sentence lines that marks a raw page;
* ``menu_run`` (``5``): least run of menu items a raw page must have;
* ``outside_prose`` (``1.0``): most prose outside the body, relative to the body's, for
  position to count;
* ``max_posts`` (``3``): paragraphs of 2+ sentences outside the body from which the text is
  taken for a thread of posts (position does not count);
* ``model`` (``""``): path of a fitted corpus model (JSON), loaded once in ``setup``;
* ``corpus_share`` (``0.0``): overrides the model's own removal threshold (share of corpus
  documents a line must recur in) when > 0;
* ``extra_templates`` (``[]``): more templates (strings) from the user's config;
* ``line_model`` (``False``): use the learned line model;
* ``line_model_path`` (``""``): a model file of one's own (from ``scripts/train_boilerplate.py``)
  instead of the shipped one;
* ``line_threshold`` (``0.0``): overrides the model's own probability threshold when > 0.
"""

from __future__ import annotations

import bisect
import math
import re
from itertools import accumulate
from collections import Counter
from dataclasses import dataclass, field

from textclean.plugins.hookspecs import hookimpl
from textclean.core.records import Cleaner, Context, Fix, Stage
from textclean.cleaners.boilerplate.features import LineFeatures, lines_having, fold_many, line_features_many
from textclean.cleaners.boilerplate.templates import Template, TemplateSet, builtin_templates, plugin_templates

OPTIONS = {
    "templates": True,
    "structure": True,
    "keep_unsure_prose": True,
    "model": "",
    "corpus_share": 0.0,
    "extra_templates": [],
    "page_nav_share": 0.3,
    "outside_prose": 1.0,
    "max_posts": 3,
    "keep_numbered": True,
    "trail_prose": True,
    "menu_run": 5,
    "line_model": False,
    "line_model_path": "",
    "line_threshold": 0.0,
}

# Short lines ending with a media noun are image/map captions ("Nagorno map").
_MEDIA = re.compile(r"\b(?:map|maps|photo|photos|picture|pic|image|images|graphic|chart|"
                    r"video|gallery|infographic|illustration)\W*$", re.I)
#: Characters of literal template text from which a match is trusted anywhere, even between
#: two paragraphs of the article (a short generic template such as "Labels: %s" is not).
_VERBATIM = 60
# Template reasons that stand even between two prose lines (a generic one-word heading like
# "Discussion" between prose is more likely an article subheading).
_STRONG = ("image caption", "advertisement", "related-links line", "teaser link", "comment form",
           "comment system", "cookie notice", "plugin template", "user template")


class _Unit:
    """The evidence about one line that does not depend on its context (features, folded
    key, template, corpus share, shapes). Computed once per distinct line and shared by every
    occurrence of the line (menus recur across pages, and the host cleans its own output
    again); where a line is and whether it goes are kept by the caller.

    ``__init__`` gives a line the evidence of a line without any: most lines have none, and
    are done by it alone (see :func:`_make_units`)."""

    __slots__ = ("text", "feats", "key", "template", "corpus", "stamp", "numbered", "flags",
                 "weight", "prose", "chars", "nav", "menu_item", "teaser", "heading", "stem",
                 "plain", "hwords", "lm")

    def __init__(self, text: str, feats: LineFeatures, key: str):
        self.text = text
        self.feats = feats
        self.key = key  # the line folded (see features.fold): equal keys are the same line
        self.chars = feats.chars
        # what a line without evidence of its own gets (_evidence sets the others)
        self.template = None
        self.corpus = 0.0
        self.stamp = self.numbered = self.heading = False
        self.flags = 0  # shapes tested once per line: _NO_ALNUM, _COMMENT_HEADING, ...
        self.stem = ""  # the text before a final ellipsis (see _truncated_copies)
        self.plain = True  # no template, corpus share or flag: only position can remove it
        self.hwords = None  # words of 3+ letters, for _headline (lazy)
        self.lm = None  # the context-free part of the line model's vector (lazy)
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
        self.teaser = teaser  # headline-like: see _teaser_runs


@dataclass
class _State:
    templates: TemplateSet
    model: object = None
    corpus_share: float = 0.0
    options: dict = field(default_factory=dict)
    #: the learned line classifier (:class:`~.learned.LineModel`), or None
    line_model: object = None
    #: evidence of lines seen before (menus recur across pages, and the host cleans its own
    #: output again): line -> _Unit
    seen: dict = field(default_factory=dict)
    #: hashes of the line sequences this state produced as output (fixed points: the host's
    #: next pass over them has nothing to decide)
    fixed: set = field(default_factory=set)


#: Bound on the per-pipeline cache of line evidence (entries); it is emptied when full.
CACHE_LINES = 200_000


def setup(ctx: Context) -> _State:
    """Compile the templates (built-in, plugin, user) and load the corpus model once.

    >>> st = setup(Context(options=OPTIONS, rules={"boilerplate_templates": ["Brought to you by %s"]}))
    >>> st.templates.match("Brought to you by ACME").reason
    'plugin template'
    """
    opts = {**OPTIONS, **dict(ctx.options)}
    temps = list(builtin_templates()) if opts["templates"] else []
    temps = plugin_templates((ctx.rules or {}).get("boilerplate_templates", [])) + temps
    user = plugin_templates(list(opts.get("extra_templates") or []))
    user = [Template(t.text, "user template", t.following, t.pattern, t.literal, t.needle) for t in user]
    model = None
    if opts.get("model"):
        from textclean.cleaners.boilerplate.corpus import CorpusModel

        model = CorpusModel.load(opts["model"])
    share = float(opts.get("corpus_share") or 0.0)
    line_model = None
    if opts.get("line_model"):
        from textclean.cleaners.boilerplate.learned import load

        line_model = load(str(opts.get("line_model_path") or ""))
    return _State(TemplateSet(user + temps), model, share, opts, line_model=line_model)


def _units(text: str, st: _State | None = None) -> tuple[list[_Unit], list[int]]:
    """The non-blank lines of ``text`` as :class:`_Unit` evidence, and where each starts.

    >>> us, starts = _units("Home\\n\\nThe end.\\n")
    >>> [u.text for u in us], starts
    (['Home', 'The end.'], [0, 6])
    """
    cache: dict = st.seen if st is not None else {}
    if len(cache) > CACHE_LINES:
        cache.clear()
    lines = text.split("\n")
    offsets = [0, *accumulate([len(line) + 1 for line in lines])]
    kept = [i for i, line in enumerate(lines) if line and not line.isspace()]
    starts = [offsets[i] for i in kept]
    lines = [lines[i] for i in kept]
    get = cache.get
    units = list(map(get, lines))
    if None in units:
        new = list(dict.fromkeys([line for line, u in zip(lines, units) if u is None]))
        cache.update(zip(new, _make_units(new, st)))
        units = list(map(get, lines))
    return units, starts


#: Template kinds that a table cell of their own may hold ("|Back to top |", "| Print |"):
#: links and controls, never a sentence, so the cell's pipes do not make them content.
_CELL_KINDS = frozenset({"navigation", "related-links line", "share widget"})
_CELL_WORDS = 5


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


def _make_units(lines: list[str], st: _State | None) -> list[_Unit]:
    """The evidence of each of ``lines`` (distinct, not blank), computed in bulk.

    ``_Unit.__init__`` gives every line the evidence of a line without any; the per-line tests
    of :func:`_evidence` (templates, date stamps, numbering, captions, separators, markup,
    prices, ellipses, ...) run only on the lines that a cheap guard does not rule out.

    >>> [(u.menu_item, u.stamp, u.weight) for u in _make_units(["World News", "May 3, 2008 4:49 PM"], None)]
    [(True, False, -25.0), (True, True, -200.0)]
    """
    keys = fold_many(lines)
    feats = line_features_many(lines)
    units = list(map(_Unit, lines, feats, keys))
    temps = st.templates.match_many(keys) if st is not None else [None] * len(keys)
    if st is not None:
        _match_in_cells(keys, temps, st.templates)
    priced = _lines_with(keys, _PRICE_NEEDLES)
    full: set[int] | range
    stamps: set[int] | None = None
    if st is not None and st.model is not None:
        full = range(len(lines))
    else:
        full = set(priced)
        full.update(j for j, t in enumerate(temps) if t is not None)
        joined = "\n".join(lines)
        ascii_doc = joined.isascii()
        folded = "\n".join(keys)
        heads = [w for w in ("comment", "repl", "discuss", "tell", "say") if w in folded]
        hint, stamp, media, alnum = _STAMP_HINT.search, _STAMP.search, _MEDIA_HINT.search, _ALNUM.search
        digits = _STAMP_DIGITS.search
        # (one pass per test over the lines that are not prose: cheaper than one loop body)
        other = [(j, f) for j, f in enumerate(feats) if not f.prose]
        stamps = {j for j, f in other if f.words <= 12 and digits(keys[j]) is not None
                  and hint(keys[j]) is not None and stamp(lines[j]) is not None}  # date stamps
        full |= stamps
        # numbered items, menu rows, captions
        full.update(j for j, f in other if f.separators >= 2 or not lines[j].lstrip()[:1].isalpha())
        full.update(j for j, f in other if f.words <= 4 and not f.terminal
                    and (media(keys[j]) is not None or not lines[j].isascii()))
        if heads:  # comment headings
            full.update(j for j, f in other if f.words <= 8 and any(w in keys[j] for w in heads))
        # no letter or digit
        full.update(j for j, f in other if (f.words == 0 or not (ascii_doc or lines[j].isascii()))
                    and alnum(lines[j]) is None)
        if "<" in joined or "[[" in joined or "{{" in joined:
            full.update(j for j, line in enumerate(lines) if "<" in line or "[[" in line or "{{" in line)
        if "..." in joined or "\u2026" in joined:
            full.update(j for j, line in enumerate(lines)
                        if feats[j].chars >= 25 and ("..." in line or "\u2026" in line))
        # (a numbered paragraph of prose has no other evidence: only the flag is set)
        numbered = _NUMBERED.match
        for j, f in enumerate(feats):
            if f.prose and not f.menu_like and not lines[j].lstrip()[:1].isalpha() \
                    and numbered(lines[j]) is not None:
                units[j].numbered = True
    for j in full:
        _evidence(units[j], st, temps[j], j in priced, None if stamps is None else j in stamps)
    return units


def _lines_with(keys: list[str], needles: tuple[str, ...]) -> set[int]:
    """Indices of the lines of ``keys`` that contain one of the (rare) ``needles``, found by
    searching all the lines at once.

    >>> sorted(_lines_with(["a $3", "none", "eur 5", "x"], ("$", "eur")))
    [0, 2]
    """
    return lines_having("\n".join(keys), needles, "\n")


_PRICE_NEEDLES = ("$", "\u20ac", "\u00a3", "\u00a5", "eur", "usd", "gbp", "cad", "aud", "chf")


def _evidence(u: _Unit, st: _State | None, t: Template | None, priced: bool = True,
              stamp: bool | None = None) -> None:
    """Fill the context-free evidence of ``u`` (``priced``: the line may name a price;
    ``stamp``: whether it is a date stamp, when the caller knows).

    Only what differs from the defaults of ``_Unit.__init__`` is set. :func:`_make_units`
    calls it only on the lines that its cheap guards do not rule out."""
    f = u.feats
    text = u.text
    words, prose, terminal, chars = f.words, f.prose, f.terminal, f.chars
    if t is not None:
        if prose and words >= 12 and t.literal < 0.5 * chars and t.literal < _VERBATIM \
                and not t.reason.startswith(("image caption", "teaser link")):
            t = None  # a real sentence that happens to start like a widget
        else:
            u.template = t
    if st is not None and st.model is not None:
        share = st.model.share(text, f)
        threshold = st.corpus_share or st.model.min_share
        # a recurring sentence of prose needs twice the evidence of a recurring menu item
        if share >= threshold * (2 if prose else 1):
            u.corpus = share
    key = u.key
    if stamp is None:
        stamp = (words <= 12 and not prose and _STAMP_HINT.search(key) is not None
                 and _STAMP.search(text) is not None)
    if stamp:
        u.stamp = True
    # (cheap tests first: most lines start with a letter)
    lead = text.lstrip()[:1]
    numbered = not lead.isalpha() and not f.menu_like and _NUMBERED.match(text) is not None
    if numbered:
        u.numbered = True
    flags = 0
    ascii_ = text.isascii()
    if (words == 0 or not ascii_) and not _ALNUM.search(text):
        flags |= _NO_ALNUM
    elif words <= 8 and not prose:
        if ("comment" in key or "repl" in key or "discuss" in key or "tell" in key or "say" in key) \
                and _COMMENT_HEAD.search(text):
            flags |= _COMMENT_HEADING
        # (re.I folds a few non-ASCII letters onto ASCII ones: the guard is for ASCII lines)
        if words <= 4 and not terminal and (not ascii_ or _MEDIA_HINT.search(key) is not None) \
                and _MEDIA.search(text):
            flags |= _MEDIA_CAPTION
    if f.separators >= 2 and _menu_row(text):
        flags |= _MENU_ROW
    if ("<" in text or "[[" in text or "{{" in text) and _MARKUP_ONLY.match(text):
        flags |= _MARKUP
    if stamp and _SIGNATURE.search(text):
        flags |= _SIGNED
    if priced and not prose and not terminal and words <= 20 and _price_line(text):
        flags |= _PRICE_LINE
    if flags:
        u.flags = flags
    u.weight = _weight(u)
    u.menu_item = _menu_item(u)  # (``nav`` and ``teaser`` are set by __init__)
    if (t is not None and t.following) or flags & _COMMENT_HEADING:
        u.heading = True
    if chars >= 25 and ("..." in text or "\u2026" in text):
        m = _ELLIPSIS.search(key)
        if m is not None and m.start() >= 20:
            u.stem = key[:m.start()]
    if t is not None or u.corpus or flags:
        u.plain = False


# A media word anywhere in the folded line: the guard of _MEDIA (an ASCII line that _MEDIA
# matches has one).
_MEDIA_HINT = re.compile(r"map|photo|pic|image|graphic|chart|video|galler|illustr")
_NO_ALNUM, _COMMENT_HEADING, _MEDIA_CAPTION, _MENU_ROW, _MARKUP, _SIGNED, _PRICE_LINE = \
    1, 2, 4, 8, 16, 32, 64
# A price: a currency sign or code next to an amount ("$25", "EUR 12.53", "3,50 €"), not a
# sum in the news ("$124 million", "£1m", "$3B").
_PRICE = re.compile(
    r"(?:[$€£¥]\s?|\b(?:EUR|USD|GBP|CAD|AUD|CHF)\s?)\d[\d,]*(?:\.\d+)?(?![\d,.]*\s?(?:[mMbBkK]n?|tn|thousand|"
    r"million|billion|trillion|Million|Billion)\b)|\d[\d.,]*\s?(?:€|EUR\b)")
_SHOP_LINES = 3  # price lines that make a document a listing


def _price_line(text: str) -> bool:
    """A line that quotes prices the way a shop listing does: two of them, or one at its end.

    >>> _price_line("Insulated Tote, Medium EUR 53.86"), _price_line("\u20ac2.54")
    (True, True)
    >>> _price_line("Caps' Ovechkin Signs $124 Million Deal"), _price_line("The $2,500 Nano is here")
    (False, False)
    """
    prices = list(_PRICE.finditer(text))
    return len(prices) >= 2 or (len(prices) == 1 and not text[prices[0].end():].strip(" .,;:)*"))


def _sentence_like(f: LineFeatures) -> bool:
    return f.words >= 6 and f.stop_density >= 0.15 and f.letters >= 0.7 and not f.menu_like


_NAMES_COMMENTS = re.compile(r"\bcomments?\b|\brepl(?:y|ies)\b|\bresponses?\b", re.I)
_SIGNATURE = re.compile(r"^\W*(?:posted|submitted|written|comment(?:ed)?)\s+by\b|^\W*by\s+\S.{0,40}\s(?:at|on)\s", re.I)
_STAMP_HINT = re.compile(r"[\d:/]|by\b|wrote")  # cheap test (on the folded line) first
# A tighter cheap test: what each kind of _STAMP needs in the folded line (a year, a time or
# a date, "by", "wrote").
_STAMP_DIGITS = re.compile(r"\d(?:\d\d\d|[:/]\d)|by|wrote")
_STAMP = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
    r"|\b\d{1,2}:\d{2}\s*(?:[ap]\.?m\b|pm|am)|\b\d{1,2}/\d{1,2}/\d{2,4}\b"
    r"|^\W*(?:posted|comment|submitted)\s+by\b|\bwrote:\s*$", re.I)


# Widgets that sit inside an article (a caption, an ad slot, an "Also read:" link) do not end
# it; the others (comment forms, share rows, footers) are where it ends.
_INLINE = ("image caption", "advertisement", "related-links line")


def _weight(u: _Unit) -> float:
    f = u.feats
    if u.template is not None and u.template.reason.startswith(_INLINE):
        return -40.0
    if u.template is not None or u.corpus or u.stamp:
        return -200.0
    if f.prose:
        return float(f.chars)
    if _sentence_like(f):
        return 0.3 * f.chars
    return -max(25.0, 0.6 * f.chars)


def _body_span(units: list[_Unit]) -> tuple[int, int] | None:
    """The run of units maximising the summed weight (Kadane); None when nothing is prose."""
    best, best_span = 0.0, None
    run, run_start = 0.0, 0
    for i, u in enumerate(units):
        w = u.weight
        if run <= 0:
            run, run_start = w, i
        else:
            run += w
        if run > best:
            best, best_span = run, (run_start, i)
    return best_span


_WORDS = re.compile(r"[^\W\d_]{3,}")


def _hwords(u: _Unit) -> list[str]:
    w = u.hwords
    if w is None:
        w = u.hwords = _WORDS.findall(u.key)
    return w


def _headline(units: list[_Unit], a: int) -> int | None:
    """Index of the headline among the few lines before the body start ``a``."""
    body_words: set[str] = set()
    for u in units[a:a + 6]:
        body_words.update(_hwords(u))
    best, best_i = 0.0, None
    for i in range(a - 1, max(-1, a - 9), -1):
        u = units[i]
        f = u.feats
        if u.template is not None or f.menu_like or not (2 <= f.words <= 30) or f.letters < 0.6:
            continue
        words = _hwords(u)
        if not words:
            continue
        overlap = sum(w in body_words for w in words) / len(words)
        score = overlap + 0.3 * (f.words >= 4) - 0.05 * (a - 1 - i)
        if score > best:
            best, best_i = score, i
    return best_i if best >= 0.35 else None


def fix_boilerplate(text: str, ctx: Context) -> list[Fix]:
    """Propose the removal of boilerplate lines, each with the evidence that decided it.

    >>> st = setup(Context(options=OPTIONS))
    >>> ctx = Context(options=OPTIONS, state=st)
    >>> t = ("Home | News | Sport\\n\\nTalks resume in Geneva\\n\\n"
    ...      "The two sides met on Monday and said that the talks would go on until a deal is done.\\n\\n"
    ...      "Leave a Reply\\n\\nYour email address will not be published.\\n")
    >>> from textclean.core.fixes import apply_fixes
    >>> print(apply_fixes(t, fix_boilerplate(t, ctx)), end="")
    Talks resume in Geneva
    <BLANKLINE>
    The two sides met on Monday and said that the talks would go on until a deal is done.
    >>> [f.reason for f in fix_boilerplate(t, ctx)]  # doctest: +NORMALIZE_WHITESPACE
    ['menu row: short capitalised items between separators',
     "comment form (WordPress): template 'Leave a Reply'",
     "comment form (WordPress): template 'Your email address will not be published.'"]
    """
    st = ctx.state if isinstance(ctx.state, _State) else setup(ctx)
    opts = {**st.options, **dict(ctx.options)}
    units, starts = _units(text, st)
    if not units:
        return []
    memo = st.fixed if opts == st.options else None
    if memo is not None:
        if len(memo) > CACHE_LINES // 10:
            memo.clear()
        if hash(tuple(u.text for u in units)) in memo:
            return []  # this very sequence of lines is an output of ours: a fixed point
    # Decisions depend on context (the body, the share of short lines), which changes once
    # lines go; deciding again on what is left until nothing more goes makes the cleaner
    # idempotent: its own output is a fixed point.
    final = [""] * len(units)
    active = list(range(len(units)))
    settled = False
    lm = st.line_model if opts.get("line_model") else None
    for _ in range(MAX_ROUNDS):
        here = [units[i] for i in active]
        reasons = decide(here, st, opts)
        if lm is not None and not any(reasons):
            # the learned model speaks last, on what the rules keep once they are settled
            reasons = model_reasons(here, lm, opts)
        if not any(reasons):
            settled = True
            break
        left = []
        for i, r in zip(active, reasons):
            if r:
                final[i] = r
            else:
                left.append(i)
        active = left
        if not active:
            break
    if memo is not None and active and settled:
        memo.add(hash(tuple(units[i].text for i in active)))
    return _fixes(text, units, starts, final)


#: Upper bound on decide-again rounds (two or three are the rule).
MAX_ROUNDS = 8


def model_reasons(units: list[_Unit], lm, opts: dict) -> list[str]:
    """The learned line model's verdict on ``units`` (the lines the rules keep): a reason
    naming the probability and the top contributing features for each line whose probability
    of being boilerplate reaches the threshold (``line_threshold``, or the model's own), ""
    for the others.

    >>> from textclean.cleaners.boilerplate.learned import load
    >>> us, _ = _units("The mayor said on Friday that the bridge will reopen in May, after repairs.\\n")
    >>> model_reasons(us, load(), OPTIONS)
    ['']
    """
    from textclean.cleaners.boilerplate.learned import vectors

    threshold = float(opts.get("line_threshold") or 0.0) or lm.threshold
    span = _body_span(units) if opts.get("structure", True) else None
    out = [""] * len(units)
    # (the logit is compared, not the probability: no exp per line)
    cut = math.log(threshold / (1.0 - threshold)) if threshold < 1.0 else math.inf
    for i, x in enumerate(vectors(units, span)):
        if lm.score(x) >= cut:
            out[i] = f"line model: p={lm.prob(x):.2f} ({', '.join(lm.explain(x))})"
    return out


def decide(units: list[_Unit], st: _State | None, opts: dict) -> list[str]:
    """The reason to remove each unit, or "" to keep it.

    Positive evidence (templates, corpus, a widget line repeated, a line without letters,
    markup residue, a truncated copy of another line, a comment section after its heading)
    counts everywhere. Position relative to the article body counts only where
    :func:`_page_shape` finds the document to be a raw page with a site menu around one
    article.

    >>> us, _ = _units("Share this:\\nThe mayor said on Friday that the bridge will reopen in May.\\n",
    ...                setup(Context(options=OPTIONS)))
    >>> decide(us, None, OPTIONS)
    ["share widget: template 'Share this:'", '']
    """
    n = len(units)
    reasons = [""] * n
    span = _body_span(units) if opts.get("structure", True) else None
    a, z = span if span else (n, n - 1)
    prose = [u.chars if u.prose else 0 for u in units]
    prose_total = sum(prose)
    cut_from = None
    cut_reason = ""
    heads = [i for i, u in enumerate(units) if u.heading and i >= a]
    if heads:
        prose_before = 0
        j = 0
        for i in heads:
            prose_before += sum(prose[j:i])
            j = i
            u = units[i]
            t = u.template
            # a heading naming comments may follow a short article; a vaguer one
            # ("Discussion", "Have your say") must come after most of the prose, or it is a
            # subheading
            if prose_before >= max(400, (0.15 if _NAMES_COMMENTS.search(u.text) else 0.3) * prose_total):
                cut_from = i
                cut_reason = t.reason if t is not None else "comment-section heading"
                if t is None:
                    reasons[i] = f"comment-section heading: {u.text.strip()[:40]!r}"
                break
    if cut_from is None:
        # comments signed one by one ("Posted by: Ann | Jan 10, 2008 4:49 PM"), with no heading
        signed = [i for i, u in enumerate(units) if i > a and u.flags & _SIGNED]
        if len(signed) >= 2:
            before = sum(prose[:signed[0]])
            if before >= max(400, 0.15 * prose_total):
                cut_from = signed[0]
                cut_reason = "comment signatures ('posted by ... date')"
                reasons[cut_from] = "comment signature: " + repr(units[cut_from].text.strip()[:40])

    by_position, raw_page = _page_shape(units, span, cut_from, opts, prose)
    keys = [u.key for u in units]
    copies = Counter(keys)
    snippets = _truncated_copies(units)
    if not span and cut_from is None and snippets is None and len(copies) == n \
            and all(u.plain for u in units):
        return reasons  # no evidence anywhere: nothing to decide
    head = _headline(units, a) if span else None
    keep_prose = opts.get("keep_unsure_prose", True)
    trail_prose = opts.get("trail_prose", True)
    keep_numbered = opts.get("keep_numbered", True)
    trail_all = opts.get("trail_all", False)
    run_len = _nonprose_runs(units) if by_position else None
    shop = sum(1 for u in units if u.flags & _PRICE_LINE)
    teaser = _teaser_runs(units) if raw_page and by_position else None
    for i, u in enumerate(units):
        if cut_from is not None and i >= cut_from:
            if i > cut_from:
                t = u.template
                reasons[i] = (f"{t.reason}: template {t.text!r}" if t is not None
                              else f"comment section after {cut_reason}")
                continue
            if reasons[i]:
                continue
        # a paragraph printed twice within a few lines is a scraping artefact (a teaser and
        # its article, a quote box); three or more copies are a comparison or diff view
        k = u.key
        repeat = copies[k] > 1 and k in keys[max(0, i - 4):i] and (not u.prose or copies[k] == 2)
        if not u.plain:
            t = u.template
            if t is not None:
                # a widget spelt out at length ("Only subscribers are eligible to post
                # comments. Please subscribe or login...") is that widget wherever it stands
                generic = not t.reason.startswith(_STRONG) and not (
                    t.literal >= _VERBATIM and t.literal >= 0.7 * u.chars)
                between_prose = (0 < i < n - 1 and units[i - 1].prose and units[i + 1].prose)
                if not (generic and a <= i <= z and between_prose):
                    reasons[i] = f"{t.reason}: template {t.text!r}"
                    continue
            if u.corpus:
                reasons[i] = f"corpus: recurs in {u.corpus:.0%} of documents"
                continue
            if repeat:
                reasons[i] = "repeats a line just above"
                continue
            flags = u.flags
            if flags & _NO_ALNUM:
                reasons[i] = "no letters or digits: separator or table rule"
                continue
            if flags & _MENU_ROW:
                reasons[i] = "menu row: short capitalised items between separators"
                continue
            if flags & _MARKUP:
                reasons[i] = "markup residue: a line of tags or wiki markup only"
                continue
            if flags & _PRICE_LINE and shop >= _SHOP_LINES:
                reasons[i] = f"shop listing: one of {shop} price lines"
                continue
        elif repeat:
            reasons[i] = "repeats a line just above"
            continue
        if snippets is not None and i in snippets:
            reasons[i] = "truncated copy of a paragraph of the document (teaser)"
            continue
        if not span:
            continue
        if a <= i <= z:
            if teaser is not None and teaser[i]:
                reasons[i] = "related-links list inside the page: run of headline-like lines"
            elif u.flags & _MEDIA_CAPTION:
                reasons[i] = "image caption: short line naming a map/photo"
            continue
        if not by_position:
            continue  # outside the body, but position is no evidence in this text: keep
        if i == head:
            continue
        f = u.feats
        if u.prose:
            if i > z and trail_prose:
                reasons[i] = "trailing run after article: teaser paragraph after the article's end"
            elif not keep_prose:
                reasons[i] = ("leading " if i < a else "trailing ") + "prose outside the article body"
            continue
        if u.stamp:
            reasons[i] = ("leading " if i < a else "trailing ") + "metadata line: date/time or 'posted by'"
            continue
        if i < a and head is not None and i > head and _sentence_like(f):
            continue  # standfirst or dateline between headline and body
        if keep_numbered and u.numbered:
            continue  # an item of a numbered list, a ranking or a recipe
        furniture = f.words <= 3 or f.menu_like or f.separators >= 2 or f.urls or run_len[i] >= 3 \
            or (i > z and trail_all)
        if not furniture:
            continue
        where = "leading menu before article: " if i < a else "trailing run after article: "
        reasons[i] = where + _describe(f, run_len[i])
    return reasons


_ITEM_SPLIT = re.compile(r"\s*(?:\||»|›|•|·|\s/\s)\s*")
_CAP_ITEM = re.compile(r"(?:[^\W\d_][\w'&.-]*)(?:\s+(?:&|[A-Z0-9][\w'&.-]*)){0,2}$")


def _menu_row(text: str) -> bool:
    """A row of three or more menu items between separators, each one to three capitalised
    words: "Home | News | Sport", "Privacy • Terms • Contact us" is not (lower-case "us").

    >>> _menu_row("Home | News | Sport | Weather"), _menu_row("Joined: Apr 2000 | Posts: 209 | Location: here")
    (True, False)
    """
    items = [x for x in _ITEM_SPLIT.split(text.strip()) if x]
    return len(items) >= 3 and all(x[0].isupper() and _CAP_ITEM.match(x) for x in items)


# A line that is nothing but HTML tags, a wiki link/category or a template call.
_MARKUP_ONLY = re.compile(r"\s*(?:<[^<>\n]*>\s*)+$|\s*\[\[[^\[\]\n]*\]\]\s*$|\s*\{\{[^{}\n]*\}\}\s*$")
_ELLIPSIS = re.compile(r"\s*(?:\.\.\.|…)\W{0,3}(?:(?:read|continue|more)\b[\w ]{0,12}\W{0,3})?$", re.I)


def _truncated_copies(units: list[_Unit]) -> set[int] | None:
    """Indices of lines that end in an ellipsis and repeat the start of a longer line of the
    same document: the snippets of a teaser list, a search result or a "read more" box.

    >>> us, _ = _units("A long paragraph about the harbour bridge and its repairs.\\nA long paragraph about the...\\n")
    >>> _truncated_copies(us)
    {1}
    """
    cands = [(i, u.stem) for i, u in enumerate(units) if u.stem]
    if not cands:
        return None
    keys = sorted({u.key for u in units})
    out = set()
    for i, stem in cands:
        j = bisect.bisect_left(keys, stem)
        while j < len(keys) and keys[j].startswith(stem):
            if keys[j] != units[i].key and len(keys[j]) > len(stem) + 3:
                out.add(i)
                break
            j += 1
    return out or None


_NUMBERED = re.compile(r"^\W{0,3}\d+(?:[.,/]\d+)?[.)]?\s+[^\W\d]")


def _menu_item(u: _Unit) -> bool:
    """An item of a site menu: one to three words, all capitalised, no sentence end, not
    numbered ("World News", "Sport"; not "General dentistry" or "2 bay leaves")."""
    f = u.feats
    return 1 <= f.words <= 3 and f.capitalised == f.words and not f.terminal and not u.numbered


def _page_shape(units: list[_Unit], span: tuple[int, int] | None, cut_from: int | None,
                opts: dict, prose: list[int]) -> tuple[bool, bool]:
    """``(by_position, raw_page)``: whether lines outside the article body may go on shape
    and position alone, and whether the text looks like a page as a naive scraper saw it.

    Text that an extractor already reduced to the main content -- or a forum thread, a shop
    or a list page -- has short lines that are list items, titles and field values, not
    menus; removing them for lying outside a detected "body" loses content. So position is
    evidence only on a *raw page* (at least ``page_nav_share`` of the lines are short
    non-sentences) that has a site menu (a run of ``menu_run`` capitalised one-to-three-word
    items) and ONE article: no more prose outside the body than ``outside_prose`` times the
    body's, and fewer than ``max_posts`` paragraphs of two or more sentences outside it
    (posts of a thread, reviews).
    """
    n = len(units)
    nav_items = sum(u.nav for u in units)
    raw_page = nav_items >= opts.get("page_nav_share", 0.3) * n
    if not span or not raw_page:
        return False, raw_page
    best = cur = 0
    for u in units:
        if u.menu_item:
            cur += 1
            if cur > best:
                best = cur
        else:
            cur = 0
    if best < opts.get("menu_run", 5):
        return False, raw_page
    a, z = span
    body_prose = sum(prose[a:z + 1])
    outside = units[:a] + units[z + 1:cut_from if cut_from is not None else n]
    if sum(prose[:a]) + sum(prose[z + 1:cut_from if cut_from is not None else n]) \
            > opts.get("outside_prose", 1.0) * body_prose:
        return False, raw_page
    posts = run = 0
    for u in outside + [None]:  # type: ignore[list-item]
        if u is not None and u.prose:
            run += 1
        else:
            posts += run >= 2
            run = 0
    return posts < opts.get("max_posts", 3), raw_page


# Headings that open a comment section: "7 Comments »", "Reader comments (14)", "Post a
# comment", "Discuss this story", "Tell us what you think".
_COMMENT_HEAD = re.compile(
    r"^\W*(?:\d+\s+)?(?:(?:reader|user|your|latest|article|recent|view|show|all|read)\s+)?"
    r"comments?\b|\bpost\s+a\s+comment\b|\bleave\s+a\s+(?:comment|reply)\b|\bdiscuss\s+this\b|"
    r"\btell\s+us\s+what\s+you\s+think\b|\bhave\s+your\s+say\b|\bcomments?\s*(?:\(\d+\)|so\s+far)",
    re.I)
_ALNUM = re.compile(r"[^\W_]")


def _teaser_runs(units: list[_Unit]) -> list[bool]:
    """Units in a run of 3+ headline-like lines (3-14 words, no sentence end, capitalised):
    the shape of a related-stories or most-read list."""
    out = [False] * len(units)
    run = 0
    for i, u in enumerate(units):
        if u.teaser:
            run += 1
            if run == 3:
                out[i - 2] = out[i - 1] = True
            if run >= 3:
                out[i] = True
        else:
            run = 0
    return out


def _nonprose_runs(units: list[_Unit]) -> list[int]:
    """For each unit, the length of the run of consecutive non-prose units it belongs to."""
    out = [0] * len(units)
    start = 0
    for i, u in enumerate(units):
        if u.prose:
            if i > start:
                out[start:i] = [i - start] * (i - start)
            start = i + 1
    n = len(units)
    if n > start:
        out[start:n] = [n - start] * (n - start)
    return out


def _describe(f: LineFeatures, run: int = 0) -> str:
    if f.separators >= 2 or f.urls:
        return "link-like"
    if f.menu_like:
        return "menu-like, capitalised, no stop words"
    if f.words <= 3:
        return "short, no sentence"
    if f.stop_words == 0:
        return "no stop words"
    if f.prose:
        return "prose outside the article body"
    if run >= 3:
        return f"in a run of {run} lines that are not sentences"
    return "not a sentence"


def _fixes(text: str, units: list[_Unit], starts: list[int], reasons: list[str]) -> list[Fix]:
    n = len(units)
    last_kept = n - 1
    while last_kept >= 0 and reasons[last_kept]:
        last_kept -= 1
    fixes = []
    for i in [i for i, r in enumerate(reasons) if r]:
        end = starts[i + 1] if i + 1 < n else len(text)
        start = starts[i]
        if i > last_kept and i > 0 and not reasons[i - 1]:
            # the tail goes: take the blank lines before it too
            nl = text.find("\n", starts[i - 1] + len(units[i - 1].text))
            start = nl + 1 if nl != -1 and nl < start else start
        fixes.append(Fix(start, end, "", reasons[i]))
    return fixes


@hookimpl
def textclean_register_cleaners():
    return [
        Cleaner(
            "boilerplate",
            fix_boilerplate,
            Stage.BOILERPLATE,
            "remove comment forms, menus, related links, captions and other non-article lines",
            options=OPTIONS,
            setup=setup,
        )
    ]
