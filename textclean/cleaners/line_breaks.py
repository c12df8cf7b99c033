"""The ``line_breaks`` cleaner: undo hard wraps and syllable hyphenation, and make paragraph
breaks consistent (a blank line between paragraphs).

Text from PDFs, e-mail, OCR, terminals and some scrapers is hard-wrapped at a fixed width,
splits words across line ends with a hyphen, or separates paragraphs with one newline where
other documents use a blank line. This cleaner repairs that one newline at a time, so every
edit in the provenance is a single ``"\\n"`` or ``"-\\n"`` with its reason
(``unwrap: hard wrap at ~72 columns``, ``dehyphenate: exam-ple -> example (dictionary)``,
``paragraph break: single newline -> blank line``).

What it does:

* **unwrap**: it infers the wrap width ``W`` from the line lengths: the width at which the
  most pairs of adjacent lines look like a greedy wrap (the next line's first word would not
  have fitted), less two for every multi-word line longer than ``W``. The text counts as
  hard-wrapped only with at least two such pairs making up ``min_wrapped_share`` of the pairs
  whose first line is between ``W/2`` and ``W`` long. Then a newline becomes a space exactly
  where the next line's first word would not have fitted; a line much shorter than ``W``
  ends its paragraph.
* **line structure is kept**: no join before a list item (``•`` always; ``-``, ``*``,
  ``1.``, ``(a)`` when another item or a colon is next to it), before a more-indented line,
  at a table or code line (tabs, runs of spaces, ``|`` columns), or after a multi-word line
  longer than ``W``. Headings, datelines and addresses are short lines, which the width
  rule keeps; verse (lines that start with a capital on a common word) is neither joined
  nor split into paragraphs (:func:`_verse`). Code outside fences counts as a code line,
  so it is never joined, split by a blank line or separated from its neighbours: a shell
  line continuation (a line ending in ``\\``, a Markdown hard break too) and the line it
  continues onto, a line ending in ``{``, brackets alone on a line, a JSON member
  (``"key": value``), a one-line JSON object, a command after a ``$`` or ``>>>`` prompt.
  Records one a line (two lines in a row that open with a word of the same shape with a
  digit in it: a log's timestamps, a programme's times) are neither joined nor spaced apart.
* **scripts**: Chinese and Japanese are wrapped between any two characters, and a break
  there took no space: such a join adds none (between a CJK character and a Latin letter or
  digit, a space only where the document puts one there elsewhere). Their lines are measured
  both in characters and in columns (a wide character is two, as terminals and editors
  count), whichever explains more breaks, with closing punctuation that hangs past the end
  of a line (kinsoku) left out and the first "word" of a line one character. Thai, Lao,
  Khmer, Myanmar and Tibetan write words without spaces too, but a wrapper breaks them at
  word boundaries that only a dictionary knows or at the spaces between phrases: a wrap
  there is left as it is (and is not taken for a paragraph end either). Arabic and Hebrew
  are stored in logical order and wrap like Latin text; a Hebrew maqaf at a line end joins
  without a space. A sentence starts with a letter that is not lower-case (Greek and Cyrillic
  capitals, letters of scripts without case) and ends with the full stops and marks of
  Latin, Greek, Cyrillic, CJK, Arabic and Devanagari text, then closing quotation marks (and
  German \u201c, French \u00bb); German, French and CJK quotation marks count as quotes.
* **dehyphenate** uses the evidence of the document's language (``ctx.language``, set by the
  host). **English** (``"en"``, or a language not given and a text that may be English):
  for ``x-`` at a wrapped line end before ``y``, in this order: a digit
  after the hyphen keeps it (``COVID-19``); a capital keeps it (``Nagorno-Karabakh``) unless
  the document spells the word joined elsewhere; the joined or hyphenated form elsewhere in
  the document decides; a joined form in the lexicon (:mod:`textclean.cleaners.lexicon`), in the
  plugins' ``textclean_known_words`` or in ``known_words`` joins (``exam-ple`` ->
  ``example``), except after a compound-forming first element (``anti``, ``non``, ``self``,
  ``well``, ``post``, ``multi``, ``semi``, ``long``) when the joined word is rarer than a
  twentieth of its rarer part (``anti-government``, ``long-standing`` keep the hyphen;
  ``antibiotic`` joins); a participle or compound head after the hyphen keeps it
  (``Dhabi-based``, ``Grammy-winning``, ``Hamas-run``); two words keep it (``well-known``,
  ``self-driving``); a lower-case prefix before a word keeps it (``pre-positioned``);
  anything else was a syllable break and is joined. A conjunction after the hyphen, where
  no joined word exists, is a suspended hyphen: ``short-\\nand long-term`` becomes
  ``short- and long-term``.
  **Other languages with word frequencies** (wordfreq's lists, about 40 languages, held as
  hashes, a few MB each): the digit, the capital and the document's own spellings decide as
  in English; ``known_words`` join; then one letter on either side keeps the hyphen
  (``E-Mail``, ``a-t-il``: hyphenation never leaves one letter); a joined form that is a word
  of the language, at most a hundred times rarer than its rarer part, joins
  (``Bundes-regierung``, ``gouverne-ment``, ``прави-тельство``; not ``porte-monnaie``,
  ``peut-être``, ``что-то``, ``из-за``, whose closed forms are rare variants or misspellings);
  a conjunction of the language after the hyphen is a suspended hyphen (``Ein- und``); in German a
  noun (a capital, then lower case) before the hyphen and a lower-case word after it are a
  closed compound broken (German writes a noun after a hyphen with a capital); capitals
  inside the first part (``EU-``, ``HTML-``) keep it; so do clitics and hyphenated prefixes
  (French ``-il``, ``-vous``, ``-même``; Russian ``-то``, ``-нибудь``; Bulgarian ``най-``,
  ``по-``), a closed form that exists but is much rarer, and two words of the language
  (``deutsch-französischen``, ``teórico-práctico``, ``franco-belge``); anything else was a
  syllable break and is joined.
  **No evidence** (a language without word frequencies, or a language not given and a text
  that is clearly not English: mostly in another script, or Latin letters with almost no
  English function words): the hyphen is dropped only where the document spells the word
  joined elsewhere (or ``known_words`` has it), else kept.
* **paragraph separation**: a document whose paragraph breaks are mostly single newlines
  gets a blank line at each, except between two short lines of which the first ends no
  sentence (an address), between list items, at tables and code, and after a word broken by
  a hyphen at the line end (a wrap the width rule could not see). A document that uses
  blank lines keeps its other single newlines. In a single-newline document a full line that
  ends a sentence before a capital is ambiguous (the next word did not fit either way, and
  its slack says little: within the next word's length it is about as likely for a wrap as
  for a paragraph end). Such a run of wrapped lines is cut where the paragraphs are most
  likely under a log-normal model of paragraph length (median ``paragraph_chars``, pulled
  towards the document's own unambiguous paragraphs; spread ``paragraph_spread``), never
  inside an open quotation and never at a hyphenated line end.
* **split sentences**: a paragraph break after a word that cannot end a sentence of the
  document's language (English: ``the``, ``of``, ``than``...; German, French, Spanish,
  Italian, Portuguese and Dutch: articles and conjunctions; the English list where the
  language is not given; none for other languages) before a lower-case word is joined with
  a space, when the paragraph before is longer than ``short_line`` (not a heading).

In Markdown and reStructuredText (``ctx.format``) paragraphs are the format's: only unwraps
and dehyphenation are made there, never a paragraph break for a single newline nor a rejoin
across a blank line. The same holds in plain text that reads as documentation
(:func:`textclean.core.kinds.looks_like_documentation`: a README, release notes), where
single newlines set out lists and options.

What it does not do: re-wrap to another width; touch text that is not hard-wrapped and
already uses blank lines (no edit at all); collapse spaces or blank lines (``whitespace``
does); join across a blank line except for a split sentence; know names (``Huddle-\\nstone``
and ``Hard-\\ncourt`` stay hyphenated without evidence in the document, as a name that
looks like a compound of two words cannot be told from ``Ki-moon`` or ``French-language``);
identify languages (it reads ``ctx.language``; with none it only tells English from text
that is clearly not English) or judge a paragraph of another language inside a document by
that paragraph's language; unwrap Thai, Lao, Khmer, Myanmar or Tibetan; take the Greek
question mark (``;``) for a sentence end.
It aims to be idempotent: paragraph decisions are made on paragraphs as they will stand once
unwrapped, and an unwrap whose result would look wrapped again is not made, so a second pass
agrees with the first. It does not promise it (``idempotent=False``): fuzzing still finds
contrived texts (a one-letter line after a long one) where a join lengthens a paragraph enough
to change the next decision, so the host runs it again on text it has changed.

Options (defaults in ``OPTIONS``; see ``docs/cleaners/line_breaks.md``):

* ``unwrap`` (``True``): join hard-wrapped lines.
* ``dehyphenate`` (``True``): decide hyphens at wrapped line ends; off keeps every hyphen.
* ``paragraph_breaks`` (``True``): turn single-newline paragraph breaks into blank lines.
* ``rejoin_split_sentences`` (``True``): join a sentence split across a paragraph break.
* ``min_width`` (``30``), ``max_width`` (``160``): the wrap widths considered.
* ``min_wrapped_share`` (``0.5``): share of adjacent line pairs that must look wrapped.
* ``short_line`` (``40``): paragraphs up to this many characters count as short.
* ``paragraph_chars`` (``210``): the typical (median) paragraph length in characters, the
  prior for cutting ambiguous runs (news: 1-3 sentences).
* ``paragraph_spread`` (``0.53``): the spread (standard deviation of the logarithm) of
  paragraph lengths.
* ``known_words`` (``[]``): extra words that count as dictionary evidence.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache
from typing import Any, NamedTuple

from textclean import _native
from textclean.cleaners import lexicon
from textclean.plugins.hookspecs import hookimpl
from textclean.core.kinds import DOC_FORMATS, looks_like_documentation
from textclean.core.language import common_words
from textclean.core.records import Cleaner, Context, Fix, PROSE, Stage

OPTIONS: dict[str, Any] = {
    "unwrap": True,
    "dehyphenate": True,
    "paragraph_breaks": True,
    "rejoin_split_sentences": True,
    "min_width": 30,
    "max_width": 160,
    "min_wrapped_share": 0.5,
    "short_line": 40,
    "paragraph_chars": 210,
    "paragraph_spread": 0.53,
    "known_words": [],
}

_WORD = re.compile(r"[^\W\d_]+(?:[-'\u2019][^\W\d_]+)*")
_LETTERS = re.compile(r"[^\W\d_]+")


def _goes_on(line: str, following: str) -> bool:
    """Whether ``line`` ends no sentence and ``following`` begins in lower case: a sentence
    broken across the two lines, where a blank line would cut it in two (it is left as it is
    when no rejoin is made there).

    >>> _goes_on("the new rules would come into force", "  next year."), _goes_on("Rules.", "next")
    (True, False)
    >>> _goes_on("Headline without a stop", "The story begins here.")
    False
    """
    first = following.lstrip()[:1]
    return first.islower() and not _ends_sentence(line)


def _ends_sentence(text: str) -> bool:
    """Whether ``text`` ends a sentence: a full stop or mark (Latin, Greek and Cyrillic, the
    ideographic and fullwidth ones, the Arabic question mark and full stop, the Devanagari
    danda), then closing quotation marks or brackets (German closes with \u201c, French
    with \u00bb). The core's ``wraps::ends_sentence``, which the layout asks too.

    >>> [_ends_sentence(t) for t in ('He left."', "\u4ed6\u8d70\u4e86\u3002", "the")]
    [True, True, False]
    """
    return _native.ends_sentence(text)


# Words after which an English sentence cannot end: a paragraph break there splits a sentence.
_NO_END = frozenset(
    "the a an of and or but nor than with from into onto by at to for his her its their our"
    " your my whose is are was were will would".split()
)
# The same for other languages: articles and conjunctions only (a German sentence can end in
# a preposition that is a verb particle, "an", "auf", "mit"; a French one in "a", "en").
_NO_END_BY_LANGUAGE = {
    "en": _NO_END,
    "de": frozenset("der die das den dem des ein eine einen einem einer eines und oder aber"
                    .split()),
    "fr": frozenset("le la les un une des du au aux et ou mais de".split()),
    "es": frozenset("el la los las un una unos unas y o pero de del al".split()),
    "it": frozenset("il lo la i gli le un uno una e ed o ma di del della dei degli delle".split()),
    "pt": frozenset("o a os as um uma uns umas e ou mas de do da dos das".split()),
    "nl": frozenset("de het een en of maar van".split()),
}
# Every word some language's rule can rejoin after: the fast path must look for all of them.
_NO_END_ANY = frozenset().union(*_NO_END_BY_LANGUAGE.values())
_NO_END_WORDS = _native.WordSet(sorted(_NO_END_ANY))  # (as the core's calls take them)
# Conjunctions after a hyphen at a line end: a suspended hyphen ("Ein- und Ausgang",
# "pre- and post-war", "porte- ou"), whose space the wrap took.
_CONJUNCTIONS = {
    "en": frozenset("and or nor".split()),
    "de": frozenset("und oder bzw sowie".split()),
    "fr": frozenset("et ou".split()),
    "es": frozenset("y e o u ni".split()),
    "it": frozenset("e ed o".split()),
    "pt": frozenset("e ou".split()),
    "nl": frozenset("en of".split()),
    "sv": frozenset("och eller".split()),
    "da": frozenset("og eller".split()),
    "nb": frozenset("og eller".split()),
    "pl": frozenset("i oraz lub albo".split()),
    "cs": frozenset("a i nebo".split()),
    "sk": frozenset("a i alebo".split()),
    "hu": frozenset("és vagy".split()),
    "ru": frozenset("и или".split()),
    "uk": frozenset("і та або".split()),
    "bg": frozenset("и или".split()),
    "el": frozenset("και ή".split()),
    "tr": frozenset("ve veya".split()),
    "fi": frozenset("ja tai".split()),
}


# How many of the document's own paragraphs the prior on paragraph length is worth (on the
# development data 3 to 6 do best over all cases rewritten with single newlines; the document
# alone does worse everywhere, a fixed prior worse there but better on the 80 real
# single-newline cases: the larger sample decided).
_PRIOR_WEIGHT = 6


class _Line(NamedTuple):
    start: int  # offset of the line in the text
    text: str  # the line without its newline and trailing whitespace
    indent: int  # leading spaces and tabs

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def _lines(text: str, layout: _native.WrapLayout | None = None) -> list[_Line]:
    """The lines of ``text`` (``text.split("\\n")``, each without its trailing ASCII blanks:
    a no-break space is part of the text, as a wrapper sees it), from the core's
    :class:`WrapLayout <textclean._native.WrapLayout>` of it.

    >>> _lines("  ab \\t\\ncd")
    [_Line(start=0, text='  ab', indent=2), _Line(start=7, text='cd', indent=0)]
    """
    if layout is None:
        layout = _native.WrapLayout(text)
    return [_new_line(_Line, (s, text[s:e], ind)) for s, e, ind in layout.lines()]


_new_line = tuple.__new__  # builds a _Line from a tuple without NamedTuple's Python-level __new__


class _Lazy:
    """The lines of a document as :class:`_Line` records, made only when asked for: most
    decisions are the layout's, and most documents need the text of a few lines or none."""

    __slots__ = ("_all", "_made", "layout", "text")

    def __init__(self, text: str, layout: _native.WrapLayout):
        self.text = text
        self.layout = layout
        self._made: dict[int, _Line] = {}
        self._all: list[_Line] | None = None

    def __getitem__(self, i: int) -> _Line:
        if self._all is not None:
            return self._all[i]
        line = self._made.get(i)
        if line is None:
            s, e, ind = self.layout.line(i)
            line = self._made[i] = _new_line(_Line, (s, self.text[s:e], ind))
        return line

    def all(self) -> list[_Line]:
        if self._all is None:
            self._all = _lines(self.text, self.layout)
        return self._all


