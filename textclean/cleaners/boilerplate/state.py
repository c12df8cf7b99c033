"""What the ``boilerplate`` cleaner prepares once per pipeline and keeps between documents.

:func:`textclean.cleaners.boilerplate.setup` builds one :class:`State` per pipeline (the
host keeps it in the cleaner's :class:`~textclean.core.records.Context`); nothing of it is
shared between pipelines, and nothing is kept at module level.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from textclean.cleaners.boilerplate.templates import TemplateSet

#: Bound on the per-pipeline cache of line evidence (entries); it is emptied when full. The
#: memo of fixed points is bounded by a tenth of it.
CACHE_LINES = 200_000


@dataclass
class State:
    """The compiled templates, the models and the caches of one pipeline."""

    templates: TemplateSet
    #: the fitted :class:`~.corpus.CorpusModel` (option ``model``), or None
    model: object = None
    #: the share of corpus documents a line must recur in (0: the model's own ``min_share``)
    corpus_share: float = 0.0
    #: the options ``setup`` saw (defaults included)
    options: dict = field(default_factory=dict)
    #: the learned line classifier (:class:`~.learned.LineModel`), or None
    line_model: object = None
    #: evidence of lines seen before (menus recur across pages, and the host cleans its own
    #: output again): text of the line -> :class:`~.evidence.Line`
    seen: dict = field(default_factory=dict)
    #: the same for the lines of documents judged with another stop list than English's:
    #: name of the list (see :mod:`.stoplists`) -> text of the line -> Line
    seen_by_list: dict = field(default_factory=dict)
    #: the ``textclean_stop_words`` hook's words, by language (see :func:`.stoplists.plugin_words`)
    stop_words: dict = field(default_factory=dict)
    #: hashes of the line sequences this state produced as output (fixed points: the host's
    #: next pass over them has nothing to decide)
    fixed: set = field(default_factory=set)
