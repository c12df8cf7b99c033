"""Where each character of a rewritten text comes from in the original: the one span map
behind provenance.

Both followers of a text through successive rewrites use it: the host, mapping every
cleaner's fixes back to the pipeline's input (each :class:`~textclean.Edit`'s ``start``/``end``),
and the ``mojibake`` cleaner, mapping each step of ftfy's repair of a line back to the line.

The current text is kept as runs, not character by character (a long line would cost a tuple
per character): a run ``(start, end, o_start, o_end, copied)`` of the current text is either
copied character by character from the original from ``o_start`` on (``copied``), or written
by a rewrite of the original span ``o_start:o_end`` (each of its characters stands for that
whole span). The runs cover the current text without gaps, and their origins never go
backwards along it.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Iterator, Sequence

from textclean.core.records import Fix

Run = tuple[int, int, int, int, bool]


class SpanMap:
    """The origins of a text's characters through successive rewrites (see the module).

    >>> m = SpanMap(len("a caf\\u00c3\\u00a9 b"))
    >>> m.apply([Fix(5, 7, "\\u00e9", "mojibake")])  # "café" now: "é" stands for "Ã©"
    [(5, 7)]
    >>> m.span(5, 6), m.span(2, 6), m.char(7)
    ((5, 7), (2, 7), (8, 9))
    """

    __slots__ = ("runs", "starts")

    def __init__(self, length: int):
        self.runs: list[Run] = [(0, length, 0, length, True)] if length else []
        self.starts = [0] if length else []

    def char(self, i: int) -> tuple[int, int]:
        """The original span the current character ``i`` comes from."""
        cs, _, oa, ob, copied = self.runs[bisect_right(self.starts, i) - 1]
        return (oa + i - cs, oa + i - cs + 1) if copied else (oa, ob)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span that the current ``start:end`` comes from; for an insertion
        point (``start == end``), where it stands in the original (after all of it at the
        end of the text)."""
        if end > start:
            return self.char(start)[0], self.char(end - 1)[1]
        if start < (self.runs[-1][1] if self.runs else 0):
            p = self.char(start)[0]
        else:
            p = self.char(start - 1)[1] if start else 0
        return p, p

    def pieces(self, start: int, end: int) -> Iterator[Run]:
        """The runs over the current ``start:end``, cut to it."""
        runs = self.runs
        i = max(bisect_right(self.starts, start) - 1, 0)
        while i < len(runs) and runs[i][0] < end:
            cs, ce, oa, ob, copied = runs[i]
            lo, hi = max(start, cs), min(end, ce)
            if hi > lo:
                if copied:
                    yield lo, hi, oa + lo - cs, oa + hi - cs, True
                else:
                    yield lo, hi, oa, ob, False
            i += 1

    def _copy(self, out: list[Run], start: int, end: int, shift: int) -> None:
        """Append the runs over the current ``start:end``, moved by ``shift``. (The loop of
        :meth:`pieces`, written out: this is the hot path of every rewrite.)"""
        if start >= end:
            return
        runs = self.runs
        i = max(bisect_right(self.starts, start) - 1, 0)
        while i < len(runs) and runs[i][0] < end:
            cs, ce, oa, ob, copied = runs[i]
            lo, hi = max(start, cs), min(end, ce)
            if hi > lo:
                if copied:
                    _add_run(out, (lo + shift, hi + shift, oa + lo - cs, oa + hi - cs, True))
                else:
                    _add_run(out, (lo + shift, hi + shift, oa, ob, False))
            i += 1

    def rewrite(self, regions: Sequence[tuple[int, int, int, int, tuple[int, int] | None]]) -> None:
        """Rebuild the map for the text after sorted, non-overlapping replacements
        ``(i1, i2, j1, j2, origin)``: the current ``i1:i2`` became ``j1:j2`` of the new text.
        Its new characters are written over the original span ``origin`` (as a rule, the
        :meth:`span` of ``i1:i2``), or, with ``origin`` None (a replacement one character for
        one, or characters removed from its end), each keeps the origin of the old character
        at its place."""
        out: list[Run] = []
        pos = shift = 0
        for i1, i2, j1, j2, origin in regions:
            self._copy(out, pos, i1, j1 - i1)
            if origin is None:
                self._copy(out, i1, i1 + (j2 - j1), j1 - i1)
            elif j2 > j1:
                _add_run(out, (j1, j2, origin[0], origin[1], False))
            pos, shift = i2, j2 - i2
        self._copy(out, pos, self.runs[-1][1] if self.runs else 0, shift)
        self.runs, self.starts = out, [r[0] for r in out]

    def apply(self, fixes: Sequence[Fix]) -> list[tuple[int, int]]:
        """Rebuild the map for the text after ``fixes`` (sorted, not overlapping); return each
        fix's original span, over which its replacement is written.

        An insertion at the very end of the text, after characters that a fix wrote, is
        placed at the start of the original span they were written over: the host has always
        reported such an edit there, and edits are a published format.
        """
        spans, regions = [], []
        shift = 0
        total = self.runs[-1][1] if self.runs else 0
        for f in fixes:
            if f.start == f.end == total and self.runs and not self.runs[-1][4]:
                span = (self.runs[-1][2], self.runs[-1][2])
            else:
                span = self.span(f.start, f.end)
            spans.append(span)
            j1 = f.start + shift
            shift += len(f.replacement) - (f.end - f.start)
            regions.append((f.start, f.end, j1, j1 + len(f.replacement), span))
        self.rewrite(regions)
        return spans


def _add_run(out: list[Run], run: Run) -> None:
    """Append a run, merged into the last one where it continues it (merging changes no
    origin: a copied run continues one whose origin it continues, a written one the same span)."""
    if out:
        cs, ce, oa, ob, copied = out[-1]
        if ce == run[0] and copied == run[4] and (
                (copied and ob == run[2]) or (not copied and (oa, ob) == run[2:4])):
            out[-1] = (cs, run[1], oa, run[3], copied)
            return
    out.append(run)
