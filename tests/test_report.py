"""The HTML report (textclean.report): its structure, its escaping of untrusted text, that it
loads nothing from the network, the cleaners' colours, that the page is its asset files
filled in, its size on the seeds and its paging at 10,000 documents.

What a person sees in a browser is tested in test_report_browser.py; these tests read the
HTML and the JSON it embeds."""

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

import textclean
import textclean.io.files
import textclean.report as report
import textclean.report.render
from textclean import Edit
from textclean.report import (BUILTIN_COLOURS, ReportDocument, cleaner_colour, removed_blocks,
                              removed_share, render_report, segments, write_report)
from textclean.report.colours import MIN_CONTRAST, contrast
from textclean.report.render import asset

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds" / "inputs"


def E(cleaner, start, end, before, after, reason="why"):
    return Edit(cleaner, start, end, before, after, reason, (start, end))


class Scripts(HTMLParser):
    """Collects <script> elements (attributes, text) and every start tag, as a browser's
    tokenizer sees them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts, self.tags, self.current = [], [], None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self.current = [dict(attrs), ""]

    def handle_data(self, data):
        if self.current is not None:
            self.current[1] += data

    def handle_endtag(self, tag):
        if tag == "script" and self.current is not None:
            self.scripts.append(tuple(self.current))
            self.current = None


def parse(page):
    p = Scripts()
    p.feed(page)
    p.close()
    return p


def payloads(page):
    """(index, [per-document data]) as the page's script would read them."""
    # (a regex suffices: the embedded JSON never contains "<"; the escaping tests use a parser)
    data = {m[1]: json.loads(m[2]) for m in re.finditer(
        r'<script type="application/json" id="([^"]+)">(.*?)</script>', page, re.S)}
    index = data.pop("tc-index")
    return index, [data[f"d{i}"] for i in range(len(index["docs"]))]


def u16_slice(text, start, end):
    """``text[start:end]`` in UTF-16 code units, as JavaScript's String.slice counts."""
    return text.encode("utf-16-le")[2 * start:2 * end].decode("utf-16-le")


# ---------------------------------------------------------------------------------------------
# segmentation of overlapping edits


def test_segments_split_partial_overlaps_and_keep_every_covering_edit():
    edits = [E("markup", 2, 6, "xxxx", "y"), E("boilerplate", 4, 9, "zzzzz", "")]
    got = [(s.start, s.end, s.edits) for s in segments(edits)]
    assert got == [(2, 4, (0,)), (4, 6, (0, 1)), (6, 9, (1,))]


def test_segments_nesting_and_insertions():
    edits = [E("mojibake", 3, 5, "¬†", "\xa0"), E("line_breaks", 8, 8, "", "\n"),
             E("boilerplate", 0, 10, "x" * 10, "")]
    got = [(s.start, s.end, s.edits) for s in segments(edits)]
    assert got == [(0, 3, (2,)), (3, 5, (0, 2)), (5, 8, (2,)), (8, 8, (1, 2)), (8, 10, (2,))]
    # the segments tile the covered region without overlap
    segs = segments(edits)
    assert all(a.end <= b.start for a, b in zip(segs, segs[1:]))


def test_removed_blocks_merge_adjacent_removals_across_whitespace():
    text = "Body text.\n\nLeave a Reply\n\nYour email address will not be published.\nEnd"
    a = text.index("Leave")
    b = text.index("Your")
    c = text.index("\nEnd")
    edits = [E("boilerplate", a, a + 13, "Leave a Reply", ""), E("boilerplate", b, c, text[b:c], "")]
    assert removed_blocks(text, edits) == [(a, c)]
    assert removed_blocks(text, edits[:1]) == []  # one line is not a block
    assert removed_share(text, edits) == pytest.approx((13 + c - b) / len(text))


# ---------------------------------------------------------------------------------------------
# structure of the embedded data


