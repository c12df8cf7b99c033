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
from collections import Counter
from collections.abc import Container, Iterable, Mapping
from enum import IntEnum

from textclean import _native

# (OTHER_SCRIPT: a letter of a script other than Latin)
from textclean.core.language import OTHER_SCRIPT, common_words
from textclean.cleaners.typos import usage
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
#: Words either side of a token (across line breaks) whose languages are counted, and the
#: least number of them in another language that, outnumbering the known English words, make
#: the token's surroundings read as that language (see :meth:`LineCheck.reads_foreign`).
FOREIGN_WINDOW = 6
FOREIGN_VOTES = 2
#: Characters of a document read to judge its language as a whole (ten pieces spread over it).
DOCUMENT_SAMPLE = 5_000
#: Chunk kinds remembered (see :func:`chunk_kinds`; emptied when full).
CHUNK_KINDS_CACHE = 100_000

_SIC = re.compile(r"[\[(]sic[\])]", re.IGNORECASE)
# A quotation marked [sic] (inside or right after the closing quote) is left as written.
_SIC_QUOTE = re.compile(
    r"[\"\u201c][^\"\u201c\u201d]{0,300}?(?:[\[(]sic[\])][^\"\u201c\u201d]{0,40}[\"\u201d]"
    r"|[\"\u201d]\s?[\[(]sic[\])])",
    re.IGNORECASE,
)
_GLOSS = re.compile(r"\([^()\n]{1,40}\)")
_TICKS = re.compile(r"`+")
_LETTERS = re.compile(r"[^\W\d_]+")
#: A command-line option: ``-a``, ``--port``, ``-Werror`` (not a dash between words).
_OPTION = re.compile(r"--?[A-Za-z0-9][\w-]*[,;:.)\]]*$")
#: A shell prompt at the start of a line (not ``#``, which begins a Markdown heading).
_PROMPT = re.compile(r"[ \t>]*[$%] ")
#: A line continued with a backslash (a shell command).
_CONTINUED = re.compile(r" \\[ \t]*$")
#: A key of JSON or YAML in double quotes.
_JSON_KEY = re.compile(r'"[\w .-]+"\s*:')
_SENTENCE_END = re.compile(r"[.!?:;]")
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


def apostrophe_forms(words: Iterable[str]) -> frozenset[str]:
    """The strings that an apostrophe put inside makes one of ``words``: each word with one
    apostrophe, neither first nor last, written without it (``dont``, ``mens``).

    >>> sorted(apostrophe_forms(["don't", "men's", "'tis", "rock'n'roll", "cat"]))
    ['dont', 'mens']
    """
    return frozenset(w.replace("'", "") for w in words if w.count("'") == 1 and 0 < w.index("'") < len(w) - 1)


def known_word_plus_s(low: str, counts: Mapping[str, int]) -> bool:
    """Whether ``low`` is a known word of four letters or more plus ``-s``/``-es``
    (``renewables``), and not an ``-ies`` plural misspelt (``countrys``)."""
    if not low.endswith("s"):
        return False
    if low.endswith("ys") and low[-3:-2] not in "aeiou" and low[:-2] + "ies" in counts:
        return False  # "countrys": the -ies plural misspelt, not an unlisted inflection
    return (len(low) > 4 and low[:-1] in counts) or (low.endswith("es") and len(low) > 5 and low[:-2] in counts)


def left_alone_in_lower_case(low: str, counts: Mapping[str, int], apostrophes: Container[str]) -> bool:
    """The lower-case unknown word ``low`` (letters only) in any context: contractions and
    possessives without their apostrophe (in ``apostrophes``, :func:`apostrophe_forms` of
    the vocabulary), known words with an ``-s`` the dictionary lacks.

    >>> counts = {"don't": 1, "renewable": 1}
    >>> [left_alone_in_lower_case(w, counts, apostrophe_forms(counts)) for w in ("dont", "renewables", "recieve")]
    [True, True, False]
    """
    return low in apostrophes or known_word_plus_s(low, counts)


# -- the word in the document ------------------------------------------------------------------

def written_again(where: Where, form: str, s: int, other_case: str, twin: bool, again: bool = True) -> bool:
    """Whether ``form`` (first at ``s``) occurs again in the document as a whole word, or in
    ``other_case`` (lower case or capitalised): a name spelt the same way twice is not a typo.
    ``twin`` and ``again`` are necessary conditions the word scan tells (the document's forms
    include ``other_case``; ``form`` is matched more than once), which spare a search of the
    text where they fail."""
    return (again and where.twice(form, s)) or (twin and where.at(other_case) >= 0)


