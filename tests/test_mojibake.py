"""The ``mojibake`` cleaner: the data-driven cases in tests/data/mojibake, ftfy's own cases
(from ../shared/data, skipped when absent), equivalence with ftfy on the lines it examines,
soundness of the prefilter, idempotence, provenance and options."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import ftfy
import pytest
from ftfy.badness import MOJIBAKE_CATEGORIES, is_bad
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import textclean
from textclean import ConfigError, Context
from textclean.cleaners import mojibake as mj
from textclean.pipeline import apply_fixes

HERE = Path(__file__).resolve().parent
CASES = json.loads((HERE / "data" / "mojibake" / "cases.json").read_text(encoding="utf-8"))
SHARED = Path(__file__).resolve().parents[2] / "shared"
# The seeds bundled with the repo, so these tests run from any clone.
SEEDS = sorted((Path(__file__).resolve().parents[1] / "seeds" / "inputs").glob("*.txt"))
BOTH = ["markup", "mojibake"]


def atoms(edits) -> set[str]:
    return {a for e in edits for a in e.reason.split("; ")}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["reason"][:40] + " " + c["original"][:20])
def test_case(case):
    only = case.get("cleaners", ["mojibake"])
    out, edits = textclean.clean_and_explain(case["original"], only=only)
    assert out == case["cleaned"]
    if case["cleaned"] == case["original"]:
        assert case["reason"].startswith("unchanged:")
        assert edits == []
    else:
        assert atoms(edits) == set(case["reason"].split(" | "))
    assert textclean.replay(case["original"], edits) == out
    for cleaners in (only, BOTH):
        once = textclean.clean(case["original"], only=cleaners)
        assert textclean.clean(once, only=cleaners) == once


def test_cases_cover_what_the_issue_lists():
    text = " ".join(c["original"] for c in CASES)
    for needle in ["¬†", "Log\u00a0Out\u00a0/\u00a0 Change\u00a0)", "â€™", "&amp;", "\u200b",
                   "\ufeff", "\x85", "Αθήνα", "Москва", "القاهرة", "北京"]:
        assert needle in text, needle


# --- ftfy's own cases ---------------------------------------------------------------------

QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})


def _norm(s: str) -> str:
    return " ".join(unicodedata.normalize("NFC", s).translate(QUOTES).split())


def ftfy_cases():
    base = SHARED / "data" / "mojibake"
    if not base.exists():
        pytest.skip(f"ftfy's test cases not found at {base} (../shared/data beside the repo)")
    cases = []
    for path in sorted(base.glob("ftfy-*.json")):
        cases += [c for c in json.loads(path.read_text(encoding="utf-8")) if c.get("expect", "pass") == "pass"]
    return cases


def test_every_ftfy_case_ftfy_passes_passes_here():
    failed = []
    for c in ftfy_cases():
        want = {_norm(c["fixed"]), _norm(c.get("fixed-encoding", c["fixed"]))}
        if _norm(ftfy.fix_text(c["original"])) not in want:
            continue  # ftfy itself fails it: no target
        got = textclean.clean(c["original"], only=["mojibake"])
        if _norm(got) not in want:
            failed.append((c["label"], c["original"], got))
    assert not failed


def test_ftfy_negative_cases_are_left_alone():
    """Negative cases come out unchanged, except for the documented non-breaking space ->
    space, and ftfy's own removal of a control character that its 'fixed' text shows."""
    for c in ftfy_cases():
        if "egative" not in c["label"]:
            continue
        got = textclean.clean(c["original"], only=["mojibake"])
        allowed = {c["original"].replace("\xa0", " "), c["fixed"].replace("\xa0", " "),
                   c.get("fixed-encoding", c["original"]).replace("\xa0", " ")}
        assert got in allowed, c["label"]


# --- equivalence with ftfy and the prefilter ----------------------------------------------

MOJI_ALPHABET = "".join(MOJIBAKE_CATEGORIES.values()).replace("-", "") + (
    "abcxyzAZ ÃÂâ€œ¬†‚Ä√ВГРСΒΓΞΟβвЂāØÙ×²à.,?!'\"\xa0\x85\x92\x1a\ufb01e\u0301\u00e9"
)
text_strategy = st.lists(
    st.one_of(st.sampled_from(MOJI_ALPHABET), st.sampled_from(["Ã©", "â€™", "¬†", "‚Äô", "\n", " the "])),
    max_size=60,
).map("".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text_strategy)
def test_same_as_ftfy_on_every_line(text):
    """With this project's additions turned off, the cleaner is ftfy.fix_text line by line
    (with the cleaner's ftfy config, each line without its line break): the prefilter never
    skips a line ftfy would change."""
    opts = dict(mj.OPTIONS, fix_fragments=False, nbsp_to_space=False, remove_zero_width=False,
                remove_soft_hyphens=False, unescape_html="never")
    engine = mj.Engine(opts)
    # Lines are fixed without their "\n" (ftfy's own segments keep it, and its
    # utf-8-variants decoder can then swallow it: "Ã©À\n" -> "é").
    want = "\n".join(ftfy.fix_text(line, engine.config) for line in text.split("\n"))
    assert engine.clean(text) == want


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=MOJI_ALPHABET, max_size=150))
def test_looks_bad_is_is_bad_and_triggers_cover_it(text):
    assert mj.looks_bad(text) == is_bad(text)
    if is_bad(text):
        assert mj._BAD_TRIGGER_RE.search(text)


