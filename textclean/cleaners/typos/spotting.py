"""Spotting: where in a document the ``typos`` cleaner looks, and what kind of spot each is.

The distinct words of the document minus the vocabulary is one regex pass, a set and one
lookup of each form in the native word map, and clean text stops there. Each unknown form
then gets a :class:`Verdict` once per pipeline (can it ever be corrected, in lower case,
capitalised?); each form worth a look is found in the text (its first whole-word
occurrence) and becomes a :class:`Spot` of its :class:`SpotKind`, unless a veto that needs
only the form and its place rules it out first. :mod:`~textclean.cleaners.typos.fixers`
decides on each spot.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import IntEnum
from itertools import chain
from typing import Any, NamedTuple

from textclean.cleaners.typos import vetoes
from textclean.cleaners.typos.model import Model
from textclean.cleaners.typos.state import OPTIONS, TyposState, remember
from textclean.cleaners.typos.text import (
    NEXT_WORD,
    SCAN_LIMIT,
    Where,
    plain_edges,
    word_after,
    word_before,
)


class SpotKind(IntEnum):
    """What a spot holds; each kind has its own fixer (``fixers.FIXERS``)."""

    WORD = 0  # an unknown word
    REAL = 1  # a real word that may be a slip for a far commoner one
    SHORT = 2  # an unknown lower-case token of one or two letters
    PART = 3  # an unknown lower-case part of a hyphenated compound


class Verdict(IntEnum):
    """Whether an unknown form can be corrected in some context (see :func:`verdict`)."""

    NEVER = 0
    LOWER = 1  # a lower-case word worth a search
    CAP = 2  # a capitalised word one edit from a word that a neighbour could strongly predict


class Spot(NamedTuple):
    """A place to decide on: the offset of the word, and its kind."""

    start: int
    kind: SpotKind


def verdict(state: TyposState, form: str) -> Verdict:
    """The :class:`Verdict` on an unknown ``form`` (lower case or capitalised), remembered in
    ``state`` (a NEVER in ``state.never_forms``, which the word scan then leaves out).

    >>> state = TyposState()
    >>> verdict(state, "recieve").name, verdict(state, "Miister").name, verdict(state, "Klaar").name
    ('LOWER', 'CAP', 'NEVER')
    """
    # (each form is judged once, then remembered: the parts of the judgement need no
    # memory of their own)
    low = form.lower()
    if vetoes.never_corrected(low, state.protected):
        v = Verdict.NEVER
    elif form is low or form == low:
        model = state.model
        alone = vetoes.left_alone_in_lower_case(low, model.counts, model.apostrophe_forms())
        v = Verdict.NEVER if alone else Verdict.LOWER
    else:
        v = Verdict.CAP if state.model.near_partner(low) else Verdict.NEVER
    if v == Verdict.NEVER:
        state.never_forms.add(form)
        return v
    return remember(state.verdicts, form, v)


def predicted(text: str, s: int, e: int, near: tuple[str, ...], model: Model) -> bool:
    """Whether the word right before or after ``text[s:e]`` strongly predicts one of the words
    ``near`` (a quick necessary condition for correcting a capitalised token)."""
    pairs = model.strong_partners().pairs
    lw = word_before(text, s)
    if lw:
        lw = lw.lower()
        if any((lw, w) in pairs for w in near):
            return True
    m = NEXT_WORD.match(text, e, e + 40)
    if m is not None:
        rw = m.group(1).lower()
        if any((w, rw) in pairs for w in near):
            return True
    return False


def find_spots(text: str, state: TyposState, options: Mapping[str, Any]) -> list[Spot]:
    """The spots of ``text`` worth a decision, in order."""
    # The fast path, in Rust: the distinct words of the text (lower case or capitalised,
    # three letters or more) minus the vocabulary. Clean text stops here; only the
    # few unknown forms are looked at one by one.
    # (with each unknown form, whether its case twin is written too; every form only for the
    # real-word slips, which look for the few that may be slips among them)
    # The short tokens come from the same call (one copy of the text out of Python).
    real = options.get("fix_real_words", OPTIONS["fix_real_words"])
    short = options.get("fix_short", OPTIONS["fix_short"])
    # (the capitalised forms with no word one edit away that a neighbour could predict are
    # judged there too: their verdict is NEVER, and they are most unknown forms of a new page)
    n_forms, unknown, listed, shorts = state.vocabulary.scan_forms(
        text, real, short, state.never_forms, state.model.strong_partners().deletes)
    if not n_forms:
        return []
    forms = set(listed) if listed is not None else set()
    # The model (and, on a machine without the disk cache, its candidate index) loads with the
    # first text that has words, not halfway through a run at the first unknown word.
    state.model
    spots: list[Spot] = []
    if short:
        # the unknown short tokens (one or two lower-case letters after a space) written once: a short token written twice
        # is an abbreviation, a symbol or a name
        for form, s in shorts:
            if form in state.protected:
                continue
            if not plain_edges(text, s, s + len(form)):
                continue
            spots.append(Spot(s, SpotKind.SHORT))
    confusable = list(forms.intersection(state.confusable_words)) if real else []
    if not unknown and not spots and not confusable:
        return []
    verdicts = state.verdicts
    asked: list[str] = []  # the unknown forms worth a look, their verdicts, and what the scan saw
    kinds: list[Verdict] = []
    seen: list[tuple[int, bool, bool]] = []
    for form, first, twin, again in unknown:  # (the forms never corrected left out by the scan)
        v = verdicts.get(form)
        if v is None:
            v = verdict(state, form)
        if v:
            asked.append(form)
            kinds.append(v)
            seen.append((first, twin, again))
    # Each word is looked up in the text at most three times (where, again, in the other
    # case): a scan per word for a few words, else one pass for all of them.
    if len(asked) + len(confusable) <= SCAN_LIMIT:
        where = Where(text, None)
    else:
        others = [form.capitalize() if v == Verdict.LOWER else form.lower()
                  for form, v, (_, twin, _) in zip(asked, kinds, seen) if twin]  # (only then looked up, below)
        where = Where(text, chain(asked, confusable, others))
    if confusable:
        bigrams = None
        for form in confusable:
            s = where.at(form)
            e = s + len(form)
            if s < 0 or not plain_edges(text, s, e):
                continue
            if bigrams is None:
                bigrams = state.model.bigrams
            # most uses fit a neighbour; and a real word written twice (or also capitalised)
            # is meant
            lw, rw = word_before(text, s), word_after(text, e)
            if (not lw or not rw or (lw.lower(), form) in bigrams or (form, rw.lower()) in bigrams
                    or form.capitalize() in forms or where.twice(form, s)):
                continue
            spots.append(Spot(s, SpotKind.REAL))
    model = state.model
    for form, v, (first, twin, again) in zip(asked, kinds, seen):
        n = len(form)
        s = where.at(form, first)
        if s < 0:
            continue  # only inside other words
        if v == Verdict.CAP:
            # most capitalised unknown words are names no neighbour could predict a word for
            # (a token that reaches the WORD spot below has plain edges: this is its check)
            near = model.near_partner(form.lower())
            if plain_edges(text, s, s + n) and not predicted(text, s, s + n, near, model):
                continue
        other = form.capitalize() if v == Verdict.LOWER else form.lower()
        if vetoes.written_again(where, form, s, other, twin, again):
            continue
        if not plain_edges(text, s, s + n):
            if v == Verdict.LOWER and (text[s - 1:s] == "-" or text[s + n:s + n + 1] == "-"):
                spots.append(Spot(s, SpotKind.PART))
            continue
        spots.append(Spot(s, SpotKind.WORD))
    spots.sort()
    return spots
