"""Corpus evidence: lines that recur across many documents of one corpus are boilerplate.

This is CCNet's insight (Wenzek et al., 2019) made into a fitted, serialisable model. A
:class:`CorpusModel` is fitted once over a stream of documents (``textclean fit``); it counts,
for each distinct line, in how many documents it occurs. Lines are keyed by a 64-bit BLAKE2b
hash of the line folded (whitespace, quotes and case folded, digits mapped to ``0``, so
"Copyright 2019" and "Copyright 2020" are one line); the model stores hashes and counts, not
text.

Memory is bounded by *lossy counting* (Manku & Motwani, 2002) over documents: with error
``epsilon = min_share / 10``, every ``ceil(1/epsilon)`` documents the entries whose count
cannot reach ``epsilon`` of the documents seen are dropped. The counter then holds at most
about ``(1/epsilon) * log(epsilon * N) * L`` entries for ``N`` documents of at most ``L``
distinct lines, whatever ``N`` is, and any line whose true share is at least ``min_share``
is kept, its count under-estimated by at most ``epsilon * N``. ``max_entries`` is a hard cap
on top (the least frequent entries go first).

The fitted model is plain JSON (:meth:`CorpusModel.to_dict`), so it ships to worker
processes; the ``boilerplate`` cleaner loads it from the path in its ``model`` option.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from typing import Any, Iterable, Mapping

from .features import fold

FORMAT = "textclean-boilerplate-corpus"
_DIGITS = re.compile(r"\d+")


def line_key(line: str) -> str:
    """The hash key of a line (16 hex digits); equal for lines that differ only in
    whitespace, case, quote style or numbers.

    >>> line_key("Copyright 2019  ACME") == line_key("copyright 2020 ACME")
    True
    """
    folded = _DIGITS.sub("0", fold(line))
    return hashlib.blake2b(folded.encode("utf-8"), digest_size=8).hexdigest()


class CorpusModel:
    """Document frequencies of recurring lines in a corpus.

    >>> docs = [f"Story {i} says that talks went on.\\nShare this:\\nSubscribe to our paper" for i in range(10)]
    >>> m = CorpusModel.fit(docs, min_share=0.3)
    >>> m.share("Subscribe to our paper"), m.share("Story 3 says that talks went on.")
    (1.0, 1.0)
    >>> m.share("A line never seen") == 0.0
    True
    >>> CorpusModel.from_dict(m.to_dict()).share("Share this:")
    1.0
    """

    def __init__(self, documents: int, counts: Mapping[str, int], *, min_share: float = 0.05,
                 min_docs: int = 3):
        self.documents = int(documents)
        self.counts = dict(counts)
        self.min_share = float(min_share)
        self.min_docs = int(min_docs)

    @classmethod
    def fit(cls, texts: Iterable[str], *, min_share: float = 0.05, min_docs: int = 3,
            max_entries: int = 2_000_000) -> "CorpusModel":
        """Fit over a stream of documents (each a str, lines split on newlines); memory is
        bounded as the module docstring explains. ``min_share`` is the share of documents a
        line must recur in to count as boilerplate; ``min_docs`` the least number of
        documents (so a tiny corpus does not remove everything)."""
        if not 0 < min_share <= 1:
            raise ValueError("min_share must be in (0, 1]")
        eps = min_share / 10
        width = math.ceil(1 / eps)
        counts: dict[str, list[int]] = {}  # key -> [count, max undercount]
        n = 0
        for text in texts:
            n += 1
            bucket = math.ceil(n / width)
            for key in {line_key(l) for l in text.splitlines() if l.strip()}:
                entry = counts.get(key)
                if entry is None:
                    counts[key] = [1, bucket - 1]
                else:
                    entry[0] += 1
            if n % width == 0:
                counts = {k: e for k, e in counts.items() if e[0] + e[1] > bucket}
            if len(counts) > max_entries:
                keep = sorted(counts.items(), key=lambda kv: -kv[1][0])[: max_entries // 2]
                counts = dict(keep)
        floor = max(min_docs, eps * n)
        kept = {k: e[0] for k, e in counts.items() if e[0] >= floor}
        return cls(n, kept, min_share=min_share, min_docs=min_docs)

    def share(self, line: str) -> float:
        """Share of the corpus documents this line occurs in (0.0 when unknown or when it
        occurs in fewer than ``min_docs`` documents)."""
        if not self.documents:
            return 0.0
        c = self.counts.get(line_key(line), 0)
        return c / self.documents if c >= self.min_docs else 0.0

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of the model."""
        return {"format": FORMAT, "version": 1, "documents": self.documents,
                "min_share": self.min_share, "min_docs": self.min_docs,
                "lines": dict(sorted(self.counts.items()))}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "CorpusModel":
        """The inverse of :meth:`to_dict`."""
        if d.get("format") != FORMAT:
            raise ValueError(f"not a {FORMAT} model")
        return cls(d["documents"], d["lines"], min_share=d.get("min_share", 0.05),
                   min_docs=d.get("min_docs", 3))

    def save(self, path: str) -> None:
        """Write the model as JSON to ``path``."""
        with open(path, "w", encoding="utf-8") as f:
            json.dump(self.to_dict(), f)

    @classmethod
    def load(cls, path: str) -> "CorpusModel":
        """Read a model written by :meth:`save`."""
        with open(path, encoding="utf-8") as f:
            return cls.from_dict(json.load(f))