def written_elsewhere(text: str, word: str, s: int) -> bool:
    """Whether ``word`` (at ``s``) occurs elsewhere in ``text`` in any case, between
    characters that are not letters: written another way (``MINIX``, ``PyPy``) or as part of
    an identifier, a path or a version (``heapq.py``, ``/lib/libc.so``, ``pypy3``), it is a
    name. Asked only of the few words of four letters or more about to be corrected (a
    case-blind search of the document; a shorter one is found in too many places: ``th`` in
    ``5th``).

    >>> written_elsewhere("My minix 1.5 runs MINIX.", "minix", 3)
    True
    >>> written_elsewhere("The goverment said.", "goverment", 4)
    False
    """
    lower = text.lower()
    if len(lower) == len(text):
        return written_elsewhere_lower(lower, word.lower(), s)
    return any(m.start() != s for m in re.finditer(
        r"(?<![^\W\d_])" + re.escape(word) + r"(?![^\W\d_])", text, re.IGNORECASE))


def written_elsewhere_many(lower: str, words: set[str]) -> set[str]:
    """Of the lower-case ``words``, those that occur more than once in the lower-cased text
    ``lower`` between characters that are not letters: :func:`written_elsewhere` for many
    words at once, in one pass over the text (for a document with many corrections).

    >>> sorted(written_elsewhere_many("pypy and pypy3; numpy, the goverment", {"pypy", "goverment"}))
    ['pypy']
    """
    # (the words of the text as one list and counted in C: a third faster than a loop over
    # the matches)
    seen = Counter([w for w in _LETTERS.findall(lower) if w in words])
    return {w for w, n in seen.items() if n > 1}


def written_elsewhere_lower(lower: str, word: str, s: int) -> bool:
    """:func:`written_elsewhere` on the lower-cased text ``lower`` (of the same length as the
    text: lower-casing a few characters, such as ``İ``, lengthens it) and word ``word``
    (lower-cased once per document, searched in C)."""
    n = len(word)
    i = lower.find(word)
    while i >= 0:
        if i != s and not lower[i - 1:i].isalpha() and not lower[i + n:i + n + 1].isalpha():
            return True
        i = lower.find(word, i + 1)
    return False


# -- the token in its text ---------------------------------------------------------------------

def not_a_plain_token(tok: Token, s: int, e: int) -> bool:
    """Whether ``text[s:e]`` is not the whole of a plain word ``tok``: part of a URL, an
    e-mail address, a hashtag or handle, code, a number, a contraction or a hyphenated
    compound."""
    return not tok.plain or tok.start != s or tok.end != e


def sic_quotes(text: str) -> list[tuple[int, int]]:
    """The spans of the quotations marked ``[sic]`` in ``text`` (in order)."""
    # (literal tests first, in one native pass: a case-blind regex search is slow on long text)
    if _native.sic_marker(text) and _SIC.search(text) is not None:
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


_OPENING_QUOTES = "\"'\u201c\u2018`"
_CLOSING_QUOTES = "\"'\u201d\u2019`"


def in_quotes(tok: Token) -> bool:
    """A word alone in quotation marks (``"adn"``, ``“teh”``): a word mentioned, not used, such
    as the spelling a text is about.

    >>> from textclean.cleaners.typos.text import peel
    >>> [in_quotes(peel(t, 0, len(t), 0)) for t in ('"adn",', "‘teh’", '"recieve', "recieve")]
    [True, True, False, False]
    """
    lead, trail = tok.lead, tok.trail
    return (any(q in lead for q in _OPENING_QUOTES) and any(q in trail for q in _CLOSING_QUOTES))


#: Characters either side of a correction in which the corrected word must not already stand.
TWIN_REACH = 24


def _window(text: str, s: int, e: int, reach: int, stop: str) -> tuple[int, int]:
    """The span around ``text[s:e]`` of at most ``reach`` characters either side, not
    crossing ``stop`` (a line break, a blank line).

    >>> t = "one\\ntwo three\\nfour"
    >>> a, b = _window(t, 8, 13, 100, "\\n"); t[a:b]
    'two three'
    """
    a, b = max(0, s - reach), min(len(text), e + reach)
    cut = text.rfind(stop, a, s)
    if cut >= 0:
        a = cut + len(stop)
    cut = text.find(stop, e, b)
    if cut >= 0:
        b = cut
    return a, b


