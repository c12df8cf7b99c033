"""Speed of the ``mojibake`` cleaner alone against ``ftfy.fix_text`` on running news text.

The text is the L3S-GN1 development pages (``../shared/data/boilerplate/l3s-gn1-dev.jsonl``),
each page's block texts joined by newlines, as a naive scraper would produce it. Both tools
run over the same texts in one process and one run (the machine is noisy: compare the ratio,
not the absolute figures). The cleaner is timed through its ``fix`` function with a prepared
context, as the pipeline calls it, plus applying its fixes.

    python benchmarks/mojibake.py          # prints MB/s of each and the ratio

``run()`` returns the figures as a dict for the benchmark suite; it returns
``{"skipped": reason}`` when the development data is absent.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "boilerplate" / "l3s-gn1-dev.jsonl"


def load_texts(path: Path = DATA) -> list[str]:
    """The pages as plain text, one block per line."""
    with open(path, encoding="utf-8") as f:
        return ["\n".join(b["text"] for b in json.loads(line)["blocks"]) + "\n" for line in f]


def _rate(fn, texts: list[str], mb: float, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for t in texts:
            fn(t)
        best = min(best, time.perf_counter() - t0)
    return mb / best


def run(repeat: int = 3) -> dict:
    """Time both tools; the best of ``repeat`` passes each, interleaved in one run."""
    if not DATA.exists():
        return {"skipped": f"development data not found at {DATA}"}
    import ftfy

    from textclean.cleaners.mojibake import OPTIONS, setup, fix_mojibake
    from textclean.core.fixes import apply_fixes
    from textclean.core.records import Context

    texts = load_texts()
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    ctx = Context(options=dict(OPTIONS))
    ctx = Context(options=ctx.options, state=setup(ctx))

    def cleaner(t: str) -> str:
        return apply_fixes(t, fix_mojibake(t, ctx))

    changed = sum(cleaner(t) != t for t in texts)  # also warms up
    ftfy_rate = _rate(ftfy.fix_text, texts, mb, repeat)
    ours = _rate(cleaner, texts, mb, repeat)
    return {
        "data": str(DATA.name),
        "pages": len(texts),
        "megabytes": round(mb, 3),
        "pages_changed": changed,
        "ftfy_fix_text_mb_s": round(ftfy_rate, 2),
        "mojibake_cleaner_mb_s": round(ours, 2),
        "ratio": round(ours / ftfy_rate, 1),
    }


if __name__ == "__main__":
    res = run()
    if "skipped" in res:
        print("skipped:", res["skipped"])
    else:
        print(f"{res['pages']} L3S pages, {res['megabytes']} MB ({res['pages_changed']} pages changed by the cleaner)")
        print(f"ftfy.fix_text            {res['ftfy_fix_text_mb_s']:8.2f} MB/s")
        print(f"textclean mojibake       {res['mojibake_cleaner_mb_s']:8.2f} MB/s")
        print(f"ratio                    {res['ratio']:8.1f}x")
