"""The ``whitespace`` cleaner: final normalisation of spaces, line ends and blank lines.

It runs last and only ever touches whitespace:

* line endings: ``\\r\\n`` and lone ``\\r`` become ``\\n``;
* trailing spaces and tabs at the end of a line are removed;
* runs of two or more spaces *between* words become one space (leading indentation and tabs,
  which may carry structure such as code or tables, are kept);
* more than ``max_blank_lines`` blank lines in a row are cut down, and blank lines at the very
  start and end of the text are removed;
* a text of more than one line ends with exactly one line break (``final_newline``), as text
  files should; a single line without one (a title, a library call on a phrase) is left so.

It does not decide whether single newlines separate paragraphs: that needs evidence about the
document and is the ``line_breaks`` cleaner's job.
"""

from __future__ import annotations

import re

from textclean.plugins.hookspecs import hookimpl
from textclean.core.records import Cleaner, Context, Fix, PROSE, Stage

_LINE = re.compile(r"([^\r\n]*)(\r\n|\r|\n|$)")
_TRAILING = re.compile(r"[ \t]+$")
_INNER = re.compile(r"(?<=\S) {2,}(?=\S)")


def already_clean(text: str, max_blank: int = 1, collapse: bool = True,
                  final_newline: bool = True) -> bool:
    """Whether :func:`fix_whitespace` certainly has nothing to do on ``text`` with the options
    ``max_blank_lines``, ``collapse_spaces`` and ``final_newline`` (its fast path), decided
    with substring tests that run at C speed: most text that reaches this last cleaner is
    already clean, and splitting it into lines only to find that out cost more than all the
    other checks. ``False`` means "go the long way", not "there is something to fix".

    >>> already_clean("a b\\n\\nc\\n"), already_clean("a  b\\n"), already_clean("a  b\\n", collapse=False)
    (True, False, True)
    """
    if not text or "\r" in text or " \n" in text or "\t\n" in text:
        return False
    if "\n" * (max_blank + 2) in text or text.lstrip(" \t").startswith("\n"):
        return False
    body = text.rstrip(" \t\n")
    if len(text) - len(body) > 1 or (text != body and text[-1] != "\n"):
        return False  # blanks or blank lines at the end
    if final_newline and text == body and "\n" in text:
        return False
    return not (collapse and "  " in text and _INNER.search(text))


def fix_whitespace(text: str, ctx: Context, *, fast_path: bool = True) -> list[Fix]:
    """Propose the whitespace fixes described in the module docstring.

    Text for which :func:`already_clean` holds gets no fix without further work; with
    ``fast_path=False`` it goes line by line all the same, which must find nothing either
    (``tests/test_fast_paths.py`` checks that the two agree).

    >>> from textclean.core.fixes import apply_fixes
    >>> t = "\\n\\nTitle  here  \\r\\nbody\\n\\n\\n\\nend\\n\\n"
    >>> apply_fixes(t, fix_whitespace(t, Context(options=OPTIONS)))
    'Title here\\nbody\\n\\nend\\n'
    """
    options = ctx.options
    max_blank = int(options.get("max_blank_lines", 1))
    collapse = bool(options.get("collapse_spaces", True))
    if fast_path and already_clean(text, max_blank, collapse, bool(options.get("final_newline", True))):
        return []
    return _line_fixes(text, options, max_blank, collapse)


def _line_fixes(text: str, options: dict, max_blank: int, collapse: bool) -> list[Fix]:
    """The line-by-line work of :func:`fix_whitespace` (after its fast path)."""
    lines = []  # (start, content, eol)
    for m in _LINE.finditer(text):
        if m.start() == len(text) and not m.group(0):
            break
        lines.append((m.start(), m.group(1), m.group(2)))
    blank = [not content.strip(" \t") for _, content, _ in lines]
    first = next((i for i, b in enumerate(blank) if not b), len(lines))
    last = max((i for i, b in enumerate(blank) if not b), default=-1)

    fixes: list[Fix] = []
    drop_from = None  # first line of a run of blank lines being dropped

    def flush_drop(upto: int) -> None:
        nonlocal drop_from
        if drop_from is not None:
            start = lines[drop_from][0]
            end = lines[upto - 1][0] + len(lines[upto - 1][1]) + len(lines[upto - 1][2])
            where = "leading" if drop_from < first else "trailing" if drop_from > last else "extra"
            fixes.append(Fix(start, end, "", f"{where} blank lines"))
            drop_from = None

    run = 0
    for i, (start, content, eol) in enumerate(lines):
        if blank[i]:
            run += 1
            if i < first or i > last or run > max_blank:
                if drop_from is None:
                    drop_from = i
                continue
        else:
            run = 0
        flush_drop(i)
        trailing = _TRAILING.search(content)
        if collapse:
            for m in _INNER.finditer(content, 0, trailing.start() if trailing else len(content)):
                fixes.append(Fix(start + m.start(), start + m.end(), " ", "repeated spaces"))
        if trailing:
            fixes.append(Fix(start + trailing.start(), start + trailing.end(), "", "trailing whitespace"))
        if eol in ("\r\n", "\r"):
            at = start + len(content)
            fixes.append(Fix(at, at + len(eol), "\n", f"line ending {eol!r} -> '\\n'"))
    flush_drop(len(lines))
    if options.get("final_newline", True) and last >= 1 and not lines[last][2]:
        at = lines[last][0] + len(lines[last][1])
        fixes.append(Fix(at, at, "\n", "final line break"))
    return fixes


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
