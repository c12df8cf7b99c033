"""Tests of the ``boilerplate`` cleaner: templates, structure, corpus model, HTML input.

The seeds are the copies bundled in ``seeds/inputs``, so their tests run from any clone; the
development data (``../shared/data``) is read in place and the tests that need it skip when it
is absent; nothing from it is copied.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as hst

import textclean
from textclean import Context, Fix, Pipeline
from textclean.cleaners.boilerplate import OPTIONS, fix_boilerplate, setup
from textclean.cleaners.boilerplate.corpus import CorpusModel
from textclean.cleaners.boilerplate.evidence import Line, document_lines, evidence_of
from textclean.core.fixes import apply_fixes
from textclean.io.html import html_to_text
from textclean.cleaners.boilerplate.templates import TemplateSet, builtin_templates, compile_template, plugin_templates

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "data" / "boilerplate"
from conftest import SHARED  # noqa: E402  (the one place that finds ../shared)
SEEDS = Path(__file__).resolve().parents[1] / "seeds" / "inputs"


def clean(text: str, **options) -> str:
    if options:
        return textclean.clean(text, only=["boilerplate"], options={"boilerplate": options})
    return textclean.clean(text, only=["boilerplate"])


def explain(text: str):
    return textclean.clean_and_explain(text, only=["boilerplate"])


def kept_lines(text: str) -> set[str]:
    return {l.strip() for l in text.splitlines() if l.strip()}


# --- templates -------------------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "You are commenting using your Twitter account. Log\u00a0Out\u00a0/\u00a0 Change\u00a0)",
    "You are commenting using your account. Log Out / Change )",
    "You are commenting using your WordPress.com account. ( Log Out / Change )",
    "Connecting to %s",
    "Fill in your details below or click an icon to log in: Logo",
    "Your email address will not be published. Required fields are marked *",
    "leave a  reply",
    "37 Comments",
    "Also read: Death toll rises as fighting enters second day",
    "File pic: A soldier on the front line",
    "Advertisement",
])
def test_builtin_templates_match(line):
    assert TemplateSet(builtin_templates()).match(line) is not None


@pytest.mark.parametrize("line", [
    "More than 6,000 lives were lost in last year's war.",
    "Posted on Facebook, the video showed soldiers crossing the border.",
    "Comments made by the minister on Tuesday angered the opposition.",
    "The death toll announced by Azerbaijan earlier was 50.",
])
def test_builtin_templates_spare_sentences(line):
    st = setup(Context(options=OPTIONS))
    text = "The talks went on for a long time and they said that the deal was near.\n\n" + line + "\n"
    assert line in clean(text)
    assert st.templates is not None


def test_template_placeholders():
    t = compile_template("Page %d of %d", "pager")
    assert t.matches("page 2 of 10") and not t.matches("page two of ten")


def test_plugin_template_formats():
    ts = plugin_templates(["Brought to you by %s",
                           {"template": "Discuss this on %s", "reason": "forum link", "extend": "following"}])
    assert [(t.reason, t.following) for t in ts] == [("plugin template", False), ("forum link", True)]
    with pytest.raises(ValueError):
        plugin_templates([42])


def test_plugin_templates_reach_the_cleaner():
    st = setup(Context(options=OPTIONS, rules={"boilerplate_templates": [
        {"template": "Sponsored by %s today", "reason": "sponsor line"}]}))
    ctx = Context(options=OPTIONS, state=st)
    text = ("The council met on Monday and it said that the budget would be cut by a tenth.\n\n"
            "Sponsored by ACME today\n")
    fixes = fix_boilerplate(text, ctx)
    assert [f.reason for f in fixes] == ["sponsor line: template 'Sponsored by %s today'"]


def test_user_extra_templates_option():
    text = ("The council met on Monday and it said that the budget would be cut by a tenth.\n\n"
            "Brought to you by the Gazette\n")
    assert "Brought" not in clean(text, extra_templates=["Brought to you by %s"])


# --- the cleaner on a fixture page -----------------------------------------------------------

ARTICLE = [
    "Harbour bridge reopens after six months of repairs",
    "The old harbour bridge reopened to traffic on Saturday morning",
    "About two hundred people gathered",
    "– A long wait for commuters –",
    "During the closure, drivers faced a detour",
    '"We knew it would be hard',
    "The repairs cost the city about four million pounds",
    "Officials said the bridge would now be inspected every year",
]
FURNITURE = ["Skip to content", "Photo: The mayor", "Also read:", "Share this:", "Like Loading",
             "Related Posts", "Leave a Reply", "Your email address", "Save my name", "Akismet",
             "Copyright ©", "Comment *", "Website"]


@pytest.mark.parametrize("single_newlines", [False, True])
def test_fixture_page(single_newlines):
    text = (FIXTURES / "wordpress_page.txt").read_text(encoding="utf-8")
    if single_newlines:
        text = "\n".join(l for l in text.splitlines() if l.strip()) + "\n"
    out = clean(text)
    for sentence in ARTICLE:
        assert sentence in out, sentence
    for junk in FURNITURE:
        assert junk not in out, junk


def test_reasons_name_the_evidence():
    text = (FIXTURES / "wordpress_page.txt").read_text(encoding="utf-8")
    _, edits = explain(text)
    reasons = {e.before.strip(): e.reason for e in edits}
    assert reasons["Leave a Reply"] == "comment form (WordPress): template 'Leave a Reply'"
    assert reasons["Related Posts"].startswith("related-links heading")
    assert reasons["Photo: The mayor cuts the ribbon on the reopened bridge"].startswith("image caption")
    assert all(e.after == "" for e in edits)  # whole lines removed, never rewritten


def _fresh_clean(text: str) -> str:
    """Clean with a new pipeline: no memory of the lines or outputs seen before, so an
    idempotence check runs the whole decision on the output."""
    return Pipeline({"only": ["boilerplate"]}).clean(text)


def test_idempotent_on_fixture():
    text = (FIXTURES / "wordpress_page.txt").read_text(encoding="utf-8")
    once = clean(text)
    assert clean(once) == once
    assert _fresh_clean(once) == once


def test_own_output_is_recognised_as_a_fixed_point():
    text = (FIXTURES / "wordpress_page.txt").read_text(encoding="utf-8")
    st = setup(Context(options=OPTIONS))
    ctx = Context(options=OPTIONS, state=st)
    once = apply_fixes(text, fix_boilerplate(text, ctx))
    assert once == clean(text)
    assert st.fixed  # the output's line sequence is remembered ...
    assert fix_boilerplate(once.replace("\n", "\n\n"), ctx) == []  # ... blank lines do not matter


def test_plain_article_untouched():
    text = ("Talks resume in Geneva\n\n"
            "The two sides met on Monday and said that the talks would go on until a deal is done.\n\n"
            "Neither side would say when the next round would begin.\n")
    assert clean(text) == text


def test_long_line_without_terminators_is_linear():
    text = ("word " * 40000) + "\n" + ("| " * 40000) + "\n"
    clean(text)  # a catastrophic pattern would hang here


def test_empty_and_blank():
    assert clean("") == ""
    assert clean("\n\n") == "\n\n"


# --- extracted text vs raw pages: position is evidence only on a raw page -----------------

ARTICLE_PARAS = [
    "The animal clinic opened its new wing on Monday, and the staff said that the extra rooms "
    "would let them see twice as many patients as they did last year.",
    "The building work took eight months and was paid for by a local appeal that raised more "
    "than the council had expected when it was launched in the spring.",
]


def test_short_lines_of_extracted_text_are_kept():
    # a business page already reduced to its text: its lists are content, not menus
    lines = ["About the clinic", *ARTICLE_PARAS, "Services:", "General dentistry", "Vaccinations",
             "Pain management", "Emergency and critical care", "Hours of Operation",
             "- Monday: 7am-9pm", "- Tuesday: 7am-9pm", "- Saturday: Closed", "Contact Info",
             "- 13 Harbour Way, Newtown", "- (555) 643-1170"]
    text = "\n".join(lines) + "\n"
    assert clean(text) == text


def test_forum_thread_fields_are_kept():
    post = ("I have been playing these for years and I think that the second one is still the "
            "best of the series, although the first one had the better story.")
    lines = []
    for user, joined in (("Ann", "Apr 2000"), ("Bob", "Aug 2002"), ("Cy", "May 2001")):
        lines += [f"Re: the list #{len(lines)} 07/12/03 06:30 AM", user, f"Joined: {joined}",
                  "Posts: 334", "Settled Boomer", post, "And that is why I picked it again.",
                  "- Riven", "- Grim Fandango", "- Dark Fall"]
    text = "\n".join(lines) + "\n"
    out = clean(text)
    for line in ("- Riven", "Joined: Apr 2000", "Settled Boomer", "And that is why I picked it again."):
        assert line in out, line


def _raw_page(article: list[str]) -> str:
    menu = ["Home", "World", "Business", "Sport", "Science", "Health", "Arts", "Travel"]
    trail = ["Top Stories", "Markets slide as oil prices climb again", "Storm closes schools in the north",
             "A court in the capital said on Friday that it would hear the appeal of the two men next month.",
             "Contact Us", "Privacy Policy"]
    return "\n".join(menu + article + trail) + "\n"


def test_raw_page_menus_and_trailing_teasers_go():
    article = ["Clinic opens new wing", *ARTICLE_PARAS,
               "Photo: The new wing seen from the car park",
               "The clinic said that it would hire four more nurses by the end of the year, and that "
               "the first of them would start work in September."]
    out, edits = explain(_raw_page(article))
    for line in article:
        if not line.startswith("Photo:"):
            assert line in out, line  # an inline caption does not end the article
    for junk in ("Home", "Business", "Top Stories", "Markets slide", "A court in the capital", "Privacy"):
        assert junk not in out, junk
    assert any(e.reason.startswith("leading menu before article") for e in edits)
    assert any(e.reason.startswith("trailing run after article") for e in edits)


def test_a_list_that_a_sentence_introduces_stays_on_a_raw_page():
    # a manual's page as naive text: the sidebar is furniture, but the items that a sentence
    # of the page announces with a colon are content wherever the body was found
    items = ["Module declarations", "External crate declarations", "Use declarations",
             "Type aliases", "Constant item declarations", "Static item declarations"]
    article = ["Declared names and entities", *ARTICLE_PARAS, "The entities that introduce a name in the source are the following:",
               *items]
    out, edits = explain(_raw_page(article))
    for line in article:
        assert line in out, line
    for junk in ("Home", "Business", "Privacy"):
        assert junk not in out, junk
    # the same items without the sentence are a run of headline-like lines after the article
    bare = explain(_raw_page(["Names", *ARTICLE_PARAS, *items]))[0]
    assert "Type aliases" not in bare
    # a widget's heading written in capitals does not protect what follows it
    widget = explain(_raw_page(["Names", *ARTICLE_PARAS, "Submit Your Comments About This Article Here:", *items]))[0]
    assert "Type aliases" not in widget


def test_aggressiveness_trades_content_for_removal():
    article = ["Clinic opens new wing", *ARTICLE_PARAS]
    page = _raw_page(article)
    kept = [clean(page, aggressiveness=level) for level in (0, 1, 2, 3)]
    # each level keeps the article and removes at least what the level below it removes
    for out in kept:
        for line in article:
            assert line in out, line
    lines = [set(out.splitlines()) for out in kept]
    assert lines[0] >= lines[1] >= lines[2] >= lines[3]
    assert "World" in lines[0] and "World" not in lines[1]  # 0: no position evidence
    # 2: prose outside the body of a raw page goes too
    teaser = "A court in the capital said on Friday that it would hear the appeal of the two men next month."
    page = "\n".join(["Home", "World", "Business", "Sport", "Science", "Health", teaser,
                      "Arts", "Travel", "Style", "Food", "Books", "Music", *article, "Contact Us"]) + "\n"
    assert teaser in clean(page) and teaser not in clean(page, aggressiveness=2)
    # an option set on its own wins over the level's
    assert teaser in clean(page, aggressiveness=2, keep_unsure_prose=False, structure=False)


def test_an_aggressiveness_out_of_range_is_a_config_error():
    from textclean import ConfigError

    with pytest.raises(ConfigError, match="aggressiveness must be 0, 1, 2 or 3, not 7"):
        clean("A line.\n", aggressiveness=7)


@pytest.mark.parametrize("line,reason", [
    ("Home | News | Sport | Weather", "menu row"),
    ("Privacy • Terms • Advertising • Contact", "menu row"),
    ("||", "no letters or digits"),
    ("* * *", "no letters or digits"),
    ('<br style="clear:both;"/>', "markup residue"),
    ("[[Category:Theora]]", "markup residue"),
    ("12 of 15 people found this review helpful.", "review widget"),
    ("Was this review helpful to you?", "review widget"),
    ("\u201cLovely colours, I like it\u2026\u201d read \u00bb", "teaser link"),
    ("Talk:Matins (\u2190 links)", "teaser link"),
])
def test_positive_evidence_anywhere(line, reason):
    text = ARTICLE_PARAS[0] + "\n" + line + "\n" + ARTICLE_PARAS[1] + "\n"
    out, edits = explain(text)
    assert [e.reason.split(":")[0] for e in edits] == [reason]
    assert out.splitlines() == [ARTICLE_PARAS[0], ARTICLE_PARAS[1]]


def test_truncated_copy_of_a_paragraph_goes():
    teaser = ARTICLE_PARAS[1][:60] + "..."
    out, edits = explain("\n".join([ARTICLE_PARAS[0], teaser, ARTICLE_PARAS[1]]) + "\n")
    assert [e.before.strip() for e in edits] == [teaser]
    assert edits[0].reason.startswith("truncated copy")


def test_paragraph_printed_twice_loses_one_copy_but_three_copies_stay():
    twice = "\n".join([ARTICLE_PARAS[0], ARTICLE_PARAS[1], ARTICLE_PARAS[1]]) + "\n"
    assert clean(twice).splitlines() == ARTICLE_PARAS
    thrice = "\n".join([ARTICLE_PARAS[0], ARTICLE_PARAS[1], ARTICLE_PARAS[1], ARTICLE_PARAS[1]]) + "\n"
    assert clean(thrice) == thrice  # a comparison or diff view: which copy is the text is unknown


def test_signed_comments_after_the_article_go():
    comments = ["Like, that thing is totally unsafe, what happens when it hits a truck?",
                "Posted by: Sean | Jan 10, 2008 4:49:12 PM",
                "It is cheap, and that is the point of it for most of the people who will buy one.",
                "Posted by: dan | Jan 10, 2008 6:02:53 PM"]
    text = "\n".join(ARTICLE_PARAS * 2 + comments) + "\n"
    out = clean(text)
    assert "Posted by" not in out and "that is the point" not in out
    assert all(p in out for p in ARTICLE_PARAS)


def test_vague_heading_early_in_an_article_does_not_cut_it():
    paras = [p.replace("clinic", f"clinic {i}") for i in range(4) for p in ARTICLE_PARAS]
    text = "\n".join(paras[:2] + ["Discussion"] + paras[2:]) + "\n"
    assert all(p in clean(text) for p in paras)


# --- seeds -----------------------------------------------------------------------------------

SEED_REMOVED = {
    "000": ["Also read: Death toll rises", "Related Posts", "Leave a Reply", "Your email address will not be published"],
    "001": ["Leave a Reply", "Your email address will not be published"],
    "002": ["Nagorno map", "Leave a Reply"],
    "003": ["File pic:", "Leave a Reply", "Fill in your details below", "You are commenting using your",
            "Google photo", "Twitter picture", "Facebook photo", "Connecting to %s"],
    "004": [],
}


@pytest.mark.parametrize("prefix", sorted(SEED_REMOVED))
def test_seeds(prefix):
    paths = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    assert paths, f"seed {prefix} not found under {SEEDS}"
    text = paths[0].read_text(encoding="utf-8")
    out, edits = explain(text)
    removed = [e.before.strip() for e in edits]
    for junk in SEED_REMOVED[prefix]:
        assert not any(l.startswith(junk) for l in kept_lines(out)), junk
    # everything else survives: every removed line is one we meant to remove
    for line in removed:
        assert any(line.startswith(j) for j in SEED_REMOVED[prefix]), line
    assert clean(out) == out


# --- listings and comparison views ---------------------------------------------------------

def test_shop_listing_price_lines_go():
    text = ("Insulated Tote, Medium EUR 53.86\nInsulated Tote, Large EUR 70.98\n"
            "Camp Mug, 14 oz. EUR 17.92\n\u20ac2.54\n"
            "Every tote is sewn by hand in our workshop and it will last for many years of use.\n")
    out, edits = explain(text)
    assert out == "Every tote is sewn by hand in our workshop and it will last for many years of use.\n"
    assert all(e.reason == "shop listing: one of 4 price lines" for e in edits)


@pytest.mark.parametrize("text", [
    # sums in the news are not prices, and one or two price lines are not a listing
    "Caps' Ovechkin Signs $124 Million Deal\nBrazil police hunt \u00a328m art theft mastermind\n"
    "Gold hits record above $910\n",
    "Lunch\nSoup of the day $4.50\nBread and butter $2\n"
    "Our kitchen is open from noon until ten, and the soup changes every day of the week.\n",
])
def test_price_lines_without_a_listing_stay(text):
    assert clean(text) == text


def test_wiki_diff_headers_go():
    text = ("|(33 intermediate revisions by 11 users not shown)|\n|Line 8: ||Line 8:|\n"
            "The first way to change streams is to create a new video element with a script.\n")
    assert clean(text) == "The first way to change streams is to create a new video element with a script.\n"


# --- bulk line analysis ------------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "The minister said on Tuesday that the talks would resume in May.",
    "Home | News | Sport | Weather | Contact us",
    "\u201cWe don\u2019t know,\u201d she said \u2014 and left.",
    "See www.example.com or mail me@example.org today",
    "'The Great Debaters' Leads NAACP Image Award Nominations",
    "caf\u00e9 \u00bb men\u00fa \u00bb contact",
    "x" * 900 + " and the rest of a very long line of words.",
])
def test_bulk_features_equal_one_by_one(line):
    from textclean.cleaners.boilerplate.features import fold, fold_many, line_features, line_features_many
    lines = ["Short line", line, ""]
    assert line_features_many(lines)[1] == line_features(line)
    assert fold_many(lines) == [fold(x) for x in lines]


# Lines that exercise every guard of the bulk evidence (dates, numbering, captions, comment
# headings, separators, markup, ellipses, prices, text without letters, non-ASCII).
_EVIDENCE_LINES = [
    "Home", "World News", "Posted by Ann on May 3, 2008 4:49 PM", "Jan 10, 2008", "12/03/2009",
    "10:45 am", "John wrote:", "by Ann Smith at 4pm on Monday", "2 bay leaves", "1. Preheat the oven",
    "• First item", "Nagorno map", "PHOTO", "Image gallery", "Reader comments (14)",
    "Tell us what you think", "Home | News | Sport", "<br/>", "[[Category:Rivers]]", "{{stub}}",
    "The council said on Monday that the bridge...", "Insulated Tote EUR 53.86", "€2.54",
    "$124 Million Deal", "***", "— » —", "été à Paris", "٠١:٢٣ pm",
    "Share this:", "Leave a Reply", "Copyright 2010 ACME. All rights reserved.",
    "The minister said on Tuesday that the talks would resume in May.", "1994",
    "Caps' Ovechkin Signs $124 Million Deal", "Photo: AP", "Related Posts", "",
]


def _assert_evidence_is_per_line(lines):
    """A line's evidence is its own: the same alone as among other lines (the bulk call
    computes each line's shapes from its text and key only)."""
    bulk = evidence_of(lines, _EVIDENCE_STATE)
    fields = [x for x in Line.__slots__ if x != "lm"]
    for line, a in zip(lines, bulk):
        # (another state, whose cache of evidence has seen the line alone, if at all)
        b = evidence_of([line], _ALONE_STATE)[0]
        assert [getattr(a, x) for x in fields] == [getattr(b, x) for x in fields], line


