"""Where the default pipeline spends its time on text it has not seen, cleaner by cleaner.

    python benchmarks/pipeline_split.py           # the L3S pages, one block a line
    python benchmarks/pipeline_split.py --html    # the same pages' HTML, naively flattened
    python benchmarks/pipeline_split.py --html --alone   # each built-in cleaner alone, unseen
    python benchmarks/pipeline_split.py --html --interleaved   # the ratio, page by page

With ``--alone``, each built-in cleaner runs alone (``only``, one pass) in a fresh process of
its own, as ``score.py speed`` runs the pipeline: one warm-up call, then each page once, so the
cleaner's caches have not seen the pages (the issue's "every built-in cleaner alone >= 10x ftfy
on the same text"), in turns with ftfy.fix_text by blocks of pages. The ratio is taken in each
process, for the whole ``Pipeline.clean`` (the host's language identification and competence
checks included, which the cleaner alone pays in full) and for the cleaner's ``fix`` itself.

With ``--interleaved``, ftfy.fix_text and the default pipeline take turns page by page (each
page unseen by both), so that a change in the machine's load falls on both alike: on this
shared machine the ratio of the two sequential runs moved between 1.9x and 3.3x from one run
to the next, while the interleaved one is steadier.

One fresh process, as ``score.py speed`` runs: one warm-up call, then each of the L3S-GN1
development pages once. Each cleaner's ``fix`` is timed inside ``Pipeline.clean`` (the second
pass of the settle loop included), and what is left is the host. Seconds per MB of input,
next to ftfy.fix_text's in the same run.

Then the floor: what the least work each kind of cleaner must do costs in Python on the same
text, set against the budget of a pipeline 3x faster than ftfy (a third of ftfy's s/MB).
Finding the unknown words is one regex pass, a set and a look-up of each in the vocabulary; any
per-line decision is at least a loop over the lines. Those alone are most of the budget, before a single decision.
"""

from __future__ import annotations

import collections
import dataclasses
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import load_html_pages, load_pages  # noqa: E402  (the same page loaders as the suite)

BUILTINS = ["markup", "mojibake", "line_breaks", "boilerplate", "typos", "whitespace"]

#: Pages a tool cleans before the other takes its turn (``--alone``).
ALONE_BLOCK = 31


def alone(name: str, html: bool) -> None:
    """One cleaner alone on unseen pages, in this process: a line of the table. The time
    inside the cleaner's ``fix`` is taken apart from the host's work around it (the language
    and format of each document, competence, provenance), which a cleaner alone pays in full.

    ftfy.fix_text and the cleaner take turns by blocks of :data:`ALONE_BLOCK` pages, so that a
    change in the machine's load falls on both alike (one after the other, the ratio of two
    runs moved from 9.7x to 10.7x), and each is timed in CPU time. Not page by page, as ``--interleaved`` runs the pipeline:
    each tool would then start every page with the processor's caches full of the other's
    data, which is not how either runs on a corpus (the cleaners alone lost a third to two
    thirds of their speed that way, ftfy a tenth)."""
    import ftfy

    from textclean.core.pipeline import Pipeline

    texts = load_html_pages() if html else load_pages()
    mb = sum(len(t.encode()) for t in texts) / 1e6
    pipeline = Pipeline({"only": [name], "autoload": False, "max_passes": 1})
    inside = [0.0]
    # (CPU time of this process, not wall time: a neighbour that takes the core for a while
    # would charge whichever tool was running)
    clock = time.process_time
    steps = []
    for cleaner, ctx in pipeline._steps:
        def timed(text, c, fix=cleaner.fix):
            t0 = clock()
            try:
                return fix(text, c)
            finally:
                inside[0] += clock() - t0
        steps.append((dataclasses.replace(cleaner, fix=timed), ctx))
    pipeline._steps[:] = steps
    pipeline.clean(texts[0])
    ftfy.fix_text(texts[0])
    inside[0] = ours = theirs = 0.0
    for block in range(0, len(texts), ALONE_BLOCK):
        pages = texts[block:block + ALONE_BLOCK]
        t0 = clock()
        for t in pages:
            ftfy.fix_text(t)
        t1 = clock()
        for t in pages:
            pipeline.clean(t)
        t2 = clock()
        theirs += t1 - t0
        ours += t2 - t1
    print(f"  {name:12s} {ours / mb:.3f} s/MB  ({theirs / ours:5.1f}x ftfy.fix_text at {theirs / mb:.3f} s/MB; "
          f"its fix alone {inside[0] / mb:.3f} s/MB = {theirs / inside[0]:5.1f}x, the host "
          f"{(ours - inside[0]) / mb:.3f} s/MB)")


