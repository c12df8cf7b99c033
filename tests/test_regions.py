"""Text kinds: code, tables and section markup are found, and pass through the prose cleaners
byte for byte, while the prose around them is still cleaned (issue 18, first part)."""

import re
import sys
import types

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import textclean
from textclean import Cleaner, Fix, Pipeline, Stage, hookimpl
from textclean.core.regions import find_regions, overlaps

PROSE = ("The Prime Miister said on Tuesday that the goverment would recieve the report.\n\n"
         "Leave a Reply\n\nYour email address will not be published.\n")

BLOCKS = {
    "fenced code": "```json\n{\n  \"a\": 1,\n  \"b\": [\n    2\n  ],\n}\n```\n",
    "fenced shell with continuations": "~~~sh\n$ ./configure \\\n    --prefix=/usr   \\\n    --enable-x\n\n\n$ make\n~~~\n",
    "markdown table": "| Option | Default |\n|:------:|--------:|\n| `-j`   |     1   |\n| `-o`   |   none  |\n",
    "rst literal block": "Install it with::\n\n    pip install  textclean\n    textclean --help   \n\n",
    "rst code directive": ".. code-block:: python\n\n    x = {\n        'teh': 1,\n    }\n\n",
    "rst grid table": "+------+------+\n| a    | b    |\n+======+======+\n| 1    | 2    |\n+------+------+\n",
    "section title": "Usage\n=====\n",
    "rst simple table": "=====  =========  ====\nname   teh size   unit\n=====  =========  ====\nsmall  1          kb\n\nlarge  20         mb\n=====  =========  ====\n",
    "columns without borders": ("  ptdump        Example implementation of a packet dumper\n\n"
                                "  pttc          A trace test generator\n\n"
                                "  pevnt         A library for reading Linux perf  event records\n"
                                "                and the second line of its cell\n"),
}


def kinds(text):
    return [(r.kind, text[r.start:r.end]) for r in find_regions(text)]


def test_each_block_is_found_with_its_kind():
    assert kinds(BLOCKS["fenced code"]) == [("code", BLOCKS["fenced code"])]
    assert kinds(BLOCKS["markdown table"]) == [("table", BLOCKS["markdown table"])]
    assert kinds(BLOCKS["rst grid table"]) == [("table", BLOCKS["rst grid table"])]
    assert kinds(BLOCKS["section title"]) == [("markup", BLOCKS["section title"])]
    literal = BLOCKS["rst literal block"]
    assert kinds(literal) == [("code", "    pip install  textclean\n    textclean --help   \n")]
    directive = BLOCKS["rst code directive"]
    assert kinds(directive) == [("code", directive.rstrip("\n") + "\n")]


def test_an_unclosed_fence_runs_to_the_end_and_a_longer_fence_closes_it():
    assert kinds("a\n```\ncode\n") == [("code", "```\ncode\n")]
    assert kinds("````\n```\nstill code\n````\nprose\n") == [("code", "````\n```\nstill code\n````\n")]


def test_prose_that_only_looks_like_markup_is_prose():
    menu = "Home | News | Sport | Weather\n\nThe article starts here.\n"
    assert find_regions(menu) == []  # no rule row: a menu, not a table
    assert find_regions("A sentence ends here.\n---\nAnother one.\n")[0].kind == "markup"  # setext heading
    assert find_regions("Use this:\n```\ncode\n```\n")[0].kind == "code"  # a fence is not an underline
    assert find_regions("Say it like this: yes.\n\nIndented prose stays prose.\n") == []


def test_columns_need_three_rows_lined_up_by_padding():
    table = BLOCKS["columns without borders"]
    assert kinds("Modules:\n\n" + table) == [("table", table)]
    # two rows are not yet a table; a justified paragraph's doubled spaces are not columns
    assert kinds("  ab    one\n  cd    two\n") == []
    justified = "The  city  council  met  on  Tuesday.\n" * 3
    assert kinds(justified) == []
    assert textclean.clean(justified).startswith("The city council met on Tuesday.")


