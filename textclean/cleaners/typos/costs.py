"""The error model of the ``typos`` cleaner: how likely it is that ``typo`` was written for
``word``, and the plain edit distances that bound the candidate search.

The cost is a weighted Damerau-Levenshtein (optimal string alignment) distance whose weights
encode how people actually misspell: a doubled or undoubled letter, a vowel for a vowel, a
neighbouring key, a sound-alike consonant, two swapped letters are cheap; an error in the
first letter is dear (:func:`edit_cost`, checked against the cell-by-cell
:func:`edit_cost_cellwise`). :func:`cost_floor` bounds it cheaply, so that the search computes
the full table only for the candidates that can matter; a candidate that does not sound like
the token (:func:`soundex`) pays :data:`SOUND_PENALTY` more.

The costs are computed by the native core (``native/src/costs.rs``: the keyboard, the vowels
and the sound-alike pairs are defined there, once); this module gives them their Python names.
"""

from __future__ import annotations

import re

from rapidfuzz.distance import OSA as _OSA

from textclean import _native

LETTERS = "abcdefghijklmnopqrstuvwxyz"


#: Error costs (1.0 = an arbitrary letter wrong): a doubled letter written single or a single
#: one doubled, two neighbouring letters swapped, and the surcharge for an error in the first
#: letter, which people rarely get wrong.
DOUBLE_COST: float = _native.DOUBLE_COST
SWAP_COST: float = _native.SWAP_COST
FIRST_COST: float = _native.FIRST_COST


#: Cost added to a candidate that does not sound like the token (another Soundex code):
#: people spell by ear ("juce" is "juice", not "june").
SOUND_PENALTY: float = _native.SOUND_PENALTY

#: A letter written twice in a row.
DOUBLE = re.compile(r"(.)\1")

#: The Soundex code of a lower-case word, not cut to four characters (so that it tells
#: "telecom" from "telecoms"), computed by the native core (``costs.rs: soundex``): the
#: search asks for the code of each token and of many candidates. ``soundex("juce")`` is
#: ``soundex("juice")``, not ``soundex("june")``; ``soundex("telecoms")`` is ``"t4252"``.
soundex = _native.soundex


def sub_cost(a: str, b: str) -> float:
    """Cost of writing ``b`` where ``a`` was meant: a vowel for a vowel, a sound-alike
    consonant and a neighbouring key are cheaper than another letter.

    >>> sub_cost("a", "e") < sub_cost("s", "d") < sub_cost("a", "m") <= 1.0
    True
    """
    return _native.sub_cost(a, b)


def edit_cost(typo: str, word: str) -> float:
    """Weighted Damerau-Levenshtein (optimal string alignment) cost of ``word`` -> ``typo``.

    The native core works out the cost of each deletion, insertion and substitution once per
    call and fills the table with plain additions (the same sums in the same order as
    :func:`edit_cost_cellwise` makes cell by cell, so the same floats).

    >>> edit_cost("begining", "beginning") < edit_cost("bigenning", "beginning")
    True
    >>> round(edit_cost("recieve", "receive"), 2)
    0.6
    """
    return _native.edit_cost(typo, word)


def edit_cost_cellwise(typo: str, word: str) -> float:
    """:func:`edit_cost` computed cell by cell from the cost functions (the reference the
    fast version is tested against).

    >>> edit_cost_cellwise("recieve", "receive") == edit_cost("recieve", "receive")
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
    return _native.del_cost(word, i)


def _ins_cost(word: str, typo: str, i: int, j: int) -> float:
    """Cost of the extra letter ``typo[j]`` written after ``word[:i]``."""
    return _native.ins_cost(word, typo, i, j)


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
    return _native.cost_floor(typo, word, distance)


def one_edit_cost(typo: str, word: str) -> float:
    """The cost of the cheapest alignment of ``word`` and ``typo`` with a single edit (the
    same sum as :func:`edit_cost` makes along it), or infinity if there is none."""
    return _native.one_edit_cost(typo, word)


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


def edits1_list(word: str) -> list[str]:
    """The strings of :func:`edits1`, with repeats, as a list (quicker to build and to
    intersect with a dictionary's keys).

    >>> set(edits1_list("ab")) == edits1("ab")
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


def deletes(key: str, depth: int) -> set[str]:
    """The strings made by deleting up to ``depth`` letters from ``key``.

    >>> sorted(deletes("abc", 2))
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
