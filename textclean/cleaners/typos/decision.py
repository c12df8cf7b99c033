"""The decision on an unknown token: which reading of it is likeliest, keeping it included,
and with what probability (:func:`decide`).

The readings are the known words within two edits (scored by the noisy-channel model of
:mod:`~textclean.cleaners.typos.model`), two words run together, the token joined to a
neighbour it was split from, and the ``-ies`` plural written ``-ys``. The rules that ask for
stronger evidence live here too: a capitalised token is changed only to a strongly predicted
word one edit away; without a neighbour's support, a change of two letters, of a rare word or
of a token without vowels is a guess; and a rare word is never two letters from another.
"""

from __future__ import annotations

import math
from enum import Enum
from typing import NamedTuple

from textclean.cleaners.typos import usage
from textclean.cleaners.typos.costs import (
    SOUND_PENALTY,
    cost_floor,
    edit_cost,
    osa_distance,
    soundex,
)
from textclean.cleaners.typos.model import Entry, Model
from textclean.cleaners.typos.text import Token

#: Error cost of an -ies plural written -ys ("countrys").
PLURAL_COST = 0.5
#: Error cost of a missing or extra space.
SPACE_COST = 0.8
#: The most a correction of a token that begins or ends with un-English consonants may cost
#: (one cheap slip: ``hte`` -> ``the``, ``ths`` -> ``this``, ``lenght`` -> ``length``).
ONSET_COST = 0.75
#: The context score (PMI) a neighbour must give a candidate two letters away that does not
#: sound like the token (a function word's is lower: "the _", "_ and", "_ is").
SOUND_SUPPORT = 1.4
#: Endings that a slip seldom produces and a writer seldom gets wrong: a token that ends in
#: one (after at least three other letters) is corrected only to a word with the same ending,
#: unless a neighbour strongly predicts another (``maintaing`` is not ``maintains``; of the
#: Birkbeck misspellings one edit from their word that end in ``-ing``, 15 of 593 are not
#: ``-ing`` words, and most of those are real words such as ``thing`` -> ``things``).
KEPT_ENDINGS = ("ing",)
#: Suffixes that make an English word of a word (a final ``e`` does not: ``visite`` is a
#: slip for ``visit`` more often than a word of its own).
DERIVING_SUFFIXES = frozenset(["y", "ie", "ey", "s", "es", "ed", "er", "ers", "ing", "ish", "ly", "ness", "less",
                               "ful", "ism", "ist", "able", "ment", "like", "wise", "hood"])
#: Very short words that a longer token is not corrected to by deleting two letters.
FUNCTION_SHORT = frozenset(["the", "and", "for", "was", "are", "but", "not", "you", "his", "her"])


class Reading(Enum):
    """What the replacement covers: the token (a word, or two words split apart), or the
    token joined with the word before or after it."""

    WORD = "word"
    JOIN_LEFT = "join-left"
    JOIN_RIGHT = "join-right"


class Option(NamedTuple):
    """One reading of the token with its score (log-probability, up to a constant)."""

    score: float
    word: str
    reading: Reading
    supported: bool  # a neighbour strongly predicts it (PMI >= cap_pmi)
    distance: int = 0
    ctx_l: float = 0.0
    ctx_r: float = 0.0
    note: str | None = None  # the evidence, when it is not an edit in context (a split, a join)


class Decision(NamedTuple):
    """The best reading of a token: the replacement ``word``, its posterior probability ``p``
    (against every other reading and keeping the token), how it applies, and the evidence
    shown in the reason."""

    word: str
    p: float
    reading: Reading
    evidence: str


def evidence(left: Token | None, right: Token | None, ctx_l: float, ctx_r: float, distance: int) -> str:
    """The evidence for a candidate as the reason shows it: ``edit 1, context 'Prime _'``."""
    parts = [f"edit {distance}"]
    ctx = []
    if left is not None and ctx_l > 0:
        ctx.append(f"'{left.text} _'")
    if right is not None and ctx_r > 0:
        ctx.append(f"'_ {right.text}'")
    parts.append("context " + " ".join(ctx) if ctx else "no context")
    return ", ".join(parts)


