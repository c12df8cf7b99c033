"""The noisy-channel model behind the ``typos`` cleaner: word and bigram statistics,
candidates, and their scoring.

A misspelt token ``t`` is corrected to the candidate ``c`` that maximises

    log P(c) + w_ctx * (PMI(prev, c) + PMI(c, next)) - lam * cost(t -> c)

against a *keep* option (the token is a correct word we do not know) whose prior is a
pseudo-count. ``P(c)`` comes from the word counts, ``PMI`` from the bigram counts (both in
:mod:`textclean.cleaners.lexicon`), and ``cost`` is the weighted edit distance of
:mod:`textclean.cleaners.typos.costs`. The candidates come from the
:class:`~textclean.cleaners.typos.index.CandidateIndex` (or, before it is built, from edits
of edits). The softmax of the scores is the confidence reported in the reason.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from rapidfuzz.distance import OSA as _OSA

from textclean import _native
from textclean.cleaners import lexicon
from textclean.cleaners.typos import usage, vetoes
from textclean.cleaners.typos.costs import (
    DOUBLE,
    LETTERS,
    SOUND_PENALTY,
    edit_cost,
    edits1,
    edits1_list,
    osa_distance,
    soundex,
)
from textclean.cleaners.typos.index import (
    INDEX_NAME,
    CandidateIndex,
    open_candidate_index,
)

#: Decisions remembered by a model (see :meth:`Model.decisions`; emptied when full: a page
#: is decided again in the pipeline's next pass, and the memo stays a few megabytes).
DECISIONS_CACHE = 4096

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


_SUFFIXES = (
    "s", "es", "ed", "ing", "er", "ers", "ee", "ees", "less", "ness", "ly", "able", "ism",
    "ist", "ists", "ful", "ship", "ment", "ments", "ish", "like", "wise", "hood", "ian", "ians",
)
_PREFIXES = (
    "re", "pre", "un", "non", "over", "under", "out", "anti", "multi", "semi", "sub",
    "super", "inter", "post", "mis", "dis", "mega", "micro", "mini", "cyber", "tele",
    "self", "counter", "hyper", "ultra", "mid", "neo", "trans", "bio", "eco",
)


class WordTable(NamedTuple):
    """What ranking a candidate needs that does not depend on the token: the native table
    (``native/src/costs.rs``: per word of the candidate index log P, the context scores of an
    unlisted pair, the count, the Soundex code's number and a doubled letter; the bigram list
    as sorted integer keys), and the two dictionaries the keys are made with."""

    native: Any  # a textclean._native.WordTable
    sound_codes: dict[str, int]  # Soundex code -> its number
    beyond: dict[str, int]  # the numbers of the bigram list's words that the index lacks


class StrongPartners(NamedTuple):
    """The listed bigrams with PMI >= ``cap_pmi`` (the only candidates that can correct a
    capitalised token), see :meth:`Model.strong_partners`."""

    # (native word maps: a few MB where the dicts were 30 MB, read back in milliseconds)
    after: Mapping[str, tuple[str, ...]]  # word -> the words it strongly predicts after it
    before: Mapping[str, tuple[str, ...]]  # word -> ... before it
    deletes: Mapping[str, tuple[str, ...]]  # each one-letter deletion of those words (and each word) -> the words
    pairs: Mapping[tuple[str, str], int]  # the (word, next word) pairs (count 1: a set)


class Entry(NamedTuple):
    """A candidate with what the ranking of :func:`~textclean.cleaners.typos.decision.decide`
    needs: its score is ``base - lam * (error cost + penalty)``, less ``far_unsupported``
    when ``unsupported``."""

    bound: float  # an upper bound of the score (the score when ``exact`` is known)
    word: str
    distance: int  # the OSA distance from the token
    base: float  # log P(word) + w_ctx * (ctx_l + ctx_r): the score without the error cost
    unsupported: bool  # two edits away, and no neighbour supports it
    ctx_l: float  # the context score with the word on the left
    ctx_r: float  # ... and with the word on the right
    penalty: float  # SOUND_PENALTY when the word does not sound like the token, else 0
    exact: float | None  # the error cost when already known, else None (to be computed)


class Ranked(NamedTuple):
    """The candidates of a token as :meth:`Model.entries` gives them: ``scored``, the entries
    whose error cost is already exact; ``bounds``, the upper bounds of the others' scores in
    decreasing order; ``make(k)``, the k-th of those entries."""

    scored: list[Entry]
    bounds: Sequence[float]
    make: Callable[[int], Entry] | None


def _known(counts: Mapping[str, int], words: list[str]) -> set[str]:
    """The ``words`` that are keys of ``counts`` (a dict, or a native word map, whose
    ``missing`` does the set difference in one call).

    >>> sorted(_known({"a": 1, "b": 2}, ["b", "c"]))
    ['b']
    """
    missing = getattr(counts, "missing", None)
    if missing is None:
        return counts.keys() & words
    return set(words).difference(missing(words))


class Model:
    """Word counts, bigram counts and the error model, with the scoring of candidates.

    ``use_index`` False makes the candidates always come from generated edits of edits (the
    reference the index is checked against): slower, but nothing to load or build.
    """

    def __init__(self, counts: Mapping[str, int], params: Params = Params(), use_index: bool = True):
        self.counts = counts
        self.params = params
        self.use_index = use_index
        self.total = float(sum(lexicon.unigrams().values()))
        self._index: CandidateIndex | None = None
        self._extra: list[str] = []  # known words the index lacks
        self._filter = False  # whether the index holds words that are not in counts
        self._sounds: dict[str, str] = {}
        self._decisions: dict[tuple, Any] = {}  # (see decisions)
        self._decisions_for: Params | None = None
        self._bigram_extra: list[str] | None = None  # bigram words the index lacks
        self._odd: list[str] | None = None  # known words with characters other than a-z
        self._wordtab = None
        self._generated = 0.0  # seconds spent generating distance-2 candidates directly
        self._bigrams: Mapping[tuple[str, str], int] | None = None
        self._after: dict[str, list[str]] = {}
        self._before: dict[str, list[str]] = {}
        self._cover_left: dict[str, int] = {}
        self._cover_right: dict[str, int] = {}
        self._strong: StrongPartners | None = None
        self._near: dict[str, tuple[str, ...]] = {}
        self._confusables: dict[str, tuple[str, ...]] | None = None
        self._short: tuple[str, ...] | None = None
        self._apostrophes: frozenset[str] | None = None
        self._derivation: tuple[int, Any] | None = None  # (see derivable: its floor and search)
        self._excluded: dict[frozenset[str], list[int]] = {}  # (see entries: the words' numbers)

    def preload(self) -> Model:
        """Load now what the search will need (the bigram statistics and derived tables, the
        candidate index, the rare-word list, wordfreq's table, :mod:`~textclean.cleaners.typos.usage`,
        the short tokens' targets):
        from the disk cache, a few tenths of a second,
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
        self.apostrophe_forms()
        usage.preload()
        self.short_targets()  # (a pass over the whole unigram list)
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

    def decisions(self) -> dict[tuple, Any]:
        """The decisions of :func:`~textclean.cleaners.typos.decision.decide` so far, by their
        arguments: made again for other ``params``, emptied when it holds
        :data:`DECISIONS_CACHE`."""
        if self._decisions_for is not self.params or len(self._decisions) >= DECISIONS_CACHE:
            self._decisions, self._decisions_for = {}, self.params
        return self._decisions

    #: Seconds of direct distance-2 generation after which building the candidate index
    #: (about two seconds with its word table, then cached on disk) pays off, for a model used
    #: without :meth:`preload` (the cleaner's shared model preloads, which builds it at once).
    INDEX_AFTER = 0.3

    def index(self, build: bool = False) -> CandidateIndex | None:
        """The candidate index over the vocabulary: loaded from the disk cache when it is
        there (or built and cached now with ``build``), else None until direct generation has
        taken ``INDEX_AFTER`` seconds (then built and cached); always None without
        ``use_index``."""
        if self._index is None and self.use_index:
            path = lexicon.cache_path(INDEX_NAME, lexicon.sources()).with_suffix(".idx")
            if build or path.exists() or self._generated > self.INDEX_AFTER:
                self._index, self._bigram_extra = open_candidate_index()
                vocab = lexicon.vocabulary()
                self._filter = self.counts is not vocab
                if self._filter:
                    self._extra = [w for w in self.counts if len(w) > 2 and (w not in vocab or not w.isascii())]
        return self._index

    def word_table(self) -> WordTable:
        """The :class:`WordTable` of the candidate index, cached on disk."""
        if self._wordtab is None:
            p = self.params
            name = f"typos-wordtab2-{INDEX_NAME}-{p.scale}-{p.max_pmi}"
            # (cached as bytes and two dicts: a pickle that names no class of this package
            # survives a move of the class, and bytes are read back at the speed of the disk)
            data, codes, beyond = lexicon.cached(name, lexicon.sources(), self._build_word_table)
            self._wordtab = WordTable(_native.WordTable(data), codes, beyond)
        return self._wordtab

    def _build_word_table(self) -> tuple[bytes, dict[str, int], dict[str, int]]:
        index = self.index()
        assert index is not None
        _ = self.bigrams  # loads the cover tables
        p = self.params
        logp, left, right, count, sounds, double = [], [], [], [], [], []
        codes: dict[str, int] = {}
        for w in index.words:
            n = self.counts[w]
            count.append(n)
            logp.append(self.logp(w))
            for side, cover in ((left, self._cover_left), (right, self._cover_right)):
                v = math.log(max(1.0 - cover.get(w, 0) / (p.scale * n), 0.02))
                side.append(max(-p.max_pmi, min(p.max_pmi, v)))
            sounds.append(codes.setdefault(self.sound(w), len(codes)))
            double.append(bool(DOUBLE.search(w)))
        # the bigram list as sorted integer keys (word number * size + word number), the
        # words beyond the index numbered after it
        extra = {w: len(index.words) + i for i, w in enumerate(self._bigram_extra or [])}
        size = len(index.words) + len(extra)
        number = {w: i for i, w in enumerate(index.words)}
        number.update(extra)
        pairs = sorted((number[a] * size + number[b], n) for (a, b), n in self.bigrams.items())
        data = _native.WordTable.build(logp, left, right, count, sounds, double, size,
                                       [k for k, _ in pairs], [n for _, n in pairs])
        return data, codes, extra

    def _number(self, word: str, table: WordTable) -> int | None:
        """The number of ``word`` in the bigram keys of :meth:`word_table`, or None."""
        i = self._index.position(word)  # type: ignore[union-attr]
        return i if i is not None else table.beyond.get(word)

    def entries(self, typo: str, left: str | None, right: str | None,
                exclude: frozenset[str]) -> Ranked | None:
        """The candidates of a lower-case ``typo`` (see :meth:`near`) with what the cleaner's
        ranking needs, computed for all of them at once by the native core
        (``native/src/costs.rs: rank``), as :class:`Ranked` :class:`Entry` values (the same
        values as computing them one by one). None when this shortcut does not apply (a
        custom vocabulary, no index). ``exclude`` are words never proposed for a token more
        than one letter longer. (Even for a few candidates the native ranking is cheaper than
        Python's loop: below twenty it was left to the caller, 2% more instructions.)
        """
        index = self.index()
        if index is None or self._filter or len(typo) <= 3 or not typo.isascii():
            return None
        ids, dist = index.native.lookup(typo, 2)
        table = self.word_table()
        drop: list[int] = []
        if exclude and len(typo) > 4:
            # (the same few words for every token: their numbers, each a binary search of the
            # index's words, are found once)
            known = self._excluded.get(exclude)
            if known is None:
                known = self._excluded[exclude] = [i for i in map(index.position, exclude) if i is not None]
            drop = known
        counts = self.counts

        def neighbour(word: str | None) -> tuple[int | None, int] | None:
            n = counts.get(word) if word else 0
            return (self._number(word, table), n) if n else None

        p = self.params
        ranking = table.native.rank(
            index.native, typo, ids, dist, drop, table.sound_codes.get(soundex(typo), -1),
            neighbour(left), neighbour(right), self.total, p.scale, p.max_pmi, p.w_ctx, p.lam,
            p.far_unsupported)
        return Ranked([Entry(*e) for e in ranking.scored()], ranking.bounds(),
                      lambda k: Entry(*ranking.entry(k)))

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
                found.update(CandidateIndex.scan(typo, self._extra, 2))
        return found

    def _near_direct(self, typo: str) -> dict[str, int]:
        """:meth:`near` by generating edits of edits (no index): slower per token, but
        nothing to load or build."""
        t0 = time.perf_counter()
        counts = self.counts
        out = {w for w in edits1(typo) if w in counts}
        far: set[str] = set()
        for x in edits1(typo):
            far |= _known(counts, edits1_list(x))
        out.update(w for w in far if len(w) > 2)
        out.discard(typo)
        found = {w: _OSA.distance(typo, w) for w in out}
        if self._odd is None:  # words with other characters than a-z: edits do not reach them
            self._odd = [w for w in counts if len(w) > 2 and w.strip(LETTERS)]
        found.update(CandidateIndex.scan(typo, self._odd, 2))
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

    def rare(self, low: str) -> bool:
        """Whether ``low`` is a rare or specialised word (SCOWL 80/95; :func:`lexicon.is_rare`).

        >>> m = Model(lexicon.vocabulary())
        >>> m.rare("annum"), m.rare("recieve")
        (True, False)
        """
        return lexicon.is_rare(low)

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
        the dictionary lacks than a misspelling. (The search is the native core's:
        ``native/src/derived.rs``.)

        >>> m = Model(lexicon.vocabulary())
        >>> m.derivable("refloated"), m.derivable("leaderboard"), m.derivable("recieve")
        ('re+floated', 'leader+board', None)
        """
        floor = self.params.compound_min
        if self._derivation is None or self._derivation[0] != floor:
            self._derivation = (floor, _native.Derivation(list(_SUFFIXES), list(_PREFIXES), float(floor),
                                                          sorted(FUNCTION_WORDS)))
        return self._derivation[1].of(word, self.counts)

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
        near = [w for w in (strong.after.get(left, ()) if left else ()) + (strong.before.get(right, ()) if right else ())
                if abs(len(w) - length) <= 2 and w != typo]
        if not any(osa_distance(typo, w, 1) <= 1 for w in near):
            return {}  # no candidate a neighbour strongly predicts: the token stays as it is
        bigrams = self.bigrams
        index = self.index()
        if index is not None:
            found = index.lookup(typo)
            found.update(CandidateIndex.scan(typo, self._bigram_extra or [], 2))
            return dict(sorted((w, d) for w, d in found.items() if (left and (left, w) in bigrams)
                               or (right and (w, right) in bigrams)))
        self._partner_lists()
        words = set(self._after.get(left, ()) if left else ()) | set(self._before.get(right, ()) if right else ())
        return {w: d for w in sorted(words)
                if w != typo and abs(len(w) - length) <= 2 and (d := osa_distance(typo, w)) <= 2}

    def strong_partners(self) -> StrongPartners:
        """The words each word strongly predicts after it and before it (listed bigrams with
        PMI >= ``cap_pmi``, the only candidates that can correct a capitalised token), and a
        delete index of those words (each one-letter deletion -> the words), and the set of
        those (word, next word) pairs.

        >>> "minister" in Model(lexicon.vocabulary()).strong_partners().after["prime"]
        True
        """
        if self._strong is None:
            p = self.params
            # (cached as the bytes of the native maps)
            after, before, deletes, pairs = self._table(f"typos-strong4-{p.cap_pmi}-{p.scale}-{p.max_pmi}",
                                                        self._build_strong)
            # (the delete index hashed: near_partner asks it for each new capitalised word)
            self._strong = StrongPartners(_native.Lists(after), _native.Lists(before),
                                          _native.Lists(deletes, True), _native.Counts(pairs, True))
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
        # (the deletions of the token looked up and the hits within one edit kept, natively)
        hit = tuple(self.strong_partners().deletes.near(typo))
        if len(self._near) > 200_000:
            self._near.clear()
        self._near[typo] = hit
        return hit

    def apostrophe_forms(self) -> frozenset[str]:
        """The known words with an apostrophe inside, written without it (``dont``): such a
        token is left alone (see :func:`~textclean.cleaners.typos.vetoes.apostrophe_forms`).

        >>> "dont" in Model(lexicon.vocabulary()).apostrophe_forms()
        True
        """
        if self._apostrophes is None:
            # (cached: the vocabulary is read through once, for its few dozen such words)
            self._apostrophes = self._table("typos-apostrophes", lambda: vetoes.apostrophe_forms(self.counts))
        return self._apostrophes

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
            for x in set(edits1_list(c)):
                if x != c and 3 <= len(x) <= p.rw_max_length and counts.get(x, bound) < bound:
                    out.setdefault(x, []).append(c)
        return {k: tuple(v) for k, v in out.items()}

    def _build_strong(self) -> tuple:
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
        pairs = [((a, b), 1) for a, bs in after.items() for b in bs]
        return (_native.Lists.build(after.items()), _native.Lists.build(before.items()),
                _native.Lists.build(index.items()), _native.Counts.build(pairs, True))

    def short_targets(self) -> tuple[str, ...]:
        """The words a short token may stand for (:meth:`short_choice`): the commonest
        ``short_targets`` words of the unigram list that have at most four letters, all
        letters."""
        if self._short is None:
            common = lexicon.unigrams().most_common(self.params.short_targets)
            self._short = tuple(w for w in common if len(w) <= 4 and w.isalpha())
        return self._short

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
        p = self.params
        limit = 2
        # (the contexts only of the targets within two edits: a few hundred bigram look-ups
        # fewer per token)
        near = [c for c in self.short_targets()
                if c != typo and abs(len(c) - len(typo)) <= limit and osa_distance(typo, c, limit) <= limit]
        scores = []
        for c, (cl, cr) in zip(near, self.contexts(left, right, near)):
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
