"""The noisy-channel model behind the ``typos`` cleaner: candidates, error costs, context.

A misspelt token ``t`` is corrected to the candidate ``c`` that maximises

    log P(c) + w_ctx * (PMI(prev, c) + PMI(c, next)) - lam * cost(t -> c)

against a *keep* option (the token is a correct word we do not know) whose prior is a
pseudo-count. ``P(c)`` comes from the word counts, ``PMI`` from the bigram counts (both in
:mod:`textclean.cleaners.lexicon`), and ``cost`` is a weighted Damerau-Levenshtein distance whose
weights encode how people actually misspell: a doubled or undoubled letter, a vowel for a
vowel, a neighbouring key, a sound-alike consonant, two swapped letters are cheap; an error
in the first letter is dear. The softmax of the scores is the confidence reported in the
reason.
"""

from __future__ import annotations

import bisect
import heapq
import math
import re
import time
from dataclasses import dataclass
from typing import Iterable, Mapping

from rapidfuzz.distance import OSA as _OSA
from rapidfuzz.distance import Indel as _Indel

from textclean.cleaners import lexicon

LETTERS = "abcdefghijklmnopqrstuvwxyz"
VOWELS = frozenset("aeiouy")

_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_OFFSETS = (0.0, 0.25, 0.75)
_KEYPOS = {ch: (r, i + _OFFSETS[r]) for r, row in enumerate(_ROWS) for i, ch in enumerate(row)}


def _adjacent(a: str, b: str) -> bool:
    pa, pb = _KEYPOS.get(a), _KEYPOS.get(b)
    if pa is None or pb is None or a == b:
        return False
    return abs(pa[0] - pb[0]) <= 1 and abs(pa[1] - pb[1]) <= 1.0


# Consonants that spell the same or a similar sound, so that one is written for the other.
_SOUND_ALIKE = {frozenset(p) for p in (
    "ck", "cs", "sz", "iy", "gj", "kq", "mn", "fv", "dt", "bp", "sc", "xz", "ck", "wv",
)}

#: Closed-class words: a run-together token is split only when one part is one of these.
FUNCTION_WORDS = frozenset(
    "a an the of in on at to for with by from and or but nor as is was are be been were has "
    "had have it its he she we they you i his her their our my your this that these those "
    "not no so if than then there which who what when where will would can could should may "
    "might must do does did into onto upon".split()
)


@dataclass(frozen=True)
class Params:
    """The model's constants; the defaults were tuned on half of the Birkbeck corpus and
    checked on the other half (see ``benchmarks/typos.py``)."""

    lam: float = 4.5          # log-probability per unit of edit cost
    w_ctx: float = 1.0        # weight of the bigram evidence
    keep_lower: float = 300.0  # pseudo-count of "a correct word we do not know", lower case
    keep_cap: float = 1e6     # the same for a capitalised token (names are common)
    cap_pmi: float = 3.0      # a capitalised token needs a candidate this associated with a neighbour
    scale: float = 50.0       # bigram counts per unigram count (the two lists' scales)
    max_pmi: float = 8.0
    rare_boost: float = 100.0  # keep is this much likelier for a word of the rare-word list
    short_boost: float = 1000.0  # ... for a token of three letters (often an abbreviation)
    far_unsupported: float = 6.0  # log-penalty of a distance-2 candidate no neighbour supports
    morph_boost: float = 100.0  # keep is this much likelier for a derivable or compound word
    compound_min: int = 300_000  # the least count of each part of a derived or compound word
    rw_targets: int = 5000    # real-word errors: the commonest words that a slip may stand for
    rw_ratio: float = 30.0    # ... each at least this much commoner than the word written
    rw_min_gain: float = 1.0  # ... and associated with its neighbours (summed PMI) at least this
    rw_max_count: float = 1e7  # words commoner than this ("them", "then", "off") are never slips
    rw_max_length: int = 5    # ... nor words longer than this (the check costs time per word)
    rw_min_pair: float = 5e7  # ... and seen with both neighbours at least this often (bigram count)
    short_targets: int = 500  # short tokens: the commonest words a one- or two-letter token may stand for
    short_keep: float = 3000.0  # ... the pseudo-count of keeping the token
    short_min_p: float = 0.9  # ... and the least posterior of the correction


#: Error costs (1.0 = an arbitrary letter wrong): a doubled letter written single or a single
#: one doubled, two neighbouring letters swapped, and the surcharge for an error in the first
#: letter, which people rarely get wrong.
DOUBLE_COST = 0.25
SWAP_COST = 0.6
FIRST_COST = 0.6


#: Cost added to a candidate that does not sound like the token (another Soundex code):
#: people spell by ear ("juce" is "juice", not "june").
SOUND_PENALTY = 0.45

_SOUNDEX = {c: d for d, letters in (("1", "bfpv"), ("2", "cgjkqsxz"), ("3", "dt"), ("4", "l"),
                                     ("5", "mn"), ("6", "r")) for c in letters}


def soundex(word: str) -> str:
    """The Soundex code of a lower-case word, not cut to four characters (so that it tells
    "telecom" from "telecoms").

    >>> soundex("juice") == soundex("juce") != soundex("june"), soundex("telecoms")
    (True, 't4252')
    """
    if not word:
        return ""
    out = [word[0]]
    last = _SOUNDEX.get(word[0], "")
    for ch in word[1:]:
        code = _SOUNDEX.get(ch, "")
        if code and code != last:
            out.append(code)
        if ch not in "hw":
            last = code
    return "".join(out)