def test_a_column_of_figures_aligned_on_the_right_is_a_table():
    """Figures aligned on the right leave gaps of different widths, so the rows' first gaps
    end at different columns; the channel of spaces they share makes them a table, which
    the whitespace cleaner then leaves as it is."""
    table = ("Item            Qty    Price\n"
             "Apples            3     1.20\n"
             "Bananas          12     0.50\n"
             "Cherries        100    10.00\n")
    text = "Prices this week, as the stall holders gave them.\n\n" + table + "\nAll prices include tax.\n"
    assert kinds(text) == [("table", table)]
    assert textclean.clean(text) == text
    # the figures of a justified paragraph do not line up into a channel
    justified = ("In  1998  the  council  spent  4  million\n"
                 "on  roads,  in  1999  it  spent  12  million\n"
                 "and  in  the  year  2000  nearly  15  million.\n")
    assert kinds(justified) == []


def test_overlaps_counts_shared_characters_and_inner_insertions():
    regions = find_regions("x\n```\ncode\n```\ny\n")
    start, end = regions[0].start, regions[0].end
    assert overlaps(regions, start - 1, start) is None  # just before
    assert overlaps(regions, end, end + 1) is None  # just after
    assert overlaps(regions, start, start) is None and overlaps(regions, end, end) is None
    assert overlaps(regions, start + 1, start + 1) == regions[0]  # an insertion inside
    assert overlaps(regions, start - 1, start + 1) == regions[0]


def test_code_and_tables_pass_the_default_pipeline_byte_for_byte_and_prose_is_cleaned():
    for name, block in BLOCKS.items():
        doc = PROSE + "\n" + block + "\n" + PROSE
        out = textclean.clean(doc)
        assert block.rstrip("\n") in out, name
        assert "Leave a Reply" not in out, name  # the prose around it is still cleaned


_FENCED, _LOOSE = "text x\n\n```\ncode x\n```\n", "text x\n\ny = f(x)\nprint(x)\n"


@pytest.mark.parametrize("kinds, text, expected", [
    (None, _FENCED, "teXt X\n\n```\ncode X\n```\n"),  # declares nothing: today's behaviour, sees everything
    (frozenset({"prose"}), _FENCED, "teXt X\n\n```\ncode x\n```\n"),
    (frozenset({"prose", "code"}), _FENCED, "teXt X\n\n```\ncode X\n```\n"),
    # code without markup is a kind of its own, which a cleaner may declare
    (frozenset({"prose"}), _LOOSE, "teXt X\n\ny = f(x)\nprint(x)\n"),
    (frozenset({"prose", "unmarked-code"}), _LOOSE, "teXt X\n\ny = f(X)\nprint(X)\n"),
])
def test_the_host_applies_a_cleaner_only_where_it_is_competent(monkeypatch, kinds, text, expected):
    def shout(text, ctx):
        return [Fix(i, i + 1, "X", "x to X") for i, c in enumerate(text) if c == "x"]

    # a module name of its own per case: plugin sets are cached by the names of their modules
    plugin = types.ModuleType(f"tc_shout_{'_'.join(sorted(kinds or ['all']))}_{len(text)}".replace("-", "_"))
    plugin.textclean_register_cleaners = hookimpl(
        lambda: [Cleaner("shout", shout, Stage.WORDS, "x to X", kinds=kinds)])
    monkeypatch.setitem(sys.modules, plugin.__name__, plugin)
    p = Pipeline({"autoload": False, "plugins": [plugin.__name__], "only": ["shout"]})
    assert p.clean(text) == expected


def test_boilerplate_judges_code_without_markup_as_it_judges_every_line():
    # (it removes whole lines, and a script a scraper left in a page's text is boilerplate)
    assert "unmarked-code" in {c.name: c for c in textclean.Pipeline().cleaners}["boilerplate"].kinds


