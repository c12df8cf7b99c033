"""The candidate index of the ``typos`` cleaner: the known words within two edits of a token,
found by the native core (``native/src/candidates.rs``) rather than by generating edits of
edits.

:func:`open_candidate_index` builds it over the shipped vocabulary once and keeps it in the
disk cache as one flat file, which later processes map into memory: no load time, and one copy
of its pages for every worker on the machine.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property

from rapidfuzz.distance import OSA as _OSA

from textclean import _native
from textclean.cleaners import lexicon
from textclean.core import cache

#: The cache name of the candidate index (the number changes with its layout).
INDEX_NAME = "typos-candidates-5"


class CandidateIndex:
    """The known words within edit distance 2 of a token.

    A symmetric-delete index (the SymSpell idea) over word prefixes: every string made by
    deleting up to two letters from a word's first seven letters points to the word. A
    token's own deletions are looked up in a hashed directory of the strings and the words
    found are checked with the optimal-string-alignment distance, all in the native core.
    ASCII words longer than two letters are indexed; :meth:`scan` compares a list directly (any other token).

    >>> idx = CandidateIndex(["minister", "monster", "mind"])
    >>> sorted(idx.lookup("miniter").items())
    [('minister', 1), ('monster', 2)]
    """

    PREFIX = 7

    def __init__(self, words: Iterable[str] = (), native: _native.CandidateIndex | None = None):
        if native is None:
            native = _native.CandidateIndex(_native.CandidateIndex.build(index_words(words)))
        self.native = native

    @cached_property
    def words(self) -> list[str]:
        """The indexed words, sorted (their positions are the numbers the native ``lookup`` gives)."""
        return self.native.words()

    def __len__(self) -> int:
        return len(self.native)

    def take(self, ids) -> list[str]:
        """The words of the numbers ``ids`` (a sequence or an integer array)."""
        return self.native.take(ids.tolist() if hasattr(ids, "tolist") else list(ids))

    def position(self, word: str) -> int | None:
        """The number of ``word``, or None where it is not indexed."""
        return self.native.position(word)

    def lookup(self, typo: str, limit: int = 2) -> dict[str, int]:
        """The indexed words other than ``typo`` within OSA distance ``limit`` (at most 2) of
        it, with their distances."""
        if not typo.isascii():
            return self.scan(typo, self.words, limit)
        ids, dist = self.native.lookup(typo, limit)
        return dict(zip(self.native.take(list(memoryview(ids).cast("i"))), dist))

    @staticmethod
    def scan(typo: str, words: list[str], limit: int) -> dict[str, int]:
        """The ``words`` within OSA distance ``limit`` of ``typo``, in their order, with their
        distances (compared in C, by rapidfuzz).

        >>> CandidateIndex.scan("café", ["cafe", "cafés", "tea", "café"], 2)
        {'cafe': 1, 'cafés': 1}
        """
        from rapidfuzz.process import extract
        found = extract(typo, words, scorer=_OSA.distance, score_cutoff=limit, limit=None)
        out = {words[i]: d for _, d, i in sorted(found, key=lambda f: f[2])}
        out.pop(typo, None)
        return out


def index_words(words: Iterable[str]) -> list[str]:
    """The words an index holds: ASCII, longer than two letters, sorted, each once.

    >>> index_words(["b", "café", "bar", "abc", "bar"])
    ['abc', 'bar']
    """
    return sorted(w for w in set(words) if len(w) > 2 and w.isascii())


def open_candidate_index() -> tuple[CandidateIndex, list[str]]:
    """The candidate index over the shipped vocabulary (mapped from its cache file, built and
    cached first where it is not there) and the words of the bigram list that it lacks."""
    sources = lexicon.sources()
    path = cache.cache_path(INDEX_NAME, sources).with_suffix(".idx")
    try:
        index = CandidateIndex(native=_native.CandidateIndex.open(str(path)))
    except (OSError, ValueError):  # absent or damaged: build it
        data = _native.CandidateIndex.build(index_words(lexicon.vocabulary()))
        cache.store(path, data)
        try:
            index = CandidateIndex(native=_native.CandidateIndex.open(str(path)))
        except (OSError, ValueError):  # an unwritable cache: keep it in memory
            index = CandidateIndex(native=_native.CandidateIndex(data))

    def extra() -> list[str]:
        indexed = set(index.words)
        return sorted({w for pair in lexicon.bigrams() for w in pair} - indexed)

    return index, cache.cached(f"{INDEX_NAME}-extra", sources, extra)
