"""The fixers of the ``typos`` cleaner, one per :class:`~textclean.cleaners.typos.spotting.SpotKind`
(:data:`FIXERS`), and :func:`fix_spots`, which runs them over a document's spots.

Each fixer reads the token at its spot and its neighbours (:mod:`~textclean.cleaners.typos.text`),
asks the vetoes (:mod:`~textclean.cleaners.typos.vetoes`) and, for an unknown word or part,
the decision (:mod:`~textclean.cleaners.typos.decision`), and returns a :class:`Correction` or
None.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from textclean.cleaners.typos import usage, vetoes
from textclean.cleaners.typos.costs import osa_distance
from textclean.cleaners.typos.decision import Reading, decide
from textclean.cleaners.typos.spotting import Spot, SpotKind
from textclean.cleaners.typos.state import (
    DECISION_CACHE,
    WINDOW_CACHE,
    Settings,
    TyposState,
)
from textclean.cleaners.typos.text import (
    COMPOUND,
    ENDS_SENTENCE,
    FORM,
    NUMBER,
    WORD,
    Token,
    case_like,
    chunk_bounds,
    context,
    neighbour,
    peel,
)
from textclean.cleaners.typos.vetoes import (
    FOREIGN_FUNCTION_WORDS,
    MAX_LENGTH,
    LineCheck,
)

#: Characters either side of a word that its correction depends on when the document has no
#: ``[sic]`` (the window cache's key).
SPAN = 300


class Correction(NamedTuple):
    """``text[start:end]`` becomes ``replacement``, for ``reason``."""

    start: int
    end: int
    replacement: str
    reason: str

    def moved(self, by: int) -> Correction:
        return Correction(self.start + by, self.end + by, self.replacement, self.reason)


class Document:
    """One document as its fixers see it: the text, the settings and the pipeline's state,
    and what is worked out once per document (the quotations marked ``[sic]``, the line
    checks)."""

    __slots__ = ("text", "settings", "state", "sic_spans", "lines")

    def __init__(self, text: str, settings: Settings, state: TyposState):
        self.text = text
        self.settings = settings
        self.state = state
        self.sic_spans = vetoes.sic_quotes(text)
        self.lines = LineCheck(text, state.chunk_kinds)


def fix_word(doc: Document, s: int) -> Correction | None:
    """The correction of the unknown word at ``s``, or None."""
    text, state = doc.text, doc.state
    min_conf, fix_caps, fix_spacing = doc.settings
    model = state.model
    m = FORM.match(text, s)
    e = m.end() if m else s
    word = text[s:e]
    if vetoes.wrong_length(word) or vetoes.not_a_word_case(word):
        return None
    capital = word[0].isupper()
    if capital and not fix_caps:
        return None
    around = context(text, s, e)
    if around is None:
        return None
    tok, prv, nxt = around
    if vetoes.not_a_plain_token(tok, s, e):
        return None
    if (vetoes.marked_sic(text, nxt) or vetoes.in_parentheses(tok) or vetoes.in_quotes(tok)
            or vetoes.glossed(text, nxt) or vetoes.in_sic_quote(doc.sic_spans, s) or vetoes.after_foreign_article(prv)):
        return None
    # Neighbours count as context only when nothing but spaces separates them from the token.
    left = prv if (prv is not None and prv.plain and not prv.trail and not tok.lead
                   and prv.line == 0) else None
    right = nxt if (nxt is not None and nxt.plain and not tok.trail and not nxt.lead
                    and nxt.line == 0) else None
    sentence_start = prv is None or prv.line != 0 or bool(ENDS_SENTENCE.search(prv.trail))
    # a word alone on its line (a list, a title, a query) has no context to ask for
    alone = (prv is None or prv.line != 0) and (nxt is None or nxt.line != 0)
    if not alone and usage.unattested_foreign(word.lower()):
        return None  # a word of another language in running text ("inkl.")
    key = (word, left.text if left else None, right.text if right else None, sentence_start, fix_spacing,
           alone)
    decisions = state.decisions
    checked = False
    if key in decisions:
        decision = decisions[key]
        decisions.move_to_end(key)
    else:
        if not capital:
            # the candidate search is the costly part: rule the token out first if we can
            if doc.lines.crowded(s, e):
                return None
            checked = True
        decision = decide(model, word.lower(), left, right, capital, sentence_start, fix_spacing, alone,
                          min_conf)
        decisions[key] = decision
        if len(decisions) > DECISION_CACHE:
            decisions.popitem(last=False)
    if decision is None or decision.p < min_conf:
        return None
    # the vetoes that read more than the token, asked only of a correction (most tokens are not)
    if (vetoes.in_columns(text, tok, prv, nxt) or vetoes.in_command(text, s, e, tok, nxt)
            or vetoes.in_code_span(text, s) or vetoes.in_list_of_names(text, s, e)):
        return None
    if usage.foreign(word.lower()) and doc.lines.beside_foreign(prv, nxt):
        return None  # a phrase of another language ("Willkommen bei")
    if doc.lines.transliterated(s, e, prv, nxt):
        return None
    if (not checked and doc.lines.crowded(s, e)) or doc.lines.reads_foreign(s, e):
        return None
    start, end = tok.start, tok.end
    if decision.reading is Reading.JOIN_LEFT:
        start = left.start  # type: ignore[union-attr]
        replacement = case_like(decision.word, left.text)  # type: ignore[union-attr]
        shown = f"{left.text} {word}"  # type: ignore[union-attr]
    elif decision.reading is Reading.JOIN_RIGHT:
        end = right.end  # type: ignore[union-attr]
        replacement = case_like(decision.word, word)
        shown = f"{word} {right.text}"  # type: ignore[union-attr]
    else:
        replacement = case_like(decision.word, word)
        shown = word
        if vetoes.twin_of_neighbour(text, start, end, replacement):
            return None
    return Correction(start, end, replacement,
                      f"typo: {shown} -> {replacement} ({decision.evidence}, p={decision.p:.2f})")


def _between_words(doc: Document, s: int, rx: re.Pattern, max_len: int):
    """The lower-case token at ``s`` (matched by ``rx``, at most ``max_len`` long) with the
    words on either side, as ``(word, end, previous, next)``, when it stands between two
    words joined to it by spaces only (no line break, punctuation or [sic] in between), the
    only place where its neighbours are evidence about it; else None."""
    text = doc.text
    m = rx.match(text, s)
    e = m.end() if m else s
    word = text[s:e]
    if not word.islower() or len(word) > max_len:
        return None
    around = context(text, s, e)
    if around is None:
        return None
    tok, prv, nxt = around
    if vetoes.not_a_plain_token(tok, s, e) or tok.lead or tok.trail:
        return None
    if prv is None or nxt is None or prv.line or nxt.line or not prv.plain or not nxt.plain:
        return None
    if prv.trail or nxt.lead or (nxt.trail and vetoes.sic_at(text, nxt.end)):
        return None
    if vetoes.in_sic_quote(doc.sic_spans, s):
        return None
    return word, e, prv, nxt


def fix_real(doc: Document, s: int) -> Correction | None:
    """The correction of a real word at ``s`` that fits neither neighbour where a far
    commoner word one edit away fits both (``the otter day`` -> ``the other day``), or None.

    Conservative by construction: both neighbours must be known words joined to the token by
    spaces only; neither pair with the written word may be in the bigram list, and both
    pairs with the candidate must be common ones (``rw_min_pair``); a single such candidate.
    """
    state = doc.state
    model = state.model
    counts = model.counts
    found = _between_words(doc, s, FORM, MAX_LENGTH)
    if found is None:
        return None
    word, e, prv, nxt = found
    lw, rw = prv.text.lower(), nxt.text.lower()
    if lw not in counts or rw not in counts or lw in state.protected or word in state.protected:
        return None
    bigrams = model.bigrams
    if (lw, word) in bigrams or (word, rw) in bigrams:
        return None  # the word as written fits a neighbour
    floor = model.params.rw_min_pair
    fits = []
    for c in state.confusables[word]:
        a, b = bigrams.get((lw, c), 0), bigrams.get((c, rw), 0)
        if a >= floor and b >= floor and model.pmi(lw, c) + model.pmi(c, rw) >= model.params.rw_min_gain:
            fits.append((min(a, b), c))
    if len(fits) != 1:
        return None  # none, or an ambiguous choice
    best = fits[0][1]
    if doc.lines.crowded(s, e) or doc.lines.reads_foreign(s, e):
        return None
    return Correction(s, e, best, (
        f"typo (real word): {word} -> {best} (edit 1, context '{prv.text} _' '_ {nxt.text}' "
        f"common, '{prv.text} {word}' and '{word} {nxt.text}' unseen)"))


def fix_short(doc: Document, s: int) -> Correction | None:
    """The correction of an unknown lower-case token of one or two letters at ``s`` (``ot``,
    ``im``, ``th``) to a common short word that both neighbours predict (``going ot focus``
    -> ``going to focus``), or None.

    Such tokens are mostly abbreviations, symbols and fragments, so the evidence must be
    strong: both neighbours words joined to the token by spaces only, the pairs with the
    candidate in the bigram list (only the other pair when one neighbour is capitalised and
    its pair is not listed, or unknown), and a posterior of at least ``short_min_p`` against
    every other common short word and against keeping the token.
    """
    model = doc.state.model
    counts = model.counts
    found = _between_words(doc, s, WORD, 2)
    if found is None:
        return None
    word, e, prv, nxt = found
    lw, rw = prv.text.lower(), nxt.text.lower()
    if (lw not in counts and prv.text.islower()) or (rw not in counts and nxt.text.islower()):
        return None  # next to another unknown word, which may itself be corrected
    lw, rw = (lw if lw in counts else None), (rw if rw in counts else None)
    if lw is None and rw is None or lw in FOREIGN_FUNCTION_WORDS:
        return None
    if not (prv.text[1:].islower() and nxt.text[1:].islower()) or doc.lines.crowded(s, e):
        return None
    choice = model.short_choice(word, lw, rw)
    if choice is None and lw and rw and (prv.text[0].isupper() or nxt.text[0].isupper()):
        # a capitalised neighbour may be a name, which says nothing about the word: the other
        # one must then predict it on its own
        lw = None if prv.text[0].isupper() else lw
        rw = None if nxt.text[0].isupper() else rw
        choice = model.short_choice(word, lw, rw) if lw or rw else None
    if choice is None:
        return None
    best, p = choice
    if p < max(doc.settings.min_confidence, model.params.short_min_p) or doc.lines.reads_foreign(s, e):
        return None
    return Correction(s, e, best, (f"typo: {word} -> {best} (short token, context '{prv.text} _' "
                                   f"'_ {nxt.text}', p={p:.2f})"))


def fix_part(doc: Document, s: int) -> Correction | None:
    """The correction of an unknown lower-case part of a hyphenated compound at ``s``
    (``first-tiem`` -> ``first-time``, ``38-yeer-old`` -> ``38-year-old``), or None.

    The other parts must be known words or numbers, and the correction is made only with a
    neighbour's support: the parts next to it (or the word before or after the compound)
    count as its neighbours.
    """
    text = doc.text
    min_conf = doc.settings.min_confidence
    model = doc.state.model
    counts = model.counts
    m = FORM.match(text, s)
    e = m.end() if m else s
    word = text[s:e]
    if not word.islower() or not 4 <= len(word) <= MAX_LENGTH:
        return None  # "how-tos", "also-rans": short parts are often plurals of fixed phrases
    if word.endswith("s") and word[:-1] in counts:
        return None
    bounds = chunk_bounds(text, s, e)
    if bounds is None:
        return None
    tok = peel(text, bounds[0], bounds[1], 0)
    if not COMPOUND.fullmatch(tok.text) or not tok.start <= s < e <= tok.end:
        return None
    parts = tok.text.split("-")
    at = text.count("-", tok.start, s)
    if parts[at] != word:
        return None
    for i, part in enumerate(parts):
        if i != at and not (NUMBER.fullmatch(part) or (part.lower() in counts and part[1:].islower())):
            return None  # a compound of unknown parts: a name, a code, another language
    if vetoes.in_sic_quote(doc.sic_spans, s) or doc.lines.crowded(tok.start, tok.end):
        return None

    def part_token(i: int) -> Token | None:
        return None if NUMBER.fullmatch(parts[i]) else Token(0, 0, parts[i], "", "", True, 0)

    if at > 0:
        left = part_token(at - 1)
    else:
        prv = neighbour(text, bounds[0], bounds[1], -1)
        left = prv if prv is not None and prv.plain and not prv.trail and not tok.lead and not prv.line else None
    if at < len(parts) - 1:
        right = part_token(at + 1)
    else:
        nxt = neighbour(text, bounds[0], bounds[1], 1)
        right = nxt if nxt is not None and nxt.plain and not nxt.lead and not tok.trail and not nxt.line else None
    if left is None and right is None:
        return None
    decision = decide(model, word, left, right, False, False, False, False, min_conf)
    if decision is None:
        return None
    best = decision.word
    if (decision.p < min_conf or decision.reading is not Reading.WORD or " " in best
            or osa_distance(word, best) != 1):
        return None
    # the support must come from the compound itself: "socio-" or "gastro-" before a word is
    # a combining form, not a slip for what would follow the word before the compound
    lp = parts[at - 1].lower() if at > 0 and left is not None else None
    rp = parts[at + 1].lower() if at < len(parts) - 1 and right is not None else None
    if not ((lp and model.pmi(lp, best) > 0) or (rp and model.pmi(best, rp, unknown="a") > 0)):
        return None
    if doc.lines.reads_foreign(tok.start, tok.end):
        return None
    return Correction(s, e, best, f"typo: {word} -> {best} (part of '{tok.text}', {decision.evidence}, "
                                  f"p={decision.p:.2f})")


#: The fixer of each kind of spot.
FIXERS: dict[SpotKind, Callable[[Document, int], Correction | None]] = {
    SpotKind.WORD: fix_word,
    SpotKind.REAL: fix_real,
    SpotKind.SHORT: fix_short,
    SpotKind.PART: fix_part,
}


def fix_spots(text: str, spots: list[Spot], settings: Settings, state: TyposState,
              language: str = "") -> list[Correction]:
    """The corrections at ``spots`` (sorted), each by the fixer of its kind, none
    overlapping the one before.

    A correction depends only on the text within :data:`SPAN` characters of the word (its
    neighbours, its line) when the document has no ``[sic]``, so it is remembered per such
    window: boilerplate, comments and feeds repeat across pages. A document of unknown
    ``language`` (not ``"en"``, the only other one the host lets through) that reads as
    another language as a whole gets no corrections at all (asked once there are some).
    """
    doc = Document(text, settings, state)
    windows = state.windows
    out: list[Correction] = []
    for s, kind in spots:
        fix = FIXERS[kind]
        if doc.sic_spans:
            got = fix(doc, s)
        else:
            w0 = max(0, s - SPAN)
            key = (text[w0:s + SPAN], s - w0, settings, kind)
            got = windows.get(key, windows)
            if got is windows:
                got = fix(doc, s)
                if got is not None:
                    got = got.moved(-s)
                windows[key] = got
                if len(windows) > WINDOW_CACHE:
                    windows.popitem(last=False)
            if got is not None:
                got = got.moved(s)
        if got is None or (out and out[-1].end > got.start):
            continue
        out.append(got)
    if out and language != "en" and doc.lines.foreign_document():
        return []  # the host could not tell its language, and it reads as another one
    return out
