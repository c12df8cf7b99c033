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
  longer than ``W``. Headings, datelines, addresses and verse are short lines, which the
  width rule keeps.
* **dehyphenate**: for ``x-`` at a wrapped line end before ``y``, in this order: a digit
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
  anything else was a syllable break and is joined.
* **paragraph separation**: a document whose paragraph breaks are mostly single newlines
  gets a blank line at each, except between two short lines of which the first ends no
  sentence (an address), between list items, and at tables and code. A document that uses
  blank lines keeps its other single newlines. In a single-newline document a full line that
  ends a sentence before a capital is ambiguous (the next word did not fit either way, and
  its slack says little: within the next word's length it is about as likely for a wrap as
  for a paragraph end). Such a run of wrapped lines is cut where the paragraphs are most
  likely under a log-normal model of paragraph length (median ``paragraph_chars``, pulled
  towards the document's own unambiguous paragraphs; spread ``paragraph_spread``), never
  inside an open quotation and never at a hyphenated line end.
* **split sentences**: a paragraph break after a word that cannot end an English sentence
  (``the``, ``of``, ``than``...) before a lower-case word is joined with a space, when the
  paragraph before is longer than ``short_line`` (not a heading).

What it does not do: re-wrap to another width; touch text that is not hard-wrapped and
already uses blank lines (no edit at all); collapse spaces or blank lines (``whitespace``
does); join across a blank line except for a split sentence; know names (``Huddle-\\nstone``
and ``Hard-\\ncourt`` stay hyphenated without evidence in the document, as a name that
looks like a compound of two words cannot be told from ``Ki-moon`` or ``French-language``).
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
from itertools import accumulate, repeat
from typing import Any, NamedTuple

from textclean.cleaners import lexicon
from textclean.plugins.hookspecs import hookimpl
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

# A list item: strong bullets always; "-", "*", "+" and enumerators only when they start a
# list (see _Shape), because a wrapped prose line can begin with "- " or "15. ".
_STRONG_BULLET = re.compile(r"[ \t]*[\u2022\u25cf\u25e6\u25aa\u2023\u2219\u00b7\u25a0\u25ba\u27a2][ \t]")
_STRONG_CHARS = re.compile(r"[\u2022\u25cf\u25e6\u25aa\u2023\u2219\u00b7\u25a0\u25ba\u27a2]")
_WEAK_BULLET = re.compile(r"[ \t]*(?:[-*+\u2013](?!-)|\d{1,3}[.)]|[a-zA-Z][.)]|\([0-9a-zA-Z]{1,3}\))[ \t]+\S")
_TABLE = re.compile(r"\t|\S {3,}\S|^\s*\||\|\s*$")
_WORD = re.compile(r"[^\W\d_]+(?:[-'\u2019][^\W\d_]+)*")
_LETTERS = re.compile(r"[^\W\d_]+")
_SENTENCE_END = re.compile(r"[.!?][\"'\u2019\u201d)\]]*$")
# Words after which an English sentence cannot end: a paragraph break there splits a sentence.
_NO_END = frozenset(
    "the a an of and or but nor than with from into onto by at to for his her its their our"
    " your my whose is are was were will would".split()
)


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


def _lines(text: str) -> list[_Line]:
    # (Whole-list passes rather than one loop body: scraped pages run to tens of thousands
    # of mostly blank lines, and this runs on every one of them.)
    raws = text.split("\n")
    # Only ASCII blanks: a no-break space is part of the text, as a wrapper sees it.
    bodies = [raw.rstrip(" \t\r") for raw in raws]
    starts = accumulate([len(raw) + 1 for raw in raws], initial=0)
    indents = [len(b) - len(b.lstrip(" \t")) for b in bodies]
    return list(map(_new_line, repeat(_Line), zip(starts, bodies, indents)))


_new_line = tuple.__new__  # builds a _Line from a tuple without NamedTuple's Python-level __new__


def _first_word(line: _Line) -> str:
    return line.text[line.indent:].split(" ", 1)[0]


def _multiword(line: _Line) -> bool:
    return " " in line.text[line.indent:]


def _hyphen_end(line: _Line) -> bool:
    """Ends in ``letter-`` (a candidate word break), not a dash ``--`` or `` -``."""
    t = line.text
    return len(t) >= 2 and t[-1] == "-" and t[-2].isalpha()


class _Shape:
    """Per-line structure flags of a text, computed once (every line pair asks about both of
    its lines, and some about their neighbours): ``table`` (a table or code line), ``colon``
    (ends in a colon) and ``item`` (starts a list item: strong bullets always, weak markers
    only next to another weak marker or after a line ending in a colon).

    >>> _Shape(_lines("Steps:\\n1. mix\\n2. bake\\n15. May was warm\\n\\n3. cups of it")).item
    [False, True, True, True, False, False]
    """

    __slots__ = ("table", "item", "colon")

    def __init__(self, lines: list[_Line]):
        texts = [line.text for line in lines]
        # a table or code line: tabs, runs of three spaces between text, ``|`` columns
        table = _TABLE.search
        self.table = [("\t" in t or "   " in t or "|" in t) and table(t) is not None for t in texts]
        self.colon = colon = [t[-1:] == ":" for t in texts]
        weak_match = _WEAK_BULLET.match
        weak = [t != "" and weak_match(t) is not None for t in texts]
        if _STRONG_CHARS.search("\n".join(texts)) is None:
            strong = [False] * len(texts)
        else:
            strong_match = _STRONG_BULLET.match
            strong = [strong_match(t) is not None for t in texts]
        # a weak marker counts after a colon line or next to another weak marker
        self.item = [s or (w and (pc or pw or nw)) for s, w, pc, pw, nw in
                     zip(strong, weak, [False, *colon], [False, *weak], [*weak[1:], False])]


def _structural(lines: list[_Line], shape: _Shape, i: int) -> bool:
    """Whether the break between lines ``i`` and ``i + 1`` is real line structure."""
    if shape.table[i] or shape.table[i + 1]:
        return True
    a, b = lines[i], lines[i + 1]
    if b.indent > a.indent or b.indent > 3:
        return True
    return shape.item[i + 1]


def _kept_together(lines: list[_Line], shape: _Shape, i: int) -> bool:
    """Lines ``i`` and ``i + 1`` belong to one block even as paragraphs: a table, code, a
    hanging indent, or the items of a list (and the line that introduces it)."""
    if shape.table[i] or shape.table[i + 1] or lines[i + 1].indent > lines[i].indent:
        return True
    return shape.item[i + 1] and (shape.colon[i] or shape.item[i])


def _wrap_interval(a: _Line, b: _Line) -> tuple[int, int]:
    """The widths ``W`` at which a greedy wrapper would have broken between ``a`` and ``b``.

    The break is a wrap when ``a`` fits (``len(a) <= W``) and ``b``'s first word did not
    (``len(a) + 1 + len(word) > W``); for ``a`` ending in a hyphen, the whole word did not.

    >>> _wrap_interval(_Line(0, "x" * 70, 0), _Line(71, "word more", 0))
    (70, 74)
    """
    n = len(a.text)
    word = len(_first_word(b))
    return n, n + word - (1 if _hyphen_end(a) else 0)


def infer_width(text: str, min_width: int = 30, max_width: int = 160,
                min_share: float = 0.5) -> int | None:
    """The hard-wrap width of ``text``, or ``None`` when it is not hard-wrapped.

    >>> para = ("The council discussed the mission in Kosovo with no agreement being "
    ...         "reached over its future status, officials said on Wednesday after a "
    ...         "long meeting that ran late into the night in New York.")
    >>> import textwrap
    >>> infer_width(textwrap.fill(para, 43))
    43
    >>> infer_width(para) is None
    True
    """
    lines = _lines(text)
    return _infer(lines, _pairs(lines, _Shape(lines)), min_width, max_width, min_share)


def _wrapped_again(lines: list[_Line], joined: set[int], opts: dict[str, Any]) -> bool:
    """Whether the text, with the lines ``joined`` to the next, would still look hard-wrapped.

    >>> menu = _lines("Science/Technology Featu\\nTreaty\\nideo\\neather/Environment Feature\\nYachting\\nzimba")
    >>> _wrapped_again(menu, {0, 3}, OPTIONS)
    True
    """
    merged, current = [], ""
    for i, line in enumerate(lines):
        current = f"{current} {line.text[line.indent:]}" if current else line.text
        if i not in joined:
            merged.append(current)
            current = ""
    return infer_width("\n".join(merged), int(opts["min_width"]), int(opts["max_width"]),
                       float(opts["min_wrapped_share"])) is not None


def _pairs(lines: list[_Line], shape: _Shape) -> list[int]:
    """Indices ``i`` where lines ``i`` and ``i + 1`` are both non-blank and not structural."""
    return [i for i in range(len(lines) - 1)
            if lines[i].text and lines[i + 1].text and not _structural(lines, shape, i)]


def _infer(lines: list[_Line], pairs: list[int], lo_w: int, hi_w: int,
           min_share: float) -> int | None:
    if len(pairs) < 2:
        return None
    size = hi_w + 2
    cover = [0] * size  # difference array: pairs that are wraps at width W
    spans = 0
    for i in pairs:
        lo, hi = _wrap_interval(lines[i], lines[i + 1])
        lo, hi = max(lo, lo_w), min(hi, hi_w)
        if lo <= hi:
            cover[lo] += 1
            cover[hi + 1] -= 1
            spans += 1
    if spans < 2:
        return None  # (most text: no two breaks that a wrapper could have made)
    runs = list(accumulate(cover))  # pairs that are wraps at each width
    if max(runs) < 2:
        return None
    longer = [0] * (size + 1)  # multi-word lines longer than W (a wrapper never makes them)
    for line in lines:
        if line.text and _multiword(line):
            longer[min(len(line.text), hi_w + 1)] += 1
    above = list(accumulate(reversed(longer)))[::-1]  # above[k]: such lines of length >= k
    # the first width with the best score, among those where two or more pairs are wraps
    best, best_w = None, None
    for w in range(lo_w, hi_w + 1):
        if runs[w] >= 2:
            score = runs[w] - 2 * above[w + 1]
            if best is None or score > best:
                best, best_w = score, w
    if best_w is None or best is None or best <= 0:
        return None
    best_run = runs[best_w]
    # Lines under half the width end paragraphs whatever the width: they say nothing.
    fitting = sum(1 for i in pairs if best_w / 2 <= len(lines[i].text) <= best_w)
    if best_run < min_share * fitting:
        return None
    return best_w


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


class _Hyphen:
    """Evidence for keeping or dropping the hyphen of a word broken across lines."""

    def __init__(self, text: str, state: dict[str, Any]):
        self.text = text
        self.known = state["known"]
        self.unigrams = state["unigrams"]
        self._counts: Counter[str] | None = None

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

    def decide(self, x: str, y: str) -> tuple[bool, str]:
        """``(join, evidence)`` for ``x-`` at a line end followed by lower-case ``y``."""
        seen = self.document(x, y)
        if seen is not None:
            return seen, "document"
        xl, yl = x.lower(), y.lower()
        if self.word(xl + yl):
            if xl in _COMPOUND_PREFIXES and self._rare_join(xl, yl):
                return False, "prefix"
            return True, "dictionary"
        if self.word(x) and self.word(y) and len(x) > 1 and len(y) > 1:
            return False, "compound"
        if x.islower() and len(y) > 3 and self.word(y):
            return False, "prefix"
        if self.word(yl) and (yl in _COMPOUND_HEADS or len(yl) > 4 and _COMPOUND_HEAD.search(yl)):
            # A participle or head after a hyphen makes a compound whatever precedes it,
            # a name not in the lexicon included (Dhabi-based, Grammy-winning, Hamas-run).
            return False, "compound"
        return True, "syllable"

    def _rare_join(self, x: str, y: str) -> bool:
        """The joined word is much rarer than its rarer part (antigovernment next to anti and
        government, longstanding next to standing): a compound, not a syllable break
        (antibiotic is common next to biotic)."""
        u = self.unigrams
        parts = min(u.get(x, 0), u.get(y, 0))
        return len(y) > 2 and parts > 0 and u.get(x + y, 0) < _RARE_JOIN * parts


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
    state = ctx.state if ctx.state is not None else setup(ctx)
    lines = _lines(text)
    shape = _Shape(lines)
    pairs = _pairs(lines, shape)
    width = None
    if opts["unwrap"]:
        width = _infer(lines, pairs, int(opts["min_width"]), int(opts["max_width"]),
                       float(opts["min_wrapped_share"]))
    joined: set[int] = set()
    if width is not None:
        joined = {i for i in pairs if _is_wrap(lines[i], lines[i + 1], width)}
        # Too little evidence, or evidence undone by its own result, and a column of short
        # items (a menu) passes for text wrapped at 30: two lone joins (no paragraph of three
        # lines), or unwrapped text that looks wrapped at another width. Join nothing.
        if (len(joined) < 3 and not any(i + 1 in joined for i in joined)) \
                or (joined and _wrapped_again(lines, joined, opts)):
            joined = set()
    short = int(opts["short_line"])
    # The length each paragraph will have once unwrapped, by its last line: a long line is
    # judged as it will stand after this pass, so a second pass agrees with the first.
    ends_at: dict[int, int] = {}
    starts_at: dict[int, int] = {}
    run, first = 0, 0
    for i, line in enumerate(lines):
        run += len(line.text) + 1 if line.text else 0
        if i not in joined:
            ends_at[i] = starts_at[first] = max(run - 1, 0)
            run, first = 0, i + 1
    breaks = {i for i in range(len(lines) - 1)
              if lines[i].text and lines[i + 1].text and i not in joined
              and not _kept_together(lines, shape, i)
              and _paragraph_like(lines[i], ends_at[i], starts_at[i + 1], short)}
    # Blank lines that split a sentence will be rejoined, so they do not count towards the
    # blank-line style: the second pass, which no longer sees them, must judge as this one.
    before_blank = [i - 1 for i in range(1, len(lines) - 1) if not lines[i].text and lines[i - 1].text]
    gaps: dict[int, Fix] = {}
    if opts["rejoin_split_sentences"] and any(
            (lines[i].text.rsplit(None, 1) or [""])[-1].lower() in _NO_END for i in before_blank):
        gaps = _rejoins(lines, shape, joined, set(), short)
    blank_runs = sum(1 for i in before_blank if i not in gaps)
    single_style = bool(breaks) and len(breaks) > blank_runs
    if single_style and joined:
        moved = _sentence_end_breaks(lines, joined, width or 0, float(opts["paragraph_chars"]),
                                     float(opts["paragraph_spread"]))
        joined -= moved
        breaks |= moved
    if not (opts["paragraph_breaks"] and single_style):
        breaks = set()
    rejoin = _rejoins(lines, shape, joined, breaks, short) if opts["rejoin_split_sentences"] else {}

    hyphen = _Hyphen(text, state)
    fixes: list[Fix] = []
    for i in sorted(joined):
        fixes.append(_join(lines[i], lines[i + 1], width or 0, hyphen, bool(opts["dehyphenate"])))
    for i in sorted(breaks):
        if i not in rejoin:
            fixes.append(Fix(lines[i].end, lines[i + 1].start, "\n\n",
                             "paragraph break: single newline -> blank line"))
    fixes.extend(rejoin.values())
    fixes.sort(key=lambda f: f.start)
    return fixes


def nothing_to_do(text: str) -> bool:
    """Whether ``text`` certainly gets no edit from :func:`fix_line_breaks` (its fast path): no
    two non-blank lines are adjacent (so nothing can be unwrapped or separated) and no
    paragraph ends in a word that cannot end a sentence (so none can be rejoined). Decided
    with C-speed string operations, because that is the shape of most text once this cleaner,
    or its author, has made paragraphs. Anything in doubt (blanks at line ends, runs of three
    newlines) is ``False`` and goes the long way.

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
        if tail and tail[-1].lower() in _NO_END:
            return False
    return True


def _is_wrap(a: _Line, b: _Line, width: int) -> bool:
    """Whether a greedy wrapper at ``width`` would have broken the line between ``a`` and ``b``."""
    lo, hi = _wrap_interval(a, b)
    if not lo <= width <= hi:
        # A multi-word line longer than W was not made by the wrapper, but a lone over-long
        # token (a URL) is put on a line of its own by one.
        if not (lo > width and not _multiword(a)):
            return False
    return not (_multiword(b) and len(b.text) > width)


def _join(a: _Line, b: _Line, width: int, hyphen: _Hyphen, dehyphenate: bool) -> Fix:
    gap_end = b.start + b.indent
    if _hyphen_end(a):
        token = a.text.rsplit(None, 1)[-1][:-1]
        x = _LETTERS.findall(token.rsplit("-", 1)[-1])
        m = _LETTERS.match(b.text, b.indent)
        if x and m and token[-1].isalpha():
            x_part, y_part = x[-1], m.group(0)
            if not dehyphenate:
                join, why = False, "dehyphenation off"
            elif y_part[0].islower():
                join, why = hyphen.decide(x_part, y_part)
            else:
                # A capital after the hyphen joins two names (Nagorno-Karabakh) unless the
                # document spells the word joined elsewhere (DiCaprio).
                join, why = hyphen.document(x_part, y_part) is True, "capital after hyphen"
                if join:
                    why = "document"
            if join:
                return Fix(a.end - 1, gap_end, "",
                           f"dehyphenate: {x_part}-{y_part} -> {x_part}{y_part} ({why})")
            return Fix(a.end, gap_end, "", f"unwrap: keep hyphen in {x_part}-{y_part} ({why})")
        return Fix(a.end, gap_end, "", f"unwrap: hard wrap at ~{width} columns, after a hyphen")
    return Fix(a.end, gap_end, " ", f"unwrap: hard wrap at ~{width} columns")


_SENTENCE_START = re.compile(r"[^\w\s]?[A-Z]")


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


def _quote_marks(text: str) -> int:
    """Double quotation marks in ``text`` (straight or curly).

    >>> _quote_marks('He said: \u201cWe go on," and "so')
    3
    """
    return text.count('"') + text.count("\u201c") + text.count("\u201d")


def _sentence_end_breaks(lines: list[_Line], joined: set[int], width: int,
                         typical: float, spread: float, max_lookback: int = 40) -> set[int]:
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
    cand = {i for i in joined if _SENTENCE_END.search(lines[i].text)
            and _SENTENCE_START.match(lines[i + 1].text, lines[i + 1].indent)}
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
            marks += _quote_marks(lines[c].text)
            # A paragraph does not end inside a quotation, unless the next one reopens it
            # (a quotation running over paragraphs starts each with a quotation mark).
            if c in cand and (marks % 2 == 0 or lines[c + 1].text[lines[c + 1].indent:]
                              .startswith(('"', "\u201c"))):
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


def _paragraph_like(a: _Line, a_para: int, b_para: int, short: int) -> bool:
    """A single newline that separates paragraphs, not the lines of an address or a list.

    ``a_para`` and ``b_para`` are the lengths, once unwrapped, of the paragraph that line ``a``
    ends and of the one that follows (judging whole paragraphs, not lines, makes a second
    pass agree with the first). Two short lines stay together unless the first ends a
    sentence.
    """
    if a_para > short or b_para > short:
        return True
    return bool(_SENTENCE_END.search(a.text))


def _split_sentence(lines: list[_Line], shape: _Shape, i: int, j: int, para: int, short: int) -> bool:
    """Whether the paragraph break between lines ``i`` and ``j`` splits a sentence.

    ``para`` is the length of the paragraph that line ``i`` ends: a short one may be a
    heading ("Notes on the"), so it is left alone.
    """
    a, b = lines[i], lines[j]
    if para <= short or not _multiword(a) or b.indent:
        return False
    # A line that ends (or starts) with a Unicode blank such as a no-break space has no
    # word at that edge to judge; a blank-only line has none at all.
    if a.text[-1].isspace() or b.text[0].isspace():
        return False
    last = a.text.rsplit(None, 1)[-1]
    first = b.text.split(None, 1)[0]
    if last.lower() not in _NO_END or not first.isalpha() or not first.islower():
        return False
    return not (shape.item[j] or shape.table[i] or shape.table[j])


def _rejoins(lines: list[_Line], shape: _Shape, joined: set[int], breaks: set[int],
             short: int) -> dict[int, Fix]:
    """Paragraph breaks (a blank line, or a single newline becoming one) that split a sentence."""
    fixes = {}
    para = 0  # length of the paragraph so far, as it will be once unwrapped
    for i in range(len(lines) - 1):
        if not lines[i].text:
            continue
        para += len(lines[i].text) + 1
        if i in joined:
            continue
        j = i + 1
        while j < len(lines) and not lines[j].text:
            j += 1
        if j == len(lines):
            break
        if (j > i + 1 or i in breaks) and _split_sentence(lines, shape, i, j, para - 1, short):
            word = lines[i].text.rsplit(None, 1)[-1]
            fixes[i] = Fix(lines[i].end, lines[j].start, " ",
                           f"rejoin: sentence split across a paragraph break after {word!r}")
            continue  # the paragraph goes on
        para = 0
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
