"""Benchmark of the ``typos`` cleaner: load time, and words per second on news text.

    python benchmarks/typos.py

Figures (one run; the machine is noisy, compare ratios measured in the same run):

* ``build_s``: ``Pipeline({"only": ["typos"]})`` (the dictionaries load lazily, so this is
  the plugin set and the setup);
* ``first_small_s``: build plus cleaning one small document with two misspellings, what a CLI
  run on one small file pays;
* ``words_per_s_first_pass``: a fresh pipeline over the misspelt and the clean paragraphs,
  loading included (the distance-2 index is built on the way when the run needs it);
* ``words_per_s_clean`` / ``words_per_s_typos``: a second pass over the clean news
  paragraphs and over the same paragraphs with 1.6% real misspellings injected (warm: the
  candidates of a token seen before are cached).

News text comes from ``../shared/data/typos/injected-l3s-dev.jsonl`` when present, else from
the project's own fixture ``tests/data/typos/news.txt``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "typos" / "injected-l3s-dev.jsonl"
FIXTURE = ROOT / "tests" / "data" / "typos" / "news.txt"

_COLD = """
import time
t0 = time.perf_counter()
import textclean
p = textclean.Pipeline({"only": ["typos"]})
t1 = time.perf_counter()
p.clean("The goverment said it would recieve the aid on Monday, officials said.")
t2 = time.perf_counter()
print(t1 - t0, t2 - t0)
"""


def _texts() -> tuple[list[str], list[str]]:
    if DATA.exists():
        rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]
        return [r["gold"] for r in rows], [r["input"] for r in rows]
    text = FIXTURE.read_text(encoding="utf-8")
    return [text] * 50, [text] * 50


def _throughput(clean, texts: list[str]) -> float:
    words = sum(len(t.split()) for t in texts)
    t0 = time.perf_counter()
    for t in texts:
        clean(t)
    return words / (time.perf_counter() - t0)


def run() -> dict:
    """Measure and return the figures (see the module docstring)."""
    out = subprocess.run([sys.executable, "-c", _COLD], capture_output=True, text=True, check=True)
    build_s, first_s = (float(x) for x in out.stdout.split())
    import textclean

    gold, noisy = _texts()
    pipeline = textclean.Pipeline({"only": ["typos"]})
    first_pass = _throughput(pipeline.clean, noisy + gold)  # loads, builds the index if needed
    return {
        "build_s": round(build_s, 3),
        "first_small_s": round(first_s, 3),
        "words_per_s_first_pass": round(first_pass),
        "words_per_s_clean": round(_throughput(pipeline.clean, gold)),
        "words_per_s_typos": round(_throughput(pipeline.clean, noisy)),
        "words": sum(len(t.split()) for t in gold),
    }


if __name__ == "__main__":
    for k, v in run().items():
        print(f"{k:20s} {v}")
