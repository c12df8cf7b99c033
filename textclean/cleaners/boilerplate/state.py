"""What the ``boilerplate`` cleaner prepares once per pipeline and keeps between documents.

:func:`textclean.cleaners.boilerplate.setup` builds one :class:`State` per pipeline (the
host keeps it in the cleaner's :class:`~textclean.core.records.Context`); nothing of it is
shared between pipelines, and nothing is kept at module level.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from textclean.cleaners.boilerplate.templates import TemplateSet

#: Bound on the memo of fixed points (entries), emptied when full (the native judge's cache
#: of line evidence has its own bound, ``CACHE_LINES`` of ``native/src/boilerplate``).
CACHE_LINES = 20_000


@dataclass
class State:
    """The compiled templates (with the native judge, which keeps the evidence of lines seen
    before: menus recur across pages, and the host cleans its own output again), the models
    and the memo of fixed points of one pipeline."""

    templates: TemplateSet
    #: the fitted :class:`~.corpus.CorpusModel` (option ``model``), or None
    model: object = None
    #: the share of corpus documents a line must recur in (0: the model's own ``min_share``)
    corpus_share: float = 0.0
    #: the options ``setup`` saw (defaults included)
    options: dict = field(default_factory=dict)
    #: the learned line classifier (:class:`~.learned.LineModel`), or None
    line_model: object = None
    #: the ``textclean_stop_words`` hook's words, by language (see :func:`.stoplists.plugin_words`)
    stop_words: dict = field(default_factory=dict)
    #: the line sequences this state produced as output, as ``(language, format, hash of the
    #: lines)`` (fixed points: the host's next pass over them has nothing to decide)
    fixed: set = field(default_factory=set)
