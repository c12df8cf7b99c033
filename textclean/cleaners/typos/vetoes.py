"""What the ``typos`` cleaner never touches: the rules of "What it never touches" in the
package docstring, one predicate each, from what the form alone shows to what needs its
whole line.

Each answers "is this word left alone?" and none changes anything, so a caller may ask them
in whatever order is cheapest. Those on the form alone are asked once per form (the state
caches the answers); those on the token in its text, once per spot; the line checks, which
read the most, last (:class:`LineCheck`).

Not here: the rules that ask for stronger evidence rather than forbid a change (a
capitalised token, a three-letter token, a rare word, a word of known parts, a change of two
letters, a token without vowels, without a neighbour's support), which live with the
evidence in :mod:`~textclean.cleaners.typos.decision`; the limits of the optional kinds of
spot (short tokens, parts of compounds, real-word slips), in their fixers
(:mod:`~textclean.cleaners.typos.fixers`); and the fast necessary conditions that spare a
lookup (:func:`~textclean.cleaners.typos.text.plain_edges`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from enum import IntEnum

from textclean.cleaners.typos.text import Token, Where, in_spans

#: Lengths of the tokens considered: shorter ones are mostly abbreviations, and the candidate
#: search grows with the square of the length.
MIN_LENGTH, MAX_LENGTH = 3, 20
#: Articles and prepositions of French, Spanish, Italian, Portuguese, German and Dutch that
#: are not English words: a token after one is taken to be in that language.
FOREIGN_FUNCTION_WORDS = frozenset(
    "de du des le la les au aux un une el los las del al da di dei della il lo gli do dos das "
    "der die das dem den von zu und het een van".split()
)
#: Tokens each side of a word in which a second unknown word makes it part of a cluster.
CLUSTER_WINDOW = 3
#: Unknown lower-case words (besides the token) near a token that make its line suspect, if
#: they are also a fifth of the lower-case words there.
DENSE_UNKNOWN = 4
#: Characters either side of a token that its line is read (for the cluster and foreign-line
#: checks).
LINE_LIMIT = 250
#: Chunk kinds remembered (see :class:`ChunkKinds`; emptied when full).
CHUNK_KINDS_CACHE = 100_000

_SIC = re.compile(r"[\[(]sic[\])]", re.IGNORECASE)
# A quotation marked [sic] (inside or right after the closing quote) is left as written.
_SIC_QUOTE = re.compile(
    r"[\"\u201c][^\"\u201c\u201d]{0,300}?(?:[\[(]sic[\])][^\"\u201c\u201d]{0,40}[\"\u201d]"
    r"|[\"\u201d]\s?[\[(]sic[\])])",
    re.IGNORECASE,
)
_GLOSS = re.compile(r"\([^()\n]{1,40}\)")
_PUNCT = "()[]{}\"'\u201c\u2018\u00ab\u201d\u2019\u00bb*.,;:!?"


# -- the form alone ------------------------------------------------------------------------------

def not_a_word_case(word: str) -> bool:
    """ALL-CAPS (acronyms), inner capitals (camelCase code, brands): neither lower case nor
    capitalised."""
    return not (word.islower() or (word[0].isupper() and word[1:].islower()))


def wrong_length(form: str) -> bool:
    """Shorter than :data:`MIN_LENGTH` or longer than :data:`MAX_LENGTH`."""
    return not MIN_LENGTH <= len(form) <= MAX_LENGTH


def never_corrected(low: str, protected: Iterable[str]) -> bool:
    """Whatever its case and context: a length out of range, or a protected word."""
    return wrong_length(low) or low in protected


def apostrophe_makes_known(low: str, counts: Mapping[str, int]) -> bool:
    """Whether an apostrophe put into ``low`` makes a known word (``dont``, ``mens``)."""
    return any(low[:i] + "'" + low[i:] in counts for i in range(1, len(low)))


def known_word_plus_s(low: str, counts: Mapping[str, int]) -> bool:
    """Whether ``low`` is a known word of four letters or more plus ``-s``/``-es``
    (``renewables``), and not an ``-ies`` plural misspelt (``countrys``)."""
    if not low.endswith("s"):
        return False
    if low.endswith("ys") and low[-3:-2] not in "aeiou" and low[:-2] + "ies" in counts:
        return False  # "countrys": the -ies plural misspelt, not an unlisted inflection
    return (len(low) > 4 and low[:-1] in counts) or (low.endswith("es") and len(low) > 5 and low[:-2] in counts)


def left_alone_in_lower_case(low: str, counts: Mapping[str, int]) -> bool:
    """The lower-case unknown word ``low`` in any context: contractions and possessives
    without their apostrophe, known words with an ``-s`` the dictionary lacks."""
    return apostrophe_makes_known(low, counts) or known_word_plus_s(low, counts)


# -- the word in the document ------------------------------------------------------------------

def written_again(where: Where, form: str, s: int, other_case: str, forms: set[str]) -> bool:
    """Whether ``form`` (first at ``s``) occurs again in the document as a whole word, or in
    ``other_case`` (lower case or capitalised): a name spelt the same way twice is not a typo."""
    return where.twice(form, s) or (other_case in forms and where.at(other_case) >= 0)


# -- the token in its text ---------------------------------------------------------------------

def not_a_plain_token(tok: Token, s: int, e: int) -> bool:
    """Whether ``text[s:e]`` is not the whole of a plain word ``tok``: part of a URL, an
    e-mail address, a hashtag or handle, code, a number, a contraction or a hyphenated
    compound."""
    return not tok.plain or tok.start != s or tok.end != e


def sic_quotes(text: str) -> list[tuple[int, int]]:
    """The spans of the quotations marked ``[sic]`` in ``text`` (in order)."""
    # (literal tests first: a case-blind regex search is slow on long text)
    if any(m in text for m in ("ic]", "ic)", "IC]", "IC)")) and _SIC.search(text) is not None:
        return [m.span() for m in _SIC_QUOTE.finditer(text)]
    return []


def in_sic_quote(spans: list[tuple[int, int]], s: int) -> bool:
    """Whether ``s`` is inside one of the :func:`sic_quotes` ``spans``."""
    return bool(spans) and in_spans(spans, s)


def sic_at(text: str, i: int) -> bool:
    """Whether a ``[sic]`` or ``(sic)`` starts at ``i``."""
    return _SIC.match(text, i) is not None


def marked_sic(text: str, nxt: Token | None) -> bool:
    """Whether the token is followed by ``[sic]``."""
    return nxt is not None and sic_at(text, nxt.start - len(nxt.lead))


def in_parentheses(tok: Token) -> bool:
    """A word alone in parentheses (``(dpa)``): an abbreviation or a gloss."""
    return "(" in tok.lead and ")" in tok.trail


def glossed(text: str, nxt: Token | None) -> bool:
    """A word glossed in parentheses (``pralay (doomsday)``) is not English."""
    return nxt is not None and nxt.lead.startswith("(") and _GLOSS.match(text, nxt.start - len(nxt.lead)) is not None


def after_foreign_article(prv: Token | None) -> bool:
    """A word after a foreign article on its line (``de facto``, ``au naturel``): a phrase of
    another language."""
    return prv is not None and prv.line == 0 and prv.text.lower() in FOREIGN_FUNCTION_WORDS


# -- the line ------------------------------------------------------------------------------------

class ChunkKind(IntEnum):
    """A chunk's part in the line checks (the last two count as unknown in a cluster)."""

    OTHER = 0  # punctuation, numbers, capitalised words, mixed case
    KNOWN = 1  # a known lower-case word
    UNKNOWN = 2  # an unknown lower-case word
    FOREIGN = 3  # a word with non-ASCII letters, or a foreign article


