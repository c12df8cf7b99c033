"""What knowing the text costs: language identification and region detection inside the
default pipeline, and the pipeline against an earlier revision (issue 18).

    python benchmarks/awareness.py                      # the shares, this checkout
    python benchmarks/awareness.py --base 0011cea       # and the pipeline against that revision

Texts: the L3S-GN1 development pages (English news, one block a line), the TurkuNLP de/es/fr
pages (``../shared/data/boilerplate``), and the naive text of the L3S pages' HTML (menus and
blank lines left in). The script skips with a message where ``../shared/data`` is absent.

**Shares.** One process, warmed up on other pages (:func:`warm_up_texts`); each text
cleaned once by the default pipeline with ``language_of`` (the document's language), ``Local._judge`` (a line's language, where a
language-limited cleaner edits), ``find_regions`` and the text-kind marks the cleaners test
themselves (documentation and code marks: ``core/kinds.py``, where the cleaners call it) timed
inside it. Printed: each one's MB/s over the text it saw, its share of the pipeline's CPU
time, and the four together.

**Against a revision** (``--base REV``): the pipeline's CPU time on the same texts in a fresh
process of this checkout and of ``git worktree add`` of REV (made under /tmp, removed after),
alternating three rounds each, the best round of each kept. The machine is shared: quote the
ratio, not the seconds. With ``--instructions`` the pipeline's instructions are counted
instead (``valgrind --tool=callgrind``, about ten minutes; see :func:`instructions`): a figure
that does not move with the machine's load.

    python benchmarks/awareness.py --base 24ae2d4 --instructions
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "boilerplate"
sys.path.insert(0, str(Path(__file__).resolve().parent))


def corpora() -> dict[str, list[str]]:
    from run import load_html_pages, load_pages

    with open(DATA / "turku-multi-dev.jsonl", encoding="utf-8") as f:
        multi = [json.loads(line) for line in f]
    return {
        "L3S news (en)": load_pages(),
        "TurkuNLP de/es/fr": ["\n".join(u["text"] for u in d["lines"]) for d in multi],
        "L3S naive HTML text (en)": load_html_pages(),
    }


def warm_up_texts() -> list[str]:
    """Other pages than the timed ones (TurkuNLP English, and a few pages of each other
    language), cleaned before timing so that every lazily loaded list and table (stop lists,
    word frequencies, the language model) is loaded in both trees: the figures are the cost
    per document of a long run, not of start-up (which ``benchmarks/run.py`` measures)."""
    with open(DATA / "turku-en-dev.jsonl", encoding="utf-8") as f:
        docs = [json.loads(line) for line in f]
    with open(DATA / "turku-multi-dev.jsonl", encoding="utf-8") as f:
        multi = [json.loads(line) for line in f]
    seen: collections.Counter[str] = collections.Counter()
    for d in multi:
        lang = d["lang"]
        if seen[lang] < 5:
            seen[lang] += 1
            docs.append(d)
    return ["\n".join(u["text"] for u in d["lines"]) for d in docs]


def shares() -> None:
    import textclean.core.pipeline as host
    from textclean.core import language
    from textclean.core.pipeline import Pipeline

    spent: collections.Counter[str] = collections.Counter()
    size: collections.Counter[str] = collections.Counter()

    def timed(name, fn, measure):
        def wrapper(*args, **kw):
            t0 = time.process_time()
            try:
                return fn(*args, **kw)
            finally:
                spent[name] += time.process_time() - t0
                size[name] += measure(*args)
        return wrapper

    warm = Pipeline({"autoload": False})  # before the timers go in: warm-up time is not counted
    for t in warm_up_texts():
        warm.clean(t)
    host.language_of = timed("document language", host.language_of, lambda t: len(t.encode()))
    host.find_regions = timed("regions", host.find_regions, lambda t, *a: len(t.encode()))
    judge = language.Local._judge
    language.Local._judge = timed(
        "line languages", judge,
        lambda self, i: len(self.text[self._starts[i]:self._starts[i + 1]].encode()))
    # The marks of text kind the cleaners look for themselves (documentation, code
    # punctuation), wrapped where the cleaners call them (each once: kinds' own inner calls
    # are not wrapped), measured by the characters they are given.
    import importlib

    def chars(*args, **kw):
        first = args[0] if args else ""
        return len(first) if isinstance(first, str) else sum(len(t) for t in first if isinstance(t, str))

    # (the code punctuation that boilerplate tests is inside its native judge now)
    for module, names in (("textclean.cleaners.boilerplate", ("looks_like_documentation",)),
                          ("textclean.cleaners.typos", ("looks_like_documentation",)),
                          ("textclean.cleaners.line_breaks", ("looks_like_documentation",))):
        mod = importlib.import_module(module)
        for n in names:
            setattr(mod, n, timed("text kinds", getattr(mod, n), chars))
    pipeline = Pipeline({"autoload": False})
    kinds = ("document language", "line languages", "regions", "text kinds")
    print(f"{'texts':28} {'MB':>6} {'pipeline MB/s':>14} " + " ".join(
        f"{k + ' MB/s (share)':>30}" for k in kinds) + f" {'together':>9}")
    for name, texts in corpora().items():
        spent.clear()
        size.clear()
        t0 = time.process_time()
        for text in texts:
            pipeline.clean(text)
        total = time.process_time() - t0
        mb = sum(len(t.encode()) for t in texts) / 1e6
        cells = []
        for k in kinds:
            rate = size[k] / 1e6 / spent[k] if spent[k] else float("inf")
            cells.append(f"{rate:>10.1f} ({spent[k] / total:6.1%}, {size[k] / 1e6:5.1f} MB)")
        together = sum(spent[k] for k in kinds) / total
        print(f"{name:28} {mb:6.2f} {mb / total:14.2f} " + " ".join(f"{c:>30}" for c in cells)
              + f" {together:9.1%}")


CHILD = """
import sys, time, json
sys.path.insert(0, {bench!r})
from awareness import corpora, warm_up_texts
from textclean.core.pipeline import Pipeline
p = Pipeline({{"autoload": False}})
for t in warm_up_texts():
    p.clean(t)
