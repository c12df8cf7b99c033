"""Cleaners that misbehave, to test that the host names the culprit."""

from textclean import Cleaner, Stage, _native, hookimpl


def raises(text, ctx):
    raise RuntimeError("boom")


def returns_int(text, ctx):
    return 42


def grows(text, ctx):
    return text + "!"


def native_panic(text, ctx):
    _native._panic_for_tests(guarded=True)


def native_panic_unguarded(text, ctx):
    _native._panic_for_tests(guarded=False)


@hookimpl
def textclean_register_cleaners():
    return [
        Cleaner("raises", raises, Stage.WORDS, "always raises", default=False),
        Cleaner("returns_int", returns_int, Stage.WORDS, "returns an int", default=False),
        Cleaner("grows", grows, Stage.WORDS, "appends '!' every time", default=False),
        Cleaner("native_panic", native_panic, Stage.WORDS, "a panic in the native core", default=False),
        Cleaner("native_panic_unguarded", native_panic_unguarded, Stage.WORDS,
                "a panic in the native core outside its guard", default=False),
    ]
