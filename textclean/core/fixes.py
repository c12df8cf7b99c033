"""Fixes and edits: applying a cleaner's fixes, turning a rewritten string into fixes, checking
what a cleaner returned, and replaying a document's edits.

One implementation of each, so that provenance (every edit's span, before and after) and
idempotence rest on the same code for every cleaner. The diff behind
:func:`fixes_from_string` is :mod:`textclean.core.diff`; where each edit comes from in the
input, :mod:`textclean.core.spans`.
"""

from __future__ import annotations

from typing import Any, Iterable, Iterator, Sequence

from textclean.core.diff import diff_regions, line_regions
from textclean.core.records import Cleaner, CleanerError, Edit, Fix


def fixes_from_string(old: str, new: str, reason: str, *, precise: bool = False) -> list[Fix]:
    """Fixes that turn ``old`` into ``new``, each with ``reason``.

    By default one fix per changed block of lines, trimmed to the characters that differ:
    the edits the host derives for a cleaner that returns a string
    (:func:`textclean.core.diff.line_regions`). With ``precise``, one fix per changed run of
    characters, found through whitespace-delimited tokens
    (:func:`textclean.core.diff.diff_regions`).

    >>> fixes_from_string("one\\ntwo\\n", "one\\n2\\n", "r")
    [Fix(start=4, end=7, replacement='2', reason='r')]
    >>> [f.replacement for f in fixes_from_string("RÃ©sumÃ© ok", "Résumé ok", "r", precise=True)]
    ['é', 'é']
    """
    if old == new:
        return []
    regions = diff_regions(old, new) if precise else line_regions(old, new)
    return [Fix(i1, i2, new[j1:j2], reason) for i1, i2, j1, j2 in regions]


def check_fixes(cleaner: Cleaner, text: str, fixes: Any) -> list[Fix]:
    """What ``cleaner`` returned for ``text`` as a list of fixes, checked: a string becomes
    the fixes that make it (:func:`fixes_from_string`, with the cleaner's description as
    reason), None no fix; anything else must be Fix records with string replacement and
    reason, sorted, not overlapping and within the text, or a :class:`CleanerError` names the
    cleaner.
    """
    if isinstance(fixes, str):
        return fixes_from_string(text, fixes, cleaner.description or cleaner.name)
    if fixes is None:
        return []
    try:
        fixes = list(fixes)
    except TypeError:
        raise CleanerError(cleaner, f"returned {type(fixes).__name__}, not a list of Fix or a str") from None
    last_end = 0
    for f in fixes:
        if not isinstance(f, Fix):
            raise CleanerError(cleaner, f"returned {f!r}, not a textclean.Fix")
        if not (isinstance(f.replacement, str) and isinstance(f.reason, str)):
            raise CleanerError(cleaner, f"returned a Fix whose replacement or reason is not a str: {f!r}")
        if not (last_end <= f.start <= f.end <= len(text)):
            raise CleanerError(cleaner, f"returned overlapping, unsorted or out-of-range fixes near {f!r}")
        last_end = f.end
    return fixes


class Checked(list):
    """Fixes made already sorted, not overlapping, within the text and each changing it, as
    the native core builds a built-in cleaner's (``boilerplate``'s deletions of whole
    lines): :func:`changes` takes them as they are from a built-in cleaner, instead of
    checking each one again in Python (a page has hundreds)."""

    __slots__ = ()


def changes(cleaner: Cleaner, text: str, fixes: Any, trusted: bool = False) -> list[Fix]:
    """The fixes ``cleaner`` returned for ``text`` (as :func:`check_fixes` reads them) that
    change something: those whose replacement differs from the text it replaces.

    ``trusted`` is for the built-in cleaners, whose output the test suite checks: their
    fixes are only checked to be sorted, not overlapping and within the text, in the same
    loop that drops the ones that change nothing. Any other cleaner's output is checked in
    full first (:func:`check_fixes`).

    >>> from textclean import Cleaner
    >>> c = Cleaner("c", lambda t, ctx: None, 900, "c")
    >>> changes(c, "ab", [Fix(0, 1, "a", "same"), Fix(1, 2, "c", "new")], trusted=True)
    [Fix(start=1, end=2, replacement='c', reason='new')]
    """
    if not trusted or isinstance(fixes, str) or fixes is None:
        return [f for f in check_fixes(cleaner, text, fixes) if f.replacement != text[f.start:f.end]]
    if type(fixes) is Checked:
        return fixes
    kept = []
    last_end = 0
    size = len(text)
    for f in fixes:
        start, end, replacement = f.start, f.end, f.replacement
        if not (last_end <= start <= end <= size):
            raise CleanerError(cleaner, f"returned overlapping, unsorted or out-of-range fixes near {f!r}")
        last_end = end
        # (lengths first: most fixes delete or insert, and their text need not be cut out)
        if end - start != len(replacement) or replacement != text[start:end]:
            kept.append(f)
    return kept


def apply_fixes(text: str, fixes: Sequence[Fix]) -> str:
    """Apply sorted, non-overlapping fixes to ``text``.

    >>> apply_fixes("Prime Miister", [Fix(6, 13, "Minister", "typo")])
    'Prime Minister'
    """
    if not fixes:
        return text
    parts = []
    add = parts.append
    pos = 0
    for f in fixes:
        # (no empty pieces: most fixes are lines removed, one after another, so most gaps
        # between fixes and most replacements are empty)
        start = f.start
        if start != pos:
            add(text[pos:start])
        replacement = f.replacement
        if replacement:
            add(replacement)
        pos = f.end
    add(text[pos:])
    return "".join(parts)


def edit_batches(edits: Iterable[Edit]) -> Iterator[list[Fix]]:
    """A list of edits as the fixes of each cleaner run in turn (one batch per ``(step,
    cleaner)``, spans as that run saw the text): what :func:`replay` applies, and what
    follows a cleaned text back to its input (:func:`textclean.io.markdown.source_map`).

    >>> [[(f.start, f.end) for f in b] for b in edit_batches([Edit("a", 0, 1, "x", "", "r", (0, 1)),
    ...  Edit("a", 2, 3, "y", "", "r", (1, 2)), Edit("b", 0, 0, "", "z", "r", (0, 0), 1)])]
    [[(0, 1), (1, 2)], [(0, 0)]]
    """
    batch: list[Fix] = []
    step = None
    for e in edits:
        if step is not None and (e.step, e.cleaner) != step:
            yield batch
            batch = []
        step = (e.step, e.cleaner)
        batch.append(Fix(e.at[0], e.at[1], e.after, e.reason))
    if batch:
        yield batch


def replay(text: str, edits: Iterable[Edit]) -> str:
    """Apply a list of edits (as :func:`textclean.clean_and_explain` returns them) to the
    input they were made on, reproducing the cleaned text.

    >>> from textclean import clean_and_explain
    >>> src = "Prime  Minister\\n\\n\\n\\nsaid so.   \\n"
    >>> out, edits = clean_and_explain(src, only=["whitespace"])
    >>> replay(src, edits) == out
    True
    """
    for batch in edit_batches(edits):
        text = apply_fixes(text, batch)
    return text
