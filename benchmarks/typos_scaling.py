"""How the ``typos`` cleaner's time and memory grow with the size of the document (issue 16).

    python benchmarks/typos_scaling.py [--sizes 1,2,4,8] [--shapes NAME,...] [--base CHARS]
                                       [--timeout SECONDS]

Each shape is built at 1x, 2x, 4x and 8x (1x = ``--base`` characters, 100,000 by default)
and cleaned once by ``Pipeline({"only": ["typos"], "autoload": False, "max_passes": 1})``,
in a fresh process per case, after a warm-up document has loaded the model (so the figure is
a first pass over unseen text, without the load). A case whose process takes longer than
``--timeout`` seconds of wall time (120) is stopped and shown as ``>120 s``; the larger sizes
of that shape are then not run (shown as ``-``).

Shapes (all built from a fixed seed, so every run cleans the same texts):

* ``random words``: paragraphs of 40-120 words, half of them random lower-case strings of
  3-10 letters and half real English words (the 3,000 commonest words of the lexicon);
* ``one long line``: the same mix of words on one line, with no newline at all;
* ``list items``: lines ``- word word word``;
* ``URLs``: lines of words with a URL of random path segments in each;
* ``hyphenated line ends``: the word mix wrapped at about 70 characters, the word at each
  line end split as ``exam-\\nple``;
* ``prose 1.5% typos``: news text (the L3S-GN1 content blocks of ``../shared/data`` when
  present, else the seed articles) with one word in 65 misspelt by one random edit.

Columns, per size: the CPU seconds of the ``clean`` call (``time.process_time``: on a
shared, loaded machine the wall time swings by 2-3x), its wall seconds in parentheses, and the
growth of the process's peak resident memory during it (MB; ``/proc/self/clear_refs`` resets
the peak after the warm-up; where that is not possible, the whole process's peak); then
``last/first``, the CPU time ratio between the largest and the smallest size (8 for linear
time from 1x to 8x, 64 for quadratic).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import string
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
L3S = ROOT.parent / "shared" / "data" / "boilerplate" / "l3s-gn1-dev.jsonl"
SEEDS = ROOT / "seeds" / "inputs"
SHAPES = ["random words", "one long line", "list items", "URLs", "hyphenated line ends", "prose 1.5% typos"]
SIZES = [1, 2, 4, 8]
BASE = 100_000


def _english() -> list[str]:
    from textclean.cleaners import lexicon

    counts = lexicon.unigrams()
    words = sorted((w for w in counts if w.isascii() and w.isalpha() and w.islower()),
                   key=lambda w: (-counts[w], w))
    return words[:3000]


def _random_word(rng: random.Random) -> str:
    return "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(3, 10)))


def _mixed_words(rng: random.Random, english: list[str]):
    while True:
        yield _random_word(rng) if rng.random() < 0.5 else rng.choice(english)


def _cut(text: str, n: int) -> str:
    if len(text) <= n:
        return text
    k = text.rfind(" ", 0, n)
    return text[:k if k > n // 2 else n]


def _prose_source() -> list[str]:
    paragraphs: list[str] = []
    if L3S.exists():
        for line in L3S.read_text(encoding="utf-8").splitlines():
            page = json.loads(line)
            paragraphs += [b["text"] for b in page["blocks"] if not b["boilerplate"] and b["text"].strip()]
    else:
        for path in sorted(SEEDS.glob("*.txt")):
            paragraphs += [p for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    return paragraphs


def _misspell(rng: random.Random, word: str) -> str:
    i = rng.randrange(len(word) - 1)
    op = rng.randrange(4)
    if op == 0:
        return word[:i] + word[i + 1:]  # a letter left out
    if op == 1:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]  # two letters swapped
    if op == 2:
        return word[:i] + rng.choice(string.ascii_lowercase) + word[i + 1:]  # a wrong letter
    return word[:i] + word[i] + word[i:]  # a letter doubled


def build(shape: str, n: int) -> str:
    """The text of ``shape`` with about ``n`` characters (the same on every call)."""
    rng = random.Random(f"{shape}/{n}")
    if shape == "prose 1.5% typos":
        source = _prose_source()
        out: list[str] = []
        size = 0
        i = 0
        while size < n:
            words = source[i % len(source)].split(" ")
            i += 1
            words = [_misspell(rng, w) if len(w) >= 4 and w.isalpha() and w.islower() and rng.random() < 1 / 65
                     else w for w in words]
            para = " ".join(words)
            out.append(para)
            size += len(para) + 2
        return _cut("\n\n".join(out), n)
    words = _mixed_words(rng, _english())
    parts: list[str] = []
    size = 0
    while size < n:
        if shape == "random words":
            k = rng.randint(40, 120)
            para = " ".join(next(words) for _ in range(k))
            piece = para[:1].upper() + para[1:] + ".\n\n"
        elif shape == "one long line":
            k = rng.randint(8, 20)
            piece = " ".join(next(words) for _ in range(k)) + ". "
        elif shape == "list items":
            piece = "- " + " ".join(next(words) for _ in range(3)) + "\n"
        elif shape == "URLs":
            path = "/".join(_random_word(rng) for _ in range(rng.randint(1, 3)))
            url = f"https://www.{_random_word(rng)}.com/{path}/{_random_word(rng)}-{_random_word(rng)}.html"
            piece = f"{next(words)} {next(words)} {url} {next(words)} {next(words)}\n"
        elif shape == "hyphenated line ends":
            line = []
            width = 0
            while width < 60:
                w = next(words)
                line.append(w)
                width += len(w) + 1
            w = next(words)
            while len(w) < 4:
                w = next(words)
            k = rng.randint(2, len(w) - 2)
            piece = " ".join(line) + f" {w[:k]}-\n{w[k:]} "
        else:
            raise SystemExit(f"unknown shape {shape!r}; shapes: {', '.join(SHAPES)}")
        parts.append(piece)
        size += len(piece)
    return _cut("".join(parts), n)


def _status(field: str) -> int | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])  # kB
    except OSError:
        pass
    return None


def run_case(shape: str, n: int) -> dict:
    from textclean import Pipeline

    text = build(shape, n)
    pipeline = Pipeline({"only": ["typos"], "autoload": False, "max_passes": 1})
    pipeline.clean("The Prime Miister said the goverment would recieve aid.")  # loads the model
    reset = False
    try:
        Path("/proc/self/clear_refs").write_text("5")  # reset the peak resident size
        reset = True
    except OSError:
        pass
    base = _status("VmRSS") if reset else None
    c0, t0 = time.process_time(), time.perf_counter()
    out = pipeline.clean(text)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    if reset and base is not None:
        peak_mb = ((_status("VmHWM") or 0) - base) / 1024
    else:  # the peak of the whole process, model included
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    changed = sum(1 for a, b in zip(text.split(), out.split()) if a != b)
    import textclean.cleaners.typos as typos

    return {"shape": shape, "chars": len(text), "seconds": seconds, "cpu": cpu, "peak_mb": peak_mb,
            "peak_is_growth": reset, "changed": changed, "module": typos.__file__}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default=",".join(map(str, SIZES)))
    ap.add_argument("--shapes", default=",".join(SHAPES))
    ap.add_argument("--base", type=int, default=BASE)
    ap.add_argument("--timeout", type=float, default=120.0)
    ap.add_argument("--case", nargs=2, metavar=("SHAPE", "CHARS"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.case:
        print(json.dumps(run_case(args.case[0], int(args.case[1]))))
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    shapes = [s.strip() for s in args.shapes.split(",")]
    head = f"{'shape':<22}" + "".join(f"{f'{k}x cpu (wall) / MB':>23}" for k in sizes) + f"{'last/first':>12}"
    print(f"typos, one first pass per case (1x = {args.base:,} characters; time limit {args.timeout:g} s)")
    print(head)
    print("-" * len(head))
    module = "?"
    for shape in shapes:
        cells, times = [], []
        stopped = False
        for k in sizes:
            if stopped:
                cells.append("-")
                continue
            try:
                proc = subprocess.run([sys.executable, __file__, "--case", shape, str(k * args.base)],
                                      capture_output=True, text=True, timeout=args.timeout)
            except subprocess.TimeoutExpired:
                cells.append(f">{args.timeout:g} s")
                stopped = True
                continue
            if proc.returncode:
                sys.stderr.write(proc.stderr)
                cells.append("error")
                stopped = True
                continue
            r = json.loads(proc.stdout.strip().splitlines()[-1])
            module = r["module"]
            times.append(r["cpu"])
            cells.append(f"{r['cpu']:.2f} ({r['seconds']:.2f}) / {r['peak_mb']:.0f}")
        ratio = f"{times[-1] / times[0]:.1f}" if len(times) == len(sizes) and len(times) > 1 else "-"
        print(f"{shape:<22}" + "".join(f"{c:>23}" for c in cells) + f"{ratio:>12}", flush=True)
    print(f"(typos module: {module}; last/first: CPU time ratio of the {sizes[-1]}x and {sizes[0]}x cases; linear = "
          f"{sizes[-1] // sizes[0]}, quadratic = {(sizes[-1] // sizes[0]) ** 2})")


if __name__ == "__main__":
    main()