def _hyphen_end(line: _Line) -> bool:
    """Ends in ``letter-`` (a candidate word break), not a dash ``--`` or `` -``."""
    t = line.text
    return len(t) >= 2 and t[-1] == "-" and t[-2].isalpha()


# --- scripts written without spaces between words -------------------------------------------

# Chinese and Japanese: ideographs, kana, bopomofo, CJK symbols and punctuation, fullwidth
# forms. A wrapper may break between any two of them, and a break there took no space.
_CJK = ("\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3190-\u31ff\u3400-\u4dbf"
        "\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003134f")
_CJK_CHAR = re.compile(f"[{_CJK}]")
# Thai, Lao, Tibetan, Myanmar, Khmer: no spaces between words either, but a wrapper breaks at
# word boundaries that only a dictionary knows, or at the spaces between phrases, and the
# text does not tell which: a wrap there is left as it is.
_SEA = "\u0e00-\u0eff\u0f00-\u0fff\u1000-\u109f\u1780-\u17ff"
_SEA_CHAR = re.compile(f"[{_SEA}]")
# Characters two columns wide in a terminal or an editor (East Asian Wide and Fullwidth,
# Hangul included).
_WIDE = re.compile("[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff"
                   "\ua960-\ua97f\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff01-\uff60"
                   "\uffe0-\uffe6\U00020000-\U0003fffd]")
