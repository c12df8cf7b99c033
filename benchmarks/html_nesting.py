"""Time and peak memory of ``html_to_text`` on deeply nested HTML (issue 16, item 2).

The shape is unclosed ``<div><span><b>`` repeated: 8,000 repeats (112 KB, 24,000 open tags)
is 1x. Each size runs in a fresh process, so its peak memory is its own: the figures are the
wall-clock and CPU time of one ``html_to_text`` call, and how far the process's peak resident
memory rose during it (``resource.getrusage``: the parse tree, the walk and the output).

``--shapes`` times every adversarial shape (nesting, siblings, long text, attributes, class
lists, comments, scripts, and the malformed markup the standard library's parser is slow on)
at n and 4n in this process, with the ratio of their CPU times (linear is ~4).

Run from the repository root::

    python benchmarks/html_nesting.py                     # the table: 1x 2x 4x 8x
    python benchmarks/html_nesting.py --shapes            # growth on every shape
    git show a3445d2:textclean/cleaners/boilerplate/html.py > /tmp/html_before.py
    python benchmarks/html_nesting.py --module /tmp/html_before.py --scales 1,2 --timeout 1800

``--module FILE`` measures the ``html_to_text`` of another copy of ``html.py`` (above: the one
before the fix); a size that runs past ``--timeout`` seconds is reported as such.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

REPEAT = "<div><span><b>"
BASE = 8000

#: name -> a page of about ``n`` characters
SHAPES = {
    "nested unclosed <div><span><b>": lambda n: REPEAT * (n // 14),
    "nested unclosed, with text": lambda n: "<div><span><b>x" * (n // 15),
    "nested closed": lambda n: "<div><span><b>" * (n // 31) + "text" + "</b></span></div>" * (n // 31),
    "nested inline with text": lambda n: "<span>word " * (n // 11),
    "nested furniture holding the page": lambda n: '<div class="nav">word ' * (n // 22),
    "nested headers": lambda n: "<header>word " * (n // 13),
    "nested never-content": lambda n: "<form>word " * (n // 11),
    "nested ruby text": lambda n: '<rt class="ad">word ' * (n // 20),
    "siblings": lambda n: "<p>word</p>" * (n // 11),
    "siblings, furniture": lambda n: '<div class="share">x</div><p>word</p>' * (n // 37),
    "long text": lambda n: "<p>" + "word " * (n // 5),
    "many attributes": lambda n: "<p " + " ".join(f"a{i}=x" for i in range(n // 7)) + ">t</p>",
    "many attributes on an end tag": lambda n: "<p>t</p " + " ".join(f"a{i}=x" for i in range(n // 7)) + ">",
    "huge class list": lambda n: '<p class="' + " ".join(f"c{i}" for i in range(n // 6)) + '">t</p>',
    "comments": lambda n: "<!-- c -->x" * (n // 11),
    "scripts": lambda n: "<script>var a=1;</script>x" * (n // 26),
    "br": lambda n: "<br>" * (n // 4),
    # malformed markup: html.parser before CVE-2025-6069's fix is quadratic on these
    "unclosed tags at the end": lambda n: "<p>x</p>" + "<a b/c " * (n // 7),
    "unclosed comments": lambda n: "<!--x" * (n // 5),
    "comments closed by > only": lambda n: "<!--x>" * (n // 6),
    "comment openers in a script": lambda n: "<script>" + "<!--" * (n // 4) + "</script>",
    "unclosed CDATA": lambda n: "<![CDATA[x>" * (n // 11),
    "unclosed processing instructions": lambda n: "<?x" * (n // 3),
    "unclosed end tags": lambda n: "</a" * (n // 3),
}


def load(module: str | None):
    if module is None:
        from textclean.io.html import html_to_text

        return html_to_text
    import importlib.util

    spec = importlib.util.spec_from_file_location("html_to_text_under_test", module)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    return mod.html_to_text


def one(scale: float, module: str | None) -> dict:
    """Measure one size in this process (run in a fresh one by :func:`table`)."""
    import gc
    import resource

    html_to_text = load(module)
    page = REPEAT * int(BASE * scale)
    html_to_text("<p>warm</p>")
    gc.collect()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    wall, cpu = time.perf_counter(), time.process_time()
    out = html_to_text(page)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"scale": scale, "kb": len(page) / 1000, "wall": wall, "cpu": cpu,
            "peak_mib": (peak - before) / 1024, "out": len(out)}


def table(scales: list[float], module: str | None, timeout: float) -> None:
    print(f"html_to_text({module or 'textclean'}) on unclosed {REPEAT} x {BASE:,} per 1x")
    print("| size | input | wall time | CPU time | peak memory growth |")
    print("| --- | --- | --- | --- | --- |")
    for scale in scales:
        cmd = [sys.executable, __file__, "--one", str(scale)] + (["--module", module] if module else [])
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=True)
        except subprocess.TimeoutExpired:
            print(f"| {scale:g}x | {len(REPEAT) * BASE * scale / 1000:.0f} KB | > {timeout:g} s (stopped) | | |",
                  flush=True)
            continue
        except subprocess.CalledProcessError as exc:
            why = (exc.stderr.strip().splitlines() or [f"exit status {exc.returncode}"])[-1]
            print(f"| {scale:g}x | failed: {why} | | | |", flush=True)
            continue
        r = json.loads(done.stdout.strip().splitlines()[-1])
        print(f"| {scale:g}x | {r['kb']:.0f} KB | {r['wall']:.2f} s | {r['cpu']:.2f} s | "
              f"{r['peak_mib']:.0f} MiB |", flush=True)


def shapes(n: int, module: str | None) -> None:
    html_to_text = load(module)
    print(f"html_to_text({module or 'textclean'}): CPU seconds at n = {n:,} and 4n characters "
          "(best of 3)")
    print("| shape | n | 4n | ratio |")
    print("| --- | --- | --- | --- |")
    for name, make in SHAPES.items():
        times = []
        for size in (n, 4 * n):
            page = make(size)
            best = float("inf")
            for _ in range(3):
                t0 = time.process_time()
                html_to_text(page)
                best = min(best, time.process_time() - t0)
            times.append(best)
        print(f"| {name} | {times[0]:.3f} s | {times[1]:.3f} s | {times[1] / max(times[0], 1e-3):.1f} |",
              flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scales", default="1,2,4,8", help="sizes in units of 1x (default 1,2,4,8)")
    ap.add_argument("--module", help="an html.py file whose html_to_text to measure instead")
    ap.add_argument("--timeout", type=float, default=600, help="seconds per size (default 600)")
    ap.add_argument("--shapes", action="store_true", help="time every shape at n and 4n")
    ap.add_argument("--n", type=int, default=50_000, help="n for --shapes (characters)")
    ap.add_argument("--one", type=float, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one is not None:
        print(json.dumps(one(args.one, args.module)))
    elif args.shapes:
        shapes(args.n, args.module)
    else:
        table([float(s) for s in args.scales.split(",")], args.module, args.timeout)


if __name__ == "__main__":
    main()
