"""The ``mojibake`` cleaner: encoding accidents and invisible characters, repaired with ftfy.

Scraped text is full of text decoded with the wrong codec: UTF-8 read as Windows-1252
(``â€™`` for ``’``, ``Ã©`` for ``é``), as Mac Roman (``¬†`` for a non-breaking space, ``‚Äô``),
as Latin-1 with C1 control characters, sometimes twice over. This cleaner (stage ``encoding``,
300) repairs it with `ftfy <https://ftfy.readthedocs.io>`_, the field's reference, and tidies
the invisible characters that come with scraping:

* **mojibake** is fixed exactly as ``ftfy.fix_and_explain`` fixes the line (with the options
  below), and only lines that can need it are handed to ftfy. A line goes to ftfy only if
  it contains a character that ftfy's own mojibake heuristic (``ftfy.badness``) or one of its
  other fixers can react to; the character class is *derived from ftfy's badness regex* when
  the module loads (one required character set per alternative of the regex), so every line
  ftfy would change is examined, and the many lines with no such character cost one scan
  (native: ``textclean._native.MojibakeScanner``, which also does the lines whose only repair
  is no-break spaces becoming spaces, by their characters alone; a line seen before gets the
  fixes it got then; on a long line ftfy decides on a copy without the middles of its long
  plain-ASCII stretches, :func:`condensed`). On a line that ftfy leaves unfixed because one
  consistent re-decoding of the whole line is impossible (legitimate curly quotes or dashes
  next to a Mac Roman ``¬†``, say), each run of non-ASCII characters that ftfy's heuristic
  calls bad *on its own* is re-decoded on its own, and a line holding nothing but ``Â`` (an
  empty ``&nbsp;`` paragraph read as Latin-1, its trailing space stripped) is emptied
  (``fix_fragments``).
* **C1 control characters** become the Windows-1252 characters they stand for, other
  **control characters** and ANSI terminal escapes are removed, **ligatures** such as ``ﬁ``
  are spelt out, **surrogate pairs** are joined (all ftfy fixers);
* **HTML entities** (``&amp;``, ``&#8217;``, ``&EACUTE;``) are decoded as ftfy does: only on
  lines without a literal ``<`` (``unescape_html = "auto"``), and never when the decoding
  would create a tag (the ``markup`` cleaner runs first and normally decodes them already;
  both read entities and tags with :mod:`textclean.core.tags`);
* a **non-breaking space** (U+00A0) becomes a plain space;
* **byte order marks** (U+FEFF) anywhere in the text are removed, and so are **zero-width
  characters** (U+200B space, U+2060 word joiner, U+200C/U+200D non-joiner/joiner) that stand
  next to ASCII, a space or a line edge; between two non-ASCII characters they are kept,
  because there they are part of the writing: emoji sequences (``👩‍💻``), Persian and Indic
  spelling (``می‌خواهم``), word boundaries in Thai, Khmer or Japanese;
* **soft hyphens** (U+00AD) are removed;
* the text is put in Unicode **NFC** form.

What it does **not** do: it keeps curly quotes and dashes (ftfy's ``uncurl_quotes`` is off:
they are correct text), keeps full-width and half-width forms (ftfy's
``fix_character_width`` is off: full-width punctuation is correct CJK text), leaves line
endings to the ``whitespace`` cleaner and other Unicode spaces (U+202F, U+2007...) alone, and
never changes legitimate Greek, Cyrillic, Arabic, Hebrew or CJK text: ftfy's heuristics, which
this cleaner inherits, are built to leave it alone. Byte input is decoded by the host before
any cleaner runs.

A long line (a whole document without a newline) costs a small constant times its length at
the peak, about 8 bytes a character of prose with mojibake every few hundred characters (each
repair adds its own few hundred bytes): ftfy decides on the whole line, as on any other, but
where each character of the repaired line comes from is kept as runs, not character by
character (the host's :class:`~textclean.core.spans.SpanMap`), and each step of ftfy's plan
is applied and diffed in windows of ``WINDOW`` characters, cut only between plain ASCII words
(:func:`window_cuts`), where every step gives the same result as on the whole line
(``benchmarks/mojibake_memory.py`` measures it).

Options (defaults in ``OPTIONS``):

* ``fix_encoding`` (``True``): re-decode mojibake (ftfy's ``fix_encoding``, with
  ``restore_byte_a0``, ``replace_lossy_sequences``, ``decode_inconsistent_utf8``).
* ``fix_fragments`` (``True``): on a line ftfy could not fix as a whole, re-decode each run of
  non-ASCII characters that looks like mojibake by itself; empty a line that is only ``Â``.
* ``fix_c1_controls`` (``True``): C1 controls as Windows-1252.
* ``remove_control_chars`` (``True``): remove control characters and terminal escapes.
* ``fix_ligatures`` (``True``): ``ﬁ`` -> ``fi`` and the other Latin ligatures ftfy knows.
* ``unescape_html`` (``"auto"``): ``"auto"`` (decode on lines without ``<``), ``"always"``
  or ``"never"``.
* ``uncurl_quotes`` (``False``): straighten curly quotes, as ftfy does by default.
* ``normalization`` (``"NFC"``): the Unicode normal form, or ``""`` for none.
* ``nbsp_to_space`` (``True``): a non-breaking space becomes a plain space.
* ``remove_zero_width`` (``True``): remove zero-width characters and BOMs as above.
* ``remove_soft_hyphens`` (``True``): remove soft hyphens.

Each change is an edit of its own span with a reason: ``"mojibake: utf-8 read as macroman"``
(the codec comes from ftfy's explanation), ``"mojibake: windows-1252 read as latin-1"``,
``"C1 control character"``, ``"control character"``, ``"ligature"``, ``"html entity"``,
``"non-breaking space"``, ``"zero-width character"``, ``"byte order mark"``,
``"soft hyphen"``, ``"unicode normalization (NFC)"``; a span changed by two repairs names
both, joined by ``"; "``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from re import _constants as sre_constants  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any, Callable, Mapping

import ftfy
from ftfy import TextFixerConfig
from ftfy.badness import BADNESS_RE, MOJIBAKE_CATEGORIES, is_bad
from ftfy.chardata import (ALTERED_UTF8_RE, CONTROL_CHARS, LIGATURES, LOSSY_UTF8_RE,
                           UTF8_DETECTOR_RE)

from textclean import _native
from textclean.core.diff import char_regions, diff_regions, walks
from textclean.core.fixes import apply_fixes
from textclean.core.records import Cleaner, Context, Fix, Stage
from textclean.core.spans import SpanMap
from textclean.core.tags import entity_fixes, without_new_markup
from textclean.plugins.hookspecs import hookimpl

OPTIONS: dict[str, Any] = {
    "fix_encoding": True,
    "fix_fragments": True,
    "fix_c1_controls": True,
    "remove_control_chars": True,
    "fix_ligatures": True,
    "unescape_html": "auto",
    "uncurl_quotes": False,
    "normalization": "NFC",
    "nbsp_to_space": True,
    "remove_zero_width": True,
    "remove_soft_hyphens": True,
}

# --- The prefilter, derived from ftfy's badness regex -------------------------------------

#: Characters common in correct text; the prefilter avoids them where ftfy's regex allows.
_FREQUENT = set(MOJIBAKE_CATEGORIES["common"]) | set("‘“”«»·©®°£€")


def _class_chars(items: list) -> set[str] | None:
    """The characters of a parsed ``[...]`` class, or None if it is open-ended."""
    chars: set[str] = set()
    for op, av in items:
        if op is sre_constants.LITERAL:
            chars.add(chr(av))
        elif op is sre_constants.RANGE:
            chars.update(chr(c) for c in range(av[0], av[1] + 1))
        else:  # a category (\\w, \\s) or a negation: no finite set
            return None
    return chars


def badness_triggers(pattern: re.Pattern = BADNESS_RE) -> str:
    """A set of characters such that every match of ftfy's badness regex contains one.

    For each alternative of the regex, one position that must match a character from a finite,
    non-ASCII set is chosen (the set with the fewest characters common in correct text); the
    union of the chosen sets is the trigger set. A line without any of them cannot look bad
    to ftfy, so it can skip ftfy's encoding repair. Raises ValueError if an alternative has
    no such position (then the caller must fall back to "any non-ASCII character").

    >>> trig = badness_triggers()
    >>> "¬" in trig and "Ã" in trig and "\\x85" in trig
    True
    >>> "’" in trig or "“" in trig or "—" in trig
    False
    """
    if pattern.flags & re.IGNORECASE:
        raise ValueError("a case-insensitive badness regex: literal sets would be incomplete")
    parsed = sre_parse.parse(pattern.pattern, pattern.flags)
    items = list(parsed)
    if len(items) == 1 and items[0][0] is sre_constants.BRANCH:
        branches = items[0][1][1]
    else:
        branches = [items]
    chosen: set[str] = set()
    for branch in branches:
        options = []
        for op, av in branch:
            if op is sre_constants.LITERAL:
                chars: set[str] | None = {chr(av)}
            elif op is sre_constants.IN:
                chars = _class_chars(av)
            else:  # optional parts, anchors, repeats: not a required single character
                continue
            if chars and all(ord(c) > 127 for c in chars):
                options.append(chars)
        if not options:
            raise ValueError("an alternative of the badness regex has no non-ASCII position")
        chosen |= min(options, key=lambda s: (len(s & _FREQUENT), len(s)))
    return "".join(sorted(chosen))


try:
    #: The characters one of which every match of ftfy's badness regex holds ("" if unknown).
    _BAD_TRIGGER_CHARS = badness_triggers()
    _BAD_TRIGGERS = re.escape(_BAD_TRIGGER_CHARS)
    #: Whether every match of the badness regex is known to hold a trigger character.
    _TRIGGERS_DERIVED = True
    #: The longest text one match of the badness regex can span.
    _BAD_WIDTH = sre_parse.parse(BADNESS_RE.pattern, BADNESS_RE.flags).getwidth()[1]
    if _BAD_WIDTH > 64:  # unbounded or long matches: windows would not help; search whole lines
        _BAD_WIDTH = 0
except (ValueError, re.error):  # a future ftfy regex we cannot analyse: be safe
    _BAD_TRIGGER_CHARS = ""
    _BAD_TRIGGERS = r"\x80-\U0010ffff"
    _TRIGGERS_DERIVED = False
    _BAD_WIDTH = 0
_BAD_TRIGGER_RE = re.compile(f"[{_BAD_TRIGGERS}]")


def looks_bad(line: str) -> bool:
    """Exactly ``ftfy.badness.is_bad(line)``, but only searching near trigger characters.

    Every match of the badness regex contains a trigger character (see
    :func:`badness_triggers`) and is at most ``_BAD_WIDTH`` characters long; the regex has no
    lookarounds or ``$``, and ``^`` only matches at the real start of the string, so a match
    exists in the line if and only if one exists in a window around some trigger. A short
    line is searched whole, once a scan (much cheaper than the regex's alternatives, tried at
    every position) has found a trigger in it.

    >>> looks_bad("a caf\u00c3\u00a9"), looks_bad("a caf\u00e9 \u2013 fine")
    (True, False)
    """
    if not _BAD_WIDTH or len(line) < 8 * _BAD_WIDTH:
        if _TRIGGERS_DERIVED and _BAD_TRIGGER_RE.search(line) is None:
            return False
        return is_bad(line)
    search, w, n = BADNESS_RE.search, _BAD_WIDTH, len(line)
    lo = hi = -1
    for m in _BAD_TRIGGER_RE.finditer(line):
        p = m.start()
        if p - w <= hi:
            hi = p + w + 1
            continue
        if hi > lo and search(line, max(lo, 0), min(hi, n)):
            return True
        lo, hi = p - w, p + w + 1
    return hi > lo and search(line, max(lo, 0), min(hi, n)) is not None


_ZERO_WIDTH = "\u200b\u2060"
_JOINERS = "\u200c\u200d"
_BOM = "\ufeff"
_SHY = "\xad"
_NBSP = "\xa0"
# a character-class body: ftfy's control characters and the C1 range
_CONTROL_CHARS = "".join(chr(c) for c in sorted(set(CONTROL_CHARS) | set(range(0x80, 0xa0))))
_CONTROL = re.escape(_CONTROL_CHARS)
_LIGATURES = "".join(chr(c) for c in sorted(LIGATURES))
_SURROGATES = "\ud800-\udfff"
#: What ftfy's ``uncurl_quotes`` changes.
_CURLY = "\u02bc" + "".join(map(chr, range(0x2018, 0x2020)))

_STEP_NEEDS = re.compile(f"[{_CONTROL}{_LIGATURES}{_SURROGATES}]")
_CURLY_RE = re.compile(f"[{_CURLY}]")
_RUN = re.compile(r"(?:[^\x00-\x7f\s]|\xa0)+")
_NBSP_RUN = re.compile("\xa0+")
_SHY_RUN = re.compile("\xad+")
_LONE_A = re.compile("[ \t\r]*\u00c2[ \t\r]*")
_INVISIBLE_RUN = re.compile(f"[{_ZERO_WIDTH}{_JOINERS}{_BOM}]+")

_ENCODING_NAMES = {"sloppy-windows-1252": "windows-1252", "latin-1": "latin-1"}
_FIXER_REASONS = {
    "fix_c1_controls": "C1 control character",
    "fix_latin_ligatures": "ligature",
    "fix_surrogates": "surrogate pair",
    "remove_terminal_escapes": "terminal escape",
    "remove_control_chars": "control character",
    "uncurl_quotes": "curly quotes",
    "fix_line_breaks": "line break",
    "fix_character_width": "character width",
    "unescape_html": "html entity",
}
#: Characters next to mojibake that are usually correct text (curly quotes, dashes...).
_EDGE_PUNCT = set(MOJIBAKE_CATEGORIES["common"]) | set("‘“”„«»")


def _codec(name: str) -> str:
    return _ENCODING_NAMES.get(name, name.replace("sloppy-", ""))


def plan_reason(plan: list[tuple[str, str]]) -> str:
    """A short reason for one group of ftfy explanation steps.

    >>> plan_reason([("encode", "macroman"), ("decode", "utf-8")])
    'mojibake: utf-8 read as macroman'
    >>> plan_reason([("encode", "latin-1"), ("decode", "windows-1252")])
    'mojibake: windows-1252 read as latin-1'
    """
    encodes = [_codec(a) for op, a in plan if op == "encode"]
    decodes = [a for op, a in plan if op == "decode"]
    if encodes and decodes:
        target = "utf-8" if decodes[-1].startswith("utf-8") else _codec(decodes[-1])
        via = encodes[0] if len(set(encodes)) == 1 else " then ".join(encodes)
        twice = " (twice)" if len(encodes) > 1 and len(set(encodes)) == 1 else ""
        return f"mojibake: {target} read as {via}{twice}"
    for op, a in plan:
        if op == "normalize":
            return f"unicode normalization ({a})"
        if a in _FIXER_REASONS:
            return _FIXER_REASONS[a]
    return "mojibake: " + ", ".join(a for _, a in plan)


@lru_cache(maxsize=8192)
def _fix_piece(piece: str, config: TextFixerConfig | None) -> tuple[str, tuple]:
    """``ftfy.fix_encoding_and_explain`` on a short piece of a line, memoised: the same
    mojibake sequences recur all through a text."""
    fixed, plan = ftfy.fix_encoding_and_explain(piece, config)
    return fixed, tuple(plan or ())


#: Any character but those no step of ftfy touches or looks at from afar (printable ASCII
#: and tab).
_NOT_INERT = re.compile(r"[^\t\x20-\x7e]")
#: How many inert characters around each other character, and at each end, a condensed line
#: keeps; the condensing is worth it on lines of at least CONDENSE_MIN characters.
_CONDENSE_KEEP = 16
CONDENSE_MIN = 256


def _reach(pattern: re.Pattern) -> int:
    """The longest text one match of ``pattern`` can span (0 if unbounded or unknown)."""
    try:
        width = sre_parse.parse(pattern.pattern, pattern.flags).getwidth()[1]
    except (re.error, TypeError, ValueError):
        return 0
    return width if width < 1 << 16 else 0


#: Condensing rests on how ftfy 6 looks at text (see condensed); a version whose patterns
#: reach farther than they did is given whole lines.
_CONDENSE_OK = ftfy.__version__.split(".")[0] == "6" and all(
    0 < _reach(p) <= 8 for p in (BADNESS_RE, ALTERED_UTF8_RE, LOSSY_UTF8_RE))


def condensed(line: str) -> str | None:
    """``line`` without the middles of its long stretches of inert characters (printable ASCII
    and tabs), or None where that would not shorten it by half or the line holds an escape
    character (a terminal escape's digits reach any distance from it).

    ftfy makes the same decisions on the condensed line as on the whole, so its plan for the
    one is its plan for the other, at a fraction of the cost (its badness regex, searched
    in full two or three times a line, is most of it). Every step of ftfy looks at
    characters within seven of a non-inert one: the badness regex (a match holds a non-ASCII
    trigger and spans at most seven characters), the byte patterns of ``restore_byte_a0`` and
    ``replace_lossy_sequences`` (around a non-ASCII byte or ``\\x1a``), the UTF-8 detector
    (runs of non-ASCII characters, a space between two at most), the encodings' character
    sets and the UTF-8 decoders (character by character, restarting at ASCII), the character
    fixers and the normal forms (no inert character composes with one before it); and it changes
    no inert character that is not that close. A cut is sixteen inert characters from
    anything else on either side, so joining there makes or breaks no match and changes no
    test; the condensed line still holds an inert character, so the UTF-8 detector's "shorter
    than the text" test is unchanged too. The whole line is then fixed by applying the plan.
    What can be checked is checked when the module loads (``_CONDENSE_OK``: ftfy 6, and its
    badness regex and byte patterns reach at most eight characters); otherwise lines stay
    whole.

    >>> short = condensed("a" * 300 + "caf\u00c3\u00a9" + "b" * 300)
    >>> short == "a" * 29 + "caf\u00c3\u00a9" + "b" * 32
    True
    >>> condensed("caf\u00c3\u00a9 " * 100) is None
    True
    """
    n = len(line)
    if n < CONDENSE_MIN or "\x1b" in line or not _CONDENSE_OK:
        return None
    k = _CONDENSE_KEEP
    spans = [[0, k]]  # the pieces kept, in order: the head, each other character with its
    kept = 0  # surroundings, the tail; ``kept`` counts all but the last
    m = None
    for m in _NOT_INERT.finditer(line):
        a, b = m.start() - k, m.end() + k
        if a <= spans[-1][1]:
            spans[-1][1] = b
        else:
            kept += spans[-1][1] - spans[-1][0]
            if 2 * kept > n:
                return None
            spans.append([a, b])
    if m is None:
        return None
    if spans[-1][1] >= n - k:
        spans[-1][1] = n
    else:
        spans.append([n - k, n])
    if 2 * sum(b - a for a, b in spans) > n:
        return None
    return "".join(line[a:b] for a, b in spans)


def applied(text: str, plan: list) -> str:
    """``text`` with a plan of ftfy's applied (``ftfy.apply_plan``, which leaves the
    ``normalize`` steps of ``fix_and_explain``'s plans to the caller)."""
    start = 0
    for i, (op, arg) in enumerate(plan):
        if op == "normalize":
            text = unicodedata.normalize(arg, ftfy.apply_plan(text, plan[start:i]))
            start = i + 1
    return ftfy.apply_plan(text, plan[start:])


# --- Span bookkeeping ---------------------------------------------------------------------

#: How many characters of a long line a step of ftfy's plan is applied to and diffed at a
#: time (see :func:`window_cuts`); a module constant so that tests can shrink it.
WINDOW = 65536
#: A place where a long line may be cut: after a space and before a token, with only printable
#: ASCII for eight characters on either side. Each step of a plan of ftfy's gives the same
#: result on the windows as on the whole line: every single-byte codec maps ASCII to itself
#: and UTF-8 decoding restarts at an ASCII byte; the byte patterns of ``restore_byte_a0`` and
#: ``replace_lossy_sequences`` (look-aheads included) reach at most seven bytes from the
#: non-ASCII byte or ``\x1a`` they need; terminal escapes hold no space; the other fixers
#: map characters (or surrogate pairs) one by one; and no composition of a Unicode normal
#: form crosses an ASCII character.
_CUT = re.compile(r"[\x20-\x7e]{7} (?=[\x21-\x7e][\x20-\x7e]{7})")


def window_cuts(text: str, size: int | None = None) -> list[int]:
    """Where to cut ``text`` into windows: ``[0, c1, ..., len(text)]``, each cut the first
    safe place (see ``_CUT``) at least ``size`` (default ``WINDOW``) characters after the
    previous one. A text with no safe place is one window.

    >>> window_cuts("aaaa bbbb cccc dddd eeee ffff gggg hhhh", 12)
    [0, 15, 30, 39]
    >>> window_cuts("\u00c3\u00a9" * 40, 12)
    [0, 80]
    """
    size = WINDOW if size is None else size
    n = len(text)
    cuts = [0]
    while n - cuts[-1] > size:
        m = _CUT.search(text, cuts[-1] + max(size - 8, 0))
        if m is None:
            break
        cuts.append(m.end())
    cuts.append(n)
    return cuts


class Rewrites:
    """A line followed through successive rewrites, remembering which span of the original
    line each rewrite touched and why, so the final change can be split into per-span fixes
    with the right reasons.

    Where each character of the current text comes from is the host's own span map
    (:class:`~textclean.core.spans.SpanMap`, kept as runs, so a long line costs no tuple per
    character), with one rule of this cleaner's: what one character becomes, one for one,
    keeps that character's origin.

    Each touched span is kept as ``(start, first_end, end, reason)``: a repair that removes or
    replaces characters one for one (a run of no-break spaces, of zero-width characters)
    touches one span per character, and a chain of such spans, each starting where the ones
    before it reach, is kept as one entry; it is sorted where the first of them would be
    (``(start, first_end)``), so clusters and the order of reasons come out as with one
    entry per character.
    """

    __slots__ = ("text", "origins", "touched")

    def __init__(self, line: str):
        self.text = line
        self.origins = SpanMap(len(line))
        self.touched: list[tuple[int, int, int, str]] = []

    def spans(self, spans: list[tuple], reason: str = "") -> None:
        """Apply sorted, non-overlapping replacements ``(start, end, new[, reason[, unit]])``
        given in current coordinates; a span without its own reason gets ``reason``. A
        ``unit`` span stands for one span per character: each character is removed (``new``
        empty) or replaced by the character of ``new`` at the same place."""
        if not spans:
            return
        regions = []
        parts, pos, shift = [], 0, 0
        for span in spans:
            s, e, new = span[:3]
            parts.append(self.text[pos:s])
            parts.append(new)
            why = span[3] if len(span) > 3 else reason
            unit = len(span) > 4 and bool(span[4])
            regions.append((s, e, s + shift, s + shift + len(new), why, unit))
            shift += len(new) - (e - s)
            pos = e
        parts.append(self.text[pos:])
        self._commit("".join(parts), regions, reason)

    def rewrite(self, new: str, reason: str) -> None:
        """Replace the whole current text with ``new``, diffing to find what changed."""
        if new != self.text:
            self._commit(new, diff_regions(self.text, new), reason)

    def rewrite_windows(self, fn: Callable[[str], str], reason: str) -> None:
        """Replace the current text with ``fn(text)``, for a ``fn`` that gives the same
        result on the windows of a long line (see :func:`window_cuts`) as on the whole, and
        is applied window by window. A long changed middle, which :meth:`rewrite` would align
        with the linear walk of :func:`~textclean.core.diff.align`, is also diffed window by
        window (the walk is local, and each window starts in step); a short one is diffed as
        a whole, as in a short line. If ``fn`` raises, nothing is changed."""
        text = self.text
        cuts = window_cuts(text)
        if len(cuts) <= 2:
            self.rewrite(fn(text), reason)
            return
        pieces = [fn(text[a:b]) for a, b in zip(cuts, cuts[1:])]
        sizes = [len(piece) for piece in pieces]
        new = "".join(pieces)
        del pieces
        if new == text:
            return
        if not walks(text, new):
            self._commit(new, diff_regions(text, new), reason)
            return
        regions: list[tuple[int, int, int, int]] = []
        out = 0
        for a, b, size in zip(cuts, cuts[1:], sizes):
            old, piece = text[a:b], new[out:out + size]
            if piece != old:
                regions.extend((i1 + a, i2 + a, j1 + out, j2 + out)
                               for i1, i2, j1, j2 in diff_regions(old, piece, walk=True))
            out += size
        self._commit(new, regions, reason)

    def _touch_units(self, a: int, b: int, why: str) -> None:
        """Record the spans of current characters ``a:b`` one by one, as chains."""
        chain: list | None = None  # [start, first_end, end, last_start, last_end]
        for _, _, oa, ob, copied in self.origins.pieces(a, b):
            first = (oa, oa + 1) if copied else (oa, ob)
            last = (ob - 1, ob) if copied else (oa, ob)
            if chain is not None and first >= (chain[3], chain[4]) and first[0] <= chain[2]:
                chain[2] = max(chain[2], last[1])
            else:
                if chain is not None:
                    self.touched.append((chain[0], chain[1], chain[2], why))
                chain = [first[0], first[1], last[1], 0, 0]
            chain[3], chain[4] = last
        if chain is not None:
            self.touched.append((chain[0], chain[1], chain[2], why))

    def _commit(self, new: str, regions: list[tuple], reason: str) -> None:
        moves = []
        for region in regions:
            i1, i2, j1, j2 = region[:4]
            why = region[4] if len(region) > 4 else reason
            if len(region) > 5 and region[5]:  # one for one: each character keeps its origin
                self._touch_units(i1, i2, why)
                moves.append((i1, i2, j1, j2, None))
                continue
            span = self.origins.span(i1, i2)
            self.touched.append((span[0], span[1], span[1], why))
            # what one character becomes stands for it
            moves.append((i1, i2, j1, j2, None if i2 - i1 == 1 and j2 - j1 == 1 else span))
        self.origins.rewrite(moves)
        self.text = new

    def fixes(self, line: str, offset: int) -> list[Fix]:
        """The change from ``line`` to the current text as fixes, one per cluster of touched
        original spans (touching spans merge), each trimmed to the characters that differ
        and named by the reasons of the rewrites that touched it."""
        if self.text == line:
            return []
        clusters: list[list] = []  # [start, end, reasons]
        for a, _, b, r in sorted(self.touched, key=lambda x: (x[0], x[1])):
            if clusters and a <= clusters[-1][1]:
                clusters[-1][1] = max(clusters[-1][1], b)
                clusters[-1][2].append(r)
            else:
                clusters.append([a, b, [r]])
        pieces: list[list[str]] = [[] for _ in clusters]
        text = self.text
        # Origins never go backwards along the text, so one walk assigns each character to
        # the cluster whose span holds its origin (characters outside all clusters are
        # unchanged): a written run as a whole, a copied run piece by piece.
        k, nk = 0, len(clusters)
        for cs, ce, oa, ob, copied in self.origins.runs:
            if k == nk:
                break
            if not copied:
                while k < nk and (clusters[k][1] < oa or (clusters[k][1] == oa and ob > oa)):
                    k += 1
                if k < nk and clusters[k][0] <= oa and ob <= clusters[k][1]:
                    pieces[k].append(text[cs:ce])
                continue
            i = cs
            while i < ce:
                o = oa + i - cs  # this character's origin is (o, o + 1)
                while k < nk and clusters[k][1] <= o:
                    k += 1
                if k == nk:
                    break
                if clusters[k][0] <= o:
                    j = min(ce, cs + clusters[k][1] - oa)
                    pieces[k].append(text[i:j])
                    i = j
                else:
                    i = min(ce, cs + clusters[k][0] - oa)
        out = []
        for (a, b, reasons), piece in zip(clusters, pieces):
            new = "".join(piece)
            old = line[a:b]
            if new == old:
                continue
            reason = "; ".join(dict.fromkeys(reasons))
            for i1, i2, j1, j2 in char_regions(old, new):
                out.append(Fix(offset + a + i1, offset + a + i2, new[j1:j2], reason))
        return out


# --- The repairer -------------------------------------------------------------------------

#: How many lines' fixes a repairer remembers (it forgets them all when full), and the
#: longest line it remembers.
MEMO_SIZE = 4096
MEMO_LINE = 1000


class Repairer:
    """The cleaner compiled for one set of options (built once per pipeline by ``setup``).

    >>> repairer = Repairer(OPTIONS)
    >>> repairer.clean("It\\u2019s a caf\\u00c3\\u00a9 \\u2013 ministry,\\u00ac\\u2020Azerbaijani")
    'It’s a café – ministry, Azerbaijani'
    >>> repairer.clean("Ελληνικά, русский, العربية, 中文，日本語")
    'Ελληνικά, русский, العربية, 中文，日本語'
    """

    def __init__(self, options: Mapping[str, Any]):
        o = {**OPTIONS, **dict(options)}
        self.unescape = str(o["unescape_html"]).lower()
        if self.unescape not in ("auto", "always", "never"):
            raise ValueError(
                f"mojibake.unescape_html must be auto, always or never, not {self.unescape!r}")
        self.form = str(o["normalization"] or "").upper() or None
        if self.form not in (None, "NFC", "NFD", "NFKC", "NFKD"):
            raise ValueError(
                f"mojibake.normalization must be NFC, NFD, NFKC, NFKD or '', not {self.form!r}")
        self.encoding = bool(o["fix_encoding"])
        self.fragments = bool(o["fix_fragments"]) and self.encoding
        self.nbsp = bool(o["nbsp_to_space"])
        self.zero_width = bool(o["remove_zero_width"])
        self.shy = bool(o["remove_soft_hyphens"])
        self.config = TextFixerConfig(
            unescape_html=False,  # done here, span by span, with the tag guard
            fix_encoding=self.encoding,
            fix_c1_controls=bool(o["fix_c1_controls"]),
            fix_latin_ligatures=bool(o["fix_ligatures"]),
            fix_character_width=False,
            uncurl_quotes=bool(o["uncurl_quotes"]),
            fix_line_breaks=False,
            remove_control_chars=bool(o["remove_control_chars"]),
            remove_terminal_escapes=bool(o["remove_control_chars"]),
            normalization=self.form,  # type: ignore[arg-type]
            explain=True,
        )
        self.uncurl = bool(o["uncurl_quotes"])
        # What the native scan looks for (see lines). A lone surrogate reaches it as
        # U+FFFD, which makes its line a candidate to check; the check then sees the surrogate.
        hard = _CONTROL_CHARS + _LIGATURES
        if self.uncurl:
            hard += _CURLY
        if self.zero_width:
            hard += _ZERO_WIDTH + _JOINERS + _BOM
        if self.shy:
            hard += _SHY
        bad = _BAD_TRIGGER_CHARS + "\ufffd"
        trig = hard + bad + ("&" if self.unescape != "never" else "") + (_NBSP if self.nbsp else "")
        self.scanner = _native.MojibakeScanner(trig, hard, bad, not _TRIGGERS_DERIVED,
                                               self.unescape, self.nbsp)
        #: In this normal form (or none), a no-break space and a space are alike: neither
        #: decomposes nor composes with anything.
        self.canonical = self.form in (None, "NFC", "NFD")
        #: The fixes of lines seen before (see fixes), by (line, in normal form, WINDOW).
        self._memo: dict[tuple[str, bool, int], list[Fix]] = {}

    # which lines need work
    def lines(self, text: str, in_form: bool, fast: bool = True) -> list[tuple[int, int, int]]:
        """The lines of ``text`` (each without its ``\\n``) that may need a repair, in order,
        as ``(start, end, kind)``: kind 0 is a run of no-break spaces of a line whose only
        repair is them becoming spaces, kind 1 a line with no character that a repair but
        ftfy's, the normal form or the no-break space one reacts to (see :meth:`_plain`), kind
        2 a line to repair. ``in_form`` says whether the whole text is in the normal form;
        with ``fast`` false, every line is of kind 2.

        The scan of the characters is native (``textclean._native.MojibakeScanner``); a line
        that is not in the normal form is added here (all such lines when ``in_form`` is
        false: ``unicodedata`` is the judge of the form).

        >>> Repairer(OPTIONS).lines("Log\u00a0Out\\nfine\\ncaf\u00c3\u00a9\\nR&amp;D", True)
        [(3, 4, 0), (13, 18, 1), (19, 26, 2)]
        """
        found = self.scanner.lines(text, in_form, self.canonical, fast)
        if not in_form:
            seen = {start for start, _, kind in found if kind}
            start, added = 0, []
            for line in text.split("\n"):
                end = start + len(line)
                if start not in seen and not unicodedata.is_normalized(self.form, line):
                    added.append((start, end, 2))
                start = end + 1
            if added:
                found = sorted(found + added)
        return found

    def candidate_lines(self, text: str, in_form: bool | None = None) -> list[tuple[int, int]]:
        """``(start, end)`` of each line (without its ``\\n``) that may need a repair."""
        if in_form is None:
            in_form = not self.form or text.isascii() or unicodedata.is_normalized(self.form, text)
        return [(start, end) for start, end, _ in self.lines(text, in_form, fast=False)]

    def _needs_ftfy(self, line: str, bad: bool, check_form: bool) -> bool:
        """Whether ftfy (with this repairer's config) could change ``line`` at all."""
        if bad or _STEP_NEEDS.search(line):
            return True
        if self.uncurl and _CURLY_RE.search(line):
            return True
        return check_form and bool(self.form) and not unicodedata.is_normalized(self.form, line)

    def _invisible(self, t: Rewrites) -> None:
        if not self.zero_width:
            return
        s = t.text
        if not any(c in s for c in _ZERO_WIDTH + _JOINERS + _BOM):
            return
        found = []
        # A run of zero-width characters is judged as a whole, by the visible characters on
        # either side, so the result does not depend on the order of removal (and a long run
        # costs one look at its neighbours, not one per character).
        for m in _INVISIBLE_RUN.finditer(s):
            a, b = m.span()
            before = s[a - 1] if a > 0 else " "
            after = s[b] if b < len(s) else " "
            # Between two non-ASCII characters a zero-width character belongs to the
            # writing: joiners in emoji sequences, Persian and Indic words; spaces and
            # word joiners as word boundaries in Thai, Khmer or Japanese. Keep it.
            writing = not before.isascii() and not after.isascii() and not before.isspace() \
                and not after.isspace()
            # each character is removed on its own (a unit span stands for one per character)
            i = a
            while i < b:
                bom = s[i] == _BOM
                j = i + 1
                while j < b and (s[j] == _BOM) == bom:
                    j += 1
                if bom:
                    found.append((i, j, "", "byte order mark", True))
                elif not writing:
                    found.append((i, j, "", "zero-width character", True))
                i = j
        t.spans(found)

    def _bad(self, line: str) -> bool:
        """Whether ftfy's encoding repair would call ``line`` bad (and so try to fix it)."""
        return self.encoding and not line.isascii() and looks_bad(line)

    def _ftfy(self, t: Rewrites, check_form: bool) -> None:
        line = t.text
        bad = self._bad(line)
        if not self._needs_ftfy(line, bad, check_form):
            return
        short = condensed(line)
        if short is None:
            fixed, plan = ftfy.fix_and_explain(line, self.config)
        else:  # ftfy decides on the condensed line, as it would on the whole (see condensed)
            fixed, plan = ftfy.fix_and_explain(short, self.config)
            fixed = line if fixed == short else applied(line, plan or [])
        if fixed != line and not self._replay(t, plan or [], fixed):
            t.rewrite(fixed, plan_reason(plan or []))
        if bad and self.fragments and (fixed == line or looks_bad(t.text)):
            self._fragments(t)

    def _replay(self, t: Rewrites, plan: list, fixed: str) -> bool:
        """Apply ftfy's plan group by group, so each change gets its own reason."""
        groups: list[list[tuple[str, str]]] = []
        current: list[tuple[str, str]] | None = None  # an encode ... decode group
        pending: list[tuple[str, str]] = []  # a transcode that prepares the next re-decoding
        for i, (op, arg) in enumerate(plan):
            if current is not None:
                current.append((op, arg))
                if op == "decode":
                    groups.append(current)
                    current = None
            elif op == "encode":
                current, pending = pending + [(op, arg)], []
            elif op == "transcode" and i + 1 < len(plan) and plan[i + 1][0] == "encode":
                pending.append((op, arg))
            else:
                groups.append([(op, arg)])
        if current or pending:
            groups.append((current or []) + pending)
        # ftfy decided on the whole line; each step of its plan gives the same result on the
        # windows of a long line as on the whole, and is applied and diffed window by window.
        try:
            for g in groups:
                op, arg = g[0]
                if op == "normalize":
                    t.rewrite_windows(lambda s, form=arg: unicodedata.normalize(form, s),
                                      plan_reason(g))
                elif arg == "decode_inconsistent_utf8":
                    self._inconsistent(t)
                else:
                    t.rewrite_windows(lambda s, steps=g: ftfy.apply_plan(s, steps), plan_reason(g))
        except (UnicodeError, ValueError):
            return False
        if t.text != fixed:
            return False
        return True

    @staticmethod
    def _inconsistent(t: Rewrites) -> None:
        """ftfy's ``decode_inconsistent_utf8``, one fragment at a time, with its codec."""
        text = t.text
        found = []
        for m in UTF8_DETECTOR_RE.finditer(text):
            sub = m.group()
            if len(sub) < len(text) and is_bad(sub):
                fixed, plan = _fix_piece(sub, None)
                if fixed != sub:
                    found.append((m.start(), m.end(), fixed, plan_reason(list(plan))))
        t.spans(found)

    def _fragments(self, t: Rewrites) -> None:
        """Re-decode, one by one, the runs of non-ASCII characters that look bad by
        themselves, on a line that ftfy could not fix as a whole."""
        spans = []
        for m in _RUN.finditer(t.text):
            run = m.group()
            for s, e in self._trims(run):
                cand = run[s:e]
                if not looks_bad(cand):
                    continue
                fixed, plan = _fix_piece(cand, self.config)
                redecoded = any(op == "decode" or a == "decode_inconsistent_utf8" for op, a in plan)
                if fixed != cand and redecoded and not looks_bad(fixed):
                    spans.append((m.start() + s, m.start() + e, fixed, plan_reason(list(plan))))
                    break
        t.spans(spans)

    @staticmethod
    def _trims(run: str) -> list[tuple[int, int]]:
        """The run, then the run without the correct punctuation at its edges."""
        s, e = 0, len(run)
        while s < e and run[s] in _EDGE_PUNCT:
            s += 1
        while e > s and run[e - 1] in _EDGE_PUNCT:
            e -= 1
        out = [(0, len(run))]
        for cand in ((s, len(run)), (0, e), (s, e)):
            if cand not in out and cand[1] - cand[0] >= 2:
                out.append(cand)
        return out

    def _entities(self, t: Rewrites, allowed: bool) -> None:
        if allowed and "&" in t.text:
            t.spans([(f.start, f.end, f.replacement, f.reason) for f in entity_fixes(t.text)])

    def _after(self, t: Rewrites) -> None:
        # one span per run, standing for one per character (see Rewrites.spans)
        s = t.text
        if self.shy and _SHY in s:
            t.spans([(m.start(), m.end(), "", "soft hyphen", True) for m in _SHY_RUN.finditer(s)])
            s = t.text
        if self.nbsp and _NBSP in s:
            t.spans([(m.start(), m.end(), " " * (m.end() - m.start()), "non-breaking space", True)
                     for m in _NBSP_RUN.finditer(s)])

    def repair_line(self, line: str, check_form: bool = True) -> Rewrites:
        """Run the repairs on one line until nothing changes (at most four rounds).
        ``check_form=False`` says the line is known to be in normal form already."""
        t = Rewrites(line)
        html_ok = self.unescape == "always" or (self.unescape == "auto" and "<" not in line)
        for round_ in range(4):
            before = t.text
            self._lone_a(t)
            self._invisible(t)
            self._entities(t, html_ok)
            self._ftfy(t, check_form or round_ > 0)
            self._invisible(t)
            self._after(t)
            self._lone_a(t)
            if t.text == before:
                break
        return t

    def _lone_a(self, t: Rewrites) -> None:
        # An empty paragraph (&nbsp;) whose UTF-8 "\xc2\xa0" was read as "Â\xa0" and then
        # had its trailing space stripped: "Â" alone on a line (ASCII blanks aside: other
        # characters are left to the other repairs, and the check runs again after them)
        # is nothing else.
        if self.fragments and _LONE_A.fullmatch(t.text):  # t.text.strip(" \t\r") == "Â"
            i = t.text.index("Â")
            t.spans([(i, i + 1, "")], "mojibake: utf-8 read as latin-1 (lone non-breaking space)")

    def fixes(self, text: str, fast_path: bool = True) -> list[Fix]:
        """The fixes for ``text``; ``fast_path=False`` repairs every candidate line with
        :meth:`repair_line` (the same fixes, slowly: tests compare)."""
        out: list[Fix] = []
        in_form = not self.form or text.isascii() or unicodedata.is_normalized(self.form, text)
        for start, end, kind in self.lines(text, in_form, fast_path):
            if not kind:
                out.append(Fix(start, end, " " * (end - start), "non-breaking space"))
                continue
            line = text[start:end]
            if not fast_path:
                fixes = self._line_fixes(line, kind, not in_form)
            else:
                # the same line comes back: in a site's menus and footers, on the host's
                # second pass (the lines ftfy looked at and left alone)
                key = (line, in_form, WINDOW)
                fixes = self._memo.get(key)  # type: ignore[assignment]
                if fixes is None:
                    fixes = self._line_fixes(line, kind, not in_form)
                    if len(line) <= MEMO_LINE:
                        if len(self._memo) >= MEMO_SIZE:
                            self._memo.clear()
                        self._memo[key] = fixes
            if fixes:
                out.extend(Fix(f.start + start, f.end + start, f.replacement, f.reason)
                           for f in fixes)
        return out

    def _line_fixes(self, line: str, kind: int, check_form: bool) -> list[Fix]:
        """The fixes of one candidate line of kind 1 or 2 (see :meth:`lines`), with offsets
        in the line."""
        plain = self._plain(line, check_form) if kind == 1 else None
        if plain is not None:
            if not plain:
                return []
            fixes = [Fix(m.start(), m.end(), " " * len(m.group()), "non-breaking space")
                     for m in _NBSP_RUN.finditer(line)]
            if "<" in plain or ">" in plain:  # as below: a space can complete a tag
                fixes = without_new_markup(line, fixes)
            return fixes
        t = self.repair_line(line, check_form)
        if t.text == line:
            return []
        fixes = t.fixes(line, 0)
        if "<" in t.text or ">" in t.text:
            # a decoded "&lt;" or a removed zero-width character can complete a tag, which
            # the markup cleaner would then find on the next run
            fixes = without_new_markup(line, fixes)
        return fixes

    def _plain(self, line: str, check_form: bool) -> str | None:
        """For a line of kind 1 (see :meth:`lines`), where all :meth:`repair_line` would do
        to it is turn its runs of no-break spaces into spaces (or nothing), the repaired line
        ("" if unchanged); else None.

        That is most of the candidate lines of scraped pages (a no-break space, ``&`` without
        an entity, ``£`` or ``é`` in correct text), and they are done without tracking the
        repairs character by character. The test is :meth:`repair_line`'s own, round by
        round, on a line the native scan found without a zero-width or control character, soft
        hyphen, ligature or entity: ftfy not needed (:meth:`_needs_ftfy`) on the line before
        or after its no-break spaces become spaces (the second round looks at the changed
        line), and not a line that is only ``Â``. Each run of no-break spaces is then one
        fix, as :meth:`Rewrites.fixes` makes it. A line that no test here needs (no character
        that may look bad, the text in normal form) is done by the native scan alone.

        >>> repairer = Repairer(OPTIONS)
        >>> repairer._plain("Log\u00a0Out \u00a3\u00a0", False), repairer._plain("\u00a3 5", False)
        ('Log Out \xa3 ', '')
        >>> repairer._plain("caf\u00c3\u00a9\u00a0", False), repairer._plain("\u00c2\u00a0", False)
        (None, None)
        """
        if self._needs_ftfy(line, self._bad(line), check_form):
            return None
        new = line.replace(_NBSP, " ") if self.nbsp and _NBSP in line else line
        if new is not line and self._needs_ftfy(new, self._bad(new), True):
            return None
        if self.fragments and "\u00c2" in new and (
                _LONE_A.fullmatch(line) or _LONE_A.fullmatch(new)):
            return None
        return "" if new is line else new

    def clean(self, text: str) -> str:
        """The repaired text (for doctests and quick use)."""
        return apply_fixes(text, self.fixes(text))


@lru_cache(maxsize=16)
def _repairer(frozen: tuple) -> Repairer:
    return Repairer(dict(frozen))


def setup(ctx: Context) -> Repairer:
    """Compile the cleaner for the pipeline's options (once per pipeline)."""
    return _repairer(tuple(sorted(ctx.options.items())))


def fix_mojibake(text: str, ctx: Context) -> list[Fix]:
    """Propose the repairs described in the module docstring.

    >>> from textclean.core.fixes import apply_fixes
    >>> t = "Theyâ€™re here\\u200b. Log\\u00a0Out\\nΚαλημέρα"
    >>> fixes = fix_mojibake(t, Context(options=OPTIONS))
    >>> apply_fixes(t, fixes)
    'They’re here. Log Out\\nΚαλημέρα'
    >>> [(f.start, f.end, f.reason) for f in fixes]  # doctest: +NORMALIZE_WHITESPACE
    [(4, 7, 'mojibake: utf-8 read as windows-1252'), (14, 15, 'zero-width character'),
     (20, 21, 'non-breaking space')]
    """
    repairer = ctx.state if isinstance(ctx.state, Repairer) else setup(ctx)
    return repairer.fixes(text)


@hookimpl
def textclean_register_cleaners():
    return [
        Cleaner(
            "mojibake",
            fix_mojibake,
            Stage.ENCODING,
            "mojibake (ftfy), HTML entities, control, zero-width and non-breaking characters",
            options=OPTIONS,
            idempotent=True,  # tests/test_properties.py checks it
            setup=setup,
            uses_language=False,  # language-independent: no need to identify for it
            # Not inside code or URLs: a no-break space in a directory tree or an entity in a
            # code sample is what the author wrote; tables and titles are text.
            kinds=frozenset({"prose", "table", "markup"}),
        )
    ]
