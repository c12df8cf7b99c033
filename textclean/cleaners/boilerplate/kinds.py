"""What kind of text a document is, for the ``boilerplate`` cleaner: documentation, and lines
of code outside any code block.

**Documentation** (a README, a Sphinx or Markdown page, a man page: ``ctx.format`` "markdown"
or "rst", or text with the markup or the code lines of one) is not a scraped web page. It has
no site menu around one article, so position is no evidence there; its separator lines are
section rules and table borders, its short repeated lines are list items and table cells, its
lines of tags are HTML that Markdown allows, its copyright lines are licence notices. So in
documentation the cleaner removes only what a known widget template, spelt out, names
(:func:`documentation_rules`); the host already passes code blocks, tables and section
titles through untouched (``core/regions.py``), and this covers what it cannot see: JSON,
shell sessions and braces outside any fence.

A document is taken for documentation from its own evidence when at least
:data:`DOC_LINES` of its lines, and :data:`DOC_SHARE` of them, carry the marks of
documentation: Markdown fences, headings, links and inline code; reStructuredText directives,
roles, literal-block openers (``::``) and double back-quotes; lines of code (a line of
brackets only, a shell or Python prompt, a JSON member, a statement ending in ``{`` or
``;``). Scraped web text has almost none of them (0 of the 684 development pages).

**A line of code** anywhere (a line of brackets and braces such as ``}``, ``],`` or ``});``)
is never removed for having no letters, nor for repeating a line above: in a JSON sample or a
function body those are the structure (:func:`code_punctuation`).
"""

from __future__ import annotations

import re

from textclean.cleaners.boilerplate.features import lines_having

#: Least lines, and least share of the non-blank lines, with marks of documentation.
DOC_LINES, DOC_SHARE = 3, 0.04

# Marks at the start of a line (one anchored pattern: most lines fail on their first character).
_LEADING = re.compile(
    r"\s{0,3}(?:```|~~~)"  # Markdown fence
    r"|\s{0,3}#{1,6}\s+\S"  # Markdown heading
    r"|\s*\.\.\s+(?:[\w:-]+::|_[^:]+:|\|[^|]+\|)"  # reST directive, target, substitution
    r"|\s*(?:\$|>>>|PS>|C:\\>) [a-z.\\/]"  # shell and Python prompts
    r"|#!/"  # shebang
    r"|\*\*[^*]+\*\*:?\s*$"  # a bold line (a title of reST or Markdown)
    r"|\s*[\[\]{}()]+[;,]?\s*$"  # brackets only
    r"|\s*\"[\w.-]+\"\s*:\s*(?:[\"\[{\d-]|true|false|null)"  # JSON member
    r"|\s*(?:def|class|import|from|return|var|let|const|function|public|private|fn|func)\b.*[:{;(=]\s*$"
    r"|\s*--?[a-z][\w-]*(?:[ =]\S+)?(?:\s+\\)?\s*$"  # command-line options
)
# Marks anywhere, each tried only on a line that holds its tell-tale characters.
_TICKS = re.compile(r"(?<![`\w])`[^`\s][^`]*`(?![`\w])|:(?:[a-z]+:)?[a-z]+:`[^`]+`|``[^`]+``")
_MD_LINK = re.compile(r"\]\((?:https?://|#|\.{0,2}/|[\w.-]+\.(?:md|html?|rst|png|svg|jpg|gif)\b)")
_STATEMENT = re.compile(r"\w\([^()]*\)\s*[;{]$|^\s*[\w.$\[\]]+\s*[-+]?=\s*\S.*;$|(?:\)|=>|^\s*[\w.#:-]+)\s*\{$")


def doc_mark(line: str) -> bool:
    """Whether ``line`` carries a mark of documentation (see the module docstring).

    >>> [doc_mark(x) for x in ("Run ``tool``::", "    $ tool -x", '  "size": 3,', "int f(void) {", "It works.")]
    [True, True, True, True, False]
    """
    s = line.rstrip()
    if not s:
        return False
    end = s[-1]
    if end == ":" and s.endswith("::") and not s.endswith(":::"):
        return True  # a reST literal block opener
    if end == "\\" and s[-2:-1].isspace():
        return True  # a command continued on the next line
    if (end == ";" or end == "{") and _STATEMENT.search(s) is not None:
        return True
    if "`" in s and _TICKS.search(s) is not None:
        return True
    if "](" in s and _MD_LINK.search(s) is not None:
        return True
    return _LEADING.match(s) is not None


_CODE_PUNCT = re.compile(r"\s*[\[\]{}()]+[;,]?\s*$")


def code_punctuation(text: str) -> bool:
    """A line of brackets and braces only (``}``, ``],``, ``});``): the structure of code.

    >>> code_punctuation("  },"), code_punctuation("----"), code_punctuation("| |")
    (True, False, False)
    """
    return _CODE_PUNCT.match(text) is not None


def doc_marks(texts: list[str]) -> int:
    """How many of ``texts`` carry a mark of documentation (see the module docstring).

    >>> doc_marks(["Install it with ``pip install x``::", "    $ pip install x", "It works."])
    2
    """
    return sum(map(doc_mark, texts))


def looks_like_documentation(texts: list[str], fmt: str = "text", marks: int | None = None) -> bool:
    """Whether a document of the non-blank lines ``texts`` is documentation: its format says
    so (``markdown``, ``rst``), or its own lines do (:data:`DOC_LINES`, :data:`DOC_SHARE`);
    ``marks``: :func:`doc_marks` of ``texts``, when the caller has counted them.

    >>> looks_like_documentation(["Usage", "Run ``tool --help``::", "    $ tool --help", "{", "}"])
    True
    >>> looks_like_documentation(["Home", "News", "The mayor said on Friday that the bridge will reopen."])
    False
    """
    if fmt in ("markdown", "rst"):
        return True
    titles = underlined_titles(texts)
    if titles >= DOC_LINES:
        return True  # (sections titled the way documentation titles them: a long manual)
    marks = (doc_marks(texts) if marks is None else marks) + titles
    return marks >= DOC_LINES and marks >= DOC_SHARE * len(texts)


_RULES = tuple(c * 3 for c in "=-~^*#+_`'\".:")
_ADORNMENT = re.compile(r"\s*([=\-~^*#+_`'\".:])\1{2,}\s*$")


def underlined_titles(texts: list[str]) -> int:
    """How many lines of ``texts`` are a section title underlined the way plain-text, reST and
    setext Markdown documents write them: a line of one repeated punctuation character about
    as long as the title above it (a separator on a web page is not cut to a title's length).

    >>> underlined_titles(["Usage", "-----", "Run it.", "----------------------------------"])
    1
    """
    n = 0
    for i in lines_having("\n".join(texts), _RULES, "\n"):
        if i == 0:
            continue
        prev, line = texts[i - 1], texts[i]
        if _ADORNMENT.match(line) is not None and _ADORNMENT.match(prev) is None:
            title = len(prev.strip())
            if title and abs(len(line.strip()) - title) <= max(2, title // 10):
                n += 1
    return n
