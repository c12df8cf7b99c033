"""The native diffs (``native/src/diff.rs`` behind ``textclean.core.diff``) against difflib.

The oracle below is the Python the core replaced (difflib's ``SequenceMatcher`` without
junk, the common ends, the token split and the linear walk), kept here only to pin the
behaviour: the provenance of every string-returning cleaner and of ``mojibake`` is made of
these regions, and a drift would move edits.
"""

from __future__ import annotations

import difflib
import random
import re

import pytest

from textclean.core import diff

TOKEN_RE = re.compile(r"\S+\s*|\s+")


def _common_ends(a, b):
    n = min(len(a), len(b))
    p = 0
    while p < n and a[p] == b[p]:
        p += 1
    q = 0
    while q < n - p and a[len(a) - 1 - q] == b[len(b) - 1 - q]:
        q += 1
    return p, q


def _char_regions(a, b, ao=0, bo=0):
    p, q = _common_ends(a, b)
    a_mid, b_mid = a[p:len(a) - q], b[p:len(b) - q]
    if not a_mid and not b_mid:
        return []
    if not a_mid or not b_mid or (len(a_mid) <= 2 and len(b_mid) <= 2) or len(a_mid) * len(b_mid) > 40000:
        return [(ao + p, ao + len(a) - q, bo + p, bo + len(b) - q)]
    sm = difflib.SequenceMatcher(None, a_mid, b_mid, autojunk=False)
    return [(ao + p + i1, ao + p + i2, bo + p + j1, bo + p + j2)
            for tag, i1, i2, j1, j2 in sm.get_opcodes() if tag != "equal"]


def _align(ta, tb, *, walk=False, limit=diff.DIFFLIB_MAX, window=8):
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
        for k in range(1, 2 * window + 1):
            for da in range(max(0, k - window), min(k, window) + 1):
                db = k - da
                if i + da < na and j + db < nb and ta[i + da] == tb[j + db] and (
                        i + da + 1 >= na or j + db + 1 >= nb or ta[i + da + 1] == tb[j + db + 1]):
                    found = (da, db)
                    break
            if found:
                break
        if found is None:
            break
        out.append((i, i + found[0], j, j + found[1]))
        i, j = i + found[0], j + found[1]
    if i < na or j < nb:
        out.append((i, na, j, nb))
    return out


def _offsets(units, start):
    out = [start]
    for u in units:
        out.append(out[-1] + len(u))
    return out


def _line_regions(a, b):
    la, lb = a.splitlines(keepends=True), b.splitlines(keepends=True)
    oa, ob = _offsets(la, 0), _offsets(lb, 0)
    out = []
    for i1, i2, j1, j2 in _align(la, lb, limit=None):
        s, e, bs, be = oa[i1], oa[i2], ob[j1], ob[j2]
        p, q = _common_ends(a[s:e], b[bs:be])
        out.append((s + p, e - q, bs + p, be - q))
    return out


def _changed_middle(a, b):
    p, q = _common_ends(a, b)
    while p > 0 and not a[p - 1].isspace():
        p -= 1
    while q > 0 and not a[len(a) - q].isspace():
        q -= 1
    return p, q


def _diff_regions(a, b, walk=False):
    p, q = _changed_middle(a, b)
    a_mid, b_mid = a[p:len(a) - q], b[p:len(b) - q]
    ta, tb = TOKEN_RE.findall(a_mid), TOKEN_RE.findall(b_mid)
    if len(ta) < 3 or len(tb) < 3:
        return _char_regions(a_mid, b_mid, p, p)
    oa, ob = _offsets(ta, p), _offsets(tb, p)
    out = []
    for i1, i2, j1, j2 in _align(ta, tb, walk=walk):
        s, e, bs, be = oa[i1], oa[i2], ob[j1], ob[j2]
        out.extend(_char_regions(a[s:e], b[bs:be], s, bs))
    return out


def _walks(a, b):
    p, q = _changed_middle(a, b)
    na = len(TOKEN_RE.findall(a[p:len(a) - q]))
    nb = len(TOKEN_RE.findall(b[p:len(b) - q]))
    return na >= 3 and nb >= 3 and na * nb > diff.DIFFLIB_MAX


# characters that make ties, spaces of several kinds, line breaks of several kinds, mojibake
# pieces and lone surrogates (two different ones must not pass for the same character)
PIECES = ["a", "b", "c", " ", "\t", "\u3000", "\u00c3", "\u00a9", "\u00e9", "\n", "\r\n", "\r",
          "\u2028", "\x0c", "\ud800", "\udc00", "x y ", "  ", "ab ", "\u00e2\u20ac\u2122"]


def _edited(rnd, a):
    b = list(a)
    for _ in range(rnd.randint(0, 12)):
        k = rnd.randint(0, max(0, len(b) - 1))
        r = rnd.random()
        if r < 0.35 and b:
            del b[k]
        elif r < 0.7:
            b.insert(k, rnd.choice(PIECES))
        elif b:
            b[k] = rnd.choice(PIECES)
    return "".join(b)


@pytest.mark.parametrize("seed", range(4))
def test_the_core_finds_difflibs_regions(seed):
    rnd = random.Random(seed)
    for _ in range(1500):
        pieces = rnd.sample(PIECES, rnd.randint(2, len(PIECES)))
        a = "".join(rnd.choice(pieces) for _ in range(rnd.choice([0, 3, 20, 60, 250])))
        b = _edited(rnd, a)
        assert diff.char_regions(a, b, 3, 4) == _char_regions(a, b, 3, 4), (a, b)
        assert diff.line_regions(a, b) == _line_regions(a, b), (a, b)
        for walk in (False, True):
            assert diff.diff_regions(a, b, walk) == _diff_regions(a, b, walk), (a, b, walk)
        assert diff.walks(a, b) == _walks(a, b)
        ta, tb = a.split(" "), b.split(" ")
        assert diff.align(ta, tb) == _align(ta, tb), (ta, tb)
        assert diff.align(ta, tb, walk=True, window=3) == _align(ta, tb, walk=True, window=3)


def test_long_lists_are_walked_and_long_middles_are_one_region():
    a, b = ["a ", "b ", "c"] * 2000, ["a ", "B ", "c"] * 2000
    assert diff.align(a, b) == _align(a, b)
    assert diff.walks("x " * 1500, "y " * 1500) and _walks("x " * 1500, "y " * 1500)
    x, y = "ab" * 150, "ba" * 150  # 90,000 character pairs: one region
    assert diff.char_regions(x, y) == _char_regions(x, y) == [(0, 300, 0, 300)]
