"""Diffs between two versions of a text, as changed regions ``(i1, i2, j1, j2)``: ``a[i1:i2]``
became ``b[j1:j2]``, in order, not overlapping.

This is the one place where edits are recovered from a rewritten string: the host does it for a
cleaner that returns a string (:func:`textclean.core.fixes.fixes_from_string`), the ``mojibake``
cleaner for each step of ftfy's repair of a line, the ``markup`` cleaner when it merges passes.
Every diff is built from the same three parts: trimming the common ends
(:func:`common_ends`), aligning units (:func:`align`: difflib's alignment, or a linear walk for
long unit lists) and splitting a changed block into characters (:func:`char_regions`).

Two granularities are offered, and both are contracts that must not drift:

* :func:`line_regions`: lines aligned, each changed block trimmed to the characters that
  differ. The edits of a string-returning cleaner (a plugin's) have always been these; a
  finer diff would move them.
* :func:`diff_regions`: the common prefix and suffix cut off, whitespace-delimited tokens
  aligned, then the characters inside each changed block; span-precise (``RÃ©sumÃ©`` gives two
  regions) and linear on one long line, as the mojibake cleaner's provenance needs.
"""

from __future__ import annotations

import difflib
import re

#: A token of :func:`diff_regions`: a run of non-space characters with the spaces after it
#: (or a run of spaces at the start).
TOKEN_RE = re.compile(r"\S+\s*|\s+")
#: Unit lists up to this product of lengths are aligned with difflib, longer ones walked.
DIFFLIB_MAX = 1_000_000

Region = tuple[int, int, int, int]


def common_ends(a: str, b: str) -> tuple[int, int]:
    """The lengths ``(p, q)`` of the common prefix and of the common suffix of ``a`` and ``b``,
    the suffix taken from what the prefix leaves (``p + q <= min(len(a), len(b))``).

    >>> common_ends("cafe au lait", "café au lait")
    (3, 8)
    """
    n = min(len(a), len(b))
    p = 0
    while p < n and a[p] == b[p]:
        p += 1
    q = 0
    while q < n - p and a[len(a) - 1 - q] == b[len(b) - 1 - q]:
        q += 1
    return p, q


def char_regions(a: str, b: str, ao: int = 0, bo: int = 0) -> list[Region]:
    """The changed regions between two strings, character-precise, moved by ``ao``/``bo``.

    The common ends are trimmed; a middle of at most two characters a side, or too long for a
    character diff (40,000 pairs), is one region; otherwise difflib splits it.

    >>> char_regions("RÃ©sumÃ©", "Résumé")
    [(1, 3, 1, 2), (6, 8, 5, 6)]
    """
    p, q = common_ends(a, b)
    a_mid, b_mid = a[p:len(a) - q], b[p:len(b) - q]
    if not a_mid and not b_mid:
        return []
    if not a_mid or not b_mid or (len(a_mid) <= 2 and len(b_mid) <= 2) \
            or len(a_mid) * len(b_mid) > 40000:
        # short (nothing worth splitting) or too long for a character diff: one region
        return [(ao + p, ao + len(a) - q, bo + p, bo + len(b) - q)]
    sm = difflib.SequenceMatcher(None, a_mid, b_mid, autojunk=False)
    return [
        (ao + p + i1, ao + p + i2, bo + p + j1, bo + p + j2)
        for tag, i1, i2, j1, j2 in sm.get_opcodes()
        if tag != "equal"
    ]


def align(ta: list[str], tb: list[str], *, walk: bool = False, limit: int | None = DIFFLIB_MAX,
          window: int = 8) -> list[Region]:
    """The changed regions between two lists of units (lines, tokens), in unit indexes.

    Lists whose product of lengths is at most ``limit`` (any, with ``None``) get difflib's
    alignment, unless ``walk``; others a linear walk that re-synchronises within ``window``
    units after each difference, which suits repairs that only ever change a few units in
    place (a whole document on one line).

    >>> align(["a ", "b ", "c"] * 2000, ["a ", "B ", "c"] * 2000)[:2]
    [(1, 2, 1, 2), (4, 5, 4, 5)]
    """
    if not walk and (limit is None or len(ta) * len(tb) <= limit):
        sm = difflib.SequenceMatcher(None, ta, tb, autojunk=False)
        return [(i1, i2, j1, j2) for tag, i1, i2, j1, j2 in sm.get_opcodes() if tag != "equal"]
    out = []
    i = j = 0
    na, nb = len(ta), len(tb)
    while i < na and j < nb:
        if ta[i] == tb[j]:
            i += 1
            j += 1
            continue
        found = None
        for k in range(1, 2 * window + 1):  # smallest total skip first
            for da in range(max(0, k - window), min(k, window) + 1):
                db = k - da
                if i + da < na and j + db < nb and ta[i + da] == tb[j + db] and (
                        i + da + 1 >= na or j + db + 1 >= nb or ta[i + da + 1] == tb[j + db + 1]):
                    found = (da, db)
                    break
            if found:
                break
        if found is None:
            break  # no way back in step: the rest is one change
        out.append((i, i + found[0], j, j + found[1]))
        i, j = i + found[0], j + found[1]
    if i < na or j < nb:
        out.append((i, na, j, nb))
    return out