UNMARKED = {
    "python": "def load(path):\n    confg = open(path).read()  # teh  settings\n    return confg\n",
    "c": "int main(void) {\n    printf(\"helo,  world\\n\");\n    return 0;\n}\n",
    "javascript": "const totl = items.reduce((a, b) => a + b, 0);\nconsole.log(\"teh  total\", totl);\n",
    "shell": "$ sudo apt-get install  libteh-dev\n$ ./configure --enable-recieve\n$ make\n",
    "sql": "SELECT name,  COUNT(*) AS total\nFROM orders\nWHERE status = 'recieved'\nGROUP BY name;\n",
    "diff": "--- a/main.py\n+++ b/main.py\n@@ -1,2 +1,2 @@\n-def recieve(x):\n+def receive(x):\n     return x  # teh\n",
    # (structured data: a configuration's values and a CSV file's fields are not prose either)
    "yaml": "server:\n  host:  localhost\n  mode: recieve\nlogging:\n  level: debug\n",
    "csv": "id,name,city\n1,Jon Smtih,Londn\n2,Ana  Garcia,Madird\n",
    "tsv": "name\tqty\nteh apples  \t3\npears\t12\n",
}


@pytest.mark.parametrize("name", sorted(UNMARKED))
def test_code_pasted_without_markup_passes_through_the_prose_cleaners(name):
    # (typos would correct the comment's "teh", whitespace fold its two spaces, line_breaks
    # join its lines: none of them understands code)
    code = UNMARKED[name]
    doc = f"To read the settings, call it once the program starts.\n\n{code}\nThe goverment said so.\n"
    assert [r.kind for r in find_regions(doc)] == ["unmarked-code"]
    out = textclean.clean(doc)
    assert code in out and "The government said so." in out


def test_a_markdown_hard_line_break_is_kept():
    poem = "# Poem\n\nSee [the source](https://example.org/poem).\n\nRoses are red,  \nViolets are blue.  \nSugar.  \n\nEnd.\n"
    assert textclean.clean(poem) == poem.replace("Sugar.  \n", "Sugar.\n")  # (not before a blank line)
    assert textclean.clean("Roses are red,  \nViolets are blue.\n") == "Roses are red,\nViolets are blue.\n"


_WORDS = st.sampled_from(["The", "report", "said", "goverment", "Miister", "that", "it", "was", "fine", "Home",
                          "Share", "|", "::", "==", "--", "```", "{", "}", "],", "  ", "\t"])
_LINE = st.lists(_WORDS, min_size=0, max_size=8).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(before=st.lists(_LINE, max_size=6).map("\n".join), after=st.lists(_LINE, max_size=6).map("\n".join),
       block=st.sampled_from(sorted(BLOCKS)), lines=st.lists(_LINE, min_size=1, max_size=5))
def test_code_blocks_embedded_in_english_pass_through(before, after, block, lines):
    body = "\n".join(line.replace("```", "'''").replace("~~~", "'''") for line in lines)
    fenced = f"```text\n{body}\n```\n"
    for piece in (fenced, BLOCKS[block]):
        doc = f"{PROSE}\n{before}\n\n{piece}\n{after}\n"
        out = textclean.clean(doc)
        assert piece.rstrip("\n") in out


def test_inline_code_spans_and_urls_are_inline_regions():
    text = "Call ``x  =  1`` or `pip  install` at https://example.org/a?b=c, or www.example.org.\n"
    found = [(r.kind, text[r.start:r.end], r.inline) for r in find_regions(text)]
    assert found == [("code", "``x  =  1``", True), ("code", "`pip  install`", True),
                     ("url", "https://example.org/a?b=c", True), ("url", "www.example.org", True)]
    # whitespace inside them is kept, around them it is repaired
    out = textclean.clean("Use  `a  =  b`  here.\n", only=["whitespace"])
    assert out == "Use `a  =  b` here.\n"