# Punctuation that may not start a line (kinsoku): a wrapper hangs it past the end of the
# line before, or carries the character before it down with it.
_CLOSERS = ("\u3001\u3002\uff0c\uff0e\uff01\uff1f\uff1a\uff1b\uff09\u300d\u300f\u3011\u300b"
            "\u3009\u30fc\u3063\u30c3")
# What a wrapper cannot split at the start of a line: a CJK character with the closers that
# must follow it, or a run of other characters up to a space or a CJK character.
_UNIT = re.compile(f"[{_CJK}][{_CLOSERS}]*|[^\\s{_CJK}]+")


class _Columns:
    """How a wrapper measured a text that has CJK characters in it: a wide character counts
    two columns (``cols``: terminals and editors) or one (a wrapper counting characters); a
    line's length leaves out punctuation hanging past its end; and a line may break before any
    CJK character, so the first "word" of a line is one character.

    >>> m = _Columns(cols=True)
    >>> line = _Line(0, "\u4e2d\u6587\u3002", 0)
    >>> m.length(line), m.unit(line), m.multi(line)
    (4, 2, True)
    """

    __slots__ = ("cols",)

    def __init__(self, cols: bool):
        self.cols = cols

    def width(self, s: str) -> int:
        return len(s) + len(_WIDE.findall(s)) if self.cols else len(s)

    def length(self, line: _Line) -> int:
        t = line.text
        kept = t.rstrip(_CLOSERS)  # hanging CJK closers, or one ASCII mark after a CJK character
        if len(kept) == len(t) and len(t) > 1 and t[-1] in ".,!?:;)]}" and _CJK_CHAR.match(t[-2]):
            kept = t[:-1]
        return self.width(kept)

    def unit(self, line: _Line) -> int:
        m = _UNIT.match(line.text, line.indent)
        return self.width(m.group(0)) if m else 0

    def multi(self, line: _Line) -> bool:
        s = line.text[line.indent:]
        return " " in s or (len(s) > 1 and _CJK_CHAR.search(s) is not None)

    def interval(self, a: _Line, b: _Line) -> tuple[int, int]:
        """The widths at which a greedy wrapper would have broken between ``a`` and ``b`` in
        this measure: ``a`` fits and ``b``'s first unit did not (for ``a`` ending in a hyphen,
        the whole word did not)."""
        n = self.length(a)
        return n, n + self.unit(b) - (1 if _hyphen_end(a) else 0)

    def is_wrap(self, a: _Line, b: _Line, width: int) -> bool:
        """Whether a greedy wrapper at ``width`` would have broken between ``a`` and ``b`` in
        this measure (a lone over-long token is put on a line of its own by one)."""
        lo, hi = self.interval(a, b)
        if not lo <= width <= hi and not (lo > width and not self.multi(a)):
            return False
        return not (self.multi(b) and self.length(b) > width)


class _Script:
    """What a document's scripts say about joining its wrapped lines: the separator a join
    takes (``" "``; ``""`` between two CJK characters; ``None``, no join, where a script
    written without spaces meets the break and the wrapper may or may not have taken one).

    Between a CJK character and a Latin letter or digit some writers put a space and others
    do not; the document's own habit decides (no space when it has none).

    >>> s = _Script("\u4e2d\u6587 Python \u4e2d\u6587 Rust")
    >>> s.separator("\u4e2d", "\u6587"), s.separator("\u6587", "P"), s.separator("a", "b")
    ('', ' ', ' ')
    >>> _Script("\u0e20\u0e32\u0e29\u0e32").separator("\u0e32", "\u0e29") is None
    True
    """

    __slots__ = ("text", "_mixed")

    def __init__(self, text: str):
        self.text = text
        self._mixed: str | None = None

    def separator(self, left: str, right: str) -> str | None:
        lc, rc = _CJK_CHAR.match(left) is not None, _CJK_CHAR.match(right) is not None
        if lc and rc:
            return ""
        if _SEA_CHAR.match(left) or _SEA_CHAR.match(right):
            return None
        if lc or rc:
            return self.mixed()
        return " "

    def mixed(self) -> str:
        """The document's habit between CJK characters and ASCII letters or digits."""
        if self._mixed is None:
            spaced = len(re.findall(f"[{_CJK}] [A-Za-z0-9]|[A-Za-z0-9] [{_CJK}]", self.text))
            tight = len(re.findall(f"[{_CJK}][A-Za-z0-9]|[A-Za-z0-9][{_CJK}]", self.text))
            self._mixed = " " if spaced > tight else ""
        return self._mixed