def _offsets(units: list[str], start: int) -> list[int]:
    """Where each unit starts (and the last one ends), from ``start``."""
    out = [start]
    for u in units:
        out.append(out[-1] + len(u))
    return out


def line_regions(a: str, b: str) -> list[Region]:
    """The changed lines (as :meth:`str.splitlines` cuts them) aligned with difflib, each
    changed block trimmed to the characters that differ.

    >>> line_regions("one\\ntwo\\nthree\\n", "one\\n2\\nthree\\nfour\\n")
    [(4, 7, 4, 5), (14, 14, 12, 17)]
    """
    la, lb = a.splitlines(keepends=True), b.splitlines(keepends=True)
    oa, ob = _offsets(la, 0), _offsets(lb, 0)
    out = []
    for i1, i2, j1, j2 in align(la, lb, limit=None):
        s, e, bs, be = oa[i1], oa[i2], ob[j1], ob[j2]
        p, q = common_ends(a[s:e], b[bs:be])
        out.append((s + p, e - q, bs + p, be - q))
    return out


def changed_middle(a: str, b: str) -> tuple[int, int]:
    """The lengths of the common prefix and suffix of ``a`` and ``b``, backed off to token
    boundaries so that a token diff of the rest sees whole tokens.

    >>> changed_middle("the cafe is open", "the café is open")
    (4, 8)
    """
    n = min(len(a), len(b))
    p = 0
    while p + 256 <= n and a[p:p + 256] == b[p:p + 256]:  # a long line: a block at a time
        p += 256
    while p < n and a[p] == b[p]:
        p += 1
    q = 0
    la, lb = len(a), len(b)
    while q + 256 <= n - p and a[la - q - 256:la - q] == b[lb - q - 256:lb - q]:
        q += 256
    while q < n - p and a[len(a) - 1 - q] == b[len(b) - 1 - q]:
        q += 1
    while p > 0 and not a[p - 1].isspace():
        p -= 1
    while q > 0 and not a[len(a) - q].isspace():
        q -= 1
    return p, q


def diff_regions(a: str, b: str, walk: bool = False) -> list[Region]:
    """Changed regions between ``a`` and ``b``: the common prefix and suffix are cut off, then
    whitespace-delimited tokens are aligned (cheap on long lines), then the characters inside
    each changed block. ``walk`` aligns the tokens with the linear walk of :func:`align`
    however few they are (as for the window of a long line).

    >>> diff_regions("RÃ©sumÃ© ok", "Résumé ok")
    [(1, 3, 1, 2), (6, 8, 5, 6)]
    """
    p, q = changed_middle(a, b)
    a_mid, b_mid = a[p:len(a) - q], b[p:len(b) - q]
    ta, tb = TOKEN_RE.findall(a_mid), TOKEN_RE.findall(b_mid)
    if len(ta) < 3 or len(tb) < 3:
        return char_regions(a_mid, b_mid, p, p)
    oa, ob = _offsets(ta, p), _offsets(tb, p)
    out = []
    for i1, i2, j1, j2 in align(ta, tb, walk=walk):
        s, e, bs, be = oa[i1], oa[i2], ob[j1], ob[j2]
        out.extend(char_regions(a[s:e], b[bs:be], s, bs))
    return out


def walks(a: str, b: str) -> bool:
    """Whether :func:`diff_regions` aligns the tokens of ``a`` and ``b`` with the linear walk
    (counting the tokens of the changed middle without listing them)."""
    p, q = changed_middle(a, b)
    na = sum(1 for _ in TOKEN_RE.finditer(a, p, len(a) - q))
    nb = sum(1 for _ in TOKEN_RE.finditer(b, p, len(b) - q))
    return na >= 3 and nb >= 3 and na * nb > DIFFLIB_MAX