def test_a_fix_covering_a_whole_inline_region_is_not_held_back():
    text = "Share this: https://example.org/share\n"
    regions = find_regions(text)
    assert overlaps(regions, 0, len(text)) is None  # the whole line, URL and all
    assert overlaps(regions, 12, 20) is not None  # inside the URL


def test_indented_code_only_in_markdown_and_not_after_a_list_item():
    code = "Example:\n\n    x  =  1\n    y = 2\n\nAfter.\n"
    assert [(r.kind, code[r.start:r.end]) for r in find_regions(code, "markdown")] == [
        ("code", "    x  =  1\n    y = 2\n")]
    # plain text: indentation alone is not code; the shape of the lines is
    assert [(r.kind, code[r.start:r.end]) for r in find_regions(code)] == [
        ("unmarked-code", "    x  =  1\n    y = 2\n")]
    verse = "Example:\n\n    The woods are lovely, dark and deep,\n    But I have promises to keep.\n\nAfter.\n"
    assert find_regions(verse) == []
    listed = "- an item\n\n    its second paragraph\n"
    assert find_regions(listed, "markdown") == []
    out = textclean.clean("# Title\n\nExample:\n\n    x  =  1   \n\nAfter  that.\n", format="markdown",
                          only=["whitespace"])
    assert out == "# Title\n\nExample:\n\n    x  =  1   \n\nAfter that.\n"


def test_tex_style_quotes_are_not_code_spans():
    assert find_regions("He said ``evene so'' and ``no'' again.") == []


def test_rst_simple_tables_run_to_the_border_a_blank_line_follows():
    table = "=====  =====\nname   size\n=====  =====\nsmall  1\nlarge  20\n=====  =====\n"
    assert kinds("Sizes:\n\n" + table + "\nAfter.\n") == [("table", table)]
    # two columns of "=" with no closing border before a blank line: not a table
    assert kinds("=====  =====\nname   size\nmore\n") == []
    # a single run of "=" is a title's underline
    assert kinds("Title\n=====\n") == [("markup", "Title\n=====\n")]


def test_markdown_and_rst_paragraphs_are_the_formats_own():
    # a single newline inside a paragraph is a soft wrap there, never a paragraph break, and a
    # blank line is never a sentence split to rejoin
    rst = ("Overhead is low, about 60ns per iteration, and is\n"
           "unit tested against performance regression.\n"
           "By comparison, the well-established library has\n"
           "an overhead of 800ns per iteration.\n\n"
           "Options are read from the\n\n"
           "* environment\n* command line\n")
    for fmt in ("rst", "markdown"):
        edits = Pipeline({"only": ["line_breaks"]}).explain(rst, format=fmt).edits
        assert not [e for e in edits if "paragraph break" in e.reason or "rejoin" in e.reason], fmt
    # as plain text the same lines are judged as web text is
    assert Pipeline({"only": ["line_breaks"]}).clean(rst, format="text") != rst


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([
    "Title", "=====", "-----", "~~~~", "```", "```py", "~~~", "Text here.", "a::", "", ".. code:: py",
    "    x = 1", "+---+---+", "| a | b |", "|---|---|", "=== ===", "x   y", "---", "key: v",
    "  ab     cell", "  abcdef  cell", "         more", "a.  b",
    ".. note::", ":opt: 1", "::"]), min_size=1, max_size=30), st.sampled_from(["\n", "\r\n"]))
def test_asking_only_the_lines_at_triggers_finds_what_a_walk_of_every_line_finds(lines, sep):
    from textclean.core.regions import _blocks

    text = sep.join(lines)
    for fmt in ("text", "rst"):
        assert _blocks(text, fmt) == _blocks(text, fmt, every_line=True)


