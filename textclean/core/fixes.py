"""Fixes and edits: applying a cleaner's fixes, turning a rewritten string into fixes, checking
what a cleaner returned, and replaying a document's edits.

One implementation of each, so that provenance (every edit's span, before and after) and
idempotence rest on the same code for every cleaner.
"""

from __future__ import annotations
import bisect
import difflib
from typing import Any, Iterable, Sequence
from textclean.core.records import Cleaner, Edit, Fix
from textclean.core.records import CleanerError


class _OffsetMap:
    """Maps positions in the current text back to the original input.

    The current text is a sequence of segments, each either copied verbatim from the input or
    written by a fix (and then standing for the whole input span that fix replaced).
    """

    __slots__ = ("starts", "segs")

    def __init__(self, length: int):
        # seg = (cur_start, cur_end, orig_start, orig_end, copied)
        self.segs: list[tuple[int, int, int, int, bool]] = [(0, length, 0, length, True)] if length else []
        self.starts = [s[0] for s in self.segs]

    def to_orig(self, pos: int, side: str) -> int:
        if not self.segs:
            return 0
        if side == "start":
            i = bisect.bisect_right(self.starts, pos) - 1
        else:
            i = bisect.bisect_left(self.starts, pos) - 1
        i = min(max(i, 0), len(self.segs) - 1)
        cs, ce, os_, oe, copied = self.segs[i]
        if copied:
            return os_ + min(max(pos - cs, 0), ce - cs)
        return os_ if side == "start" else oe

    def _copy(self, a: int, b: int, shift: int, out: list) -> None:
        """Append the pieces of the old segments covering [a, b), moved by ``shift``."""
        if a >= b:
            return
        i = max(bisect.bisect_right(self.starts, a) - 1, 0)
        while i < len(self.segs) and self.segs[i][0] < b:
            cs, ce, os_, oe, copied = self.segs[i]
            lo, hi = max(a, cs), min(b, ce)
            if hi > lo:
                if copied:
                    out.append((lo + shift, hi + shift, os_ + (lo - cs), os_ + (hi - cs), True))
                else:
                    out.append((lo + shift, hi + shift, os_, oe, False))
            i += 1

    def apply(self, fixes: Sequence[Fix]) -> list[tuple[int, int]]:
        """Rebuild the map for the text after ``fixes``; return each fix's original span."""
        spans = []
        for f in fixes:
            o_start = self.to_orig(f.start, "start")
            o_end = self.to_orig(f.end, "end") if f.end > f.start else o_start
            spans.append((o_start, max(o_start, o_end)))
        new: list[tuple[int, int, int, int, bool]] = []
        shift = 0  # how far text after the cursor moves in the new text
        cursor = 0
        total = self.segs[-1][1] if self.segs else 0
        for f, span in zip(fixes, spans):
            self._copy(cursor, f.start, shift, new)
            if f.replacement:
                n0 = f.start + shift
                new.append((n0, n0 + len(f.replacement), span[0], span[1], False))
            shift += len(f.replacement) - (f.end - f.start)
            cursor = f.end
        self._copy(cursor, total, shift, new)
        self.segs = [s for s in new if s[1] > s[0]]
        self.starts = [s[0] for s in self.segs]
        return spans




def _fixes_from_string(old: str, new: str, reason: str) -> list[Fix]:
    """Fixes that turn ``old`` into ``new``, for cleaners that return plain strings.

    Line-level diff first (cheap on long texts), then each changed block trimmed to the
    characters that differ.
    """
    if old == new:
        return []
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    fixes = []
    offs_a = [0]
    for line in a:
        offs_a.append(offs_a[-1] + len(line))
    offs_b = [0]
    for line in b:
        offs_b.append(offs_b[-1] + len(line))
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        s, e = offs_a[i1], offs_a[i2]
        rep = new[offs_b[j1]:offs_b[j2]]
        before = old[s:e]
        p = 0
        while p < min(len(before), len(rep)) and before[p] == rep[p]:
            p += 1
        q = 0
        while q < min(len(before), len(rep)) - p and before[-1 - q] == rep[-1 - q]:
            q += 1
        fixes.append(Fix(s + p, e - q, rep[p:len(rep) - q], reason))
    return fixes


def _check_fixes(cleaner: Cleaner, text: str, fixes: Any) -> list[Fix]:
    if isinstance(fixes, str):
        return _fixes_from_string(text, fixes, cleaner.description or cleaner.name)
    if fixes is None:
        return []
    try:
        fixes = list(fixes)
    except TypeError:
        raise CleanerError(cleaner, f"returned {type(fixes).__name__}, not a list of Fix or a str") from None
    last_end = 0
    for f in fixes:
        if not isinstance(f, Fix):
            raise CleanerError(cleaner, f"returned {f!r}, not a textclean.Fix")
        if not (isinstance(f.replacement, str) and isinstance(f.reason, str)):
            raise CleanerError(cleaner, f"returned a Fix whose replacement or reason is not a str: {f!r}")
        if not (last_end <= f.start <= f.end <= len(text)):
            raise CleanerError(cleaner, f"returned overlapping, unsorted or out-of-range fixes near {f!r}")
        last_end = f.end
    return fixes


def apply_fixes(text: str, fixes: Sequence[Fix]) -> str:
    """Apply sorted, non-overlapping fixes to ``text``.

    >>> apply_fixes("Prime Miister", [Fix(6, 13, "Minister", "typo")])
    'Prime Minister'
    """
    if not fixes:
        return text
    parts = []
    pos = 0
    for f in fixes:
        parts.append(text[pos:f.start])
        parts.append(f.replacement)
        pos = f.end
    parts.append(text[pos:])
    return "".join(parts)


def replay(text: str, edits: Iterable[Edit]) -> str:
    """Apply a list of edits (as :func:`textclean.clean_and_explain` returns them) to the
    input they were made on, reproducing the cleaned text.

    >>> from textclean import clean_and_explain
    >>> src = "Prime  Minister\\n\\n\\n\\nsaid so.   \\n"
    >>> out, edits = clean_and_explain(src, only=["whitespace"])
    >>> replay(src, edits) == out
    True
    """
    current, batch, step = text, [], None
    for e in edits:
        if step is not None and (e.step, e.cleaner) != step:
            current = apply_fixes(current, batch)
            batch = []
        step = (e.step, e.cleaner)
        batch.append(Fix(e.at[0], e.at[1], e.after, e.reason))
    return apply_fixes(current, batch)