_EVIDENCE_STATE = setup(Context(options=OPTIONS))
_ALONE_STATE = setup(Context(options=OPTIONS))


def test_bulk_evidence_equals_per_line_evidence():
    _assert_evidence_is_per_line([x for x in _EVIDENCE_LINES if x] + ARTICLE_PARAS)


@pytest.mark.parametrize("line, shape", [
    ("Posted by Ann on May 3, 2008 4:49 PM", "stamp signed"), ("Jan 10, 2008", "stamp"),
    ("12/03/2009", "stamp"), ("10:45 am", "stamp"), ("John wrote:", "stamp"),
    ("by Ann Smith at 4pm on Monday", ""), ("1. Preheat the oven", "numbered"),
    ("2 bay leaves", "numbered"), ("Nagorno map", "caption"), ("PHOTO", "caption"),
    ("Image gallery", "caption"), ("Reader comments (14)", "comments"), ("Tell us what you think", "comments"),
    ("Home | News | Sport", "menu"), ("<br/>", "markup"), ("[[Category:Rivers]]", "markup"), ("{{stub}}", "markup"),
    ("Insulated Tote EUR 53.86", "price"), ("\u20ac2.54", "price"), ("3,50 \u20ac and 4,10 \u20ac", "price"),
    ("***", "no-letters"), ("\u2014 \u00bb \u2014", "no-letters"), ("}", ""), ("],", ""),
    ("$124 Million Deal", "numbered"), ("Caps' Ovechkin Signs $124 Million Deal", ""), ("a $3bn deal", ""),
    ("The minister said on Tuesday that the talks would resume in May.", ""), ("1994", ""), ("Home", ""),
    ("\u0130mage gallery", "caption"),  # re.I took the dotted capital I for an i: so does the core
    ("Terms of Service | Privacy Policy | Feedback | Jobs | TV Ratings | Advertise with us", "links"),
    ("del.icio.us | Digg it | Reddit | Newsvine | Now Public | Technorati", "links"),
    ("Mon | Tue | Wed | Thu | Fri | Sat | and on Sunday the shop will stay closed for the holidays", ""),
])
def test_line_shapes(line, shape):
    from textclean.cleaners.boilerplate.evidence import (
        COMMENT_HEADING, LINK_ROW, MARKUP, MEDIA_CAPTION, MENU_ROW, NO_ALNUM, PRICE_LINE, SIGNED)

    names = {"signed": SIGNED, "caption": MEDIA_CAPTION, "comments": COMMENT_HEADING, "menu": MENU_ROW,
             "markup": MARKUP, "price": PRICE_LINE, "no-letters": NO_ALNUM, "links": LINK_ROW}
    x = evidence_of([line], None)[0]
    got = ["stamp"] * x.stamp + ["numbered"] * x.numbered + [k for k, v in names.items() if x.flags & v]
    assert sorted(got) == sorted(shape.split()), line