def not_a_slip(low: str, top: Option, capital: bool, alone: bool, cap_pmi: float) -> bool:
    """Whether the best candidate ``top`` for the token ``low`` is not a slip's correction,
    whatever its score, because the token reads as a word of its own:

    * a word of current English commoner than a slip for ``top`` could be
      (:func:`~textclean.cleaners.typos.usage.attested`: ``backend``, ``sudo``, ``gzip``), in
      running text or capitalised, unless a neighbour strongly predicts ``top`` (``lookin
      forward``), which a capitalised token needs anyway;
    * ``top`` is the token without its first letter (``gmake``, ``pthread``, ``ctypes``,
      ``ulimit``): slips seldom add a letter in front, names of tools and libraries often do
      (a doubled vowel, ``aand``, is a slip);
    * the token begins or ends with consonants that no English word begins or ends with
      (``gzip``, ``stty``, ``glibc``, ``icmp``) and ``top`` is not one cheap slip away
      (``hte``, ``ths``, ``lenght`` are), unless a neighbour strongly predicts it;
    * in running text, ``top`` is two letters away and does not sound like the token, and no
      neighbour predicts it better than a function word does (PMI under
      :data:`SOUND_SUPPORT`): ``mypy`` -> ``maps``, ``pidof`` -> ``proof``.

    >>> o = Option(0.0, "backed", Reading.WORD, False)
    >>> not_a_slip("backend", o, False, False, 3.0), not_a_slip("backend", o, False, True, 3.0)
    (True, False)
    >>> not_a_slip("gmake", o._replace(word="make"), False, True, 3.0)
    True
    """
    word = top.word
    if word == low[1:] and not (low[0] == low[1] and low[0] in "aeiou"):
        return True
    strong = max(top.ctx_l, top.ctx_r) >= cap_pmi
    if ((capital or not alone) and (capital or not strong) and usage.english_zipf(low) >= usage.ATTESTED_ZIPF
            and usage.attested(low, word, edit_cost(low, word))):
        return True
    if not strong and not usage.english_shape(low) and edit_cost(low, word) > ONSET_COST:
        return True
    # two letters changed, to a word that does not even sound like the token: "the _" or
    # "_ and" is no support (``mypy`` -> ``maps``, ``inode`` -> ``inside``)
    return (not alone and max(top.ctx_l, top.ctx_r) < SOUND_SUPPORT and soundex(low) != soundex(word)
            and osa_distance(low, word, 2) > 1)


def changes_ending(low: str, word: str) -> bool:
    """Whether correcting ``low`` to ``word`` would drop one of :data:`KEPT_ENDINGS` that
    the token has after at least three letters.

    >>> changes_ending("maintaing", "maintains"), changes_ending("incluing", "including")
    (True, False)
    >>> changes_ending("ing", "ink")
    False
    """
    return any(low.endswith(e) and len(low) > len(e) + 2 and not word.endswith(e) for e in KEPT_ENDINGS)


def stem_plus_suffix(low: str, word: str) -> bool:
    """Whether ``low`` is ``word`` with a suffix that makes words of words
    (:data:`DERIVING_SUFFIXES`) added: a derived word, when a dictionary lists it.

    >>> stem_plus_suffix("quicky", "quick"), stem_plus_suffix("visite", "visit")
    (True, False)
    """
    return low.startswith(word) and low[len(word):] in DERIVING_SUFFIXES


def decide(model: Model, low: str, left: Token | None, right: Token | None,
           capital: bool, sentence_start: bool, fix_spacing: bool, alone: bool = False,
           min_conf: float = 0.0) -> Decision | None:
    """The best reading of the unknown token ``low``, or None when keeping it is best (see
    :func:`reading`), remembered by the model: it depends only on these arguments (of the
    neighbours, their text), and the pipeline decides a page's tokens again when it reruns
    the cleaner over the page's cleaned text.

    >>> from textclean.cleaners.typos.state import shared_model
    >>> decide(shared_model(), "goverment", None, None, False, True, True, alone=True).word
    'government'
    """
    key = (low, None if left is None else left.text, None if right is None else right.text,
           capital, sentence_start, fix_spacing, alone, min_conf)
    memo = model.decisions()
    if key in memo:
        return memo[key]
    found = memo[key] = reading(model, low, left, right, capital, sentence_start, fix_spacing, alone, min_conf)
    return found


