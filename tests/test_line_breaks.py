"""The ``line_breaks`` cleaner: unwrapping, dehyphenation, paragraph separation, structure kept.

Fixtures in ``tests/data/line_breaks`` are written for this project (see its README); the seed
articles come from ``seeds/inputs``; the development data is read from ``../shared/data`` and
the test is skipped where it is absent (it is marked ``quality`` and ``slow``: see
``tests/conftest.py``).
"""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import textclean
from textclean import Context, Pipeline, Stage, apply_fixes, replay
from textclean.cleaners import line_breaks as lb

DATA = Path(__file__).resolve().parent / "data" / "line_breaks"
SEEDS = Path(__file__).resolve().parents[1] / "seeds" / "inputs"


@pytest.fixture(scope="module")
def pipe():
    return Pipeline({"only": ["line_breaks"], "autoload": False})


def run(text, **options):
    """Fixes of the cleaner alone, with the given options over the defaults."""
    opts = {**lb.OPTIONS, **options}
    ctx = Context(options=opts, state=lb.setup(Context(options=opts)))
    return lb.fix_line_breaks(text, ctx)


def clean(text, **options):
    return apply_fixes(text, run(text, **options))


def paragraphs(text):
    return [" ".join(p.split()) for p in re.split(r"\n[ \t]*\n", text) if p.strip()]


# --- registration -----------------------------------------------------------------------------

def test_registered_at_the_lines_stage(pipe):
    cleaner = pipe.available["line_breaks"]
    assert cleaner.stage == Stage.LINES
    assert cleaner.setup is not None
    assert set(cleaner.options) == set(lb.OPTIONS)


# --- seeds ------------------------------------------------------------------------------------

@pytest.mark.parametrize("seed", ["000", "001", "002", "003"])
def test_blank_line_seeds_are_not_touched(seed, pipe):
    text = next(SEEDS.glob(f"{seed}_*.txt")).read_text(encoding="utf-8")
    out, edits = pipe.explain(text)
    assert edits == [] and out == text


def test_seed_003_keeps_photo_credit_and_caption_apart(pipe):
    text = next(SEEDS.glob("003_*.txt")).read_text(encoding="utf-8")
    out = pipe.clean(text)
    assert "\nThe fighting broke out on Armenia" in out
    assert "2020 The fighting" not in out


def test_seed_004_single_newline_paragraphs_become_blank_line_separated(pipe):
    text = next(SEEDS.glob("004_*.txt")).read_text(encoding="utf-8")
    out, edits = pipe.explain(text)
    lines = [l for l in text.splitlines() if l.strip()]
    # Every line is its own paragraph, the headline included; nothing is merged.
    assert paragraphs(out) == [" ".join(l.split()) for l in lines]
    assert out.startswith("Armenia-Azerbaijan Fighting Flares Again After Deadly Exchanges\n\nTBILISI")
    assert {e.reason for e in edits} == {"paragraph break: single newline -> blank line"}
    assert all(e.before == "\n" and e.after == "\n\n" for e in edits)
    assert pipe.clean(out) == out


# --- unwrapping -------------------------------------------------------------------------------

def test_wrapped_article_with_blank_lines_is_restored():
    src = (DATA / "article.wrapped59.blank.txt").read_text()
    assert clean(src) == (DATA / "article.expected.txt").read_text()


def test_wrapped_article_with_single_newlines_is_restored():
    src = (DATA / "article.wrapped69.single.txt").read_text()
    assert clean(src) == (DATA / "article.expected.txt").read_text()


def test_structure_in_a_wrapped_memo_is_kept():
    src = (DATA / "memo.wrapped.txt").read_text()
    expected = (DATA / "memo.expected.txt").read_text()
    assert clean(src) == expected
    for kept in ("- strip and replace the slates on the north side\n- repair",
                 "1. Work starts on 3 March.\n2. The hall stays open.",
                 "Item            Cost\nSlates", "    total = sum(costs)\n    print(total)",
                 "The Secretary\nCommunity Hall Committee\n14 Mill Lane\nEastbury"):
        assert kept in expected
    assert "the committee, which is held" in expected  # commit-\ntee


def test_fixes_are_minimal_and_give_reasons(pipe):
    src = (DATA / "article.wrapped59.blank.txt").read_text()
    out, edits = pipe.explain(src)
    assert edits and replay(src, edits) == out
    for e in edits:
        assert e.before in ("\n", "-\n"), e
        assert e.after in (" ", "")
    reasons = {e.reason for e in edits}
    assert "unwrap: hard wrap at ~59 columns" in reasons
    assert "dehyphenate: af-ternoon -> afternoon (dictionary)" in reasons