def twin_of_neighbour(text: str, s: int, e: int, fixed: str) -> bool:
    """Whether the correction ``fixed`` of ``text[s:e]`` is a word that stands right beside
    it on its line (``java, javac, javah`` -> ``java, java, java``): a text that lists
    related names, and a slip does not make a word its neighbour's twin. The commonest words
    of English (``the``, ``and``) recur within any phrase, so they are not asked about.

    >>> twin_of_neighbour("java, javac, javah, etc.", 13, 18, "java")
    True
    >>> twin_of_neighbour("the cat and teh dog", 12, 15, "the")
    False
    """
    low = fixed.lower()
    if low in common_words("en"):
        return False
    a, b = _window(text, s, e, TWIN_REACH, "\n")
    around = (text[a:s] + " " + text[e:b]).lower()
    i = around.find(low)
    while i >= 0:
        j = i + len(low)
        if (i == 0 or not around[i - 1].isalnum()) and (j == len(around) or not around[j].isalnum()):
            return True
        i = around.find(low, i + 1)
    return False


def glossed(text: str, nxt: Token | None) -> bool:
    """A word glossed in parentheses (``pralay (doomsday)``) is not English."""
    return nxt is not None and nxt.lead.startswith("(") and _GLOSS.match(text, nxt.start - len(nxt.lead)) is not None


def after_foreign_article(prv: Token | None) -> bool:
    """A word after a foreign article on its line (``de facto``, ``au naturel``): a phrase of
    another language."""
    return prv is not None and prv.line == 0 and prv.text.lower() in FOREIGN_FUNCTION_WORDS


# -- code and layout ---------------------------------------------------------------------------

def _line_around(text: str, s: int, e: int) -> tuple[int, int]:
    """The line of ``text[s:e]``, at most :data:`LINE_LIMIT` characters either side."""
    ls = max(text.rfind("\n", max(0, s - LINE_LIMIT), s) + 1, s - LINE_LIMIT)
    le = text.find("\n", e, e + LINE_LIMIT)
    return ls, le if le >= 0 else min(len(text), e + LINE_LIMIT)


def in_code_span(text: str, s: int) -> bool:
    """Whether ``s`` is inside an inline code span on its line: between backticks, as
    Markdown (`` `x` ``, ``` ``x`` ```) and reStructuredText (``` ``x`` ```) write them (a run of
    backticks opens a span that the next run of the same length closes).

    >>> t = "Run `pip install thing` or ``make docs``, then read the docs."
    >>> in_code_span(t, t.index("thing")), in_code_span(t, t.index("docs`")), in_code_span(t, t.index("read"))
    (True, True, False)
    """
    ls, le = _line_around(text, s, s)
    if text.find("`", ls, s) < 0:
        return False
    line = text[ls:le]
    i, at = 0, s - ls
    while True:
        m = _TICKS.search(line, i)
        if m is None or m.start() > at:
            return False
        close = line.find(m.group(), m.end())
        while close >= 0 and line[close + len(m.group()):close + len(m.group()) + 1] == "`":
            close = line.find(m.group(), close + len(m.group()) + 1)  # a longer run does not close it
        if close < 0:
            i = m.end()
            continue
        if at < close:
            return True
        i = close + len(m.group())


def in_command(text: str, s: int, e: int, tok: Token, nxt: Token | None) -> bool:
    """Whether the token ``text[s:e]`` is part of a command or of data rather than of a
    sentence: followed by a command-line option (``uname -a``, ``kadmin -k``), on a line after a
    shell prompt (``$ sudo make install``) or continued with a backslash, or a quoted value on
    a line of JSON (``"Name": "myservice",``).

    >>> t = "Try uname -a and then\\n  $ debuild -us -uc\\n"
    >>> from textclean.cleaners.typos.text import neighbour, peel
    >>> def ask(w):
    ...     s = t.index(w); e = s + len(w)
    ...     return in_command(t, s, e, peel(t, s, e, 0), neighbour(t, s, e, 1))
    >>> ask("uname"), ask("debuild"), ask("then")
    (True, True, False)
    """
    if nxt is not None and nxt.line == 0 and _OPTION.match(nxt.lead + nxt.text + nxt.trail):
        return True
    ls, le = _line_around(text, s, e)
    if _PROMPT.match(text, ls, s) or _CONTINUED.search(text, max(ls, le - 8), le):
        return True
    return '"' in tok.lead and _JSON_KEY.search(text, ls, le) is not None