def sub_cost(a: str, b: str) -> float:
    """Cost of writing ``b`` where ``a`` was meant.

    >>> sub_cost("a", "e") < sub_cost("s", "d") < sub_cost("a", "m") <= 1.0
    True
    """
    if a == b:
        return 0.0
    if a in VOWELS and b in VOWELS:
        return 0.55
    if frozenset((a, b)) in _SOUND_ALIKE:
        return 0.65
    if _adjacent(a, b):
        return 0.7
    return 1.0


def edit_cost(typo: str, word: str) -> float:
    """Weighted Damerau-Levenshtein (optimal string alignment) cost of ``word`` -> ``typo``.

    The cost of each deletion, insertion and substitution is worked out once per call and
    the table is then filled with plain additions (the same sums in the same order as cell
    by cell, so the same floats).

    >>> edit_cost("begining", "beginning") < edit_cost("bigenning", "beginning")
    True
    >>> round(edit_cost("recieve", "receive"), 2)
    0.6
    """
    n, m = len(word), len(typo)
    inf = float("inf")
    dels = [_del_cost(word, i) for i in range(n)]
    # an inserted letter costs the same after word[:i] for every i but 0 (the first-letter
    # surcharge) unless it is a neighbouring key of word[i - 1] or word[i]
    ins_base = [(DOUBLE_COST if dbl else 0.75 if ch in VOWELS else 1.0) + 0.0 for ch, dbl in zip(typo, _doubled(typo))]
    ins_first = [_ins_cost(word, typo, 0, j) for j in range(m)]
    dbl = _doubled(typo)
    prev2: list[float] = []
    prev = [0.0] * (m + 1)
    for j in range(1, m + 1):
        prev[j] = prev[j - 1] + ins_first[j - 1]
    subs = _SUB_TABLE
    for i in range(1, n + 1):
        cur = [inf] * (m + 1)
        di = dels[i - 1]
        cur[0] = prev[0] + di
        wi = word[i - 1]
        near = _NEAR.get(wi, "") + (_NEAR.get(word[i], "") if i < n else "")
        w2 = word[i - 2] if i > 1 else ""
        for j in range(1, m + 1):
            tj = typo[j - 1]
            if wi == tj:
                best = prev[j - 1]
            elif i == 1 and j == 1:
                best = prev[j - 1] + (subs.get(wi + tj, 1.0) + FIRST_COST)
            else:
                best = prev[j - 1] + subs.get(wi + tj, 1.0)
            d = prev[j] + di
            if d < best:
                best = d
            if dbl[j - 1] or tj not in near:
                ins = cur[j - 1] + ins_base[j - 1]
            else:
                ins = cur[j - 1] + 0.75
            if ins < best:
                best = ins
            if j > 1 and wi == typo[j - 2] and w2 == tj and wi != tj:
                t = prev2[j - 2] + SWAP_COST
                if t < best:
                    best = t
            cur[j] = best
        prev2, prev = prev, cur
    return prev[m]


def _doubled(s: str) -> list[bool]:
    """Whether each letter of ``s`` is next to the same letter."""
    n = len(s)
    return [(j > 0 and s[j - 1] == s[j]) or (j + 1 < n and s[j + 1] == s[j]) for j in range(n)]


def _edit_cost_cellwise(typo: str, word: str) -> float:
    """:func:`edit_cost` computed cell by cell from the cost functions (the reference the
    fast version is tested against).

    >>> _edit_cost_cellwise("recieve", "receive") == edit_cost("recieve", "receive")
    True
    """
    n, m = len(word), len(typo)
    inf = float("inf")
    prev2: list[float] = []
    prev = [0.0] * (m + 1)
    for j in range(1, m + 1):
        prev[j] = prev[j - 1] + _ins_cost(word, typo, 0, j - 1)
    for i in range(1, n + 1):
        cur = [inf] * (m + 1)
        cur[0] = prev[0] + _del_cost(word, i - 1)
        wi = word[i - 1]
        for j in range(1, m + 1):
            tj = typo[j - 1]
            first = FIRST_COST if i == 1 and j == 1 else 0.0
            best = prev[j - 1] + (0.0 if wi == tj else sub_cost(wi, tj) + first)
            d = prev[j] + _del_cost(word, i - 1)
            if d < best:
                best = d
            ins = cur[j - 1] + _ins_cost(word, typo, i, j - 1)
            if ins < best:
                best = ins
            if i > 1 and j > 1 and wi == typo[j - 2] and word[i - 2] == tj and wi != tj:
                t = prev2[j - 2] + SWAP_COST
                if t < best:
                    best = t
            cur[j] = best
        prev2, prev = prev, cur
    return prev[m]


def _del_cost(word: str, i: int) -> float:
    """Cost of leaving out ``word[i]``."""
    ch = word[i]
    extra = FIRST_COST if i == 0 else 0.0
    if (i > 0 and word[i - 1] == ch) or (i + 1 < len(word) and word[i + 1] == ch):
        return DOUBLE_COST + extra  # a double letter written single
    if ch in VOWELS:
        return 0.7 + extra
    return 1.0 + extra


def _ins_cost(word: str, typo: str, i: int, j: int) -> float:
    """Cost of the extra letter ``typo[j]`` written after ``word[:i]``."""
    ch = typo[j]
    extra = FIRST_COST if i == 0 else 0.0
    if (j > 0 and typo[j - 1] == ch) or (j + 1 < len(typo) and typo[j + 1] == ch):
        return DOUBLE_COST + extra  # a single letter written double
    if (i > 0 and _adjacent(word[i - 1], ch)) or (i < len(word) and _adjacent(word[i], ch)):
        return 0.75 + extra  # a neighbouring key struck too
    if ch in VOWELS:
        return 0.75 + extra
    return 1.0 + extra


