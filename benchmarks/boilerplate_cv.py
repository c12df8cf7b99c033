"""Does a learned decision over the ``boilerplate`` cleaner's evidence carry over to text it was
not trained on? In-source and cross-source figures, side by side (issue 20).

Every non-blank line of every development document (the L3S-GN1 pages, the TurkuNLP lines in
English, German, Spanish and French) gets the evidence the cleaner computes, by the cleaner's
own code (:func:`textclean.cleaners.boilerplate.examples.judged` and ``learned.vectors``): the 33
features of the line, its neighbours and its document, with the article body the rules found,
and the rules' own verdict (removed or not, and the kind of reason: comment form, leading
menu, related links...). A gradient-boosted model (LightGBM, 200 trees of 15 leaves, content
characters weighted ×3) turns that evidence into a probability of boilerplate. Five groups:
``l3s``, ``turku-en``, ``turku-de``, ``turku-es``, ``turku-fr``.

* **in-source**: a model fitted on the even documents of every group is measured on the odd
  documents of each, and vice versa (the figure is the two halves pooled);
* **cross-source**: a model fitted on four groups is measured on the fifth, which it has
  never seen (another corpus, or another language).

Rows: keep everything; the cleaner as it is (its rules were written looking at all of these
documents, so its figures are in-sample in both tables); the learned decision alone
(``p >= 0.5``); the cleaner with the model's removals added where ``p >= 0.7`` or ``0.9``
(the rules' removals kept). The measure is ``score.py``'s: character-weighted content
precision, recall and F1, and the share of boilerplate characters removed, counted line by
line. Content recall is the figure to watch: a lost sentence is worse than a kept menu.

Run from the repository root: ``python benchmarks/boilerplate_cv.py``. Needs ``lightgbm``
(``pip install -e '.[train]'``); exits 0 with a message without it or without
``../shared/data`` (nothing from it is copied).
"""

from __future__ import annotations

import collections
import json
import re
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "boilerplate"
SETS = (("l3s-gn1-dev.jsonl", "blocks"), ("turku-en-dev.jsonl", "lines"), ("turku-multi-dev.jsonl", "lines"))
#: A kind of rule reason that occurs fewer times than this in the training documents is not a
#: feature of its own (it still counts in "removed by the rules").
MIN_KIND = 20
ADDED = (0.7, 0.9)


def load() -> list[dict]:
    """Each document: its group, its non-blank lines and their gold labels."""
    docs = []
    for path, key in SETS:
        with open(DATA / path, encoding="utf-8") as f:
            for row in map(json.loads, f):
                lines = [(part, bool(u["boilerplate"])) for u in row[key]
                         for part in u["text"].split("\n") if part.strip()]
                if lines:
                    group = "l3s" if path.startswith("l3s") else f"turku-{row.get('lang', 'en')}"
                    docs.append({"group": group, "lines": lines})
    return docs


def evidence(docs: list[dict]) -> None:
    """Adds to each document the cleaner's evidence of each line, and the rules' reasons."""
    from textclean.cleaners.boilerplate import OPTIONS, setup
    from textclean.cleaners.boilerplate.examples import judged
    from textclean.cleaners.boilerplate.learned import vectors
    from textclean.core.language import language_of
    from textclean.core.records import Context

    opts = {**OPTIONS, "line_model": False}
    st = setup(Context(options=opts))
    for d in docs:
        text = "\n".join(t for t, _ in d["lines"]) + "\n"
        # (the language as the host identifies it: the stop list the cleaner judges with)
        ctx = Context(options=opts, state=st, language=language_of(text).language)
        records, reasons, body = judged(text, ctx)
        assert len(records) == len(d["lines"])
        d["x"], d["reasons"] = vectors(records, body), reasons


def kind(reason: str) -> str:
    """The kind of a rule's reason: its words before the details ("comment form (WordPress):
    ..." -> "comment form")."""
    return re.split(r"[:(]", reason, maxsplit=1)[0].strip()


