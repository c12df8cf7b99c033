"""The plugin manager: which plugins are loaded, and the cleaners and rule data they give.

Built-in cleaners are registered first, in code, through the same hooks as third-party
plugins, so they work with entry-point autoload turned off. Third-party plugins come from the
``textclean`` entry-point group (unless ``TEXTCLEAN_DISABLE_PLUGIN_AUTOLOAD`` is set) or from
an explicit list of module names (config ``plugins = [...]``, CLI ``--plugin``).

An installed entry-point plugin that fails to import is reported with a warning naming it, and
the others still load: the user did not ask for it by name, and one broken package must not
stop every run. A plugin the user *named* (``--plugin``, ``plugins = [...]``) that cannot be
imported is a :class:`PluginError`: running without it would silently produce other output
than the one asked for.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import os
import warnings
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Iterable

import pluggy

from textclean.plugins import hookspecs
from textclean.core.records import Cleaner

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
    """A loaded plugin: its name, where it came from, and its distribution's version."""

    name: str
    source: str  # "builtin", "entry point" or "explicit"
    version: str
    cleaners: tuple[str, ...] = ()


class PluginWarning(UserWarning):
    """A plugin could not be loaded; the run goes on without it."""


def autoload_enabled() -> bool:
    """Whether entry-point plugins load; off when ``TEXTCLEAN_DISABLE_PLUGIN_AUTOLOAD`` is set.

    >>> import os; os.environ.pop(AUTOLOAD_ENV, None) is None or True
    True
    """
    return os.environ.get(AUTOLOAD_ENV, "").strip().lower() in ("", "0", "false", "no")


class PluginSet:
    """A pluggy manager with the built-in, entry-point and explicit plugins loaded."""

    def __init__(self, *, autoload: bool | None = None, explicit: Iterable[str] = ()):
        self.pm = pluggy.PluginManager("textclean")
        self.pm.add_hookspecs(hookspecs)
        self.info: dict[str, PluginInfo] = {}
        self._cleaners: dict[str, Cleaner] | None = None
        import textclean

        for module_name in BUILTIN_PLUGINS:
            module = importlib.import_module(module_name)
            self._register(module, module_name.rsplit(".", 1)[1], "builtin", textclean.__version__)
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
        if self.pm.is_registered(plugin) or self.pm.has_plugin(name):
            return
        self.pm.register(plugin, name=name)
        self.info[name] = PluginInfo(name, source, version)

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
            self._register(plugin, ep.name, "entry point", version)

    def cleaners(self) -> dict[str, Cleaner]:
        """Every registered cleaner by name, each stamped with the plugin that gave it
        (collected once; the plugin set is cached and shared by pipelines)."""
        if self._cleaners is None:
            self._cleaners = self._collect_cleaners()
        return dict(self._cleaners)

    def _collect_cleaners(self) -> dict[str, Cleaner]:
        found: dict[str, Cleaner] = {}
        impls = self.pm.hook.textclean_register_cleaners.get_hookimpls()
        for impl in impls:
            result = impl.function() or []
            for cleaner in result:
                if not isinstance(cleaner, Cleaner):
                    raise PluginError(
                        f"plugin {impl.plugin_name!r} registered {cleaner!r}, not a textclean.Cleaner"
                    )
                if cleaner.name in found:
                    raise PluginError(
                        f"two cleaners are named {cleaner.name!r}: one from plugin "
                        f"{found[cleaner.name].plugin!r}, one from plugin {impl.plugin_name!r}"
                    )
                doc = cleaner.doc or _doc_of(cleaner)
                found[cleaner.name] = replace(cleaner, plugin=impl.plugin_name, doc=doc)
                info = self.info.get(impl.plugin_name)
                if info is not None:
                    self.info[impl.plugin_name] = replace(info, cleaners=info.cleaners + (cleaner.name,))
        return found

    def rules(self) -> dict[str, list]:
        """The answers of every rule-data hook, concatenated over plugins, by hook name."""
        rules: dict[str, list] = {}
        for hook_name in hook_names():
            if hook_name == "textclean_register_cleaners":
                continue
            answers = getattr(self.pm.hook, hook_name)()
            merged: list = []
            for answer in answers:
                merged.extend(answer or [])
            rules[hook_name[len("textclean_"):]] = merged
        return rules


def hook_names() -> list[str]:
    """The names of every hook specification, in the order they are defined.

    >>> hook_names()[0]
    'textclean_register_cleaners'
    """
    return [n for n in vars(hookspecs) if n.startswith("textclean_")]


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
