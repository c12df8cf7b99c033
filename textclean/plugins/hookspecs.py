"""The hook specifications: everything a plugin can give textclean.

A plugin is a module (or object) with functions named like these specs and marked with
``@textclean.hookimpl``; it is found through the ``textclean`` entry-point group. Built-in
cleaners are plugins of exactly the same kind (see ``textclean/cleaners/``).

There are two kinds of hook:

* *register* hooks (``textclean_register_*``) take a ``register`` callback, which the plugin
  calls once for each thing it gives (a cleaner, a command), as ``llm``'s
  ``register_models(register)`` does. The host calls such a hook once per plugin, through
  pluggy, so everything registered is attributed to exactly the plugin that registered it.
* *rule-data* hooks (the others) take no argument and return a list (or ``None``) through which
  a plugin extends what a built-in cleaner knows without replacing it; the host concatenates
  the answers of all plugins in pluggy's call order.

The host checks every answer and names the plugin and the hook of one that is wrong (a bare
``str`` where a list of words was asked for would otherwise be taken letter by letter). A
plugin that implements a hook not specified here (a misspelt ``textclean_register_cleaner``)
is refused when it is loaded. Hook wrappers are refused too: each plugin's answer is its own.
The order of answers carries no meaning: the host sorts cleaners by stage and name.
"""

from __future__ import annotations

from typing import Callable, Iterable

import pluggy

from textclean.core.records import Cleaner
from textclean.plugins.commands import Command

hookspec = pluggy.HookspecMarker("textclean")
hookimpl = pluggy.HookimplMarker("textclean")


@hookspec
def textclean_register_cleaners(register: Callable[[Cleaner], None]) -> Iterable[Cleaner] | None:
    """Register the cleaners this plugin provides: call ``register(cleaner)`` for each.

    Called once per plugin when a :class:`textclean.Pipeline` (or the CLI) first loads
    plugins. Each item is a :class:`textclean.Cleaner`; its name must be unique across all
    installed plugins. An implementation that takes no ``register`` argument and *returns* a
    list of cleaners instead is accepted too (the form of textclean 0.1, which the built-ins
    still use); both forms are attributed exactly, since the host calls each plugin on its own.

    Example::

        from textclean import Cleaner, Fix, Stage, hookimpl

        def fix_ellipsis(text, ctx):
            return [Fix(i, i + 3, "\u2026", "three dots -> ellipsis")
                    for i in range(len(text)) if text.startswith("...", i)]

        @hookimpl
        def textclean_register_cleaners(register):
            register(Cleaner("ellipsis", fix_ellipsis, Stage.WORDS + 50, "'...' -> '\u2026'"))
    """


@hookspec
def textclean_register_commands(register: Callable[[Command], None]) -> None:
    """Register subcommands of the ``textclean`` command line: call ``register(command)`` with
    a :class:`textclean.plugins.commands.Command` for each.

    Called once per plugin when the CLI builds its parser, so commands come from built-in and
    installed (entry-point) plugins, not from ``--plugin`` modules. A command's name must not
    be taken by a built-in command or another plugin's. The built-in ``textclean fit`` is
    registered this way by the boilerplate plugin.

    Example::

        from textclean import hookimpl
        from textclean.plugins.commands import Command

        def add_arguments(parser):
            parser.add_argument("sources", nargs="+")

        def count(args, host):
            host.check_sources(args.sources)
            print(sum(1 for _ in host.inputs(args)), "files")
            return 0

        @hookimpl
        def textclean_register_commands(register):
            register(Command("count", "count the files textclean would read", add_arguments, count))
    """


@hookspec
def textclean_boilerplate_templates() -> Iterable[dict | str] | None:
    """Return extra templates of boilerplate lines for the ``boilerplate`` cleaner.

    Called once per pipeline build. A template is a line pattern in printf style, where
    ``%s`` (and ``%d``) stand for any text (any number), matched against a whole line after
    whitespace is folded; or a dict ``{"template": ..., "reason": ..., "extend": "following"}``
    where ``reason`` is recorded in the provenance and ``extend`` (optional, ``"following"``)
    removes the rest of the document after the line too (for comment sections). The answer
    must be a list of such items; anything else is an error naming the plugin.

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
    Users can add their own list in config (``options.typos.protected_words``). The answer
    must be a list of ``str``: a bare ``"Pashinyan"`` is an error naming the plugin, not the
    protected words ``a h i n p s y``.

    Example::

        @hookimpl
        def textclean_protected_words():
            return ["Pashinyan", "Aliyev", "Stepanakert"]
    """


@hookspec
def textclean_stop_words() -> Iterable[dict] | None:
    """Return stop lists for languages, to extend or add a language's prose evidence.

    Each item is ``{"language": code, "words": [str, ...]}`` with an ISO 639-1 code as the
    language identifier names it (``"eo"``, ``"gd"``). The ``boilerplate`` cleaner judges
    whether a line reads as prose by the density of its language's stop words; a language
    with no stop list gets no prose evidence, so none of its lines is removed on that evidence
    alone. Called once per pipeline build; words are lower-cased, and lists for the same
    language are merged (with each other and with the built-in list).

    Example::

        @hookimpl
        def textclean_stop_words():
            return [{"language": "eo", "words": ["la", "kaj", "de", "en", "estas", "al"]}]
    """


@hookspec
def textclean_known_words() -> Iterable[str] | None:
    """Return extra correctly spelt words (vocabulary) for the word-level cleaners.

    Called once per pipeline build. Unlike protected words these also serve as *targets*:
    ``typos`` may correct a misspelling to one of them, and ``line_breaks`` treats them as
    evidence when it decides whether ``exam-\\nple`` should become ``example``. The answer
    must be a list of ``str`` (a bare ``str`` is an error naming the plugin).

    Example::

        @hookimpl
        def textclean_known_words():
            return ["deescalate", "geopolitics", "ceasefire"]
    """
