"""The decision of the ``boilerplate`` cleaner: apply the rules, then the learned model, until
nothing more goes.

The policy is in one place, here: **when in doubt, keep**. A line goes only when a rule of
:data:`~.rules.RULES` decides it with a reason (or, once the rules have nothing more to
decide, when the opt-in learned line model is sure enough); a line that no rule decides, or
that a rule decides to keep, stays.

Decisions depend on context (the article body, the share of short lines), which changes
once lines go; deciding again on what is left until nothing more goes makes the cleaner
idempotent: its own output is a fixed point.
"""

from __future__ import annotations

from typing import Mapping

from textclean.cleaners.boilerplate.document import Document
from textclean.cleaners.boilerplate.evidence import Line
from textclean.cleaners.boilerplate.learned import LineModel, model_reasons
from textclean.cleaners.boilerplate.rules import KEEP, RULES

#: Upper bound on decide-again rounds (two or three are the rule).
MAX_ROUNDS = 8


def decide(lines: list[Line], opts: Mapping) -> list[str]:
    """The reason to remove each line, or "" to keep it: the first rule of
    :data:`~.rules.RULES` that holds for the line decides; no rule, no removal.

    >>> from textclean.core.records import Context
    >>> from textclean.cleaners.boilerplate import OPTIONS, setup
    >>> from textclean.cleaners.boilerplate.evidence import document_lines
    >>> lines, _ = document_lines("Share this:\\nThe mayor said on Friday that the bridge will reopen in May.\\n",
    ...                           setup(Context(options=OPTIONS)))
    >>> decide(lines, OPTIONS)
    ["share widget: template 'Share this:'", '']
    """
    reasons = [""] * len(lines)
    doc = Document(lines, opts)
    if not doc.has_evidence:
        return reasons  # no rule can remove a line: nothing to decide
    rules = [(test, reason, plain) for _, test, reason, when, plain in RULES if when is None or when(doc)]
    plain_rules = [(test, reason) for test, reason, plain in rules if plain]
    evidence_rules = [(test, reason) for test, reason, _ in rules]
    for i, line in enumerate(lines):
        for test, reason in plain_rules if line.plain else evidence_rules:
            if test(doc, i, line):
                if reason is not KEEP:
                    reasons[i] = reason if isinstance(reason, str) else reason(doc, i, line)
                break
    return reasons


def settle(lines: list[Line], opts: Mapping, line_model: LineModel | None = None) -> tuple[list[str], bool]:
    """The reason to remove each line ("": keep), deciding again on what is left until
    nothing more goes (at most :data:`MAX_ROUNDS` rounds), and whether that point was reached.

    ``line_model`` (option ``line_model``) speaks last: on the lines the rules keep, once they
    have nothing more to decide; the rules then decide again on what is left.
    """
    final = [""] * len(lines)
    active = list(range(len(lines)))
    for _ in range(MAX_ROUNDS):
        here = [lines[i] for i in active]
        reasons = decide(here, opts)
        if line_model is not None and not any(reasons):
            reasons = model_reasons(here, line_model, opts)
        if not any(reasons):
            return final, True
        left = []
        for i, r in zip(active, reasons):
            if r:
                final[i] = r
            else:
                left.append(i)
        active = left
        if not active:
            break
    return final, False
