"""What kind of text a document is: documentation or not, and lines of code outside any code
block. The judgement is the host's, shared by every cleaner that acts on it (``boilerplate``
removes only spelt-out widget templates in documentation, ``typos`` corrects only listed
misspellings there), so that no cleaner imports another.

**Documentation** (a README, a Sphinx or Markdown page, a man page, a plain-text notes file:
``ctx.format`` "markdown" or "rst", or text with the markup or the code lines of one) is not a
scraped web page. It has no site menu around one article; its separator lines are section
rules and table borders, its short repeated lines are list items and table cells, its lines
of tags are HTML that Markdown allows, its copyright lines are licence notices, and its words
name tools and files a dictionary does not know (``passwd``, ``systemd``, ``docstring``).

A document is taken for documentation from its own evidence when at least
:data:`DOC_LINES` of its lines, and :data:`DOC_SHARE` of them, carry the marks of
documentation: Markdown fences, headings, links and inline code; reStructuredText directives,
roles, literal-block openers (``::``) and double back-quotes; lines of code (a line of
brackets only, a shell or Python prompt, a JSON member, a statement ending in ``{`` or
``;``); and, as plain-text notes write them, a manual-page reference (``passwd(5)``), an
absolute file path (``/etc/default/locale``), a long command-line option (``--dry-run``) or
an environment variable (``${HOME}``, ``XDG_DATA_DIRS``). Scraped web text has almost none of them (1 of the 684 development
pages, an OpenGL reference page that is documentation).

**A line of code** anywhere (a line of brackets and braces such as ``}``, ``],`` or ``});``)
is never removed for having no letters, nor for repeating a line above: in a JSON sample or a
function body those are the structure (:func:`code_punctuation`).

The marks are counted by the native core (``native/src/kinds.rs``: the regular expressions
this module had, written out as scans), a list of lines in one call (:func:`doc_marks`).
"""

from __future__ import annotations


from textclean import _native


#: Least marks of documentation, and least share of the non-blank lines they must come to.
DOC_LINES, DOC_SHARE = 3, 0.04
#: Formats that are documentation by themselves: their markup defines code, tables and
#: paragraphs (a blank line between two; a single newline is a soft wrap).
DOC_FORMATS = frozenset({"markdown", "rst"})


def doc_mark(line: str) -> int:
    """How many marks of documentation ``line`` carries (see the module docstring): one for a
    line that is code or markup as a whole, plus each inline mark (a code span, a link, a
    manual page, a path, a variable), up to :data:`INLINE_MARKS`. Inline marks are counted
    one by one so that the count of a paragraph does not fall much when its lines are joined
    (``line_breaks`` unwraps them before ``typos`` judges the text); the cap keeps one line
    of a log or a command quoted in a forum post from making a page documentation.

    >>> [doc_mark(x) for x in ("Run ``tool``::", "    $ tool -x", '  "size": 3,', "int f(void) {", "It works.")]
    [2, 1, 1, 1, 0]
    >>> [doc_mark(x) for x in ('Use "tool --crypto=nss" or --dry-run.', "He said --and then left.")]
    [2, 0]
    >>> [doc_mark(x) for x in ("See passwd(5) and /etc/passwd.", "Set XDG_DATA_DIRS.",
    ...                        "It rose 24/7 and/or fell.", "Shares of $AAPL fell (1)", "see http://a.org/b/c")]
    [2, 1, 0, 0, 0]
    >>> doc_mark("gdb --ex 'set dir /tmp/a/b' --ex 'add /usr/lib/x /usr/lib/y' /usr/bin/z")
    2
    """
    return _native.doc_mark(line)


#: The most marks one line counts for (:func:`doc_mark`).
INLINE_MARKS: int = _native.INLINE_MARKS


def code_punctuation(text: str) -> bool:
    """A line of brackets and braces only (``}``, ``],``, ``});``): the structure of code.

    >>> code_punctuation("  },"), code_punctuation("----"), code_punctuation("| |")
    (True, False, False)
    """
    return _native.code_punctuation(text)


def doc_marks(texts: list[str]) -> int:
    """How many marks of documentation ``texts`` carry (:func:`doc_mark`).

    >>> doc_marks(["Install it with ``pip install x``::", "    $ pip install x", "It works."])
    3
    """
    return _native.doc_evidence(texts)[0]


def looks_like_documentation(texts: list[str], fmt: str = "text") -> bool:
    """Whether a document of the non-blank lines ``texts`` is documentation: its format says
    so (``markdown``, ``rst``), or its own lines do (:data:`DOC_LINES`, :data:`DOC_SHARE`):
    their marks (:func:`doc_marks`) and underlined titles (:func:`underlined_titles`), counted
    in one call of the native core.

    >>> looks_like_documentation(["Usage", "Run ``tool --help``::", "    $ tool --help", "{", "}"])
    True
    >>> looks_like_documentation(["Home", "News", "The mayor said on Friday that the bridge will reopen."])
    False
    """
    if fmt in DOC_FORMATS:
        return True
    return documentation_counts(len(texts), *_native.doc_evidence(texts))


def text_looks_like_documentation(text: str, fmt: str = "text") -> bool:
    """:func:`looks_like_documentation` of the non-blank lines of ``text``, cut as
    ``str.splitlines`` cuts them, counted by the native core without a string a line (a
    page of naive text has thousands of lines, most of them blank).

    >>> text_looks_like_documentation("Usage\\n\\nRun ``tool --help``::\\n\\n    $ tool --help\\n{\\n}\\n")
    True
    """
    if fmt in DOC_FORMATS:
        return True
    return documentation_counts(*_native.text_doc_evidence(text))


def documentation_counts(lines: int, marks: int, titles: int) -> bool:
    """The rule of :func:`looks_like_documentation` on its counts: ``lines`` non-blank lines
    carrying ``marks`` marks (:func:`doc_marks`) and ``titles`` underlined titles
    (:func:`underlined_titles`), for a caller that has them counted (the ``boilerplate``
    cleaner's lines keep their marks).

    >>> documentation_counts(5, 3, 0), documentation_counts(100, 3, 0), documentation_counts(100, 0, 3)
    (True, False, True)
    """
    if titles >= DOC_LINES:
        return True  # (sections titled the way documentation titles them: a long manual)
    marks += titles
    return marks >= DOC_LINES and marks >= DOC_SHARE * lines


def underlined_titles(texts: list[str]) -> int:
    """How many lines of ``texts`` are a section title underlined the way plain-text, reST and
    setext Markdown documents write them: a line of one repeated punctuation character about
    as long as the title above it (a separator on a web page is not cut to a title's length).

    >>> underlined_titles(["Usage", "-----", "Run it.", "----------------------------------"])
    1
    """
    return _native.doc_evidence(texts)[1]