def chunk_kind(chunk: str, counts: Mapping[str, int]) -> ChunkKind:
    """The :class:`ChunkKind` of a whitespace-delimited chunk.

    >>> from textclean.cleaners import lexicon
    >>> [chunk_kind(c, lexicon.vocabulary()).name for c in ("the,", "recieve", "für", "des", "Klaar")]
    ['KNOWN', 'UNKNOWN', 'FOREIGN', 'FOREIGN', 'OTHER']
    """
    core = chunk.strip(_PUNCT)
    if core[-2:] in ("'s", "\u2019s"):
        core = core[:-2]
    if not core.isascii():
        return ChunkKind.FOREIGN if any(c.isalpha() and ord(c) > 127 for c in core) else ChunkKind.OTHER
    if not core.isalpha():
        return ChunkKind.OTHER
    if len(core) < 5 and core.lower() in FOREIGN_FUNCTION_WORDS:
        return ChunkKind.FOREIGN
    if core[0].isupper():
        return ChunkKind.OTHER
    if not core.islower():
        return ChunkKind.OTHER
    return ChunkKind.KNOWN if core in counts else ChunkKind.UNKNOWN


class ChunkKinds:
    """:func:`chunk_kind` over the vocabulary ``counts``, remembered (a chunk's kind depends
    only on it and the vocabulary, and the same words surround many tokens)."""

    def __init__(self, counts: Mapping[str, int]):
        self.counts = counts
        self._seen: dict[str, ChunkKind] = {}

    def of(self, chunk: str) -> ChunkKind:
        kind = self._seen.get(chunk)
        if kind is None:
            if len(self._seen) > CHUNK_KINDS_CACHE:
                self._seen.clear()
            kind = self._seen[chunk] = chunk_kind(chunk, self.counts)
        return kind


