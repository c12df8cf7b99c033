"""Diffs between two versions of a text, as changed regions ``(i1, i2, j1, j2)``: ``a[i1:i2]``
became ``b[j1:j2]``, in order, not overlapping.

This is the one place where edits are recovered from a rewritten string: the host does it for a
cleaner that returns a string (:func:`textclean.core.fixes.fixes_from_string`), the ``mojibake``
cleaner for each step of ftfy's repair of a line, the ``markup`` cleaner when it merges passes.
Every diff is built from the same three parts: trimming the common ends, aligning units
(:func:`align`: difflib's alignment, or a linear walk for long unit lists) and splitting a
changed block into characters (:func:`char_regions`). The
native core (``native/src/diff.rs``) does all three: difflib's ``SequenceMatcher`` without
junk, the same longest matches in the same order (``tests/test_diff.py`` compares it with
difflib on random strings and token lists), at a fraction of the cost.

Two granularities are offered, and both are contracts that must not drift:

* :func:`line_regions`: lines aligned, each changed block trimmed to the characters that
  differ. The edits of a string-returning cleaner (a plugin's) have always been these; a
  finer diff would move them.
* :func:`diff_regions`: the common prefix and suffix cut off, whitespace-delimited tokens
  aligned, then the characters inside each changed block; span-precise (``RÃ©sumÃ©`` gives two
  regions) and linear on one long line, as the mojibake cleaner's provenance needs.
"""

from __future__ import annotations

from textclean import _native

#: Unit lists up to this product of lengths are aligned with difflib's algorithm, longer ones
#: walked (the core's constant).
DIFFLIB_MAX: int = _native.DIFFLIB_MAX
#: Units within which the linear walk looks for the two lists to come back in step.
WINDOW: int = _native.DIFF_WINDOW

Region = tuple[int, int, int, int]


def char_regions(a: str, b: str, ao: int = 0, bo: int = 0) -> list[Region]:
    """The changed regions between two strings, character-precise, moved by ``ao``/``bo``.

    The common ends are trimmed; a middle of at most two characters a side, or too long for a
    character diff (40,000 pairs), is one region; otherwise difflib's alignment splits it.

    >>> char_regions("RÃ©sumÃ©", "Résumé")
    [(1, 3, 1, 2), (6, 8, 5, 6)]
    """
    return _native.char_regions(a, b, ao, bo)


def align(ta: list[str], tb: list[str], *, walk: bool = False, limit: int | None = DIFFLIB_MAX,
          window: int = WINDOW) -> list[Region]:
    """The changed regions between two lists of units (lines, tokens), in unit indexes.

    Lists whose product of lengths is at most ``limit`` (any, with ``None``) get difflib's
    alignment, unless ``walk``; others a linear walk that re-synchronises within ``window``
    units after each difference, which suits repairs that only ever change a few units in
    place (a whole document on one line).

    >>> align(["a ", "b ", "c"] * 2000, ["a ", "B ", "c"] * 2000)[:2]
    [(1, 2, 1, 2), (4, 5, 4, 5)]
    """
    return _native.align(ta, tb, walk, limit, window)


def line_regions(a: str, b: str) -> list[Region]:
    """The changed lines (as :meth:`str.splitlines` cuts them) aligned with difflib's
    algorithm, each changed block trimmed to the characters that differ.

    >>> line_regions("one\\ntwo\\nthree\\n", "one\\n2\\nthree\\nfour\\n")
    [(4, 7, 4, 5), (14, 14, 12, 17)]
    """
    return _native.line_regions(a, b)


def diff_regions(a: str, b: str, walk: bool = False) -> list[Region]:
    """Changed regions between ``a`` and ``b``: the common prefix and suffix are cut off, then
    whitespace-delimited tokens (a run of non-spaces with the spaces after it, or a run of
    spaces at the start: ``\\S+\\s*|\\s+``) are aligned (cheap on long lines), then the
    characters inside each changed block. ``walk`` aligns the tokens with the linear walk of
    :func:`align` however few they are (as for the window of a long line).

    >>> diff_regions("RÃ©sumÃ© ok", "Résumé ok")
    [(1, 3, 1, 2), (6, 8, 5, 6)]
    """
    return _native.diff_regions(a, b, walk)


def walks(a: str, b: str) -> bool:
    """Whether :func:`diff_regions` aligns the tokens of ``a`` and ``b`` with the linear walk
    (more than :data:`DIFFLIB_MAX` pairs of tokens in the changed middle, three or more a side).

    >>> walks("a b c", "a b d")
    False
    """
    return _native.diff_walks(a, b)
