"""Fuzz targets for the readers in front of the cleaners: decompression, JSONL records and
HTML extraction. Whatever the bytes, each either gives text (or records) or says why not,
with one of the errors the CLI turns into a recorded skip; nothing else escapes.

    python fuzz/readers.py --seconds 300                 # at length, mutating built inputs
    python -m pytest tests/test_fuzz.py                  # briefly, in CI (hypothesis)
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import tempfile
import time
from pathlib import Path

from textclean import Pipeline
from textclean.io.compression import UnreadableInput, read_compressed, verify_compressed
from textclean.io.formats.jsonl import clean_jsonl_lines, iter_jsonl_batches
from textclean.io.decode import NotTextError, decode
from textclean.io.html import page_text

#: What a reader may raise for bad input; the CLI reports each as a one-line skip.
EXPECTED = (UnreadableInput, NotTextError, OSError, EOFError)

_PIPELINE: Pipeline | None = None


def pipeline() -> Pipeline:
    global _PIPELINE
    if _PIPELINE is None:
        _PIPELINE = Pipeline({"autoload": False, "only": ["whitespace"]})
    return _PIPELINE


def compressed_input(data: bytes, suffix: str) -> None:
    """Bytes named ``x.txt.gz`` / ``x.txt.zst`` / ``x.jsonl.gz``: read, decoded, or refused."""
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / f"x{suffix}"
        path.write_bytes(data)
        try:
            if ".jsonl" in suffix:
                verify_compressed(path)
                for lines in iter_jsonl_batches(path, 64, limit=1 << 16):
                    for line, outcome in clean_jsonl_lines(pipeline(), lines, "text", True, 1):
                        assert outcome["status"] in ("changed", "unchanged", "failed")
                        assert line is None or isinstance(line, bytes)
            else:
                decode(read_compressed(path, limit=1 << 20))
        except EXPECTED:
            pass


def html_input(html: str) -> None:
    """Any text named ``page.html``: its extraction never raises and gives a str, and evidence
    about blocks that are lines of that text."""
    text, page = page_text(Path("page.html"), html)
    assert page is not None and isinstance(text, str)
    lines = set(text.splitlines())
    assert all(block in lines for block in page.hints.get("outside_main", ()))
    assert all(isinstance(v, str) and v for v in page.metadata.values())


_TAGS = ["div", "span", "b", "p", "a", "table", "tr", "td", "ul", "li", "script", "style", "nav",
         "footer", "article", "h1", "br", "pre", "code", "!--", "![CDATA[", "html", "body", "head"]


def random_html(rng: random.Random, size: int) -> str:
    """A soup of tags, attributes, entities and text: opened, closed, unclosed, nested."""
    out = []
    for _ in range(size):
        r = rng.random()
        tag = rng.choice(_TAGS)
        if r < 0.35:
            attrs = rng.choice(["", ' class="comment share"', " id=nav", ' href="http://x"', " x=<"])
            out.append(f"<{tag}{attrs}>")
        elif r < 0.6:
            out.append(f"</{tag}>")
        elif r < 0.7:
            out.append(rng.choice(["&amp;", "&#x26;", "&nbsp;", "&#0;", "&bogus;", "&#99999999;"]))
        else:
            out.append(rng.choice(["Text here. ", "Leave a Reply ", "\u00e2\u20ac\u2122", "\n", "  ", "<", ">"]))
    return "".join(out)


def random_compressed(rng: random.Random) -> tuple[bytes, str]:
    """A valid compressed file, then damaged (cut, flipped, spliced) at random."""
    records = "".join(json.dumps({"text": "a  b " * rng.randint(0, 50), "n": i}) + "\n"
                      for i in range(rng.randint(0, 40)))
    suffix = rng.choice([".txt.gz", ".jsonl.gz", ".txt.zst", ".jsonl.zst"])
    raw = records.encode()
    if suffix.endswith(".gz"):
        data = bytearray(gzip.compress(raw))
    else:
        try:
            import zstandard
        except ImportError:
            suffix, data = suffix.replace(".zst", ".gz"), bytearray(gzip.compress(raw))
        else:
            data = bytearray(zstandard.ZstdCompressor().compress(raw))
    for _ in range(rng.randint(0, 4)):
        if not data:
            break
        what = rng.random()
        at = rng.randrange(len(data))
        if what < 0.4:
            data[at] ^= 1 << rng.randrange(8)
        elif what < 0.7:
            del data[at:]
        else:
            data[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
    return bytes(data), suffix


def run_random(seconds: float = float("inf"), seed: int = 0, iterations: int | None = None) -> int:
    """Mutation fuzzing for ``seconds``, or until ``iterations`` inputs are tried if that comes
    first (the same inputs for a seed); returns how many inputs were tried."""
    rng = random.Random(seed)
    deadline = time.monotonic() + seconds
    n = 0
    while time.monotonic() < deadline and (iterations is None or n < iterations):
        data, suffix = random_compressed(rng)
        compressed_input(data, suffix)
        html_input(random_html(rng, rng.randint(1, 400)))
        n += 1
    return n


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seconds", type=float, default=60)
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args(argv)
    n = run_random(args.seconds, args.seed)
    print(f"{n} inputs, no failure")
    return 0


if __name__ == "__main__":
    sys.exit(main())
