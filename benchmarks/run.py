"""The benchmark suite: speed, scaling, memory, start-up and quality, in one run, into docs/.

    python benchmarks/run.py                  # everything; writes docs/benchmarks.md
    python benchmarks/run.py --quick          # smaller corpora, fewer repeats
    python benchmarks/run.py --no-ray --no-quality --out /tmp/bench.md

All speed figures of one table come from the same run on the same input, so read the ratios,
not the absolute numbers: this machine is shared and noisy. The input is the L3S-GN1
development pages as a naive scraper sees them (../shared/data/boilerplate), so the suite
needs the development data; without it, it says so and stops.
"""

from __future__ import annotations

import argparse
import html
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
SCORE = ROOT.parent / "shared" / "eval" / "score.py"
PAGES = DATA / "boilerplate" / "l3s-gn1-dev.jsonl"
BUILTINS = ["markup", "mojibake", "line_breaks", "boilerplate", "typos", "whitespace"]


sys.path.insert(0, str(Path(__file__).resolve().parent))
from mojibake import _rate, load_texts  # noqa: E402  (the same page loader and timer)


#: The single-purpose scripts beside this one, listed at the end of docs/benchmarks.md.
OTHERS = [
    ("pipeline_split.py [--html] [--alone | --interleaved]", "where the default pipeline spends its time on "
     "unseen pages, cleaner by cleaner, and the floor: what the least work of each kind costs against the 3× "
     "budget; with --alone, each built-in cleaner alone on unseen pages, a fresh process each, in turns "
     "with ftfy by blocks of pages, its fix apart from the host's work around it; with "
     "--interleaved, the pipeline and ftfy page by page in turns (a steadier ratio)"),
    ("mojibake.py", "the mojibake cleaner against ftfy.fix_text on the L3S pages"),
    ("line_breaks.py", "the line_breaks cleaner on unwrapped and hard-wrapped text"),
    ("line_breaks_languages.py", "line_breaks on synthetic hard wraps in 11 languages, restored exactly"),
    ("awareness.py [--base REV]", "what language identification and region detection cost in the pipeline"),
    ("langid.py", "the language identifiers compared (needs the candidates in a separate venv)"),
    ("docs_damage.py", "what the default pipeline does to real project documentation on the machine"),
    ("boilerplate.py", "the boilerplate cleaner on unseen, repeated and already-clean pages"),
    ("boilerplate_eval.py", "boilerplate quality by document halves, and the opt-in line model"),
    ("boilerplate_cv.py", "a learned decision over the boilerplate cleaner's evidence, in-source (document "
     "halves) and cross-source (a corpus or language left out), beside the cleaner (needs the `train` extra)"),
    ("boilerplate_html.py", "token F1 from HTML against trafilatura and jusText"),
    ("boilerplate_knob.py", "the operating points of the boilerplate cleaner's one knob, aggressiveness 0-3, "
     "on every development corpus"),
    ("boilerplate_naive.py", "token F1 from the naive text of whole pages, as score.py boilerplate-sh "
     "measures it, beside trafilatura and jusText from the HTML"),
    ("typos.py", "typos speed (cold and warm caches, words/s, load time)"),
    ("reliability.py", "100,000 documents with --jobs 2, peak memory, kill and resume"),
    ("threads.py [--copies N]", "the default pipeline in 1 and 2 threads against 1 and 2 processes "
     "(is a thread pool worth offering for --jobs?)"),
    ("treemem.py textclean clean seeds/inputs -o /tmp/tc-out -j 2", "wall time and peak memory of any command over its whole process tree"),
]


def load_pages() -> list[str]:
    return load_texts(PAGES)


def load_html_pages() -> list[str]:
    """The L3S-GN1 development pages' HTML as a naive scraper flattens it (BeautifulSoup's
    ``get_text()``, scripts and styles dropped): every menu, blank line and no-break space
    left in, as in the naive text of scraped pages that ``score.py speed`` is run on."""
    import warnings

    from bs4 import BeautifulSoup

    warnings.filterwarnings("ignore", module="bs4")
    texts = []
    for path in sorted((DATA / "boilerplate" / "l3s-gn1-dev-html").glob("*.html")):
        soup = BeautifulSoup(path.read_bytes(), "html.parser")
        for tag in soup(["script", "style", "noscript"]):
            tag.decompose()
        texts.append(soup.get_text())
    return texts