#: The keys next to each key, and the substitution cost of each pair of letters.
_NEAR = {a: "".join(b for b in LETTERS if _adjacent(a, b)) for a in LETTERS}
_SUB_TABLE = {a + b: sub_cost(a, b) for a in LETTERS for b in LETTERS}


def edits1(word: str) -> set[str]:
    """All strings one deletion, transposition, substitution or insertion from ``word``.

    >>> "minister" in edits1("miister"), len(edits1("ab"))
    (True, 130)
    """
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    out = {a + b[1:] for a, b in splits if b}
    out.update(a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1)
    out.update(a + c + b[1:] for a, b in splits if b for c in LETTERS)
    out.update(a + c + b for a, b in splits for c in LETTERS)
    return out


def _edits1_list(word: str) -> list[str]:
    """The strings of :func:`edits1`, with repeats, as a list (quicker to build and to
    intersect with a dictionary's keys).

    >>> set(_edits1_list("ab")) == edits1("ab")
    True
    """
    n = len(word)
    out = [word[:i] + word[i + 1:] for i in range(n)]
    out += [word[:i] + word[i + 1] + word[i] + word[i + 2:] for i in range(n - 1)]
    for i in range(n + 1):
        a, rest = word[:i], word[i:]
        if i < n:
            b = word[i + 1:]
            out += [a + c + b for c in LETTERS]
        out += [a + c + rest for c in LETTERS]
    return out


def _deletes(key: str, depth: int) -> set[str]:
    """The strings made by deleting up to ``depth`` letters from ``key``.

    >>> sorted(_deletes("abc", 2))
    ['a', 'ab', 'abc', 'ac', 'b', 'bc', 'c']
    """
    if depth == 2:  # the search's case: every pair of positions once, no set of sets
        n = len(key)
        out = {key[:i] + key[i + 1:j] + key[j + 1:] for i in range(n) for j in range(i + 1, n)}
        out.update(key[:i] + key[i + 1:] for i in range(n))
        out.add(key)
        return out
    out = {key}
    frontier = {key}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1:] for w in frontier for i in range(len(w))}
        out |= frontier
    return out


def osa_distance(a: str, b: str, limit: int = 2) -> int:
    """Unweighted optimal-string-alignment distance, or ``limit + 1`` when it exceeds ``limit``.

    >>> osa_distance("recieve", "receive"), osa_distance("abc", "xyzw")
    (1, 3)
    """
    return _OSA.distance(a, b, score_cutoff=limit)  # in C


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
        self._objects = np.array(self.words, dtype=object)
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
            return self._scan(typo, self.words, limit)
        ids, dist = self.lookup_ids(typo, limit)
        return dict(zip(self._objects[ids].tolist(), dist.tolist()))

    def lookup_ids(self, typo: str, limit: int = 2):
        """:meth:`lookup` of an ASCII ``typo`` as arrays: the words' positions in
        ``self.words`` and their distances."""
        import numpy as np
        from rapidfuzz.process import cdist as _cdist
        none = np.zeros(0, np.int32), np.zeros(0, np.int8)
        queries = "".join(d.ljust(8, "\0") for d in _deletes(typo[: self.PREFIX], limit))
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
        words = self._objects[found].tolist()
        dist = _cdist([typo], words, scorer=_OSA.distance, score_cutoff=limit, dtype=np.int8)[0]
        sel = (dist <= limit) & (dist > 0)  # distance 0: the typo itself
        return found[sel], dist[sel]

    @staticmethod
    def _scan(typo: str, words, limit: int) -> dict[str, int]:
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


def cost_floor(typo: str, word: str, distance: int) -> tuple[float, float | None]:
    """A lower bound of :func:`edit_cost` (``distance`` is the OSA distance), and the cost
    itself when the bound proves it, from a few string tests and one Indel distance in C.

    An alignment of two or more edits costs at least 0.25 an edit (0.55 when neither word
    has a doubled letter: only a doubled letter is cheaper to add or drop), at least half
    its Indel distance, and 0.6 more for a wrong first letter. An alignment of one edit
    costs what that edit costs. So for a candidate one edit away, the cheapest one-edit
    alignment is the exact cost whenever it is below the bound for two edits; otherwise
    the smaller of the two is a lower bound. The search computes the full table only for
    the candidates whose bound leaves them in the running.

    >>> cost_floor("recieve", "receive", 1)
    (0.6, 0.6)
    >>> low, exact = cost_floor("teath", "teeth", 1)
    >>> exact is None and low <= edit_cost("teath", "teeth")
    True
    """
    unit = 0.25 if _DOUBLE.search(word) or _DOUBLE.search(typo) else 0.55
    low = max(0.25 * _Indel.distance(typo, word), unit * distance)
    if typo[:1] != word[:1] and typo[:2] != word[1::-1]:
        low += FIRST_COST
        two = 2 * unit + FIRST_COST
    else:
        two = 2 * unit
    if distance == 1:
        one = _one_edit_cost(typo, word)
        if one < max(low, two) - 1e-9:
            return one, one
        low = min(low, one)
    return low - 1e-9, None


