"""Per-line features that tell article prose from page furniture.

In the spirit of jusText and boilerpipe, but computed on plain text lines: length in words
and characters, the share of English stop words (prose is full of *the*, *of*, *and*; menus,
tag lists and link lists are not), whether the line ends like a sentence, the share of
capitalised words (titles and menus are capitalised), and shapes that betray links and
menus (``|`` and ``»`` separators, URLs, runs of short capitalised items).

The stop-word list below was written for this project (function words of English); it is
small on purpose: what matters is the *density* of function words, not completeness. The
other languages' lists are in :mod:`.stoplists`; :func:`line_features_many` takes the list of
the document's language (English by default), and the thresholds are the same in every
language (each list is calibrated to cover as much running text as the English one). A
sentence may end in the full stops of other scripts too (``。``, ``؟``, ``।``, ``։``, ``።``).
"""

from __future__ import annotations

import functools
from itertools import repeat
from typing import NamedTuple

from textclean import _native

STOP_WORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before
being below between both but by can could did do does doing down during each either else
ever every few for from further had has have having he her here hers herself him himself his
how however i if in into is it its itself just least less may me might more most much must my
myself neither no nor not now of off on once only or other ought our ours ourselves out over
own per perhaps rather same shall she should since so some such than that the their theirs
them themselves then there these they this those though through thus to too under until up
upon us very was we were what when where whether which while who whom whose why will with
within without would yet you your yours yourself yourselves said says according would've
don't doesn't didn't isn't wasn't aren't weren't won't can't couldn't shouldn't wouldn't it's
he's she's that's there's they're we're i'm you're i've we've they've
""".split())

def fold(line: str) -> str:
    """A line folded for matching: NFKC, every Unicode space run to one space, curly quotes
    and dashes to ASCII (a soft hyphen dropped), lower case, stripped (the native core's
    ``boilerplate::fold``; whitespace and lower case as ``str.split`` and ``str.lower``).

    >>> fold("You are commenting\u00a0using  your \u2018X\u2019 account. Log\u00a0Out")
    "you are commenting using your 'x' account. log out"
    """
    return _native.fold_many([line])[0]


def fold_many(lines: list[str]) -> list[str]:
    """:func:`fold` of each line, in bulk.

    >>> fold_many(["A\u00a0 \u201cB\u201d", "c"])
    ['a "b"', 'c']
    """
    return _native.fold_many(lines)


class LineFeatures(NamedTuple):
    """The measurements of one line's text alone (no context, no templates, no corpus): the
    ``feats`` of the cleaner's :class:`~.evidence.Line` record, which adds the evidence the
    pipeline's templates and models give. The derived judgements (densities, ``prose``,
    ``menu_like``) are computed once, by :func:`line_features`, because the cleaner consults
    them many times per line.

    A line is ``prose`` when it looks like running text: at least 6 words, a quarter of them
    function words and a sentence end (or 12+ words); 25+ words need only a fifth. It is
    ``menu_like`` when shaped like a menu, tag list or link row: separators, a URL in a short
    line, or 5+ capitalised words with almost no function words and no sentence end.

    >>> line_features("The minister said on Tuesday that the talks would resume in May.").prose
    True
    >>> line_features("Home | News | Sport | Weather | Contact us").prose
    False
    >>> line_features("News Home Australia World Business Sport Weather").menu_like
    True
    >>> line_features("Other injuries").menu_like
    False
    """

    chars: int
    words: int
    stop_words: int
    capitalised: int
    terminal: bool
    separators: int
    urls: int
    letters: float
    stop_density: float  # share of the words that are stop words
    cap_share: float  # share of the words that start with a capital letter
    prose: bool
    menu_like: bool


#: Characters of a long line that are analysed word by word; the rest is only counted
#: (the native core's constant).
HEAD = 400

_ENGLISH = _native.StopWords([w.encode() for w in STOP_WORDS])


def native_stops(stops=None) -> _native.StopWords:
    """The native core's form of the stop list ``stops`` (a :class:`~.stoplists.StopList`;
    None: English)."""
    return _ENGLISH if stops is None else _native_stops(stops)


@functools.lru_cache(maxsize=64)
def _native_stops(stops) -> _native.StopWords:
    # (a StopList is an immutable tuple whose frozenset caches its hash: a cheap key)
    return _native.StopWords(list(stops.words), stops.scale, stops.elision, stops.known)


def line_features_many(lines: list[str], stops=None) -> list[LineFeatures]:
    """:class:`LineFeatures` of each line (no newline inside a line), with the stop list
    ``stops`` (a :class:`~.stoplists.StopList`; None: English), computed by the native core
    (``native/src/features.rs``).

    Words are counted in a line's first ``HEAD`` characters (a paragraph's head tells prose
    from furniture as well as all of it; the counts are extrapolated to the whole line): a
    word is a run of letters, inner apostrophes included; general punctuation (curly quotes,
    dashes, bullets, odd spaces) separates words, other non-ASCII characters are letters of
    some script.

    >>> [f.words for f in line_features_many(["Don\u2019t stop \u2014 now.", "", "3 bay leaves"])]
    [3, 0, 2]
    """
    if not lines:
        return []
    return list(map(tuple.__new__, repeat(LineFeatures), _native.line_features(lines, native_stops(stops))))


def line_features(line: str, stops=None) -> LineFeatures:
    """Compute :class:`LineFeatures` of one line (see :func:`line_features_many`).

    >>> f = line_features("Related Posts")
    >>> (f.words, f.stop_words, f.terminal)
    (2, 0, False)
    >>> line_features("See www.example.com or mail me@example.org today").urls
    2
    """
    return line_features_many([line.replace("\n", " ")], stops)[0]
