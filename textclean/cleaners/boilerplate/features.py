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

import re
import unicodedata
from itertools import repeat
from typing import NamedTuple

from textclean.core.kinds import lines_having

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


_QUOTE_PAIRS = (("\u2018", "'"), ("\u2019", "'"), ("\u201c", '"'), ("\u201d", '"'),
                ("\u2013", "-"), ("\u2014", "-"), ("\u00ad", ""))


def fold_many(lines: list[str]) -> list[str]:
    """:func:`fold` of each line (no newline inside a line), in bulk.

    >>> fold_many(["A\u00a0 \u201cB\u201d", "c"])
    ['a "b"', 'c']
    """
    blob = "\n".join(lines)
    if not blob.isascii():
        if not unicodedata.is_normalized("NFKC", blob):
            # normalising a long text is slow once one character needs it: only those lines
            norm = unicodedata.normalize
            blob = "\n".join(line if line.isascii() or unicodedata.is_normalized("NFKC", line)
                             else norm("NFKC", line) for line in lines)
        for a, b in _QUOTE_PAIRS:
            if a in blob:
                blob = blob.replace(a, b)
    low = blob.lower()
    out = low.split("\n")
    if len(out) != len(lines):  # normalisation made or ate a newline: fold one by one
        return [fold(line) for line in lines]
    if "  " in low or "\n " in low or " \n" in low or low[:1] == " " or low[-1:] == " " \
            or any(c in low for c in _ODD_SPACES):
        return [" ".join(line.split()) for line in out]
    return out  # (the common case: single spaces inside lines only, nothing to collapse)


# The whitespace that ``str.split`` splits on, other than space and newline, that can be left
# after NFKC (which makes the other Unicode spaces a plain space).
_ODD_SPACES = ("\t", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f", "\x85", "\u1680",
               "\u2028", "\u2029")


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


# URL/e-mail tell-tales, searched per whitespace token (a pattern starting with \S+ would
# retry every position of a long token).
_URL_TOKEN = re.compile(r"https?://|(?<![/\w])www\.|\w@\w+\.\w|(?<!www)\.(?:com|org|net|html?|php)\b", re.I)


#: Characters of a long line that are analysed word by word; the rest is only counted.
HEAD = 400

# Bulk analysis: the lines of a document are analysed together, as UTF-8 bytes mapped by
# ``bytes.translate`` (C speed, no regex per word), so the per-line cost is a split and a
# few counts. A word is a run of letters, inner apostrophes included; general
# punctuation (curly quotes, dashes, bullets, odd spaces) separates words, other non-ASCII
# bytes are letters of some script.
_APOS = re.compile(rb"\xe2\x80[\x98\x99]")
_PUNCT_E2 = re.compile(rb"\xe2\x80[\x80-\x97\x9a-\xbf]")
_PUNCT_C2 = re.compile(rb"\xc2[\x80-\xa9\xab-\xb4\xb6-\xb9\xbb-\xbf]")
_LETTER_BYTES = set(range(65, 91)) | set(range(97, 123)) | set(range(128, 256))
# lower-cased word bytes: letters and apostrophes stay, newline stays, the rest is a space
_T_WORD = bytes((c + 32 if 65 <= c <= 90 else c) if c in _LETTER_BYTES or c in (10, 39) else 32
                for c in range(256))
# shape: capital 'A', other letter 'a', newline and apostrophe stay, the rest a space
_T_SHAPE = bytes(65 if 65 <= c <= 90 else 97 if c in _LETTER_BYTES else c if c in (10, 39) else 32
                 for c in range(256))
_QUOTE_EDGES = ((b" '", b"  "), (b"\n'", b"\n "), (b"' ", b"  "), (b"'\n", b" \n"))
_URL_NEEDLES = (b"://", b"www.", b"@", b".com", b".org", b".net", b".htm", b".php")
_URL_NEEDLES_S = tuple(n.decode() for n in _URL_NEEDLES)


def _has_url_hint(line: str) -> bool:
    """Whether ``line`` has a URL tell-tale (one of ``_URL_NEEDLES``, any case), by literal
    searches, which scan a long paragraph faster than a regex alternation.

    >>> _has_url_hint("See WWW.Example.org"), _has_url_hint("No link here.")
    (True, False)
    """
    low = line.lower()
    return any(n in low for n in _URL_NEEDLES_S)


_STOP_BYTES = frozenset(w.encode() for w in STOP_WORDS)
_CLOSERS = "\"'\u201d\u2019\u00bb)]\u300d\u300f\uff09\u3011"
# sentence ends: Latin, and the full stops and question marks of other scripts (CJK, Arabic,
# Urdu, Devanagari, Armenian, Ethiopic, Burmese)
_ENDS = frozenset(".!?\u2026:;\u3002\uff01\uff1f\uff61\u061f\u06d4\u0964\u0965\u0589\u1362\u104b")


_SEPARATOR_CHARS = ("|", "/", ">", "\u00bb", "\u203a", "\u2022", "\u00b7")  # those of _SEPARATORS


