"""A small learned line classifier: one more piece of evidence for the ``boilerplate`` cleaner.

The rules of the cleaner (templates, comment sections, shapes, position on raw pages) leave
lines that have no widget signature: the items of a forum's navigation, the product lines of a
shop, the markup lines of a wiki diff, the fields of a profile page. What tells them from
content is their *shape in context*: short, no function words, no sentence end, among
neighbours of the same kind, in a document that has little prose. This module scores that
with a logistic regression over features the cleaner already computes:

* the line on its own (:class:`~.features.LineFeatures`: length, words, stop-word density,
  capitalised share, sentence end, separators, URLs, letter share; plus the share of digits
  and whether it starts with a bullet, digit or bracket and carries wiki/table markup);
* its context: the same for the two lines before and after it, the share of prose in a
  window of seven lines, its position in the document and whether it lies inside the
  article body that the cleaner found;
* the document: share of its characters in prose lines, its overall stop-word density, its
  number of lines, the shares of short, non-sentence and bullet-led lines.

Inference is pure Python: standardise, dot product, logistic. The weights are a small JSON
file (``textclean/data/boilerplate_linemodel.json``) written by
``scripts/train_boilerplate.py`` from the development data (weights only, never data rows).
The cleaner consults the model (when its option ``line_model`` is on; it is off by default)
only for the lines that its rules keep, only once the rules have nothing more to decide, and
removes a line only above a high probability; the reason names the model, the probability
and the features that contributed most (by weight times standardised value), e.g.
``line model: p=0.98 (few words, little prose around, doc prose share low)``.

Besides the features above, two context features of the document's own text: whether the
first or last six words of a paragraph of 8+ words are those of an earlier paragraph (a
second copy: diff views, pull quotes) and how often the line recurs in the document.

What it does NOT do: it does not replace the rules, it never edits inside a line, and it is
not a language or topic classifier (it has no vocabulary features: only the English stop-word
density that the rules use too).
"""

from __future__ import annotations

import importlib.resources
import json
import math
from collections import Counter
from functools import lru_cache
from itertools import accumulate
from typing import Mapping, Sequence

from textclean.cleaners.boilerplate.evidence import Line

FORMAT = "textclean-boilerplate-linemodel"

#: Feature names, in vector order, with the phrase a removal reason uses for a feature that
#: pushed the line towards boilerplate (its value above the mean when the weight is positive,
#: below when negative: the phrase is the first or second of the pair).
FEATURES: tuple[tuple[str, str, str], ...] = (
    ("len", "long line", "short line"),
    ("words", "many words", "few words"),
    ("stop", "many function words", "few function words"),
    ("cap", "mostly capitalised", "few capitals"),
    ("term", "sentence end", "no sentence end"),
    ("letters", "mostly letters", "few letters"),
    ("prose", "prose-shaped", "not prose-shaped"),
    ("menu", "menu-like", "not menu-like"),
    ("sep", "separators", "no separators"),
    ("url", "URL", "no URL"),
    ("digits", "many digits", "few digits"),
    ("lead", "starts with bullet/digit/bracket", "starts with a letter"),
    ("markup", "table/wiki markup", "no markup"),
    ("prev_prose", "prose before", "no prose before"),
    ("next_prose", "prose after", "no prose after"),
    ("prev_stop", "function words before", "few function words before"),
    ("next_stop", "function words after", "few function words after"),
    ("prev_len", "long line before", "short line before"),
    ("next_len", "long line after", "short line after"),
    ("win_prose", "prose around", "little prose around"),
    ("pos", "late in document", "early in document"),
    ("in_body", "inside article body", "outside article body"),
    ("doc_prose", "doc prose share high", "doc prose share low"),
    ("doc_stop", "doc function words high", "doc function words low"),
    ("doc_lines", "many lines", "few lines"),
    ("doc_nav", "doc has many short lines", "doc has few short lines"),
    ("doc_term", "doc lines end sentences", "doc lines rarely end sentences"),
    ("doc_lead", "doc lines bullet-led", "doc lines letter-led"),
    ("prose_x_docprose", "prose in prose doc", "not prose in prose doc"),
    ("short_x_docprose", "short line in prose doc", "short line in doc without prose"),
    ("term_x_docstop", "sentence end in a doc of prose", "no sentence end in a doc of prose"),
    ("near_dup", "near copy of an earlier paragraph", "no earlier copy"),
    ("recur", "recurs in the document", "occurs once"),
)
NAMES = tuple(f[0] for f in FEATURES)