def test_document_data_round_trips():
    original = "Prime Miister said.\nLeave a Reply\nYour email will not be published.\n"
    cleaned = "Prime Minister said.\n"
    s = original.index("Leave")
    edits = [E("typos", 6, 13, "Miister", "Minister", "typo: Miister -> Minister"),
             E("boilerplate", s, len(original), original[s:], "", "comment form (WordPress)")]
    index, (d,) = payloads(render_report([ReportDocument("a.txt", original, cleaned, edits)]))
    assert index["cleaners"] == ["typos", "boilerplate"]
    assert index["docs"][0][:4] == ["a.txt", len(original.encode()), len(cleaned.encode()), 2]
    assert d["o"] == original and d["c"] == cleaned
    reasons = [index["reasons"][e[1]] for e in d["e"]]
    assert reasons == ["typo: Miister -> Minister", "comment form (WordPress)"]
    assert [e[4] for e in d["e"]] == ["Minister", ""]
    assert [e[6] & 1 for e in d["e"]] == [0, 1]  # the removal flag
    assert d["s"] == [[6, 13, [0]], [s, len(original), [1]]]
    assert d["b"] == [[s, len(original), 2, [1]]]


def test_unchanged_document_is_embedded_once():
    _, (d,) = payloads(render_report([ReportDocument("a.txt", "clean text\n", "clean text\n", [])]))
    assert d["o"] == "clean text\n" and "c" not in d and d["s"] == []


def test_offsets_are_utf16_for_javascript():
    original = "😀 emoji 𝒜 then  two spaces"
    at = original.index("  ")
    _, (d,) = payloads(render_report([ReportDocument(
        "a", original, original.replace("  ", " "), [E("whitespace", at, at + 2, "  ", " ")])]))
    (seg,) = d["s"]
    assert u16_slice(original, seg[0], seg[1]) == "  "
    assert (d["e"][0][2], d["e"][0][3]) == (seg[0], seg[1])


def test_an_edit_rewritten_by_a_later_cleaner_is_marked_superseded():
    original = "keep. Log\xa0Out ¬† now\n"
    s = original.index("¬†")
    edits = [E("mojibake", s, s + 2, "¬†", "\xa0"), E("boilerplate", 6, len(original), "...", "")]
    _, (d,) = payloads(render_report([ReportDocument("a", original, "keep. ", edits)]))
    assert d["e"][0][6] & 2 and not d["e"][1][6] & 2
    # the mojibake edit saw the same text as the original, so its "before" is not repeated
    assert d["e"][0][5] is None and d["e"][1][5] == "..."


def test_out_of_range_edits_are_clamped_not_fatal():
    page = render_report([ReportDocument("a", "short", "short", [E("x", 3, 99, "rt", ""), E("x", -4, 1, "s", "")])])
    _, (d,) = payloads(page)
    assert all(0 <= g[0] <= g[1] <= 5 for g in d["s"])


def test_skipped_document_shows_its_reason_and_stays_out_of_the_histogram():
    docs = [ReportDocument("ok.txt", "a", "a", []),
            ReportDocument("bad.bin", "", "", [], error="binary data (NUL bytes)")]
    page = render_report(docs)
    index, _ = payloads(page)
    assert index["docs"][1][6] == "binary data (NUL bytes)"
    assert "1 skipped" in page
    assert 'aria-label="1 document with no text removed' in page


def test_accepts_a_generator_and_keeps_input_order():
    docs = (ReportDocument(f"{i}.txt", f"text {i}", f"text {i}", []) for i in range(3))
    index, data = payloads(render_report(docs))
    assert [r[0] for r in index["docs"]] == ["0.txt", "1.txt", "2.txt"]
    assert [d["o"] for d in data] == ["text 0", "text 1", "text 2"]


# ---------------------------------------------------------------------------------------------
# overview