def _one_edit_cost(typo: str, word: str) -> float:
    """The cost of the cheapest alignment of ``word`` and ``typo`` with a single edit (the
    same sum as :func:`edit_cost` makes along it), or infinity if there is none."""
    n, m = len(word), len(typo)
    i = 0
    lim = min(n, m)
    while i < lim and word[i] == typo[i]:
        i += 1
    if n == m:
        if i == n:
            return 0.0
        if word[i + 1:] == typo[i + 1:]:
            return sub_cost(word[i], typo[i]) + (FIRST_COST if i == 0 else 0.0)
        if i + 1 < n and word[i] == typo[i + 1] and word[i + 1] == typo[i] and word[i + 2:] == typo[i + 2:]:
            return SWAP_COST
        return math.inf
    if n == m + 1:  # a letter of the word left out: any letter of its run
        if word[i + 1:] != typo[i:]:
            return math.inf
        k = i
        while k > 0 and word[k - 1] == word[i]:
            k -= 1
        return min(_del_cost(word, x) for x in range(k, i + 1))
    if m == n + 1:  # a letter too many in the typo: any letter of its run
        if typo[i + 1:] != word[i:]:
            return math.inf
        k = i
        while k > 0 and typo[k - 1] == typo[i]:
            k -= 1
        return min(_ins_cost(word, typo, x, x) for x in range(k, i + 1))
    return math.inf


_DOUBLE = re.compile(r"(.)\1")


#: The cache name of the candidate index (the number changes with its layout).
INDEX_NAME = "typos-candidates-2"


def _build_candidate_index() -> tuple[str, tuple, list[str]]:
    """The candidate index over the shipped vocabulary, as (its words joined by newlines,
    its arrays, the words of the bigram list that it lacks) for the cache: a few large
    objects unpickle much faster than 130,000 small ones."""
    index = CandidateIndex(lexicon.vocabulary())
    indexed = set(index.words)
    extra = sorted({w for pair in lexicon.bigrams() for w in pair} - indexed)
    return "\n".join(index.words), (index.keys, index.offsets, index.ids), extra


_SUFFIXES = (
    "s", "es", "ed", "ing", "er", "ers", "ee", "ees", "less", "ness", "ly", "able", "ism",
    "ist", "ists", "ful", "ship", "ment", "ments", "ish", "like", "wise", "hood", "ian", "ians",
)
_PREFIXES = (
    "re", "pre", "un", "non", "over", "under", "out", "anti", "multi", "semi", "sub",
    "super", "inter", "post", "mis", "dis", "mega", "micro", "mini", "cyber", "tele",
    "self", "counter", "hyper", "ultra", "mid", "neo", "trans", "bio", "eco",
)


