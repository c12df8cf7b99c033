"""The options of the ``typos`` cleaner and what a pipeline keeps between documents: the
model, shared by the pipelines of a process, and the bounded caches of verdicts and
decisions, one set per pipeline (:class:`TyposState`, made by ``setup``).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from functools import lru_cache
from typing import Any, NamedTuple

from textclean import _native
from textclean.cleaners import lexicon
from textclean.cleaners.typos import listed
from textclean.core.cache import cached_counts
from textclean.cleaners.typos.model import Model, Params
from textclean.cleaners.typos.vetoes import chunk_kinds

OPTIONS: dict[str, Any] = {
    "min_confidence": 0.5,
    "protected_words": [],
    "fix_capitalised": True,
    "fix_spacing": True,
    "fix_real_words": False,
    "fix_short": True,
}

#: Decisions remembered per (token, neighbours), least recently used dropped first.
DECISION_CACHE = 50_000
#: Corrections remembered per window of text (see :func:`~textclean.cleaners.typos.fixers.fix_spots`).
WINDOW_CACHE = 20_000
#: Verdicts remembered per word form (each cache is emptied when full).
FORM_CACHE = 200_000


class Settings(NamedTuple):
    """The options that a correction depends on (part of the window cache's key)."""

    min_confidence: float
    fix_capitalised: bool
    fix_spacing: bool

    @classmethod
    def of(cls, options: Mapping[str, Any]) -> Settings:
        return cls(float(options.get("min_confidence", OPTIONS["min_confidence"])),
                   bool(options.get("fix_capitalised", True)), bool(options.get("fix_spacing", True)))


def remember(cache: dict, key: Any, value: Any) -> Any:
    """Store ``value`` under ``key`` in a per-form cache, emptied first when full."""
    if len(cache) > FORM_CACHE:
        cache.clear()
    cache[key] = value
    return value


@lru_cache(maxsize=4)
def shared_model(extra: tuple[str, ...] = ()) -> Model:
    """The model for the standard vocabulary plus ``extra`` known words, loaded once per
    process and shared by its pipelines (its tables are read-only; its caches depend only on
    the vocabulary), so that worker processes forked from a warm server start with it.

    >>> shared_model() is shared_model()
    True
    """
    counts = lexicon.vocabulary()
    if extra:
        counts = dict(counts)
        floor = min(lexicon.unigrams().values())
        counts.update((w, floor) for w in extra)
    return Model(counts, Params()).preload()


class TyposState:
    """The protected and known words, the model (loaded on first use: a pipeline that never
    meets a document pays nothing), and the caches of one pipeline.

    ``model`` is the model to use instead of the shared one for the standard vocabulary plus
    the known words (a model without the candidate index, a custom vocabulary).

    >>> TyposState(protected={"klaar"}).protected
    {'klaar'}
    """

    def __init__(self, known: list[str] | None = None, protected: set[str] | None = None,
                 model: Model | None = None):
        self._known = known or []
        self.protected = protected or set()
        self._model = model
        #: (word, neighbours, ...) -> the Decision (see fixers.fix_word), least recent first
        self.decisions: OrderedDict = OrderedDict()
        #: (text window, offset, settings, spot kind) -> the correction, least recent first
        self.windows: OrderedDict = OrderedDict()
        #: form -> its Verdict (see spotting.verdict), for the forms that may be corrected
        self.verdicts: dict[str, Any] = {}
        #: the forms whose Verdict is NEVER, which the word scan leaves out (a native set:
        #: most unknown forms of a page are such forms seen on earlier pages)
        self.never_forms = _native.FormSet()
        self._cased: Any = None
        self._confusables: dict[str, tuple[str, ...]] | None = None
        self._confusable_words: frozenset[str] | None = None
        self._chunk_kinds: _native.ChunkKinds | None = None

    @property
    def model(self) -> Model:
        if self._model is None:
            counts = lexicon.vocabulary()
            extra = sorted({w.lower() for w in self._known if w and w.lower() not in counts})
            self._model = shared_model(tuple(extra))
            # codespell's list too, read with the model rather than in the middle of the
            # first page of documentation (its map is checked entry by entry as it loads)
            listed.listed()
        return self._model

    @property
    def vocabulary(self) -> Any:
        """The known words in lower case and capitalised (what the fast path subtracts, with
        its ``missing``): a native word map, cached on disk for the shipped vocabulary (a
        frozenset of its 260,000 forms took 50 ms to unpickle and 20 MB in every process)."""
        if self._cased is None:
            words = self.model.counts

            def forms():
                seen = set(words).union([w.capitalize() for w in words])
                return ((w, 1) for w in seen)

            if words is lexicon.vocabulary():
                self._cased = cached_counts("typos-cased2", lexicon.sources(), forms, indexed=True)
            else:
                self._cased = _native.Counts(_native.Counts.build(forms()), indexed=True)
        return self._cased

    @property
    def confusables(self) -> dict[str, tuple[str, ...]]:
        """Real words that may be slips for far commoner words (see
        :meth:`Model.confusables`), less the protected words."""
        if self._confusables is None:
            table = self.model.confusables()
            self._confusables = {k: v for k, v in table.items() if k not in self.protected}
        return self._confusables

    @property
    def confusable_words(self) -> frozenset[str]:
        if self._confusable_words is None:
            self._confusable_words = frozenset(self.confusables)
        return self._confusable_words

    @property
    def chunk_kinds(self) -> _native.ChunkKinds:
        """The kinds of chunks seen, for the line checks."""
        if self._chunk_kinds is None:
            self._chunk_kinds = chunk_kinds(self.model.counts)
        return self._chunk_kinds
