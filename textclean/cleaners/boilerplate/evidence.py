"""The lines of a document as the cleaner's native judge sees them, and a read-only view of
each line's evidence for Python (the learned model, training, tests).

The evidence of a line, what the lines of a document say together and the rules that remove
lines are the native core's (``native/src/boilerplate``: ``line.rs``, ``document.rs``,
``rules.rs``; see :mod:`textclean.cleaners.boilerplate`). A line's evidence out of context
is computed once per distinct line and stop list and kept in the judge's cache (menus recur
across pages, and the host cleans its own output again).

:func:`page` gives a document's :class:`~textclean._native.Page`, which the cleaner asks for
its decision; :func:`document_lines` and :func:`evidence_of` give :class:`Line` views.
"""

from __future__ import annotations

from textclean.cleaners.boilerplate.features import LineFeatures, native_stops
from textclean.cleaners.boilerplate.state import State
from textclean.cleaners.boilerplate.templates import Template, TemplateSet

#: The shapes of a line (bits of ``Line.flags``), tested once per line by the native core
#: (``evidence.rs``, which has the patterns): no letter or digit (and not the brackets of
#: code), a comment heading ("7 Comments »", "Post a comment", "Tell us what you think"),
#: a short line ending with a media noun ("Nagorno map"), a row of three or more menu
#: items between separators, each one to three capitalised words ("Home | News | Sport"; a
#: table row "|a||b|" is not one), a line of HTML tags, a wiki link or a template call only,
#: a signature ("Posted by Ann at 4:49 PM"), a line quoting prices the way a shop listing
#: does (two of them, or one at its end: "Insulated Tote EUR 53.86"; not a sum in the news,
#: "$124 million"), a row of six or more short links between separators whatever their
#: case ("Terms of Service | Privacy Policy | Feedback | Jobs | ..."). The comment heading
#: and the caption are English words: they count only in an English document (in French
#: "Comment ..." opens a question).
NO_ALNUM, COMMENT_HEADING, MEDIA_CAPTION, MENU_ROW, MARKUP, SIGNED, PRICE_LINE, LINK_ROW = 1, 2, 4, 8, 16, 32, 64, 128


def _templates(st: State | None) -> TemplateSet:
    # (without a state: no templates, and a judge of its own whose cache goes with it)
    return st.templates if st is not None else TemplateSet([])


def page(text: str, st: State | None = None, stops=None):
    """The non-blank lines of ``text`` with their evidence (a :class:`~textclean._native.Page`),
    judged with the stop list ``stops`` (:class:`~.stoplists.StopList`; None: English) and
    the templates and corpus model of ``st`` (None: no templates, no model).

    >>> p = page("Home\\n\\nThe mayor said on Friday that the bridge will reopen in May.\\n")
    >>> len(p), p.starts(), p.body_span()
    (2, [0, 6], (1, 1))
    """
    ts = _templates(st)
    english = stops is None or stops.name in ("en", "en+")
    name = "en" if stops is None else stops.name
    corpus, threshold = None, 0.0
    if st is not None and st.model is not None:
        model = st.model
        threshold = st.corpus_share or model.min_share
        corpus = lambda texts: [model.share(t) for t in texts]  # noqa: E731
    return ts.judge.page(text, native_stops(stops), english, name, corpus, threshold)


class Line:
    """A read-only view of one line's evidence (see :mod:`.evidence`): its ``text``, its
    folded ``key``, its :class:`~.features.LineFeatures` (``feats``), the widget
    ``template`` it matches, its ``corpus`` share, whether it is a date ``stamp``, a
    ``numbered`` item, a comment ``heading``, its shape ``flags``, the ``stem`` before a
    final ellipsis, whether it has no evidence of its own (``plain``), its ``weight`` in the
    search for the article body, and whether it is short (``nav``), a ``menu_item`` or
    headline-like (``teaser``).

    >>> [(x.menu_item, x.stamp, x.weight) for x in evidence_of(["World News", "May 3, 2008 4:49 PM"], None)]
    [(True, False, -25.0), (True, True, -200.0)]
    """

    __slots__ = ("text", "key", "feats", "template", "corpus", "stamp", "numbered", "heading", "flags",
                 "stem", "plain", "weight", "nav", "menu_item", "teaser", "lm")

    def __init__(self, record: tuple, templates: list[Template]):
        text, key, feats, evidence = record
        self.text, self.key, self.feats = text, key, LineFeatures(*feats)
        (t, self.corpus, self.stamp, self.numbered, self.heading, self.flags, self.stem, self.plain,
         self.weight, self.nav, self.menu_item, self.teaser) = evidence
        self.template = None if t is None else templates[t]
        self.lm: list[float] | None = None  # the learned model's own part of its vector (lazy)

    @property
    def prose(self) -> bool:
        return self.feats.prose

    @property
    def chars(self) -> int:
        return self.feats.chars


def views(p, st: State | None = None, indices: list[int] | None = None) -> list[Line]:
    """:class:`Line` views of the lines of the page ``p`` (of ``indices``, or all)."""
    templates = st.templates.templates if st is not None else []
    return [Line(r, templates) for r in p.records(indices)]


def document_lines(text: str, st: State | None = None, stops=None) -> tuple[list[Line], list[int]]:
    """The non-blank lines of ``text`` as :class:`Line` views, and where each starts.

    >>> lines, starts = document_lines("Home\\n\\nThe end.\\n")
    >>> [x.text for x in lines], starts
    (['Home', 'The end.'], [0, 6])
    """
    p = page(text, st, stops)
    return views(p, st), p.starts()


def evidence_of(texts: list[str], st: State | None, stops=None) -> list[Line]:
    """The :class:`Line` view of each of ``texts`` (lines: no newline inside, not blank).

    >>> [x.flags == MENU_ROW for x in evidence_of(["Home | News | Sport", "Home"], None)]
    [True, False]
    """
    return document_lines("\n".join(texts), st, stops)[0]