def test_unwrapped_text_passes_through_unchanged():
    long_paragraphs = (
        "The committee met on Tuesday to discuss the failure of the pipeline that left more "
        "than four thousand households without water for most of the weekend.\n\n"
        "Engineers said the break was caused by ground movement near the old reservoir.\n\n"
        "A contractor will begin the permanent repair next week.\n"
    )
    assert run(long_paragraphs) == []
    assert run("One line only, no newline") == []
    assert run("") == []
    assert run("\n\n\n") == []


def test_no_blank_line_inside_a_sentence_broken_across_two_lines():
    # one paragraph a line, as scraped text has it, but one sentence broken in two: a blank
    # line there would cut the sentence (and a chunker would split it); a headline before a
    # paragraph that begins with a capital is still a paragraph of its own
    broken = ("The committee said on Tuesday that the new rules would come into force\n"
              "next year after a long consultation with the industry and the unions.\n")
    assert run(broken) == []
    headed = ("Rules announced\n"
              "The committee said on Tuesday that the new rules would come into force next year.\n"
              "A second paragraph follows here, long enough to stand as a paragraph on its own line.\n")
    assert [f.replacement for f in run(headed)] == ["\n\n", "\n\n"]


def test_short_list_and_address_are_not_joined():
    address = "Jane Smith\n14 Mill Lane\nEastbury\nEB1 2CD\n"
    shopping = "Bring:\n- bread\n- milk\n- eggs\n"
    verse = ("The kettle sings at six,\nthe street is grey and still,\n"
             "a bus goes by, half lit,\nand rain runs down the sill\n")
    for text in (address, shopping, verse):
        assert clean(text) == text


def test_records_one_a_line_are_neither_joined_nor_spaced_apart():
    # a log's lines are about as long as a wrap would make them; but two lines in a row that
    # open with a word of the same shape with a digit in it were not made by a wrapper
    log = ("2024-03-01 12:00:01 INFO Server started on port 8080 after a clean shutdown\n"
           "2024-03-01 12:00:05 WARN Connection to the database timed out after five seconds\n"
           "2024-03-01 12:00:09 ERROR Could not open /var/lib/data for writing: permission denied\n")
    times = "09:15 Doors open and coffee is served in the hall\n10:00 Welcome by the chair\n"
    for text in (log, times):
        assert clean(text) == text
    # a wrapped paragraph that happens to start a line with a number is still joined
    wrapped = textwrap.fill("The council met on Tuesday and agreed that the repairs to the hall will cost "
                            "2400 pounds, which the reserve fund will pay once the work is done.", 40)
    assert "\n" not in clean(wrapped + "\n").strip()


def test_a_list_inside_wrapped_text_is_not_joined():
    para = ("The council agreed on Tuesday that the repairs to the roof of the hall will start "
            "next month and that the work will be paid for from the reserve fund, as follows:")
    items = "- the slates on the north side\n- the lead flashing around the chimney\n- the gutters"
    src = textwrap.fill(para, 50) + "\n" + items + "\n"
    assert clean(src) == " ".join(para.split()) + "\n" + items + "\n"


def test_over_long_token_on_its_own_line_is_joined():
    # A greedy wrapper puts a token longer than the width on a line of its own.
    url = "https://example.org/reports/" + "a" * 80
    para = ("The council published the full report on its web site at " + url + " where it "
            "can be read for the next three months, the spokeswoman for the council said on "
            "Tuesday afternoon after the meeting of the committee had ended.")
    src = textwrap.fill(para, 60, break_long_words=False) + "\n"
    assert url in src.splitlines()
    assert clean(src) == para + "\n"


def test_a_dash_at_the_end_of_a_line_keeps_its_space():
    src = ("MANILA, Nov. 24 (Xinhua) -- Philippine President Gloria Macapagal Arroyo has\n"
           "ordered the evacuation of residents in the northern provinces of Aurora --\n"
           "and Quezon as the typhoon is expected to arrive at the area by Monday night.\n")
    assert "Aurora -- and Quezon" in clean(src)


# --- dehyphenation ----------------------------------------------------------------------------

def wrapped_with(word_break: str, filler_words: int = 12) -> str:
    """A paragraph of three or more wrapped lines whose first line ends with ``word_break``
    (``"exam-\\nple"``); the width is that first line's length, at least 60."""
    first, second = word_break.split("\n")
    line1 = "The talks in the capital on Monday were described as a " + first
    body = second + " " + " ".join(["result"] * filler_words)
    rest = textwrap.fill(body, max(len(line1), 60)).split("\n")
    return "\n".join([line1, *rest]) + ".\n"