out = {{}}
for name, texts in corpora().items():
    t0 = time.process_time()
    for t in texts:
        p.clean(t)
    out[name] = time.process_time() - t0
print(json.dumps(out))
"""


def against(base: str) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="tc-base-"))
    tree = tmp / "tree"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), base],
                   check=True, capture_output=True)
    try:
        best: dict[str, dict[str, float]] = {"this checkout": {}, base: {}}
        for _ in range(3):
            for label, src in (("this checkout", ROOT), (base, tree)):
                # (each tree its own cache folder, as in instructions())
                env = dict(os.environ, PYTHONPATH=str(src), TEXTCLEAN_NO_PLUGINS="1",
                           TEXTCLEAN_CACHE_DIR=str(tmp / f"cache-{'base' if src == tree else 'this'}"))
                done = subprocess.run([sys.executable, "-c", CHILD.format(bench=str(ROOT / "benchmarks"))],
                                      env=env, capture_output=True, text=True, cwd=tmp, check=True)
                for name, seconds in json.loads(done.stdout.splitlines()[-1]).items():
                    best[label][name] = min(best[label].get(name, float("inf")), seconds)
        print(f"\npipeline CPU seconds, best of 3 rounds: this checkout / {base}")
        for name in best[base]:
            now, then = best["this checkout"][name], best[base][name]
            print(f"{name:28} {now:7.2f} / {then:7.2f} = {now / then:5.2f}")
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)],
                       capture_output=True, check=False)
        shutil.rmtree(tmp, ignore_errors=True)


# Instructions rather than seconds: the English pages split in two, one half cleaned after
# the warm-up pages (so every lazily loaded table is loaded and the caches hold what a long run
# holds), the other half counted; the count of a run that stops before it is subtracted.
COUNTED = """
import sys
sys.path.insert(0, {bench!r})
from awareness import corpora, warm_up_texts
from textclean.core.pipeline import Pipeline
p = Pipeline({{"autoload": False}})
c = corpora()
english = c["L3S news (en)"] + c["L3S naive HTML text (en)"]
for t in warm_up_texts() + english[0::2]:
    p.clean(t)
if sys.argv[1] == "counted":
    for t in english[1::2]:
        p.clean(t)
"""


def instructions(base: str) -> None:
    """The pipeline's instructions on half of the English pages (L3S news and its naive page
    text, 1.8 MB), this checkout against ``base``, counted by ``valgrind --tool=callgrind``:
    the same count whatever else the machine is doing (about 10 minutes)."""
    if shutil.which("valgrind") is None:
        sys.exit("skipped: --instructions needs valgrind (Debian's valgrind package)")
    tmp = Path(tempfile.mkdtemp(prefix="tc-base-"))
    tree = tmp / "tree"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), base],
                   check=True, capture_output=True)
    script = tmp / "counted.py"
    script.write_text(COUNTED.format(bench=str(ROOT / "benchmarks")))
    try:
        counts: dict[tuple[str, str], int] = {}
        for label, src in (("this checkout", ROOT), (base, tree)):
            # (a fixed hash seed: set and dict orders, and so the work, are the same each run)
            # (each tree its own cache folder: the cache keeps one version of a table per
            # name, so a tree building its own would delete the other's between its runs)
            env = dict(os.environ, PYTHONPATH=str(src), TEXTCLEAN_NO_PLUGINS="1", PYTHONHASHSEED="0",
                       TEXTCLEAN_CACHE_DIR=str(tmp / f"cache-{'base' if src == tree else 'this'}"))
            # One run outside valgrind first: the word lists each tree pickles into the cache
            # (keyed by its own paths) are built there, not in one of the two counted runs.
            subprocess.run([sys.executable, str(script), "warm"], env=env, capture_output=True,
                           cwd=tmp, check=True)
            for what in ("warm", "counted"):
                done = subprocess.run(
                    ["valgrind", "--tool=callgrind", f"--callgrind-out-file={tmp / 'out'}",
                     sys.executable, str(script), what],
                    env=env, capture_output=True, text=True, cwd=tmp, check=True)
                counts[label, what] = int(re.findall(r"Collected : (\d+)", done.stderr)[-1])
        now = counts["this checkout", "counted"] - counts["this checkout", "warm"]
        then = counts[base, "counted"] - counts[base, "warm"]
        print(f"\npipeline instructions on half the English pages: this checkout / {base}")
        # (three decimals: the question is often whether a ratio is over 1.10)
        print(f"{'L3S news + naive text (en)':28} {now / 1e9:7.2f}G / {then / 1e9:7.2f}G = {now / then:6.3f}")
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)],
                       capture_output=True, check=False)
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", metavar="REV", help="also time the pipeline of this git revision")
    parser.add_argument("--instructions", action="store_true",
                        help="with --base: count instructions (valgrind) instead of timing")
    args = parser.parse_args()
    if not DATA.is_dir():
        sys.exit(f"skipped: the development data is not at {DATA}")
    if args.base and args.instructions:
        instructions(args.base)
        return
    shares()
    if args.base:
        against(args.base)


if __name__ == "__main__":
    main()