def infer_width(text: str, min_width: int = 30, max_width: int = 160,
                min_share: float = 0.5) -> int | None:
    """The hard-wrap width of ``text``, or ``None`` when it is not hard-wrapped (in columns
    or characters, whichever explains text with CJK characters in it best).

    >>> para = ("The council discussed the mission in Kosovo with no agreement being "
    ...         "reached over its future status, officials said on Wednesday after a "
    ...         "long meeting that ran late into the night in New York.")
    >>> import textwrap
    >>> infer_width(textwrap.fill(para, 43))
    43
    >>> infer_width(para) is None
    True
    """
    layout = _native.WrapLayout(text)
    cjk = not text.isascii() and _CJK_CHAR.search(text) is not None
    return _choose_width(_Lazy(text, layout), layout, min_width, max_width, min_share, cjk)[1]


def _choose_width(lines: _Lazy, layout: _native.WrapLayout, lo_w: int, hi_w: int, min_share: float,
                  cjk: bool) -> tuple[_Columns | None, int | None]:
    """``(measure, width)``: the wrap width, and for text with CJK characters the measure
    (columns or characters) under which more line pairs look wrapped."""
    if not cjk:
        return None, layout.width(lo_w, hi_w, min_share)[0]
    best: tuple[_Columns | None, int | None] = (None, None)
    support = 0
    for measure in (_Columns(cols=False), _Columns(cols=True)):
        width, n = _infer(lines.all(), layout.pairs, lo_w, hi_w, min_share, measure)
        if width is not None and n > support:
            best, support = (measure, width), n
    return best


def _wrapped_again(lines: _Lazy, joined: set[int], opts: dict[str, Any],
                   measure: _Columns | None = None) -> bool:
    """Whether the text, with the lines ``joined`` to the next, would still look hard-wrapped.

    >>> t = "Science/Technology Featu\\nTreaty\\nideo\\neather/Environment Feature\\nYachting\\nzimba"
    >>> _wrapped_again(_Lazy(t, _native.WrapLayout(t)), {0, 3}, OPTIONS)
    True
    """
    lo_w, hi_w, share = int(opts["min_width"]), int(opts["max_width"]), float(opts["min_wrapped_share"])
    if measure is None:
        return lines.layout.wrapped_again(sorted(joined), lo_w, hi_w, share)
    merged, current = [], ""
    for i, line in enumerate(lines.all()):
        body = line.text[line.indent:]
        if not current:
            current = line.text
        elif _CJK_CHAR.match(current[-1:]) and _CJK_CHAR.match(body[:1]):
            current = f"{current}{body}"
        else:
            current = f"{current} {body}"
        if i not in joined:
            merged.append(current)
            current = ""
    text = "\n".join(merged)
    layout = _native.WrapLayout(text)
    return _infer(_lines(text, layout), layout.pairs, lo_w, hi_w, share, measure)[0] is not None


def _infer(lines: list[_Line], pairs: list[int], lo_w: int, hi_w: int,
           min_share: float, measure: _Columns) -> tuple[int | None, int]:
    """``(width, pairs that are wraps at it)`` in a CJK ``measure``; ``(None, 0)`` for text not
    hard-wrapped. The core's ``wraps::infer`` decides, as it does in the plain measure; it
    takes three pairs that agree here rather than two, as a break is possible after any
    character and so the widths of a pair span one or two columns: two of a few paragraphs
    one line each agree by chance."""
    if len(pairs) < 3:
        return None, 0
    intervals = [measure.interval(lines[i], lines[i + 1]) for i in pairs]
    multi = [measure.length(line) for line in lines if line.text and measure.multi(line)]
    lengths = [measure.length(lines[i]) for i in pairs]
    return _native.infer_width(intervals, multi, lengths, lo_w, hi_w, min_share, 3)


# --- languages -------------------------------------------------------------------------------

#: Language codes (fastText's, as ``ctx.language`` has them) that wordfreq spells differently.
_WORDFREQ_CODE = {"no": "nb", "nn": "nb", "tl": "fil", "sr": "sh", "hr": "sh", "bs": "sh"}
# A joined form is a word of the language when wordfreq has it at all (its lists stop at Zipf
# 1, or 3 for the smaller ones) and it is at most this many Zipf units (powers of ten) rarer
# than the rarer of its parts: closed compounds of German and syllable breaks pass
# (Bundesregierung, gouvernement), compounds whose closed form is a rare variant or a
# misspelling do not (porte-monnaie, что-то, из-за).
_RARE_ZIPF = 2.0
# Parts of a hyphenated word both at least this frequent (one in a million words) are two
# words: a compound (franco-belge, centres-villes), not a syllable break.
_WORD_ZIPF = 3.0
# Languages that capitalise nouns (see _Hyphen.decide).
_NOUNS_CAPITALISED = frozenset({"de", "lb"})
# Words that follow a hyphen as clitics (French pronouns after a verb, Russian particles) and
# prefixes that always take one (Bulgarian comparative and superlative).
_ENCLITICS = {
    "fr": frozenset("moi toi lui vous nous elle elles il ils on je tu le la les leur leurs en y"
                    " même mêmes ci là ce".split()),
    "ru": frozenset("то либо нибудь ка таки де".split()),
    "uk": frozenset("то небудь будь бо".split()),
    "bg": frozenset("то".split()),
}
_HYPHEN_PREFIXES = {"bg": frozenset({"най", "по"}), "mk": frozenset({"нај", "по"})}
# English words that German, French, Spanish, Italian, Portuguese and Dutch do not share ("a",
# "an", "in", "is", "on", "or", "was", "will" are theirs too): text in Latin letters with almost
# none of them is clearly not English.
_PUNCTUATION = ("\"'()[]{}<>.,;:!?*/|-"
                "\u00ab\u00bb\u201c\u201d\u201e\u2018\u2019\u201a\u2039\u203a\u2014\u2013\u2026")
_ENGLISH = frozenset(
    "the of and to that for with this are be have has it by from which not were been would"
    " their they she we you his its at as but".split())


def _language(ctx: Context) -> str:
    """The document's language code from the context (``"de-AT"`` -> ``"de"``), or ``""``."""
    code = getattr(ctx, "language", "") or ""
    return code.strip().lower().replace("_", "-").split("-")[0]


def _looks_english(text: str) -> bool:
    """Whether ``text`` may be English: too short to tell, or in Latin letters with English
    function words among them (a twentieth of its words). Text mostly in another script, or in
    Latin letters with almost none of them, is clearly not English.

    >>> _looks_english("The minister said that the plan would be ready by the end of May.")
    True
    >>> _looks_english("Der Minister sagte, dass der Plan bis Ende Mai fertig sein werde.")
    False
    >>> _looks_english("\u041f\u0440\u0430\u0432\u0438\u0442\u0435\u043b\u044c\u0441\u0442\u0432\u043e \u0420\u043e\u0441\u0441\u0438\u0438")
    False
    """
    # (split on blanks and folded with C-speed string methods: a regex for letters costs
    # more than the rest of this cleaner on a short document)
    words = text[:2000].lower().split()
    # words beyond Latin Extended-B: Greek, Cyrillic, Arabic, CJK...
    other = sum(1 for w in words if not w.isascii() and max(w.strip(_PUNCTUATION) or "a") > "\u024f")
    if other * 2 > len(words):
        return False
    if len(words) < 8:
        return True
    return sum(map(_ENGLISH.__contains__, words)) >= 0.05 * len(words)


