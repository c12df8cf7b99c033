"""Train the ``boilerplate`` cleaner's learned line model from the development data.

The model (see ``textclean/cleaners/boilerplate/learned.py``) is a logistic regression over the
features of the lines that the cleaner's rules keep, in the context the cleaner sees them in
(the rules run first, to their fixed point, with the model off). It is trained on both
development sets in ``../shared/data/boilerplate/``: the L3S-GN1 blocks and the TurkuNLP lines.

1. **Cross-validation by document halves**: a model is fitted on the even documents of both
   sets and the whole cleaner, with that model, is run on the odd documents for a grid of
   thresholds, and vice versa (a document whose text also occurs in the other half is left
   out of training). It prints, per held-out half and threshold, content recall and the share
   of boilerplate removed, next to the cleaner without the model.
2. The threshold is the highest-removal one at which **both** held-out halves keep TurkuNLP
   recall within ``--budget`` (default 0.0005) of the cleaner without the model and L3S F1
   within 0.002 (or the one given with ``--threshold``).
3. The shipped model is fitted on all documents and written, weights only, to
   ``textclean/data/boilerplate_linemodel.json``.

numpy is used here only (inference in the package is pure Python; ``pip install -e
'.[train]'`` installs it). Run from the repository root:
``python scripts/train_boilerplate.py [--threshold T] [--dry-run]``.

**On one's own labelled text**, ``--data FILE.jsonl [FILE.jsonl ...] --out MODEL.json``
does the same with those files instead of the development sets: one document per line,
``{"lines": [{"text": "...", "boilerplate": true}, ...]}`` (each non-blank line of the
document in order, with its label). The threshold is the highest-removal one at which both
held-out halves of every file keep content recall within ``--budget`` of the cleaner
without the model. The model is written to ``--out`` (never over an existing file unless
``--force``), and used with the options ``line_model = true`` and ``line_model_path =
"MODEL.json"`` (or ``aggressiveness`` 2 or 3, which turn the model on).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "boilerplate"
OUT = ROOT / "textclean" / "data" / "boilerplate_linemodel.json"
SETS = {"l3s": ("l3s-gn1-dev.jsonl", "blocks"), "turku": ("turku-en-dev.jsonl", "lines")}
GRID = (0.8, 0.85, 0.9, 0.93, 0.95, 0.97, 0.98, 0.99)
L2 = 10.0
# A lost sentence is worse than a kept menu: content lines weigh more in the fit.
CONTENT_WEIGHT = 10.0


def load_docs(path: Path, key: str) -> list[list[tuple[str, bool]]]:
    """Each document of the JSONL file ``path`` as its non-blank lines with their gold label
    (True: boilerplate), from the list under ``key``."""
    docs = []
    with open(path, encoding="utf-8") as f:
        for n, row in enumerate(f, 1):
            if not row.strip():
                continue
            lines = []
            try:
                for u in json.loads(row)[key]:
                    for part in u["text"].split("\n"):
                        if part.strip():
                            lines.append((part, bool(u["boilerplate"])))
            except (ValueError, KeyError, TypeError) as exc:
                sys.exit(f"{path}:{n}: not a document of labelled lines ({type(exc).__name__}: {exc})")
            docs.append(lines)
    return docs


def rule_examples(docs) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Per document: (vectors, labels, characters) of the lines the rules keep, in the
    context the model sees at inference."""
    from textclean.cleaners.boilerplate import OPTIONS, setup
    from textclean.cleaners.boilerplate.examples import judged
    from textclean.cleaners.boilerplate.learned import NAMES, vectors
    from textclean.core.records import Context

    opts = {**OPTIONS, "line_model": False}
    st = setup(Context(options=opts))
    ctx = Context(options=opts, state=st)
    out = []
    for lines in docs:
        text = "\n".join(t for t, _ in lines) + "\n"
        records, reasons, body = judged(text, ctx)
        assert len(records) == len(lines)
        keep = [i for i, r in enumerate(reasons) if not r]
        here = [records[i] for i in keep]
        span = (keep.index(body[0]), keep.index(body[1])) if body else None
        x = np.array(vectors(here, span), dtype=float).reshape(-1, len(NAMES))
        y = np.array([lines[i][1] for i in keep], dtype=float)
        c = np.array([len(lines[i][0]) for i in keep], dtype=float)
        out.append((x, y, c))
    return out


