"""Regions of a document that are not prose: code, tables and structural markup.

The host finds them before each cleaner runs and drops the fixes of a cleaner that is not
competent for a region's kind (see :attr:`textclean.Cleaner.kinds`), so a code block, a table
or a section underline passes through byte for byte. Found here:

* ``code``: Markdown fenced blocks (```` ``` ```` or ``~~~``, closed by a fence of the same
  character at least as long, or running to the end of the document as CommonMark says);
  reStructuredText literal blocks (a paragraph ending in ``::``, then lines indented deeper)
  and the bodies of code directives (``.. code-block::``, ``.. code::``, ``.. sourcecode::``,
  ``.. math::``, ``.. raw::``...), with the directive lines themselves;
* ``table``: Markdown (GFM) tables (a header row, a rule row such as ``|:---|---:|``, and the
  rows after it), reStructuredText grid tables (``+----+----+`` rules and ``|`` rows) and
  simple tables (from a border of two or more ``====`` columns to the border a blank line
  follows); and tables without borders, laid out in columns with spaces: three rows or more
  (a blank line between two at most) whose text resumes after a gap of two or more spaces at
  the same column (``ptdump        Example ...`` over ``pttc          A trace ...``), with
  the lines that continue a cell at that column;
* ``markup``: section titles with their underline (and overline) of repeated punctuation,
  as reStructuredText and Markdown's setext headings write them, and YAML front matter.

* ``code``, inline: code spans between backticks (Markdown's `` `x` ``, reST's ````x````),
  and, in Markdown documents only, indented code blocks (four spaces or a tab after a blank
  line, not after a list item: indentation alone is as common in scraped prose and poetry);
* ``url``, inline: URLs (``http://``, ``https://``, ``ftp://``, ``www.``).

* ``unmarked-code``: a paragraph of source code or structured data pasted without any markup
  (a Python function in a plain-text answer, the script a naive scraper leaves in a page's
  text, a configuration's ``key: value`` lines, CSV rows), by the shapes of its lines (see
  :func:`unmarked_regions`). A kind of its own because ``boilerplate``, which
  judges whole lines, stays competent for it (a page's script is boilerplate; a tutorial's
  sample is judged by its lines' evidence, as before); the cleaners that edit inside lines
  are not, so it passes through them byte for byte.

Not found (text in them is judged as prose): one-column simple tables, columns set apart
by tabs (the cleaners keep tabs, and ``typos`` does not correct a word beside one), a single
line of code inside prose, shell commands without a prompt and SQL in lower case (their lines
read as words), identifiers and file paths outside code spans (``typos`` has its own guards
for those). Detection is line-based and linear in the length of the text.

>>> text = "Intro.\\n\\n```sh\\npip install x\\n```\\n\\nAfter.\\n"
>>> [(r.kind, text[r.start:r.end]) for r in find_regions(text)]
[('code', '```sh\\npip install x\\n```\\n')]
>>> text = "Sizes:\\n\\n=====  =====\\nname   size\\n=====  =====\\nsmall  1\\nlarge  20\\n=====  =====\\n\\nEnd.\\n"
>>> [(r.kind, text[r.start:r.end].count("\\n")) for r in find_regions(text, "rst")]
[('table', 6)]
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Iterable, NamedTuple, Sequence

from textclean import _native

#: The kinds of region :func:`find_regions` reports; prose is everything else.
KINDS = ("code", "table", "markup", "url")


class Region(NamedTuple):
    """A span ``[start, end)`` of the text of one kind: whole lines with their line ends, or,
    for an ``inline`` region (a code span, a URL), a piece of a line. A fix that touches a
    region is dropped for a cleaner not competent for its kind, except that a fix spanning a
    whole inline region (removing the line it is on) is not held back by it."""

    start: int
    end: int
    kind: str
    inline: bool = False


_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
#: (Written so that no two quantifiers can share a run of spaces: ``[ \t]*\|?[ \t]*`` took
#: quadratic time on a long line of spaces.)
_TABLE_RULE = re.compile(r"[ \t]*(?:\|[ \t]*)?:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*(?:\|[ \t]*)?")
_GRID_RULE = re.compile(r"[ \t]*\+(?:[-=]+\+)+[ \t]*")
#: A border of a reST simple table: two or more columns of "=" (a single run is a title's
#: underline, or a one-column table, which is left to the title rule).
_SIMPLE_BORDER = re.compile(r"[ \t]*=+(?:[ \t]+=+)+[ \t]*")
#: A gap of two spaces or more between two pieces of text, not after the end of a sentence
#: (two spaces after a full stop are a typing habit, not a column).
_COLUMN_GAP = re.compile(r"(?<=[^\s.!?]) {2,}(?=\S)")
#: The fewest rows of a table laid out in columns without borders.
COLUMN_ROWS = 3
#: A cell that starts with a number (a sign or a currency before it): what a column of right-
#: aligned figures holds.
_FIGURE = re.compile(r"[-+\u2212(]?[$\u20ac\u00a3\u00a5]?[0-9]")
#: The most lines a simple table's closing border is looked for after its opening one.
SIMPLE_TABLE_LINES = 500
#: An underline: reStructuredText's punctuation, but not the backtick (a line of them after a
#: paragraph is a Markdown code fence, not a title's underline).
_UNDERLINE = re.compile(r"([=\-~^\"'#*+])\1{2,}[ \t]*")
_DIRECTIVE = re.compile(r"[ \t]*\.\.[ \t]+([A-Za-z][\w-]*)::")
_CODE_DIRECTIVES = frozenset(
    "code code-block sourcecode literalinclude highlight math raw csv-table list-table table "
    "doctest testcode testoutput ipython jupyter-execute productionlist parsed-literal".split())


def line_starts(text: str) -> Sequence[int]:
    """Where the lines of ``text`` start, as ``str.splitlines`` cuts them, then ``len(text)``:
    line ``i`` is ``text[starts[i]:starts[i + 1]]`` with its line end. Found by the native core
    (``pystr::line_starts``) and read in place, without a Python int per line: a long page
    has thousands of lines, of which the host looks at a few.

    >>> list(line_starts("a\\r\\nb\\n\\nc")), list(line_starts(""))
    ([0, 3, 5, 6, 7], [0])
    """
    return memoryview(_native.line_starts(text)).cast("Q")


class _Lines:
    """The lines of a text as ``(start, end with the line end, the line without it)``, each
    made when it is asked for: most texts have a few lines where a region could start, and
    only those and the lines after them are looked at."""

    __slots__ = ("text", "starts", "n")

    def __init__(self, text: str, starts: Sequence[int]):
        self.text, self.starts, self.n = text, starts, len(starts) - 1

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, i: int) -> tuple[int, int, str]:
        if i < 0:
            i += self.n
        s, e = self.starts[i], self.starts[i + 1]
        return s, e, self.text[s:e].rstrip("\r\n")


def _lines(text: str, starts: Sequence[int], every: bool) -> Sequence[tuple[int, int, str]]:
    """(start, end with the line end, the line without it) of each line: made at once where
    ``every`` line will be looked at, else each when it is asked for."""
    if every:
        return [(s, e, text[s:e].rstrip("\r\n")) for s, e in zip(starts, starts[1:])]
    return _Lines(text, starts)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def find_regions(text: str, format: str = "text", unmarked: bool = True) -> list[Region]:
    """The code, table and markup regions of ``text``, in order of their start: the blocks
    (whole lines, not overlapping), then the inline code spans and URLs outside them. With
    ``format="markdown"``, indented code blocks too. With ``unmarked=False``, not the code
    without markup (:func:`unmarked_regions`), which the pipeline looks for apart: only a
    cleaner that may not edit it needs it.

    >>> table = "| a | b |\\n|---|--:|\\n| 1 | 2 |\\n"
    >>> [(r.kind, r.start, r.end) for r in find_regions("Text.\\n\\n" + table)]
    [('table', 7, 37)]
    >>> find_regions("Nothing but prose here.")
    []
    >>> [(r.kind, r.start, r.end, r.inline) for r in find_regions("Run `pip  install` now.")]
    [('code', 4, 18, True)]
    """
    regions = _blocks(text, format)
    loose = unmarked_regions(text, regions) if unmarked else []
    if loose:
        regions = sorted(regions + loose)
    inline = _inline(text, regions)
    if inline:
        regions = sorted(regions + inline)
    return regions


def _blocks(text: str, format: str, every_line: bool = False) -> list[Region]:
    # Where the lines that can start or shape a region start (a fence, a directive, a grid or
    # GFM table rule, a simple table's border, an underline, front matter's "---", a literal
    # block's "::" line), found by the native core (native/src/regions.rs), which scans every
    # line; and whether line breaks other than "\n" could hide one from that scan. A region
    # always has a trigger at its first line or the next, so text without any (most scraped
    # text) has no region and no line is looked at.
    # (with the rows of a table laid out in columns, where there could be one)
    triggers, other_breaks = _native.region_triggers(text, COLUMN_ROWS)
    if not (triggers or other_breaks or (format == "markdown" and _INDENTED.search(text))):
        return []  # most scraped text: nothing to look for
    starts = line_starts(text)
    every = every_line or format == "markdown" or other_breaks
    lines = _lines(text, starts, every)
    regions: list[Region] = []
    n = len(lines)
    memo: dict = {}
    if every:
        # (Markdown's indented code can start at any line after a blank one; a line break
        # that "$" does not see would hide a trigger)
        candidates: Iterable[int] = range(n)
    else:
        # A region starts at a trigger line or at the line before it (a title before its
        # underline, a table's header before its rule), so only those lines are asked: a
        # long page with a few rules is not walked line by line, nor cut into lines.
        found = set()
        for pos in triggers:
            k = bisect_right(starts, pos) - 1
            found.add(k)
            found.add(k - 1)
        candidates = sorted(k for k in found if 0 <= k < n)
    i = 0
    for k in candidates:
        if k < i:
            continue  # inside the region found last
        end = _region_at(lines, k, regions, memo)
        if end <= k and format == "markdown":
            end = _indented_at(lines, k, regions)
        i = end if end > k else k + 1
    return regions


#: A line indented by four spaces or a tab after a blank line: a Markdown indented code block.
_INDENTED = re.compile(r"\n[ \t]*\r?\n(?: {4}|\t)[ \t]*\S")
_LIST_ITEM = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]")


def _indented_at(lines: Sequence[tuple[int, int, str]], i: int, regions: list[Region]) -> int:
    """An indented code block starting at line ``i`` (Markdown): lines indented by four
    spaces or a tab, after a blank line, where the paragraph before is not a list item whose
    continuation the indentation could be."""
    line = lines[i][2]
    if not (line.startswith("    ") or line.startswith("\t")) or not line.strip():
        return i
    if i == 0 or lines[i - 1][2].strip():
        return i
    k = i - 1
    while k >= 0 and not lines[k][2].strip():
        k -= 1
    if k >= 0:
        before = lines[k][2]
        if before.startswith((" ", "\t")) or _LIST_ITEM.match(before):
            return i  # inside a list, or after indented text: not code by indentation alone
    last = i
    j = i + 1
    while j < len(lines):
        body = lines[j][2]
        if body.strip():
            if not (body.startswith("    ") or body.startswith("\t")):
                break
            last = j
        j += 1
    regions.append(Region(lines[i][0], lines[last][1], "code"))
    return last + 1


#: The kind of a paragraph of source code without markup (see :func:`unmarked_regions`).
UNMARKED_CODE = "unmarked-code"


def unmarked_regions(text: str, blocks: list[Region]) -> list[Region]:
    """The paragraphs of ``text`` that are source code pasted without any markup, outside
    ``blocks`` (kind :data:`UNMARKED_CODE`): at least three lines in ten with a shape of a
    statement (a ``def``, an import, an assignment, a call, a line ending in ``;`` or ``{``, a
    command after a prompt, a diff's headers, an SQL clause...)
    and three in five with a shape or in keeping with code (indented deeper, a comment, code
    punctuation), never counting a line with a run of four words of prose outside its
    strings and comments; or three lines or more of data (four in five ``key: value``, or the
    same count of two commas or more in each, without prose). Found by the native core (``native/src/regions.rs``), which looks
    further only at the lines that have a bracket, ``=``, ``;`` or a final ``:``.

    >>> text = "Call it so:\\n\\ndef f(x):\\n    recieve = x  # teh\\n    return recieve\\n\\nThat is all.\\n"
    >>> [(text[r.start:r.end].splitlines()[0], r.kind) for r in unmarked_regions(text, [])]
    [('def f(x):', 'unmarked-code')]
    >>> unmarked_regions("AEDT = Australian Eastern Daylight Time which is 11 hours ahead of UTC.\\n", [])
    []
    """
    return [Region(start, end, UNMARKED_CODE) for start, end in _native.unmarked_code(text)
            if overlaps(blocks, start, end) is None]


def prepare_unmarked() -> None:
    """Compile the patterns :func:`unmarked_regions` uses (some 10 ms, once per process), so
    that a pipeline pays for them before its first document rather than in the middle of a
    run, at the first document with a line of code (and outside a document's time budget).
    Idempotent; the GIL is released meanwhile.

    >>> prepare_unmarked()
    """
    _native.prepare_unmarked_code()


def _inline(text: str, blocks: list[Region]) -> list[Region]:
    """The inline regions of ``text`` outside ``blocks``: code spans (a run of backticks, then
    up to 1,000 characters on the same line, then a run of the same length; not a span that
    starts inside a longer run, nor a two-backtick span holding ``''``, TeX's quotation
    marks) and URLs (by scheme or by ``www.``, without the punctuation that ends a sentence
    after them). Found by the native core (``native/src/regions.rs``).

    >>> [(r.start, r.end, r.kind) for r in _inline("Run `pip  install` at https://x.org.", [])]
    [(4, 18, 'code'), (22, 35, 'url')]
    """
    found = [Region(s, e, kind, True) for s, e, kind in _native.inline_regions(text)]
    if blocks and found:
        found = [r for r in found if overlaps(blocks, r.start, r.end) is None]
    return found


def _region_at(lines: Sequence[tuple[int, int, str]], i: int, regions: list[Region], memo: dict) -> int:
    """Record the region starting at line ``i``, if any; return the line after it (or ``i``).
    ``memo``: what earlier calls on the same lines found out (one dict per document)."""
    start, _, line = lines[i]
    n = len(lines)

    def add(last: int, kind: str) -> int:
        regions.append(Region(start, lines[last][1], kind))
        return last + 1

    # YAML front matter: "---" on the first line, key: value lines, and a closing "---".
    if i == 0 and line == "---":
        for j in range(1, min(n, 200)):
            if lines[j][2] in ("---", "..."):
                if j > 1 and ":" in lines[1][2]:
                    return add(j, "markup")
                break
    m = _FENCE.match(line)
    if m:
        fence = m.group(1)
        closing = re.compile(r" {0,3}" + re.escape(fence[0]) + "{" + str(len(fence)) + r",}[ \t]*")
        for j in range(i + 1, n):
            if closing.fullmatch(lines[j][2]):
                return add(j, "code")
        return add(n - 1, "code")
    d = _DIRECTIVE.match(line)
    if d:
        base = _indent(line)
        last = i
        for j in range(i + 1, n):
            body = lines[j][2]
            if body.strip() and _indent(body) <= base:
                break
            if body.strip():
                last = j
            elif d.group(1).lower() not in _CODE_DIRECTIVES and last == i:
                # a prose directive (note, warning...): only its line and option lines
                break
        if d.group(1).lower() in _CODE_DIRECTIVES:
            return add(last, "code")
        options = i
        for j in range(i + 1, n):
            if lines[j][2].strip().startswith(":") and _indent(lines[j][2]) > base:
                options = j
            else:
                break
        return add(options, "markup")
    if line.rstrip().endswith("::") and not line.lstrip().startswith(".."):
        # a reST literal block: a blank line, then lines indented deeper than this paragraph
        base = _indent(line)
        j = i + 1
        if j < n and not lines[j][2].strip():
            while j < n and not lines[j][2].strip():
                j += 1
            last = None
            k = j
            while k < n:
                body = lines[k][2]
                if body.strip():
                    if _indent(body) <= base:
                        break
                    last = k
                k += 1
            if last is not None:
                regions.append(Region(lines[j][0], lines[last][1], "code"))
                return last + 1
        return i
    if _GRID_RULE.fullmatch(line):
        last = i
        for j in range(i + 1, n):
            body = lines[j][2]
            if _GRID_RULE.fullmatch(body):
                last = j
            elif not body.lstrip().startswith("|"):
                break
        if last > i:
            return add(last, "table")
    if line[:1] in "= \t" and _SIMPLE_BORDER.fullmatch(line):
        # a reST simple table: runs to the border that a blank line (or the end) follows;
        # the borders between are the header's. Lines already searched in vain for such a
        # border are not searched again (memo["open"]), so many borders cost linear time.
        stop = min(n, i + SIMPLE_TABLE_LINES)
        for j in range(max(i + 1, memo.get("open", 0)), stop):
            if _SIMPLE_BORDER.fullmatch(lines[j][2]) and (j + 1 == n or not lines[j + 1][2].strip()):
                return add(j, "table")
        memo["open"] = stop
    if "|" in line and i + 1 < n and "|" in lines[i + 1][2] and _TABLE_RULE.fullmatch(lines[i + 1][2]):
        last = i + 1
        for j in range(i + 2, n):
            if "|" in lines[j][2] and lines[j][2].strip():
                last = j
            else:
                break
        return add(last, "table")
    if "  " in line:
        end = _columns_at(lines, i)
        if end > i:
            return add(end - 1, "table")
    # a section title with its underline (and overline), as reST and setext Markdown write it
    title = line.strip()
    if title and i + 1 < n and not _UNDERLINE.fullmatch(line.strip()):
        under = lines[i + 1][2]
        if _UNDERLINE.fullmatch(under) and len(under.rstrip()) >= min(len(title), 3) and _indent(under) == 0:
            over = i - 1
            if over >= 0 and lines[over][2] == under and (not regions or regions[-1].end <= lines[over][0]):
                start = lines[over][0]
            return add(i + 1, "markup")
    return i


def _columns_at(lines: Sequence[tuple[int, int, str]], i: int) -> int:
    """The line after a table laid out in columns that starts at line ``i``, or ``i``: rows
    whose first gap ends at the same column, or, for a column of figures aligned on the
    right, whose gap before a figure shares columns with the gaps of the rows above (a
    channel of spaces down the table); a blank line between two rows at most, and the lines
    indented to the first row's column (a cell continued); :data:`COLUMN_ROWS` rows at least,
    one of them padded by three spaces or more (cells of different lengths lined up: text
    justified with doubled spaces, or lines repeated, are not a table).

    >>> rows = ["  ptdump   A packet dumper", "", "  pttc     A test generator", "  doc      A document",
    ...         "           and another", "After."]
    >>> _columns_at([(0, 0, r) for r in rows], 0)
    5
    >>> figures = ["Item        Qty", "Apples        3", "Bananas      12", "Cherries    100", "Total."]
    >>> _columns_at([(0, 0, r) for r in figures], 0)
    4
    >>> _columns_at([(0, 0, r) for r in ["a  b", "cc  d", "e  f"]], 0), _columns_at([(0, 0, "The  end  of")] * 3, 0)
    (0, 0)
    """
    line = lines[i][2]
    first = _COLUMN_GAP.search(line)
    if first is None:
        return i
    column, widest = first.end(), first.end() - first.start()
    lo, hi = first.start(), first.end()  # the columns every row so far has spaces in
    rows, last, blanks = 1, i, 0
    for j in range(i + 1, len(lines)):
        body = lines[j][2]
        if not body.strip():
            blanks += 1
            if blanks > 1:
                break
            continue
        blanks = 0
        gaps = list(_COLUMN_GAP.finditer(body)) if "  " in body else []
        if gaps and gaps[0].end() == column:
            gap = gaps[0]
        else:
            # (a figure, right-aligned: its gap is as wide as the cells beside it are short)
            gap = next((g for g in gaps if g.start() < hi and lo < g.end() and _FIGURE.match(body, g.end())), None)
        if gap is not None:
            if max(lo, gap.start()) < min(hi, gap.end()):
                lo, hi = max(lo, gap.start()), min(hi, gap.end())
            rows, last, widest = rows + 1, j, max(widest, gap.end() - gap.start())
        elif _indent(body) == column:
            last = j  # the text of a cell, continued on the next line
        else:
            break
    return last + 1 if rows >= COLUMN_ROWS and widest >= 3 else i


def overlaps(regions: Sequence[Region], start: int, end: int) -> Region | None:
    """The first region a fix of ``[start, end)`` touches: one that shares a character with
    it, or, for an insertion (``start == end``), one it falls strictly inside. An inline
    region the fix covers whole (a line removed with the URL on it) is not touched. Regions
    are in order of their start."""
    for r in regions:
        if r.start >= max(end, start + 1):
            break
        if start < r.end and end > r.start or (start == end and r.start < start < r.end):
            if r.inline and start <= r.start and r.end <= end and start < end:
                continue
            return r
    return None


#: Formats by file suffix; anything else is judged by content (:func:`detect_format`).
SUFFIX_FORMATS = {".md": "markdown", ".markdown": "markdown", ".mdown": "markdown",
                  ".rst": "rst", ".rest": "rst", ".html": "html", ".htm": "html",
                  ".xhtml": "html", ".txt": "text"}
def detect_format(text: str, suffix: str | None = None) -> str:
    """What ``text`` is written in: ``"markdown"``, ``"rst"``, ``"html"`` (text extracted from
    a page) or ``"text"``. A known file suffix decides; else two or more signs of Markdown
    (ATX headings, fences, links, link definitions) or of reStructuredText (directives,
    targets, roles, hyperlink references), the more numerous winning; else plain text.

    >>> detect_format("# Title\\n\\nSee [the docs](https://example.org/docs).\\n")
    'markdown'
    >>> detect_format(".. note::\\n\\n   Use :func:`clean` for that.\\n")
    'rst'
    >>> detect_format("Just a sentence.", ".md"), detect_format("Just a sentence.")
    ('markdown', 'text')
    """
    if suffix and suffix.lower() in SUFFIX_FORMATS:
        return SUFFIX_FORMATS[suffix.lower()]
    # (counted in the core over the first 20,000 characters: ``native/src/regions.rs``)
    md, rst = _native.format_signs(text, 20000)
    if max(md, rst) < 2:
        return "text"
    return "markdown" if md >= rst else "rst"
