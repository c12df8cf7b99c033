"""Misspellings that software projects have agreed are misspellings: codespell's dictionary.

In documentation (a README, a manual, release notes) the words a dictionary does not know are
mostly names of tools, files and concepts (``passwd``, ``systemd``, ``docstring``,
``manpage``, ``javac``) and many of them are one likely slip from a common word. The noisy
channel cannot tell ``manpages`` from a slip for ``manages``; a list can. codespell
(https://github.com/codespell-project/codespell) keeps such a list for exactly this kind of
text: some 65,000 misspellings found in source code and documentation, each with its fix,
curated so that running it over a code base changes no identifier. ``typos`` corrects a word
in documentation only where codespell lists the word with exactly one fix and that fix is the
one ``typos`` chose: two independent judges agree.

The dictionary is read as data from the installed ``codespell`` distribution (its word lists
are released under CC BY-SA 3.0; no codespell code is imported). Without it, nothing is
corrected in documentation: the safe side.
"""

from __future__ import annotations

import importlib.metadata
from functools import lru_cache

from textclean import _native
from textclean.cleaners.lexicon import cached

#: The list inside the codespell distribution (the general one; the others are for British
#: spelling, rare words and names, which are not slips).
_DICTIONARY = "codespell_lib/data/dictionary.txt"


def _location() -> str | None:
    try:
        path = importlib.metadata.distribution("codespell").locate_file(_DICTIONARY)
    except importlib.metadata.PackageNotFoundError:
        return None
    return str(path) if path.is_file() else None


def parse(lines) -> dict[str, str]:
    """The entries of a codespell dictionary with one fix, ``misspelling -> fix``, lower case.
    An entry with several fixes (``fiel->feel, field, file, phial,``) needs a reader, so it is
    left out.

    >>> parse(["recieve->receive", "fiel->feel, field, file, phial,", "Teh->The", "bad line"])
    {'recieve': 'receive', 'teh': 'the'}
    """
    out: dict[str, str] = {}
    for line in lines:
        word, sep, fix = line.strip().partition("->")
        if not sep or "," in fix or not word or not fix:
            continue
        out[word.lower()] = fix.lower()
    return out


@lru_cache(maxsize=1)
def listed() -> _native.Lists:
    """codespell's single-fix misspellings, ``misspelling -> (fix,)`` (empty where codespell is
    not installed); parsed once and cached between runs as a native word map, which a process
    reads in a millisecond (a pickled dict of its 65,000 entries took 30 ms, in the middle of
    the first document in need of it)."""
    path = _location()
    if path is None:
        return _native.Lists(_native.Lists.build([]))

    def build() -> bytes:
        with open(path, encoding="utf-8") as f:
            return _native.Lists.build((word, [fix]) for word, fix in parse(f).items())

    return _native.Lists(cached("codespell-fixes", [path], build))


def agrees(word: str, fix: str) -> bool:
    """Whether codespell lists ``word`` as a misspelling of ``fix`` (case aside).

    >>> agrees("Recieve", "Receive"), agrees("manpages", "manages"), agrees("passwd", "passed")
    (True, False, False)
    """
    return listed().get(word.lower()) == (fix.lower(),)
