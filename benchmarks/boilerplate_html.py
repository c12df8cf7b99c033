"""Boilerplate removal from HTML: textclean vs trafilatura vs jusText on the same pages.

For each L3S-GN1 development page (``../shared/data/boilerplate/l3s-gn1-dev-html/ID.html``),
the gold is the text of its blocks labelled ``headline`` or ``fulltext`` in
``l3s-gn1-dev.jsonl``. Each system's output is scored by bag-of-words token F1 against the
gold (averaged over pages, and split into the even/odd halves of the pages as a check of
stability):

* ``textclean``: ``textclean.clean_html(html, only=["boilerplate"])`` (the text blocks with the markup's evidence beside them);
* ``html_to_text only``: the markup evidence alone, before the text-level cleaner;
* ``trafilatura``: ``trafilatura.extract(html)``;
* ``jusText``: the paragraphs jusText keeps with its English stop list.

Run from the repository root: ``python benchmarks/boilerplate_html.py`` (skips when the data
is absent).
"""

from __future__ import annotations

import collections
import json
import re
import sys
import time
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "boilerplate"
WORD = re.compile(r"\w+", re.UNICODE)


def token_f1(pred: str, gold: str) -> tuple[float, float, float]:
    """Bag-of-words precision, recall, F1 (lower-cased word tokens)."""
    pc = collections.Counter(WORD.findall(pred.lower()))
    gc = collections.Counter(WORD.findall(gold.lower()))
    tp = sum((pc & gc).values())
    p = tp / max(1, sum(pc.values()))
    r = tp / max(1, sum(gc.values()))
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def summary(scores: list[tuple[float, float, float]], seconds: float) -> dict:
    """Precision, recall and F1 averaged over pages, F1 on the even and odd halves (by index),
    the number of pages and the time taken."""
    n = len(scores)
    return {
        "P": sum(s[0] for s in scores) / n,
        "R": sum(s[1] for s in scores) / n,
        "F1": sum(s[2] for s in scores) / n,
        "F1_even": sum(s[2] for s in scores[0::2]) / len(scores[0::2]),
        "F1_odd": sum(s[2] for s in scores[1::2]) / len(scores[1::2]),
        "seconds": seconds,
        "pages": n,
    }


def systems() -> dict:
    import textclean
    from textclean.io.html import html_to_text

    out = {
        "textclean": lambda h: textclean.clean_html(h, only=["boilerplate"]),
        "html_to_text only": html_to_text,
    }
    try:
        import trafilatura

        out["trafilatura"] = lambda h: trafilatura.extract(h) or ""
    except ImportError:
        pass
    try:
        import justext

        out["jusText"] = lambda h: "\n".join(
            p.text for p in justext.justext(h.encode("utf-8"), justext.get_stoplist("English"))
            if not p.is_boilerplate)
    except ImportError:
        pass
    return out


def run() -> dict:
    """Scores by system: {name: {"P", "R", "F1", "F1_even", "F1_odd", "seconds"}}."""
    gold_path = DATA / "l3s-gn1-dev.jsonl"
    if not gold_path.exists():
        return {"skipped": f"no data at {gold_path}"}
    pages = []
    with open(gold_path, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            html_path = DATA / "l3s-gn1-dev-html" / f"{d['id']}.html"
            if html_path.exists():
                gold = "\n".join(b["text"] for b in d["blocks"] if b["label"] in ("headline", "fulltext"))
                pages.append((html_path.read_bytes().decode("utf-8", "replace"), gold))
    results = {}
    for name, fn in systems().items():
        t0 = time.perf_counter()
        scores = [token_f1(fn(h), g) for h, g in pages]
        results[name] = summary(scores, time.perf_counter() - t0)
    return results


def report(res: dict, width: int = 20) -> None:
    """Print :func:`run`'s results (or why it skipped), a line a system; exit 0 on a skip."""
    if "skipped" in res:
        print(res["skipped"])
        sys.exit(0)
    for name, r in res.items():
        print(f"{name:{width}s} P={r['P']:.3f} R={r['R']:.3f} F1={r['F1']:.3f} "
              f"(even {r['F1_even']:.3f} / odd {r['F1_odd']:.3f})  {r['pages']} pages {r['seconds']:.1f}s")


if __name__ == "__main__":
    report(run())
