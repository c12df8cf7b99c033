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
it in ``State.seen``). :func:`evidence_of` computes it in bulk: the measurements and the
shapes of every line in one call to the native core (``native/src/evidence.rs``), then
:func:`add_evidence` only on the lines that have a shape, a template or, with a corpus
model, a share (most lines have no evidence of their own).
"""

from __future__ import annotations

import re
from itertools import accumulate, repeat

from textclean import _native
from textclean.cleaners.boilerplate.features import LineFeatures, fold_many, native_stops
from textclean.cleaners.boilerplate.state import CACHE_LINES, State
from textclean.cleaners.boilerplate.templates import Template, TemplateSet

#: Characters of literal template text from which a match is trusted anywhere, even inside a
#: paragraph of prose or between two paragraphs of the article (a short generic template
#: such as "Labels: %s" is not).
VERBATIM = 60

#: The shapes of a line (bits of ``Line.flags``), tested once per line by the native core
#: (``evidence.rs``, which has the patterns): no letter or digit (and not the brackets of
#: code), a comment heading ("7 Comments »", "Post a comment", "Tell us what you think"),
#: a short line ending with a media noun ("Nagorno map"), a row of three or more menu
#: items between separators, each one to three capitalised words ("Home | News | Sport"; a
#: table row "|a||b|" is not one), a line of HTML tags, a wiki link or a template call only,
#: a signature ("Posted by Ann at 4:49 PM"), a line quoting prices the way a shop listing
#: does (two of them, or one at its end: "Insulated Tote EUR 53.86"; not a sum in the news,
#: "$124 million"). The comment heading and the caption are English words: they count only
#: in an English document (in French "Comment ..." opens a question).
NO_ALNUM, COMMENT_HEADING, MEDIA_CAPTION, MENU_ROW, MARKUP, SIGNED, PRICE_LINE = 1, 2, 4, 8, 16, 32, 64
_FLAGS = 127
# (the other facts of the packed integer: a date stamp, a numbered item, the stem's length + 1)
_STAMP_BIT, _NUMBERED_BIT, _STEM_SHIFT = 128, 256, 9

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


def add_evidence(line: Line, st: State | None, t: Template | None, facts: int) -> None:
    """Fill the context-free evidence of ``line``: ``t`` is the template its key matches,
    ``facts`` what the native core found in its text (the shapes of the ``flags``, a date
    stamp, a numbered item, the text before a final ellipsis, packed in one integer).

    Only what differs from the defaults of :class:`Line` is set. :func:`evidence_of` calls it
    only on the lines that have a fact, a template or (with a corpus model) a share."""
    f = line.feats
    text = line.text
    words, prose, chars = f.words, f.prose, f.chars
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
    if facts & _STAMP_BIT:
        line.stamp = True
    if facts & _NUMBERED_BIT:
        line.numbered = True
    flags = facts & _FLAGS
    if flags:
        line.flags = flags
    line.weight = _weight(line)
    line.menu_item = _menu_item(line)  # (``nav`` and ``teaser`` are set by Line)
    if (t is not None and t.following) or flags & COMMENT_HEADING:
        line.heading = True
    stem = facts >> _STEM_SHIFT
    if stem:
        line.stem = line.key[:stem - 1]
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


def evidence_of(texts: list[str], st: State | None, stops=None) -> list[Line]:
    """The :class:`Line` of each of ``texts`` (distinct lines, not blank), computed in bulk,
    with the templates and corpus model of ``st`` (None: no templates, no model) and the stop
    list ``stops`` (:class:`~.stoplists.StopList`; None: English).

    The measurements and the shapes of every line come from one call to the native core;
    :func:`add_evidence` then runs only on the lines with a shape, a template or a share.

    >>> [x.flags == MENU_ROW for x in evidence_of(["Home | News | Sport", "Home"], None)]
    [True, False]
    """
    keys = fold_many(texts)
    english = stops is None or stops.name in ("en", "en+")
    rows, facts = _native.line_evidence(texts, keys, native_stops(stops), english)
    feats = list(map(tuple.__new__, repeat(LineFeatures), rows))
    lines = list(map(Line, texts, feats, keys))
    temps = st.templates.match_many(keys) if st is not None else [None] * len(keys)
    if st is not None:
        _match_in_cells(keys, temps, st.templates)
    every = st is not None and st.model is not None  # every line may recur in the corpus
    for j, (t, x) in enumerate(zip(temps, facts)):
        if x or t is not None or every:
            add_evidence(lines[j], st, t, x)
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
