"""Throughput of the ``line_breaks`` cleaner, in MB/s of input text.

Three inputs, built from the seed articles in ``seeds/inputs`` (so the benchmark needs nothing
outside the repository): the articles as they are (long lines, no edit), hard-wrapped at 72
columns with blank lines between paragraphs, and wrapped with single newlines. Each corpus is
about 1 MB; each figure is the best of three runs of ``textclean.Pipeline(only=["line_breaks"])``
over the whole corpus, one document at a time. The machine is shared and noisy: compare
figures from one run only.

Run: ``python benchmarks/line_breaks.py``
"""

from __future__ import annotations

import re
import textwrap
import time
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[1] / "seeds" / "inputs"


def _corpora(target_bytes: int = 1_000_000) -> dict[str, list[str]]:
    articles = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    paragraphs = [[" ".join(x.split()) for x in re.split(r"\n\s*\n|\n", a) if x.strip()]
                  for a in articles]
    corpora: dict[str, list[str]] = {
        "unwrapped": articles,
        "wrapped-72-blank": ["\n\n".join(textwrap.fill(p, 72) for p in ps) + "\n" for ps in paragraphs],
        "wrapped-72-single": ["\n".join(textwrap.fill(p, 72) for p in ps) + "\n" for ps in paragraphs],
    }
    out = {}
    for name, docs in corpora.items():
        size = sum(len(d.encode()) for d in docs)
        out[name] = docs * max(1, target_bytes // size)
    return out


def run() -> dict:
    """Measure and return ``{corpus: {"mb": size, "mb_per_s": best throughput}}``."""
    from textclean import Pipeline

    pipeline = Pipeline({"only": ["line_breaks"], "autoload": False})
    pipeline.clean("warm-up: load the lexicon\n")
    results = {}
    for name, docs in _corpora().items():
        mb = sum(len(d.encode()) for d in docs) / 1e6
        best = float("inf")
        for _ in range(3):
            t0 = time.perf_counter()
            for d in docs:
                pipeline.clean(d)
            best = min(best, time.perf_counter() - t0)
        results[name] = {"mb": round(mb, 2), "mb_per_s": round(mb / best, 2)}
    return results


if __name__ == "__main__":
    for name, r in run().items():
        print(f"{name:20s} {r['mb_per_s']:7.2f} MB/s over {r['mb']:.2f} MB")