def test_a_truncated_paragraph_has_a_stem():
    x = evidence_of(["The council met on Tuesday to discuss the water main... Read more"], None)[0]
    assert x.stem == "the council met on tuesday to discuss the water main"


_TOKENS = ["Home", "News", "news", "by", "Posted", "wrote:", "May", "3,", "2008", "4:49", "PM", "12/03/09",
           "1.", "2)", "-", "\u2022", "|", "\u00bb", "/", "<b>", "[[x]]", "{{y}}", "...", "\u2026", "Photo",
           "map", "comments", "Reply", "$5", "\u20ac", "EUR", "12.50", "the", "of", "and", "said", "that",
           "\u00e9t\u00e9", "\u0661\u0662", "\u2014", "'", "\u2019", "\u00a0", ".", "!", "?", "Share", "this:",
           "*", "www.x.com", "a@b.org", "\u00a9", "Advertisement", "Leave", "a"]


@settings(max_examples=300, deadline=None)
@given(hst.lists(hst.lists(hst.sampled_from(_TOKENS), min_size=1, max_size=16).map(" ".join),
                min_size=1, max_size=8, unique=True))
def test_bulk_evidence_equals_per_line_evidence_on_random_lines(lines):
    _assert_evidence_is_per_line([x for x in lines if not x.isspace()])


