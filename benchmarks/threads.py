"""Threads or processes for ``--jobs``? The default pipeline on the same pages in 1 and 2
worker threads (one pipeline each, one process) and in 1 and 2 worker processes.

    python benchmarks/threads.py [--copies 2]

The native core releases the GIL while it works, so threads can overlap there; everything
else a cleaner does is Python and holds the GIL. Threads would save the memory of a second
process and the pickling of documents; they pay off only where enough of the time is spent
in the core. Printed: MB/s and the speed-up of 2 workers over 1 for each, and the machine's
own scaling on a pure arithmetic loop in 2 processes, measured in the same run. (Each
worker cleans its own share of the pages once after a warm-up, so that loading the
dictionaries is not timed; the main process cleans every page once before either, and the
worker processes are forked from it.) Skips with a message where ``../shared/data`` is absent.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

_local = threading.local()
_pipeline = None


def _thread_clean(texts: list[str]) -> int:
    p = getattr(_local, "pipeline", None)
    if p is None:
        from textclean.core.pipeline import Pipeline

        p = _local.pipeline = Pipeline({"autoload": False})
    for t in texts:
        p.clean(t)
    return len(texts)


def _process_init() -> None:
    global _pipeline
    from textclean.core.pipeline import Pipeline

    _pipeline = Pipeline({"autoload": False})


def _process_clean(texts: list[str]) -> int:
    for t in texts:
        _pipeline.clean(t)
    return len(texts)


def _loop(n: int) -> int:
    s = 0
    for i in range(n):
        s += i * i % 7
    return s


def timed(executor: cf.Executor, fn, shares: list[list[str]], warm: list[list[str]]) -> float:
    list(executor.map(fn, warm))  # every worker loads its dictionaries before the clock starts
    t0 = time.perf_counter()
    list(executor.map(fn, shares))
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, default=2)
    a = ap.parse_args()
    try:
        from run import load_pages
        texts = load_pages()
    except (OSError, SystemExit) as exc:
        sys.exit(f"skipped: {exc}")
    pages = texts * a.copies
    mb = sum(len(t.encode()) for t in pages) / 1e6
    warm = [texts[:20]]
    # Every table the cleaners load lazily is loaded here first, once: the threads share this
    # process's, and the worker processes are forked from it with them.
    _thread_clean(texts)
    print(f"{len(pages)} pages, {mb:.2f} MB")
    rates = {}
    for kind in ("threads", "processes"):
        for n in (1, 2):
            shares = [pages[i::n] for i in range(n)]
            if kind == "threads":
                with cf.ThreadPoolExecutor(n) as ex:
                    seconds = timed(ex, _thread_clean, shares, warm * n)
            else:
                with cf.ProcessPoolExecutor(n, initializer=_process_init) as ex:
                    seconds = timed(ex, _process_clean, shares, warm * n)
            rates[kind, n] = mb / seconds
            print(f"  {kind:9s} {n}: {rates[kind, n]:.2f} MB/s")
    for kind in ("threads", "processes"):
        print(f"2 {kind} / 1: {rates[kind, 2] / rates[kind, 1]:.2f}x")
    loops = {}
    for n in (1, 2):
        with cf.ProcessPoolExecutor(n) as ex:
            list(ex.map(_loop, [1000] * n))
            t0 = time.perf_counter()
            list(ex.map(_loop, [3_000_000] * 2))
            loops[n] = time.perf_counter() - t0
    print(f"the machine: an arithmetic loop in 2 processes / 1: {loops[1] / loops[2]:.2f}x")


if __name__ == "__main__":
    main()
