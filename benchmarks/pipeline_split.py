"""Where the default pipeline spends its time on text it has not seen, cleaner by cleaner.

    python benchmarks/pipeline_split.py

One fresh process, as ``score.py speed`` runs: one warm-up call, then each of the L3S-GN1
development pages once. Each cleaner's ``fix`` is timed inside ``Pipeline.clean`` (the second
pass of the settle loop included), and what is left is the host. Seconds per MB of input,
next to ftfy.fix_text's in the same run.
"""

from __future__ import annotations

import collections
import dataclasses
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import load_pages  # noqa: E402  (the same page loader as the suite)


def main() -> None:
    import ftfy

    from textclean.pipeline import Pipeline

    texts = load_pages()
    mb = sum(len(t.encode()) for t in texts) / 1e6
    pipeline = Pipeline({"autoload": False})
    spent: collections.Counter[str] = collections.Counter()
    calls: collections.Counter[str] = collections.Counter()
    steps = []
    for cleaner, ctx in pipeline._steps:
        def timed(text, c, fix=cleaner.fix, name=cleaner.name):
            t0 = time.perf_counter()
            try:
                return fix(text, c)
            finally:
                spent[name] += time.perf_counter() - t0
                calls[name] += 1
        steps.append((dataclasses.replace(cleaner, fix=timed), ctx))
    pipeline._steps[:] = steps
    pipeline.clean(texts[0])
    spent.clear()
    calls.clear()
    t0 = time.perf_counter()
    for t in texts:
        ftfy.fix_text(t)
    ftfy_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    for t in texts:
        pipeline.clean(t)
    wall = time.perf_counter() - t0
    print(f"{len(texts)} pages, {mb:.2f} MB: ftfy.fix_text {ftfy_s / mb:.3f} s/MB, "
          f"textclean {wall / mb:.3f} s/MB ({ftfy_s / wall:.2f}x ftfy)")
    for name, s in spent.most_common():
        print(f"  {name:12s} {s / mb:.3f} s/MB  ({calls[name]} calls)")
    print(f"  {'host':12s} {(wall - sum(spent.values())) / mb:.3f} s/MB")


if __name__ == "__main__":
    main()
