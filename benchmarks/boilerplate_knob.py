"""The operating points of the ``boilerplate`` cleaner's one knob, ``aggressiveness``.

For each level (0 to 3), on the development corpora: content recall, F1 and the share of
boilerplate removed, character-weighted line by line as ``benchmarks/boilerplate_eval.py``
measures them (L3S-GN1 pages, TurkuNLP English; German, Spanish and French from the
multilingual TurkuNLP file), and token recall and F1 on the L3S pages as naive text as
``benchmarks/boilerplate_naive.py`` measures them (the default pipeline). The table in
``docs/cleaners/boilerplate.md`` (*One knob*) is this script's output.

Run from the repository root: ``python benchmarks/boilerplate_knob.py`` (skips with a
message when ``../shared/data`` is absent; nothing from it is copied).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import boilerplate_eval  # noqa: E402  (the same line-level measure)
import boilerplate_naive  # noqa: E402  (the same naive-page measure)
from boilerplate_html import DATA, token_f1  # noqa: E402

LEVELS = (0, 1, 2, 3)


def _by_language(name: str) -> dict[str, list[list[dict]]]:
    """The documents of a line-labelled development file with a ``lang`` field, by language
    (their non-blank lines, as ``boilerplate_eval`` reads its sets)."""
    out: dict[str, list[list[dict]]] = {}
    with open(DATA / name, encoding="utf-8") as f:
        for row in map(json.loads, f):
            out.setdefault(row["lang"], []).append([u for u in row["lines"] if u["text"].strip()])
    return out


def main() -> None:
    if not (DATA / "l3s-gn1-dev.jsonl").exists():
        print(f"development data not found at {DATA}: nothing to measure")
        return
    import textclean

    corpora = {"L3S": boilerplate_eval._docs("l3s"), "Turku en": boilerplate_eval._docs("turku")}
    multi = _by_language("turku-multi-dev.jsonl")
    for lang in ("de", "es", "fr"):
        corpora[lang] = multi.get(lang, [])
    naive = boilerplate_naive.pages()
    print("| level | " + " | ".join(f"{c} R / F1 / removed" for c in corpora) + " | naive pages R / F1 |")
    print("|---" * (len(corpora) + 2) + "|")
    for level in LEVELS:
        opts = {"aggressiveness": level}
        cells = []
        for docs in corpora.values():
            r = boilerplate_eval.score(docs, None, None, opts)
            cells.append(f"{r['R']:.3f} / {r['F1']:.3f} / {r['removed']:.3f}")
        scores = [token_f1(textclean.clean(text, options={"boilerplate": opts}), gold) for text, _, gold in naive]
        n = len(scores)
        cells.append(f"{sum(s[1] for s in scores) / n:.3f} / {sum(s[2] for s in scores) / n:.3f}")
        print(f"| {level} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