def in_columns(text: str, tok: Token, prv: Token | None, nxt: Token | None) -> bool:
    """Whether the token is set apart from a neighbour on its line by a tab or by a run of
    spaces that does not follow the end of a sentence: a cell of a table or a list laid out
    in columns (``heapq<TAB>module``, ``pevent        A library``), not running text.

    >>> from textclean.cleaners.typos.text import neighbour, peel
    >>> t = "  sys\\t\\tbuiltin\\nIt ends.  Then more"
    >>> def ask(w):
    ...     s = t.index(w); e = s + len(w)
    ...     return in_columns(t, peel(t, s, e, 0), neighbour(t, s, e, -1), neighbour(t, s, e, 1))
    >>> ask("sys"), ask("Then")
    (True, False)
    """
    a = tok.start - len(tok.lead)
    b = tok.end + len(tok.trail)
    if prv is not None and prv.line == 0:
        gap = text[prv.end + len(prv.trail):a]
        if "\t" in gap or (len(gap) > 1 and not _SENTENCE_END.search(prv.trail)):
            return True
    if nxt is not None and nxt.line == 0:
        gap = text[b:nxt.start - len(nxt.lead)]
        if "\t" in gap or (len(gap) > 1 and not _SENTENCE_END.search(tok.trail)):
            return True
    return False


#: Characters either side of a token read for the list it may be an item of.
LIST_REACH = 160
_ITEM = re.compile(r"[A-Za-z0-9][\w.+/-]*")
_LIST_JOINERS = frozenset(["and", "or"])


def in_list_of_names(text: str, s: int, e: int) -> bool:
    """Whether the token ``text[s:e]`` is an item of a comma-separated list of single words
    in which another item is not shaped like an English word (no vowel, an onset or ending
    no English word has, a digit or an inner dot): a list of commands, tools or packages
    (``ssh, ftp, passwd, telnet``), whose items are names, not slips. The list may run over
    single line breaks (hard-wrapped text), not over a blank line.

    >>> t = "applications such as ssh, ftp,\\npasswd, telnet, etc. Or apples, pears, banannas, plums."
    >>> in_list_of_names(t, t.index("passwd"), t.index("passwd") + 6)
    True
    >>> in_list_of_names(t, t.index("banannas"), t.index("banannas") + 8)
    False
    """
    a, b = _window(text, s, e, LIST_REACH, "\n\n")
    before = text[a:s].split()
    after = text[e:b].split()
    if a > 0 and before:
        before = before[1:]  # cut off mid-word
    own_trail = after[0] if after and not text[e:e + 1].isspace() else ""
    if own_trail:
        after = after[1:]
    siblings: list[str] = []
    # to the left: "item," chunks, an "and"/"or" allowed before the token
    i = len(before) - 1
    if i >= 0 and before[i].lower() in _LIST_JOINERS:
        i -= 1
    while i >= 0 and before[i].endswith(",") and _ITEM.fullmatch(before[i][:-1]):
        siblings.append(before[i][:-1])
        i -= 1
    # to the right, if the token ends in a comma: items up to one without a comma
    if own_trail == ",":
        for chunk in after:
            if chunk.lower() in _LIST_JOINERS:
                continue
            item = chunk.rstrip(",.;:)")
            if not _ITEM.fullmatch(item) or item.lower() == "etc":
                break
            siblings.append(item)
            if not chunk.endswith(","):
                break
    if len(siblings) < 2:
        return False
    for item in siblings:
        low = item.lower()
        if not low.isalpha() or not any(c in "aeiouy" for c in low):
            return True  # a digit, a dot or a dash inside ("python3", "libc.so"), or no vowel
        if low.isascii() and not usage.english_shape(low):
            return True
    return False


# -- the line ------------------------------------------------------------------------------------

class ChunkKind(IntEnum):
    """A chunk's part in the line checks. The last four are words of other languages for
    :meth:`LineCheck.reads_foreign`; the cluster and line checks see the last three as what
    they are in English (a foreign word the vocabulary knows as known, an unknown one as
    unknown, a foreign name as other)."""

    OTHER = 0  # punctuation, numbers, capitalised words, mixed case
    KNOWN = 1  # a known lower-case word
    UNKNOWN = 2  # an unknown lower-case word
    FOREIGN = 3  # a word with non-ASCII letters, or a foreign article
    FOREIGN_KNOWN = 4  # a known lower-case word that is a word of another language (usage)
    FOREIGN_UNKNOWN = 5  # an unknown lower-case word that is a word of another language
    FOREIGN_NAME = 6  # a capitalised word of another language the vocabulary lacks


