"""Redact e-mail addresses, phone numbers and IPv4 addresses (opt-in: ``--enable pii``).

Each match is replaced by a placeholder (``[EMAIL]``, ``[PHONE]``, ``[IP]``, configurable)
and recorded as an edit with the reason ``pii: <kind>``. Phone numbers are matched only in
shapes that cannot be confused with figures or dates: international ``+CC`` numbers and the
North American ``(202) 555-0143`` / ``202-555-0143`` forms.
"""

from __future__ import annotations

import re

from textclean import Cleaner, Context, Fix, Stage, hookimpl

__version__ = "0.1.0"

_PATTERNS = {
    # Bounded repetitions keep every pattern linear on hostile input.
    "email": re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8}(?![\w-])"),
    "phone": re.compile(
        r"(?<![\w+])(?:\+\d{1,3}[ .-]?(?:\(\d{1,4}\)[ .-]?)?\d{2,4}(?:[ .-]\d{2,4}){1,4}"
        r"|\(\d{3}\) ?\d{3}-\d{4}|\d{3}-\d{3}-\d{4})(?![\w-])"
    ),
    "ip": re.compile(r"(?<![\w.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?!\w|\.\d)"),
}

OPTIONS = {"kinds": ["email", "phone", "ip"], "email": "[EMAIL]", "phone": "[PHONE]", "ip": "[IP]"}


def redact(text: str, ctx: Context) -> list[Fix]:
    """Propose a fix for every e-mail address, phone number and IPv4 address in ``text``.

    >>> from textclean import apply_fixes
    >>> t = "Mail a.b@example.org, call +44 20 7946 0958 or (202) 555-0143; host 192.168.0.1."
    >>> apply_fixes(t, redact(t, Context(options=OPTIONS)))
    'Mail [EMAIL], call [PHONE] or [PHONE]; host [IP].'
    >>> redact("1,960 peacekeepers on 2020-11-10 at version 1.2.3", Context(options=OPTIONS))
    []
    """
    found: list[Fix] = []
    for kind in ctx.options["kinds"]:
        pattern = _PATTERNS.get(kind)
        if pattern is None:
            continue
        for m in pattern.finditer(text):
            found.append(Fix(m.start(), m.end(), ctx.options[kind], f"pii: {kind}"))
    # Kinds may overlap (an IP inside an e-mail's domain): keep the earliest, longest match.
    found.sort(key=lambda f: (f.start, -f.end))
    fixes: list[Fix] = []
    for f in found:
        if not fixes or f.start >= fixes[-1].end:
            fixes.append(f)
    return fixes


def _check(ctx: Context) -> None:
    unknown = set(ctx.options["kinds"]) - set(_PATTERNS)
    if unknown:
        raise ValueError(f"pii: unknown kinds {sorted(unknown)}; known: {sorted(_PATTERNS)}")


@hookimpl
def textclean_register_cleaners(register):
    register(
        Cleaner(
            "pii",
            redact,
            Stage.WORDS + 50,
            "redact e-mail addresses, phone numbers, IPv4 addresses",
            options=OPTIONS,
            setup=_check,
            default=False,
        )
    )
