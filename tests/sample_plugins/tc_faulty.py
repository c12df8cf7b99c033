"""Cleaners that misbehave, to test that the host names the culprit."""

from textclean import Cleaner, Stage, hookimpl


def raises(text, ctx):
    raise RuntimeError("boom")


def returns_int(text, ctx):
    return 42


def grows(text, ctx):
    return text + "!"


@hookimpl
def textclean_register_cleaners():
    return [
        Cleaner("raises", raises, Stage.WORDS, "always raises", default=False),
        Cleaner("returns_int", returns_int, Stage.WORDS, "returns an int", default=False),
        Cleaner("grows", grows, Stage.WORDS, "appends '!' every time", default=False),
    ]