def load_distinct() -> list[str]:
    """Every distinct document of the development data that is running text: the L3S pages
    and the TurkuNLP web pages (each once), for runs where repeats would flatter one process
    whose caches already hold every word."""
    import json

    texts = load_pages()
    turku = DATA / "boilerplate" / "turku-en-dev.jsonl"
    if turku.exists():
        with open(turku, encoding="utf-8") as f:
            texts += ["\n".join(line["text"] for line in json.loads(row)["lines"]) + "\n" for row in f]
    return texts


# score.py's `speed` task: one fresh process, one warm-up call on the first page, then every
# page once, so each page is text the process has not seen (no in-process cache helps).
_UNSEEN = """
import sys, time
sys.path.insert(0, {here!r})
from run import {loader}
import ftfy, textclean
texts = {loader}()
mb = sum(len(t.encode()) for t in texts) / 1e6
textclean.clean(texts[0])
rates = []
for fn in (ftfy.fix_text, textclean.clean):
    t0 = time.perf_counter()
    for t in texts:
        fn(t)
    rates.append(mb / (time.perf_counter() - t0))
print(*rates)
"""


def unseen(loader: str = "load_pages") -> tuple[float, float]:
    """MB/s of ftfy.fix_text and of the default pipeline, as ``score.py speed`` measures them,
    on the texts ``loader`` (a function of this module) gives."""
    code = _UNSEEN.format(here=str(Path(__file__).resolve().parent), loader=loader)
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                       env={**os.environ, "TEXTCLEAN_DISABLE_PLUGIN_AUTOLOAD": "1"})
    ftfy_rate, ours = map(float, r.stdout.split())
    return ftfy_rate, ours


def rate(fn, texts: list[str], repeat: int) -> float:
    """Best-of-``repeat`` MB/s of ``fn`` over ``texts``."""
    return _rate(fn, texts, sum(len(t.encode("utf-8")) for t in texts) / 1e6, repeat)


def peers() -> dict:
    """The peer tools that can run here, as text -> text functions."""
    found = {}
    try:
        import ftfy

        found["ftfy.fix_text"] = ftfy.fix_text
    except ImportError:
        pass
    try:
        from cleantext import clean as clean_text

        found["clean-text clean()"] = lambda t: clean_text(t, lower=False, to_ascii=False, no_line_breaks=False)
    except ImportError:
        pass
    try:
        import justext

        stop = justext.get_stoplist("English")
        found["jusText (<p> per line)"] = lambda t: justext.justext(
            ("<html><body>" + "".join(f"<p>{html.escape(l)}</p>" for l in t.splitlines()) + "</body></html>").encode(),
            stop)
    except ImportError:
        pass
    try:
        import trafilatura

        found["trafilatura (<p> per line)"] = lambda t: trafilatura.extract(
            "<html><body><article>" + "".join(f"<p>{html.escape(l)}</p>" for l in t.splitlines())
            + "</article></body></html>")
    except ImportError:
        pass
    return found


def throughput(texts: list[str], repeat: int) -> list[tuple[str, float]]:
    from textclean import Pipeline

    rows = []
    for name, fn in peers().items():
        rows.append((name, rate(fn, texts, repeat)))
    for name in BUILTINS:
        p = Pipeline({"only": [name], "autoload": False, "max_passes": 1})
        p.clean(texts[0])
        rows.append((f"textclean `{name}` alone", rate(p.clean, texts, repeat)))
    p = Pipeline({"autoload": False})
    p.clean(texts[0])
    rows.append(("textclean default pipeline", rate(p.clean, texts, repeat)))
    return rows


