"""The ``whitespace`` cleaner: final normalisation of spaces, line ends and blank lines.

It runs last and only ever touches whitespace:

* line endings: ``\\r\\n`` and lone ``\\r`` become ``\\n``;
* trailing spaces and tabs at the end of a line are removed, except, in a Markdown document,
  two spaces or more at the end of a line inside a paragraph: a hard line break;
* runs of two or more spaces *between* words become one space (leading indentation and tabs,
  which may carry structure such as code or tables, are kept; so are the spaces inside an
  indented line that reads as code, ``    x  =  f(i)   # note``, which the host cannot find as
  a region when it is pasted into prose without markup: ``native/src/whitespace.rs:
  aligned_code``);
* more than ``max_blank_lines`` blank lines in a row are cut down, and blank lines at the very
  start and end of the text are removed;
* a text of more than one line ends with exactly one line break (``final_newline``), as text
  files should; a single line without one (a title, a library call on a phrase) is left so.

It does not decide whether single newlines separate paragraphs: that needs evidence about the
document and is the ``line_breaks`` cleaner's job.
"""

from __future__ import annotations

from textclean import _native
from textclean.plugins.hookspecs import hookimpl
from textclean.core.records import Cleaner, Context, Fix, PROSE, Stage


def already_clean(text: str, max_blank: int = 1, collapse: bool = True,
                  final_newline: bool = True) -> bool:
    """Whether :func:`fix_whitespace` certainly has nothing to do on ``text`` with the options
    ``max_blank_lines``, ``collapse_spaces`` and ``final_newline`` (its fast path), decided
    with substring tests: most text that reaches this last cleaner is already clean.
    ``False`` means "go the long way", not "there is something to fix".

    >>> already_clean("a b\\n\\nc\\n"), already_clean("a  b\\n"), already_clean("a  b\\n", collapse=False)
    (True, False, True)
    """
    return _native.whitespace_clean(text, max_blank, collapse, final_newline)


def fix_whitespace(text: str, ctx: Context, *, fast_path: bool = True) -> list[Fix]:
    """Propose the whitespace fixes described in the module docstring (computed by the native
    core, ``native/src/whitespace.rs``).

    Text for which :func:`already_clean` holds gets no fix without further work; with
    ``fast_path=False`` it goes line by line all the same, which must find nothing either
    (``tests/test_fast_paths.py`` checks that the two agree).

    >>> from textclean.core.fixes import apply_fixes
    >>> t = "\\n\\nTitle  here  \\r\\nbody\\n\\n\\n\\nend\\n\\n"
    >>> apply_fixes(t, fix_whitespace(t, Context(options=OPTIONS)))
    'Title here\\nbody\\n\\nend\\n'
    """
    options = ctx.options
    # (in Markdown, two spaces at the end of a line inside a paragraph are a hard line break)
    edits = _native.whitespace_fixes(text, int(options.get("max_blank_lines", 1)),
                                     bool(options.get("collapse_spaces", True)),
                                     bool(options.get("final_newline", True)), fast_path,
                                     ctx.format == "markdown")
    return [Fix(*e) for e in edits]


OPTIONS = {"collapse_spaces": True, "max_blank_lines": 1, "final_newline": True}


@hookimpl
def textclean_register_cleaners():
    return [
        Cleaner(
            "whitespace",
            fix_whitespace,
            Stage.WHITESPACE,
            "trailing spaces, repeated spaces, CRLF, runs of blank lines",
            options=OPTIONS,
            kinds=PROSE,  # code, tables and section markup pass through (core/regions.py)
            idempotent=True,  # tests/test_properties.py checks it
            uses_language=False,  # language-independent: no need to identify for it
        )
    ]
