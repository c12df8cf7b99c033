"""Benchmark of the ``typos`` cleaner: load time, and throughput on scraped news pages.

    python benchmarks/typos.py [--profile] [--cold-cache]

Figures (one run; the machine is noisy, compare ratios measured in the same run):

* ``build_s``: ``Pipeline({"only": ["typos"]})`` in a fresh process (the dictionaries load
  lazily, so this is the plugin set and the setup);
* ``first_small_s``: build plus cleaning one small document with two misspellings in a fresh
  process, what a CLI run on one small file pays (the word lists come from the pickled cache
  in ``~/.cache/textclean`` after the first run ever); ``load_s`` is the part of it spent
  loading the model's tables (word lists, bigrams, candidate index) on the first document;
* ``l3s_*``: the L3S-GN1 development pages as a naive scraper sees them (each page's block
  texts joined by newlines: menus, names, comments, junk), in MB/s of UTF-8:
  ``l3s_first_pass_mb_s`` is a fresh pipeline whose word lists are loaded but whose caches are
  empty (every unknown word searched once), ``l3s_warm_mb_s`` a second pass over the same
  pages (decisions cached), ``l3s_fix_warm_mb_s`` the cleaner's ``fix_typos`` function alone,
  warm, without the host's pipeline around it; ``l3s_warm_real_words_mb_s`` and
  ``l3s_warm_no_short_mb_s`` are the warm pass with ``fix_real_words`` on and with
  ``fix_short`` off (what those options cost); ``l3s_whitespace_mb_s`` is the host pipeline
  with only the trivial ``whitespace`` cleaner, for scale; ``l3s_ftfy_mb_s`` is
  ``ftfy.fix_text`` on the same pages in the same run and ``first_pass_vs_ftfy`` the ratio
  (the first pass is what ``score.py speed`` sees: every page unseen);
* ``l3s_first_pass_words_per_s``: the first pass in words (whitespace-separated) per second;
* ``news_words_per_s``: words per second on the injected-misspelling news paragraphs
  (``../shared/data/typos/injected-l3s-dev.jsonl``), first pass;
* ``norvig_words_per_s``: isolated misspellings (Norvig's set, as ``score.py typos-norvig``
  cleans them: one call per word, each a full candidate search), first pass.

``--cold-cache`` also measures a first run ever (an empty cache directory, so every table is
built): ``cold_first_small_s`` and ``cold_l3s_first_pass_mb_s``.

``--profile`` prints a cProfile of the first pass over the L3S pages.
"""

from __future__ import annotations

import gc
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
L3S = SHARED / "boilerplate" / "l3s-gn1-dev.jsonl"
NEWS = SHARED / "typos" / "injected-l3s-dev.jsonl"
FIXTURE = ROOT / "tests" / "data" / "typos" / "news.txt"

_COLD = """
import time
t0 = time.perf_counter()
import textclean
from textclean.cleaners.typos import model
p = textclean.Pipeline({"only": ["typos"]})
t1 = time.perf_counter()
loading = []
preload = model.Model.preload
def timed(self):
    t = time.perf_counter()
    out = preload(self)
    loading.append(time.perf_counter() - t)
    return out
model.Model.preload = timed
p.clean("The goverment said it would recieve the aid on Monday, officials said.")
t2 = time.perf_counter()
print(t1 - t0, t2 - t0, sum(loading))
"""

_COLD_PAGES = """
import json, sys, time
sys.path.insert(0, %r)
import typos
import textclean
pages = typos._pages()
mb = sum(len(t.encode("utf-8")) for t in pages) / 1e6
p = textclean.Pipeline({"only": ["typos"]})
t0 = time.perf_counter()
p.clean("The goverment said it would recieve the aid on Monday, officials said.")
t1 = time.perf_counter()
for t in pages:
    p.clean(t)
print(t1 - t0, mb / (time.perf_counter() - t1))
"""

NORVIG = SHARED / "typos" / "norvig-testset1.txt"


def _pages() -> list[str]:
    if L3S.exists():
        rows = [json.loads(line) for line in L3S.read_text(encoding="utf-8").splitlines()]
        return ["\n".join(b["text"] for b in r["blocks"]) for r in rows]
    return [FIXTURE.read_text(encoding="utf-8")] * 50


def _news() -> list[str]:
    if NEWS.exists():
        rows = [json.loads(line) for line in NEWS.read_text(encoding="utf-8").splitlines()]
        return [r["input"] for r in rows]
    return [FIXTURE.read_text(encoding="utf-8")] * 50


