"""Markdown output of HTML pages: does it hold the text output's words, what structure does a
CommonMark reader find in it, and what does it cost?

For each page, ``textclean.clean_html(page)`` (text) and ``clean_html(page,
output_format="markdown", links=True)`` are run; the Markdown is read back with markdown-it-py
(CommonMark, GFM tables on) and the words it shows (inline text, code spans and code blocks)
are compared with the text output's, in order. A page "differs" where they are not the same
list of words (a word lost to markup that swallowed it, or one made of a marker). Also
printed: the blocks the reader found (headings, list items, quotes, tables, code), the links
written, and the time of the Markdown path over the text path (both in this process,
alternating).

Pages: the extraction pages (``../shared/data/extraction/extraction-dev.jsonl.gz``), the first
150 L3S-GN1 pages (``../shared/data/boilerplate/l3s-gn1-dev-html/``) and, where the Rust
toolchain's documentation is installed, 200 of its rustdoc and mdBook pages (a fixed sample).
Each set is skipped with a message where it is absent.

Run from the repository root: ``python benchmarks/markdown_output.py [--limit N]``.
"""

from __future__ import annotations

import argparse
import collections
import glob
import gzip
import json
import random
import re
import sys
import time
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
WORD = re.compile(r"\w+")


def extraction_pages() -> list[str]:
    path = DATA / "extraction" / "extraction-dev.jsonl.gz"
    if not path.exists():
        print(f"skipped: {path} not found (the shared development data)")
        return []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line)["html"] for line in f]


def l3s_pages(limit: int = 150) -> list[str]:
    folder = DATA / "boilerplate" / "l3s-gn1-dev-html"
    if not folder.is_dir():
        print(f"skipped: {folder} not found (the shared development data)")
        return []
    return [p.read_text(encoding="utf-8", errors="replace") for p in sorted(folder.glob("*.html"))[:limit]]


def rust_doc_pages(limit: int = 200) -> list[str]:
    files = sorted(glob.glob(str(Path.home() / ".rustup/toolchains/*/share/doc/rust/html/*/**/*.html"),
                             recursive=True))
    if not files:
        print("skipped: no Rust toolchain documentation under ~/.rustup")
        return []
    random.Random(7).shuffle(files)
    return [Path(f).read_text(encoding="utf-8", errors="replace") for f in files[:limit]]


def shown_words(parser, md: str) -> list[str]:
    """The words a Markdown renderer shows, in order."""
    out = []
    for token in parser.parse(md):
        if token.type == "inline":
            for child in token.children or ():
                if child.type in ("text", "code_inline"):
                    out.append(child.content)
                elif child.type in ("softbreak", "hardbreak"):
                    out.append(" ")
            out.append(" ")
        elif token.type in ("fence", "code_block"):
            out.append(token.content + " ")
    return WORD.findall("".join(out))


def measure(name: str, pages: list[str], parser) -> None:
    import textclean

    if not pages:
        return
    differ = links = 0
    blocks: collections.Counter = collections.Counter()
    t_text = t_md = 0.0
    for page in pages:
        t0 = time.perf_counter()
        text = textclean.clean_html(page)
        t1 = time.perf_counter()
        md = textclean.clean_html(page, output_format="markdown", links=True)
        t2 = time.perf_counter()
        t_text += t1 - t0
        t_md += t2 - t1
        tokens = parser.parse(md)
        for token in tokens:
            if token.type in ("heading_open", "list_item_open", "blockquote_open", "table_open", "fence"):
                blocks[token.type.removesuffix("_open")] += 1
            if token.type == "inline":
                links += sum(c.type == "link_open" for c in token.children or ())
        if shown_words(parser, md) != WORD.findall(text):
            differ += 1
    print(f"{name}: {len(pages)} pages; words of the Markdown differ from the text output's on {differ}; "
          f"Markdown+links / text time {t_md / t_text:.2f}")
    print("  found: " + ", ".join(f"{k} {v}" for k, v in sorted(blocks.items())) + f", links {links}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, default=0, help="at most N pages of each set (0: all)")
    args = ap.parse_args()
    try:
        from markdown_it import MarkdownIt
    except ImportError:
        sys.exit("markdown-it-py is needed: pip install 'textclean-toolkit[test]'")
    parser = MarkdownIt("commonmark").enable("table")
    for name, pages in (("extraction pages", extraction_pages()), ("L3S pages", l3s_pages()),
                        ("Rust documentation", rust_doc_pages())):
        measure(name, pages[:args.limit] if args.limit else pages, parser)


if __name__ == "__main__":
    main()