def write_corpus(folder: Path, texts: list[str], copies: int) -> float:
    folder.mkdir(parents=True, exist_ok=True)
    size = 0
    for c in range(copies):
        for i, t in enumerate(texts):
            data = t.encode("utf-8")
            (folder / f"c{c:03d}-{i:04d}.txt").write_bytes(data)
            size += len(data)
    return size / 1e6


def cli(*args: str) -> tuple[float, int]:
    """Wall seconds of one CLI run (and the peak RSS of the children this process waited for,
    which does not include pool workers: see :func:`peak_rss`)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "textclean", *args], capture_output=True)
    wall = time.perf_counter() - t0
    if r.returncode not in (0, 1):
        raise RuntimeError(f"textclean {' '.join(args)} failed: {r.stderr.decode()[-500:]}")
    return wall, max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)


def peak_rss(*args: str) -> int:
    """The largest peak RSS (KiB) of any process of a CLI run, its workers included (they are
    children of a multiprocessing server, which ``getrusage`` does not see)."""
    import treemem

    _, kib, rc = treemem.run([sys.executable, "-m", "textclean", *args])
    if rc not in (0, 1):
        raise RuntimeError(f"textclean {' '.join(args)} failed with exit status {rc}")
    return kib


def write_jsonl(path: Path, texts: list[str], copies: int) -> float:
    """The same documents as :func:`write_corpus`, as one JSONL dataset file."""
    import json

    size = 0
    with open(path, "w", encoding="utf-8") as f:
        for c in range(copies):
            for i, t in enumerate(texts):
                f.write(json.dumps({"id": f"c{c:03d}-{i:04d}", "text": t}) + "\n")
                size += len(t.encode("utf-8"))
    return size / 1e6


#: A JSONL file is cleaned about twice as fast per MB as a folder of small files (one file
#: read, one written, no per-file bookkeeping), so its run gets this many times the folder's
#: copies, to last about as long: a run of a few seconds would measure start-up as much as
#: scaling.
JSONL_COPIES = 3


def scaling(texts: list[str], copies: int, ray: bool) -> list[tuple[str, float, float, float]]:
    """MB/s of the CLI at 1 and 2 workers on a folder of text files and on the same documents
    as a JSONL dataset (and on Ray, once), and each run's start-up: the wall time of the same
    command on one document, which the "start-up excluded" ratio takes off."""
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        src, jsonl = Path(tmp) / "src", Path(tmp) / "docs.jsonl"
        one_src, one_jsonl = Path(tmp) / "one-src", Path(tmp) / "one.jsonl"
        mb = write_corpus(src, texts, copies)
        jsonl_mb = write_jsonl(jsonl, texts, copies * JSONL_COPIES)
        # (two documents: a folder of one file is still a folder, and runs with a pool)
        write_corpus(one_src, texts[:2], 1)
        write_jsonl(one_jsonl, texts[:2], 1)
        runs = [("folder, 1 worker (`-j 1`)", src, one_src, mb, ["-j", "1"]),
                ("folder, 2 workers (`-j 2`)", src, one_src, mb, ["-j", "2"]),
                ("JSONL, 1 worker (`-j 1`)", jsonl, one_jsonl, jsonl_mb, ["-j", "1"]),
                ("JSONL, 2 workers (`-j 2`)", jsonl, one_jsonl, jsonl_mb, ["-j", "2"])]
        if ray:
            runs.append(("folder, Ray engine, 2 CPUs (`--engine ray -j 2`)", src, one_src, mb,
                         ["--engine", "ray", "-j", "2"]))
        # The local runs alternate, three times each, and the median counts: on a shared
        # machine one run can be slowed by a neighbour by half. Each run writes to a new
        # folder and all are removed at the end: on ext4, creating files soon after deleting
        # thousands costs several times more (the allocator steps over recently freed inodes),
        # which would charge one run for the clean-up of the one before.
        walls: dict[str, list[float]] = {label: [] for label, *_ in runs}
        starts: dict[str, list[float]] = {label: [] for label, *_ in runs}
        for round_ in range(3):
            for n, (label, source, small, _, extra) in enumerate(runs):
                if round_ and "--engine" in extra:
                    continue  # Ray once: its start-up alone takes most of a run
                flags = ["--isolated", "--no-progress", "-q", *extra]
                wall, _ = cli("clean", str(source), "-o", str(Path(tmp) / f"out-{round_}-{n}"), *flags)
                walls[label].append(wall)
                wall, _ = cli("clean", str(small), "-o", str(Path(tmp) / f"one-{round_}-{n}"), *flags)
                starts[label].append(wall)
        for label, _, _, size, _ in runs:
            rows.append((label, size, statistics.median(walls[label]), statistics.median(starts[label])))
    return rows


def _burn(_: int) -> float:
    t0 = time.perf_counter()
    s = 0
    for i in range(6_000_000):
        s += i * i % 7
    return time.perf_counter() - t0


def _lookups(_: int) -> float:
    import random

    table = {f"w{i}": i for i in range(300_000)}
    keys = [f"w{random.randrange(300_000)}" for _ in range(1_000_000)]
    t0 = time.perf_counter()
    s = 0
    for _ in range(2):
        for k in keys:
            s += table[k]
    return time.perf_counter() - t0


def machine_scaling() -> list[tuple[str, float]]:
    """How much two processes gain over one on this machine for plain Python work: a loop
    that only computes, and one that looks words up in a dictionary the size of a
    vocabulary (which, like text cleaning, is bound by memory rather than arithmetic).
    The speed-up is the work of two runs done one after the other over the wall time of
    the same two runs at once."""
    import multiprocessing

    rows = []
    context = multiprocessing.get_context("spawn")
    for label, fn in (("arithmetic loop", _burn), ("dictionary look-ups", _lookups)):
        alone = fn(0) + fn(1)
        with context.Pool(2) as pool:
            pool.map(fn, [0, 1])  # start the workers before the clock
            t0 = time.perf_counter()
            pool.map(fn, [0, 1])
            both = time.perf_counter() - t0
        rows.append((label, alone / both))
    return rows


def memory(texts: list[str], copies: int) -> list[tuple[str, float, int]]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for label, n in (("corpus", copies), ("corpus x10", copies * 10)):
            src = Path(tmp) / f"src{n}"
            mb = write_corpus(src, texts, n)
            kib = peak_rss("clean", str(src), "-o", str(Path(tmp) / f"out{n}"), "--isolated", "--no-progress",
                           "-q", "-j", "2")
            rows.append((label, mb, kib))
            shutil.rmtree(src)
    return rows


_FIRST_CLEAN = """
import time
t = time.perf_counter()
import textclean
t1 = time.perf_counter()
textclean.clean(open({seed!r}, encoding="utf-8").read())
print(t1 - t, time.perf_counter() - t1)
"""


def startup() -> tuple[float, float, float]:
    """The CLI on one small file (wall, best of 3), and in a fresh Python process the import
    and the first ``textclean.clean()`` of the same file (best of 3 each)."""
    seed = sorted((ROOT / "seeds" / "inputs").glob("*.txt"))[0]
    cli("clean", str(seed), "--isolated")  # warm the OS file cache and any dictionary cache
    wall = min(cli("clean", str(seed), "--isolated")[0] for _ in range(3))
    runs = []
    for _ in range(3):
        r = subprocess.run([sys.executable, "-c", _FIRST_CLEAN.format(seed=str(seed))], capture_output=True,
                           text=True, check=True, cwd=ROOT)
        runs.append(tuple(map(float, r.stdout.split())))
    return wall, min(r[0] for r in runs), min(r[1] for r in runs)


def quality() -> list[tuple[str, str]]:
    rows = []
    for task in ("mojibake", "boilerplate-l3s", "boilerplate-turku", "typos-norvig", "typos-context",
                 "typos-harm", "linebreaks"):
        r = subprocess.run([sys.executable, str(SCORE), task, "--peers"], capture_output=True, text=True,
                           cwd=ROOT)
        lines = [l for l in r.stdout.splitlines() if l.strip()]
        rows.append((task, "<br>".join(html.escape(l) for l in lines)))
    return rows


def versions() -> str:
    names = ["textclean", "ftfy", "pluggy", "beautifulsoup4", "charset-normalizer", "symspellpy", "pyarrow",
             "ray", "justext", "trafilatura", "clean-text", "pyspellchecker"]
    found = []
    for n in names:
        try:
            found.append(f"{n} {metadata.version(n)}")
        except metadata.PackageNotFoundError:
            pass
    return ", ".join(found)


def _heading(section: str) -> str:
    # (a heading without its figures in brackets: "## Scaling (...)" is "## Scaling")
    return section.split("\n", 1)[0].split(" (", 1)[0].strip()


def kept_sections(path: Path, written: str) -> str:
    """The sections of the existing ``path`` that this script does not write (figures of the
    single-purpose scripts, added by hand), to be appended to what it writes.

    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "b.md"
    >>> _ = p.write_text("# B\\n\\n## Scaling (old)\\nold\\n\\n## Mine\\nkept\\n")
    >>> kept_sections(p, "# B\\n\\n## Scaling (new)\\nnew\\n")
    '\\n## Mine\\nkept\\n'
    """
    if not path.exists():
        return ""
    ours = {_heading(s) for s in written.split("\n## ")[1:]}
    theirs = path.read_text(encoding="utf-8").split("\n## ")[1:]
    return "".join("\n## " + s for s in theirs if _heading(s) not in ours)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="smaller corpora, one repeat")
    ap.add_argument("--no-ray", action="store_true", help="skip the Ray engine")
    ap.add_argument("--no-quality", action="store_true", help="skip the quality scores")
    ap.add_argument("--out", default=str(ROOT / "docs" / "benchmarks.md"))
    args = ap.parse_args()
    if not PAGES.exists():
        print(f"benchmarks need the development data at {PAGES}", file=sys.stderr)
        return 2
    texts = load_pages()
    repeat = 1 if args.quick else 3
    ray = not args.no_ray
    if ray:
        try:
            import ray as _  # noqa: F401
        except ImportError:
            ray = False

    print("throughput...", file=sys.stderr)
    speed = throughput(texts, repeat)
    ftfy_rate = dict(speed).get("ftfy.fix_text")
    print("unseen text...", file=sys.stderr)
    fresh = unseen()
    fresh_html = unseen("load_html_pages")
    print("scaling...", file=sys.stderr)
    distinct = load_distinct()
    copies = 1 if args.quick else 12
    scale = scaling(distinct, copies, ray)
    machine = machine_scaling()
    print("memory...", file=sys.stderr)
    mem = memory(texts, 1 if args.quick else 2)
    print("start-up...", file=sys.stderr)
    start = startup()
    qual = [] if args.no_quality else (print("quality...", file=sys.stderr) or quality())

    mb = sum(len(t.encode()) for t in texts) / 1e6
    out = ["# Benchmarks", "",
           f"Written by `python benchmarks/run.py{' --quick' if args.quick else ''}` on "
           f"{time.strftime('%Y-%m-%d')}. Machine: {platform.machine()}, {os.cpu_count()} cores, "
           f"Python {platform.python_version()}, {platform.system()} {platform.release()}. Versions: {versions()}.",
           "", "All figures of a table come from one run on the same input; the machine is shared and "
           "noisy, so compare ratios, not absolute speeds.", "",
           f"## Throughput, one process ({len(texts)} L3S-GN1 pages as naive text, {mb:.2f} MB, best of {repeat})", "",
           "| tool | MB/s | × ftfy.fix_text |", "| --- | ---: | ---: |"]
    for name, r in speed:
        out.append(f"| {name} | {r:.2f} | {r / ftfy_rate:.2f} |" if ftfy_rate else f"| {name} | {r:.2f} | |")
    out += ["", f"**Unseen text** (as `score.py speed` measures it: a fresh process, one warm-up call, "
            f"then each page once, so no in-process cache has seen the words): ftfy.fix_text "
            f"{fresh[0]:.2f} MB/s, textclean default pipeline {fresh[1]:.2f} MB/s = "
            f"**{fresh[1] / fresh[0]:.2f}× ftfy** (target: 3×). On the same pages' HTML flattened by "
            f"a naive scraper (BeautifulSoup `get_text()`: menus, runs of blank lines and no-break "
            f"spaces left in, the kind of text `score.py speed` is run on): ftfy.fix_text "
            f"{fresh_html[0]:.2f} MB/s, textclean {fresh_html[1]:.2f} MB/s = "
            f"**{fresh_html[1] / fresh_html[0]:.2f}× ftfy**. The table above is the best of "
            f"{repeat} passes over the same pages, so from the second pass on the cleaners' caches "
            "are warm.", ""]
    out += ["", "jusText and trafilatura do a different job (they need HTML and decide boilerplate only); "
            "they are here for scale, fed one `<p>` per line as the quality scorer does.", "",
            f"## Scaling (the CLI on {len(distinct)} distinct documents, × {copies} as a folder of text files and × {copies * JSONL_COPIES} as one JSONL file; wall time including start-up, median of 3 alternating runs; Ray: 1 run)", "",
            "The L3S pages and the TurkuNLP pages, each document several times, so that a run "
            "lasts long enough for start-up (a few tenths of a second, more for a pool of "
            "workers) to weigh little; the JSONL file holds "
            f"{JSONL_COPIES}× the folder's copies because it is cleaned about twice as fast per MB. "
            "The folder's outputs are one file per document, written by the main process on a "
            "background thread; the JSONL output is one file. *Start-up* is the wall time of the "
            "same command on two of the documents (median of 3, alternating with the runs); the "
            "last column takes it off both runs of the ratio: the speed-up of the work itself, "
            "which is what a corpus of terabytes sees.", "",
            "| run | MB | MB/s | start-up (s) | × 1 worker | × 1 worker, start-up excluded |",
            "| --- | ---: | ---: | ---: | ---: | ---: |"]
    one: dict[str, tuple[float, float]] = {}
    for label, size, wall, begin in scale:
        kind = label.split(",")[0]
        one.setdefault(kind, (wall, begin))
        wall1, begin1 = one[kind]
        net = (wall1 - begin1) / (wall - begin) if wall > begin and wall1 > begin1 else float("nan")
        out.append(f"| {label} | {size:.1f} | {size / wall:.2f} | {begin:.2f} | {wall1 / wall:.2f} | {net:.2f} |")
    out += ["", "What two processes gain over one on this machine for plain Python work, the same "
            "run: " + "; ".join(f"{label} **{x:.2f}×**" for label, x in machine) + ". Text cleaning "
            "is dictionary look-ups and string work, so the second figure is roughly its ceiling on "
            "this machine; the workers are independent processes that share nothing but the pages "
            "of the dictionaries they were forked with, so nothing in textclean itself serialises them."]
    out += ["", "## Peak memory (largest process of the run, workers included, `-j 2`)", "", "| corpus | MB | peak RSS (MiB) |",
            "| --- | ---: | ---: |"]
    for label, size, kib in mem:
        out.append(f"| {label} | {size:.1f} | {kib / 1024:.0f} |")
    out += ["", f"Ten times the corpus costs {mem[1][2] / mem[0][2]:.2f}× the peak memory.", "",
            "## CLI start-up", "",
            f"`textclean clean seeds/inputs/000_….txt` (one 4 KB file, all built-in cleaners and their "
            f"dictionaries): **{start[0]:.2f} s** wall, best of 3 (target: 0.5 s). In a fresh Python "
            f"process: `import textclean` {start[1]:.2f} s, then the first `textclean.clean()` of the "
            f"same file **{start[2]:.2f} s** (target: 0.3 s), best of 3 each.", ""]
    if qual:
        out += ["## Quality (`python ../shared/eval/score.py TASK --peers`)", "", "| task | output |",
                "| --- | --- |"]
        out += [f"| {t} | {o} |" for t, o in qual]
    out += ["", "## The other benchmark scripts", "", *[f"- `python benchmarks/{name}`: {what}" for name, what in OTHERS]]
    text = "\n".join(out) + "\n"
    text += kept_sections(Path(args.out), text)
    Path(args.out).write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
