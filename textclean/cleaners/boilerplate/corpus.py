"""Corpus evidence: lines that recur across many documents of one corpus are boilerplate.

This is CCNet's insight (Wenzek et al., 2019) made into a fitted, serialisable model. A
:class:`CorpusModel` is fitted once over a stream of documents (``textclean fit``); it counts,
for each distinct line, in how many documents it occurs. Lines are keyed by a 64-bit BLAKE2b
hash of the line folded (whitespace, quotes and case folded); the model stores hashes and
counts, and for each line it keeps the text of its first occurrence (at most 200
characters), so that ``textclean fit --show MODEL`` can say what it learned. Digits are mapped to ``0`` only in lines shaped like furniture ("Copyright
2019" and "Copyright 2020" are one line, and so are two "Posted on ..." date lines): a line
shaped like a sentence is keyed verbatim, so the headlines of a corpus of templated stories
("Talks in round 3 went on ...", "Talks in round 4 went on ...") are not one line, and a
sentence is removed on corpus evidence only when it recurs word for word.

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

from textclean.cleaners.boilerplate.features import LineFeatures, fold, line_features, line_features_many

FORMAT = "textclean-boilerplate-corpus"
_DIGITS = re.compile(r"\d+")


def _sentence_shaped(f: LineFeatures, folded: str) -> bool:
    """Whether a line reads like a sentence rather than a date, counter or footer line: six or
    more words, a fifth of them function words, and fewer numbers than a third of the words."""
    return (f.words >= 6 and f.stop_density >= 0.2
            and len(_DIGITS.findall(folded)) * 3 < f.words)


def line_key(line: str, feats: LineFeatures | None = None) -> str:
    """The hash key of a line (16 hex digits); equal for lines that differ only in
    whitespace, case or quote style, and, in lines shaped like furniture, numbers.
    ``feats`` (the line's features) saves computing them again.

    >>> line_key("Copyright 2019  ACME") == line_key("copyright 2020 ACME")
    True
    >>> line_key("Posted on May 3, 2019 at 10:00 am by Ann") == line_key("Posted on June 12, 2020 at 9:15 pm by Ann")
    False
    >>> line_key("Posted on May 3, 2019 at 10:00 am by Ann") == line_key("Posted on May 4, 2020 at 9:15 am by Ann")
    True
    >>> line_key("Talks in round 3 went on for hours, officials said.") == line_key("Talks in round 4 went on for hours, officials said.")
    False
    """
    folded = fold(line)
    if _DIGITS.search(folded) is not None and not _sentence_shaped(
            feats if feats is not None else line_features(line), folded):
        folded = _DIGITS.sub("0", folded)
    return hashlib.blake2b(folded.encode("utf-8"), digest_size=8).hexdigest()


class CorpusModel:
    """Document frequencies of recurring lines in a corpus.

    >>> docs = [f"Story {i} says that the talks went on.\\nShare this:\\nSubscribe to our paper\\n"
    ...         f"Updated {i}:0{i} pm" for i in range(10)]
    >>> m = CorpusModel.fit(docs, min_share=0.3)
    >>> m.share("Subscribe to our paper"), m.share("Updated 7:03 pm"), m.share("Story 3 says that the talks went on.")
    (1.0, 1.0, 0.0)
    >>> m.share("A line never seen") == 0.0
    True
    >>> CorpusModel.from_dict(m.to_dict()).share("Share this:")
    1.0
    """

    def __init__(self, documents: int, counts: Mapping[str, int], *, min_share: float = 0.05,
                 min_docs: int = 3, texts: Mapping[str, str] | None = None):
        self.documents = int(documents)
        self.counts = dict(counts)
        self.min_share = float(min_share)
        self.min_docs = int(min_docs)
        #: The text of each line's first occurrence (what :meth:`lines` shows).
        self.texts = dict(texts or {})

    def lines(self) -> list[tuple[float, int, str]]:
        """What the model learned, most recurring first: ``(share, documents, text)`` of each
        line that counts (in ``min_docs`` documents or more); the text is ``""`` for a line of
        a model fitted before texts were kept.

        >>> docs = [f"Story {w} went on.\\nShare this:\\nPrint" for w in "abcd"] + ["Share this:"]
        >>> CorpusModel.fit(docs, min_share=0.5).lines()
        [(1.0, 5, 'Share this:'), (0.8, 4, 'Print')]
        """
        if not self.documents:
            return []
        rows = [(c / self.documents, c, self.texts.get(k, "")) for k, c in self.counts.items() if c >= self.min_docs]
        return sorted(rows, key=lambda r: (-r[1], r[2]))

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
        first: dict[str, str] = {}  # key -> the text of its first occurrence
        n = 0
        for text in texts:
            n += 1
            bucket = math.ceil(n / width)
            # (only lines with digits need their features, to decide whether to fold them)
            lines = [l for l in text.splitlines() if l.strip()]
            digits = [l for l in lines if _DIGITS.search(l)]
            feats = dict(zip(digits, line_features_many(digits)))
            for key, line in {line_key(l, feats.get(l)): l for l in reversed(lines)}.items():
                entry = counts.get(key)
                if entry is None:
                    counts[key] = [1, bucket - 1]
                    first[key] = line.strip()[:200]
                else:
                    entry[0] += 1
            pruned = False
            if n % width == 0:
                counts = {k: e for k, e in counts.items() if e[0] + e[1] > bucket}
                pruned = True
            if len(counts) > max_entries:
                keep = sorted(counts.items(), key=lambda kv: -kv[1][0])[: max_entries // 2]
                counts = dict(keep)
                pruned = True
            if pruned:
                first = {k: first[k] for k in counts}
        floor = max(min_docs, eps * n)
        kept = {k: e[0] for k, e in counts.items() if e[0] >= floor}
        return cls(n, kept, min_share=min_share, min_docs=min_docs, texts={k: first[k] for k in kept})

    def share(self, line: str, feats: LineFeatures | None = None) -> float:
        """Share of the corpus documents this line occurs in (0.0 when unknown or when it
        occurs in fewer than ``min_docs`` documents); ``feats`` as for :func:`line_key`."""
        if not self.documents:
            return 0.0
        c = self.counts.get(line_key(line, feats), 0)
        return c / self.documents if c >= self.min_docs else 0.0

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of the model."""
        return {"format": FORMAT, "version": 3, "documents": self.documents,
                "min_share": self.min_share, "min_docs": self.min_docs,
                "lines": dict(sorted(self.counts.items())),
                "texts": {k: self.texts[k] for k in sorted(self.texts) if k in self.counts}}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "CorpusModel":
        """The inverse of :meth:`to_dict`; anything else is a ValueError saying so.

        >>> CorpusModel.from_dict({"format": FORMAT, "documents": 2, "lines": {"ab": 2}}).documents
        2
        >>> CorpusModel.from_dict([1, 2])
        Traceback (most recent call last):
        ...
        ValueError: not a textclean corpus model (textclean fit writes one)
        """
        if not isinstance(d, Mapping) or d.get("format") != FORMAT:
            raise ValueError("not a textclean corpus model (textclean fit writes one)")
        documents, lines = d.get("documents"), d.get("lines")
        if (not isinstance(documents, int) or not isinstance(lines, Mapping)
                or not all(isinstance(v, int) for v in lines.values())):
            raise ValueError("a damaged textclean corpus model (documents or lines missing or "
                             "of the wrong type); fit it again")
        texts = d.get("texts") or {}
        if not isinstance(texts, Mapping) or not all(isinstance(v, str) for v in texts.values()):
            raise ValueError("a damaged textclean corpus model (texts of the wrong type); fit it again")
        return cls(documents, dict(lines), min_share=d.get("min_share", 0.05),
                   min_docs=d.get("min_docs", 3), texts=dict(texts))

    def save(self, path: str) -> None:
        """Write the model as JSON to ``path``."""
        with open(path, "w", encoding="utf-8") as f:
            json.dump(self.to_dict(), f)

    @classmethod
    def load(cls, path: str) -> "CorpusModel":
        """Read a model written by :meth:`save`; a file that is not one is a ValueError
        naming it."""
        with open(path, encoding="utf-8") as f:
            try:
                return cls.from_dict(json.load(f))
            except (ValueError, UnicodeDecodeError) as exc:
                reason = "not JSON" if isinstance(exc, (json.JSONDecodeError, UnicodeDecodeError)) else exc
                raise ValueError(f"{path}: {reason}") from None
