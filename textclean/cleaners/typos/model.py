"""The noisy-channel model behind the ``typos`` cleaner: candidates, error costs, context.

A misspelt token ``t`` is corrected to the candidate ``c`` that maximises

    log P(c) + w_ctx * (PMI(prev, c) + PMI(c, next)) - lam * cost(t -> c)

against a *keep* option (the token is a correct word we do not know) whose prior is a
pseudo-count. ``P(c)`` comes from the word counts, ``PMI`` from the bigram counts (both in
:mod:`textclean.lexicon`), and ``cost`` is a weighted Damerau-Levenshtein distance whose
weights encode how people actually misspell: a doubled or undoubled letter, a vowel for a
vowel, a neighbouring key, a sound-alike consonant, two swapped letters are cheap; an error
in the first letter is dear. The softmax of the scores is the confidence reported in the
reason.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Iterable, Mapping

from ... import lexicon

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

    >>> edit_cost("begining", "beginning") < edit_cost("bigenning", "beginning")
    True
    >>> round(edit_cost("recieve", "receive"), 2)
    0.6
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
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            c = prev[j - 1] + (a[i - 1] != b[j - 1])
            c = min(c, prev[j] + 1, cur[j - 1] + 1)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                c = min(c, prev2[j - 2] + 1)
            cur[j] = c
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


class DeleteIndex:
    """A symmetric-delete index (the SymSpell idea) over word prefixes, for edit distance 2.

    Each string made by deleting up to two letters from a word's first seven letters maps to
    the words (space-separated in one string: a compact dict that pickles and loads fast).

    >>> DeleteIndex(["minister", "monster", "mind"]).lookup("miniter")
    ['minister', 'monster']
    """

    PREFIX = 7

    def __init__(self, words: Iterable[str] = ()):
        index: dict[str, str] = {}
        get = index.get
        for w in words:
            for d in _deletes(w[: self.PREFIX], 2):
                bucket = get(d)
                index[d] = w if bucket is None else bucket + " " + w
        self.index = index

    def lookup(self, typo: str, limit: int = 2) -> list[str]:
        seen: set[str] = set()
        get = self.index.get
        for d in _deletes(typo[: self.PREFIX], limit):
            bucket = get(d)
            if bucket:
                seen.update(bucket.split(" "))
        n = len(typo)
        return sorted(w for w in seen if abs(len(w) - n) <= limit and osa_distance(typo, w, limit) <= limit)


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
        self._index: DeleteIndex | None = None
        self._cache: dict[tuple[str, bool], dict[str, float]] = {}
        self._generated = 0.0  # seconds spent generating distance-2 candidates
        self._bigrams: Mapping[tuple[str, str], int] | None = None
        self._after: dict[str, list[str]] = {}
        self._before: dict[str, list[str]] = {}
        self._cover_left: dict[str, int] = {}
        self._cover_right: dict[str, int] = {}
        self._strong: tuple[dict[str, tuple[str, ...]], ...] | None = None
        self._near: dict[str, tuple[str, ...]] = {}
        self._confusables: dict[str, tuple[str, ...]] | None = None

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

    #: Seconds of distance-2 generation after which loading the cached delete index (half a
    #: second), or building it (a few seconds), pays off; a run on one small file needs neither.
    INDEX_LOAD = 0.5
    INDEX_AFTER = 2.0

    @property
    def _index_cache(self):
        """The path of the cached delete index (only for the standard vocabulary)."""
        if self.counts is not lexicon.vocabulary():
            return None
        return lexicon.cache_path("typos-index", lexicon.sources())

    def _distance2(self, typo: str) -> set[str]:
        """Known words at distance exactly 1 or 2 (optimal string alignment) of ``typo``.

        Generates edits of edits while that is cheap, and builds a :class:`DeleteIndex` once
        the time spent so (ski-rental) has reached the cost of building it; both give the
        same words.
        """
        if self._index is not None:
            return set(self._index.lookup(typo)) - {typo}
        t0 = time.perf_counter()
        counts = self.counts
        out: set[str] = set()
        keys = counts.keys()
        for x in edits1(typo):
            out |= keys & _edits1_list(x)
        out = {w for w in out if len(w) > 2 and osa_distance(typo, w) <= 2}
        self._generated += time.perf_counter() - t0
        if self._generated > self.INDEX_LOAD and self._index_cache is not None:
            if self._index_cache.exists() or self._generated > self.INDEX_AFTER:
                self._index = DeleteIndex()
                self._index.index = lexicon.cached("typos-index", lexicon.sources(), self._build_index)
        elif self._generated > self.INDEX_AFTER:
            self._index = DeleteIndex(w for w in counts if len(w) > 2)
        return out - {typo}

    def _build_index(self) -> dict[str, str]:
        return DeleteIndex(w for w in self.counts if len(w) > 2).index

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
    def candidates(self, typo: str, deep: bool = True) -> dict[str, float]:
        """Known words within edit distance 2 of ``typo``, with their error costs.

        >>> m = Model(lexicon.vocabulary())
        >>> c = m.candidates("miister")
        >>> round(c["minister"], 2), round(c["mister"], 2)
        (1.45, 0.25)
        """
        key = (typo, deep)
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        counts = self.counts
        found = {w for w in edits1(typo) if w in counts}
        if deep and len(typo) > 3:
            found.update(self._distance2(typo))
        found.discard(typo)
        sound = soundex(typo)
        out = {w: edit_cost(typo, w) + (SOUND_PENALTY if soundex(w) != sound else 0.0) for w in found}
        if len(self._cache) > 100_000:
            self._cache.clear()
        self._cache[key] = out
        return out

    def partners(self, left: str | None, right: str | None, typo: str) -> dict[str, float]:
        """The words seen after ``left`` or before ``right`` in the bigram list that are within
        edit distance 2 of ``typo``, with their error costs.

        >>> m = Model(lexicon.vocabulary())
        >>> list(m.partners("prime", None, "miister"))
        ['minister', 'ministers']
        """
        strong = self.strong_partners()
        length = len(typo)
        near = [w for w in (strong[0].get(left, ()) if left else ()) + (strong[1].get(right, ()) if right else ())
                if abs(len(w) - length) <= 2 and w != typo]
        if not any(osa_distance(typo, w, 1) <= 1 for w in near):
            return {}  # no candidate a neighbour strongly predicts: the token stays as it is
        self._partner_lists()
        words = set(self._after.get(left, ()) if left else ()) | set(self._before.get(right, ()) if right else ())
        sound = soundex(typo)
        return {
            w: edit_cost(typo, w) + (SOUND_PENALTY if soundex(w) != sound else 0.0)
            for w in sorted(words)
            if w != typo and abs(len(w) - length) <= 2 and osa_distance(typo, w) <= 2
        }

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