class LineCheck:
    """The checks that need more of one document than the token and its neighbours: unknown
    words in a cluster (a foreign phrase, code or jargon), and a line that is mostly not
    English or thick with unknown words (judged on up to :data:`LINE_LIMIT` characters
    either side of the token)."""

    def __init__(self, text: str, kinds: ChunkKinds):
        self.text = text
        self.kinds = kinds
        # (keyed by the token too: the words around it leave it out, so two unknown words of
        # one line can get different verdicts, and the first to ask must not decide for the
        # other)
        self._lines: dict[tuple[int, int, int, int], bool] = {}

    def crowded(self, s: int, e: int) -> bool:
        """Whether the token ``text[s:e]`` stands in a cluster of unknown words or on a line
        that is mostly not English."""
        text = self.text
        # (the newlines are looked for within the limit only: a one-line text is not rescanned)
        ls = max(text.rfind("\n", max(0, s - LINE_LIMIT), s) + 1, s - LINE_LIMIT)
        le = text.find("\n", e, e + LINE_LIMIT)
        if le < 0:
            le = min(len(text), e + LINE_LIMIT)
        before = text[ls:s].split()
        if before and s - ls == LINE_LIMIT:
            before = before[1:]  # cut off mid-word
        after = text[e:le].split()
        if after and le - e == LINE_LIMIT:
            after = after[:-1]
        if after and not text[e:e + 1].isspace():
            after = after[1:]  # the token's own trailing punctuation
        if before and not text[s - 1:s].isspace():
            before = before[:-1]
        kind = self.kinds.of
        unknown_kind, known_kind, foreign_kind, other_kind = (
            ChunkKind.UNKNOWN, ChunkKind.KNOWN, ChunkKind.FOREIGN, ChunkKind.OTHER)
        near = [kind(c) for c in before[-CLUSTER_WINDOW:] + after[:CLUSTER_WINDOW]]
        if sum(1 for x in near if x >= unknown_kind) >= 2:
            return True
        key = (ls, le, s, e)
        hit = self._lines.get(key)
        if hit is None:
            kinds = [kind(c) for c in before] + [kind(c) for c in after]
            words = [x for x in kinds if x != other_kind]
            foreign = sum(1 for x in words if x == foreign_kind)
            known = sum(1 for x in words if x == known_kind)
            unknown = len(words) - foreign - known
            # mostly not English, or English with many words we do not know around the token:
            # a passage of another language, transliterated speech, jargon or a list of names
            hit = self._lines[key] = len(words) >= 3 and (
                foreign * 4 >= len(words) or known * 2 < len(words)
                or (unknown >= DENSE_UNKNOWN and unknown * 5 >= len(words)))
        return hit
