"""The ``markup`` cleaner: clear HTML tags and entities go, text that merely looks like markup
stays, the result is stable, and no input makes it backtrack."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import textclean
from textclean import Context, Fix
from textclean.cleaners import markup as mk
from textclean.core.fixes import apply_fixes
from textclean.core.tags import decode_entity, entity_fixes


def clean(text: str, **options) -> str:
    return textclean.clean(text, only=["markup"], options={"markup": options} if options else None)


@pytest.mark.parametrize("text, want", [
    ("<p>Fish &amp; chips</p>", "Fish & chips"),
    ("one<br>two<br/>three<BR />four", "one\ntwo\nthree\nfour"),
    ("first para</p><p>second para", "first para\nsecond para"),
    ("Read <a href=\"/x?a=1&amp;b=2\" class='c'>the story</a> here", "Read the story here"),
    ("<b>Bold</b> and <em>italic</em> and <span style=\"x\">span</span>", "Bold and italic and span"),
    ("  <div class=\"x\">  </div>  \nText", "\nText"),
    ("name<td>value</td>next", "name value next"),
    ("<script>var a = 1 < 2 && b;</script>After", "After"),
    ("Before<style type=\"text/css\">p { x: 1 }</style> after", "Before\nafter"),
    ("Text <!-- a comment --> more", "Text  more"),
    ("<!DOCTYPE html>\nPage", "\nPage"),
    ("<script> that never ends", "that never ends"),
    ("it&#8217;s &#x201C;quoted&#x201D; &eacute; &EACUTE; &#146;", "it’s “quoted” é É ’"),
    ("non&nbsp;breaking", "non\xa0breaking"),
    ("double &amp;amp; and &amp;lt;3", "double & and <3"),
])
def test_removes_and_decodes(text, want):
    assert clean(text) == want


@pytest.mark.parametrize("text", [
    "if a < b and c > d then",
    "I <3 you",
    "x<y>z and <foo> and <customtag attr=1>",
    "AT&T, Q&A, R&D, fish & chips",
    "&nbsp without a semicolon, &bogus; &#xZZ;",
    "write &lt;p&gt; to start a paragraph",
    "the <p tag is never closed",
    "<!-- an opening without an end",
    "arrows <- and -> and <=> and <<quotes>>",
    "Η Αθήνα <και> το Σούνιο; 北京<中国>",
])
def test_leaves_text_that_is_not_markup(text):
    assert clean(text) == text


def test_provenance_names_the_tag():
    out, edits = textclean.clean_and_explain("Hello <b>world</b>&amp;<br>bye", only=["markup"])
    assert out == "Hello world&\nbye"
    assert [e.reason for e in edits] == ["html tag <b>", "html tag <b>", "html entity", "html tag <br>"]
    assert [e.before for e in edits] == ["<b>", "</b>", "&amp;", "<br>"]


def test_options():
    text = "<p>a &amp; b<br>c</p>"
    assert clean(text, remove_tags=False) == "<p>a & b<br>c</p>"
    assert clean(text, decode_entities=False) == "a &amp; b\nc"
    assert clean(text, tag_line_breaks=False) == "a & b c"


def test_entity_helpers():
    assert decode_entity("&amp;amp;") == "&"
    decode_entity("&#0;")  # whatever html.unescape says; no crash
    assert entity_fixes("a &lt;b&gt; c") == []  # would create the tag <b>
    assert entity_fixes("3 &lt; 4") == [Fix(2, 6, "<", "html entity")]


def test_a_decoding_that_would_complete_a_tag_with_a_removed_one_is_left():
    # "&lt;" next to a tag that goes: decoding it would leave "<b>" behind
    out, edits = textclean.clean_and_explain("&lt;<i></i>b>", only=["markup"])
    assert out == "&lt;b>" and {e.reason for e in edits} == {"html tag <i>"}
    assert clean(out) == out


def test_pathological_inputs_stay_linear():
    ctx = Context(options=mk.OPTIONS)
    for text in ["<script>" * 5000, "<!--" * 5000, "<a " + "x" * 100_000, "&amp;" * 20_000,
                 "<" * 50_000, "&" + "a" * 100_000]:
        fixes = mk.fix_markup(text, ctx)
        out = apply_fixes(text, fixes)
        assert apply_fixes(out, mk.fix_markup(out, ctx)) == out


pieces = st.sampled_from([
    "<p>", "</p>", "<br>", "<b>", "</b>", "<a href='x'>", "</a>", "<td>", "<!--", "-->", "<script>",
    "</script>", "&amp;", "&lt;", "&gt;", "&#8217;", "&nbsp;", "&amp;lt;", "<", ">", "&", ";", "p",
    "b", " ", "\n", "word", "é", "<3", "a < b",
])


@settings(max_examples=500, deadline=None)
@given(st.lists(pieces, max_size=30).map("".join))
def test_idempotent(text):
    once = clean(text)
    assert clean(once) == once
    both = textclean.clean(text, only=["markup", "mojibake"])
    assert textclean.clean(both, only=["markup", "mojibake"]) == both


# The seeds bundled with the repo (seeds/inputs), so this runs from any clone.
@pytest.mark.parametrize("path", sorted(__import__("pathlib").Path(__file__).resolve()
                                        .parents[1].joinpath("seeds", "inputs").glob("*.txt")),
                         ids=lambda p: p.name)
def test_seeds_have_no_markup_to_remove(path):
    text = path.read_text(encoding="utf-8")
    assert clean(text) == text


def test_html_in_markdown_and_rst_documents_is_the_authors_markup():
    import textclean

    readme = ('# Tool\n\n<p align="center"><img src="logo.png"></p>\n\n<!-- badges -->\n'
              'Use it &nbsp;now, see [the docs](https://example.org/docs).\n')
    assert textclean.clean(readme, only=["markup"]) == readme  # Markdown from its content
    assert textclean.clean("Use <b>it</b>.\n", only=["markup"], format="rst") == "Use <b>it</b>.\n"
    assert textclean.clean("Use <b>it</b>.\n", only=["markup"]) == "Use it.\n"  # scraped text


def test_the_tag_lists_written_out_are_still_beautifulsoups():
    # (core/tags.py writes them out so that a plain-text run need not import bs4)
    from bs4.builder import HTMLTreeBuilder

    from textclean.core.tags import BS4_BLOCK, BS4_EMPTY

    assert BS4_BLOCK >= set(HTMLTreeBuilder.DEFAULT_BLOCK_ELEMENTS)
    assert BS4_EMPTY >= set(HTMLTreeBuilder.DEFAULT_EMPTY_ELEMENT_TAGS)