_DIGIT_DEL = {c: None for c in range(ord("0"), ord("9") + 1)}
_MARKS = ("|", "[", "]", "==", "{", "}", "*")


def _line_own(line) -> list[float]:
    """The context-free part of a line's vector (cached on the line: menus recur)."""
    v = line.lm
    if v is not None:
        return v
    f = line.feats
    text = line.text
    chars = f.chars or 1
    head = text[:300]
    digits = (len(head) - len(head.translate(_DIGIT_DEL))) / max(1, len(head))
    lead = not text.lstrip()[:1].isalpha()
    markup = any(m in head for m in _MARKS)
    v = line.lm = [math.log1p(chars), math.log1p(f.words), f.stop_density, f.cap_share, float(f.terminal),
                   f.letters, float(f.prose), float(f.menu_like), float(min(f.separators, 3)),
                   float(f.urls > 0), digits, float(lead), float(markup)]
    return v


def vectors(lines: Sequence[Line], span: tuple[int, int] | None) -> list[list[float]]:
    """The feature vector (order of :data:`NAMES`) of each line of one document, given the
    article body ``span`` that the cleaner found (``None``: no body).

    >>> from textclean.cleaners.boilerplate.evidence import document_lines
    >>> lines, _ = document_lines("Home\\nThe mayor said on Friday that the bridge will reopen in May.\\n")
    >>> vs = vectors(lines, (1, 1))
    >>> len(vs), len(vs[0]) == len(NAMES), vs[0][NAMES.index("in_body")], vs[1][NAMES.index("in_body")]
    (2, True, 0.0, 1.0)
    """
    n = len(lines)
    if not n:
        return []
    own = [_line_own(line) for line in lines]
    feats = [line.feats for line in lines]
    chars = [f.chars for f in feats]
    total = sum(chars) or 1
    prose = [1.0 if f.prose else 0.0 for f in feats]
    prose_chars = [c * p for c, p in zip(chars, prose)]
    doc_prose = sum(prose_chars) / total
    words = sum(f.words for f in feats)
    doc_stop = sum(f.stop_words for f in feats) / words if words else 0.0
    doc_lines = math.log1p(n)
    doc_nav = sum(line.nav for line in lines) / n
    doc_term = sum(f.terminal for f in feats) / n
    doc_lead = sum(o[11] for o in own) / n
    stops = [f.stop_density for f in feats]
    lens = [o[0] for o in own]
    a, z = span if span else (n, -1)
    # prose characters in a window of 7 lines, by prefix sums
    pre = [0.0, *accumulate(prose_chars)]
    pre_all = [0, *accumulate(chars)]
    # a paragraph of 8+ words whose first or last six words are those of an earlier one is a
    # second copy (the old and new text of a diff view, a pull quote, a teaser)
    near = [0.0] * n
    heads: set = set()
    tails: set = set()
    for i, f in enumerate(feats):
        if f.words >= 8:
            ws = lines[i].key.split()
            if len(ws) >= 8:
                h, t = " ".join(ws[:6]), " ".join(ws[-6:])
                if h in heads or t in tails:
                    near[i] = 1.0
                heads.add(h)
                tails.add(t)
    count = Counter(line.key for line in lines)
    out = []
    last = max(1, n - 1)
    for i in range(n):
        lo, hi = max(0, i - 3), min(n, i + 4)
        win = (pre[hi] - pre[lo]) / max(1, pre_all[hi] - pre_all[lo])
        p0 = (prose[i - 1] + (prose[i - 2] if i > 1 else 0.0)) / 2 if i else 0.0
        p1 = (prose[i + 1] + (prose[i + 2] if i + 2 < n else 0.0)) / 2 if i + 1 < n else 0.0
        s0 = stops[i - 1] if i else 0.0
        s1 = stops[i + 1] if i + 1 < n else 0.0
        l0 = lens[i - 1] if i else 0.0
        l1 = lens[i + 1] if i + 1 < n else 0.0
        out.append(own[i] + [p0, p1, s0, s1, l0, l1, win, i / last, float(a <= i <= z),
                             doc_prose, doc_stop, doc_lines, doc_nav, doc_term, doc_lead,
                             prose[i] * doc_prose, (own[i][1] < 1.4) * doc_prose,
                             own[i][4] * doc_stop, near[i], math.log(count[lines[i].key])])
    return out


