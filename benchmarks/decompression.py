"""Time and peak memory of compressed inputs at 1x-8x (issue 16, item 5): what a gzip bomb,
a long compressed dataset and a dataset record past the size limit cost a run.

Each size runs ``textclean clean`` in a fresh process (``-j 1``, ``--only whitespace``, so
the figures are reading, decompressing and writing, not cleaning), which reports its own CPU
time and peak resident memory. The inputs are gzip files made of repeated members (valid gzip
that any reader takes as one stream), so an 8 GiB bomb is built in a second:

- ``bomb``: a ``.txt.gz`` of 1 GiB x k of text, over the 256 MiB ``--max-size``: a skip.
  Time and memory must stay flat: at most the size limit is ever read.
- ``dataset``: a ``.jsonl.gz`` of 20 MB x k of 1 KB records: time grows linearly, memory not
  at all (records stream through in batches).
- ``record``: a ``.jsonl.gz`` holding one record of 1 GiB x k between two small ones: that
  record is a recorded skip, read past in pieces; time grows linearly (every byte is
  decompressed once to check the archive and once to read), memory stays flat.
- ``warc``: a ``.warc.gz`` of 2,000 x k HTML pages of ~9 KB, a gzip member per record as
  Common Crawl writes them, each with its request record: time grows linearly, memory not at
  all (records stream through FastWARC in batches of 64).

Run from the repository root::

    python benchmarks/decompression.py                  # all three shapes at 1x 2x 4x 8x
    python benchmarks/decompression.py --shapes bomb --scales 1,2
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MIB = 1 << 20

#: Runs the CLI in this process and prints its CPU seconds and peak resident memory (bytes).
CHILD = r"""
import json, resource, sys, time
from textclean.cli import main
t0 = time.process_time()
status = main(sys.argv[1:])
ru = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"status": status, "cpu": time.process_time() - t0, "peak": ru.ru_maxrss * 1024}))
"""


def member(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=6, mtime=0)


def write_members(path: Path, parts: list[tuple[bytes, int]]) -> int:
    """Write gzip members to ``path``: each ``(member, times)`` repeated; return the file size."""
    with open(path, "wb") as f:
        for data, times in parts:
            for _ in range(times):
                f.write(data)
    return path.stat().st_size


def make_bomb(path: Path, k: int) -> tuple[int, int]:
    chunk = (b"All work and no play makes a dull text. " * 2000 + b"\n") * 800  # ~64 MiB
    times = k * (1 << 30) // len(chunk)
    return write_members(path, [(member(chunk), times)]), times * len(chunk)


def make_dataset(path: Path, k: int) -> tuple[int, int]:
    records = b"".join(
        json.dumps({"id": i, "text": f"Record {i}  has   spaces.  " + "Plain words in a row. " * 44}).encode() + b"\n"
        for i in range(20_000))
    return write_members(path, [(member(records), k)]), k * len(records)


def make_record(path: Path, k: int) -> tuple[int, int]:
    small = json.dumps({"text": "A small  record."}).encode() + b"\n"
    body = b"word " * (16 * MIB // 5)
    times = k * (1 << 30) // len(body)
    parts = [(member(small + b'{"text": "'), 1), (member(body), times), (member(b'"}\n' + small), 1)]
    return write_members(path, parts), 2 * len(small) + 13 + times * len(body)


def make_warc(path: Path, k: int) -> tuple[int, int]:
    paragraph = "<p>The council met on Monday and agreed to rebuild the bridge before the winter. </p>" * 90
    size, inflated = 0, 0
    with open(path, "wb") as f:
        for i in range(2000 * k):
            uri = f"https://example.org/story/{i}"
            body = (f"<html><head><title>Story {i}</title></head><body><nav>Home | News</nav><article>"
                    f"<h1>Story {i}</h1>{paragraph}</article></body></html>").encode()
            http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + body
            for kind, block in (("request", b"GET / HTTP/1.1\r\n\r\n"), ("response", http)):
                head = (f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\n"
                        f"WARC-Date: 2024-05-01T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:{kind}-{i}>\r\n"
                        f"Content-Type: application/http; msgtype={kind}\r\n"
                        f"Content-Length: {len(block)}\r\n\r\n").encode()
                record = head + block + b"\r\n\r\n"
                inflated += len(record)
                size += f.write(member(record))
    return size, inflated


SHAPES = {
    "bomb": ("gzip bomb, one text file (1x: 1 GiB inflated)", make_bomb, "bomb.txt.gz", []),
    "dataset": ("JSONL in gzip, 1 KB records (1x: 20 MB inflated)", make_dataset, "data.jsonl.gz",
                ["--text-field", "text"]),
    "record": ("JSONL in gzip, one record past the limit (1x: 1 GiB)", make_record, "record.jsonl.gz",
               ["--text-field", "text"]),
    "warc": ("WARC in gzip, a member per record (1x: 2,000 pages)", make_warc, "crawl.warc.gz", []),
}


def measure(shape: str, k: int, work: Path) -> dict:
    _, make, name, extra = SHAPES[shape]
    src = work / f"{k}x-{name}"
    compressed, inflated = make(src, k)
    out = work / f"out-{shape}-{k}"
    t0 = time.perf_counter()
    r = subprocess.run([sys.executable, "-c", CHILD, "clean", str(src), "-o", str(out), "-j", "1",
                        "--only", "whitespace", "--isolated", "--no-progress", *extra],
                       capture_output=True, text=True)
    wall = time.perf_counter() - t0
    src.unlink()
    if r.returncode != 0 or not r.stdout.strip():
        raise SystemExit(f"{shape} {k}x: the run failed: {r.stderr.strip()[-400:]}")
    figures = json.loads(r.stdout.strip().splitlines()[-1])
    summary = [line for line in r.stderr.splitlines() if "skipped" in line or "changed" in line]
    return {"compressed": compressed, "inflated": inflated, "wall": wall, **figures,
            "summary": summary[-1] if summary else ""}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shapes", default=",".join(SHAPES), help="comma-separated: " + ", ".join(SHAPES))
    ap.add_argument("--scales", default="1,2,4,8")
    args = ap.parse_args()
    scales = [int(s) for s in args.scales.split(",")]
    print("| shape | scale | compressed | inflated | wall s | CPU s | peak memory | outcome |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory() as tmp:
        for shape in args.shapes.split(","):
            for k in scales:
                m = measure(shape, k, Path(tmp))
                print(f"| {SHAPES[shape][0]} | {k}x | {m['compressed'] / MIB:.1f} MiB | {m['inflated'] / MIB:,.0f} MiB"
                      f" | {m['wall']:.1f} | {m['cpu']:.1f} | {m['peak'] / MIB:.0f} MiB | {m['summary'].strip()} |",
                      flush=True)


if __name__ == "__main__":
    main()
