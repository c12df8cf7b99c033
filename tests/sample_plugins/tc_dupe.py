"""A plugin that clashes with a built-in cleaner's name."""

from textclean import Cleaner, Stage, hookimpl


@hookimpl
def textclean_register_cleaners():
    return [Cleaner("whitespace", lambda text, ctx: text, Stage.WHITESPACE, "a second 'whitespace'")]
