"""Helpers for testing cleaners and plugins with pytest (a pytest plugin, loaded automatically
when textclean is installed).

Fixtures:

* ``textclean_pipeline``: a factory, ``textclean_pipeline(only=["mycleaner"], options=...)``,
  returning a :class:`textclean.Pipeline` with installed plugins loaded, as users get it.

Helpers:

* :func:`assert_edits`: clean a text and check its output and the reasons of its edits.
* :func:`assert_idempotent`: cleaning the output again changes nothing.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable

import pytest

from textclean.core.pipeline import Explained, Pipeline


def assert_edits(pipeline: Pipeline, text: str, expected_text: str | None = None,
                 reasons: Iterable[str] | None = None) -> Explained:
    """Clean ``text``; check the output (if given) and that each expected reason appears, as a
    substring, in the edits' reasons, in order. Returns ``(text, edits)``.

    >>> p = Pipeline({"only": ["whitespace"], "autoload": False})
    >>> out, edits = assert_edits(p, "a  b  ", "a b", ["repeated spaces", "trailing whitespace"])
    """
    out, edits = pipeline.explain(text)
    if expected_text is not None:
        assert out == expected_text, f"cleaned text differs:\n  got:      {out!r}\n  expected: {expected_text!r}"
    if reasons is not None:
        got = [e.reason for e in edits]
        pos = 0
        for want in reasons:
            while pos < len(got) and want not in got[pos]:
                pos += 1
            assert pos < len(got), f"no edit with reason {want!r} (in order) among {got}"
            pos += 1
    return Explained(out, edits)


def assert_idempotent(pipeline: Pipeline, text: str) -> str:
    """Clean ``text`` twice; the second pass must change nothing. Returns the output.

    >>> assert_idempotent(Pipeline({"only": ["whitespace"], "autoload": False}), "x  y")
    'x y'
    """
    once = pipeline.clean(text)
    twice = pipeline.clean(once)
    assert twice == once, f"not idempotent: {once!r} -> {twice!r}"
    return once


@pytest.fixture
def textclean_pipeline() -> Callable[..., Pipeline]:
    """A factory for pipelines built the way users build them (installed plugins loaded)."""

    def make(**config: Any) -> Pipeline:
        return Pipeline(config)

    return make
