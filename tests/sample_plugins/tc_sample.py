"""Cleaners used by the host's own tests: small, real, and easy to reason about."""

import re

from textclean import Cleaner, Fix, Stage, hookimpl


def expand_ampersand(text, ctx):
    """'&' between spaces -> 'and' (grows the text, so offsets shift)."""
    return [Fix(m.start(), m.end(), " and ", "ampersand") for m in re.finditer(r" & ", text)]


def drop_ads(text, ctx):
    """Delete whole lines that start with the configured marker (shrinks the text)."""
    marker = re.escape(ctx.options["marker"])
    return [Fix(m.start(), m.end(), "", "ad line") for m in re.finditer(rf"(?m)^{marker}.*\n?", text)]


def shout_words(text, ctx):
    """Returns a plain string: the host must derive the edits itself."""
    words = set(ctx.rules.get("known_words", ()))
    return re.sub(r"\w+", lambda m: m.group().upper() if m.group() in words else m.group(), text)


@hookimpl
def textclean_register_cleaners():
    return [
        Cleaner("expand", expand_ampersand, Stage.WORDS + 10, "'&' -> 'and'"),
        Cleaner("drop_ads", drop_ads, Stage.BOILERPLATE + 10, "drop ad lines", options={"marker": "AD:"}),
        Cleaner("shout", shout_words, Stage.WORDS + 20, "upper-case known words", default=False),
    ]


@hookimpl
def textclean_known_words():
    return ["loud"]
