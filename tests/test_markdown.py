"""Markdown output of HTML pages (``textclean.io.markdown``): read back with a CommonMark parser
(markdown-it-py, GFM tables on), it must have the page's structure and exactly the words of the
text output."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from textclean import clean_html, get_pipeline
from textclean.io.html import html_document
from textclean.io.markdown import check_output_format, markdown

markdown_it = pytest.importorskip("markdown_it", reason="markdown-it-py not installed: pip install 'textclean-toolkit[test]'")

STORY = ("The council met on Monday and agreed to rebuild the bridge over the river before the winter, "
         "the mayor said after the vote.")

PAGE = f"""<!DOCTYPE html><html><head><title>Bridge</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Bridge to be rebuilt</h1>
<p>{STORY} <a href="/vote">Read the vote</a> in full.</p>
<h3>What it costs</h3>
<ol start="3"><li>Four million euros<ul><li>from the region</li><li>from the town</li></ul></li>
<li><p>A year of work.</p><p>Starting in May.</p></li></ol>
<blockquote><p>It is a great day for the town, said the mayor of the town.</p></blockquote>
<p>1. This paragraph starts like a list item but is not one, as the page shows it.</p>
<p>On IRC, &lt;nick&gt; said hello to everyone in the channel that evening.</p>
<table><tr><th>Year</th><th>Cost</th></tr><tr><td>2021</td><td>1.2m</td></tr>
<tr><td>2022</td><td>2.8m</td><td>estimate</td></tr></table>
<pre>make bridge

    --lanes 4</pre>