def test_trigger_lines_are_found_where_they_start_in_code_points():
    # (a title's underline and a literal block's "::" line; "é" before them: offsets count
    # code points, as Python does, not the core's UTF-8 bytes)
    from textclean import _native

    assert sorted(_native.region_triggers("Title\n=====\nSee::\n\n    code\n", 3)[0]) == [6, 12]
    assert sorted(_native.region_triggers("\u00e9t\u00e9\n=====\nplain\n", 3)[0]) == [4]
    assert _native.region_triggers("a\u2028b", 3)[1] and not _native.region_triggers("a\r\nb", 3)[1]


_SIGN_PIECES = ["# ", "## x", "   # T", "```", "~~~", "](", "](http://x.org)", "](./a)", "](#s)", "[a]: ",
                "[ref]: http://x", ".. ", ".. note::", ".. _t:", ":ref:`", ":py:func:`", "`a <b>`_",
                ">`_", "\n", "\n", " ", "x", "]", "(", ")", ":", "`", "\u00e9", "\u2028",
                # (where Python's classes and the regex crate's differ: separators, numbers, marks)
                "\x1c", "\u00b2", "\u0301", "\u00a0", ".. a\u00b2::", ".. a\u0301::", ":py:\u00b2:`"]


# The patterns the core counts, as Python's re wrote them (the oracle of the test below).
_MD_SIGNS = [re.compile(p) for p in (r"\n {0,3}#{1,6} \S", r"\n {0,3}(?:```|~~~)",
                                     r"\]\((?:https?://|\.{0,2}/|#)[^)\s]*\)", r"\n {0,3}\[[^\]\n]+\]: \S")]
_RST_SIGNS = [re.compile(p) for p in (r"\n\.\. [A-Za-z][\w-]*::", r"\n\.\. _[^:\n]+:",
                                      r":(?:ref|doc|class|func|meth|mod|py:\w+):`", r"`[^`\n]+ <[^>\n]+>`_")]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_SIGN_PIECES), max_size=40).map("".join), st.integers(0, 400))
def test_the_signs_of_a_format_are_counted_as_re_counts_them(text, limit):
    # (in the first ``limit`` characters, after a line break)
    from textclean import _native

    head = "\n" + text[:limit]
    assert _native.format_signs(text, limit) == tuple(sum(len(p.findall(head)) for p in signs)
                                                      for signs in (_MD_SIGNS, _RST_SIGNS))


_SPAN = st.tuples(st.integers(0, 60), st.integers(0, 12)).map(lambda t: (t[0], t[0] + t[1]))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_SPAN, st.sampled_from(["code", "url", "table"]), st.booleans()), max_size=8),
       st.lists(st.tuples(st.integers(0, 6), st.integers(0, 4), st.sampled_from(["x", "", "\n"])), max_size=12),
       st.text(st.sampled_from("ab\n"), min_size=120, max_size=120))
def test_fixes_are_held_back_by_regions_as_each_alone_would_be(regions, steps, text):
    # sorted regions (inline ones may overlap each other), sorted non-overlapping fixes: the
    # host's single pass over both drops exactly the fixes that touch a region, and those
    # that end where a block starts without leaving a line start there
    from textclean.core.pipeline import _within_competence
    from textclean.core.regions import Region

    found = sorted(Region(s, e, kind, inline) for (s, e), kind, inline in regions)
    fixes, pos = [], 0
    for gap, width, rep in steps:
        fixes.append(Fix(pos + gap, pos + gap + width, rep if width or rep else "x", "r"))
        pos += gap + width
    cleaner = Cleaner("prose", lambda text, ctx: None, Stage.WORDS, "prose", kinds=frozenset({"prose", "table"}))
    outside = [r for r in found if r.kind not in cleaner.kinds]

    def line_start_lost(f):
        kept = f.replacement.endswith("\n") if f.replacement else f.start == 0 or text[f.start - 1] == "\n"
        return not kept and any(not r.inline and r.start > 0 and f.end == r.start for r in outside)

    assert _within_competence(cleaner, fixes, found, text) == [
        f for f in fixes if overlaps(outside, f.start, f.end) is None and not line_start_lost(f)]
