"""Peak memory of a command and every process it starts, however deep (Linux /proc).

``resource.getrusage(RUSAGE_CHILDREN)`` only sees children that its caller waited for, so
the workers of ``--jobs N``, which are children of a multiprocessing server, escape it. This
samples the whole process tree instead: every process's own peak (``VmHWM``) is read while
it lives, and the largest is kept.

    python benchmarks/treemem.py textclean clean SRC -o OUT -j 2
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time


def _children() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        kids.setdefault(ppid, []).append(int(name))
    return kids


def _hwm(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def run(argv: list[str], interval: float = 0.05) -> tuple[float, int, int]:
    """Run ``argv``; return its wall seconds, the largest peak RSS (KiB) of any process in
    its tree, and its exit code."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            kids = _children()
            todo, seen = [proc.pid], set()
            while todo:
                pid = todo.pop()
                if pid in seen:
                    continue
                seen.add(pid)
                peak[0] = max(peak[0], _hwm(pid))
                todo.extend(kids.get(pid, ()))
            done.wait(interval)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    rc = proc.wait()
    wall = time.perf_counter() - t0
    done.set()
    sampler.join()
    return wall, peak[0], rc


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: python benchmarks/treemem.py COMMAND [ARGS...]")
    try:
        wall, kib, rc = run(sys.argv[1:])
    except OSError as exc:
        sys.exit(f"treemem: cannot run {sys.argv[1]}: {exc.strerror}")
    print(f"{wall:.2f} s, largest process peak {kib / 1024:.0f} MiB, exit {rc}")