@pytest.mark.parametrize("broken, joined, evidence", [
    ("exam-\nple", "example", "dictionary"),
    ("well-\nknown", "well-known", "compound"),
    ("self-\ndriving", "self-driving", "compound"),
    ("Nagorno-\nKarabakh", "Nagorno-Karabakh", "capital after hyphen"),
    ("pre-\npositioned", "pre-positioned", "prefix"),
    ("Mitz-\nvahn", "Mitzvahn", "syllable"),
    # Compound-forming first elements keep the hyphen where the joined word is rare ...
    ("anti-\ngovernment", "anti-government", "prefix"),
    ("long-\nstanding", "long-standing", "prefix"),
    # ... but not where it is the usual word, and syllable breaks of words still join.
    ("anti-\nbiotics", "antibiotics", "dictionary"),
    ("govern-\nment", "government", "dictionary"),
    ("some-\nthing", "something", "dictionary"),
    # A participle after a hyphen makes a compound even after a name the lexicon lacks.
    ("Dhabi-\nbased", "Dhabi-based", "compound"),
])
def test_dehyphenation_evidence(broken, joined, evidence):
    src = wrapped_with(broken)
    fixes = run(src)
    out = apply_fixes(src, fixes)
    assert f" {joined} " in out
    assert any(f.reason.endswith(f"({evidence})") for f in fixes), [f.reason for f in fixes]


def test_document_evidence_beats_the_dictionary():
    # "co-operate" is spelt hyphenated elsewhere in the document, so it stays hyphenated even
    # though "cooperate" is a dictionary word; and "Chanda" spelt joined elsewhere joins.
    src = wrapped_with("co-\noperate") + "\nThey agreed to co-operate fully.\n"
    assert "co-operate result" in clean(src)
    src = wrapped_with("Chan-\nda") + "\nChanda said so.\n"
    assert " Chanda result" in clean(src)
    src = wrapped_with("Di-\nCaprio") + "\nDiCaprio said so.\n"
    assert " DiCaprio result" in clean(src)


def test_a_name_split_at_a_syllable_joins_on_document_evidence_only():
    # Without evidence a name that looks like two words keeps its hyphen (as Ki-moon would).
    assert " Huddle-stone " in clean(wrapped_with("Huddle-\nstone"))
    src = wrapped_with("Huddle-\nstone") + "\nHuddlestone was sent off.\n"
    assert " Huddlestone " in clean(src)


def test_known_words_from_plugins_and_options_are_evidence():
    src = wrapped_with("deesca-\nlate")
    assert " deesca-late " in clean(src)  # "late" is a word, "deesca" is not: a prefix
    opts = {**lb.OPTIONS}
    ctx = Context(options=opts, rules={"known_words": ["deescalate"]},
                  state=lb.setup(Context(options=opts, rules={"known_words": ["deescalate"]})))
    assert " deescalate " in apply_fixes(src, lb.fix_line_breaks(src, ctx))
    assert " deescalate " in clean(src, known_words=["Deescalate"])


def test_digits_after_a_hyphen_join_without_space():
    assert " COVID-19 " in clean(wrapped_with("COVID-\n19"))


# --- paragraph separation and split sentences -------------------------------------------------

SINGLE_NEWLINE_NEWS = [
    "The council met on Tuesday to discuss the failure of the water main that left more "
    "than four thousand households without water for most of the weekend.",
    "Engineers said the break was caused by ground movement near the old reservoir, and "
    "that a permanent repair would take at least three more weeks to finish. Residents "
    "have been told to boil their water until then.",
    "\"We are doing everything we can to restore a normal supply as fast as possible. The "
    "crews have worked through the night,\" the director of the water company said.",
    "A public meeting will be held at the town hall on Thursday evening.",
]


@pytest.mark.parametrize("width", [55, 61, 66, 72, 79, 84])
def test_single_newline_paragraphs_are_cut_by_likely_paragraph_length(width):
    src = "\n".join(textwrap.fill(p, width) for p in SINGLE_NEWLINE_NEWS) + "\n"
    out = clean(src)
    assert paragraphs(out) == SINGLE_NEWLINE_NEWS
    assert clean(out) == out


QUOTATION = ('"The crews have worked through the night and will go on working until the supply '
             'is back in every street of the town, and we will keep the bottled water coming to '
             'every household. We are doing everything we can to restore a normal supply as fast '
             'as possible, but it is not easy when the ground keeps moving under the old '
             'reservoir," the director said.')