def test_odd_characters_never_raise():
    text = "Home\n\ud800 lone surrogate\n\u2028\n\x00\x1f\n\ufb01 ligature line\n" + ARTICLE_PARAS[0] + "\n"
    out = clean(text)
    assert ARTICLE_PARAS[0] in out
    assert clean(out) == out


# --- corpus model ----------------------------------------------------------------------------

def _corpus():
    docs = []
    for i in range(40):
        docs.append(f"Story number {i} tells that the river rose by {i} centimetres overnight.\n"
                    "Subscribe to the Valley Courier for daily updates\n"
                    f"Unique line {i} only here\n")
    return docs


def test_corpus_fit_share_and_roundtrip(tmp_path):
    model = CorpusModel.fit(_corpus(), min_share=0.1)
    assert model.documents == 40
    assert model.share("Subscribe to the Valley Courier for daily updates") == 1.0
    assert model.share("Unique line 7 only here") == 1.0  # digits fold: one line shape
    assert model.share("Never seen") == 0.0
    path = tmp_path / "model.json"
    model.save(str(path))
    again = CorpusModel.load(str(path))
    assert again.to_dict() == model.to_dict()
    assert CorpusModel.from_dict(json.loads(json.dumps(model.to_dict()))).documents == 40


def test_corpus_folds_digits_only_in_furniture():
    # a corpus of templated stories: the sentences differ only in a number, and each is content
    model = CorpusModel.fit(_corpus(), min_share=0.1)
    assert model.share("Story number 3 tells that the river rose by 3 centimetres overnight.") == 0.0
    docs = [f"Updated {i % 12 + 1}:{i % 50 + 10} pm, March {i % 28 + 1}, 2019\nPage {i} of 40\n"
            f"Talks in round {i} went on for hours, officials said on Monday.\n" for i in range(40)]
    model = CorpusModel.fit(docs, min_share=0.1)
    assert model.share("Updated 9:41 pm, March 3, 2021") == 1.0  # a date line: one shape
    assert model.share("Page 7 of 40") == 1.0
    assert model.share("Talks in round 7 went on for hours, officials said on Monday.") == 0.0


def test_corpus_memory_is_bounded():
    docs = (f"line {chr(97 + i % 26)}{i * 7919 % 100003}x\nshared footer line\n" for i in range(5000))
    model = CorpusModel.fit(docs, min_share=0.05, max_entries=1000)
    assert model.share("shared footer line") == 1.0
    assert len(model.counts) < 50


def test_cleaner_uses_model(tmp_path):
    path = tmp_path / "model.json"
    CorpusModel.fit(_corpus(), min_share=0.1).save(str(path))
    text = ("Story number 99 tells that the river rose by 3 centimetres overnight and more.\n\n"
            "Subscribe to the Valley Courier for daily updates\n")
    out, edits = Pipeline({"only": ["boilerplate"], "options": {"boilerplate": {"model": str(path)}}}).explain(text)
    assert "Subscribe" not in out and "Story number 99" in out
    assert edits[0].reason == "corpus: recurs in 100% of documents"


# --- HTML ------------------------------------------------------------------------------------

def test_html_to_text_uses_markup():
    text = html_to_text((FIXTURES / "page.html").read_text(encoding="utf-8"))
    assert "Harbour bridge reopens after six months of repairs" in text
    assert "northern end to watch the mayor" in text
    assert "A long wait for commuters" in text
    for junk in ("not text", "color", "cookies", "Share on Twitter", "Related Posts", "Great news",
                 "The mayor cuts the ribbon", "Copyright", "Sport"):
        assert junk not in text, junk
    blocks = text.strip().split("\n\n")
    assert all("\n" not in b for b in blocks)


def test_html_then_text_cleaner():
    out = clean(html_to_text((FIXTURES / "page.html").read_text(encoding="utf-8")))
    assert "During the closure, drivers faced a detour of almost twenty kilometres." in out


