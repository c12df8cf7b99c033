"""Per-line features that tell article prose from page furniture.

In the spirit of jusText and boilerpipe, but computed on plain text lines: length in words
and characters, the share of English stop words (prose is full of *the*, *of*, *and*; menus,
tag lists and link lists are not), whether the line ends like a sentence, the share of
capitalised words (titles and menus are capitalised), and shapes that betray links and
menus (``|`` and ``»`` separators, URLs, runs of short capitalised items).

The stop-word list below was written for this project (function words of English); it is
small on purpose: what matters is the *density* of function words, not completeness.
"""

from __future__ import annotations

import re
import unicodedata
from operator import itemgetter
from typing import NamedTuple

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

_WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*")
_TERMINAL = re.compile(r"""[.!?…:;]["'”’»)\]]*\s*$""")
_SEPARATORS = re.compile(r"\s[|»›•·/>]\s|\s\|\s|\|")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                         "\u2013": "-", "\u2014": "-", "\u00ad": ""})


def fold(line: str) -> str:
    """A line folded for matching: NFKC, every Unicode space run to one space, curly quotes
    and dashes to ASCII, lower case, stripped.

    >>> fold("You are commenting\\u00a0using  your \\u2018X\\u2019 account. Log\\u00a0Out")
    "you are commenting using your 'x' account. log out"
    """
    if not line.isascii():  # NFKC and the quote table only change non-ASCII characters
        line = unicodedata.normalize("NFKC", line).translate(_QUOTES)
    return " ".join(line.split()).lower()


class LineFeatures(NamedTuple):
    """What the cleaner knows about one line on its own (no context). The derived judgements
    (densities, ``prose``, ``menu_like``) are computed once, by :func:`line_features`,
    because the cleaner consults them many times per line.

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


def _judge(chars: int, words: int, stop: int, caps: int, terminal: bool, seps: int, urls: int,
           letters: float) -> LineFeatures:
    density = stop / words if words else 0.0
    cap_share = caps / words if words else 0.0
    if seps >= 2 or words < 6:
        prose = False
    elif words >= 25 and density >= 0.2:
        prose = True
    else:
        prose = density >= 0.25 and (terminal or words >= 12)
    menu = (seps >= 2 or (urls > 0 and words <= 6)
            or (words >= 5 and density < 0.15 and cap_share > 0.7 and not terminal))
    return LineFeatures(chars, words, stop, caps, terminal, seps, urls, letters, density,
                        cap_share, prose, menu)


# ASCII lines (most lines of English text) take faster patterns with the same meaning.
_WORD_ASCII = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)*")
_first = itemgetter(0)
_TLDS = (".com", ".org", ".net", ".htm", ".php")
_NONLETTERS = re.compile(r"[\W\d_]+")
# URL/e-mail tell-tales, searched per whitespace token (a pattern starting with \S+ would
# retry every position of a long token).
_URL_TOKEN = re.compile(r"https?://|(?<![/\w])www\.|\w@\w+\.\w|(?<!www)\.(?:com|org|net|html?|php)\b", re.I)


#: Characters of a long line that are analysed word by word; the rest is only counted (a
#: paragraph's first few hundred characters tell prose from furniture as well as all of it,
#: and this keeps the cost per line bounded).
HEAD = 400
_NON_ALPHA_BYTES = bytes(c for c in range(128) if not chr(c).isalpha())


def line_features(line: str) -> LineFeatures:
    """Compute :class:`LineFeatures` of one line.

    >>> f = line_features("Related Posts")
    >>> (f.words, f.stop_words, f.terminal)
    (2, 0, False)
    >>> line_features("See www.example.com or mail me@example.org today").urls
    2
    """
    stripped = line.strip()
    n = len(stripped)
    head = stripped if n <= HEAD else stripped[:HEAD]
    if head.isascii():
        words = _WORD_ASCII.findall(head)
        stop = sum(map(STOP_WORDS.__contains__, map(str.lower, words)))
        alpha = len(head.encode("ascii").translate(None, _NON_ALPHA_BYTES))
        ascii_line = True
    else:
        words = _WORD.findall(head)
        stop = sum(1 for w in words if w.lower().replace("\u2019", "'") in STOP_WORDS)
        alpha = len(_NONLETTERS.sub("", head))
        ascii_line = False
    caps = sum(map(str.isupper, map(_first, words)))
    nwords = len(words)
    if n > HEAD and nwords:
        # extrapolate the head's densities to the whole line
        total = nwords + stripped.count(" ", HEAD)
        stop, caps, nwords = round(stop * total / nwords), round(caps * total / nwords), total
    urls = 0
    if "." in stripped or "@" in stripped:
        lower = stripped.lower()
        if "://" in lower or "www." in lower or "@" in lower or any(t in lower for t in _TLDS):
            urls = sum(1 for tok in stripped.split() if _URL_TOKEN.search(tok))
    seps = 0
    if "|" in stripped or "/" in stripped or ">" in stripped or not ascii_line:
        seps = len(_SEPARATORS.findall(stripped))
    return _judge(n, nwords, stop, caps, _TERMINAL.search(stripped[-8:]) is not None, seps, urls,
                  alpha / len(head) if n else 0.0)
