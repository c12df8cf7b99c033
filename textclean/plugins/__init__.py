"""Plugins: the hook specifications (the contract with plugin authors, :mod:`.hookspecs`), the
commands plugins add to the CLI (:mod:`.commands`), and the plugin manager (:mod:`.manager`)
that loads built-in, installed and explicitly named plugins through those hooks.
"""

from textclean.plugins.commands import Command, CommandHost, UsageError
from textclean.plugins.hookspecs import hookimpl
from textclean.plugins.manager import PluginError, PluginInfo, PluginSet, PluginWarning, plugin_set

__all__ = ["Command", "CommandHost", "PluginError", "PluginInfo", "PluginSet", "PluginWarning", "UsageError",
           "hookimpl", "plugin_set"]