def test_clean_html_and_explain_names_what_the_markup_dropped():
    page = (FIXTURES / "page.html").read_text(encoding="utf-8")
    out = textclean.clean_html_and_explain(page)
    assert out.text == textclean.clean_html(page)  # the same text, with its account
    from textclean.io.html import html_document

    # gathering the account changes nothing of the text
    assert html_document(page).text == html_document(page, explain=True).text
    reasons = {d.reason for d in out.dropped}
    assert "never content: <aside>" in reasons and "never content: <footer>" in reasons
    assert "<header> without <h1>" in reasons
    assert any(r.startswith("furniture: class/id word") for r in reasons)
    # a part dropped inside another dropped part is listed once, with the outer one
    banner = next(d for d in out.dropped if "cookies" in d.text)
    assert banner.reason == "furniture: class/id word 'banner'"
    assert not any(d.text == "Accept" for d in out.dropped)
    share = next(d for d in out.dropped if "Share on Twitter" in d.text)
    assert share.element.split()[0] in ("div", "ul", "aside", "section") and "share" in share.element
    # nothing dropped is in the text, and every part of the page a reader saw is one or the other
    for d in out.dropped:
        assert d.text not in out.text
    # the account pickles with the text (workers send it)
    import pickle

    again = pickle.loads(pickle.dumps(out))
    assert again.dropped == out.dropped and again.text == out.text


STORY = ("The council met on Monday and agreed to rebuild the old bridge over the river before the "
         "winter, the mayor said after the vote in the town hall. ")


def _portal(article: str, sidebar: str = "") -> str:
    # (no site menu: the text alone does not read this as a raw page, so position says nothing)
    return (f"<html><body><div class=wrap><div class=story>{article}</div>"
            f"<div class=side>{sidebar}</div></div></body></html>")


def test_short_blocks_outside_the_main_content_go_with_their_reason():
    article = f"<h1>Bridge to be rebuilt</h1><p>{STORY * 3}</p><p>{STORY * 2}</p>"
    sidebar = ("<div>Most read today</div><div>Ferry fares go up again</div><div>Weather for the weekend</div>"
               "<h3>From our archive</h3><div>The bridge was closed in May.</div>"
               "<div>Town Hall<br>1 Market Square<br>Riverton</div>")
    page = _portal(article, sidebar)
    out = textclean.clean_html_and_explain(page, only=["boilerplate"])
    assert "Bridge to be rebuilt" in out.text and STORY.strip() in out.text
    gone = {e.before.strip() for e in out.edits if e.reason == "markup: short block outside the page's main content"}
    assert gone == {"Most read today", "Ferry fares go up again", "Weather for the weekend"}
    # a longer block outside the main content goes too where it is mostly links (a teaser list)
    teasers = textclean.clean_html(_portal(article, sidebar + "<div><a href=/x>Ferry fares go up again as "
                                           "the operator blames the price of fuel</a> (3 days ago)</div>"
                                           "<div>The council said the price of fuel was not the reason.</div>"),
                                   only=["boilerplate"])
    assert "the operator blames" not in teasers and "was not the reason" in teasers
    # a heading, a sentence and lines broken by <br> (an address) stay, outside or not
    for kept in ("From our archive", "The bridge was closed in May.", "Town Hall", "1 Market Square"):
        assert kept in out.text, kept
    # the markup alone (html_to_text) decides the same blocks
    alone = html_to_text(page)
    assert "Most read today" not in alone and "From our archive" in alone and STORY.strip() in alone
    # cleaning is idempotent with the same evidence
    assert textclean.clean_html(page, only=["boilerplate"]) == out.text


def test_an_api_reference_keeps_its_signatures_outside_the_docblock():
    # rustdoc-like: the prose is one docblock; the implementations after it are short, linked
    # code headings with where-clauses, which are the page's content
    impls = "".join(
        f"<section class=impl><span class=rightside>1.8.0 · <a href=/src>Source</a></span>"
        f"<h3 class=code-header>impl <a href=/t>Eq</a> for <a href=/{t}>{t}</a>"
        f"<div class=where>where <a href=/x>T</a>: <a href=/e>Eq</a>,</div></h3></section>"
        for t in ("Vec&lt;T&gt;", "Box&lt;T&gt;", "Option&lt;T&gt;", "Rc&lt;T&gt;"))
    page = (f"<html><body><nav><a href=/>std</a></nav><main><h1>Trait Eq</h1><div class=docblock><p>{STORY * 3}"
            f"</p></div><h2>Implementors</h2>{impls}</main></body></html>")
    out = textclean.clean_html(page)
    for kept in ("impl Eq for Vec<T>", "impl Eq for Rc<T>", "where T: Eq,"):
        assert kept in out, kept


def test_without_a_main_content_the_markup_removes_no_short_block():
    # too little paragraph text to say where the content is: short blocks are the text's to judge
    page = _portal("<p>Opening hours</p><div>Monday to Friday</div><div>9am to 5pm</div>")
    assert "Monday to Friday" in html_to_text(page) and "9am to 5pm" in textclean.clean_html(page, only=["boilerplate"])
    # nor is a short block that is also content inside the main content
    from textclean.io.html import html_document

    doc = html_document(_portal(f"<p>{STORY * 4}</p><div>Ferry fares</div>", "<div>Ferry fares</div>"))
    assert "Ferry fares" not in doc.outside


def test_a_form_around_the_whole_page_is_not_dropped_but_a_comment_form_is():
    # ASP.NET pages wrap everything in one <form>: dropping it as "never content" lost the article
    page = (f"<html><body><form id=aspnetForm action=/x><div class=story><h1>Bridge to be rebuilt</h1>"
            f"<p>{STORY * 2}</p></div></form></body></html>")
    out = textclean.clean_html_and_explain(page, only=["whitespace"])
    assert "Bridge to be rebuilt" in out.text and STORY.strip() in out.text and not out.dropped
    # (forms do not nest: a comment form is a small form of its own, and goes)
    page = (f"<html><body><div class=story><h1>Bridge to be rebuilt</h1><p>{STORY * 2}</p></div>"
            f"<form action=/comment><label>Name</label><input name=n>"
            f"<p>Your email address will not be published.</p></form></body></html>")
    out = textclean.clean_html_and_explain(page, only=["whitespace"])
    assert STORY.strip() in out.text and "email address" not in out.text
    assert [(d.element, d.reason) for d in out.dropped] == [("form", "never content: <form>")]


def test_a_data_table_is_written_a_row_a_line_and_its_headings_are_not_widgets():
    table = ("<table><tr><td><p><b>Entity status</b></p></td><td><p><b>Comment</b></p></td></tr>"
             "<tr><td>new</td><td>Pick up new tasks that are ready.</td></tr>"
             "<tr><td>claimed</td><td>Re-enqueue if the claim has<br>timed out.</td></tr></table>")
    page = f"<html><body><article><h1>Task states</h1><p>{STORY * 3}</p>{table}<p>{STORY}</p></article></body></html>"
    text = html_to_text(page)
    assert "| Entity status | Comment |\n\n| new | Pick up new tasks that are ready. |" in text
    assert "| claimed | Re-enqueue if the claim has timed out. |" in text
    # "Comment" alone on a line would open a comment section and take the rest of the article
    out = textclean.clean_html(page)
    assert "Pick up new tasks that are ready." in out and STORY.strip() in out.split("|")[-1]
    # a layout table (a cell holding the page's sections) and a row of links keep a cell a line
    layout = (f"<table><tr><td><h2>Menu</h2><ul><li>Home</li></ul></td><td><p>{STORY}</p></td></tr>"
              "<tr><td><a href=/a>News</a></td><td><a href=/b>Sport</a></td></tr></table>")
    assert "|" not in html_to_text(f"<html><body>{layout}</body></html>")