def line_features_many(lines: list[str], stops=None) -> list[LineFeatures]:
    """:class:`LineFeatures` of each line (no newline inside a line), computed in bulk, with
    the stop list ``stops`` (a :class:`~.stoplists.StopList`; None: English).

    >>> [f.words for f in line_features_many(["Don\u2019t stop \u2014 now.", "", "3 bay leaves"])]
    [3, 0, 2]
    """
    if not lines:
        return []
    # a paragraph's first HEAD characters tell prose from furniture as well as all of it
    heads = [line if len(line) <= HEAD else line.strip()[:HEAD] for line in lines]
    joined = "\n".join(heads)
    blob = joined.encode("utf-8", "surrogatepass")
    if not blob.isascii():
        # punctuation becomes one byte that is neither a letter nor whitespace
        # (one pattern per lead byte: a literal prefix makes the scan fast)
        blob = _APOS.sub(b"'", blob)
        if b"\xe2" in blob:
            blob = _PUNCT_E2.sub(b"\x1f", blob)
        if b"\xc2" in blob:
            blob = _PUNCT_C2.sub(b"\x1f", blob)
    # apostrophes that open or close a word are quotes (same length: shapes stay aligned)
    low = b"\n" + blob.translate(_T_WORD) + b"\n"
    shape = b"\n" + blob.translate(_T_SHAPE) + b"\n"
    if b"'" in low:
        # (those with a space or newline on either side, as the four replacements of
        # _QUOTE_EDGES in turn would blank; apostrophes are few, so find them)
        edges = []
        find = low.find
        pos = find(b"'")
        while pos != -1:
            if low[pos - 1] in (32, 10) or low[pos + 1] in (32, 10):
                edges.append(pos)
            pos = find(b"'", pos + 1)
        if edges:
            low, shape = bytearray(low), bytearray(shape)
            for pos in edges:
                low[pos] = shape[pos] = 32
            low, shape = bytes(low), bytes(shape)
    lows = low[1:-1].split(b"\n")
    shapes = shape[1:-1].split(b"\n")
    raws = blob.split(b"\n")
    assert len(lows) == len(lines)  # the mappings keep newlines, and lines have none
    # URL tell-tales and separators are rare: find the lines that have one with a few
    # literal searches over all the lines at once
    hinted = lines_having(blob.lower(), _URL_NEEDLES, b"\n")
    # Each measure is taken for all lines by one comprehension or map (a loop body per line
    # and measure would cost more than the measures themselves).
    scale = 1.0
    if stops is None:
        stop_of = _STOP_BYTES.__contains__
    else:
        words = stops.words
        scale = stops.scale
        if stops.elision:  # "l'équipage": the article before the apostrophe counts
            def stop_of(w: bytes, words=words) -> bool:
                return w in words or (39 in w and w.partition(b"'")[0] in words)
        else:
            stop_of = words.__contains__
    strips = [line.strip() for line in lines]
    sizes = list(map(len, strips))
    toks = list(map(bytes.split, lows))
    nwords = list(map(len, toks))
    nstops = [sum(map(stop_of, t)) for t in toks]
    caps = list(map(bytes.count, map(b" ".__add__, shapes), repeat(b" A")))
    alphas = list(map(len, shape[1:-1].translate(None, b" '").split(b"\n")))
    widths = list(map(len, map(bytes.strip, raws)))
    terminal = [s.rstrip(_CLOSERS)[-1:] in _ENDS for s in strips]
    seps = [0] * len(lines)
    longs = [i for i, n in enumerate(sizes) if n > HEAD]
    for i in lines_having(joined, _SEPARATOR_CHARS, "\n").union(longs):
        s = strips[i]
        if any(c in s for c in _SEPARATOR_CHARS):
            seps[i] = len(_SEPARATORS.findall(s))
    urls = [0] * len(lines)
    for i in hinted.union([i for i in longs if _has_url_hint(strips[i])]):
        # (every tell-tale has a dot, an @ or a colon: other tokens need no search)
        urls[i] = sum(1 for tok in strips[i].split()
                      if ("." in tok or "@" in tok or ":" in tok) and _URL_TOKEN.search(tok))
    for i in longs:
        if nwords[i]:
            # extrapolate the head's densities to the whole line
            total = nwords[i] + strips[i].count(" ", HEAD)
            nstops[i] = round(nstops[i] * total / nwords[i])
            caps[i] = round(caps[i] * total / nwords[i])
            nwords[i] = total
    # the judgements (see LineFeatures), one comprehension each: a loop body per line would
    # cost more than the measures
    if scale == 1.0:
        dens = [s / w if w else 0.0 for s, w in zip(nstops, nwords)]
    else:  # (a language whose stop list covers less running text than English's)
        dens = [scale * s / w if w else 0.0 for s, w in zip(nstops, nwords)]
    cshare = [c / w if w else 0.0 for c, w in zip(caps, nwords)]
    if stops is None or stops.known:
        prose = [sep < 2 and w >= 6 and ((w >= 25 and d >= 0.2) or (d >= 0.25 and (t or w >= 12)))
                 for sep, w, d, t in zip(seps, nwords, dens, terminal)]
    else:
        # a language without a stop list: the shape of a sentence (which only ever keeps a
        # line: the cleaner finds no article body, and so no position, in such a text)
        prose = [sep < 2 and ((t and (w >= 6 or n >= 40)) or w >= 12)
                 for sep, w, t, n in zip(seps, nwords, terminal, sizes)]
    menu = [sep >= 2 or (url > 0 and w <= 6) or (w >= 5 and d < 0.15 and c > 0.7 and not t)
            for sep, url, w, d, c, t in zip(seps, urls, nwords, dens, cshare, terminal)]
    letters = [a / (wd or 1) if n else 0.0 for a, wd, n in zip(alphas, widths, sizes)]
    return list(map(tuple.__new__, repeat(LineFeatures), zip(
        sizes, nwords, nstops, caps, terminal, seps, urls, letters, dens, cshare, prose, menu)))


def line_features(line: str, stops=None) -> LineFeatures:
    """Compute :class:`LineFeatures` of one line (see :func:`line_features_many`).

    >>> f = line_features("Related Posts")
    >>> (f.words, f.stop_words, f.terminal)
    (2, 0, False)
    >>> line_features("See www.example.com or mail me@example.org today").urls
    2
    """
    return line_features_many([line.replace("\n", " ")], stops)[0]
