"""The candidate index of the ``typos`` cleaner: the known words within two edits of a token,
found in C and numpy rather than by generating edits of edits.

:func:`build_candidate_index` builds it over the shipped vocabulary for the disk cache
(:func:`textclean.cleaners.lexicon.cached`, under :data:`INDEX_NAME`).
"""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz.distance import OSA as _OSA

from textclean.cleaners import lexicon
from textclean.cleaners.typos.costs import deletes

#: The cache name of the candidate index (the number changes with its layout).
INDEX_NAME = "typos-candidates-2"


class CandidateIndex:
    """The known words within edit distance 2 of a token, found in C and numpy.

    A symmetric-delete index (the SymSpell idea) over word prefixes: every string made by
    deleting up to two letters from a word's first seven letters, packed into a 64-bit
    integer, points to the word. A token's own deletions are looked up with one binary
    search, and the words found are checked with rapidfuzz's optimal-string-alignment
    distance. The arrays pickle and load in a few hundredths of a second (25 MB on disk).

    >>> idx = CandidateIndex(["minister", "monster", "mind"])
    >>> sorted(idx.lookup("miniter").items())
    [('minister', 1), ('monster', 2)]
    """

    PREFIX = 7

    def __init__(self, words: Iterable[str], tables: tuple | None = None, presorted: bool = False):
        import numpy as np  # imported when first needed: it takes a twentieth of a second
        self.words = list(words) if presorted else sorted(w for w in set(words) if len(w) > 2 and w.isascii())
        self.keys, self.offsets, self.ids = tables if tables is not None else self.build(self.words)
        self.objects = np.array(self.words, dtype=object)  # the words, for fancy indexing
        self._lengths = np.fromiter(map(len, self.words), dtype=np.int16, count=len(self.words))

    @classmethod
    def build(cls, words: list[str]) -> tuple:
        """The (sorted unique keys, offsets into ids, word ids) arrays of ``words``."""
        import numpy as np
        p = cls.PREFIX
        n = len(words)
        if not n:
            return np.zeros(0, np.uint64), np.zeros(1, np.int32), np.zeros(0, np.int32)
        heads = [w[:p].encode("ascii") for w in words]
        mat = np.frombuffer(b"".join(h.ljust(8, b"\0") for h in heads), dtype=np.uint8).reshape(n, 8)
        lengths = np.fromiter(map(len, heads), dtype=np.int64, count=n)
        ids = np.arange(n, dtype=np.int32)
        keys, owners = [], []
        drops = [()] + [(i,) for i in range(p)] + [(i, j) for i in range(p) for j in range(i + 1, p)]
        for drop in drops:
            kept = [k for k in range(p) if k not in drop]
            sub = np.zeros((n, 8), dtype=np.uint8)
            sub[:, : len(kept)] = mat[:, kept]
            valid = np.ones(n, dtype=bool)
            for k in drop:  # deleting past the end gives a key the word already has
                valid &= lengths > k
            keys.append(sub.view(">u8").ravel()[valid].astype(np.uint64))
            owners.append(ids[valid])
        key = np.concatenate(keys)
        owner = np.concatenate(owners)
        order = np.lexsort((owner, key))
        key, owner = key[order], owner[order]
        first = np.ones(len(key), dtype=bool)
        first[1:] = (key[1:] != key[:-1]) | (owner[1:] != owner[:-1])
        key, owner = key[first], owner[first]
        unique, starts = np.unique(key, return_index=True)
        return unique, np.append(starts, len(key)).astype(np.int32), owner

    def lookup(self, typo: str, limit: int = 2) -> dict[str, int]:
        """The indexed words other than ``typo`` within OSA distance ``limit`` (at most 2) of
        it, with their distances."""
        if not typo.isascii():
            return self.scan(typo, self.words, limit)
        ids, dist = self.lookup_ids(typo, limit)
        return dict(zip(self.objects[ids].tolist(), dist.tolist()))

    def lookup_ids(self, typo: str, limit: int = 2):
        """:meth:`lookup` of an ASCII ``typo`` as arrays: the words' positions in
        ``self.words`` and their distances."""
        import numpy as np
        from rapidfuzz.process import cdist as _cdist
        none = np.zeros(0, np.int32), np.zeros(0, np.int8)
        queries = "".join(d.ljust(8, "\0") for d in deletes(typo[: self.PREFIX], limit))
        q = np.sort(np.frombuffer(queries.encode("ascii"), dtype=">u8").astype(np.uint64))
        keys = self.keys
        pos = np.searchsorted(keys, q)
        pos[pos == len(keys)] = 0
        hit = pos[keys[pos] == q]
        if not len(hit):
            return none
        ids, offsets = self.ids, self.offsets
        found = np.concatenate([ids[a:b] for a, b in zip(offsets[hit].tolist(), offsets[hit + 1].tolist())])
        found = np.sort(found[np.abs(self._lengths[found] - len(typo)) <= limit])
        if not len(found):
            return none
        found = found[np.concatenate(([True], found[1:] != found[:-1]))]  # (np.unique is slower)
        words = self.objects[found].tolist()
        dist = _cdist([typo], words, scorer=_OSA.distance, score_cutoff=limit, dtype=np.int8)[0]
        sel = (dist <= limit) & (dist > 0)  # distance 0: the typo itself
        return found[sel], dist[sel]

    @staticmethod
    def scan(typo: str, words, limit: int) -> dict[str, int]:
        """The ``words`` (a list or an object array) within OSA distance ``limit`` of
        ``typo`` (compared in C)."""
        import numpy as np
        from rapidfuzz.process import cdist as _cdist
        if not len(words):
            return {}
        if not isinstance(words, np.ndarray):
            words = np.array(words, dtype=object)
        dist = _cdist([typo], words.tolist(), scorer=_OSA.distance, score_cutoff=limit, dtype=np.int8)[0]
        sel = np.flatnonzero(dist <= limit)
        out = dict(zip(words[sel].tolist(), dist[sel].tolist()))
        out.pop(typo, None)
        return out


def build_candidate_index() -> tuple[str, tuple, list[str]]:
    """The candidate index over the shipped vocabulary, as (its words joined by newlines,
    its arrays, the words of the bigram list that it lacks) for the cache: a few large
    objects unpickle much faster than 130,000 small ones."""
    index = CandidateIndex(lexicon.vocabulary())
    indexed = set(index.words)
    extra = sorted({w for pair in lexicon.bigrams() for w in pair} - indexed)
    return "\n".join(index.words), (index.keys, index.offsets, index.ids), extra