def fit(x: np.ndarray, y: np.ndarray, w: np.ndarray, l2: float = L2) -> tuple:
    """Weighted L2-regularised logistic regression by Newton's method (IRLS) on standardised
    features. Returns (mean, sd, weights, bias)."""
    mean = x.mean(axis=0)
    sd = x.std(axis=0)
    sd[sd < 1e-9] = 1.0
    z = np.hstack([(x - mean) / sd, np.ones((len(x), 1))])
    w = w / w.mean()
    beta = np.zeros(z.shape[1])
    reg = np.full(z.shape[1], l2)
    reg[-1] = 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-np.clip(z @ beta, -30, 30)))
        g = z.T @ (w * (p - y)) + reg * beta
        h = (z * (w * p * (1 - p))[:, None]).T @ z + np.diag(reg) + 1e-9 * np.eye(len(beta))
        step = np.linalg.solve(h, g)
        beta -= step
        if np.abs(step).max() < 1e-7:
            break
    return mean, sd, beta[:-1], beta[-1]


def weights(chars: np.ndarray, y: np.ndarray, content_weight: float) -> np.ndarray:
    """Sample weights: the square root of the line's length (the measure is character-weighted,
    but a few long lines must not decide everything), times ``content_weight`` for content."""
    return np.sqrt(chars) * np.where(y > 0.5, 1.0, content_weight)


def model_dict(params, threshold: float, note: dict) -> dict:
    from textclean.cleaners.boilerplate.learned import FORMAT, NAMES

    mean, sd, weights, bias = params
    r = lambda a: [round(float(v), 6) for v in a]  # noqa: E731
    return {"format": FORMAT, "names": list(NAMES), "mean": r(mean), "sd": r(sd),
            "weights": r(weights), "bias": round(float(bias), 6), "threshold": threshold, **note}


def stack(examples, idx):
    xs = [examples[i] for i in idx if len(examples[i][1])]
    return (np.vstack([e[0] for e in xs]), np.concatenate([e[1] for e in xs]),
            np.concatenate([e[2] for e in xs]))


