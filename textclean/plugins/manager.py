"""The plugin manager: which plugins are loaded, and the cleaners, commands and rule data they give.

Built-in cleaners are registered first, in code, through the same hooks as third-party
plugins, so they work with entry-point autoload turned off. Third-party plugins come from the
``textclean`` entry-point group (unless ``TEXTCLEAN_DISABLE_PLUGIN_AUTOLOAD`` is set) or from
an explicit list of module names (config ``plugins = [...]``, CLI ``--plugin``).

An installed entry-point plugin that fails to import is reported with a warning naming it, and
the others still load: the user did not ask for it by name, and one broken package must not
stop every run. A plugin the user *named* (``--plugin``, ``plugins = [...]``) that cannot be
imported is a :class:`PluginError`: running without it would silently produce other output
than the one asked for. A plugin that does not keep the hook contract when it is registered
(a hook not in :mod:`textclean.plugins.hookspecs`, such as a misspelt
``textclean_register_cleaner``; an argument the spec does not offer; a hook wrapper) is treated
the same way: skipped with a warning when it came from an entry point, a :class:`PluginError`
when it was named or is built in (then it is a bug of textclean's).

Every answer of every hook is checked (cleaners are :class:`Cleaner` objects, rule data is a
list of the right items, not a bare ``str``): a wrong answer is a one-line :class:`PluginError`
naming the plugin and the hook, whichever way the plugin was loaded, as a second cleaner of the
same name always was. Hooks are called through pluggy, once per plugin (a subset hook caller
holding only that plugin), so each answer is attributed exactly and pluggy's tracing sees
every call.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import os
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from difflib import get_close_matches
from functools import lru_cache
from typing import Any, Callable

import pluggy

from textclean.core.records import Cleaner
from textclean.plugins import hookspecs
from textclean.plugins.commands import Command
from textclean.version import __version__

ENTRY_POINT_GROUP = "textclean"
AUTOLOAD_ENV = "TEXTCLEAN_DISABLE_PLUGIN_AUTOLOAD"

#: Modules holding the built-in cleaners, each a plugin in its own right.
BUILTIN_PLUGINS = (
    "textclean.cleaners.markup",
    "textclean.cleaners.mojibake",
    "textclean.cleaners.line_breaks",
    "textclean.cleaners.boilerplate",
    "textclean.cleaners.typos",
    "textclean.cleaners.whitespace",
)


class PluginError(Exception):
    """A plugin set that cannot form a pipeline (e.g. two cleaners with one name)."""


@dataclass(frozen=True)
class PluginInfo:
    """A loaded plugin: its name, where it came from, its distribution's version, and the
    cleaners and commands it registered (filled in when they are first collected)."""

    name: str
    source: str  # "builtin", "entry point" or "explicit"
    version: str
    cleaners: tuple[str, ...] = ()
    commands: tuple[str, ...] = ()


class PluginWarning(UserWarning):
    """A plugin could not be loaded; the run goes on without it."""


def autoload_enabled() -> bool:
    """Whether entry-point plugins load; off when ``TEXTCLEAN_DISABLE_PLUGIN_AUTOLOAD`` is set.

    >>> import os; os.environ.pop(AUTOLOAD_ENV, None) is None or True
    True
    """
    return os.environ.get(AUTOLOAD_ENV, "").strip().lower() in ("", "0", "false", "no")


def _is_template(item: Any) -> bool:
    return isinstance(item, str) or (isinstance(item, Mapping) and isinstance(item.get("template"), str))


def _is_str(item: Any) -> bool:
    return isinstance(item, str)


def _is_stop_list(item: Any) -> bool:
    words = item.get("words") if isinstance(item, Mapping) else None
    return (isinstance(item.get("language") if isinstance(item, Mapping) else None, str)
            and isinstance(words, (list, tuple)) and all(isinstance(w, str) for w in words))


#: What an answer of each rule-data hook must hold: a test of one item, and its description.
RULE_ITEMS: dict[str, tuple[Callable[[Any], bool], str]] = {
    "textclean_boilerplate_templates": (_is_template, "template str or dict with a str 'template'"),
    "textclean_protected_words": (_is_str, "str"),
    "textclean_known_words": (_is_str, "str"),
    "textclean_stop_words": (_is_stop_list, "dict with a str 'language' and a list of str 'words'"),
}


class PluginSet:
    """A pluggy manager with the built-in, entry-point and explicit plugins loaded."""

    def __init__(self, *, autoload: bool | None = None, explicit: Iterable[str] = ()):
        self.pm = pluggy.PluginManager("textclean")
        self.pm.add_hookspecs(hookspecs)
        self.info: dict[str, PluginInfo] = {}
        self._cleaners: dict[str, Cleaner] | None = None
        self._commands: dict[str, Command] | None = None
        for module_name in BUILTIN_PLUGINS:
            module = importlib.import_module(module_name)
            self._register(module, module_name.rsplit(".", 1)[1], "builtin", __version__)
        if autoload_enabled() if autoload is None else autoload:
            self._load_entry_points()
        for module_name in explicit:
            try:
                module = importlib.import_module(module_name)
            except (Exception, SystemExit) as exc:
                raise PluginError(f"plugin {module_name!r} cannot be imported: "
                                  f"{type(exc).__name__}: {exc}") from None
            self._register(module, module_name, "explicit", _module_version(module_name))

    def _register(self, plugin: object, name: str, source: str, version: str) -> None:
        """Register ``plugin`` if it keeps the hook contract; else unregister what pluggy took
        of it and raise a :class:`PluginError` saying why."""
        if self.pm.is_registered(plugin) or self.pm.has_plugin(name):
            return
        try:
            self.pm.register(plugin, name=name)
        except pluggy.PluginValidationError as exc:
            # pluggy may have taken some of the plugin's hooks before it met the bad one.
            if self.pm.has_plugin(name):
                self.pm.unregister(name=name)
            # pluggy's message names the plugin on its first line, then says what is wrong.
            lines = str(exc).splitlines()
            raise PluginError(f"plugin {name!r} does not fit its hook: {'; '.join(lines[1:]) or lines[0]}") from None
        problem = self._contract_problem(plugin)
        if problem:
            self.pm.unregister(plugin)
            raise PluginError(f"plugin {name!r} {problem}")
        self.info[name] = PluginInfo(name, source, version)

    def _contract_problem(self, plugin: object) -> str | None:
        """Why a just-registered plugin breaks the hook contract, or None. Plugins registered
        before it passed the same check, so what ``check_pending`` finds is this plugin's."""
        try:
            self.pm.check_pending()
        except pluggy.PluginValidationError:
            unknown = sorted(caller.name for caller in self.pm.get_hookcallers(plugin) or ()
                             if not caller.has_spec())
            hints = [f"{hook!r}" + "".join(f" (did you mean {m!r}?)" for m in get_close_matches(hook, hook_names(), 1))
                     for hook in unknown]
            return f"implements {', '.join(hints)}, which is not a textclean hook"
        for caller in self.pm.get_hookcallers(plugin) or ():
            if any(impl.plugin is plugin and (impl.hookwrapper or impl.wrapper) for impl in caller.get_hookimpls()):
                return f"wraps {caller.name!r}; textclean hooks take each plugin's own answer, not wrappers"
        return None

    def _load_entry_points(self) -> None:
        for ep in sorted(importlib.metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
            try:
                plugin = ep.load()
            except (Exception, SystemExit) as exc:
                warnings.warn(
                    f"plugin {ep.name!r} ({ep.value}) failed to import and is skipped: "
                    f"{type(exc).__name__}: {exc}",
                    PluginWarning,
                    2,
                )
                continue
            version = ep.dist.version if ep.dist is not None else "?"
            try:
                self._register(plugin, ep.name, "entry point", version)
            except PluginError as exc:
                warnings.warn(f"{exc}; it is skipped ({ep.value})", PluginWarning, 2)

    def _answers(self, hook_name: str, impl: pluggy.HookImpl, **kwargs: Any) -> list:
        """The answers of one plugin's implementation of a hook, called through pluggy."""
        others = [p for p in self.pm.get_plugins() if p is not impl.plugin]
        return self.pm.subset_hook_caller(hook_name, others)(**kwargs)

    def cleaners(self) -> dict[str, Cleaner]:
        """Every registered cleaner by name, each stamped with the plugin that gave it
        (collected once; the plugin set is cached and shared by pipelines)."""
        if self._cleaners is None:
            self._cleaners = self._collect_cleaners()
        return dict(self._cleaners)

    def _collect_cleaners(self) -> dict[str, Cleaner]:
        found: dict[str, Cleaner] = {}
        hook = "textclean_register_cleaners"
        for impl in getattr(self.pm.hook, hook).get_hookimpls():
            plugin = impl.plugin_name
            given: list[Cleaner] = []
            register = _registrar(plugin, Cleaner, "textclean.Cleaner", given)
            for answer in self._answers(hook, impl, register=register):
                given.extend(_answer_items(plugin, hook, answer, lambda c: isinstance(c, Cleaner),
                                           "textclean.Cleaner"))
            for cleaner in given:
                if cleaner.name in found:
                    raise PluginError(
                        f"two cleaners are named {cleaner.name!r}: one from plugin "
                        f"{found[cleaner.name].plugin!r}, one from plugin {plugin!r}"
                    )
                doc = cleaner.doc or _doc_of(cleaner)
                found[cleaner.name] = replace(cleaner, plugin=plugin, doc=doc)
                self._credit(plugin, cleaners=(cleaner.name,))
        return found

    def commands(self) -> dict[str, Command]:
        """Every command plugins registered, by name, each stamped with its plugin."""
        if self._commands is None:
            self._commands = self._collect_commands()
        return dict(self._commands)

    def _collect_commands(self) -> dict[str, Command]:
        found: dict[str, Command] = {}
        hook = "textclean_register_commands"
        for impl in getattr(self.pm.hook, hook).get_hookimpls():
            plugin = impl.plugin_name
            given: list[Command] = []
            register = _registrar(plugin, Command, "textclean.plugins.commands.Command", given)
            if self._answers(hook, impl, register=register):
                raise PluginError(f"plugin {plugin!r}: {hook} returned a value; "
                                  f"it calls register(Command(...)) for each command instead")
            for command in given:
                if command.name in found:
                    raise PluginError(f"two commands are named {command.name!r}: one from plugin "
                                      f"{found[command.name].plugin!r}, one from plugin {plugin!r}")
                found[command.name] = replace(command, plugin=plugin)
                self._credit(plugin, commands=(command.name,))
        return found

    def _credit(self, plugin: str, **given: tuple[str, ...]) -> None:
        info = self.info.get(plugin)
        if info is not None:
            self.info[plugin] = replace(info, **{k: getattr(info, k) + v for k, v in given.items()})

    def rules(self) -> dict[str, list]:
        """The answers of every rule-data hook, concatenated over plugins in pluggy's call
        order, by hook name without the ``textclean_`` prefix."""
        rules: dict[str, list] = {}
        for hook in rule_hook_names():
            test, what = RULE_ITEMS[hook]
            merged: list = []
            # pluggy calls implementations last-registered first.
            for impl in reversed(getattr(self.pm.hook, hook).get_hookimpls()):
                for answer in self._answers(hook, impl):
                    merged.extend(_answer_items(impl.plugin_name, hook, answer, test, what))
            rules[hook[len("textclean_"):]] = merged
        return rules


def _registrar(plugin: str, kind: type, what: str, into: list) -> Callable[[Any], None]:
    """The ``register`` callback handed to one plugin: it takes objects of ``kind`` only, so a
    wrong one fails at the plugin's own call, naming the plugin."""

    def register(item: Any) -> None:
        if not isinstance(item, kind):
            raise PluginError(f"plugin {plugin!r} registered {_short(item)}, not a {what}")
        into.append(item)

    return register


def _answer_items(plugin: str, hook: str, answer: Any, test: Callable[[Any], bool], what: str) -> list:
    """The items of one plugin's answer to ``hook``, which must be a list (or other iterable,
    but not a str, bytes or dict, whose characters or keys are never what was meant) of items
    passing ``test``; else a one-line :class:`PluginError` naming the plugin and the hook.

    >>> _answer_items("p", "textclean_protected_words", ("Aliyev",), _is_str, "str")
    ['Aliyev']
    >>> _answer_items("p", "textclean_protected_words", "Pashinyan", _is_str, "str")
    Traceback (most recent call last):
    ...
    textclean.plugins.manager.PluginError: plugin 'p': textclean_protected_words returned 'Pashinyan', not a list of str
    """
    if isinstance(answer, (str, bytes, Mapping)) or not isinstance(answer, Iterable):
        raise PluginError(f"plugin {plugin!r}: {hook} returned {_short(answer)}, not a list of {what}")
    items = list(answer)
    for item in items:
        if not test(item):
            raise PluginError(f"plugin {plugin!r}: {hook} returned a list holding {_short(item)}, "
                              f"not a {what}")
    return items


def _short(value: Any, limit: int = 80) -> str:
    r = repr(value)
    return r if len(r) <= limit else r[: limit - 5] + "..." + r[-2:]


def hook_names() -> list[str]:
    """The names of every hook specification, in the order they are defined.

    >>> hook_names()[:2]
    ['textclean_register_cleaners', 'textclean_register_commands']
    """
    return [n for n in vars(hookspecs) if n.startswith("textclean_")]


def rule_hook_names() -> list[str]:
    """The rule-data hooks: every hook but the ``textclean_register_*`` ones.

    >>> rule_hook_names()
    ['textclean_boilerplate_templates', 'textclean_protected_words', 'textclean_stop_words', 'textclean_known_words']
    """
    return [n for n in hook_names() if not n.startswith("textclean_register_")]


def _doc_of(cleaner: Cleaner) -> str:
    import inspect

    module = inspect.getmodule(cleaner.fix)
    return inspect.getdoc(module) or inspect.getdoc(cleaner.fix) or cleaner.description


def _module_version(module_name: str) -> str:
    top = module_name.split(".")[0]
    try:
        names = importlib.metadata.packages_distributions().get(top, [])
        return importlib.metadata.version(names[0]) if names else "?"
    except importlib.metadata.PackageNotFoundError:
        return "?"


def plugin_set(autoload: bool | None = None, explicit: Iterable[str] = ()) -> PluginSet:
    """A cached :class:`PluginSet`, so building many pipelines loads plugins once."""
    return _cached_plugin_set(autoload_enabled() if autoload is None else autoload, tuple(explicit))


@lru_cache(maxsize=16)
def _cached_plugin_set(autoload: bool, explicit: tuple[str, ...]) -> PluginSet:
    return PluginSet(autoload=autoload, explicit=explicit)
