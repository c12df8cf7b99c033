"""The cleaners' fast paths must never change a result: wherever one says "nothing to do",
the full routine, run with the fast path switched off, must find nothing either.

The texts are drawn from the characters the routines care about (line ends, blanks, tabs,
CRs, angle brackets, ampersands, the words after which a sentence cannot end), so that
hypothesis reaches the corners where a substring test and a line-by-line routine could
disagree.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from textclean.cleaners import line_breaks, markup, whitespace
from textclean.core.records import Context

pieces = st.sampled_from(
    ["\n", "\n", "\n\n", " ", "  ", "\t", "\r", "\r\n", "\u00a0", "\x0b", "a", "Word", "word.",
     "the", "THE", "of", "and", "x" * 45, "<", ">", "</p>", "<br>", "<!--", "-->", "&", "&amp;",
     "&#8217;", "&nbsp", "\u017fpan", "\u212a", "-", "\u2022 ", "1. ", "|", ":"]
)
texts = st.lists(pieces, max_size=40).map("".join)
SETTINGS = dict(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@settings(**SETTINGS)
@given(texts, st.integers(0, 3), st.booleans(), st.booleans())
def test_whitespace_fast_path_agrees(text, max_blank, collapse, final_newline):
    if whitespace.already_clean(text, max_blank, collapse, final_newline):
        options = {"max_blank_lines": max_blank, "collapse_spaces": collapse,
                   "final_newline": final_newline}
        assert whitespace.fix_whitespace(text, Context(options=options), fast_path=False) == []


@settings(**SETTINGS)
@given(texts)
def test_line_breaks_fast_path_agrees(text):
    if line_breaks.nothing_to_do(text):
        ctx = Context(options=line_breaks.OPTIONS, state=STATE)
        assert line_breaks.fix_line_breaks(text, ctx, fast_path=False) == []


@settings(**SETTINGS)
@given(texts)
def test_markup_prefilter_agrees(text):
    if not markup.MARKUP_START_RE.search(text):
        assert markup.MARKUP_RE.search(text) is None


@settings(**SETTINGS)
@given(texts)
def test_markup_search_by_its_starts_agrees(text):
    # next_markup tries the big pattern only where the prefilter finds a start
    for pos in range(len(text) + 1):
        fast, slow = markup.next_markup(text, pos), markup.MARKUP_RE.search(text, pos)
        assert (fast and fast.span()) == (slow and slow.span())


@pytest.mark.parametrize("text", [
    "One paragraph.\n\nAnother one.\n",
    "Title\n\nA first paragraph, with a comma.\n\nAnd a second one.\n",
])
def test_fast_paths_taken_on_clean_text(text):
    """The fast paths are actually taken on the shape of text they are for."""
    assert line_breaks.nothing_to_do(text)
    assert whitespace.already_clean(text, 1, True, True)
    assert not markup.MARKUP_START_RE.search(text)


STATE = line_breaks.setup(Context(options=line_breaks.OPTIONS))
