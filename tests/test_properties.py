"""Properties that hold for any text: cleaning never raises, always returns valid text, is
idempotent, and its explanation replays to its output."""


from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from textclean import Pipeline, replay
from textclean.core.fixes import check_fixes

PIPELINE = Pipeline({"autoload": False})
# A second, separate pipeline checks idempotence: a cleaner may remember its own outputs to
# skip work on them, and that memory must not be what makes the property hold.
CHECKER = Pipeline({"autoload": False})
BOILERPLATE_ONLY = Pipeline({"autoload": False, "only": ["boilerplate"]})

# Text that looks like scraped documents: words, punctuation, line structure, and the
# characters cleaners react to (mojibake tells, NBSP, zero-width, entities, hyphens).
_atoms = st.sampled_from([
    "the", "Minister", "Miister", "Armenia", "said", "peace", "talks", "Leave a Reply", "Related Posts",
    "Your email address will not be published.", "exam-", "ple", "well-", "known", "Â", "â€™", "¬†",
    "\u00a0", "\u200b", "&amp;", "<br>", ".", ",", "!", "?", "\u201c", "\u201d", "–", "1,960", "2020",
    "Ελληνικά", "Русский", "العربية", "中文", "👍🏽",
])
_seps = st.sampled_from([" ", " ", " ", "\n", "\n\n", "  ", "\t", "\r\n"])
documents = st.lists(st.tuples(_atoms, _seps), max_size=60).map(lambda xs: "".join(a + b for a, b in xs))
anything = st.text(max_size=300)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(documents, anything))
def test_default_pipeline_never_raises_is_idempotent_and_replays(text):
    out, edits = PIPELINE.explain(text)
    assert isinstance(out, str)
    out.encode("utf-8")  # valid Unicode: no lone surrogates introduced
    assert CHECKER.clean(out) == out, "not idempotent"
    assert replay(text, edits) == out
    assert PIPELINE.clean(text) == out


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_boilerplate_only_keeps_a_subsequence_of_lines(text):
    out = BOILERPLATE_ONLY.clean(text)
    lines = iter(text.splitlines())
    for line in out.splitlines():
        assert any(line == candidate for candidate in lines), f"line not from the input: {line!r}"


SEED_TEXTS = [p.read_text(encoding="utf-8") for p in
              sorted((__import__("pathlib").Path(__file__).resolve().parents[1] / "seeds" / "inputs").glob("*.txt"))]


@st.composite
def mutated_seeds(draw):
    """A seed article with random cuts, insertions and swapped spans: real text, damaged."""
    text = draw(st.sampled_from(SEED_TEXTS))
    for _ in range(draw(st.integers(1, 6))):
        i = draw(st.integers(0, len(text)))
        j = draw(st.integers(i, min(len(text), i + 300)))
        op = draw(st.sampled_from(["cut", "insert", "dup"]))
        if op == "cut":
            text = text[:i] + text[j:]
        elif op == "insert":
            text = text[:i] + draw(st.one_of(_atoms, st.text(max_size=20))) + text[i:]
        else:
            text = text[:i] + text[i:j] + text[i:]
    return text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated_seeds())
def test_properties_hold_on_mutated_seeds(text):
    out, edits = PIPELINE.explain(text)
    out.encode("utf-8")
    assert CHECKER.clean(out) == out, "not idempotent"
    assert replay(text, edits) == out
    kept = BOILERPLATE_ONLY.clean(text).splitlines()
    lines = iter(text.splitlines())
    assert all(any(line == c for c in lines) for line in kept)


# The cleaners that declare themselves idempotent, alone: the host trusts the declaration
# and does not rerun them on their own output, so it must hold for every text.
TRUSTED = [c for c in PIPELINE.cleaners if c.idempotent]


def test_the_trusted_cleaners_are_the_expected_ones():
    assert {c.name for c in TRUSTED} >= {"markup", "mojibake", "whitespace"}
    # a fix can enable another: they are rerun on text they changed
    assert not {"typos", "line_breaks"} & {c.name for c in TRUSTED}


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
# (a one-word last line after a join: the rejoin across the blank line is decided on the
# paragraph as unwrapped, the same on the output)
@example("the\nYour email address will not be published. the\nthe\n\nthe ")
def test_line_breaks_alone_is_idempotent_on_scraped_text_like_documents(text):
    # not promised to the host (contrived texts remain, see its docstring), but the rule
    alone = Pipeline({"autoload": False, "only": ["line_breaks"], "max_passes": 1})
    out = alone.clean(text)
    assert alone.clean(out) == out


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(documents, anything), st.sampled_from(TRUSTED))
def test_trusted_cleaners_never_change_their_own_output(text, cleaner):
    alone = Pipeline({"autoload": False, "only": [cleaner.name], "max_passes": 1})
    out = alone.clean(text)
    assert alone.clean(out) == out, f"{cleaner.name} changed its own output"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(documents, anything), st.sampled_from(["", "en", "de"]))
def test_builtin_cleaners_return_fixes_that_pass_the_full_check(text, language):
    # The host checks a built-in cleaner's fixes for order and range only (core/fixes.py,
    # changes(trusted=True)); the rest of what check_fixes asks of a plugin must hold too.
    from dataclasses import replace

    from textclean.core.fixes import Checked

    for cleaner, ctx in PIPELINE.steps:
        fixes = cleaner.fix(text, replace(ctx, language=language))
        check_fixes(cleaner, text, fixes)
        if type(fixes) is Checked:
            # (taken as they are by the host: each one must change the text)
            assert all(f.replacement != text[f.start:f.end] for f in fixes), cleaner.name
