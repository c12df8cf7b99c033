"""Unified diffs of a cleaning (``textclean clean --diff``) that ``patch -p1`` and ``git apply``
take as they are."""

from __future__ import annotations

import difflib

_NO_NEWLINE = "\\ No newline at end of file\n"


def _diff_lines(text: str) -> list[str]:
    # Lines as patch sees them: ended by "\n" only (str.splitlines also splits at \r, \f,
    # U+2028..., which would make a diff that does not apply); the last may lack its "\n".
    lines = text.split("\n")
    last = lines.pop()
    return [line + "\n" for line in lines] + ([last] if last else [])


def unified_diff(name: str, before: str, after: str) -> str:
    """A unified diff from ``before`` to ``after`` that ``patch -p1`` and ``git apply`` take.

    The headers are ``a/NAME`` and ``b/NAME``, NAME being the path as given (a leading ``/``
    dropped, as git does, so an absolute path applies with ``-p1`` from ``/``; a tab after a
    name with a space, as git writes it, or patch would stop the name at the space). A side
    whose last line has no newline gets GNU diff's marker after that line, or patch would
    add a newline to it (or, on the side being replaced, not find the line).

    >>> print(unified_diff("notes.txt", "One  two\\nend", "One two\\nend\\n"), end="")
    --- a/notes.txt
    +++ b/notes.txt
    @@ -1,2 +1,2 @@
    -One  two
    -end
    \\ No newline at end of file
    +One two
    +end
    >>> unified_diff("same.txt", "x\\n", "x\\n")
    ''
    """
    name = name.lstrip("/")
    end = "\t" if " " in name else ""
    out = []
    for line in difflib.unified_diff(_diff_lines(before), _diff_lines(after),
                                     fromfile=f"a/{name}{end}", tofile=f"b/{name}{end}"):
        out.append(line)
        if not line.endswith("\n"):
            out.append("\n" + _NO_NEWLINE)
    return "".join(out)
