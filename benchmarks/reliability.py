"""The load held: 100,000 documents with --jobs 2, peak memory, and a killed run resumed.

    python benchmarks/reliability.py                 # 100,000 documents
    python benchmarks/reliability.py --docs 5000     # a quick look

Documents are made from the L3S-GN1 development pages (../shared/data/boilerplate): runs of
consecutive blocks, so they look like scraped news with its boilerplate. The script

1. cleans the corpus in one run with ``--jobs 2`` and records wall time and peak memory;
2. cleans it again into a second folder, kills that run (SIGKILL) partway, checks that no
   partial output is left, restarts it with the same arguments, and checks that the result is
   byte-identical to the first run's, file by file; then does the same with SIGINT.

It prints a Markdown table for docs/reliability.md.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import treemem  # noqa: E402  (the process-tree memory sampler beside this script)

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT.parent / "shared" / "data" / "boilerplate" / "l3s-gn1-dev.jsonl"


def make_corpus(folder: Path, n: int) -> int:
    blocks = []
    with open(PAGES, encoding="utf-8") as f:
        for line in f:
            blocks.append([b["text"] for b in json.loads(line)["blocks"]])
    size = 0
    for i in range(n):
        page = blocks[i % len(blocks)]
        start = (i * 7) % max(1, len(page))
        text = "\n".join(page[start:start + 12 + i % 20]) + "\n"
        d = folder / f"{i // 1000:03d}"
        d.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        (d / f"doc{i:06d}.txt").write_bytes(data)
        size += len(data)
    return size


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*")
            if p.is_file() and ".textclean-state" not in p.parts}


def command(src: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "textclean", "clean", str(src), "-o", str(out), "--jobs", "2",
            "--isolated", "--no-progress", "-q"]


def full_run(src: Path, out: Path) -> tuple[float, int]:
    """Wall seconds and the largest peak RSS (KiB) of any process of the run, workers included."""
    wall, kib, rc = treemem.run(command(src, out))
    if rc != 0:
        raise SystemExit(f"the full run failed with exit status {rc}")
    return wall, kib


def interrupted_run(src: Path, out: Path, sig: int, after: float) -> dict:
    proc = subprocess.Popen(command(src, out), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    time.sleep(after)
    if sig == signal.SIGKILL:
        os.killpg(proc.pid, signal.SIGKILL)  # the whole process group: parent and workers
    else:
        proc.send_signal(sig)
    proc.wait()
    partial = [p for p in out.rglob("*") if p.is_file() and ".textclean-state" not in p.parts]
    temporaries = [p for p in partial if p.name.endswith(".textclean-tmp")]
    finished = len(partial) - len(temporaries)
    r = subprocess.run(command(src, out), capture_output=True)
    return {"exit_after_signal": proc.returncode, "outputs_before_resume": finished,
            "temporaries_left_by_kill": len(temporaries), "resume_exit": r.returncode}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=100_000)
    args = ap.parse_args()
    if not PAGES.exists():
        print(f"needs the development data at {PAGES}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        src = tmp / "src"
        size = make_corpus(src, args.docs)
        wall, kib = full_run(src, tmp / "a")
        reference = tree(tmp / "a")
        rows = [("documents", f"{args.docs:,}"), ("input", f"{size / 1e6:.1f} MB"),
                ("full run, --jobs 2", f"{wall:.0f} s, {size / 1e6 / wall:.2f} MB/s"),
                ("peak memory (largest process of the run, workers included)", f"{kib / 1024:.0f} MiB"),
                ("outputs", f"{len(reference):,} (lost: {args.docs - len(reference)})")]
        for name, sig in (("SIGKILL", signal.SIGKILL), ("SIGINT", signal.SIGINT)):
            out = tmp / name
            info = interrupted_run(src, out, sig, after=wall * 0.4)
            same = tree(out) == reference
            rows.append((f"killed with {name} at ~40%, then resumed",
                         f"{info['outputs_before_resume']:,} complete outputs before resume, "
                         f"{info['temporaries_left_by_kill']} temporary files left by the kill (removed on "
                         f"resume); exit {info['exit_after_signal']} then {info['resume_exit']}; "
                         f"result identical to the uninterrupted run: {'yes' if same else 'NO'}"))
    print("| measure | result |\n| --- | --- |")
    for k, v in rows:
        print(f"| {k} | {v} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
