"""How the ``typos`` cleaner reads the text around a word: its patterns, whole-word lookups,
the whitespace-delimited chunk a word stands in, peeled of its punctuation
(:class:`Token`), and the chunks before and after it.

Nothing here knows about misspellings; :mod:`~textclean.cleaners.typos.spotting`,
:mod:`~textclean.cleaners.typos.vetoes` and :mod:`~textclean.cleaners.typos.fixers` build on it.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterable

#: A word the cleaner looks at: three letters or more, lower case or capitalised (and the
#: other spellings the case checks then rule out). The fast path finds them all in Rust
#: (``spots::forms``, the same pattern as a byte scan); this matches one at a spot.
FORM = re.compile(r"[A-Za-z][a-z]{2,}")
#: A run of ASCII letters.
WORD = re.compile(r"[A-Za-z]+")
#: A hyphenated compound of letters and numbers ("first-time", "38-year-old", "15.9-point").
COMPOUND = re.compile(r"[A-Za-z0-9]+(?:\.[0-9]+)?(?:-[A-Za-z0-9]+(?:\.[0-9]+)?){1,3}")
NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")
#: The ASCII word after spaces or tabs.
NEXT_WORD = re.compile(r"[ \t]+([A-Za-z]+)")
#: Punctuation that ends a sentence, with the quotes and brackets that may follow it.
ENDS_SENTENCE = re.compile(r"[.!?:][\"'\u201d\u2019)\]]*$")
#: A whole word as :func:`word_at` sees one: a maximal run of letters, digits and
#: underscores (``\w`` is exactly ``str.isalnum()`` or ``_``, character by character).
_WHOLE_WORD = re.compile(r"\w+")
_OPENERS = "([{\"'\u201c\u2018\u00ab*"
_CLOSERS = ")]}\"'\u201d\u2019\u00bb*.,;:!?"
_LEAD = re.compile(r"[(\[{\"'\u201c\u2018\u00ab*]+")
_TRAIL = re.compile(r"[)\]}\"'\u201d\u2019\u00bb*.,;:!?]+$")
_POSSESSIVE = re.compile(r"([A-Za-z]+)['\u2019]s")

#: Up to this many words to look up in a document, each is found with ``str.find`` (a scan
#: of the text in C per word, about 1.5 ns a character: cheapest for the few unknown words of
#: most documents); beyond it, one pass over the text finds them all (about 0.3 us a
#: character, in Python per word of the text), so that the time stays linear in the text
#: however many distinct unknown words it has.
SCAN_LIMIT = 150
#: Characters looked at around a token: a chunk longer than this is not a word.
CHUNK_LIMIT = 64


def wordish(ch: str) -> bool:
    """Whether ``ch`` is part of a word (a letter, a digit or an underscore)."""
    return ch.isalnum() or ch == "_"


def word_at(text: str, form: str, start: int) -> int:
    """The offset of the first occurrence of ``form`` at or after ``start`` that is a whole
    word (no letter, digit or underscore either side), or -1."""
    n = len(form)
    end = len(text)
    i = text.find(form, start)
    while i >= 0:
        if (i == 0 or not wordish(text[i - 1])) and (i + n == end or not wordish(text[i + n])):
            return i
        i = text.find(form, i + 1)
    return -1


class Where:
    """The first whole-word occurrence of each word asked about in ``text`` (as
    :func:`word_at` finds it), and whether there is another: by a scan of the text per word
    when ``wanted`` is None (a few words), else from one pass over the text for the words in
    ``wanted``.

    >>> w = Where("an apple, an apples", {"an", "apple", "app"})
    >>> w.at("apple"), w.at("app"), w.twice("an", 0), w.twice("apple", 3)
    (3, -1, True, False)
    """

    __slots__ = ("text", "first", "again")

    def __init__(self, text: str, wanted: Iterable[str] | None):
        self.text = text
        self.first: dict[str, int] | None = None
        self.again: set[str] = set()
        if wanted is not None:
            first = dict.fromkeys(wanted, -1)
            again = self.again
            get = first.get
            for m in _WHOLE_WORD.finditer(text):
                w = m.group()
                i = get(w)
                if i is not None:
                    if i < 0:
                        first[w] = m.start()
                    else:
                        again.add(w)
            self.first = first

    def at(self, form: str, start: int = 0) -> int:
        """The offset of the first whole-word occurrence of ``form``, or -1; ``start`` is an
        offset before which it has none (where the word scan first matched it), so that a
        search of the text begins there."""
        if self.first is None:
            return word_at(self.text, form, start)
        return self.first.get(form, -1)

    def twice(self, form: str, s: int) -> bool:
        """Whether ``form``, first found at ``s``, occurs again as a whole word."""
        if self.first is None:
            return word_at(self.text, form, s + 1) >= 0
        return form in self.again


def in_spans(spans: list[tuple[int, int]], s: int) -> bool:
    """Whether ``s`` is inside one of ``spans`` (sorted, not overlapping)."""
    i = bisect.bisect_right(spans, (s, math.inf)) - 1
    return i >= 0 and s < spans[i][1]


def word_before(text: str, s: int) -> str:
    """The ASCII letters right before the spaces or tabs before ``s`` ('' if none)."""
    k = s
    while k > 0 and text[k - 1] in " \t" and s - k < 40:
        k -= 1
    j = k
    while j > 0 and text[j - 1].isascii() and text[j - 1].isalpha() and k - j < 40:
        j -= 1
    return text[j:k] if j < k < s else ""


def word_after(text: str, e: int) -> str:
    """The ASCII letters right after the spaces or tabs after ``e`` ('' if none)."""
    m = NEXT_WORD.match(text, e, e + 80)
    return m.group(1) if m else ""


def plain_edges(text: str, s: int, e: int) -> bool:
    """A quick necessary condition for ``text[s:e]`` to be a plain word: what is before it is
    a space or opening punctuation, and what is after it a space, closing punctuation, or a
    possessive ``'s`` (not a contraction, a hyphen, a URL or an address)."""
    if s > 0:
        c = text[s - 1]
        if not (c.isspace() or c in _OPENERS):
            return False
    if e < len(text):
        c = text[e]
        if c.isspace():
            return True
        if c in "'\u2019" and text[e + 1:e + 2] in ("s", "S"):
            return not wordish(text[e + 2:e + 3] or " ")
        if c not in _CLOSERS:
            return False
        return not wordish(text[e + 1:e + 2] or " ")
    return True


