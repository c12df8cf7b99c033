"""The hook specifications: everything a plugin can give textclean.

A plugin is a module (or object) with functions named like these specs and marked with
``@textclean.hookimpl``; it is found through the ``textclean`` entry-point group. Built-in
cleaners are plugins of exactly the same kind (see ``textclean/cleaners/``).

There are two kinds of hook: one that registers whole cleaners, and *rule-data* hooks through
which a plugin extends what a built-in cleaner knows without replacing it. Every hook returns
a list (or ``None``); the host concatenates the answers of all plugins. The order of those
answers is pluggy's and carries no meaning: the host sorts cleaners by stage and name.
"""

from __future__ import annotations

from typing import Iterable

import pluggy

from textclean.core.records import Cleaner

hookspec = pluggy.HookspecMarker("textclean")
hookimpl = pluggy.HookimplMarker("textclean")


@hookspec
def textclean_register_cleaners() -> Iterable[Cleaner] | None:
    """Return the cleaners this plugin provides.

    Called once when a :class:`textclean.Pipeline` (or the CLI) loads plugins. Each item is a
    :class:`textclean.Cleaner`; its name must be unique across all installed plugins.

    Example::

        from textclean import Cleaner, Fix, Stage, hookimpl

        def fix_ellipsis(text, ctx):
            return [Fix(i, i + 3, "\u2026", "three dots -> ellipsis")
                    for i in range(len(text)) if text.startswith("...", i)]

        @hookimpl
        def textclean_register_cleaners():
            return [Cleaner("ellipsis", fix_ellipsis, Stage.WORDS + 50, "'...' -> '\u2026'")]
    """


@hookspec
def textclean_boilerplate_templates() -> Iterable[dict | str] | None:
    """Return extra templates of boilerplate lines for the ``boilerplate`` cleaner.

    Called once per pipeline build. A template is a line pattern in printf style, where
    ``%s`` (and ``%d``) stand for any text (any number), matched against a whole line after
    whitespace is folded; or a dict ``{"template": ..., "reason": ..., "extend": "following"}``
    where ``reason`` is recorded in the provenance and ``extend`` (optional, ``"following"``)
    removes the rest of the document after the line too (for comment sections).

    Example::

        @hookimpl
        def textclean_boilerplate_templates():
            return [
                {"template": "Subscribe to %s for daily updates", "reason": "newsletter call"},
                "Posted by %s on %s",
            ]
    """


@hookspec
def textclean_protected_words() -> Iterable[str] | None:
    """Return words that the ``typos`` cleaner must never change (names, jargon, brands).

    Called once per pipeline build; the words are matched case-insensitively as whole tokens.
    Users can add their own list in config (``options.typos.protected_words``).

    Example::

        @hookimpl
        def textclean_protected_words():
            return ["Pashinyan", "Aliyev", "Stepanakert"]
    """


@hookspec
def textclean_known_words() -> Iterable[str] | None:
    """Return extra correctly spelt words (vocabulary) for the word-level cleaners.

    Called once per pipeline build. Unlike protected words these also serve as *targets*:
    ``typos`` may correct a misspelling to one of them, and ``line_breaks`` treats them as
    evidence when it decides whether ``exam-\\nple`` should become ``example``.

    Example::

        @hookimpl
        def textclean_known_words():
            return ["deescalate", "geopolitics", "ceasefire"]
    """
