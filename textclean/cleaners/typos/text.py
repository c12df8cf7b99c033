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

from textclean import _native

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

#: Up to this many words to look up in a document, each is found with ``str.find`` (a scan
#: of the text in C per word, about 1.5 ns a character: cheapest for the few unknown words of
#: most documents); beyond it, one pass over the text finds them all (about 0.3 us a
#: character, in Python per word of the text), so that the time stays linear in the text
#: however many distinct unknown words it has.
SCAN_LIMIT = 150
#: Characters looked at around a token: a chunk longer than this is not a word.
CHUNK_LIMIT: int = _native.TOKEN_CHUNK_LIMIT  # (64: the core's, which reads the chunks)


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


# The chunk functions are the native core's (``native/src/spots.rs``: the same characters as
# ``str.isspace`` and the same punctuation), given a window of the text around the word:
# they walked the text character by character in Python, a twentieth of the cleaner's time.
#: Characters of text either side of a word that the core is given: more than a chunk, the
#: whitespace to its neighbour and the neighbour's chunk can reach (3 * CHUNK_LIMIT + 3).
_REACH = 4 * CHUNK_LIMIT + 8


def _token(text: str, found: tuple[int, int, int, int, bool, int], shift: int) -> Token:
    a, s, e, b, plain, line = found
    a, s, e, b = a + shift, s + shift, e + shift, b + shift
    return Token(s, e, text[s:e], text[a:s], text[e:b], plain, line)


def chunk_bounds(text: str, s: int, e: int) -> tuple[int, int] | None:
    """The whitespace-delimited chunk around ``text[s:e]``, or None when it is too long to be
    a word with punctuation (longer than :data:`CHUNK_LIMIT` either side).

    >>> chunk_bounds("a (word), b", 3, 7), chunk_bounds("x" * 200, 100, 101)
    ((2, 9), None)
    """
    w0 = max(0, s - _REACH)
    found = _native.token_chunk(text[w0:e + _REACH], s - w0, e - w0)
    return None if found is None else (found[0] + w0, found[1] + w0)


def peel(text: str, a: int, b: int, line: int) -> Token:
    """The chunk ``text[a:b]`` as a :class:`Token`.

    >>> t = peel("(Smith’s),", 0, 10, 0)
    >>> t.text, t.lead, t.trail, t.plain
    ('Smith', '(', '’s),', True)
    """
    return _token(text, _native.token_peel(text[a:b], line), a)


def neighbour(text: str, a: int, b: int, step: int) -> Token | None:
    """The chunk before (``step`` -1) or after (+1) the chunk ``text[a:b]``; its ``line`` is 1
    when a line feed is in the whitespace between them, else 0; None at the edge of the text,
    across more than :data:`CHUNK_LIMIT` characters of whitespace, or where that chunk is too
    long.

    >>> nxt = neighbour("the cat\\n  sat", 4, 7, 1)
    >>> nxt.text, nxt.line
    ('sat', 1)
    """
    w0 = max(0, a - _REACH)
    found = _native.token_neighbour(text[w0:b + _REACH], a - w0, b - w0, step > 0)
    return None if found is None else _token(text, found, w0)


def context(text: str, s: int, e: int) -> tuple[Token, Token | None, Token | None] | None:
    """The chunk around ``text[s:e]`` as a :class:`Token` and the chunks before and after it
    (:func:`chunk_bounds`, :func:`peel`, :func:`neighbour` in one call), or None where the
    chunk is too long.

    >>> tok, prv, nxt = context("They said: (teh) cat.", 12, 15)
    >>> tok.text, tok.lead, tok.trail, prv.text, prv.trail, nxt.text
    ('teh', '(', ')', 'said', ':', 'cat')
    """
    w0 = max(0, s - _REACH)
    found = _native.token_context(text[w0:e + _REACH], s - w0, e - w0)
    if found is None:
        return None
    tok, prv, nxt = found
    return (_token(text, tok, w0), None if prv is None else _token(text, prv, w0),
            None if nxt is None else _token(text, nxt, w0))