@pytest.mark.parametrize("width", [61, 62])
def test_no_paragraph_break_inside_an_open_quotation(width):
    # At these widths "... to every household." ends a full line before "We": by paragraph
    # length alone the run would be cut there, but the quotation is still open.
    paras = [SINGLE_NEWLINE_NEWS[0], QUOTATION, SINGLE_NEWLINE_NEWS[1]]
    src = "\n".join(textwrap.fill(p, width) for p in paras) + "\n"
    assert any(line.endswith("household.") for line in src.splitlines())
    assert paragraphs(clean(src)) == paras
    quote = ('"The crews have worked through the night and will go on working until the '
             'supply is back. We are doing everything we can. It is not easy," the director '
             'of the water company said on Wednesday.')
    src = textwrap.fill(quote, 60) + "\n" + textwrap.fill(SINGLE_NEWLINE_NEWS[0], 60) + "\n"
    assert paragraphs(clean(src)) == [quote, SINGLE_NEWLINE_NEWS[0]]


def test_sentence_split_across_a_blank_line_is_rejoined():
    src = ("With revenue increasing in every area and more to come this year once the new\n"
           "television deal starts to take effect, the club are in a far better position\n"
           "financially and in far healthier shape than\n\n"
           "anyone could have predicted before the takeover.\n")
    fixes = run(src)
    assert apply_fixes(src, fixes).count("than anyone could") == 1
    assert any(f.reason == "rejoin: sentence split across a paragraph break after 'than'" for f in fixes)
    # Not after a short heading-like line, and not before a capital.
    assert run("Notes on the\n\nfirst meeting of the new committee.\n") == []
    src = ("The club said the figures were far better than they had been for a number of\n"
           "years and that the\n\nAnd the rest followed.\n")
    assert "the\n\nAnd" in clean(src)


def test_options_turn_parts_off():
    src = (DATA / "article.wrapped69.single.txt").read_text()
    assert run(src, unwrap=False, paragraph_breaks=False) == []
    fixes = run(src, unwrap=False, rejoin_split_sentences=False)
    assert fixes and all(f.replacement == "\n\n" for f in fixes)
    out = clean((DATA / "article.wrapped59.blank.txt").read_text(), dehyphenate=False)
    assert "af-ternoon" in out


# --- properties -------------------------------------------------------------------------------

WORDS = st.sampled_from(
    "the council said water pipe break town repair week engineers residents supply month "
    "meeting report contractor schedule refund bottled evening weekend households committee "
    "a of and to in on for with was were had".split())


@st.composite
def documents(draw):
    paras = []
    for _ in range(draw(st.integers(2, 6))):
        words = draw(st.lists(WORDS, min_size=25, max_size=70))
        paras.append(" ".join(words).capitalize() + ".")
    width = draw(st.integers(55, 85))
    sep = draw(st.sampled_from(["\n\n", "\n"]))
    return paras, width, sep


@settings(max_examples=60, deadline=None)
@given(documents())
def test_blank_line_wrapped_text_is_restored_and_cleaning_is_idempotent(doc):
    paras, width, sep = doc
    src = "\n\n".join(textwrap.fill(p, width) for p in paras) + "\n"
    out = clean(src)
    assert paragraphs(out) == paras
    assert clean(out) == out


@settings(max_examples=60, deadline=None)
@given(documents())
def test_any_wrapped_text_cleans_idempotently_without_losing_words(doc):
    paras, width, sep = doc
    src = sep.join(textwrap.fill(p, width) for p in paras) + "\n"
    out = clean(src)
    assert out.split() == src.split()
    assert clean(out) == out


BLANKISH = st.sampled_from(["\xa0", "\u2003", "\xa0 \xa0", " \u3000", "\u200b", ""])


@settings(max_examples=60, deadline=None)
@given(documents(), st.lists(st.tuples(st.integers(0, 10_000), BLANKISH), max_size=6))
def test_lines_of_unicode_blanks_are_harmless(doc, inserts):
    # Scraped pages are full of lines holding a lone no-break space; they have text but no
    # words, and once crashed the rejoin check.
    paras, width, sep = doc
    lines = sep.join(textwrap.fill(p, width) for p in paras).split("\n")
    for at, blank in inserts:
        lines.insert(at % (len(lines) + 1), blank)
    src = "\n".join(lines) + "\n"
    out = clean(src)
    assert out.split() == src.split()
    assert clean(out) == out


def test_a_blank_with_a_no_break_space_after_a_long_paragraph():
    long = ("This paragraph is long enough to count as a real paragraph of running text, "
            "and it ends with the")
    for src in (long + "\n\n\xa0\n\nnext words.\n", long + "\n\n\xa0 \xa0\n\nnext words.\n"):
        assert clean(src).split() == src.split()