@lru_cache(maxsize=None)
def _frequencies(language: str) -> _Zipf | None:
    """The word frequencies of ``language`` (wordfreq's largest list), or ``None`` where
    wordfreq is not installed or has no list for the language. Loaded once per process."""
    code = _WORDFREQ_CODE.get(language, language)
    try:
        import wordfreq
    except ImportError:
        return None
    path = wordfreq.available_languages("best").get(code)
    if path is None:
        return None
    table = lexicon.cached(f"wordfreq3-{code}", [path], lambda: _Zipf.build(path))
    return _Zipf(code, _native.Fingerprints(table))


class _Zipf:
    """Zipf frequencies (log10 of a word's count per billion words) of one language's words,
    from a wordfreq list, held compactly: the words' 64-bit fingerprints and values in the
    native core (:class:`textclean._native.Fingerprints`, 8.7 MB for German's 630,000 words,
    where wordfreq's own dictionary of them takes about 80 MB per process). ``0.0`` for a
    word not in the list, as wordfreq answers.

    >>> zipf = _frequencies("de")
    >>> zipf("Regierung") > 5 > zipf("Regie" + "rungx") == 0.0
    True
    """

    __slots__ = ("code", "table")

    def __init__(self, code: str, table: Any):
        self.code, self.table = code, table

    @staticmethod
    def build(path: str) -> bytes:
        import wordfreq

        # bucket i holds the words of frequency 10 ** (-i / 100): Zipf 9 - i / 100 (a Zipf
        # under 0 is stored as 0, which is how it is read)
        return _native.Fingerprints.build(
            (word, max(0, 900 - i)) for i, bucket in enumerate(wordfreq.read_cBpack(path)) for word in bucket)

    def __call__(self, word: str) -> float:
        from wordfreq.preprocess import preprocess_text

        return self.table.get(preprocess_text(word, self.code)) / 100


def _vocabulary(ctx: Context) -> frozenset[str]:
    words = list(ctx.rules.get("known_words") or ()) + list(ctx.options.get("known_words") or ())
    return frozenset(w.lower() for w in words if isinstance(w, str))


def setup(ctx: Context) -> dict[str, Any]:
    """Load the lexicon once and gather plugin and option vocabulary.

    >>> state = setup(Context(options=OPTIONS, rules={"known_words": ["Deescalate"]}))
    >>> "deescalate" in state["known"], len(state["unigrams"]) > 10000
    (True, True)
    """
    return {"known": _vocabulary(ctx), "unigrams": lexicon.unigrams()}


# First elements that form hyphenated compounds in news English even where a closed form is
# in the dictionary (anti-government, long-standing); chosen from those whose closed forms
# in the lexicon are mostly such compounds (not cross-, mid-, over-: crossfire, midfield,
# overcome).
_COMPOUND_PREFIXES = frozenset("anti non self well post multi semi long".split())
# A joined word rarer than this share of its rarer part is a compound (see _Hyphen._rare_join).
_RARE_JOIN = 0.05
# Second elements of compounds whose first element is a name (Chicago-based, Oscar-winning,
# Kremlin-backed, Bush-era): participles and a few heads.
_COMPOUND_HEAD = re.compile(r"(?:ed|ing)$")
_COMPOUND_HEADS = frozenset("era style like free wide type run born made led owned held".split())

# What a hyphen at a line end becomes: "join" (a syllable break: the hyphen goes), "keep" (a
# hyphen of the text: the line end goes), "space" (a suspended hyphen before a conjunction,
# "Ein- und": the line end becomes the space the wrap took).
_JOIN, _KEEP, _SPACE = "join", "keep", "space"


class _Hyphen:
    """Evidence for keeping or dropping the hyphen of a word broken across lines, in the
    document's language (see :meth:`mode`)."""

    def __init__(self, text: str, state: dict[str, Any], language: str = ""):
        self.text = text
        self.known = state["known"]
        self.unigrams = state["unigrams"]
        self.language = language
        self._counts: Counter[str] | None = None
        self._mode: str | None = None
        self._zipf: _Zipf | None = None

    def mode(self) -> str:
        """``"en"``: the English lexicon and rules (the language is English, or unknown and
        the text may be English); another code: that language's word frequencies; ``""``: no
        evidence but the document's own spellings (a language without word frequencies, or an
        unknown one that is clearly not English)."""
        if self._mode is None:
            lang = self.language
            if lang == "en" or (lang == "" and _looks_english(self.text)):
                self._mode = "en"
            elif lang and (zipf := _frequencies(lang)) is not None:
                self._mode, self._zipf = lang, zipf
            else:
                self._mode = ""
        return self._mode

    def counts(self) -> Counter[str]:
        if self._counts is None:
            self._counts = Counter(_WORD.findall(self.text.lower().replace("\u2019", "'")))
        return self._counts

    def word(self, w: str) -> bool:
        w = w.lower()
        return w in self.unigrams or w in self.known

    def document(self, x: str, y: str) -> bool | None:
        """Whether the document spells the word joined (True), hyphenated (False) or either.

        Compound tokens are counted whole, so ``well-known`` elsewhere is one count for the
        hyphenated form and none for ``well`` or ``known``.
        """
        counts = self.counts()
        n_joined = counts[(x + y).lower()]
        n_hyph = counts[f"{x}-{y}".lower()]
        if n_hyph and not n_joined:
            return False
        if n_joined and not n_hyph:
            return True
        return None

    def decide(self, x: str, y: str, whole: bool = False) -> tuple[str, str]:
        """``(action, evidence)`` for ``x-`` at a line end followed by ``y`` (not a capital);
        ``whole``: ``y`` is a whole word (a space or the line end after it), so it may be a
        conjunction after a suspended hyphen."""
        seen = self.document(x, y)
        if seen is not None:
            return (_JOIN if seen else _KEEP), "document"
        mode = self.mode()
        if mode == "en":
            return self._english(x, y, whole)
        xl, yl = x.lower(), y.lower()
        if xl + yl in self.known:
            return _JOIN, "vocabulary"
        if not mode:
            return _KEEP, "no evidence" if self.language else "no evidence, language unknown"
        zipf = self._zipf
        assert zipf is not None
        if len(x) == 1 or len(y) == 1:  # hyphenation never leaves one letter: E-Mail, a-t-il
            return _KEEP, f"compound: {mode}"
        joined, zx, zy = zipf(xl + yl), zipf(xl), zipf(yl)
        if joined > 0 and joined >= min(zx, zy) - _RARE_ZIPF:
            return _JOIN, f"dictionary: {mode}"
        if whole and yl in _CONJUNCTIONS.get(mode, ()):
            return _SPACE, "suspended hyphen"
        if mode in _NOUNS_CAPITALISED and x[0].isupper() and x[1:].islower():
            # German writes compounds closed, and a noun after a hyphen with a capital
            # (Nord-Süd): a noun, a hyphen and a lower-case word are a compound broken.
            return _JOIN, f"noun compound: {mode}"
        if any(c.isupper() for c in x[1:]):
            return _KEEP, "abbreviation"  # EU-, HTML-, NATO-
        if yl in _ENCLITICS.get(mode, ()) or xl in _HYPHEN_PREFIXES.get(mode, ()):
            return _KEEP, f"compound: {mode}"  # dit-il, кто-то, най-добър
        if joined > 0:
            return _KEEP, f"compound: {mode}"  # the closed form is a rare variant
        if zx >= _WORD_ZIPF and zy >= _WORD_ZIPF and len(y) > 1:
            return _KEEP, f"compound: {mode}"  # two words of the language
        return _JOIN, f"syllable: {mode}"

    def _english(self, x: str, y: str, whole: bool) -> tuple[str, str]:
        xl, yl = x.lower(), y.lower()
        if self.word(xl + yl):
            if xl in _COMPOUND_PREFIXES and self._rare_join(xl, yl):
                return _KEEP, "prefix"
            return _JOIN, "dictionary"
        if whole and yl in _CONJUNCTIONS["en"]:
            return _SPACE, "suspended hyphen"
        if self.word(x) and self.word(y) and len(x) > 1 and len(y) > 1:
            return _KEEP, "compound"
        if x.islower() and len(y) > 3 and self.word(y):
            return _KEEP, "prefix"
        if self.word(yl) and (yl in _COMPOUND_HEADS or len(yl) > 4 and _COMPOUND_HEAD.search(yl)):
            # A participle or head after a hyphen makes a compound whatever precedes it,
            # a name not in the lexicon included (Dhabi-based, Grammy-winning, Hamas-run).
            return _KEEP, "compound"
        return _JOIN, "syllable"

    def _rare_join(self, x: str, y: str) -> bool:
        """The joined word is much rarer than its rarer part (antigovernment next to anti and
        government, longstanding next to standing): a compound, not a syllable break
        (antibiotic is common next to biotic)."""
        u = self.unigrams
        parts = min(u.get(x, 0), u.get(y, 0))
        return len(y) > 2 and parts > 0 and u.get(x + y, 0) < _RARE_JOIN * parts

    def no_end(self) -> frozenset[str]:
        """Words after which a sentence of the document's language cannot end: the English
        ones where the language is unknown (as before languages were known: a paragraph of
        another language ending in one of them and going on in lower case is rare), none for
        a language without a list (no sentence is rejoined)."""
        if self.language:
            return _NO_END_BY_LANGUAGE.get(self.language, frozenset())
        return _NO_END


