"""Quality of the ``boilerplate`` cleaner on the development data, on each half of it.

The same character-weighted measure as ``../shared/eval/score.py boilerplate-l3s`` and
``boilerplate-turku`` (content precision/recall/F1, share of boilerplate characters removed,
lines matched as whole stripped lines, in order), computed on all documents and on the two
halves split by document index (even / odd). The thresholds of the cleaner's page-shape gate
(``menu_run``, ``outside_prose``, ``max_posts``) were chosen on the even halves; the odd
halves show how that choice carries over. Per-document losses can be listed with ``--lost``.

The rows marked ``+model`` enable the learned line model (option ``line_model``; off by
default) with the shipped weights. That model was trained on ALL these documents, so its rows
here are in-sample; the held-out (cross-validated by halves) figures are printed by
``scripts/train_boilerplate.py --dry-run``. The last lines give the throughput of the cleaner
on the same texts, model off and on (one run, a fresh pipeline each: the machine is noisy).

Run from the repository root: ``python benchmarks/boilerplate_eval.py [--lost]``. Skips (exit
0 with a message) when ``../shared/data`` is absent; nothing from it is copied.
"""

from __future__ import annotations

import collections
import json
import sys
import time
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "boilerplate"
SETS = {"l3s": ("l3s-gn1-dev.jsonl", "blocks"), "turku": ("turku-en-dev.jsonl", "lines")}


def _docs(name: str) -> list[list[dict]]:
    path, key = SETS[name]
    with open(DATA / path, encoding="utf-8") as f:
        return [[u for u in json.loads(line)[key] if u["text"].strip()] for line in f]


def _kept(texts: list[str], output: str) -> list[bool]:
    out = collections.Counter(l.strip() for l in output.splitlines() if l.strip())
    kept = []
    for t in texts:
        k = t.strip()
        kept.append(out[k] > 0)
        if out[k] > 0:
            out[k] -= 1
    return kept


def score(docs: list[list[dict]], part: int | None = None, lost: list | None = None,
          options: dict | None = None) -> dict:
    """{"P", "R", "F1", "removed"} over the documents of ``part`` (0 even, 1 odd, None all),
    with the cleaner's ``options``."""
    import textclean

    opts = {"boilerplate": options} if options else None
    tp = fp = fn = tn = 0
    for i, units in enumerate(docs):
        if part is not None and i % 2 != part:
            continue
        texts = [u["text"] for u in units]
        kept = _kept(texts, textclean.clean("\n".join(texts) + "\n", only=["boilerplate"], options=opts))
        for u, k in zip(units, kept):
            n = len(u["text"])
            content = not u["boilerplate"]
            if k and content:
                tp += n
            elif k:
                fp += n
            elif content:
                fn += n
                if lost is not None:
                    lost.append((i, u["text"]))
            else:
                tn += n
    p, r = tp / max(1, tp + fp), tp / max(1, tp + fn)
    return {"P": round(p, 3), "R": round(r, 3), "F1": round(2 * p * r / max(1e-9, p + r), 3),
            "removed": round(tn / max(1, tn + fp), 3)}


def main() -> None:
    if not DATA.exists():
        print(f"development data not found at {DATA}: nothing to measure")
        return
    texts = []
    for name in SETS:
        docs = _docs(name)
        texts += ["\n".join(u["text"] for u in units) + "\n" for units in docs]
        lost: list = []
        for model in (False, True):
            for label, part in (("all", None), ("even", 0), ("odd", 1)):
                res = score(docs, part, lost if part is None and not model else None,
                            {"line_model": True} if model else None)
                tag = label + ("+model" if model else "")
                print(f"{name:6s} {tag:11s} " + "  ".join(f"{k}={v:.3f}" for k, v in res.items()))
        if "--lost" in sys.argv:
            for i, text in lost:
                print(f"   lost content, document {i}: {text[:100]!r}")
    from textclean import Pipeline

    size = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    for model in (False, True):
        pipe = Pipeline({"only": ["boilerplate"], "options": {"boilerplate": {"line_model": model}}})
        t0 = time.perf_counter()
        for t in texts:
            pipe.clean(t)
        dt = time.perf_counter() - t0
        print(f"throughput, line model {'on ' if model else 'off'}: {size / dt:.2f} MB/s ({size:.2f} MB)")


if __name__ == "__main__":
    main()