def interleaved(html: bool) -> None:
    """ftfy.fix_text and the default pipeline page by page, in turns, on unseen pages."""
    import ftfy

    from textclean.core.pipeline import Pipeline

    texts = load_html_pages() if html else load_pages()
    mb = sum(len(t.encode()) for t in texts) / 1e6
    pipeline = Pipeline({"autoload": False})
    pipeline.clean(texts[0])
    ftfy.fix_text(texts[0])
    ours = theirs = 0.0
    clock = time.perf_counter
    for t in texts:
        t0 = clock()
        ftfy.fix_text(t)
        t1 = clock()
        pipeline.clean(t)
        t2 = clock()
        theirs += t1 - t0
        ours += t2 - t1
    print(f"{len(texts)} pages, {mb:.2f} MB, page by page in turns: ftfy.fix_text {theirs / mb:.3f} s/MB, "
          f"textclean {ours / mb:.3f} s/MB ({theirs / ours:.2f}x ftfy)")


def alone_all(html: bool) -> None:
    import subprocess

    print(f"each built-in cleaner alone, unseen pages ({'naive HTML text' if html else 'page text'}), "
          "one fresh process each:")
    for name in BUILTINS:
        subprocess.run([sys.executable, __file__, "--one", name] + (["--html"] if html else []), check=True)


def main() -> None:
    import ftfy

    if "--one" in sys.argv:
        return alone(sys.argv[sys.argv.index("--one") + 1], "--html" in sys.argv)
    if "--alone" in sys.argv:
        return alone_all("--html" in sys.argv)
    if "--interleaved" in sys.argv:
        return interleaved("--html" in sys.argv)

    from textclean.core.pipeline import Pipeline

    texts = load_html_pages() if "--html" in sys.argv else load_pages()
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
    floor(texts, mb, ftfy_s / mb)


def floor(texts: list[str], mb: float, ftfy_per_mb: float) -> None:
    """The cost of the least work of each kind, against the 3x-ftfy budget."""
    import re

    from textclean.cleaners import lexicon

    word = re.compile(r"[^\W\d_]{3,}")
    vocabulary = lexicon.vocabulary()  # (a native word map: its ``missing`` is the difference)
    trigger = re.compile("[\u0080-\u00ff\u2018-\u201f&\u00a0\u200b]")

    def lines_loop(text: str) -> list:
        # four trivial features a line, in one loop: far less than any real line classifier
        return [(len(line), line.count(" "), line[-1:] in ".!?", line[:1].isupper())
                for line in text.split("\n")]

    kinds = [
        ("unknown words (regex + set + map look-ups): typos", lambda t: vocabulary.missing(set(word.findall(t)))),
        ("one loop over the lines: boilerplate", lines_loop),
        ("one loop over the lines: line_breaks", lines_loop),
        ("one scan for suspect characters: mojibake", trigger.findall),
    ]
    budget = ftfy_per_mb / 3
    total = 0.0
    print(f"floor (the least work of each kind; budget for 3x ftfy: {budget:.3f} s/MB)")
    for label, fn in kinds:
        t0 = time.perf_counter()
        for t in texts:
            fn(t)
        cost = (time.perf_counter() - t0) / mb
        total += cost
        print(f"  {label:52s} {cost:.3f} s/MB")
    print(f"  {'together':52s} {total:.3f} s/MB = {total / budget:.0%} of the budget")


if __name__ == "__main__":
    main()