</article><footer>(c) 2024 The Paper</footer></body></html>"""

PARSER = markdown_it.MarkdownIt("commonmark").enable("table")


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def shown(md: str) -> str:
    """The text a Markdown renderer shows: inline text and code, block by block."""
    out = []
    for token in PARSER.parse(md):
        if token.type == "inline":
            out.extend(c.content if c.type in ("text", "code_inline") else " " for c in token.children
                       if c.type in ("text", "code_inline", "softbreak", "hardbreak"))
            out.append(" ")
        elif token.type in ("fence", "code_block"):
            out.append(token.content + " ")
    return "".join(out)


def test_markdown_has_the_page_structure():
    md = clean_html(PAGE, output_format="markdown", links=True, url="https://example.org/news/bridge")
    tokens = PARSER.parse(md)
    headings = [(t.tag, tokens[i + 1].content) for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings == [("h1", "Bridge to be rebuilt"), ("h3", "What it costs")]
    items = [tokens[i + 2].content for i, t in enumerate(tokens) if t.type == "list_item_open"]
    assert items == ["Four million euros", "from the region", "from the town", "A year of work."]
    ordered = [t for t in tokens if t.type == "ordered_list_open"]
    assert len(ordered) == 1 and ordered[0].attrGet("start") == 3
    # the two lists: the inner one nested in the first item, not code, not a list of its own
    assert [t.level for t in tokens if t.type == "bullet_list_open"] == [2]
    assert "Starting in May." in md and not any(t.type == "code_block" for t in tokens)
    assert any(t.type == "blockquote_open" for t in tokens)
    # a pipe table as wide as its widest row: no cell dropped
    start = next(i for i, t in enumerate(tokens) if t.type == "table_open")
    end = next(i for i, t in enumerate(tokens) if t.type == "table_close")
    cells = [t.content for t in tokens[start:end] if t.type == "inline"]
    assert {"Year", "Cost", "2021", "1.2m", "2022", "2.8m", "estimate"} <= set(cells)
    fence = next(t for t in tokens if t.type == "fence")
    assert fence.content == "make bridge\n\n    --lanes 4\n"  # code verbatim, blank line and indent
    links = [t.attrGet("href") for t in tokens if t.type == "inline" for t in t.children if t.type == "link_open"]
    assert links == ["https://example.org/vote"]
    # the furniture the text output drops is dropped here too
    assert "Home" not in md and "(c) 2024" not in md


def test_markdown_keeps_exactly_the_words_of_the_text_output():
    text = clean_html(PAGE)
    md = clean_html(PAGE, output_format="markdown", links=True)
    assert words(shown(md)) == words(text)
    # what would read as markup is escaped, not lost: a paragraph is not a list, <nick> not a tag
    assert "1\\. This paragraph" in md and "\\<nick>" in md


def test_a_link_whose_text_a_cleaner_changed_is_written_as_text():
    # (the markup folds spaces itself: the cleaner's edit here is a mojibake repair)
    page = '<p>The <a href="/cafe">Caf\u00c3\u00a9 Central</a> reopened on Monday after a year of work.</p>'
    md = clean_html(page, only=["mojibake"], output_format="markdown", links=True)
    assert md == "The Caf\u00e9 Central reopened on Monday after a year of work.\n"
    page = '<p>The <a href="/cafe">Central</a> caf\u00c3\u00a9 reopened on Monday after a year of work.</p>'
    md = clean_html(page, only=["mojibake"], output_format="markdown", links=True)
    assert md == "The [Central](/cafe) caf\u00e9 reopened on Monday after a year of work.\n"


def test_markdown_follows_lines_through_the_cleaners_edits():
    # mojibake repaired and a menu line removed by boilerplate: the heading keeps its marker,
    # the list its items
    page = ("<h2>Caf\u00c3\u00a9 reopens</h2><p>Home | News | Sport | Weather</p>"
            f"<p>{STORY}</p><ul><li>New tables</li><li>New roof</li></ul>")
    text, edits = get_pipeline().explain(html_document(page).text, format="html")
    doc = html_document(page, markdown=True)
    md = markdown(doc, doc.text, text, edits)
    assert md.startswith("## Caf\u00e9 reopens\n\n")
    assert "- New tables\n- New roof\n" in md
    assert words(shown(md)) == words(text)


def test_output_format_is_checked():
    with pytest.raises(ValueError, match="'html' is not one of: text, markdown"):
        check_output_format("html")
    with pytest.raises(ValueError):
        clean_html("<p>x</p>", output_format="md")


def run(*args):
    return subprocess.run([sys.executable, "-m", "textclean", *map(str, args)], capture_output=True,
                          text=True, timeout=300)


def test_cli_writes_pages_as_markdown_files(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "bridge.html").write_text(PAGE, encoding="utf-8")
    (src / "notes.txt").write_text("Plain  notes stay text.\n", encoding="utf-8")
    out = tmp_path / "out"
    done = run("clean", src, "-o", out, "--output-format", "markdown", "--links", "--no-progress", "--isolated")
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["bridge.md", "notes.txt"]
    md = (out / "bridge.md").read_text(encoding="utf-8")
    assert md == clean_html(PAGE, output_format="markdown", links=True)
    assert (out / "notes.txt").read_text(encoding="utf-8") == "Plain notes stay text.\n"
    # to standard output, and the text output unchanged by the option's existence
    done = run("clean", src / "bridge.html", "-o", "-", "--output-format", "markdown", "--isolated")
    assert done.returncode == 0 and done.stdout == clean_html(PAGE, output_format="markdown")
    done = run("clean", src / "bridge.html", "-o", "-", "--isolated")
    assert done.stdout == clean_html(PAGE)


def test_cli_links_without_markdown_is_a_usage_error(tmp_path):
    (tmp_path / "a.html").write_text(PAGE, encoding="utf-8")
    done = run("clean", tmp_path / "a.html", "-o", "-", "--links", "--isolated")
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == ["textclean: error: --links needs --output-format markdown"]


def test_cli_writes_archive_records_as_markdown(tmp_path):
    pytest.importorskip("fastwarc", reason="FastWARC not installed: pip install 'textclean-toolkit[warc]'")
    from tests.test_warc import crawl, lines

    path = crawl(tmp_path / "crawl.warc.gz")
    out = tmp_path / "out"
    done = run("clean", path, "-o", out, "--output-format", "markdown", "--no-progress", "--isolated")
    assert done.returncode == 0, done.stderr
    records = lines(out / "crawl.jsonl.gz")
    assert records[0]["text"].startswith("# Bridge to be rebuilt\n\n")
    assert records[2]["text"] == "Plain notes, kept as text.\n"  # plain text is not Markdown
    assert json.loads(json.dumps(records[0]))["metadata"]["title"] == "Bridge to be rebuilt"


def test_text_before_a_link_does_not_make_it_an_image():
    # an API reference's negative implementation: "impl !Send for Foo", Send a link
    page = '<h3>impl !<a href="/send">Send</a> for Foo</h3><p>' + STORY + '</p>'
    md = clean_html(page, only=["whitespace"], output_format="markdown", links=True)
    tokens = [c.type for t in PARSER.parse(md) if t.type == "inline" for c in t.children]
    assert "image" not in tokens and "link_open" in tokens
    assert words(shown(md)) == words(clean_html(page, only=["whitespace"]))