def fix_line_breaks(text: str, ctx: Context, *, fast_path: bool = True) -> list[Fix]:
    """Propose the joins and paragraph breaks described in the module docstring.

    Text for which :func:`nothing_to_do` holds gets no edit without further work; with
    ``fast_path=False`` it goes the long way all the same, which must find nothing either
    (``tests/test_fast_paths.py`` checks that the two agree).

    >>> from textclean.core.fixes import apply_fixes
    >>> ctx = Context(options=OPTIONS, state=setup(Context(options=OPTIONS)))
    >>> t = ("The council said on Monday that the talks were a\\n"
    ...      "good example of how the new rules for the self-\\n"
    ...      "driving car industry should work, and that the well-\\n"
    ...      "known firms would follow them.\\n"
    ...      "The next round of talks is set for March.\\n")
    >>> print(apply_fixes(t, fix_line_breaks(t, ctx)))
    The council said on Monday that the talks were a good example of how the new rules for the self-driving car industry should work, and that the well-known firms would follow them.
    <BLANKLINE>
    The next round of talks is set for March.
    <BLANKLINE>
    >>> [f.reason for f in fix_line_breaks(t, ctx)][1:3]
    ['unwrap: keep hyphen in self-driving (compound)', 'unwrap: keep hyphen in well-known (compound)']
    """
    if fast_path and nothing_to_do(text):
        return []
    opts = {**OPTIONS, **ctx.options}
    if ctx.format in DOC_FORMATS:
        # Markdown and reST define their paragraphs: a blank line separates two, a single
        # newline is a soft wrap inside one. A single newline there is never a paragraph
        # break (a field list, a definition or a directive's options would be cut apart),
        # and a blank line is never a split sentence to rejoin (it may open a list or a block).
        opts["paragraph_breaks"] = opts["rejoin_split_sentences"] = False
    state = ctx.state if ctx.state is not None else setup(ctx)
    language = _language(ctx)
    # (the words whose capital at a line's start marks verse; none where nouns take capitals)
    verse_words = frozenset() if language in _NOUNS_CAPITALISED else common_words(language)
    # The core lays the lines out and makes the decisions of the plain measure; the lines'
    # texts are made here only where a decision needs them (most documents: a few or none).
    layout = _native.WrapLayout(text)
    lines = _Lazy(text, layout)
    pairs = layout.pairs
    # Lines of Chinese, Japanese, Thai... ending at a possible wrap: only then are lengths
    # and joins those of _Columns and _Script. (Only the last characters are looked at: a
    # scan of the whole text would cost more than the rest of this on most documents.)
    nospace, cjk = layout.scripts
    width = None
    measure: _Columns | None = None
    if opts["unwrap"]:
        measure, width = _choose_width(lines, layout, int(opts["min_width"]), int(opts["max_width"]),
                                       float(opts["min_wrapped_share"]), cjk)
    joined: set[int] = set()
    if width is not None:
        if measure is None:
            joined = set(layout.wraps(width))
        else:
            joined = {i for i in pairs if measure.is_wrap(lines[i], lines[i + 1], width)}
        # Too little evidence, or evidence undone by its own result, and a column of short
        # items (a menu) passes for text wrapped at 30: two lone joins (no paragraph of three
        # lines), or unwrapped text that looks wrapped at another width. Join nothing.
        if (len(joined) < 3 and not any(i + 1 in joined for i in joined)) \
                or (joined and _wrapped_again(lines, joined, opts, measure)):
            joined = set()
        if joined:
            joined -= _verse(lines, joined, verse_words)
    # Wraps whose join cannot be told (a space the wrapper may or may not have taken, in a
    # script written without spaces) stay as they are, but count as wraps: no paragraph
    # break is put there either.
    script = _Script(text) if nospace else None
    held: set[int] = set()
    if script is not None:
        held = {i for i in joined if script.separator(lines[i].text[-1],
                                                      lines[i + 1].text[lines[i + 1].indent]) is None}
    short = int(opts["short_line"])
    # Single newlines that end paragraphs, judged on paragraphs as they will stand once
    # unwrapped, so that a second pass agrees with the first.
    breaks = set(layout.paragraph_breaks(sorted(joined), short))
    hyphen = _Hyphen(text, state, language)
    # Blank lines that split a sentence will be rejoined, so they do not count towards the
    # blank-line style: the second pass, which no longer sees them, must judge as this one.
    blank_after, blank_ends = layout.blank_ends(_NO_END_WORDS)  # (lines a blank one follows)
    gaps: dict[int, Fix] = {}
    if opts["rejoin_split_sentences"] and blank_ends:
        gaps = _rejoins(lines, joined, set(), short, hyphen.no_end())
    blank_runs = blank_after - len(gaps)  # (a rejoin across a blank line is after one)
    single_style = bool(breaks) and len(breaks) > blank_runs
    if single_style and joined:
        more = "" if text.isascii() else "".join(c for c in _MORE_QUOTES if c in text)
        moved = _sentence_end_breaks(lines.all(), joined, width or 0, float(opts["paragraph_chars"]),
                                     float(opts["paragraph_spread"]), more=more) - held
        joined -= moved
        breaks |= moved
    if (single_style and opts["paragraph_breaks"] or gaps) and looks_like_documentation(
            [line.text for line in lines.all() if line.text]):
        # Documentation separates its paragraphs with blank lines; its single-newline "breaks"
        # are list items, requirement lists and options set out one a line, and a blank line
        # after "the" may open a block. (Asked only where a break or a rejoin would be made:
        # most documents never get this far.)
        single_style = False
        opts["rejoin_split_sentences"] = False
    if not (opts["paragraph_breaks"] and single_style):
        breaks = set()
    rejoin = _rejoins(lines, joined, breaks, short, hyphen.no_end()) \
        if opts["rejoin_split_sentences"] else {}

    fixes: list[Fix] = []
    dehyphenate = bool(opts["dehyphenate"])
    if script is None:
        # (most joins are a plain space: made from the layout's spans; a hyphen or a maqaf
        # at the line end is decided here)
        plain, other = layout.plain_joins(sorted(joined))
        reason = f"unwrap: hard wrap at ~{width or 0} columns"
        fixes = [Fix(s, e, " ", reason) for s, e in plain]
        fixes.extend(_join(lines[i], lines[i + 1], width or 0, hyphen, dehyphenate) for i in other)
    else:
        fixes = [_join(lines[i], lines[i + 1], width or 0, hyphen, dehyphenate, script)
                 for i in sorted(joined - held)]
    if breaks:
        breaks -= _verse(lines, breaks, verse_words)
    line = layout.line
    for i in sorted(breaks):
        if i not in rejoin and not _goes_on(lines[i].text, lines[i + 1].text):
            fixes.append(Fix(line(i)[1], line(i + 1)[0], "\n\n", "paragraph break: single newline -> blank line"))
    fixes.extend(rejoin.values())
    fixes.sort(key=lambda f: f.start)
    return fixes