def reading(model: Model, low: str, left: Token | None, right: Token | None,
            capital: bool, sentence_start: bool, fix_spacing: bool, alone: bool = False,
            min_conf: float = 0.0) -> Decision | None:
    """The best reading of the unknown token ``low``, or None when keeping it is best.

    Each candidate's score is log P(word) + context - lam * cost. The context is cheap; the
    error cost (a weighted edit distance in Python) is not, so it is computed only for the
    candidates whose score, bounded with :func:`cost_floor`, could still matter: first
    those that could beat the best score so far, then those needed to pin the probability
    down to the two decimals shown (and to its side of ``min_conf``). The decision and the
    probability shown are the same as with every cost computed.

    >>> from textclean.cleaners.typos.state import shared_model
    >>> d = reading(shared_model(), "goverment", None, None, False, True, True, alone=True)
    >>> d.word, round(d.p, 2), d.reading.name, d.evidence
    ('government', 1.0, 'WORD', 'edit 1, no context')
    """
    p = model.params
    counts = model.counts
    lw = left.text.lower() if left is not None else None
    rw = right.text.lower() if right is not None else None
    lw_known = lw if lw in counts else None
    rw_known = rw if rw in counts else None
    if capital and not sentence_start:
        keep = p.keep_cap
    elif capital:
        keep = math.sqrt(p.keep_cap * p.keep_lower)
    else:
        keep = p.keep_lower
    if len(low) <= 3:
        keep *= p.short_boost
    if model.rare(low):
        keep *= p.rare_boost
    elif model.derivable(low):
        keep *= p.morph_boost
    lam, far, w_ctx = p.lam, p.far_unsupported, p.w_ctx
    # the candidates: those whose cost is exact in ``scored``, the others in ``make(k)`` in
    # decreasing order of their upper bounds ``bounds``, to be scored only if they can matter
    fast = None if capital else model.entries(low, lw_known, rw_known, FUNCTION_SHORT)
    if fast is not None:
        scored, bounds, make = fast
    else:
        # Only a candidate that a neighbour strongly predicts can correct a capitalised
        # token, so the search is over the neighbours' bigram partners.
        found = model.partners(lw_known, rw_known, low) if capital else model.near(low)
        sound = soundex(low)
        # a longer token is not corrected to a very short word by deleting two letters
        cands = [c for c in found if not (c in FUNCTION_SHORT and len(low) > len(c) + 1)]
        sounds = model.sound
        scored, pending = [], []
        for cand, (ctx_l, ctx_r) in zip(cands, model.contexts(lw_known, rw_known, cands)):
            dist = found[cand]
            base = model.logp(cand) + w_ctx * (ctx_l + ctx_r)
            # Any string has some word within two edits; in running text such a far
            # candidate must be corroborated by a neighbour.
            unsupported = bool((lw_known or rw_known) and ctx_l <= 0 and ctx_r <= 0 and dist > 1)
            penalty = SOUND_PENALTY if sounds(cand) != sound else 0.0
            floor, exact = cost_floor(low, cand, dist)
            entry = Entry(base - lam * (floor + penalty) - (far if unsupported else 0.0), cand, dist, base,
                          unsupported, ctx_l, ctx_r, penalty, exact)
            (pending if exact is None else scored).append(entry)
        pending.sort(key=lambda e: e.bound, reverse=True)
        bounds = [e.bound for e in pending]
        make = pending.__getitem__
    options: list[Option] = []
    if fix_spacing and not capital:  # a name is often two short words run together: "Hemet"
        for a, b in model.splits(low):
            ctx_l = model.pmi(lw_known, a)
            ctx_r = model.pmi(b, rw_known, unknown="a")
            pair = model.pmi(a, b)
            s = model.logp(a) + model.logp(b) + p.w_ctx * (pair + ctx_l + ctx_r) - p.lam * SPACE_COST
            options.append(Option(s, f"{a} {b}", Reading.WORD, True, note=f"run-together, bigram '{a} {b}'"))
        if left is not None and lw is not None and (lw + low) in counts and lw not in counts:
            joined = lw + low
            s = model.logp(joined) - p.lam * SPACE_COST
            options.append(Option(s, joined, Reading.JOIN_LEFT, False, note="split word"))
        if right is not None and rw is not None and (low + rw) in counts and rw not in counts:
            joined = low + rw
            s = model.logp(joined) - p.lam * SPACE_COST
            options.append(Option(s, joined, Reading.JOIN_RIGHT, False, note="split word"))
    if low.endswith("ys") and len(low) > 4 and low[-3] not in "aeiouy" and low[:-2] + "ies" in counts:
        # "countrys": the -ies plural written as -ys, a common slip that the letter-by-letter
        # error model would price as two edits
        plural = low[:-2] + "ies"
        (ctx_l, ctx_r), = model.contexts(lw_known, rw_known, [plural])
        scored = [e for e in scored if e.word != plural]
        keep_plural = [i for i in range(len(bounds)) if make(i).word != plural]
        if len(keep_plural) < len(bounds):
            entries = [make(i) for i in keep_plural]
            bounds, make = [e.bound for e in entries], entries.__getitem__
        options.append(Option(model.logp(plural) + w_ctx * (ctx_l + ctx_r) - lam * PLURAL_COST, plural,
                              Reading.WORD, True, 2, ctx_l, ctx_r))
    if not options and not len(bounds) and not scored:
        return None
    bigrams = model.bigrams
    cap_pmi = p.cap_pmi

    def score(entry: Entry) -> None:
        cand, ctx_l, ctx_r = entry.word, entry.ctx_l, entry.ctx_r
        s = entry.base - lam * ((edit_cost(low, cand) if entry.exact is None else entry.exact) + entry.penalty)
        if entry.unsupported:
            s -= far
        supported = bool(lw_known and (lw_known, cand) in bigrams and ctx_l >= cap_pmi) or bool(
            rw_known and (cand, rw_known) in bigrams and ctx_r >= cap_pmi)
        options.append(Option(s, cand, Reading.WORD, supported, entry.distance, ctx_l, ctx_r))

    for entry in scored:
        score(entry)
    keep_score = math.log(keep / model.total)
    best = max([keep_score] + [o.score for o in options])
    done = 0
    while done < len(bounds) and bounds[done] >= best:
        score(make(done))
        done += 1
        best = max(best, options[-1].score)
    if best <= keep_score:
        return None  # no candidate beats keeping the token
    top = max(options, key=lambda o: (o.score, o.word))
    if top.note is not None:
        shown = top.note
    else:
        shown = evidence(left, right, top.ctx_l, top.ctx_r, top.distance)
    one_word = top.reading is Reading.WORD and " " not in top.word
    if capital and (not top.supported or (top.reading is Reading.WORD and osa_distance(low, top.word) > 1)):
        return None  # a name is changed only to a strongly predicted word one edit away
    if one_word and not top.supported and changes_ending(low, top.word):
        return None
    if one_word and "no context" in shown:
        # Without a neighbour's support, a change of two letters, or of a word that a large
        # dictionary lists (a loanword, a rare or technical word), is a guess; so is the
        # expansion of a token without vowels, which is likelier an abbreviation ("kph").
        if not any(c in "aeiouy" for c in low):
            return None
        if not alone and (osa_distance(low, top.word) > 1 or model.rare(low)):
            return None
    if one_word and model.rare(low) and (osa_distance(low, top.word) > 1 or stem_plus_suffix(low, top.word)):
        # a listed word ("prix", "duking") is not two slips away from another, nor a slip
        # for its own stem ("quicky" is not "quick" with a letter too many)
        return None
    if one_word and not_a_slip(low, top, capital, alone, cap_pmi):
        return None
    # the probability, to the precision shown
    m = top.score
    z = math.exp(keep_score - m) + math.fsum(math.exp(o.score - m) for o in options)
    rest = math.fsum(math.exp(u - m) for u in bounds[done:])
    rest *= 1 + 1e-6  # room for rounding in the sums

    prob = 1.0 / z
    while rest > 0.0:
        low_p = 1.0 / (z + rest)
        if f"{low_p:.2f}" == f"{prob:.2f}" and (low_p >= min_conf) == (prob >= min_conf):
            break  # the candidates not scored cannot change what is shown or decided
        score(make(done))
        z += math.exp(options[-1].score - m)
        rest -= math.exp(bounds[done] - m)
        done += 1
        prob = 1.0 / z
        if done == len(bounds):
            rest = 0.0
    return Decision(top.word, prob, top.reading, shown)