def test_triggers_are_derived_and_spare_common_punctuation():
    trig = mj.badness_triggers()
    assert {"Ã", "Â", "¬", "√", "\x80"} <= set(trig) or "\x80" in mj._CONTROL
    assert not set(trig) & set("’“—–…")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text_strategy)
def test_idempotent_on_random_mojibake(text):
    once = textclean.clean(text, only=BOTH)
    assert textclean.clean(once, only=BOTH) == once


# --- the seeds ----------------------------------------------------------------------------

@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_seeds(path):
    text = path.read_text(encoding="utf-8")
    out, edits = textclean.clean_and_explain(text, only=BOTH)
    assert textclean.clean(out, only=BOTH) == out
    assert textclean.replay(text, edits) == out
    assert "\xa0" not in out and "¬†" not in out
    for e in edits:  # span-precise: no edit rewrites more than the broken characters
        assert len(e.before) <= 3, e
    if "¬†" in text:
        assert any(e.before == "¬†" and "utf-8 read as macroman" in e.reason for e in edits)


# --- provenance and options ---------------------------------------------------------------

def test_edits_are_per_span():
    text = "RÃ©sumÃ© of the cafÃ© â€” fine"
    out, edits = textclean.clean_and_explain(text, only=["mojibake"])
    assert out == "Résumé of the café — fine"
    assert [(e.before, e.after) for e in edits] == [("Ã©", "é"), ("Ã©", "é"), ("Ã©", "é"), ("â€”", "—")]
    assert all(text[e.start:e.end] == e.before for e in edits)


def test_long_line_without_newline_stays_linear():
    line = "It‚Äôs a ‚Äúsign‚Äù – “fine” " * 400
    out = textclean.clean(line, only=["mojibake"])
    assert out == "It’s a “sign” – “fine” " * 400


@pytest.mark.parametrize("options, text, want", [
    ({"uncurl_quotes": True}, "It’s “fine”", "It's \"fine\""),
    ({"nbsp_to_space": False}, "Log\u00a0Out", "Log\u00a0Out"),
    ({"normalization": ""}, "Cafe\u0301", "Cafe\u0301"),
    ({"unescape_html": "never"}, "Fish &amp; chips", "Fish &amp; chips"),
    ({"unescape_html": "always"}, "a < b &amp; c", "a < b & c"),
    ({"remove_zero_width": False}, "Face\u200bbook", "Face\u200bbook"),
    ({"remove_soft_hyphens": False}, "Ver\xadsicherung", "Ver\xadsicherung"),
    ({"fix_ligatures": False}, "ﬁnal", "ﬁnal"),
    ({"fix_encoding": False}, "cafÃ©", "cafÃ©"),
    ({"fix_fragments": False}, "Armenia’s ministry,¬†Azerbaijani – x", "Armenia’s ministry,¬†Azerbaijani – x"),
    ({"remove_control_chars": False}, "a\x00b", "a\x00b"),
])
def test_options(options, text, want):
    out = textclean.clean(text, only=["mojibake"], options={"mojibake": {**options, "nbsp_to_space": options.get("nbsp_to_space", False)}})
    assert out == want


def test_bad_option_values_are_errors():
    with pytest.raises(ConfigError):
        textclean.Pipeline({"only": ["mojibake"], "options": {"mojibake": {"nbsp_to_space": "yes"}}})
    with pytest.raises(ValueError):
        mj.Engine({"unescape_html": "sometimes"})
    with pytest.raises(ValueError):
        mj.Engine({"normalization": "NFX"})


def test_fix_without_setup_state():
    t = "cafÃ©"
    assert apply_fixes(t, mj.fix_mojibake(t, Context(options=mj.OPTIONS))) == "café"


@pytest.mark.parametrize("text", ["\u00c2\u00a0", "\u00a0\u00c2", "\u00c2\x85", "\u00c2\x0b", "\x12\u00c2", " \u00c2 "])
def test_a_lone_a_circumflex_is_removed_together_with_what_is_around_it(text):
    # "Â" alone on a line is an empty &nbsp; paragraph misdecoded; next to another character
    # that a repair removes, it was removed one pass late (cleaning was not idempotent).
    once = textclean.clean(text, only=["mojibake"])
    assert "\u00c2" not in once
    assert textclean.clean(once, only=["mojibake"]) == once