def test_a_section_whose_anchor_names_furniture_is_kept():
    # a manual's sections carry their titles as ids: "Sharing with ..." is not a share widget
    page = (f"<html><body><div class=section id=sharing-with-a-single-developer><h2>Sharing with a single "
            f"developer</h2><p>{STORY}</p></div><div class=section id=related-work-and-further-reading>"
            f"<h2>Related work and further reading</h2><p>{STORY.replace('bridge', 'road')}</p></div>"
            f"<div class=share-buttons>Share on X</div></body></html>")
    text = html_to_text(page)
    assert "Sharing with a single developer" in text and STORY.strip() in text
    assert "Related work and further reading" in text and "Share on X" not in text


def test_a_formula_is_written_once_without_its_tex_source():
    page = ('<html><body><p>The matrix is Hermitian when <math><semantics><mrow><msub><mi>H</mi><mi>ij</mi></msub>'
            '</mrow><annotation encoding="application/x-tex">{\\displaystyle H_{ij}}</annotation></semantics></math>'
            ' holds.</p></body></html>')
    text = html_to_text(page)
    assert "displaystyle" not in text and "H ij holds." in text.replace("Hij", "H ij")


def test_a_code_block_comes_out_verbatim_between_fences():
    code = "def f(x):\n    return x  +  1   \n\n\nprint(f(2))  # teh, recieve\n"
    page = (f"<html><body><p>Install it and run:</p><pre><code>{code}</code></pre>"
            "<pre>```not a fence```</pre><p>That prints 3.</p></body></html>")
    out = textclean.clean_html(page)
    want = "```\ndef f(x):\n    return x  +  1\n\n\nprint(f(2))  # teh, recieve\n```"
    assert want in out  # every line and space of it (trailing spaces aside), no cleaner inside it
    assert "````\n```not a fence```\n````" in out
    assert out.startswith("Install it and run:") and out.rstrip().endswith("That prints 3.")


def test_clean_html_decodes_bytes_as_a_page_declares():
    page = '<html><head><meta charset="windows-1251"></head><body><p>Привет, мир. Как дела?</p></body></html>'
    assert textclean.clean_html(page.encode("cp1251"), only=["whitespace"]) == "Привет, мир. Как дела?\n"
    # valid UTF-8 is UTF-8 whatever the page declares (a stale declaration)
    assert textclean.clean_html(page.encode("utf-8"), only=["whitespace"]) == "Привет, мир. Как дела?\n"


# --- development data (skipped when absent) --------------------------------------------------

def _l3s():
    path = SHARED / "data" / "boilerplate" / "l3s-gn1-dev.jsonl"
    if not path.exists():
        pytest.skip(f"development data not found at {path}")
    with open(path, encoding="utf-8") as f:
        return [json.loads(l) for l in f]


def test_l3s_content_recall_and_f1():
    tp = fp = fn = 0
    for d in _l3s()[::3]:
        units = [u for u in d["blocks"] if u["text"].strip()]
        out = kept_lines(clean("\n".join(u["text"] for u in units) + "\n"))
        for u in units:
            kept = u["text"].strip() in out
            content = not u["boilerplate"]
            n = len(u["text"])
            tp += n * (kept and content)
            fp += n * (kept and not content)
            fn += n * (content and not kept)
    p, r = tp / (tp + fp), tp / (tp + fn)
    assert r >= 0.97
    assert 2 * p * r / (p + r) >= 0.84


def test_idempotent_on_development_pages():
    for d in _l3s()[::10]:
        text = "\n".join(u["text"] for u in d["blocks"] if u["text"].strip()) + "\n"
        once = clean(text)
        assert clean(once) == once, d["id"]
        assert _fresh_clean(once) == once, d["id"]


def test_turku_extracted_text_keeps_content():
    """Already-extracted web text (TurkuNLP): lines outside a detected body are mostly
    content there, so content recall must stay high while widgets still go."""
    path = SHARED / "data" / "boilerplate" / "turku-en-dev.jsonl"
    if not path.exists():
        pytest.skip(f"development data not found at {path}")
    tp = fn = tn = fp = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            units = [u for u in json.loads(line)["lines"] if u["text"].strip()]
            out = clean("\n".join(u["text"] for u in units) + "\n")
            left = {}
            for l in out.splitlines():
                left[l.strip()] = left.get(l.strip(), 0) + 1
            for u in units:
                k = u["text"].strip()
                kept = left.get(k, 0) > 0
                if kept:
                    left[k] -= 1
                n = len(u["text"])
                if u["boilerplate"]:
                    tn += n * (not kept)
                    fp += n * kept
                else:
                    tp += n * kept
                    fn += n * (not kept)
    assert tp / (tp + fn) >= 0.985
    assert tn / (tn + fp) >= 0.3



# --- the learned line model (opt-in: option ``line_model``) ----------------------------------

from textclean.cleaners.boilerplate import learned  # noqa: E402

NEWS = ("The council met on Monday and said that the budget for roads would be cut by a tenth "
        "next year, after two years in which the cost of repairs had risen sharply.\n\n"
        "Residents who spoke at the meeting said that they feared the cuts would fall hardest "
        "on the villages, where many of the roads are already in a poor state.\n\n"
        "The council said it would publish its full plans in the spring.\n")
TABLE = "".join(f"|Row {i} ||{i * 7} |\n" for i in range(1, 12))


#: means of the hand-made models: a line of about six words, a document half prose
MEANS = {"words": 2.0, "doc_prose": 0.5, "win_prose": 0.5}


def _hand_model(tmp_path, weights: dict, threshold: float = 0.9) -> str:
    """A model file whose weights are set by hand (the shipped one may be retrained)."""
    names = list(learned.NAMES)
    data = {"format": learned.FORMAT, "names": names, "mean": [MEANS.get(n, 0.0) for n in names],
            "sd": [1.0] * len(names), "weights": [weights.get(n, 0.0) for n in names],
            "bias": weights.get("bias", 0.0), "threshold": threshold}
    path = tmp_path / "linemodel.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def test_shipped_line_model_loads():
    m = learned.load()
    assert list(m.info["names"]) == list(learned.NAMES)
    assert len(m.weights) == len(learned.NAMES) and 0.5 < m.threshold < 1.0
    assert "script" in m.info  # says how it was trained
    assert OPTIONS["line_model"] is False  # opt-in: see docs/cleaners/boilerplate.md


def test_line_model_file_is_validated(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": learned.FORMAT, "names": ["len"], "mean": [0], "sd": [1],
                               "weights": [1], "bias": 0}), encoding="utf-8")
    with pytest.raises(ValueError):
        learned.load(str(bad))