def chunk_kinds(counts: Mapping[str, int]) -> _native.ChunkKinds:
    """The kinds of whitespace-delimited chunks over the vocabulary ``counts`` (a native
    ``Counts``), remembered: a chunk's kind depends only on it and the vocabulary, and the
    same words surround many tokens. Its ``of(chunk)`` is the :class:`ChunkKind`'s number;
    its ``crowded`` is :meth:`LineCheck.crowded`'s. Both are the native core's
    (``native/src/chunks.rs``); the table of foreign words stays :mod:`.usage`'s, asked for
    the lower-case words the vocabulary lacks.

    A common word of another language (:func:`~textclean.cleaners.typos.usage.foreign`) is
    one of the ``FOREIGN_`` kinds when the vocabulary lacks it, capitalised too (German nouns),
    or when it is rare in current English or among the commonest words of its language (the
    vocabulary, made from books, lists ``sind``, ``moderne``, ``est`` and ``que``). A word the
    vocabulary lacks stays ``UNKNOWN`` here even when current English uses it (``gzip``): next
    to other such words it is jargon, which the cluster check is for.

    >>> from textclean.cleaners import lexicon
    >>> kinds = chunk_kinds(lexicon.vocabulary())
    >>> [ChunkKind(kinds.of(c)).name for c in ("the,", "recieve", "für", "des", "Aliyev", "Woche", "sind", "bei")]
    ['KNOWN', 'UNKNOWN', 'FOREIGN', 'FOREIGN', 'OTHER', 'FOREIGN_NAME', 'FOREIGN_KNOWN', 'FOREIGN_UNKNOWN']
    """
    return _native.ChunkKinds(counts, sorted(FOREIGN_FUNCTION_WORDS), sorted(usage.foreign_in_vocabulary()),
                              usage.foreign, CHUNK_KINDS_CACHE)


_NOT_KNOWN = (ChunkKind.UNKNOWN, ChunkKind.FOREIGN_UNKNOWN)
#: What :meth:`LineCheck.crowded` reads: characters either side, chunks either side for a
#: cluster, unknown words that make a line dense.
_CROWDED = (LINE_LIMIT, CLUSTER_WINDOW, DENSE_UNKNOWN)


