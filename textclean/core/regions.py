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
  rows after it) and reStructuredText grid tables (``+----+----+`` rules and ``|`` rows);
* ``markup``: section titles with their underline (and overline) of repeated punctuation,
  as reStructuredText and Markdown's setext headings write them, and YAML front matter.

Not found yet (text in them is judged as prose): indented Markdown code blocks (indentation
alone is as common in scraped prose and poetry), inline code spans, reStructuredText simple
tables. Detection is line-based and linear in the length of the text.

>>> text = "Intro.\\n\\n```sh\\npip install x\\n```\\n\\nAfter.\\n"
>>> [(r.kind, text[r.start:r.end]) for r in find_regions(text)]
[('code', '```sh\\npip install x\\n```\\n')]
"""

from __future__ import annotations

import re
from typing import NamedTuple

#: The kinds of region :func:`find_regions` reports; prose is everything else.
KINDS = ("code", "table", "markup")


class Region(NamedTuple):
    """A span ``[start, end)`` of the text (whole lines, with their line ends) of one kind."""

    start: int
    end: int
    kind: str


_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_TABLE_RULE = re.compile(r"[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*")
_GRID_RULE = re.compile(r"[ \t]*\+(?:[-=]+\+)+[ \t]*")
#: An underline: reStructuredText's punctuation, but not the backtick (a line of them after a
#: paragraph is a Markdown code fence, not a title's underline).
_UNDERLINE = re.compile(r"([=\-~^\"'#*+])\1{2,}[ \t]*")
_DIRECTIVE = re.compile(r"[ \t]*\.\.[ \t]+([A-Za-z][\w-]*)::")
_CODE_DIRECTIVES = frozenset(
    "code code-block sourcecode literalinclude highlight math raw csv-table list-table table "
    "doctest testcode testoutput ipython jupyter-execute productionlist parsed-literal".split())
_HINTS = ("```", "~~~", "::", "|", "+-", "+=", "===", "---", "^^^", "***")


def _lines(text: str) -> list[tuple[int, int, str]]:
    """(start, end with the line end, the line without it) of each line."""
    out = []
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        out.append((pos, pos + len(line), body))
        pos += len(line)
    return out


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def find_regions(text: str) -> list[Region]:
    """The code, table and markup regions of ``text``, in order, not overlapping.

    >>> table = "| a | b |\\n|---|--:|\\n| 1 | 2 |\\n"
    >>> [(r.kind, r.start, r.end) for r in find_regions("Text.\\n\\n" + table)]
    [('table', 7, 37)]
    >>> find_regions("Nothing but prose here.")
    []
    """
    if not any(h in text for h in _HINTS):  # most scraped text: nothing to look for
        return []
    lines = _lines(text)
    regions: list[Region] = []
    i, n = 0, len(lines)
    while i < n:
        end = _region_at(lines, i, regions)
        i = end if end > i else i + 1
    return regions


def _region_at(lines: list[tuple[int, int, str]], i: int, regions: list[Region]) -> int:
    """Record the region starting at line ``i``, if any; return the line after it (or ``i``)."""
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
    if "|" in line and i + 1 < n and "|" in lines[i + 1][2] and _TABLE_RULE.fullmatch(lines[i + 1][2]):
        last = i + 1
        for j in range(i + 2, n):
            if "|" in lines[j][2] and lines[j][2].strip():
                last = j
            else:
                break
        return add(last, "table")
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


def overlaps(regions: list[Region], start: int, end: int) -> Region | None:
    """The first region a fix of ``[start, end)`` touches: one that shares a character with
    it, or, for an insertion (``start == end``), one it falls strictly inside."""
    for r in regions:
        if r.start >= max(end, start + 1):
            break
        if start < r.end and end > r.start or (start == end and r.start < start < r.end):
            return r
    return None
