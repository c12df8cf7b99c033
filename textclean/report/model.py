"""What the report is made of: the :class:`ReportDocument` a caller hands in, and the geometry
of its edits that every view of the report needs.

Edits from different cleaners may overlap in original coordinates (a later cleaner's span
covers the region an earlier one rewrote): :func:`segments` splits the spans into
non-overlapping pieces, each listing every edit that covers it. :func:`removed_blocks` finds
the runs of removed lines the page can fold away, :func:`removed_share` how much of a
document was removed, and :func:`superseded` which edits a later edit rewrote again.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Iterable, Sequence

from textclean.core.records import Edit

__all__ = ["ReportDocument", "Segment", "is_removal", "removed_blocks", "removed_share",
           "segments", "superseded"]


@dataclass
class ReportDocument:
    """One document of the report.

    ``edits`` are as :meth:`textclean.Pipeline.explain` returns them (offsets in
    ``original``); ``error`` marks a document that was skipped, with the reason to show.

    >>> ReportDocument("a.txt", "a  b", "a b", []).error is None
    True
    """

    path: str
    original: str
    cleaned: str
    edits: list[Edit]
    error: str | None = None
    language: str | None = None  # as the host identified it ("" unknown; None not known)


@dataclass(frozen=True)
class Segment:
    """A piece ``[start, end)`` of the original text and the edits (indices into the edit
    list, ascending, i.e. in pipeline order) whose spans cover it. An insertion is a
    zero-length segment."""

    start: int
    end: int
    edits: tuple[int, ...]


def is_removal(e: Edit) -> bool:
    """Whether the edit takes text away: what it leaves is whitespace at most, and what it
    took held two letters or digits at least (``"¬\\u00a0"`` made a space is a repair, not a
    removed line).

    >>> is_removal(Edit("x", 0, 4, "Menu", "\\n", "nav", (0, 4)))
    True
    >>> is_removal(Edit("x", 0, 2, "  ", "", "spaces", (0, 2)))
    False
    >>> is_removal(Edit("mojibake", 0, 2, "\\u00ac\\u00a0", " ", "mojibake", (0, 2)))
    False
    """
    return e.end > e.start and not e.after.strip() and sum(c.isalnum() for c in e.before) >= 2


def segments(edits: Sequence[Edit], cuts: Iterable[int] = ()) -> list[Segment]:
    """Split the edits' original spans into non-overlapping segments, in text order.

    Each segment lists every edit covering it, so nested or partly overlapping edits of
    different cleaners are all kept. ``cuts`` adds extra boundaries (block edges). Text that
    no edit covers yields no segment.

    >>> def E(c, s, e, after=""):
    ...     return Edit(c, s, e, "", after, "why", (s, e))
    >>> [(s.start, s.end, s.edits) for s in segments([E("a", 2, 5, "x"), E("b", 0, 8)])]
    [(0, 2, (1,)), (2, 5, (0, 1)), (5, 8, (1,))]
    >>> [(s.start, s.end, s.edits) for s in segments([E("a", 3, 3, " "), E("b", 0, 6)])]
    [(0, 3, (1,)), (3, 3, (0, 1)), (3, 6, (1,))]
    >>> segments([])
    []
    """
    starts: dict[int, list[int]] = {}
    ends: dict[int, list[int]] = {}
    inserts: dict[int, list[int]] = {}
    points = set(cuts)
    for i, e in enumerate(edits):
        if e.end > e.start:
            starts.setdefault(e.start, []).append(i)
            ends.setdefault(e.end, []).append(i)
        else:
            inserts.setdefault(e.start, []).append(i)
        points.add(e.start)
        points.add(e.end)
    ordered = sorted(points)
    active: set[int] = set()
    out: list[Segment] = []
    for n, p in enumerate(ordered):
        for i in ends.get(p, ()):
            active.discard(i)
        for i in inserts.get(p, ()):
            out.append(Segment(p, p, tuple(sorted(active | {i}))))
        active.update(starts.get(p, ()))
        if active and n + 1 < len(ordered):
            out.append(Segment(p, ordered[n + 1], tuple(sorted(active))))
    return out


def removed_blocks(text: str, edits: Sequence[Edit], min_lines: int = 2) -> list[tuple[int, int]]:
    """Spans of ``text`` removed as a whole block of at least ``min_lines`` non-blank lines.

    Adjacent removals (touching, or separated only by whitespace) are merged first, so a
    comment form removed line by line folds away as one block.

    >>> t = "Body.\\nLeave a Reply\\nYour email address will not be published.\\n"
    >>> es = [Edit("bp", 6, 20, "Leave a Reply\\n", "", "form", (6, 20)),
    ...       Edit("bp", 20, 63, t[20:63], "", "form", (20, 63))]
    >>> removed_blocks(t, es)
    [(6, 63)]
    >>> removed_blocks(t, es[:1])
    []
    """
    spans = sorted((e.start, e.end) for e in edits if is_removal(e))
    merged: list[list[int]] = []
    for s, e in spans:
        if merged and (s <= merged[-1][1] or not text[merged[-1][1]:s].strip()):
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return [
        (s, e) for s, e in merged
        if sum(1 for line in text[s:e].splitlines() if line.strip()) >= min_lines
    ]


def removed_share(text: str, edits: Sequence[Edit]) -> float:
    """The share of ``text``'s characters inside removals (edits that leave at most
    whitespace where there was text), counting overlapping spans once.

    >>> removed_share("abcdefghij", [Edit("x", 0, 4, "abcd", "", "r", (0, 4)),
    ...                              Edit("y", 2, 5, "cde", "", "r", (2, 5))])
    0.5
    >>> removed_share("", [])
    0.0
    """
    if not text:
        return 0.0
    total, reach = 0, 0
    for s, e in sorted((e.start, e.end) for e in edits if is_removal(e)):
        s = max(s, reach)
        if e > s:
            total += e - s
            reach = e
    return min(1.0, total / len(text))


def superseded(edits: Sequence[Edit]) -> list[bool]:
    """For each edit, whether a later edit's span covers it (so what it wrote was rewritten
    or removed again). An insertion counts as covered only strictly inside a later span.
    O(n log n): a prefix-maximum tree over span starts, filled from the last edit back.

    >>> def E(s, e):
    ...     return Edit("x", s, e, "", "y", "r", (s, e))
    >>> superseded([E(2, 4), E(0, 9), E(5, 5), E(9, 12)])
    [True, False, False, False]
    >>> superseded([E(3, 3), E(0, 9)])
    [True, False]
    """
    keys = sorted({e.start for e in edits if e.end > e.start})
    tree = [-1] * (len(keys) + 1)

    def update(pos: int, end: int) -> None:
        i = bisect.bisect_left(keys, pos) + 1
        while i <= len(keys):
            tree[i] = max(tree[i], end)
            i += i & -i

    def max_end(pos: int) -> int:  # the furthest end among spans starting at or before pos
        i, best = bisect.bisect_right(keys, pos), -1
        while i > 0:
            best = max(best, tree[i])
            i -= i & -i
        return best

    out = [False] * len(edits)
    for i in range(len(edits) - 1, -1, -1):
        e = edits[i]
        if e.end > e.start:
            out[i] = max_end(e.start) >= e.end
            update(e.start, e.end)
        else:
            out[i] = max_end(e.start - 1) > e.start
    return out