def test_a_column_of_menu_items_is_not_taken_for_wrapped_text():
    # two lone joins at "width 30" were enough evidence; and after them the text looked
    # wrapped at 35, so a second pass joined more
    menu = "Home\nWorld\nBusiness/Economy Features\nSport\nHealth\nScience/Technology Features\nWeather\n"
    assert run(menu) == []
    cut = "Science/Technology Featu\nTreaty\nideo\neather/Environment Feature\nYachting\nzimba"
    assert run(cut) == []


def test_long_inputs_stay_linear():
    # No catastrophic patterns: a huge line without terminators, many hyphens, many lines.
    assert run("word " * 200_000) == []
    assert run("-" * 100_000 + "\n" + "a-\n" * 20_000) is not None
    text = textwrap.fill("the council said the water supply " * 20_000, 72)
    assert len(run(text)) == text.count("\n")


# --- development data -------------------------------------------------------------------------

def test_development_data_restoration_rate(pipe, shared_data):
    with shared_data("linebreaks", "wrapped-l3s-dev.jsonl").open(encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    exact = sum(paragraphs(pipe.clean(r["input"])) == paragraphs(r["gold"]) for r in rows)
    assert exact / len(rows) >= 0.94  # measured 0.952; see docs/cleaners/line_breaks.md


def _range_edges(ranges: str) -> list[str]:
    """The characters at and around the edges of the ranges of a regex class body."""
    out = []
    for m in re.finditer(r"(.)-(.)", ranges):
        for c in (ord(m.group(1)), ord(m.group(2))):
            out += [chr(c - 1), chr(c), chr(c + 1)]
    return out


def test_the_core_and_the_measures_agree_on_the_scripts():
    """The native layout tells which line ends are CJK or another script without spaces
    (``scripts``); the CJK measures in Python use their own character class. Both must
    draw the same lines, at every edge of every range."""
    from textclean import _native

    for ch in _range_edges(lb._CJK) + _range_edges(lb._SEA):
        text = "aaaa" + ch + "\nbbbb"
        cjk = lb._CJK_CHAR.match(ch) is not None
        nospace = cjk or lb._SEA_CHAR.match(ch) is not None
        assert _native.WrapLayout(text).scripts == (nospace, cjk), hex(ord(ch))


def test_no_paragraph_break_after_a_broken_word():
    """A single-newline text too irregular for a wrap width still has its words broken at
    line ends: no blank line goes between the halves of a word, in any language."""
    text = ("The council said on Monday that the talks were a good exam-\nple of how the new rules for the self-\n"
            "driving car industry should work, officials said after a long meeting in the capital.\n\n"
            "Der Rat sagte am Montag, dass die Gespr\u00e4che ein gutes Bei-\nspiel daf\u00fcr seien, wie die neuen "
            "Regeln f\u00fcr die Industrie funktionieren sollten, und dass die Firmen sie befolgen w\u00fcrden.\n")
    out = textclean.clean(text, only=["line_breaks"])
    assert "-\n\n" not in out


def test_verse_keeps_its_lines():
    """A poem's lines of even length look hard-wrapped, and in a document of single newlines
    each would become a paragraph; lines that start with a capital on a common word ("He",
    "To", "Je") are verse, and are left as they are. Wrapped prose whose lines start with
    names is still unwrapped."""
    poem = ("Stopping by Woods on a Snowy Evening\n\n"
            "Whose woods these are I think I know.\nHis house is in the village though;\n"
            "He will not see me stopping here\nTo watch his woods fill up with snow.\n\n"
            "My little horse must think it queer\nTo stop without a farmhouse near\n"
            "Between the woods and frozen lake\nThe darkest evening of the year.\n")
    assert textclean.clean(poem) == poem
    french = ("Demain, dès l'aube, à l'heure où blanchit la campagne,\n"
              "Je partirai. Vois-tu, je sais que tu m'attends.\n"
              "J'irai par la forêt, j'irai par la montagne.\n"
              "Je ne puis demeurer loin de toi plus longtemps.\n")
    assert textclean.clean(french) == french
    news = ("World Champion Viswanathan Anand played out a quick draw with Armenia's Levon\n"
            "Aronian in the A Group, while Parimarjan Negi defeated Ukraine's Anna\n"
            "Ushenina in the C group of the Corus International Chess tournament in\n"
            "Netherlands. The tournament runs until the end of the month in Wijk aan Zee.\n")
    assert textclean.clean(news) == " ".join(news.split()) + "\n"
