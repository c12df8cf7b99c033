"""Peak memory and time of the ``mojibake`` cleaner on one long line (issue 16, item 4).

The input is a single line (no newline) of English prose with mojibake spread through it,
one accident every 150-450 characters: ``donâ€™t``, ``cafÃ©``, ``â€œ...â€\\x9d``, ``â€”``,
``Â\\xa0`` (a no-break space read as Latin-1), ``Â£``... Each size and mode runs in a fresh
subprocess, which builds the pipeline and the text, resets the kernel's peak-RSS counter
(``/proc/self/clear_refs``; where that is impossible the peak so far is the baseline), then
runs

    Pipeline({"only": ["mojibake"], "autoload": False, "max_passes": 1}).clean(text)

(or ``.explain(text)``) once. It reports the wall and CPU time (the CPU time is the steadier
figure on a shared machine) and the peak RSS
(``resource.getrusage(RUSAGE_SELF).ru_maxrss``) minus the RSS before the call, per byte of
input (UTF-8) and per character.

    python benchmarks/mojibake_memory.py                    # 1, 2, 4, 8 MB; clean and explain
    python benchmarks/mojibake_memory.py --sizes 1,20 --modes clean

``run()`` returns the rows as a list of dicts.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import resource
import subprocess
import sys
import time

WORDS = (
    "the of and to in a is that for it as was with be by on not he this are or his from at "
    "which but have an they you were her she there been one all we their has would when "
    "government minister said people year years week city council report police school "
    "children family health market prices energy company workers union election party "
    "committee evidence research university hospital patients doctors water river bridge "
    "weather storm season team players coach match league final season record history "
    "museum exhibition artist music festival film director audience village community "
    "local national international agreement talks officials spokesman statement announced "
    "according expected however although because before after during between against "
    "under while across around about again still already never always often sometimes "
    "new old first last long short large small high low early late public private "
    "important different possible political economic social financial military legal"
).split()

#: Mojibake as scrapers produce it: UTF-8 read as Windows-1252 or Latin-1.
TELLS = [
    "don\u00e2\u20ac\u2122t", "it\u00e2\u20ac\u2122s", "we\u00e2\u20ac\u2122re",
    "caf\u00c3\u00a9", "r\u00c3\u00a9sum\u00c3\u00a9", "na\u00c3\u00afve", "M\u00c3\u00bcller",
    "S\u00c3\u00a3o Paulo", "\u00e2\u20ac\u0153quoted\u00e2\u20ac\u009d", "\u00e2\u20ac\u201d",
    "\u00e2\u20ac\u201c", "\u00e2\u20ac\u00a6", "\u00c2\u00a0", "\u00c2\u00a35", "20\u00c2\u00b0C",
]


def make_line(n_bytes: int, seed: int = 0) -> str:
    """About ``n_bytes`` of UTF-8: one line of prose with a mojibake accident every
    150-450 characters. Built in blocks so that building it needs little more memory than
    the text itself."""
    rng = random.Random(seed)
    blocks: list[str] = []
    total = 0
    while total < n_bytes:
        parts: list[str] = []
        size = 0
        gap = rng.randint(150, 450)
        while size < 65536:
            words = [rng.choice(WORDS) for _ in range(rng.randint(6, 24))]
            words[0] = words[0].capitalize()
            if rng.random() < 0.3:
                words[rng.randrange(1, len(words))] += ","
            sentence = " ".join(words) + ". "
            gap -= len(sentence)
            if gap <= 0:
                tell = rng.choice(TELLS)
                cut = sentence.find(" ", rng.randrange(len(sentence) // 2))
                sentence = sentence[:cut + 1] + tell + " " + sentence[cut + 1:]
                gap = rng.randint(150, 450)
            parts.append(sentence)
            size += len(sentence)
        block = "".join(parts)
        blocks.append(block)
        total += len(block.encode("utf-8"))
    return "".join(blocks).rstrip(" ")


def _rss_kb() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _child(mb: float, mode: str) -> dict:
    from textclean import Pipeline

    pipeline = Pipeline({"only": ["mojibake"], "autoload": False, "max_passes": 1})
    pipeline.clean("warm up: caf\u00c3\u00a9 don\u00e2\u20ac\u2122t \u00c2\u00a0 ok")
    text = make_line(int(mb * 1_000_000))
    n_bytes = len(text.encode("utf-8"))
    gc.collect()
    try:  # reset the peak RSS to the current RSS (Linux >= 4.0)
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        base, reset = _rss_kb(), True
    except OSError:
        base, reset = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, False
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    if mode == "explain":
        result = pipeline.explain(text)
        out, n_edits = result.text, len(result.edits)
    else:
        out, n_edits = pipeline.clean(text), -1
    seconds = time.perf_counter() - t0
    cpu = time.process_time() - cpu0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    extra = max(peak - base, 0) * 1024
    return {
        "mb": mb, "mode": mode, "chars": len(text), "bytes": n_bytes, "edits": n_edits,
        "changed_chars": len(text) - len(out), "seconds": round(seconds, 3), "cpu": round(cpu, 3),
        "base_mb": round(base / 1024, 1), "peak_mb": round(peak / 1024, 1),
        "extra_mb": round(extra / 2**20, 1), "per_byte": round(extra / n_bytes, 1),
        "per_char": round(extra / len(text), 1), "reset": reset,
    }


def run(sizes=(1, 2, 4, 8), modes=("clean", "explain"), timeout: float = 3600) -> list[dict]:
    """One fresh subprocess per size and mode; the rows of the table."""
    rows = []
    for mb in sizes:
        for mode in modes:
            cmd = [sys.executable, __file__, "--child", str(mb), mode]
            try:
                proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
            except subprocess.TimeoutExpired:
                rows.append({"mb": mb, "mode": mode, "error": f"timed out after {timeout:g}s"})
                continue
            if proc.returncode != 0:
                tail = (proc.stderr.strip().splitlines() or [f"exit status {proc.returncode}"])[-1]
                rows.append({"mb": mb, "mode": mode, "error": f"exit {proc.returncode}: {tail}"})
                continue
            rows.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1,2,4,8", help="MB of UTF-8 per line, comma-separated")
    ap.add_argument("--modes", default="clean,explain", help="clean and/or explain")
    ap.add_argument("--json", action="store_true", help="print the rows as JSON")
    ap.add_argument("--child", nargs=2, metavar=("MB", "MODE"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(_child(float(args.child[0]), args.child[1])))
        return 0
    sizes = [float(s) if "." in s else int(s) for s in args.sizes.split(",")]
    rows = run(sizes, [m.strip() for m in args.modes.split(",")])
    if args.json:
        print(json.dumps(rows, indent=1))
        return 0
    print("mojibake cleaner on one line of prose with mojibake every 150-450 characters")
    print(f"{'MB':>4} {'mode':>7} {'chars':>9} {'edits':>6} {'wall s':>7} {'CPU s':>7} "
          f"{'peak-base MB':>12} {'B/input byte':>12} {'B/char':>7}")
    for r in rows:
        if "error" in r:
            print(f"{r['mb']:>4} {r['mode']:>7}  {r['error']}")
            continue
        edits = "" if r["edits"] < 0 else r["edits"]
        print(f"{r['mb']:>4} {r['mode']:>7} {r['chars']:>9} {edits:>6} {r['seconds']:>7.2f} "
              f"{r['cpu']:>7.2f} "
              f"{r['extra_mb']:>12.1f} {r['per_byte']:>12.1f} {r['per_char']:>7.1f}"
              + ("" if r["reset"] else "  (peak not reset: baseline is the peak so far)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