def case_like(word: str, model: str) -> str:
    """``word`` capitalised when ``model`` is."""
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


class Token:
    """A whitespace-delimited chunk of the text: ``text`` (at ``start:end``) with the
    punctuation ``lead`` before it and ``trail`` after it; ``plain`` when it is a word of
    ASCII letters (maybe with a possessive ``'s``, left in ``trail``); ``line`` 1 when a line
    break separates it from the token it neighbours, else 0."""

    __slots__ = ("start", "end", "text", "lead", "trail", "plain", "line")

    def __init__(self, start: int, end: int, text: str, lead: str, trail: str, plain: bool, line: int):
        self.start, self.end, self.text = start, end, text
        self.lead, self.trail, self.plain, self.line = lead, trail, plain, line


def chunk_bounds(text: str, s: int, e: int) -> tuple[int, int] | None:
    """The whitespace-delimited chunk around ``text[s:e]``, or None when it is too long to be
    a word with punctuation."""
    a, b = s, e
    lo, hi = max(0, s - CHUNK_LIMIT), min(len(text), e + CHUNK_LIMIT)
    while a > lo and not text[a - 1].isspace():
        a -= 1
    while b < hi and not text[b].isspace():
        b += 1
    if (a == lo and a > 0 and not text[a - 1].isspace()) or (b == hi and b < len(text) and not text[b].isspace()):
        return None
    return a, b


def peel(text: str, a: int, b: int, line: int) -> Token:
    """The chunk ``text[a:b]`` as a :class:`Token`."""
    chunk = text[a:b]
    lead = _LEAD.match(chunk)
    x = lead.end() if lead else 0
    trail = _TRAIL.search(chunk, x)
    y = trail.start() if trail else len(chunk)
    core = chunk[x:y]
    plain = bool(WORD.fullmatch(core))
    if not plain:
        poss = _POSSESSIVE.fullmatch(core)
        if poss:
            y = x + poss.end(1)
            core = poss.group(1)
            plain = True
    return Token(a + x, a + y, core, chunk[:x], chunk[y:], plain, line)


def neighbour(text: str, a: int, b: int, step: int) -> Token | None:
    """The chunk before (``step`` -1) or after (+1) the chunk ``text[a:b]``; its ``line`` is 0
    when only spaces and tabs separate them, else 1."""
    n = len(text)
    k = a if step < 0 else b
    gap = 0
    newline = False
    while (k > 0 if step < 0 else k < n):
        ch = text[k - 1] if step < 0 else text[k]
        if not ch.isspace():
            break
        newline = newline or ch == "\n"
        k += step
        gap += 1
        if gap > CHUNK_LIMIT:
            return None
    if (k == 0 and step < 0) or (k == n and step > 0):
        return None
    bounds = chunk_bounds(text, k - 1, k) if step < 0 else chunk_bounds(text, k, k + 1)
    if bounds is None:
        return None
    return peel(text, bounds[0], bounds[1], 1 if newline else 0)
