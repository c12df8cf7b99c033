"""Throughput of the ``boilerplate`` cleaner (MB/s of input text), with a corpus-model fit.

Inputs: the five seeds (``../shared/seeds``) and, when present, the L3S-GN1 development pages
as naive text (one block per line, ``../shared/data/boilerplate/l3s-gn1-dev.jsonl``). Without
the shared data a synthetic page built from a fixture is used. The machine is noisy: compare
figures from one run only.

Run from the repository root: ``python benchmarks/boilerplate.py``.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"


def _texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((SHARED / "seeds").glob("*.txt"))]
    l3s = SHARED / "data" / "boilerplate" / "l3s-gn1-dev.jsonl"
    if l3s.exists():
        with open(l3s, encoding="utf-8") as f:
            for line in f:
                d = json.loads(line)
                texts.append("\n".join(b["text"] for b in d["blocks"] if b["text"].strip()) + "\n")
    if not texts:
        fixture = Path(__file__).resolve().parents[1] / "tests" / "data" / "boilerplate" / "wordpress_page.txt"
        texts = [fixture.read_text(encoding="utf-8")] * 50
    return texts


def run() -> dict:
    """{"MB": input size, "clean_MB_s": cleaner throughput (one pass over texts it has not
    seen), "fit_MB_s": corpus fit throughput, "model_entries": lines kept by the fitted model,
    and, when ftfy is installed, "ftfy_MB_s" and "clean_vs_ftfy" (ftfy.fix_text on the same
    texts in the same run, the reference of the project's speed target)}."""
    import textclean
    from textclean.cleaners.boilerplate.corpus import CorpusModel

    texts = _texts()
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    pipeline = textclean.Pipeline({"only": ["boilerplate"]})
    pipeline.clean(texts[0])  # warm-up: templates compiled once
    t0 = time.perf_counter()
    for t in texts:
        pipeline.clean(t)
    clean_s = time.perf_counter() - t0
    ftfy_s = None
    try:
        import ftfy

        t0 = time.perf_counter()
        for t in texts:
            ftfy.fix_text(t)
        ftfy_s = time.perf_counter() - t0
    except ImportError:  # the reference is optional
        pass
    t0 = time.perf_counter()
    model = CorpusModel.fit(texts, min_share=0.05)
    fit_s = time.perf_counter() - t0
    out = {"documents": len(texts), "MB": round(mb, 2), "clean_MB_s": round(mb / clean_s, 2),
           "fit_MB_s": round(mb / fit_s, 2), "model_entries": len(model.counts)}
    if ftfy_s:
        # the machine is noisy: a ratio to a reference measured in the same run is what to quote
        out["ftfy_MB_s"] = round(mb / ftfy_s, 2)
        out["clean_vs_ftfy"] = round(ftfy_s / clean_s, 2)
    return out


if __name__ == "__main__":
    for k, v in run().items():
        print(f"{k:14s} {v}")