def evaluate(docs, idx, options: dict) -> dict:
    """Char-weighted content P/R/F1 and share of boilerplate removed by the whole cleaner on
    the documents ``idx`` (lines matched as in benchmarks/boilerplate_eval.py)."""
    import collections

    import textclean

    tp = fp = fn = tn = 0
    for i in idx:
        lines = docs[i]
        out = textclean.clean("\n".join(t for t, _ in lines) + "\n", only=["boilerplate"],
                              options={"boilerplate": options})
        left = collections.Counter(l.strip() for l in out.splitlines() if l.strip())
        for t, bp in lines:
            k = left[t.strip()] > 0
            if k:
                left[t.strip()] -= 1
            n = len(t)
            if k and not bp:
                tp += n
            elif k:
                fp += n
            elif not bp:
                fn += n
            else:
                tn += n
    p, r = tp / max(1, tp + fp), tp / max(1, tp + fn)
    return {"P": p, "R": r, "F1": 2 * p * r / max(1e-9, p + r), "removed": tn / max(1, tn + fp)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--threshold", type=float, default=0.0)
    ap.add_argument("--budget", type=float, default=0.0005,
                    help="most TurkuNLP recall a held-out half may lose to the model")
    ap.add_argument("--l2", type=float, default=L2)
    ap.add_argument("--content-weight", type=float, default=CONTENT_WEIGHT,
                    help="weight of a content line relative to a boilerplate line of the same length")
    ap.add_argument("--train-on", default="", help="the sets to fit on (comma-separated; default: all)")
    ap.add_argument("--dry-run", action="store_true", help="cross-validate only, write nothing")
    ap.add_argument("--data", nargs="+", type=Path, metavar="FILE.jsonl",
                    help="labelled documents of one's own instead of the development sets")
    ap.add_argument("--out", type=Path, help="where the model goes (required with --data)")
    ap.add_argument("--force", action="store_true", help="write over an existing --out")
    args = ap.parse_args()
    if args.data:
        if not args.out and not args.dry_run:
            ap.error("--data needs --out (the shipped model is trained on the development sets)")
        if args.out and args.out.exists() and not args.force and not args.dry_run:
            ap.error(f"{args.out} exists; --force to write over it")
        sets = {}
        for path in args.data:
            if not path.is_file():
                ap.error(f"{path}: no such file")
            sets[path.stem] = (path, "lines")
    else:
        if not DATA.exists():
            sys.exit(f"development data not found at {DATA}")
        sets = {name: (DATA / path, key) for name, (path, key) in SETS.items()}
    train_on = args.train_on.split(",") if args.train_on else list(sets)
    docs = {name: load_docs(*sets[name]) for name in sets}
    ex = {name: rule_examples(d) for name, d in docs.items()}
    text_of = {name: ["\n".join(t for t, _ in d) for d in ds] for name, ds in docs.items()}
    tmpdir = tempfile.TemporaryDirectory(prefix="tc-linemodel-")
    tmp = Path(tmpdir.name)
    curves: dict = {}
    for half in (0, 1):
        test = {n: [i for i in range(len(d)) if i % 2 == half] for n, d in docs.items()}
        xs, ys, cs = [], [], []
        for n in train_on:
            held = {text_of[n][i] for i in test[n]}
            train = [i for i in range(len(docs[n])) if i % 2 != half and text_of[n][i] not in held
                     and text_of[n][i] not in text_of[n][:i]]
            x, y, c = stack(ex[n], train)
            xs.append(x), ys.append(y), cs.append(c)
        y = np.concatenate(ys)
        params = fit(np.vstack(xs), y, weights(np.concatenate(cs), y, args.content_weight), args.l2)
        path = tmp / f"fold{half}.json"
        path.write_text(json.dumps(model_dict(params, 0.95, {})))
        base = {n: evaluate(docs[n], test[n], {"line_model": False}) for n in sets}
        name = "odd" if half else "even"
        print(f"held-out {name} half, no model: " + "  ".join(
            f"{n} R={b['R']:.4f} F1={b['F1']:.4f} removed={b['removed']:.4f}" for n, b in base.items()))
        for t in GRID:
            res = {n: evaluate(docs[n], test[n], {"line_model": True, "line_model_path": str(path), "line_threshold": t})
                   for n in sets}
            curves.setdefault(t, []).append((base, res))
            print(f"  t={t:.2f}: " + "  ".join(
                f"{n} R={r['R']:.4f} F1={r['F1']:.4f} removed={r['removed']:.4f}" for n, r in res.items()))
    tmpdir.cleanup()
    threshold = args.threshold
    if not threshold:
        if args.data:
            # every file's content recall within the budget on both halves
            ok = [t for t, folds in curves.items()
                  if all(b[n]["R"] - r[n]["R"] <= args.budget for b, r in folds for n in sets)]
            removed = lambda t: sum(r[n]["removed"] for _, r in curves[t] for n in sets)  # noqa: E731
        else:
            ok = [t for t, folds in curves.items() if all(
                b["turku"]["R"] - r["turku"]["R"] <= args.budget and b["l3s"]["F1"] - r["l3s"]["F1"] <= 0.002
                for b, r in folds)]
            removed = lambda t: sum(r["turku"]["removed"] for _, r in curves[t])  # noqa: E731
        if not ok:
            sys.exit("no threshold keeps recall within the budget on both halves: model not written")
        threshold = max(ok, key=lambda t: (removed(t), -t))
    print(f"threshold: {threshold}")
    if args.dry_run:
        return
    # (a document that occurs twice in a set counts once)
    every = [e for n in train_on for i, e in enumerate(ex[n])
             if text_of[n][i] not in text_of[n][:i]]
    x, y, c = stack(every, range(len(every)))
    params = fit(x, y, weights(c, y, args.content_weight), args.l2)
    what = (", ".join(p.name for p in args.data) if args.data
            else "L3S-GN1 dev blocks + TurkuNLP en dev")
    note = {"trained_on": f"{what} lines kept by the rules "
                          f"({len(y)} lines, weight sqrt(chars) x {args.content_weight} for content, "
                          f"L2={args.l2})",
            "script": "scripts/train_boilerplate.py"}
    out = args.out or OUT
    # (written whole or not at all: a temporary file beside it, then renamed)
    fd, tmp_out = tempfile.mkstemp(prefix=out.name + ".", suffix=".tmp", dir=out.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(json.dumps(model_dict(params, threshold, note), indent=1) + "\n")
    os.replace(tmp_out, out)
    print(f"wrote {out}")
    from textclean.cleaners.boilerplate.learned import FEATURES

    for (name, *_), wt in sorted(zip(FEATURES, params[2]), key=lambda p: -abs(p[1])):
        print(f"  {name:18s} {wt:+.3f}")


if __name__ == "__main__":
    main()