def nothing_to_do(text: str) -> bool:
    """Whether ``text`` certainly gets no edit from :func:`fix_line_breaks` (its fast path): no
    two non-blank lines are adjacent (so nothing can be unwrapped or separated) and no
    paragraph ends in a word that cannot end a sentence in any language the cleaner knows
    (so none can be rejoined). Decided with C-speed string operations, because that is the
    shape of most text once this cleaner, or its author, has made paragraphs. Anything in
    doubt (blanks at line ends, runs of three newlines) is ``False`` and goes the long way.

    >>> nothing_to_do("One paragraph.\\n\\nAnother one.\\n")
    True
    >>> nothing_to_do("A wrapped\\nline.\\n"), nothing_to_do("Split after the\\n\\nword.\\n")
    (False, False)
    """
    if "\r" in text or " \n" in text or "\t\n" in text:
        return False
    if "\n" in text.strip("\n").replace("\n\n", ""):
        return False
    for line in text.split("\n"):
        tail = line.rsplit(None, 1)
        if tail and tail[-1].lower() in _NO_END_ANY:
            return False
    return True


def _join(a: _Line, b: _Line, width: int, hyphen: _Hyphen, dehyphenate: bool,
          script: _Script | None = None) -> Fix:
    gap_end = b.start + b.indent
    if _hyphen_end(a):
        token = a.text.rsplit(None, 1)[-1][:-1]
        x = _LETTERS.findall(token.rsplit("-", 1)[-1])
        m = _LETTERS.match(b.text, b.indent)
        if x and m and token[-1].isalpha():
            x_part, y_part = x[-1], m.group(0)
            if not dehyphenate:
                action, why = _KEEP, "dehyphenation off"
            elif not y_part[0].isupper():
                action, why = hyphen.decide(x_part, y_part, b.text[m.end():m.end() + 1] in ("", " "))
            else:
                # A capital after the hyphen joins two names (Nagorno-Karabakh) unless the
                # document spells the word joined elsewhere (DiCaprio).
                action, why = _KEEP, "capital after hyphen"
                if hyphen.document(x_part, y_part) is True:
                    action, why = _JOIN, "document"
            if action == _JOIN:
                return Fix(a.end - 1, gap_end, "",
                           f"dehyphenate: {x_part}-{y_part} -> {x_part}{y_part} ({why})")
            if action == _SPACE:
                return Fix(a.end, gap_end, " ", f"unwrap: keep {x_part}- {y_part} ({why})")
            return Fix(a.end, gap_end, "", f"unwrap: keep hyphen in {x_part}-{y_part} ({why})")
        return Fix(a.end, gap_end, "", f"unwrap: hard wrap at ~{width} columns, after a hyphen")
    if a.text[-1] == "\u05be":  # a Hebrew maqaf joins the words on either side
        return Fix(a.end, gap_end, "", f"unwrap: hard wrap at ~{width} columns, after a maqaf")
    if script is not None and script.separator(a.text[-1], b.text[b.indent]) == "":
        return Fix(a.end, gap_end, "", f"unwrap: hard wrap at ~{width} columns, no space in this script")
    return Fix(a.end, gap_end, " ", f"unwrap: hard wrap at ~{width} columns")


# A sentence starts with a letter that is not lower-case (a capital, or a letter of a script
# without case), after at most one opening mark.
_SENTENCE_START = re.compile(r"[^\w\s]?([^\W\d_])")


def _starts_sentence(line: _Line) -> bool:
    m = _SENTENCE_START.match(line.text, line.indent)
    return m is not None and not m.group(1).islower()


#: Lines a block needs to be taken for verse, and the longest line of verse whose lines may
#: all end sentences (see :func:`_verse`).
VERSE_LINES = 4
VERSE_WIDTH = 60


def _verse(lines: _Lazy, joined: set[int], common: frozenset[str]) -> set[int]:
    """The line ends of ``joined`` (joins, or paragraph breaks) inside blocks of verse:
    :data:`VERSE_LINES` lines or more between blank lines, each after the first starting
    with a capital, and half of those capitals or more on a word of the language's commonest
    (``common``: ``the``, ``to``, ``his``), after a line that ends no sentence or, where every
    line is short (:data:`VERSE_WIDTH`), after any line. A poem's lines of even length look
    hard-wrapped, and its single newlines like paragraphs set out one a line; but in wrapped
    prose a line goes on in lower case, or with a name, which is written with a capital
    anywhere ("Aronian", "Netherlands"), and a paragraph set out on one line is long. A
    common word has a capital there only because the line starts. (``common`` is empty, and
    nothing is verse, where nouns take capitals: German.)

    >>> poem = "Whose woods these are I think I know.\\nHis house is in the village though;\\n" \\
    ...        "He will not see me stopping here\\nTo watch his woods fill up with snow.\\n"
    >>> sorted(_verse(_Lazy(poem, _native.WrapLayout(poem)), {0, 1}, frozenset({"he", "to", "his"})))
    [0, 1]
    """
    out: set[int] = set()
    if not common:
        return out
    # (the blocks that may be verse, found by the core: their lines after the first may all
    # start with a capital, and half of them go on from a line that ends no sentence or are
    # short; most blocks fail at once, and a page of single newlines is one block of hundreds)
    for first, last in lines.layout.capital_blocks(sorted(joined), VERSE_LINES, VERSE_WIDTH):
        capitals = [_capital(lines[k]) for k in range(first + 1, last + 1)]
        if not all(capitals):
            continue
        # (a capital on a common word, where no sentence ended before it: the line's start)
        short = all(len(lines[k].text) <= VERSE_WIDTH for k in range(first, last + 1))
        marked = sum(1 for k, word in zip(range(first + 1, last + 1), capitals)
                     if word.lower() in common and (short or not _ends_sentence(lines[k - 1].text)))
        if 2 * marked >= len(capitals):
            out.update(k for k in range(first, last) if k in joined)
    return out


#: The first word of a line, after at most one opening mark.
_FIRST_WORD = re.compile(r"[^\w\s]?([^\W\d_]+)")