def _mb_s(fn, texts: list[str], repeat: int = 1) -> float:
    """MB/s of ``fn`` over ``texts``: the best of ``repeat`` passes (the machine is shared)."""
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        for t in texts:
            fn(t)
        best = min(best, time.perf_counter() - t0)
    return mb / best


def _norvig() -> list[str]:
    if not NORVIG.exists():
        return []
    return [w for line in NORVIG.read_text().splitlines() if ":" in line for w in line.split(":", 1)[1].split()]


def run(profile: bool = False, cold_cache: bool = False) -> dict:
    """Measure and return the figures (see the module docstring)."""
    out = subprocess.run([sys.executable, "-c", _COLD], capture_output=True, text=True, check=True)
    build_s, first_s, load_s = (float(x) for x in out.stdout.split())
    cold: dict = {}
    if cold_cache:
        import os
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            env = dict(os.environ, TEXTCLEAN_CACHE_DIR=tmp)
            out = subprocess.run([sys.executable, "-c", _COLD_PAGES % str(Path(__file__).resolve().parent)],
                                 capture_output=True, text=True, check=True, env=env)
            small, mb_s = (float(x) for x in out.stdout.split())
            cold = {"cold_first_small_s": round(small, 2), "cold_l3s_first_pass_mb_s": round(mb_s, 2)}
    import ftfy

    import textclean
    from textclean import Context
    from textclean.cleaners import lexicon
    from textclean.cleaners.typos import OPTIONS, fix_typos, setup_typos

    pages = _pages()
    ws = textclean.Pipeline({"only": ["whitespace"]})
    _mb_s(ws.clean, pages)
    ws_mb_s = _mb_s(ws.clean, pages, 3)

    pipeline = textclean.Pipeline({"only": ["typos"]})
    pipeline.clean("The goverment said.")  # loads the word lists
    lexicon.bigrams()
    if profile:
        import cProfile
        import pstats

        prof = cProfile.Profile()
        prof.enable()
    first = _mb_s(pipeline.clean, pages)
    if profile:
        prof.disable()
        pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
    ftfy_mb_s = _mb_s(ftfy.fix_text, pages)
    warm = _mb_s(pipeline.clean, pages, 3)
    # the cleaner's function on a state of its own, warmed by the first of the three passes
    ctx = Context(options=OPTIONS, state=setup_typos(Context(options=OPTIONS)))
    fix_warm = _mb_s(lambda t: fix_typos(t, ctx), pages, 3)
    real = textclean.Pipeline({"only": ["typos"], "options": {"typos": {"fix_real_words": True}}})
    _mb_s(real.clean, pages)
    real_warm = _mb_s(real.clean, pages, 3)
    no_short = textclean.Pipeline({"only": ["typos"], "options": {"typos": {"fix_short": False}}})
    _mb_s(no_short.clean, pages)
    no_short_warm = _mb_s(no_short.clean, pages, 3)

    news = _news()
    words = sum(len(t.split()) for t in news)
    fresh = textclean.Pipeline({"only": ["typos"]})
    t0 = time.perf_counter()
    for t in news:
        fresh.clean(t)
    news_wps = words / (time.perf_counter() - t0)
    norvig = _norvig()
    norvig_wps = 0.0
    if norvig:
        fresh = textclean.Pipeline({"only": ["typos"]})
        t0 = time.perf_counter()
        for w in norvig:
            fresh.clean(w)
        norvig_wps = len(norvig) / (time.perf_counter() - t0)
    mb = sum(len(t.encode("utf-8")) for t in pages) / 1e6
    page_words = sum(len(t.split()) for t in pages)
    return {
        "build_s": round(build_s, 3),
        "first_small_s": round(first_s, 3),
        "load_s": round(load_s, 3),
        "l3s_mb": round(mb, 2),
        "l3s_first_pass_mb_s": round(first, 2),
        "l3s_ftfy_mb_s": round(ftfy_mb_s, 2),
        "first_pass_vs_ftfy": round(first / ftfy_mb_s, 2),
        "l3s_first_pass_words_per_s": round(first * page_words / mb),
        "l3s_warm_mb_s": round(warm, 2),
        "l3s_fix_warm_mb_s": round(fix_warm, 2),
        "l3s_warm_real_words_mb_s": round(real_warm, 2),
        "l3s_warm_no_short_mb_s": round(no_short_warm, 2),
        "l3s_whitespace_mb_s": round(ws_mb_s, 2),
        "news_words_per_s": round(news_wps),
        "norvig_words_per_s": round(norvig_wps),
        **cold,
    }


if __name__ == "__main__":
    for k, v in run(profile="--profile" in sys.argv, cold_cache="--cold-cache" in sys.argv).items():
        print(f"{k:26s} {v}")
