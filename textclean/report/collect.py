"""The report's data, gathered while the documents stream past.

:class:`Collector` reads each :class:`~textclean.report.model.ReportDocument` once and keeps
two things: the per-document data the page's script shows (one JSON block per document, with
offsets in UTF-16 code units as JavaScript counts them), and the corpus totals the overview
draws (edits per cleaner, bytes, the most frequent removed lines, the histogram of removed
shares). Cleaner names and reasons are numbered in order of first appearance and shared by
all documents, so a reason repeated 10,000 times is stored once.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from typing import Any

from textclean.core.records import Edit
from textclean.report.colours import cleaner_colour
from textclean.report.escape import script_json
from textclean.report.model import (ReportDocument, is_removal, removed_blocks, removed_share,
                                    segments, superseded)

__all__ = ["BIN_LABELS", "Collector", "share_bin"]

#: The histogram's bins of removed share: untouched documents, then tenths.
BIN_LABELS = ["0%", "0–10", "10–20", "20–30", "30–40", "40–50", "50–60", "60–70", "70–80",
              "80–90", "90–100"]


def share_bin(share: float) -> int:
    """Histogram bin: 0 for untouched, then tenths (upper bound inclusive).

    >>> share_bin(0.0), share_bin(0.05), share_bin(0.1), share_bin(1.0)
    (0, 1, 1, 10)
    """
    return 0 if share <= 0 else min(10, max(1, math.ceil(share * 10 - 1e-9)))


class _U16:
    """Python offsets (code points) to JavaScript offsets (UTF-16 code units)."""

    _ASTRAL = re.compile("[\U00010000-\U0010ffff]")

    def __init__(self, text: str):
        self.astral = [m.start() for m in self._ASTRAL.finditer(text)] if not text.isascii() else []

    def __call__(self, pos: int) -> int:
        return pos + bisect.bisect_left(self.astral, pos) if self.astral else pos


class Collector:
    """Builds the report's data while the documents stream past (see the module docstring).

    ``rows`` holds one summary per document for the page's list; ``blobs`` one JSON block
    per document; ``cleaners`` and ``reasons`` number the names the data refers to.
    """

    def __init__(self) -> None:
        self.cleaners: dict[str, int] = {}
        self.reasons: dict[str, int] = {}
        self.rows: list[list[Any]] = []
        self.blobs: list[str] = []
        self.edit_counts: Counter[str] = Counter()
        self.edit_docs: Counter[str] = Counter()
        self.removed_chars: Counter[str] = Counter()
        self.line_count: Counter[str] = Counter()
        self.line_docs: Counter[str] = Counter()
        self.line_reason: dict[str, tuple[str, str]] = {}
        self.bins = [0] * len(BIN_LABELS)
        self.bytes_in = self.bytes_out = 0
        self.changed = self.skipped = 0
        self.languages: Counter[str] = Counter()

    def _cleaner(self, name: str) -> int:
        return self.cleaners.setdefault(name, len(self.cleaners))

    def _reason(self, reason: str) -> int:
        return self.reasons.setdefault(reason, len(self.reasons))

    def add(self, doc: ReportDocument) -> None:
        if doc.language is not None:
            self.languages[doc.language or "unknown"] += 1
        original, cleaned = doc.original or "", doc.cleaned if doc.cleaned is not None else ""
        n = len(original)
        edits = []
        for e in doc.edits or ():
            s = min(max(int(e.start), 0), n)
            edits.append(e if (s, min(max(int(e.end), s), n)) == (e.start, e.end)
                         else Edit(e.cleaner, s, min(max(int(e.end), s), n), e.before, e.after,
                                   e.reason, e.at))
        u16 = _U16(original)
        blocks = removed_blocks(original, edits)
        segs = segments(edits, [p for b in blocks for p in b])
        share = removed_share(original, edits)
        b_in, b_out = (len(original.encode("utf-8", "surrogatepass")),
                       len(cleaned.encode("utf-8", "surrogatepass")))

        sup = superseded(edits)
        per_cleaner: Counter[int] = Counter()
        e_json = []
        seen_lines: set[str] = set()
        for i, e in enumerate(edits):
            ci = self._cleaner(e.cleaner)
            per_cleaner[ci] += 1
            self.edit_counts[e.cleaner] += 1
            removal = is_removal(e)
            before = None if e.before == original[e.start:e.end] else e.before
            e_json.append([ci, self._reason(e.reason), u16(e.start), u16(e.end), e.after, before,
                           (1 if removal else 0) | (2 if sup[i] else 0)])
            if removal:
                self.removed_chars[e.cleaner] += e.end - e.start
                for line in original[e.start:e.end].splitlines():
                    key = " ".join(line.split())[:300]
                    if not key:
                        continue
                    self.line_count[key] += 1
                    if key not in seen_lines:
                        seen_lines.add(key)
                        self.line_docs[key] += 1
                    self.line_reason.setdefault(key, (e.cleaner, e.reason))
        for name in {e.cleaner for e in edits}:
            self.edit_docs[name] += 1
        if len(self.line_count) > 200_000:  # keep memory bounded on huge corpora
            for key in [k for k, c in self.line_docs.items() if c < 2]:
                del self.line_count[key], self.line_docs[key], self.line_reason[key]

        block_starts = [s for s, _ in blocks]
        # each block lists its cleaners, the one that removed most first (it colours the block)
        inside: list[Counter[int]] = [Counter() for _ in blocks]
        for x in edits:
            k = bisect.bisect_right(block_starts, x.start) - 1
            if is_removal(x) and k >= 0 and x.end <= blocks[k][1]:
                inside[k][self.cleaners[x.cleaner]] += x.end - x.start
        blocks_json = [
            [u16(s), u16(e), sum(1 for line in original[s:e].splitlines() if line.strip()),
             sorted(inside[k], key=lambda ci: (-inside[k][ci], ci))]
            for k, (s, e) in enumerate(blocks)
        ]
        payload: dict[str, Any] = {
            "o": original,
            "e": e_json,
            "s": [[u16(g.start), u16(g.end), list(g.edits)] for g in segs],
            "b": blocks_json,
        }
        if cleaned != original:
            payload["c"] = cleaned
        self.blobs.append(script_json(payload))

        bin_ = share_bin(share)
        if doc.error is None:
            self.bins[bin_] += 1
            self.bytes_in += b_in
            self.bytes_out += b_out
            self.changed += cleaned != original
        else:
            self.skipped += 1
        self.rows.append([str(doc.path), b_in, b_out, len(edits), round(share, 4),
                          {str(k): v for k, v in sorted(per_cleaner.items())},
                          doc.error, bin_ if doc.error is None else -1,
                          sorted({e[1] for e in e_json})])

    def colours(self) -> list[str]:
        """Each cleaner's colour, in the order the cleaners are numbered."""
        return [cleaner_colour(name) for name in self.cleaners]
