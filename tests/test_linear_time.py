"""No catastrophic patterns: every built-in cleaner's time grows linearly on adversarial input.

Each worst case is cleaned at size n and 4n; the time may grow by at most ~2.5x the linear
factor (generous, as the machine is noisy), and the large case must finish well inside a
second-scale budget. A quadratic cleaner (16x) or an exponential regex fails.
"""

import time

import pytest

from textclean import Pipeline

BUILTINS = ["markup", "mojibake", "line_breaks", "boilerplate", "typos", "whitespace"]

WORST_CASES = {
    "same char": lambda n: "a" * n,
    "spaces": lambda n: " " * n,
    "hyphens": lambda n: "-" * n,
    "dots": lambda n: "." * n,
    "short lines": lambda n: "a\n" * (n // 2),
    "blank lines": lambda n: "\n" * n,
    "hyphenated line ends": lambda n: "exam-\nple " * (n // 11),
    "long line of words": lambda n: "word " * (n // 5),
    "angle brackets": lambda n: "<" * n,
    "unclosed tags": lambda n: "<a href=" * (n // 8),
    "entities": lambda n: "&#" * (n // 2),
    "url": lambda n: "https://example.org/" + "a/" * (n // 2),
    "mojibake tells": lambda n: "Ã©" * (n // 2),
    "capitals": lambda n: "A " * (n // 2),
    "template-like": lambda n: "You are commenting using your " * (n // 30),
    "quotes": lambda n: "\u201c" * n,
    "zero-width run": lambda n: "a" + "\u200b" * n + "b",
    "joiner run": lambda n: "a" + "\u200d" * n + "b",
}

N = 20_000


def timed(pipeline, text):
    t0 = time.perf_counter()
    pipeline.clean(text)
    return time.perf_counter() - t0


@pytest.mark.parametrize("cleaner", BUILTINS)
def test_linear_on_worst_cases(cleaner):
    pipeline = Pipeline({"only": [cleaner], "autoload": False, "max_passes": 1})
    slow = []
    for name, make in WORST_CASES.items():
        small, large = make(N), make(4 * N)
        timed(pipeline, small)  # warm caches
        t_small = min(timed(pipeline, small) for _ in range(3))
        t_large = timed(pipeline, large)
        if t_large > 0.5:  # a second look before blaming the cleaner for a noisy machine
            t_large = min(t_large, timed(pipeline, large))
            t_small = min(t_small, timed(pipeline, small))
        # 4x the input may take at most 10x the time, once times are large enough to measure
        # (a quadratic cleaner takes 16x, a catastrophic regex far more)
        if t_large > 0.5 and t_large > 10 * max(t_small, 0.02):
            slow.append(f"{name}: {t_small:.3f}s -> {t_large:.3f}s")
        if t_large > 20:
            slow.append(f"{name}: {t_large:.1f}s for {len(large)} characters")
    assert not slow, f"{cleaner} is not linear on: " + "; ".join(slow)
