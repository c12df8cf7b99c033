"""The ellipsis cleaner of docs/plugins.md, as an importable plugin for the docs tests."""

import re

from textclean import Cleaner, Fix, Stage, hookimpl


def fix_ellipsis(text, ctx):
    return [Fix(m.start(), m.end(), "\u2026", "three dots -> ellipsis") for m in re.finditer(r"\.\.\.", text)]


@hookimpl
def textclean_register_cleaners(register):
    register(Cleaner("ellipsis", fix_ellipsis, Stage.WORDS + 50, "'...' -> '…'"))
