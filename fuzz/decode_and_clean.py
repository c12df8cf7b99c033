"""Fuzz target for the CLI's decode-and-clean path: arbitrary bytes in, never a crash out.

    python fuzz/decode_and_clean.py --seconds 600        # at length (atheris if installed)
    python -m pytest tests/test_fuzz.py                  # briefly, in CI (hypothesis)

The property: for any bytes, ``textclean.decode`` either returns text or raises
NotTextError, and cleaning that text with the default pipeline never raises, returns valid
Unicode, and is idempotent.
"""

from __future__ import annotations

import argparse
import sys
import time

from textclean import Pipeline
from textclean.io.decode import NotTextError, decode

_PIPELINE: Pipeline | None = None


def pipeline() -> Pipeline:
    global _PIPELINE
    if _PIPELINE is None:
        _PIPELINE = Pipeline({"autoload": False})
    return _PIPELINE


def one_input(data: bytes) -> None:
    """The fuzz target: raises AssertionError (or anything else) on a bug."""
    try:
        text = decode(data).text
    except NotTextError:
        return
    out = pipeline().clean(text)
    out.encode("utf-8")
    assert pipeline().clean(out) == out, "not idempotent"


def run_random(seconds: float = float("inf"), seed: int = 0, iterations: int | None = None) -> int:
    """Without atheris: mutate seed inputs at random for ``seconds``, or until ``iterations``
    inputs are done if that comes first (the same inputs for a seed); returns executions."""
    import random
    from pathlib import Path

    rng = random.Random(seed)
    seeds = [p.read_bytes() for p in sorted(Path(__file__).resolve().parents[1].glob("seeds/inputs/*.txt"))]
    seeds += [b"", b"\xef\xbb\xbf", "caf\u00e9 \u00e2\u20ac\u2122 &amp; \u00ac\u2020".encode()]
    end, n = time.monotonic() + seconds, 0
    while time.monotonic() < end and (iterations is None or n < iterations):
        data = bytearray(rng.choice(seeds))
        for _ in range(rng.randint(1, 8)):
            op = rng.randrange(4)
            pos = rng.randrange(len(data) + 1)
            if op == 0:
                data[pos:pos] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
            elif op == 1 and data:
                del data[pos:pos + rng.randint(1, 64)]
            elif op == 2:
                data[pos:pos] = rng.choice(seeds)[: rng.randint(0, 400)]
            else:
                data[pos:pos] = rng.choice([b"\n", b"\n\n", b"-\n", b"\xc2\xa0", b"\xe2\x80\x99", b"<br>", b"&#"])
        try:
            one_input(bytes(data))
        except BaseException:
            # Keep the input that failed, so it can be replayed and turned into a test.
            crash = Path(f"fuzz-crash-{seed}-{n}.bin")
            crash.write_bytes(bytes(data))
            print(f"failing input saved to {crash}", file=sys.stderr)
            raise
        n += 1
    return n


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--seed", type=int, default=0)
    args, rest = ap.parse_known_args()
    try:
        import atheris
    except ImportError:
        t0 = time.monotonic()
        n = run_random(args.seconds, args.seed)
        print(f"random mutation fuzzing: {n} executions in {time.monotonic() - t0:.0f}s, no failure")
        return 0
    atheris.Setup([sys.argv[0], f"-max_total_time={int(args.seconds)}", *rest], one_input)
    atheris.Fuzz()
    return 0


if __name__ == "__main__":
    sys.exit(main())