def test_line_model_reason_names_the_features(tmp_path):
    # a model that calls every line of few words in a document without prose boilerplate
    path = _hand_model(tmp_path, {"words": -4.0, "doc_prose": -4.0, "bias": 2.0})
    out, edits = textclean.clean_and_explain(
        TABLE, only=["boilerplate"], options={"boilerplate": {"line_model": True, "line_model_path": path}})
    reasons = [e.reason for e in edits if e.reason.startswith("line model")]
    assert reasons, edits
    assert all(r.startswith("line model: p=") for r in reasons)
    assert "few words" in reasons[0] and "doc prose share low" in reasons[0]


def test_line_model_keeps_a_content_paragraph(tmp_path):
    opts = {"line_model": True}
    assert clean(NEWS, **opts) == clean(NEWS)
    for line in NEWS.split("\n\n"):
        assert line.strip() in clean(NEWS, **opts)
    # even a low threshold of the shipped model keeps an article's prose
    out = clean(NEWS, line_model=True, line_threshold=0.6)
    assert kept_lines(NEWS) <= kept_lines(out)
    # and so does the hand model above: the article has prose
    path = _hand_model(tmp_path, {"words": -4.0, "doc_prose": -4.0, "bias": 2.0})
    assert kept_lines(NEWS) <= kept_lines(clean(NEWS, line_model=True, line_model_path=path))


def test_line_model_idempotent(tmp_path):
    path = _hand_model(tmp_path, {"words": -1.0, "win_prose": -2.0, "bias": 0.5}, threshold=0.6)
    text = NEWS + ("\nOpening hours\nGarden centre and cafe\nFree parking for visitors\n"
                   "Ask at the desk\nSee the map\nopen all year round\n")
    once, edits = textclean.clean_and_explain(
        text, only=["boilerplate"], options={"boilerplate": {"line_model": True, "line_model_path": path}})
    assert any(e.reason.startswith("line model") for e in edits)  # (the model decided, in rounds)
    assert kept_lines(NEWS) <= kept_lines(once)
    assert clean(once, line_model=True, line_model_path=path) == once


def test_line_model_vectors_match_the_names():
    lines, _ = document_lines(TABLE + NEWS)
    vs = learned.vectors(lines, None)
    assert len(vs) == len(lines) and all(len(v) == len(learned.NAMES) for v in vs)
    assert len(learned.FEATURES) == len(learned.NAMES) == len(set(learned.NAMES))


def test_navigation_control_in_a_table_cell_goes_but_a_cell_sentence_stays():
    """A flattened layout table puts "Back to top" between pipes; the pipes must not make it
    content, while a cell that holds a sentence (or any other template kind) is left alone."""
    text = ("The council met on Tuesday to discuss the failure of the water main that left "
            "more than four thousand households without water.\n"
            "||Back to top ||\n"
            "| Back to top of the page, where the council's statement on the repairs is printed in full |\n"
            "Engineers said the break was caused by ground movement near the old reservoir.\n")
    out, edits = textclean.clean_and_explain(text, only=["boilerplate"])
    assert "||Back to top ||" not in out
    assert "statement on the repairs" in out and "Engineers said" in out
    assert any("Back to top" in e.before and "related-links" in e.reason for e in edits)


def test_the_most_specific_template_wins():
    """A widget spelt out in full is matched by its full template, not lost to a short one
    that matches only its opening words (which a long sentence would not be trusted on)."""
    from textclean.cleaners.boilerplate.templates import TemplateSet, compile_template

    short = compile_template("Please wait for the page to reload.%s", "short widget")
    full = compile_template("Please wait for the page to reload. If the page does not reload "
                            "within %d seconds, please refresh the page.", "full widget")
    line = ("Please wait for the page to reload. If the page does not reload within 5 seconds, "
            "please refresh the page.")
    assert TemplateSet([short, full]).match(line).reason == "full widget"
    assert TemplateSet([full, short]).match(line).reason == "full widget"


def test_a_widget_run_together_with_the_next_one_is_still_found():
    """Scrapers glue widget texts together ("... to a playlistSign in or Register"): the
    template's prefilter word must be one that stays a whole word (not "playlist")."""
    line = ("Want to watch this video again later?Sign in to add this video to a playlistSign in "
            "or RegisterPlease confirm your email addressto use this functionalityClick here")
    text = ("The council met on Tuesday to discuss the failure of the water main that left more "
            "than four thousand households without water.\n" + line + "\n")
    out, edits = textclean.clean_and_explain(text, only=["boilerplate"])
    assert "playlist" not in out and "The council met" in out




def test_the_judge_recognises_its_own_output_by_the_hash_of_its_lines():
    """The fixed-point memo: the hash the judge gives of the lines it keeps is the hash of
    the lines of its output, blank lines aside, and of nothing else."""
    from textclean.cleaners.boilerplate.evidence import page
    from textclean.core.fixes import apply_fixes

    st = setup(Context(options=OPTIONS))
    judge = st.templates.judge
    text = "Home | News | Sport\n\n" + NEWS + "\nShare this:\n\n\nLeave a Reply\n"
    deletions, kept = page(text, st).judge()
    out = apply_fixes(text, [Fix(s, e, "", r) for s, e, r, _ in deletions])
    assert deletions and kept == judge.lines_hash(out) == judge.lines_hash(out.replace("\n", "\n\n"))
    assert kept != judge.lines_hash(text) and judge.lines_hash("a\nb") != judge.lines_hash("b\na")


def test_the_fixes_made_natively_are_those_of_the_fix_class():
    """``Page.judge(fix=Fix)`` makes the fixes without calling ``Fix.__init__`` (see
    ``FixMaker`` in native/src/python.rs): they equal, hash, print and copy as the ones the
    class makes, and a class of another shape is refused."""
    import copy
    import dataclasses
    import pickle

    from textclean.cleaners.boilerplate.evidence import page

    st = setup(Context(options=OPTIONS))
    text = "Home | News | Sport\n\n" + NEWS + "\nShare this:\n\n\nLeave a Reply\n"
    deletions, kept = page(text, st).judge()
    fixes, kept2 = page(text, st).judge(fix=Fix)
    made = [Fix(s, e, "", r) for s, e, r, _ in deletions]
    assert fixes and fixes == made and kept2 == kept
    assert [hash(f) for f in fixes] == [hash(f) for f in made] and repr(fixes) == repr(made)
    assert all(type(f) is Fix for f in fixes) and dataclasses.astuple(fixes[0]) == dataclasses.astuple(made[0])
    assert copy.copy(fixes[0]) == made[0] and pickle.loads(pickle.dumps(fixes)) == made
    with pytest.raises(dataclasses.FrozenInstanceError):
        fixes[0].start = 3

    @dataclasses.dataclass(frozen=True, slots=True)
    class Other:
        start: int
        end: int

    for wrong in (Other, int, dict):
        with pytest.raises(TypeError):
            page(text, st).judge(fix=wrong)


# --- retraining the line model on one's own labelled text ------------------------------------