class Learned:
    """The model fitted on ``train``: evidence -> probability of boilerplate."""

    def __init__(self, train: list[dict]):
        import lightgbm
        import numpy as np

        counts = collections.Counter(kind(r) for d in train for r in d["reasons"] if r)
        self.kinds = sorted(k for k, n in counts.items() if n >= MIN_KIND)
        x = np.vstack([self.matrix(d) for d in train])
        y = np.array([b for d in train for _, b in d["lines"]], dtype=float)
        chars = np.array([len(t) for d in train for t, _ in d["lines"]], dtype=float)
        w = np.sqrt(chars) * np.where(y > 0.5, 1.0, 3.0)
        params = {"objective": "binary", "learning_rate": 0.05, "num_leaves": 15, "min_data_in_leaf": 40,
                  "bagging_fraction": 0.8, "bagging_freq": 1, "feature_fraction": 0.8, "lambda_l2": 1.0,
                  "verbose": -1, "seed": 1, "deterministic": True, "num_threads": 2}
        self.booster = lightgbm.train(params, lightgbm.Dataset(x, y, weight=w), num_boost_round=200)

    def matrix(self, d: dict):
        import numpy as np

        rules = [[float(bool(r))] + [float(kind(r) == k) for k in self.kinds] for r in d["reasons"]]
        return np.hstack([np.array(d["x"], dtype=float), np.array(rules, dtype=float)])

    def p(self, d: dict):
        return self.booster.predict(self.matrix(d))


def measure(docs: list[dict], removed: list) -> tuple[float, float, float, float]:
    """Content precision, recall, F1 and boilerplate removed, in characters."""
    kept_content = kept_noise = content = noise = 0
    for d, gone in zip(docs, removed):
        for (t, noisy), g in zip(d["lines"], gone):
            if noisy:
                noise += len(t)
                kept_noise += len(t) * (not g)
            else:
                content += len(t)
                kept_content += len(t) * (not g)
    p = kept_content / max(1, kept_content + kept_noise)
    r = kept_content / max(1, content)
    return p, r, 2 * p * r / max(1e-9, p + r), 1 - kept_noise / max(1, noise)


def decisions(docs: list[dict], models: list) -> dict[str, list]:
    """Each row's removals on ``docs``, each document judged by its model in ``models``."""
    rows: dict[str, list] = {"keep all": [], "the cleaner": [], "learned alone (p >= 0.5)": []}
    rows.update({f"the cleaner + learned removals (p >= {b})": [] for b in ADDED})
    for d, m in zip(docs, models):
        rules = [bool(r) for r in d["reasons"]]
        p = m.p(d)
        rows["keep all"].append([False] * len(rules))
        rows["the cleaner"].append(rules)
        rows["learned alone (p >= 0.5)"].append(list(p >= 0.5))
        for b in ADDED:
            rows[f"the cleaner + learned removals (p >= {b})"].append([r or q >= b for r, q in zip(rules, p)])
    return rows


def table(title: str, by: dict[str, list], models: dict[str, list]) -> None:
    print(f"\n### {title}\n")
    groups = list(by)
    print("| decision | " + " | ".join(f"{g} R / F1 / removed" for g in groups) + " |")
    print("| --- |" + " ---: |" * len(groups))
    cells: dict[str, list[str]] = collections.defaultdict(list)
    for g in groups:
        for row, removed in decisions(by[g], models[g]).items():
            p, r, f, gone = measure(by[g], removed)
            cells[row].append(f"{r:.3f} / {f:.3f} / {gone:.3f}")
    for row, cs in cells.items():
        print(f"| {row} | " + " | ".join(cs) + " |")


def main() -> None:
    if not DATA.is_dir():
        print(f"skipped: {DATA} is absent (the development data is not copied into the project)")
        return
    try:
        import lightgbm  # noqa: F401
    except ImportError:
        print("skipped: lightgbm is not installed (pip install -e '.[train]')")
        return
    docs = load()
    evidence(docs)
    by: dict[str, list] = collections.defaultdict(list)
    for d in docs:
        by[d["group"]].append(d)
    print("documents:", ", ".join(f"{g} {len(ds)}" for g, ds in by.items()))
    halves = [Learned([d for ds in by.values() for i, d in enumerate(ds) if i % 2 != h]) for h in (0, 1)]
    table("In-source (document halves: a model fitted on the other half of every group)", by,
          {g: [halves[i % 2] for i in range(len(ds))] for g, ds in by.items()})
    table("Cross-source (the group left out of training)", by,
          {g: [Learned([d for h, ds2 in by.items() if h != g for d in ds2])] * len(ds) for g, ds in by.items()})


if __name__ == "__main__":
    sys.exit(main())