class LineModel:
    """Logistic regression over :func:`vectors`: ``p = 1 / (1 + exp(-(b + w . (x - mean) / sd)))``.

    >>> m = LineModel({"format": FORMAT, "names": list(NAMES), "mean": [0.0] * len(NAMES),
    ...                "sd": [1.0] * len(NAMES), "weights": [0.0] * len(NAMES), "bias": 0.0,
    ...                "threshold": 0.9})
    >>> m.prob([1.0] * len(NAMES))
    0.5
    """

    def __init__(self, data: dict):
        if data.get("format") != FORMAT:
            raise ValueError(f"not a {FORMAT} file")
        if list(data["names"]) != list(NAMES):
            raise ValueError("line model features do not match this version of textclean")
        self.mean = [float(x) for x in data["mean"]]
        self.sd = [float(x) or 1.0 for x in data["sd"]]
        self.weights = [float(x) for x in data["weights"]]
        self.bias = float(data["bias"])
        self.threshold = float(data.get("threshold", 0.95))
        self.info = {k: v for k, v in data.items() if k not in ("mean", "sd", "weights")}
        # folded: w . (x - m) / s = sum((w / s) * x) - sum(w * m / s)
        self._w = [w / s for w, s in zip(self.weights, self.sd)]
        self._b = self.bias - sum(w * m / s for w, m, s in zip(self.weights, self.mean, self.sd))

    def score(self, x: Sequence[float]) -> float:
        """The logit of ``x`` (a vector of :func:`vectors`)."""
        return self._b + sum(map(float.__mul__, self._w, x))

    def prob(self, x: Sequence[float]) -> float:
        """The probability that the line of ``x`` is boilerplate."""
        s = self.score(x)
        return 1.0 / (1.0 + math.exp(-s)) if s > -40 else 0.0

    def explain(self, x: Sequence[float], top: int = 3) -> list[str]:
        """Phrases for the ``top`` features that pushed ``x`` most towards boilerplate.

        >>> m = LineModel({"format": FORMAT, "names": list(NAMES), "mean": [0.0] * len(NAMES),
        ...                "sd": [1.0] * len(NAMES), "weights": [-1.0] + [0.0] * (len(NAMES) - 1),
        ...                "bias": 0.0})
        >>> m.explain([-2.0] + [0.0] * (len(NAMES) - 1))
        ['short line']
        """
        contrib = []
        for j, (w, m, s, v) in enumerate(zip(self.weights, self.mean, self.sd, x)):
            c = w * (v - m) / s
            if c > 0:
                contrib.append((c, j))
        contrib.sort(reverse=True)
        return [FEATURES[j][1] if x[j] > self.mean[j] else FEATURES[j][2] for _, j in contrib[:top]]

    def to_dict(self) -> dict:
        return {**self.info, "format": FORMAT, "names": list(NAMES), "mean": self.mean,
                "sd": self.sd, "weights": self.weights, "bias": self.bias,
                "threshold": self.threshold}


DEFAULT = "boilerplate_linemodel.json"


@lru_cache(maxsize=4)
def load(path: str = "") -> LineModel:
    """The model at ``path``, or the one shipped with textclean when ``path`` is empty.

    >>> load().threshold > 0.5
    True
    """
    if path:
        with open(path, encoding="utf-8") as f:
            return LineModel(json.load(f))
    res = importlib.resources.files("textclean") / "data" / DEFAULT
    return LineModel(json.loads(res.read_text(encoding="utf-8")))


def model_reasons(lines: list[Line], lm: LineModel, opts: Mapping, span: tuple[int, int] | None) -> list[str]:
    """The learned line model's verdict on ``lines`` (the lines the rules keep, with the
    article body ``span`` among them that the cleaner found; None: none): a reason
    naming the probability and the top contributing features for each line whose probability
    of being boilerplate reaches the threshold (``line_threshold``, or the model's own), ""
    for the others.

    >>> from textclean.cleaners.boilerplate.evidence import document_lines
    >>> lines, _ = document_lines("The mayor said on Friday that the bridge will reopen in May, after repairs.\\n")
    >>> model_reasons(lines, load(), {}, (0, 0))
    ['']
    """
    threshold = float(opts.get("line_threshold") or 0.0) or lm.threshold
    out = [""] * len(lines)
    # (the logit is compared, not the probability: no exp per line)
    cut = math.log(threshold / (1.0 - threshold)) if threshold < 1.0 else math.inf
    for i, x in enumerate(vectors(lines, span)):
        if lm.score(x) >= cut:
            out[i] = f"line model: p={lm.prob(x):.2f} ({', '.join(lm.explain(x))})"
    return out