def _labelled_docs(n: int) -> list[dict]:
    """Small labelled documents: a menu and a footer (boilerplate) around an article."""
    import random

    rng = random.Random(n)
    menu = ["Home", "World", "Business", "Sport", "Science", "Health", "Arts", "Travel", "Style"]
    verbs = ["met", "said", "agreed", "voted", "decided", "argued", "promised", "reported"]
    docs = []
    for d in range(n):
        lines = [{"text": m, "boilerplate": True} for m in rng.sample(menu, 6)]
        for k in range(4):
            lines.append({"text": f"The council {rng.choice(verbs)} on day {d} that the plan {k} would "
                                  f"go ahead in the spring, and that the work would start soon.",
                          "boilerplate": False})
        lines += [{"text": t, "boilerplate": True} for t in ("Contact us", "Follow us", "Site map")]
        docs.append({"lines": lines})
    return docs


def test_the_line_model_is_retrained_on_ones_own_labelled_text(tmp_path):
    pytest.importorskip("numpy")
    import subprocess
    import sys

    from conftest import ROOT

    data = tmp_path / "mine.jsonl"
    data.write_text("".join(json.dumps(d) + "\n" for d in _labelled_docs(12)), encoding="utf-8")
    out = tmp_path / "model.json"
    script = [sys.executable, str(ROOT / "scripts" / "train_boilerplate.py"), "--data", str(data)]
    run = subprocess.run(script + ["--out", str(out), "--threshold", "0.9"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    model = json.loads(out.read_text(encoding="utf-8"))
    assert model["threshold"] == 0.9 and "mine.jsonl" in model["trained_on"]
    # the cleaner reads it where the options say so, and keeps the article
    doc = "\n".join(u["text"] for u in _labelled_docs(13)[-1]["lines"]) + "\n"
    kept = textclean.clean(doc, only=["boilerplate"],
                           options={"boilerplate": {"line_model": True, "line_model_path": str(out)}})
    assert all(u["text"] in kept for u in _labelled_docs(13)[-1]["lines"] if not u["boilerplate"])
    # never over an existing model unless asked; --data without --out is a usage error
    again = subprocess.run(script + ["--out", str(out), "--threshold", "0.9"], capture_output=True, text=True)
    assert again.returncode == 2 and "exists; --force" in again.stderr
    assert subprocess.run(script, capture_output=True, text=True).returncode == 2
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"lines": [{"text": "x"}]}\n', encoding="utf-8")
    broken = subprocess.run([sys.executable, str(ROOT / "scripts" / "train_boilerplate.py"), "--data",
                             str(bad), "--out", str(tmp_path / "m2.json")], capture_output=True, text=True)
    assert broken.returncode == 1 and "bad.jsonl:1: not a document of labelled lines" in broken.stderr
    assert not (tmp_path / "m2.json").exists()


KEEP_STORY = ("The council met on Monday and agreed to rebuild the bridge over the river before the winter, "
              "the mayor said after the vote. ")


@pytest.mark.parametrize("option, kept", [
    ({}, []),
    ({"keep_captions": True}, ["Photo: Reuters", "Nagorno map"]),
    ({"keep_bylines": True}, ["By Ann Lee | May 3, 2024"]),
])
def test_captions_and_bylines_are_kept_on_request(option, kept):
    text = (f"Bridge to be rebuilt\n\nBy Ann Lee | May 3, 2024\n\n{KEEP_STORY * 2}\n\nPhoto: Reuters\n\n"
            f"Nagorno map\n\n{KEEP_STORY * 3}\n")
    out = textclean.clean(text, only=["boilerplate"], options={"boilerplate": option})
    short = [line for line in out.splitlines() if line and len(line) < 40]
    assert short == ["Bridge to be rebuilt", *kept]
    assert out.count(KEEP_STORY.strip()) == 5  # the article whole either way


def test_an_html_pages_captions_are_kept_with_keep_captions():
    from textclean import clean_html

    page = (f"<article><h1>Bridge</h1><p>{KEEP_STORY * 2}</p><figure><img src=x><figcaption>The old bridge "
            f"in 1950.</figcaption></figure><div class='caption'>Workers on the site</div><p>{KEEP_STORY * 2}</p>"
            "</article><footer>(c) The Paper</footer>")
    assert "1950" not in clean_html(page) and "Workers" not in clean_html(page)
    out = clean_html(page, options={"boilerplate": {"keep_captions": True}})
    assert "The old bridge in 1950.\n\nWorkers on the site\n" in out and "(c) The Paper" not in out


def test_a_run_of_link_only_teasers_inside_the_main_content_goes():
    # "other news" after the article, inside the same container: each headline and snippet a link
    teasers = "".join(f"<h3><a href='/n{i}'>Ferry company {i} raises its fares again</a></h3>"
                      f"<p><a href='/n{i}'>The company said the rise of {i} percent was needed to pay for "
                      f"new boats.</a></p>" for i in range(4))
    article = (f"<h1>Bridge to be rebuilt</h1><p>{STORY * 3}</p><p>{STORY * 2}</p>"
               f"<h2>See also</h2><ul><li><a href='/a'>Bridges of the river</a></li><li><a href='/b'>Town hall "
               f"history</a></li><li><a href='/c'>Ferry timetable</a></li></ul>{teasers}")
    out = textclean.clean_html_and_explain(_portal(article), only=["boilerplate"])
    gone = {e.before.strip() for e in out.edits if e.reason.startswith("markup: run of link-only teasers")}
    assert len(gone) == 8 and all("Ferry company" in g or "The company said" in g for g in gone)
    # a list of links is a list, not teasers, also right before them: "See also" stays
    assert "Bridges of the river\n\nTown hall history\n\nFerry timetable\n" in out.text
    assert STORY.strip() in out.text


def test_a_linked_headline_outside_the_main_content_goes_but_a_signature_stays():
    article = f"<h1>Bridge to be rebuilt</h1><p>{STORY * 3}</p><p>{STORY * 2}</p>"
    sidebar = ("<h3><a href='/x'>Ferry fares go up again this winter</a></h3>"
               "<h3>impl&lt;T&gt; <a href='/clone'>Clone</a> for <a href='/vec'>Vec</a>&lt;T&gt;</h3>")
    out = textclean.clean_html_and_explain(_portal(article, sidebar), only=["boilerplate"])
    assert "Ferry fares" not in out.text and "impl<T> Clone for Vec<T>" in out.text


def test_a_paragraph_an_html_page_writes_twice_is_kept_twice():
    para = ("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut "
            "labore et dolore magna aliqua, and the rest of the paragraph.")
    page = f"<article><h1>Test page</h1><p>{para}</p><p>{para}</p><p>{STORY * 2}</p><div>Photo</div><div>Photo</div></article>"
    out = textclean.clean_html(page, only=["boilerplate"])
    assert out.count(para) == 2  # the page's text, twice
    assert out.count("Photo") == 1  # a short line the page repeats is still furniture
    # the same blocks as scraped text: the copy just below is a seam of the scraper
    from textclean.io.html import html_to_text

    assert textclean.clean(html_to_text(page), only=["boilerplate"], format="text").count(para) == 1