def test_overview_counts_cleaners_boilerplate_lines_and_histogram():
    docs = []
    for i in range(4):
        original = f"Story {i} body.\nLeave a Reply\n"
        s = original.index("Leave")
        edits = [E("boilerplate", s, len(original), original[s:], "", "comment form (WordPress)")]
        if i == 0:
            edits.insert(0, E("typos", 0, 5, "Story", "StorY", "typo"))
        docs.append(ReportDocument(f"{i}.txt", original, original[:s], edits))
    docs.append(ReportDocument("same.txt", "nothing to do", "nothing to do", []))
    page = render_report(docs, title="Corpus <A&B>")
    assert "<title>Corpus &lt;A&amp;B&gt;</title>" in page
    assert 'aria-label="boilerplate: 4 edits in 4 docs; show these documents"' in page
    assert 'aria-label="typos: 1 edit in 1 doc; show these documents"' in page
    # the most frequent removed line, with its document and occurrence counts
    row = re.search(r'<tr><td class="num">(\d+)</td><td class="num">(\d+)</td><td><button[^>]*>'
                    r'Leave a Reply</button>', page)
    assert row and row.groups() == ("4", "4")
    index, _ = payloads(page)
    bins = [r[7] for r in index["docs"]]
    assert bins.count(0) == 1 and len(bins) == 5
    counts = [int(n) for n in re.findall(r'aria-label="(\d+) documents? with', page)]
    assert sum(counts) == 5 and len(counts) == len(index["bins"])


# ---------------------------------------------------------------------------------------------
# untrusted text


EVIL = ('<script>window.__pwned=1</script></script><!--<script> <img src=x onerror="alert(1)"> '
        '</SCRIPT ><svg onload=alert(2)> &lt;b&gt; \u2028 "quote" \'apos\' \\u003c')


def test_untrusted_text_never_becomes_markup():
    doc = ReportDocument(
        path=EVIL, original=EVIL + " tail", cleaned=" tail",
        edits=[Edit(EVIL[:20], 0, len(EVIL), EVIL, "", EVIL, (0, len(EVIL)))],
        error=None)
    page = render_report([doc, ReportDocument("e", "", "", [], error=EVIL)], title=EVIL)
    p = parse(page)
    # exactly our scripts: the index, one data block per document, and the page script
    kinds = [a.get("type") for a, _ in p.scripts]
    assert kinds == ["application/json"] * 3 + [None]
    assert page.count("<script") == 4 and page.lower().count("</script") == 4
    assert not any(tag in ("img", "svg") and ("onerror" in attrs or "onload" in attrs)
                   for tag, attrs in p.tags)
    assert not any(k.startswith("on") for _, attrs in p.tags for k in attrs)
    # and the text survives exactly, to be shown as text
    index, (d, e) = payloads(page)
    assert d["o"] == EVIL + " tail" and index["docs"][0][0] == EVIL
    assert index["cleaners"] == [EVIL[:20]] and index["reasons"] == [EVIL]
    assert index["docs"][1][6] == EVIL
    # the page script writes document data only as text nodes, never as HTML
    script = p.scripts[-1][1]
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script
    assert "document.write" not in script and "eval(" not in script


def test_script_json_escapes_everything_that_could_end_or_comment_a_script():
    s = report.script_json({"x": "</script><!-- & /\u2028\u2029"})
    assert not set("<>&") & set(s) and "/" not in s.replace("\\/", "")
    assert json.loads(s) == {"x": "</script><!-- & /\u2028\u2029"}


# ---------------------------------------------------------------------------------------------
# self-containment