class Model:
    """Word counts, bigram counts and the error model, with the scoring of candidates."""

    def __init__(self, counts: Mapping[str, int], params: Params = Params()):
        self.counts = counts
        self.params = params
        self.total = float(sum(lexicon.unigrams().values()))
        self._index: CandidateIndex | None = None
        self._extra: list[str] = []  # known words the index lacks
        self._filter = False  # whether the index holds words that are not in counts
        self._sounds: dict[str, str] = {}
        self._bigram_extra: list[str] | None = None  # bigram words the index lacks
        self._odd: list[str] | None = None  # known words with characters other than a-z
        self._wordtab = None
        self._generated = 0.0  # seconds spent generating distance-2 candidates directly
        self._bigrams: Mapping[tuple[str, str], int] | None = None
        self._after: dict[str, list[str]] = {}
        self._before: dict[str, list[str]] = {}
        self._cover_left: dict[str, int] = {}
        self._cover_right: dict[str, int] = {}
        self._strong: tuple[dict[str, tuple[str, ...]], ...] | None = None
        self._near: dict[str, tuple[str, ...]] = {}
        self._confusables: dict[str, tuple[str, ...]] | None = None
        self._short: tuple[str, ...] | None = None

    def preload(self) -> Model:
        """Load now what the search will need (the bigram statistics and derived tables, the
        candidate index, the rare-word list): from the disk cache, a few tenths of a second,
        so that no document pays for them halfway through a run. On a machine without the
        cache they are built and cached here, once (a few seconds).

        >>> Model(lexicon.vocabulary()).preload().bigrams[("prime", "minister")] > 0
        True
        """
        _ = self.bigrams
        self.strong_partners()
        if self.index(build=True) is not None and not self._filter:
            self.word_table()
        lexicon.rare_words()
        return self

    # -- statistics, loaded when first needed ------------------------------------------------
    @property
    def bigrams(self) -> Mapping[tuple[str, str], int]:
        if self._bigrams is None:
            self._cover_left, self._cover_right = self._table("typos-cover", self._build_cover)
            self._bigrams = lexicon.bigrams()
        return self._bigrams

    @staticmethod
    def _build_cover() -> tuple[dict[str, int], dict[str, int]]:
        """How much of each word's use the bigram list covers, on its left and on its right."""
        left: dict[str, int] = {}
        right: dict[str, int] = {}
        for (a, b), n in lexicon.bigrams().items():
            right[a] = right.get(a, 0) + n
            left[b] = left.get(b, 0) + n
        return left, right

    def _partner_lists(self) -> None:
        if not self._after:
            for a, b in self.bigrams:
                self._after.setdefault(a, []).append(b)
                self._before.setdefault(b, []).append(a)

    #: Seconds of direct distance-2 generation after which building the candidate index
    #: (about two seconds with its word table, then cached on disk) pays off, for a model used
    #: without :meth:`preload` (the cleaner's shared model preloads, which builds it at once).
    INDEX_AFTER = 0.3


    def index(self, build: bool = False) -> CandidateIndex | None:
        """The candidate index over the vocabulary: loaded from the disk cache when it is
        there (or built and cached now with ``build``), else None until direct generation has
        taken ``INDEX_AFTER`` seconds (then built and cached)."""
        if self._index is None:
            path = lexicon.cache_path(INDEX_NAME, lexicon.sources())
            if build or path.exists() or self._generated > self.INDEX_AFTER:
                words, tables, self._bigram_extra = lexicon.cached(
                    INDEX_NAME, lexicon.sources(), _build_candidate_index)
                self._index = CandidateIndex(words.split("\n"), tables, presorted=True)
                vocab = lexicon.vocabulary()
                self._filter = self.counts is not vocab
                if self._filter:
                    self._extra = [w for w in self.counts if len(w) > 2 and (w not in vocab or not w.isascii())]
        return self._index

    def word_table(self):
        """Per word of the candidate index (in its order), what scoring a candidate needs
        that does not depend on the token: log P(word), the context score of an unlisted
        pair on either side (see :meth:`pmi`), a Soundex code number, whether it has a
        doubled letter, and its first two letters; as numpy arrays, cached on disk."""
        if self._wordtab is None:
            p = self.params
            name = f"typos-wordtab-{INDEX_NAME}-{p.scale}-{p.max_pmi}"
            self._wordtab = lexicon.cached(name, lexicon.sources(), self._build_word_table)
        return self._wordtab

    def _build_word_table(self):
        import numpy as np
        index = self.index()
        assert index is not None
        _ = self.bigrams  # loads the cover tables
        p = self.params
        logp, left, right, sounds, double, first, second = [], [], [], [], [], [], []
        codes: dict[str, int] = {}
        for w in index.words:
            n = self.counts[w]
            logp.append(self.logp(w))
            for side, cover in ((left, self._cover_left), (right, self._cover_right)):
                v = math.log(max(1.0 - cover.get(w, 0) / (p.scale * n), 0.02))
                side.append(max(-p.max_pmi, min(p.max_pmi, v)))
            sounds.append(codes.setdefault(self.sound(w), len(codes)))
            double.append(bool(_DOUBLE.search(w)))
            first.append(ord(w[0]))
            second.append(ord(w[1]))
        # the bigram list as sorted integer keys (word number * size + word number), the
        # words beyond the index numbered after it
        extra = {w: len(index.words) + i for i, w in enumerate(self._bigram_extra or [])}
        size = len(index.words) + len(extra)
        number = {w: i for i, w in enumerate(index.words)}
        number.update(extra)
        pairs = sorted((number[a] * size + number[b], n) for (a, b), n in self.bigrams.items())
        pair_keys = np.array([k for k, _ in pairs], dtype=np.int64)
        pair_counts = np.array([n for _, n in pairs], dtype=np.int64)
        return (np.array(logp), np.array(left), np.array(right), np.array(sounds, dtype=np.int32),
                np.array(double), np.array(first, dtype=np.int32), np.array(second, dtype=np.int32), codes,
                extra, size, pair_keys, pair_counts)

    def _number(self, word: str, table) -> int | None:
        """The number of ``word`` in the bigram keys of :meth:`word_table`, or None."""
        words = self._index.words  # type: ignore[union-attr]
        i = bisect.bisect_left(words, word)
        if i < len(words) and words[i] == word:
            return i
        return table[8].get(word)

    #: Candidates below which :meth:`entries` leaves the scoring to the caller.
    FEW = 20

    def entries(self, typo: str, left: str | None, right: str | None, exclude: frozenset[str]):
        """The candidates of a lower-case ``typo`` (see :meth:`near`) with what the cleaner's
        ranking needs, computed for all of them at once in numpy: ``(scored, bounds, make)``
        where ``scored`` are the entries whose error cost is already exact, ``bounds`` the
        upper bounds of the others' scores in decreasing order and ``make(k)`` the k-th of
        those entries. An entry is (upper bound of the score, word, distance, score without
        the error cost, far and unsupported, context left, context right, sound penalty,
        exact error cost or None), the same values as computing them one by one. None when
        this shortcut does not apply (a custom vocabulary, no index), and the candidates as
        :meth:`near` gives them when they are few. ``exclude`` are words never proposed for
        a token more than one letter longer.
        """
        import numpy as np
        from rapidfuzz.process import cdist as _cdist
        index = self.index()
        if index is None or self._filter or len(typo) <= 3 or not typo.isascii():
            return None
        ids, dist = index.lookup_ids(typo)
        if len(ids) < self.FEW:
            # numpy's cost per call outweighs its speed per candidate: the caller goes one by one
            return dict(zip(index._objects[ids].tolist(), dist.tolist()))
        table = self.word_table()
        logp, ul, ur, sx, dbl, c0, c1, codes, _, size, pair_keys, pair_counts = table
        if exclude and len(typo) > 4 and len(ids):
            drop = [i for i, w in enumerate(index._objects[ids].tolist()) if w in exclude]
            if drop:
                keep = np.ones(len(ids), dtype=bool)
                keep[drop] = False
                ids, dist = ids[keep], dist[keep]
        if not len(ids):
            return [], [], None
        p = self.params
        counts, total, scale, hi = self.counts, self.total, p.scale, p.max_pmi
        words = index._objects[ids]
        n = len(ids)
        ids64 = ids.astype(np.int64)
        zeros = np.zeros(n)
        ctx_l = ul[ids] if left and counts.get(left) else zeros
        ctx_r = ur[ids] if right and counts.get(right) else zeros
        for side, word in ((0, left), (1, right)):
            if not word or not counts.get(word):
                continue
            number = self._number(word, table)
            if number is None:
                continue
            keys = number * size + ids64 if side == 0 else ids64 * size + number
            pos = np.searchsorted(pair_keys, keys)
            pos[pos == len(pair_keys)] = 0
            hit = np.flatnonzero(pair_keys[pos] == keys)
            if not len(hit):
                continue
            cw = counts[word]
            values = []
            for w, observed in zip(words[hit].tolist(), pair_counts[pos[hit]].tolist()):
                if side == 0:
                    v = math.log(observed / (cw * counts[w] / total * scale))
                else:
                    v = math.log(observed / (counts[w] * cw / total * scale))
                values.append(max(-hi, min(hi, v)))
            if side == 0:
                ctx_l = ctx_l.copy()
                ctx_l[hit] = values
            else:
                ctx_r = ctx_r.copy()
                ctx_r[hit] = values
        code = codes.get(soundex(typo), -1)
        penalty = np.where(sx[ids] != code, SOUND_PENALTY, 0.0)
        word_list = words.tolist()
        indel = _cdist([typo], word_list, scorer=_Indel.distance, dtype=np.int32)[0]
        unit = np.where(dbl[ids] | bool(_DOUBLE.search(typo)), 0.25, 0.55)
        floor = np.maximum(0.25 * indel, unit * dist)
        t0, t1 = ord(typo[0]), ord(typo[1])
        first = np.where((c0[ids] != t0) & ~((c0[ids] == t1) & (c1[ids] == t0)), FIRST_COST, 0.0)
        two = 2 * unit + first
        floor = floor + first - 1e-9
        known = bool(left and counts.get(left)) or bool(right and counts.get(right))
        w_ctx, lam, far = p.w_ctx, p.lam, p.far_unsupported
        base = logp[ids] + w_ctx * (ctx_l + ctx_r)
        unsupported = (ctx_l <= 0) & (ctx_r <= 0) & (dist > 1) if known else np.zeros(n, dtype=bool)
        exact = [None] * n
        for i in np.flatnonzero(dist == 1).tolist():
            one = _one_edit_cost(typo, word_list[i])
            fl = floor[i] + 1e-9
            if one < max(fl, two[i]) - 1e-9:
                exact[i] = one
                floor[i] = one
            elif one < fl:
                floor[i] = one - 1e-9
        bound = base - lam * (floor + penalty) - np.where(unsupported, far, 0.0)

        def make(i: int) -> tuple:
            return (float(bound[i]), word_list[i], int(dist[i]), float(base[i]), bool(unsupported[i]),
                    float(ctx_l[i]), float(ctx_r[i]), float(penalty[i]), exact[i])

        scored = [make(i) for i, e in enumerate(exact) if e is not None]
        rest = np.array([i for i, e in enumerate(exact) if e is None], dtype=np.int64)
        order = rest[np.argsort(-bound[rest], kind="stable")] if len(rest) else rest
        return scored, bound[order], lambda k: make(int(order[k]))

    def near(self, typo: str) -> dict[str, int]:
        """The known words other than ``typo`` within edit distance 1, and, for a token of four
        letters or more, the words of three letters or more within distance 2 (optimal
        string alignment), with their distances.

        >>> Model(lexicon.vocabulary()).near("miister")["minister"]
        1
        """
        counts = self.counts
        if len(typo) <= 3:
            return {w: 1 for w in edits1(typo) if w in counts and w != typo}
        index = self.index()
        if index is None:
            return self._near_direct(typo)
        found = index.lookup(typo)
        if self._filter:
            found = {w: d for w, d in found.items() if w in counts}
            if self._extra:
                found.update(CandidateIndex._scan(typo, self._extra, 2))
        return found

    def _near_direct(self, typo: str) -> dict[str, int]:
        """:meth:`near` by generating edits of edits (no index): slower per token, but
        nothing to load or build."""
        t0 = time.perf_counter()
        counts = self.counts
        keys = counts.keys()
        out = {w for w in edits1(typo) if w in counts}
        far: set[str] = set()
        for x in edits1(typo):
            far |= keys & _edits1_list(x)
        out.update(w for w in far if len(w) > 2)
        out.discard(typo)
        found = {w: _OSA.distance(typo, w) for w in out}
        if self._odd is None:  # words with other characters than a-z: edits do not reach them
            self._odd = [w for w in counts if len(w) > 2 and w.strip(LETTERS)]
        found.update(CandidateIndex._scan(typo, self._odd, 2))
        self._generated += time.perf_counter() - t0
        return {w: d for w, d in found.items() if d <= 2}

    def sound(self, word: str) -> str:
        """:func:`soundex` of a word, remembered (a search asks for many candidates' codes)."""
        code = self._sounds.get(word)
        if code is None:
            code = soundex(word)
            if len(self._sounds) > 400_000:
                self._sounds.clear()
            self._sounds[word] = code
        return code

    def logp(self, word: str) -> float:
        return math.log(self.counts.get(word, 1) / self.total)

    def pmi(self, a: str | None, b: str | None, unknown: str = "b") -> float:
        """Evidence of the adjacent words ``a b`` for the candidate, as log P(pair) over the
        independence estimate.

        A listed pair gives its pointwise mutual information. An unlisted one says the pair
        is rarer than the list's cut-off: the more of the candidate's uses the list covers
        (``unknown`` names the candidate's side), the stronger that counts against it.

        >>> m = Model(lexicon.vocabulary())
        >>> m.pmi("prime", "minister") > 5, m.pmi("getting", "outset") < -1
        (True, True)
        """
        if not a or not b:
            return 0.0
        ca, cb = self.counts.get(a), self.counts.get(b)
        if not ca or not cb:
            return 0.0
        p = self.params
        observed = self.bigrams.get((a, b))
        if observed:
            v = math.log(observed / (ca * cb / self.total * p.scale))
        else:
            cand, n = (b, cb) if unknown == "b" else (a, ca)
            cover = (self._cover_left if unknown == "b" else self._cover_right).get(cand, 0)
            v = math.log(max(1.0 - cover / (p.scale * n), 0.02))
        return max(-p.max_pmi, min(p.max_pmi, v))

    def contexts(self, left: str | None, right: str | None, words: Iterable[str]) -> list[tuple[float, float]]:
        """``(pmi(left, w), pmi(w, right, unknown="a"))`` for each of ``words``, the same
        values as :meth:`pmi` in one loop (a search asks for hundreds).

        >>> m = Model(lexicon.vocabulary())
        >>> m.contexts("prime", None, ["minister"]) == [(m.pmi("prime", "minister"), 0.0)]
        True
        """
        counts, bigrams, total = self.counts, self.bigrams, self.total
        p = self.params
        scale, hi, lo = p.scale, p.max_pmi, -p.max_pmi
        log = math.log
        ca = counts.get(left) if left else None
        cr = counts.get(right) if right else None
        cover_left, cover_right = self._cover_left, self._cover_right
        out = []
        for w in words:
            cw = counts.get(w)
            vl = vr = 0.0
            if cw:
                if ca:
                    observed = bigrams.get((left, w))
                    if observed:
                        v = log(observed / (ca * cw / total * scale))
                    else:
                        v = log(max(1.0 - cover_left.get(w, 0) / (scale * cw), 0.02))
                    vl = max(lo, min(hi, v))
                if cr:
                    observed = bigrams.get((w, right))
                    if observed:
                        v = log(observed / (cw * cr / total * scale))
                    else:
                        v = log(max(1.0 - cover_right.get(w, 0) / (scale * cw), 0.02))
                    vr = max(lo, min(hi, v))
            out.append((vl, vr))
        return out

    def derivable(self, word: str) -> str | None:
        """How ``word`` can be made of known parts (a known word with a productive prefix or
        suffix, or two common words), or None. Such a word is likelier to be a correct word
        the dictionary lacks than a misspelling.

        >>> m = Model(lexicon.vocabulary())
        >>> m.derivable("refloated"), m.derivable("leaderboard"), m.derivable("recieve")
        ('re+floated', 'leader+board', None)
        """
        counts = self.counts
        floor = self.params.compound_min
        for suf in _SUFFIXES:
            if word.endswith(suf) and len(word) - len(suf) >= 4:
                base = word[: len(word) - len(suf)]
                undoubled = base[:-1] if base[-1] == base[-2] and base[-1] not in "aeiou" else ""
                for b in (base, base + "e", undoubled):
                    if len(b) >= 4 and counts.get(b, 0) >= floor and b not in FUNCTION_WORDS:
                        return f"{b}+{suf}"
        if word + "s" in counts or word + "es" in counts:
            return f"{word}+s known"
        if word.endswith("s") and (word[:-1] in counts or (word.endswith("es") and word[:-2] in counts)):
            return f"{word[:-1]}+s"
        for pre in _PREFIXES:
            rest = word[len(pre):]
            if word.startswith(pre) and len(rest) >= 5 and counts.get(rest, 0) >= floor:
                return f"{pre}+{rest}"
        for i in range(4, len(word) - 3):
            a, b = word[:i], word[i:]
            if counts.get(a, 0) >= floor and counts.get(b, 0) >= floor:
                return f"{a}+{b}"
        return None

    # -- candidates --------------------------------------------------------------------------
    def candidates(self, typo: str) -> dict[str, float]:
        """Known words within edit distance 2 of ``typo`` (see :meth:`near`), with their
        error costs (the cleaner itself computes most costs only when they matter).

        >>> m = Model(lexicon.vocabulary())
        >>> c = m.candidates("miister")
        >>> round(c["minister"], 2), round(c["mister"], 2)
        (1.45, 0.25)
        """
        sound = soundex(typo)
        return {w: edit_cost(typo, w) + (SOUND_PENALTY if self.sound(w) != sound else 0.0)
                for w in self.near(typo)}

    def partners(self, left: str | None, right: str | None, typo: str) -> dict[str, int]:
        """The words seen after ``left`` or before ``right`` in the bigram list that are within
        edit distance 2 of ``typo``, with their distances (empty unless a neighbour strongly
        predicts a word one edit away).

        >>> m = Model(lexicon.vocabulary())
        >>> m.partners("prime", None, "miister")
        {'minister': 1, 'ministers': 2}
        """
        strong = self.strong_partners()
        length = len(typo)
        near = [w for w in (strong[0].get(left, ()) if left else ()) + (strong[1].get(right, ()) if right else ())
                if abs(len(w) - length) <= 2 and w != typo]
        if not any(osa_distance(typo, w, 1) <= 1 for w in near):
            return {}  # no candidate a neighbour strongly predicts: the token stays as it is
        bigrams = self.bigrams
        index = self.index()
        if index is not None:
            found = index.lookup(typo)
            found.update(CandidateIndex._scan(typo, self._bigram_extra or [], 2))
            return dict(sorted((w, d) for w, d in found.items() if (left and (left, w) in bigrams)
                               or (right and (w, right) in bigrams)))
        self._partner_lists()
        words = set(self._after.get(left, ()) if left else ()) | set(self._before.get(right, ()) if right else ())
        return {w: d for w in sorted(words)
                if w != typo and abs(len(w) - length) <= 2 and (d := osa_distance(typo, w)) <= 2}

    def strong_partners(self):
        """The words each word strongly predicts after it and before it (listed bigrams with
        PMI >= ``cap_pmi``, the only candidates that can correct a capitalised token), and a
        delete index of those words (each one-letter deletion -> the words), and the set of
        those (word, next word) pairs.

        >>> "minister" in Model(lexicon.vocabulary()).strong_partners()[0]["prime"]
        True
        """
        if self._strong is None:
            p = self.params
            self._strong = self._table(f"typos-strong3-{p.cap_pmi}-{p.scale}-{p.max_pmi}", self._build_strong)
        return self._strong

    def near_partner(self, typo: str) -> tuple[str, ...]:
        """The words one edit from ``typo`` that some neighbour could strongly predict (see
        :meth:`strong_partners`): a capitalised token can only be corrected to one of them. A
        delete index over those words makes this a few lookups.

        >>> m = Model(lexicon.vocabulary())
        >>> m.near_partner("miister"), m.near_partner("pashinyan")
        (('minister',), ())
        """
        hit = self._near.get(typo)
        if hit is not None:
            return hit
        index = self.strong_partners()[2]
        keys = {typo[:i] + typo[i + 1:] for i in range(len(typo))} | {typo}
        hit = tuple(sorted({w for k in keys for w in index.get(k, ()) if w != typo and osa_distance(typo, w, 1) <= 1}))
        if len(self._near) > 200_000:
            self._near.clear()
        self._near[typo] = hit
        return hit

    def confusables(self) -> dict[str, tuple[str, ...]]:
        """Real words that are a likely slip for a far commoner word one edit away (``otter``
        for ``other``, ``tow`` for ``to``): word -> the common words it may stand for. Only
        these are checked for real-word errors, so clean text costs one set intersection.

        >>> "other" in Model(lexicon.vocabulary()).confusables()["otter"]
        True
        """
        if self._confusables is None:
            p = self.params
            name = f"typos-confusables-{p.rw_targets}-{p.rw_ratio}-{p.rw_max_count}-{p.rw_max_length}"
            self._confusables = self._table(name, self._build_confusables)
        return self._confusables

    def _table(self, name: str, build):
        """A derived table: from the disk cache when built over the shipped vocabulary (its
        name carries the parameters it depends on), else built here."""
        if self.counts is lexicon.vocabulary():
            return lexicon.cached(name, lexicon.sources(), build)
        return build()

    def _build_confusables(self) -> dict[str, tuple[str, ...]]:
        p = self.params
        counts = lexicon.unigrams()
        common = sorted(counts, key=lambda w: (-counts[w], w))[: p.rw_targets]
        out: dict[str, list[str]] = {}
        for c in common:
            bound = min(counts[c] / p.rw_ratio, p.rw_max_count)
            for x in set(_edits1_list(c)):
                if x != c and 3 <= len(x) <= p.rw_max_length and counts.get(x, bound) < bound:
                    out.setdefault(x, []).append(c)
        return {k: tuple(v) for k, v in out.items()}

    def _build_strong(self):
        after: dict[str, list[str]] = {}
        before: dict[str, list[str]] = {}
        floor = self.params.cap_pmi
        for (a, b) in self.bigrams:
            if self.pmi(a, b) >= floor:
                after.setdefault(a, []).append(b)
                before.setdefault(b, []).append(a)
        index: dict[str, list[str]] = {}
        words = {x for ws in after.values() for x in ws} | {x for ws in before.values() for x in ws}
        for w in sorted(words):
            for d in {w[:i] + w[i + 1:] for i in range(len(w))} | {w}:
                index.setdefault(d, []).append(w)
        pairs = frozenset((a, b) for a, bs in after.items() for b in bs)
        return ({k: tuple(v) for k, v in after.items()}, {k: tuple(v) for k, v in before.items()},
                {k: tuple(v) for k, v in index.items()}, pairs)

    def short_choice(self, typo: str, left: str | None, right: str | None) -> tuple[str, float] | None:
        """The word that an unknown token of one or two letters between the known words
        ``left`` and ``right`` (None: no evidence on that side) most likely stands for, with
        its posterior, or None. The candidates are the commonest words of up to four letters
        (``short_targets``) within two edits; the winner must make a listed bigram with each
        neighbour given.

        >>> m = Model(lexicon.vocabulary())
        >>> w, p = m.short_choice("ot", "going", "focus"); w, p > 0.9
        ('to', True)
        >>> m.short_choice("js", "random", "toolkit") is None
        True
        """
        if self._short is None:
            counts = lexicon.unigrams()
            common = heapq.nsmallest(self.params.short_targets, counts, key=lambda w: (-counts[w], w))
            self._short = tuple(w for w in common if len(w) <= 4 and w.isalpha())
        p = self.params
        limit = 2
        scores = []
        for c, (cl, cr) in zip(self._short, self.contexts(left, right, self._short)):
            if c != typo and abs(len(c) - len(typo)) <= limit and osa_distance(typo, c, limit) <= limit:
                scores.append((self.logp(c) + p.w_ctx * (cl + cr) - p.lam * edit_cost(typo, c), c))
        if not scores:
            return None
        top, best = max(scores)
        if (left and (left, best) not in self.bigrams) or (right and (best, right) not in self.bigrams):
            return None
        z = math.exp(math.log(p.short_keep / self.total) - top) + math.fsum(math.exp(x - top) for x, _ in scores)
        return best, 1.0 / z

    def splits(self, typo: str) -> list[tuple[str, str]]:
        """Ways to read ``typo`` as two run-together words, one of them a function word,
        that are seen together in the bigram list.

        >>> Model(lexicon.vocabulary()).splits("inthe")
        [('in', 'the')]
        """
        out = []
        for i in range(1, len(typo)):
            a, b = typo[:i], typo[i:]
            if (a in FUNCTION_WORDS or b in FUNCTION_WORDS) and a in self.counts and b in self.counts:
                if (a, b) in self.bigrams and (len(a) > 1 or a in ("a", "i")) and (len(b) > 1 or b == "a"):
                    out.append((a, b))
        return out