def _capital(line: _Line) -> str:
    """The first word of ``line`` where it starts with a capital, else ``""``."""
    m = _FIRST_WORD.match(line.text, line.indent)
    return m.group(1) if m is not None and m.group(1)[0].isupper() else ""


def _log_density(x: int, mu: float, sd: float) -> float:
    """Log of the log-normal density of paragraph length ``x`` (characters), without its
    constant factor ``1/sqrt(2 pi)`` (the same for every paragraph; the cut gain absorbs it).

    >>> _log_density(210, math.log(210), 0.53) > _log_density(60, math.log(210), 0.53)
    True
    """
    lx = math.log(max(x, 1))
    return -lx - math.log(sd) - (lx - mu) ** 2 / (2 * sd * sd)


def _runs(lines: list[_Line], joined: set[int]) -> list[tuple[int, int]]:
    """``(first, last)`` line of each paragraph as the width rule alone would make it."""
    runs: list[tuple[int, int]] = []
    start = None
    for i, line in enumerate(lines):
        if not line.text:
            continue
        if start is None:
            start = i
        if i not in joined:
            runs.append((start, i))
            start = None
    return runs


_QUOTE_OPENERS = ('"', "\u201c", "\u201e", "\u00ab", "\u00bb", "\u300c", "\u300e")


# Quotation marks of other languages: German low, French guillemets, CJK corner brackets.
_MORE_QUOTES = "\u201e\u00ab\u00bb\u300c\u300d\u300e\u300f"


def _quote_marks(text: str, more: str = "") -> int:
    """Double quotation marks in ``text`` (straight or curly), and those of ``more`` (the
    marks of :data:`_MORE_QUOTES` that the document has): each quotation opens and closes
    with one.

    >>> _quote_marks('He said: \u201cWe go on," and "so'), _quote_marks("\u00ab Oui \u00bb", "\u00ab\u00bb")
    (3, 2)
    """
    n = text.count('"') + text.count("\u201c") + text.count("\u201d")
    if more:
        n += sum(map(text.count, more))
    return n


def _sentence_end_breaks(lines: list[_Line], joined: set[int], width: int,
                         typical: float, spread: float, max_lookback: int = 40,
                         more: str = "") -> set[int]:
    """Wraps that end a sentence at a full line, which rather end a paragraph.

    In a single-newline document, a full line that ends a sentence before a capital may end
    its paragraph or be wrapped: the next word did not fit either way, so the width alone
    cannot tell. Each run of wrapped lines is cut into the paragraphs that are most likely
    under a log-normal model of paragraph length in characters (median ``typical``, log
    spread ``spread``): the reading with a cut scores ``log f(a) + log f(b) + log W`` against
    ``log f(a + b)`` without, where ``W`` is the wrap width, the spacing of the places where a
    paragraph could end. The median is pulled towards the document's own paragraphs (those the
    width rule already ends), as writers differ. A dynamic programme finds the best cuts of a
    whole run; it looks back at most ``max_lookback`` candidates, so it stays linear.

    >>> import textwrap
    >>> a = ("The council met on Tuesday to discuss the failure of the water main that left "
    ...      "more than four thousand households without water for most of the weekend.")
    >>> b = ("Engineers said the break was caused by ground movement near the old reservoir, "
    ...      "and that a permanent repair would take at least three more weeks to finish.")
    >>> lines = _lines(textwrap.fill(a, 60) + "\\n" + textwrap.fill(b, 60))
    >>> joined = set(range(len(lines) - 1))
    >>> [lines[i].text[-10:] for i in sorted(_sentence_end_breaks(lines, joined, 60, 210, 0.53))]
    ['e weekend.']
    """
    out: set[int] = set()
    runs = _runs(lines, joined)
    cand = {i for i in joined if _ends_sentence(lines[i].text)
            and _starts_sentence(lines[i + 1])}
    if not cand or width <= 0:
        return out
    # The document's own paragraph lengths (runs the width rule ends with no doubt) pull the
    # median towards this writer's habit, weighted against a prior worth _PRIOR_WEIGHT of them.
    logs = [math.log(max(1, sum(len(lines[t].text) + 1 for t in range(s, e + 1)) - 1))
            for s, e in runs if not any(c in cand for c in range(s, e))]
    mu = (_PRIOR_WEIGHT * math.log(typical) + sum(logs)) / (_PRIOR_WEIGHT + len(logs))
    gain = math.log(width)
    for s, e in runs:
        cs = []
        marks = 0  # quotation marks since the run started
        for c in range(s, e):
            marks += _quote_marks(lines[c].text, more)
            # A paragraph does not end inside a quotation, unless the next one reopens it
            # (a quotation running over paragraphs starts each with a quotation mark).
            if c in cand and (marks % 2 == 0 or lines[c + 1].text[lines[c + 1].indent:]
                              .startswith(_QUOTE_OPENERS)):
                cs.append(c)
        if not cs:
            continue
        # cum[k]: characters in lines s .. s+k-1 once joined, each line with its space.
        cum = [0]
        for t in range(s, e + 1):
            cum.append(cum[-1] + len(lines[t].text) + 1)

        def length(first: int, last: int) -> int:
            return cum[last + 1 - s] - cum[first - s] - 1

        ends = cs + [e]
        # best[k]: score and previous cut of the best reading of lines s .. ends[k] (k == -1:
        # nothing yet, the run starts a paragraph).
        best: list[tuple[float, int]] = []
        for k, end in enumerate(ends):
            top: tuple[float, int] | None = None
            for p in range(max(-1, k - 1 - max_lookback), k):
                prev_score = best[p][0] if p >= 0 else 0.0
                first = ends[p] + 1 if p >= 0 else s
                score = prev_score + _log_density(length(first, end), mu, spread)
                if end != e:
                    score += gain
                if top is None or score > top[0]:
                    top = (score, p)
            assert top is not None
            best.append(top)
        k = best[-1][1]
        while k >= 0:
            out.add(ends[k])
            k = best[k][1]
    return out


_WORD_SETS: dict[frozenset[str], Any] = {}


def _word_set(words: frozenset[str]) -> Any:
    """``words`` as the core's set, made once per list (the lists are a few and fixed)."""
    found = _WORD_SETS.get(words)
    if found is None:
        found = _WORD_SETS[words] = _native.WordSet(sorted(words))
    return found


def _rejoins(lines: _Lazy, joined: set[int], breaks: set[int], short: int,
             no_end: frozenset[str]) -> dict[int, Fix]:
    """Paragraph breaks (a blank line, or a single newline becoming one) that split a
    sentence: the core finds them (a paragraph longer than ``short``, a last word in
    ``no_end``, a lower-case word after), keyed here by the line before the break."""
    fixes = {}
    for i, j in lines.layout.rejoins(sorted(joined), sorted(breaks), short, _word_set(no_end)):
        a, b = lines[i], lines[j]
        word = a.text.rsplit(None, 1)[-1]
        fixes[i] = Fix(a.end, b.start, " ", f"rejoin: sentence split across a paragraph break after {word!r}")
    return fixes


@hookimpl
def textclean_register_cleaners():
    return [
        Cleaner(
            "line_breaks",
            fix_line_breaks,
            Stage.LINES,
            "unwrap hard-wrapped lines, dehyphenate, blank lines between paragraphs",
            options=OPTIONS,
            kinds=PROSE,  # code, tables and section markup pass through (core/regions.py)
            setup=setup,
            doc=__doc__ or "",
            # (not promised: the host reruns it on text it changed; see the module docstring)
            idempotent=False,
        )
    ]