class LineCheck:
    """The checks that need more of one document than the token and its neighbours: unknown
    words in a cluster (a foreign phrase, code or jargon), a line that is mostly not English
    or thick with unknown words (judged on up to :data:`LINE_LIMIT` characters either side of
    the token), surroundings that read as another language, and a document that does
    (:meth:`foreign_document`, asked by the caller where the host could not tell)."""

    def __init__(self, text: str, kinds: _native.ChunkKinds):
        self.text = text
        self.kinds = kinds  # (see chunk_kinds)
        self._document: bool | None = None

    def crowded(self, s: int, e: int) -> bool:
        """Whether the token ``text[s:e]`` stands in a cluster of unknown words (two of the
        :data:`CLUSTER_WINDOW` chunks either side unknown or foreign) or on a line that is
        mostly not English: its words, up to :data:`LINE_LIMIT` characters either side, are
        a quarter foreign or half unknown, or :data:`DENSE_UNKNOWN` and a fifth unknown (a
        passage of another language, transliterated speech, jargon or a list of names). The
        native core reads the line (``chunks::crowded``).

        >>> from textclean.cleaners import lexicon
        >>> kinds = chunk_kinds(lexicon.vocabulary())
        >>> t = "The minister said that the recieve was late."
        >>> LineCheck(t, kinds).crowded(27, 34)
        False
        >>> t = "We ate kartoffelsalat mit wurstchen und senf at the fair."
        >>> LineCheck(t, kinds).crowded(26, 35)
        True
        """
        return self.kinds.crowded(self.text, s, e, _CROWDED)

    def foreign_document(self) -> bool:
        """Whether the document as a whole reads as another language (its words of other
        languages outnumber its known English words, as in :meth:`reads_foreign`): then even
        a word in a list of names or a short line of it is not English. Judged once per
        document, on at most :data:`DOCUMENT_SAMPLE` characters spread over it.

        >>> from textclean.cleaners import lexicon
        >>> t = "Réalisateur : Charles Grosvenor\\n\\nBande originale : Michael Tavera\\n\\nCette information est importante, et ne change pas"
        >>> LineCheck(t, chunk_kinds(lexicon.vocabulary())).foreign_document()
        True
        """
        if self._document is None:
            text = self.text
            if len(text) > DOCUMENT_SAMPLE:
                step = len(text) // 10
                piece = DOCUMENT_SAMPLE // 10
                text = " ".join(text[i:i + piece] for i in range(0, len(text), step))
            kind = self.kinds.of
            foreign = known = 0
            for c in text.split():
                k = kind(c)
                if k >= ChunkKind.FOREIGN:
                    foreign += 1
                elif k == ChunkKind.KNOWN:
                    known += 1
            self._document = foreign >= FOREIGN_VOTES and foreign > known
        return self._document

    def reads_foreign(self, s: int, e: int) -> bool:
        """Whether the words around ``text[s:e]`` (:data:`FOREIGN_WINDOW` either side, across
        line breaks, so that a short line is judged with its neighbours) read as another
        language: at least :data:`FOREIGN_VOTES` words of other languages (non-ASCII letters,
        foreign articles, common foreign words, the token itself if it is one), and more of
        them than known English words.

        >>> from textclean.cleaners import lexicon
        >>> t = "Willkommen bei Ihrem Dachprofi"
        >>> LineCheck(t, chunk_kinds(lexicon.vocabulary())).reads_foreign(11, 14)
        True
        >>> t = "We met the seid of the inkl in Bonn."
        >>> LineCheck(t, chunk_kinds(lexicon.vocabulary())).reads_foreign(11, 15)
        False
        """
        text = self.text
        a, b = max(0, s - LINE_LIMIT), min(len(text), e + LINE_LIMIT)
        before = text[a:s].split()
        after = text[e:b].split()
        if before and a > 0:
            before = before[1:]  # cut off mid-word
        if after and b < len(text):
            after = after[:-1]
        if after and not text[e:e + 1].isspace():
            after = after[1:]
        if before and not text[s - 1:s].isspace():
            before = before[:-1]
        kind = self.kinds.of
        foreign = known = 0
        if usage.foreign(text[s:e].lower()):
            foreign = 1  # the token itself
        for c in before[-FOREIGN_WINDOW:] + after[:FOREIGN_WINDOW]:
            k = kind(c)
            if k >= ChunkKind.FOREIGN:
                foreign += 1
            elif k == ChunkKind.KNOWN:
                known += 1
        return foreign >= FOREIGN_VOTES and foreign > known

    def beside_foreign(self, prv: Token | None, nxt: Token | None) -> bool:
        """Whether a neighbouring chunk (on the token's line or the next) is a word of another
        language: with the token itself one, a phrase of that language (``Willkommen bei``,
        ``neue kalte Woche``)."""
        kind = self.kinds.of
        for tok in (prv, nxt):
            if tok is not None and kind(tok.lead + tok.text + tok.trail) >= ChunkKind.FOREIGN:
                return True
        return False

    def transliterated(self, s: int, e: int, prv: Token | None, nxt: Token | None) -> bool:
        """Whether the token stands next to another word we do not know on a line that also
        has words in another script: a phrase transliterated beside its original
        (``спасибо большое ... spasibo bolshoe``, ``שלום עליכם ... shalom aleichem``).

        >>> from textclean.cleaners import lexicon
        >>> from textclean.cleaners.typos.text import neighbour
        >>> t = "Москва встречает гостей, and the guide added spasibo bolshoe at the end."
        >>> s = t.index("bolshoe"); e = s + 7
        >>> LineCheck(t, chunk_kinds(lexicon.vocabulary())).transliterated(s, e, neighbour(t, s, e, -1), neighbour(t, s, e, 1))
        True
        """
        kind = self.kinds.of
        if not any(tok is not None and tok.line == 0 and kind(tok.lead + tok.text + tok.trail) in _NOT_KNOWN
                   for tok in (prv, nxt)):
            return False
        text = self.text
        ls = max(text.rfind("\n", max(0, s - LINE_LIMIT), s) + 1, s - LINE_LIMIT)
        le = text.find("\n", e, e + LINE_LIMIT)
        return OTHER_SCRIPT.search(text, ls, le if le >= 0 else min(len(text), e + LINE_LIMIT)) is not None
