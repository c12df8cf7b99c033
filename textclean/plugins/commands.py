"""Commands that plugins add to the ``textclean`` command line.

A plugin gives a :class:`Command` through the ``textclean_register_commands`` hook. The CLI
adds it as a subcommand (``textclean NAME ...``): ``add_arguments`` declares its arguments on
an ``argparse`` parser, and ``run(args, host)`` does the work and returns the exit status.
``host`` (a :class:`CommandHost`) is what the CLI lends a command so that it reads inputs and
checks paths exactly as ``textclean clean`` does. A mistake in how the command was called is
a :class:`UsageError`: one line ``textclean: error: ...`` and exit status 2, never a traceback.

The built-in ``textclean fit`` is a command of this kind, given by the boilerplate plugin
(``textclean/cleaners/boilerplate/command.py``).
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from typing import Callable, Iterator, Protocol, Sequence

from textclean.io.files import InputFile


#: Exit statuses of ``textclean`` and of the commands plugins add: done; ``--check`` found
#: changes; a usage or configuration error; some inputs were skipped.
EXIT_OK, EXIT_CHANGES, EXIT_USAGE, EXIT_SKIPPED = 0, 1, 2, 3


class UsageError(Exception):
    """A mistake in how textclean was called; reported as one line, exit status 2."""


class CommandHost(Protocol):
    """What the CLI lends a plugin's command."""

    def inputs(self, args: argparse.Namespace) -> Iterator[InputFile]:
        """The files named or found in folders by ``args.sources`` (``-`` for stdin), lazily,
        taking the file endings from ``args.ext`` and ``args.text_field`` (when the command
        declares them) as ``clean`` does."""

    def check_sources(self, sources: Sequence[str]) -> None:
        """Raise :class:`UsageError` unless every source exists (and ``-`` is named once)."""

    def check_output_file(self, path: str | None, flag: str) -> None:
        """Raise :class:`UsageError` if ``path`` (given with ``flag``) is ``-`` or a folder."""


@dataclass(frozen=True)
class Command:
    """A subcommand a plugin adds: ``textclean NAME``.

    ``help`` is its line in ``textclean --help``; ``description`` heads ``textclean NAME
    --help``. ``plugin`` is filled in by the host with the name of the plugin that gave it.
    """

    name: str
    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace, CommandHost], int]
    description: str | None = None
    plugin: str = ""