def test_page_loads_nothing_from_anywhere():
    text = ("See https://example.com/a.js and http://cdn.example/x.css "
            "<link rel=stylesheet href=https://e.example/s.css> @import url(http://x)")
    page = render_report([ReportDocument("https://example.com/page", text, text, [],)])
    assert "http://" not in page and "https://" not in page
    p = parse(page)
    assert not [t for t, _ in p.tags if t in ("link", "img", "iframe", "object", "embed", "base")]
    assert not [a for _, a in p.tags if "src" in a or "href" in a]
    assert "@import" not in page.replace("@import url(http:\\/\\/x)", "")
    assert not re.search(r"url\(\s*['\"]?(?!data:)", page.replace("@import url(http:\\/\\/x)", ""))
    # the Content-Security-Policy forbids every fetch and runs only our script, by hash
    csp = next(a["content"] for t, a in p.tags
               if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    script = p.scripts[-1][1]
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in csp


# ---------------------------------------------------------------------------------------------
# colours


def colour_rules(page):
    return dict(re.findall(r"\.c(\d+)\{--c:(#[0-9a-f]{6})\}", page))


def test_builtin_cleaners_keep_their_colours():
    names = ["markup", "mojibake", "line_breaks", "boilerplate", "typos", "whitespace"]
    text = "abcdefghijkl"
    edits = [E(name, 2 * i, 2 * i + 1, text[2 * i], "x") for i, name in enumerate(names)]
    page = render_report([ReportDocument("a", text, text, edits)])
    index, _ = payloads(page)
    assert index["cleaners"] == names
    assert index["colours"] == ["#827400", "#a85886", "#0072b2", "#c34e00", "#00855c", "#6c7778"]
    assert index["colours"] == [BUILTIN_COLOURS[n] for n in names]
    assert colour_rules(page) == {str(i): c for i, c in enumerate(index["colours"])}


def is_grey(colour):
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return max(r, g, b) - min(r, g, b) < 50  # whitespace's #6c7778: 12


def test_a_plugin_cleaner_gets_its_own_readable_colour_from_its_name():
    text = "the colour red  here"
    edits = [E("us_spelling", 4, 10, "colour", "color"), E("whitespace", 14, 16, "  ", " ")]
    page = render_report([ReportDocument("a", text, "the color red here", edits)])
    index, _ = payloads(page)
    colour = cleaner_colour("us_spelling")
    assert index["colours"] == [colour, BUILTIN_COLOURS["whitespace"]]
    assert colour_rules(page)["0"] == colour
    assert f'fill="{colour}"' in page  # its bar in the overview chart
    # not a default: not grey, not a built-in's colour, and readable as text on the page's
    # backgrounds and under white text
    assert not is_grey(colour) and colour not in BUILTIN_COLOURS.values()
    assert contrast(colour, "#ffffff") >= MIN_CONTRAST >= 4.5
    assert contrast(colour, "#f6f7f9") >= 4.5
    # derived from the name alone: the same in a report where other cleaners come first
    other = [E("boilerplate", 0, 4, "the ", ""), E("drop_ads", 17, 20, "ere", ""),
             E("us_spelling", 4, 10, "colour", "color")]
    index2, _ = payloads(render_report([ReportDocument("b", text, text, other)]))
    assert index2["cleaners"] == ["boilerplate", "drop_ads", "us_spelling"]
    assert index2["colours"][2] == colour
    assert index2["colours"][1] not in (colour, *BUILTIN_COLOURS.values())


def test_plugin_colours_are_distinct_and_readable_for_many_names():
    names = [f"plugin_{i}" for i in range(200)] + ["", "x", "日本語", "\ud800", EVIL]
    colours = [cleaner_colour(n) for n in names]
    assert all(re.fullmatch(r"#[0-9a-f]{6}", c) for c in colours)
    assert all(contrast(c, "#ffffff") >= MIN_CONTRAST and not is_grey(c) for c in colours)
    assert not set(colours) & set(BUILTIN_COLOURS.values())
    assert len(set(colours)) > 0.85 * len(names)  # a hash: a few names may share one


# ---------------------------------------------------------------------------------------------
# the asset files


def test_page_is_the_template_filled_with_the_css_and_script_files():
    page = render_report([ReportDocument("a.txt", "a  b", "a b", [E("whitespace", 1, 3, "  ", " ")])],
                         title="Title with {{ data }} in it")
    assert asset("report.css") in page and asset("report.js") in page
    assert page.startswith("<!doctype html>")  # the template's comment for editors is dropped
    assert "{#" not in page and not re.search(r"\{\{ \w+ \}\}", page.replace("{{ data }} in it", ""))
    assert page.count("Title with {{ data }} in it") == 2  # a slot's text is not filled again
    p = parse(page)
    assert p.scripts[-1][1] == "\n" + asset("report.js")


# ---------------------------------------------------------------------------------------------
# size and scale


def seed_documents():
    pipeline = textclean.Pipeline({"autoload": False})
    docs = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = textclean.decode(path.read_bytes()).text
        try:
            out, edits = pipeline.explain(text)
            docs.append(ReportDocument(path.name, text, out, edits))
        except textclean.CleanerError as exc:  # a cleaner mid-rewrite must not hide the rest
            docs.append(ReportDocument(path.name, text, text, [], error=str(exc)))
    return docs


def test_seed_report_is_small():
    docs = seed_documents()
    assert len(docs) == 5
    page = render_report(docs).encode("utf-8")
    inputs = sum(p.stat().st_size for p in SEEDS.glob("*.txt"))
    # two copies of the text (original and cleaned), the edits, and ~40 kB of page
    assert len(page) < 3 * inputs + 60_000, len(page)
    assert len(page) < 200_000


def test_ten_thousand_documents_are_paged_not_rendered():
    n = 10_000
    docs = []
    for i in range(n):
        original = f"Document {i} says hello  world.\nLeave a Reply\n"
        s = original.index("Leave")
        docs.append(ReportDocument(
            f"crawl/{i:05d}.txt", original, original[:s].replace("  ", " "),
            [E("whitespace", 20 + len(str(i)), 22 + len(str(i)), "  ", " ", "repeated spaces"),
             E("boilerplate", s, len(original), original[s:], "", "comment form (WordPress)")]))
    page = render_report(docs)
    texts = sum(len(d.original) + len(d.cleaned) for d in docs)
    # size stays linear: the texts plus a bounded overhead per document
    assert len(page.encode()) < texts + 300 * n + 60_000
    # no per-document markup: the list is built page by page, the document on demand
    assert page.count("<li>") + page.count("<li ") == 0 and page.count('class="ed') == 0
    assert '<ol id="rows"></ol>' in page
    index, data = payloads(page)
    assert len(index["docs"]) == n and len(data) == n and index["page"] == report.PAGE_SIZE <= 100
    # the reason table is shared, not repeated per document
    assert len(index["reasons"]) == 2
    assert "10,000 documents" in page


# ---------------------------------------------------------------------------------------------
# writing


def test_write_report_is_atomic_and_complete(tmp_path, monkeypatch):
    calls = []
    real = textclean.io.files.atomic_write
    monkeypatch.setattr(textclean.report.render, "atomic_write", lambda path, data: (calls.append(path), real(path, data)))
    docs = [ReportDocument("a.txt", "a  b", "a b", [E("whitespace", 1, 3, "  ", " ")])]
    target = tmp_path / "out" / "report.html"
    write_report(target, docs, title="mine")
    assert calls == [target]
    assert target.read_text(encoding="utf-8") == render_report(docs, title="mine")
    assert not [p for p in target.parent.iterdir() if p.name != "report.html"]


def test_repairs_are_not_removed_lines_and_counts_read_right():
    from textclean.report.model import is_removal

    text = "Caf\u00c3\u00a9 and a\u00ac\u00a0space.\r\nLeave a Reply\n"
    edits = [Edit("mojibake", 10, 12, "\u00ac\u00a0", " ", "mojibake: utf-8 read as macroman", (10, 12)),
             Edit("whitespace", 18, 20, "\r\n", "\n", "line ending '\\r\\n' -> '\\n'", (18, 20)),
             Edit("boilerplate", 20, 34, "Leave a Reply\n", "", "comment form", (20, 34))]
    assert [is_removal(e) for e in edits] == [False, False, True]
    page = render_report([ReportDocument("a.txt", text, "x", edits)])
    top = re.findall(r'data-q="([^"]*)"', page[page.index("Most frequent removed lines"):])
    assert top == ["Leave a Reply"]  # not the "¬" of a repaired non-breaking space
    assert "· 1 document ·" in page and "1 documents" not in page


def test_builtin_colours_are_apart_for_colour_blind_readers_and_readable():
    from textclean.report.colours import BUILTIN_COLOURS, _oklch, contrast

    hues = {n: _oklch(c)[2] for n, c in BUILTIN_COLOURS.items() if _oklch(c)[1] > 0.05}
    for a in hues:
        for b in hues:
            if a < b:
                d = abs(hues[a] - hues[b])
                assert min(d, 360 - d) >= 40, (a, b)
    assert all(contrast(c, "#ffffff") >= 4.5 for c in BUILTIN_COLOURS.values())
    # boilerplate and mojibake, the two a report shows most, differ in lightness-independent
    # ways that survive red-green blindness: one orange, one purple
    assert abs(hues["boilerplate"] - hues["mojibake"]) > 60
