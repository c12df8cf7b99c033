"""The ``textclean`` command: clean files and folders, and list cleaners and plugins.

User errors (bad options, unknown cleaner names, unreadable config) end the run with one line
``textclean: error: ...`` and exit status 2, never a traceback. A bad *input* file is a
recorded skip: its one-line reason is printed, the run goes on, and the exit status is 3.

Exit statuses: 0 done; 1 ``--check``/``--diff`` found files that would change; 2 usage or
configuration error; 3 some inputs were skipped.
"""

from __future__ import annotations

import argparse
import contextlib
import re
import io
from dataclasses import dataclass
import json
import os
import sys
import tomllib
import warnings
from pathlib import Path
from typing import Any, Iterator, Sequence

from textclean.core.regions import KINDS
from textclean.version import __version__
from textclean.core.config import Config, ConfigError, find_config_file, read_config_file
from textclean.io.formats import DATASET_SUFFIXES, format_for
from textclean.io.selection import DEFAULT_EXCLUDE, Selection
from textclean.io.formats.jsonl import json_line
from textclean.io.compression import DEFAULT_MAX_BYTES, open_write, split_compression
from textclean.io.files import (
    TEXT_SUFFIXES,
    AtomicFile,
    InputFile,
    OutputClash,
    check_outputs,
    display,
    is_within,
    iter_inputs,
    output_names,
)
from textclean.run.pool import WorkersDied
from textclean.core.pipeline import Pipeline
from textclean.plugins.commands import EXIT_CHANGES, EXIT_OK, EXIT_SKIPPED, EXIT_USAGE, Command, UsageError
from textclean.plugins.manager import PluginError, plugin_set
from textclean.core.records import Cleaner, Stage
from textclean.run.results import DocResult, Status
from textclean.run.document import DocumentOptions, Mode

#: Set to 1 to let a config file found by searching upward load the plugins it names.
ALLOW_CONFIG_PLUGINS_ENV = "TEXTCLEAN_ALLOW_CONFIG_PLUGINS"
#: Seconds one cleaner may spend on one document in a CLI run before the document is given
#: up on (recorded as failed, handled by --on-error) so one pathological input cannot hang
#: a worker. Generous: the built-ins clean megabytes per second.
DEFAULT_TIME_BUDGET = 120.0


def _names(values: list[str] | None) -> list[str] | None:
    if values is None:
        return None
    return [n.strip() for v in values for n in v.split(",") if n.strip()]


def _parse_option(text: str) -> tuple[str, str, Any]:
    """``cleaner.option=value`` with a TOML value (``0.9``, ``true``, ``["a"]``) or a bare string.

    >>> _parse_option("typos.min_confidence=0.9")
    ('typos', 'min_confidence', 0.9)
    >>> _parse_option("boilerplate.model=corpus.json")
    ('boilerplate', 'model', 'corpus.json')
    """
    key, sep, raw = text.partition("=")
    cleaner, dot, option = key.partition(".")
    if not sep or not dot or not cleaner or not option:
        raise UsageError(f"--option takes CLEANER.OPTION=VALUE, not {text!r}")
    try:
        value = tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        value = raw
    return cleaner.strip(), option.strip(), value


def config_root(sources: Sequence[str] | None) -> Path:
    """Where the search for a config file starts: the folder the inputs have in common (a
    file's folder; black and ruff do the same), else the current folder (standard input, or
    no inputs).

    >>> import tempfile, os
    >>> d = Path(tempfile.mkdtemp()).resolve(); (d / "a").mkdir(); (d / "a" / "x.txt").write_text("x")
    1
    >>> config_root([str(d / "a" / "x.txt"), str(d)]) == d, config_root(["-"]) == Path.cwd().resolve()
    (True, True)
    """
    paths = [Path(s).resolve() for s in sources or () if s != "-"]
    if not paths:
        return Path.cwd().resolve()
    folders = [p if p.is_dir() else p.parent for p in paths]
    return Path(os.path.commonpath([str(f) for f in folders]))


def build_config(args: argparse.Namespace) -> Config:
    """File config (``--config``, else the nearest textclean.toml / pyproject.toml from the
    inputs' common folder upward), then the command-line flags on top. Which file applied,
    and why, is left in ``args.config_source`` (what ``-v`` prints)."""
    if getattr(args, "config", None):
        config = read_config_file(args.config)
        args.config_source = f"{display(args.config)} (--config)"
    elif getattr(args, "isolated", False):
        config = Config()
        args.config_source = "none (--isolated: config files are not read)"
    else:
        root = config_root(getattr(args, "sources", None))
        found = find_config_file(root)
        config = read_config_file(found) if found else Config()
        args.config_source = (f"{display(found)} (the nearest to {display(root)}, where the inputs are)" if found
                              else f"none (no textclean.toml or [tool.textclean] from {display(root)} upward)")
        # A config file found by searching upward may belong to a downloaded corpus or
        # repository: importing the modules it names would run a stranger's code. They load
        # only when the user says so (an explicit --config FILE is the user's own choice).
        if found and config.plugins and not (getattr(args, "allow_config_plugins", False)
                                             or os.environ.get(ALLOW_CONFIG_PLUGINS_ENV, "") not in ("", "0")):
            raise UsageError(f"{found} names plugins ({', '.join(config.plugins)}), which would run its code; "
                             f"allow it with --allow-config-plugins or {ALLOW_CONFIG_PLUGINS_ENV}=1, "
                             f"or ignore the file with --isolated")
    options: dict[str, dict[str, Any]] = {}
    for text in getattr(args, "option", None) or []:
        cleaner, option, value = _parse_option(text)
        options.setdefault(cleaner, {})[option] = value
    if getattr(args, "model", None):
        options.setdefault("boilerplate", {})["model"] = str(Path(args.model).resolve())
    plugins = list(config.plugins) + (_names(getattr(args, "plugin", None)) or [])
    return config.merged(
        only=_names(getattr(args, "only", None)),
        disable=_names(getattr(args, "disable", None)),
        enable=_names(getattr(args, "enable", None)),
        options=options,
        plugins=plugins,
        time_budget=getattr(args, "time_budget", None) or None,
        language=_language(getattr(args, "lang", None)),
        languages=_names(getattr(args, "languages", None)),
    )


def _language(code: str | None) -> str | None:
    """``--lang``: a language code, checked here so a mistake is one line naming the flag."""
    if code is None:
        return None
    code = code.strip().lower()
    if not re.fullmatch(r"[a-z]{2,3}", code):
        raise UsageError(f"--lang {code!r}: give a language code such as en, de or fr")
    return code


def _size(text: str) -> int:
    """A size in bytes from ``1024``, ``64K``, ``256M``, ``2G`` (binary units).

    >>> _size("256M"), _size("0"), _size("1.5k")
    (268435456, 0, 1536)
    """
    units = {"": 1, "b": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}
    raw = text.strip().lower().removesuffix("ib").removesuffix("b") if text.strip().lower() not in ("b",) else ""
    number, unit = (raw[:-1], raw[-1]) if raw and raw[-1] in units else (raw, "")
    try:
        value = float(number)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (e.g. 64M, 2G, or 0 for no limit)") from None
    if value < 0:
        raise argparse.ArgumentTypeError("a size cannot be negative")
    return int(value * units[unit])


def _add_pipeline_flags(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("pipeline")
    g.add_argument("--only", action="append", metavar="NAMES", help="run only these cleaners (comma-separated)")
    g.add_argument("--disable", action="append", metavar="NAMES", help="skip these cleaners")
    g.add_argument("--enable", action="append", metavar="NAMES", help="also run these opt-in cleaners")
    g.add_argument("--option", action="append", metavar="CLEANER.OPTION=VALUE",
                   help="set a cleaner option, e.g. typos.min_confidence=0.9 (repeatable)")
    g.add_argument("--config", metavar="FILE", help="read config from FILE instead of searching for one")
    g.add_argument("--isolated", action="store_true", help="ignore config files found on disk")
    g.add_argument("--allow-config-plugins", action="store_true",
                   help="let a config file found by searching upward import the plugins it names "
                        f"(or set {ALLOW_CONFIG_PLUGINS_ENV}=1)")
    g.add_argument("--plugin", action="append", metavar="MODULE",
                   help="import MODULE as a plugin (in addition to installed entry points)")
    g.add_argument("--lang", metavar="CODE",
                   help="the language of every document (e.g. de), instead of identifying it")
    g.add_argument("--languages", action="append", metavar="CODES",
                   help="clean only text in these languages (e.g. en,de); other text passes "
                        "through untouched and is counted")


def _add_document_flags(p: argparse.ArgumentParser) -> None:
    """What to read and how to run, shared by `clean` and `report` (a report is a clean)."""
    p.add_argument("--ext", metavar="EXTS",
                   help=f"file endings to take from folders (default: {','.join(TEXT_SUFFIXES)})")
    g = p.add_argument_group("file selection (in folders; files named directly are always taken)")
    g.add_argument("--include", action="append", metavar="GLOBS",
                   help="take only files matching these globs (comma-separated; a glob with / matches the "
                        "path inside the folder, one without it the name)")
    g.add_argument("--exclude", action="append", metavar="GLOBS",
                   help=f"leave out files and folders matching these globs, instead of the default "
                        f"({','.join(DEFAULT_EXCLUDE)})")
    g.add_argument("--extend-exclude", action="append", metavar="GLOBS",
                   help="leave out these too, besides --exclude or the default")
    g.add_argument("--no-gitignore", dest="gitignore", action="store_false",
                   help="take files that a .gitignore of the folder (or its repository) ignores")
    g.add_argument("--stdin-filename", metavar="NAME",
                   help="the name standard input (-) goes by in messages and reports; its suffix gives "
                        "its format (page.html: an HTML page)")
    g.add_argument("--files-from", metavar="FILE",
                   help="also clean the files listed in FILE, one path a line (- for standard input)")
    p.add_argument("--text-field", metavar="NAME",
                   help="the field (JSONL) or column (Parquet) holding the text (default: text); "
                        "also makes folders yield their JSONL and Parquet files")
    p.add_argument("--model", metavar="FILE", help="corpus model for the boilerplate cleaner (textclean fit)")
    p.add_argument("--time-budget", type=float, metavar="SECONDS",
                   help=f"give up on a document that takes one cleaner longer than this "
                        f"(default: {DEFAULT_TIME_BUDGET:g}; 0 for no limit)")
    p.add_argument("--follow-links", action="store_true",
                   help="read files in input folders that are links to places outside them "
                        "(by default they are skipped, with a reason)")
    p.add_argument("--max-size", type=_size, metavar="SIZE",
                   help="skip a document (a file, or a dataset record) larger than this once "
                        "decompressed, e.g. 64M or 2G (default: 256M; 0 for no limit)")
    p.add_argument("-j", "--jobs", type=int, metavar="N", help="worker processes (default: all cores)")
    p.add_argument("-q", "--quiet", action="store_true", help="no summary line, no per-file warnings")
    p.add_argument("-v", "--verbose", action="store_true",
                   help="say which config file applied and why; the summary in filter mode too")


#: The commands of the CLI itself; a plugin cannot register a command of these names.
OWN_COMMANDS = ("clean", "report", "new-plugin", "cleaners", "plugins", "config")


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="textclean",
        description="Clean scraped text: mojibake, boilerplate, typos, line breaks; every edit explained.",
    )
    parser.add_argument("--version", action="version", version=f"textclean {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("clean", help="clean files, folders or stdin",
                       description="Clean text files and folders (recursively). Inputs are never modified.")
    p.add_argument("sources", nargs="*", metavar="SRC", help="file, folder, or - for stdin")
    p.add_argument("-o", "--output", metavar="OUT_DIR",
                   help="write each result at the same relative path under OUT_DIR "
                        "(- for standard output, with one input)")
    # (--check and --diff combine, as in black: the diffs, and exit 1 if anything would change)
    p.add_argument("--check", action="store_true", help="write nothing; exit 1 if any file would change")
    p.add_argument("--diff", action="store_true", help="write nothing; print a unified diff (with --check too)")
    p.add_argument("--explain", action="store_true", help="print every edit (to stderr)")
    p.add_argument("--color", dest="color", action="store_true", default=None,
                   help="colour diffs and --explain lines (default: on a terminal, unless NO_COLOR is set)")
    p.add_argument("--no-color", dest="color", action="store_false")
    p.add_argument("--report", metavar="FILE.jsonl", help="write the edits, one JSON object per document")
    p.add_argument("--html-report", metavar="FILE.html",
                   help="also write a self-contained HTML page showing every edit (see `textclean report`)")
    p.add_argument("--output-format", choices=("text", "markdown", "jsonl"), default="text",
                   help="text (default); markdown: HTML pages and web-archive records as Markdown "
                        "(headings, lists, quotes, tables, code; page.html -> page.md); jsonl: every "
                        "document as one record of one JSONL dataset (-o FILE.jsonl[.gz|.zst], or - )")
    p.add_argument("--links", action="store_true",
                   help="with --output-format markdown: keep links, as [text](target)")
    _add_document_flags(p)
    p.add_argument("--engine", choices=("local", "ray"), default="local",
                   help="local worker processes (default), or Ray Data (pip install 'textclean-toolkit[ray]')")
    p.add_argument("--address", metavar="ADDR", help="with --engine ray: the cluster to join (default: start a local one)")
    p.add_argument("--on-error", choices=("keep", "skip", "fail"), default="keep",
                   help="when a cleaner fails on a document: write it unchanged (keep, the default), "
                        "drop it (skip), or stop the run (fail)")
    p.add_argument("--fail-fast", action="store_true", help="stop at the first input that fails or is skipped")
    p.add_argument("--fsync", action="store_true",
                   help="force each output to disk before renaming it into place (survives power cuts; slower)")
    p.add_argument("--no-resume", action="store_true",
                   help="redo every input, even those an interrupted earlier run finished")
    p.add_argument("--progress", dest="progress", action="store_true", default=None,
                   help="show a progress bar (default: on a terminal)")
    p.add_argument("--no-progress", dest="progress", action="store_false")
    _add_pipeline_flags(p)

    p = sub.add_parser("report", help="write an HTML page showing what cleaning would do",
                       description="Clean SRC without writing outputs and write one self-contained HTML "
                                   "page with every edit highlighted in place.")
    p.add_argument("sources", nargs="*", metavar="SRC", help="file, folder, or - for stdin")
    p.add_argument("-o", "--output", required=True, metavar="REPORT.html", help="where to write the page")
    p.add_argument("--title", default="textclean report", help="the page title")
    _add_document_flags(p)
    _add_pipeline_flags(p)

    # Commands that plugins register (the built-in `fit` among them) come after the commands
    # that clean, and before those about textclean itself.
    for command in plugin_set().commands().values():
        if command.name in OWN_COMMANDS:
            raise PluginError(f"plugin {command.plugin!r} registers the command {command.name!r}, "
                              f"which is textclean's own")
        p = sub.add_parser(command.name, help=command.help, description=command.description)
        command.add_arguments(p)
        p.set_defaults(plugin_command=command)

    p = sub.add_parser("new-plugin", help="create a working, tested plugin package to start from")
    p.add_argument("name", help="the plugin's name, e.g. house-style")
    p.add_argument("-o", "--output", default=".", metavar="DIR", help="where to create it (default: here)")

    p = sub.add_parser("cleaners", help="list cleaners in run order")
    p.add_argument("--explain", metavar="NAME", help="print one cleaner's documentation and options")
    _add_pipeline_flags(p)

    p = sub.add_parser("config", help="print the effective configuration (file, flags and defaults)",
                       description="Print the configuration cleaning SRC would use, as TOML: where it "
                                   "came from, the settings, and each cleaner that runs with its options.")
    p.add_argument("sources", nargs="*", metavar="SRC", help="the inputs (the config file is found from their folder)")
    _add_pipeline_flags(p)

    p = sub.add_parser("plugins", help="list installed plugins and their versions")
    p.add_argument("--plugin", action="append", metavar="MODULE", help="also import MODULE as a plugin")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``textclean`` command; returns the exit status."""
    # Set before the parser is made: making it loads the plugins (for their commands), and a
    # plugin that fails to load is reported as one warning line.
    warnings.simplefilter("default")
    warnings.formatwarning = lambda msg, cat, *a, **k: f"textclean: warning: {msg}\n"  # type: ignore[assignment]
    try:
        parser = make_parser()
    except PluginError as exc:
        print(f"textclean: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        command: Command | None = getattr(args, "plugin_command", None)
        if command is not None:
            return command.run(args, _CommandHost())
        commands = {"clean": cmd_clean, "report": cmd_report, "cleaners": cmd_cleaners,
                    "plugins": cmd_plugins, "new-plugin": cmd_new_plugin, "config": cmd_config}
        return commands[args.command](args)
    except (UsageError, ConfigError, PluginError) as exc:
        print(f"textclean: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        # A second Ctrl-C while this is printed must not end in a traceback.
        import signal

        signal.signal(signal.SIGINT, lambda *a: os._exit(130))
        print("textclean: interrupted; outputs written so far are complete", file=sys.stderr)
        return 130
    except WorkersDied as exc:
        print(f"textclean: error: {exc}", file=sys.stderr)
        return EXIT_SKIPPED
    except BrokenPipeError:
        return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    """A report is a clean that writes nothing but the page."""
    _expand_sources(args)
    _check_sources(args.sources)
    _check_output_file(args.output, "-o")
    clean_args = argparse.Namespace(**vars(args))
    clean_args.__dict__.update(
        html_report=args.output, output=None, check=True, diff=False, explain=False, report=None,
        engine="local", address=None, on_error="keep", fail_fast=False, no_resume=True,
        progress=None, check_exit=False,
    )
    return cmd_clean(clean_args)


def cmd_config(args: argparse.Namespace) -> int:
    """``textclean config [SRC...]``: the effective configuration, as TOML."""
    config = build_config(args)
    pipeline = Pipeline(config)
    print(effective_toml(config, pipeline, args.config_source), end="")
    return EXIT_OK


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)} = {_toml_value(v)}" for k, v in value.items()) + "}"
    return json.dumps(str(value))


def effective_toml(config: Config, pipeline: Pipeline, source: str) -> str:
    """The configuration a run uses, as a ``textclean.toml`` would write it: the settings
    the file and the flags give, the cleaners that run (in order) and every option of each,
    defaults included, so that the output, saved as ``textclean.toml``, configures the same
    run.

    >>> print(effective_toml(Config(only=("whitespace",)), Pipeline({"only": ["whitespace"], "autoload": False}),
    ...                      "none"), end="")  # doctest: +ELLIPSIS
    # config file: none
    # cleaners, in run order: whitespace
    only = ["whitespace"]
    <BLANKLINE>
    [options.whitespace]
    ...
    """
    lines = [f"# config file: {source}", f"# cleaners, in run order: {', '.join(pipeline.names) or '(none)'}"]
    for key, value in config.to_dict().items():
        if key == "options" or value in (None, [], (), {}):
            continue
        lines.append(f"{key} = {_toml_value(value)}")
    for cleaner, ctx in pipeline.steps:
        options = dict(ctx.options or {})
        if not options:
            continue
        lines += ["", f"[options.{cleaner.name}]"]
        lines += [f"{k} = {_toml_value(v)}" for k, v in sorted(options.items())]
    return "\n".join(lines) + "\n"


def cmd_new_plugin(args: argparse.Namespace) -> int:
    from textclean.scaffold import create

    try:
        root = create(args.name, args.output)
    except (ValueError, FileExistsError) as exc:
        raise UsageError(str(exc)) from None
    print(f"created {root}\nnext: cd {root} && pip install -e '.[test]' && python -m pytest")
    return EXIT_OK


class _CommandHost:
    """What the CLI lends the commands plugins register (:class:`textclean.plugins.CommandHost`):
    inputs read and paths checked exactly as ``textclean clean`` does."""

    def inputs(self, args: argparse.Namespace) -> Iterator[InputFile]:
        # A command need not declare the flags `clean` takes: those it lacks are unset.
        return _inputs(argparse.Namespace(**{"ext": None, "text_field": None, **vars(args)}), None)

    def check_sources(self, sources: Sequence[str]) -> None:
        _check_sources(sources)

    def check_output_file(self, path: str | None, flag: str) -> None:
        _check_output_file(path, flag)


def cmd_cleaners(args: argparse.Namespace) -> int:
    config = build_config(args)
    pipeline = Pipeline(config)
    if args.explain:
        cleaner = pipeline.available.get(args.explain)
        if cleaner is None:
            raise UsageError(f"no cleaner named {args.explain!r}; valid names: {', '.join(sorted(pipeline.available))}")
        print(f"{cleaner.name} (plugin {cleaner.plugin}, stage {Stage.name_of(cleaner.stage)} = {cleaner.stage})")
        print(cleaner.description)
        print(f"competent for: {_competence(cleaner, long=True)}\n")
        print(cleaner.doc.strip())
        print("\noptions:" if cleaner.options else "\noptions: none")
        for key, value in cleaner.options.items():
            print(f"  {key} = {json.dumps(value)}")
        return EXIT_OK
    running = set(pipeline.names)
    rows = [(str(i + 1), c.name, c.plugin, f"{Stage.name_of(c.stage)}", _competence(c), c.description)
            for i, c in enumerate(pipeline.cleaners)]
    rows += [("-", c.name, c.plugin, Stage.name_of(c.stage), _competence(c), c.description + " (off)")
             for c in sorted(pipeline.available.values(), key=lambda c: (c.stage, c.name)) if c.name not in running]
    _table(("#", "cleaner", "plugin", "stage", "competent for", "description"), rows)
    return EXIT_OK


def _competence(cleaner: Cleaner, long: bool = False) -> str:
    """What a cleaner declares it is competent for: text kinds, then languages.

    >>> _competence(Cleaner("x", lambda t, c: t, 600, "d", kinds=frozenset({"prose"}), languages=frozenset({"en"})))
    'prose; en'
    >>> _competence(Cleaner("x", lambda t, c: t, 600, "d"), long=True)
    'every kind of text (it declares no text kinds); every language'
    """
    if cleaner.kinds is None:
        kinds = "every kind of text (it declares no text kinds)" if long else "all kinds"
    else:
        left = [k for k in KINDS if k not in cleaner.kinds]
        kinds = ", ".join(sorted(cleaner.kinds))
        if long and left:
            kinds += f" ({', '.join(left)} regions pass through untouched)"
    if cleaner.languages is None:
        langs = "every language" if long else "all languages"
    else:
        langs = ", ".join(sorted(cleaner.languages))
        if long:
            langs = f"{langs} (documents and blocks in other languages pass through untouched)"
    return f"{kinds}; {langs}"


def cmd_plugins(args: argparse.Namespace) -> int:
    plugins = plugin_set(None, tuple(_names(args.plugin) or ()))
    plugins.cleaners()  # fills in which cleaners each plugin gave
    rows = [(i.name, i.version, i.source, ", ".join(i.cleaners) or "(rule data only)")
            for i in plugins.info.values()]
    _table(("plugin", "version", "source", "cleaners"), rows)
    return EXIT_OK


def _table(header: Sequence[str], rows: list[Sequence[str]]) -> None:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths)).rstrip())


def _suffixes(args: argparse.Namespace) -> tuple[str, ...]:
    """The file endings taken from folders: ``--ext``, else the text kinds, and the dataset
    kinds (JSONL, Parquet) only when ``--text-field`` says which field to clean: a folder of
    articles that also holds JSONL side files (reports, goldens) must not have them taken
    for datasets."""
    if args.ext:
        return tuple("." + e.strip().lstrip(".") for e in args.ext.split(",") if e.strip())
    if args.text_field:
        return TEXT_SUFFIXES
    return tuple(s for s in TEXT_SUFFIXES if s not in DATASET_SUFFIXES)


@dataclass
class _Ignored:
    """Dataset files that folders held but that were not taken: how many, and one to name."""

    count: int = 0
    first: Path | None = None


def _inputs(args: argparse.Namespace, out_dir: Path | None,
            ignored_datasets: "_Ignored | None" = None) -> Iterator[InputFile]:
    """The inputs, lazily: a crawl of millions of files is never held in memory. The first
    dataset file a folder holds but that is not taken is counted in ``ignored_datasets``."""
    suffixes = _suffixes(args)

    def on_ignored(path: Path) -> None:
        if ignored_datasets is not None and format_for(path).dataset:
            ignored_datasets.count += 1
            ignored_datasets.first = ignored_datasets.first or path

    files = [s for s in args.sources if s != "-"]
    if "-" in args.sources:
        named = getattr(args, "stdin_filename", None)
        relative = output_names([Path(named).name], ".md" if _output(args) != "text" else ".txt")[Path(named).name] \
            if named else "stdin.txt"
        yield InputFile(Path("-"), Path(relative), name=named)
    yield from iter_inputs(files, exclude=out_dir, suffixes=suffixes, on_ignored=on_ignored,
                           follow_links=getattr(args, "follow_links", False),
                           page_suffix=".md" if _output(args) != "text" else ".txt", selection=_selection(args))


def _selection(args: argparse.Namespace) -> Selection:
    """The file selection of ``--include``, ``--exclude``, ``--extend-exclude``, ``--no-gitignore``."""
    exclude = _names(getattr(args, "exclude", None))
    return Selection(include=tuple(_names(getattr(args, "include", None)) or ()),
                     exclude=tuple(exclude if exclude is not None else DEFAULT_EXCLUDE)
                     + tuple(_names(getattr(args, "extend_exclude", None)) or ()),
                     gitignore=getattr(args, "gitignore", True))


def _expand_sources(args: argparse.Namespace) -> None:
    """``--files-from FILE``: its paths (one a line; blank lines and surrounding spaces aside)
    join the sources; at least one source must be given in all."""
    listed = getattr(args, "files_from", None)
    if listed:
        if listed == "-":
            if "-" in args.sources:
                raise UsageError("--files-from - reads the list from standard input, which is then not an input")
            lines = sys.stdin.read().splitlines()
        else:
            try:
                with open(listed, encoding="utf-8", errors="surrogateescape") as f:
                    lines = f.read().splitlines()
            except OSError as exc:
                raise UsageError(f"--files-from {display(listed)}: cannot read: {exc.strerror or exc}") from None
        args.sources = list(args.sources) + [line.strip() for line in lines if line.strip()]
    if not args.sources:
        raise UsageError("no inputs: give SRC (a file, a folder, or - for stdin) or --files-from FILE")


def _jsonl_target(args: argparse.Namespace) -> str | None:
    """With ``--output-format jsonl``: the dataset file to write (``-`` for standard output),
    taken out of ``args.output``; None otherwise."""
    if getattr(args, "output_format", "text") != "jsonl":
        return None
    if args.check or args.diff:
        raise UsageError("--output-format jsonl writes the cleaned texts; it does not combine with --check or --diff")
    if args.text_field or any(format_for(Path(s)).dataset for s in args.sources if s != "-"):
        raise UsageError("--output-format jsonl gathers text and HTML files into one dataset; datasets "
                         "(JSONL, Parquet, WARC) are cleaned into a folder with -o OUT_DIR")
    target = args.output or "-"
    if target != "-":
        if Path(target).is_dir():
            raise UsageError(f"--output-format jsonl writes one file; {display(target)} is a folder")
        if not split_compression(Path(target))[0].lower().endswith((".jsonl", ".ndjson")):
            raise UsageError(f"--output-format jsonl writes a .jsonl file (.jsonl.gz, .jsonl.zst); not {display(target)}")
    args.output = None
    return target


def _output(args: argparse.Namespace) -> str:
    """How HTML pages are written (:attr:`DocumentOptions.output`): text, markdown, markdown+links
    (JSONL records hold text)."""
    output = getattr(args, "output_format", "text")
    output = "text" if output == "jsonl" else output
    if getattr(args, "links", False):
        if output != "markdown":
            raise UsageError("--links needs --output-format markdown")
        return "markdown+links"
    return output


def _check_sources(sources: Sequence[str]) -> None:
    """Every source must exist before anything is created: a typo is a usage error, not a
    recorded skip in an output folder that should never have been made."""
    for source in sources:
        if source != "-" and not os.path.exists(source):
            raise UsageError(f"{display(source)}: no such file or folder")
    if sources.count("-") > 1:
        raise UsageError("standard input (-) can be read only once")


def _check_output_file(path: str | None, flag: str) -> None:
    """A file the run writes (report, model) must be a file name, not a folder."""
    if path is None:
        return
    if path == "-":
        raise UsageError(f"{flag} takes a file name; - (standard output) is not supported here")
    if os.path.isdir(path):
        raise UsageError(f"{flag} {path} is a folder; give the name of a file to write")


#: ANSI colours of diff lines and --explain lines.
_RED, _GREEN, _CYAN, _BOLD, _RESET = "\033[31m", "\033[32m", "\033[36m", "\033[1m", "\033[0m"


def _coloured(stream: Any, wanted: bool | None) -> bool:
    """Whether to colour what goes to ``stream``: ``--color``/``--no-color``, else on a
    terminal unless ``NO_COLOR`` is set (no-color.org)."""
    if wanted is not None:
        return wanted
    return not os.environ.get("NO_COLOR") and hasattr(stream, "isatty") and stream.isatty()


def colour_diff(diff: str) -> str:
    """A unified diff with its removed lines red, added lines green, hunk headers cyan and
    file headers bold.

    >>> colour_diff("--- a/x\\n+++ b/x\\n@@ -1 +1 @@\\n-a  b\\n+a b\\n").split("\\n")[3]
    '\\x1b[31m-a  b\\x1b[0m'
    """
    out = []
    for line in diff.splitlines(keepends=True):
        body, end = (line[:-1], "\n") if line.endswith("\n") else (line, "")
        colour = _BOLD if line.startswith(("--- ", "+++ ")) else _CYAN if line.startswith("@@") else \
            _RED if line.startswith("-") else _GREEN if line.startswith("+") else ""
        out.append(f"{colour}{body}{_RESET}{end}" if colour else line)
    return "".join(out)


def colour_explained(line: str) -> str:
    """An ``--explain`` line with its place bold and its cleaner cyan.

    >>> colour_explained("a.txt:1:4: mojibake: utf-8 read as latin-1: 'Ã©' -> 'é'")[:24]
    '\\x1b[1ma.txt:1:4:\\x1b[0m \\x1b[36m'
    """
    place, _, rest = line.partition(": ")
    cleaner, _, reason = rest.partition(": ")
    return f"{_BOLD}{place}:{_RESET} {_CYAN}{cleaner}{_RESET}: {reason}"


def jsonl_record(result: DocResult) -> dict[str, Any]:
    """One document as ``--output-format jsonl`` writes it: its path, text, language, format,
    the edits each cleaner made, and what an HTML page said of itself.

    >>> from textclean import Edit
    >>> r = DocResult("a.txt", Status.CHANGED, edits=[Edit("whitespace", 1, 3, "  ", " ", "r", (1, 3))])
    >>> r.text, r.language, r.format = "a b", "en", "text"
    >>> jsonl_record(r)
    {'path': 'a.txt', 'text': 'a b', 'language': 'en', 'format': 'text', 'edits': {'whitespace': 1}}
    """
    record: dict[str, Any] = {"path": result.path, "text": result.text, "language": result.language or "",
                              "format": result.format or "", "edits": dict(result.edit_counts())}
    if result.metadata:
        record["metadata"] = dict(result.metadata)
    if result.status == Status.FAILED:
        record["error"] = result.error
    return record


def _say(bar: Any, message: str, file: Any, end: str = "\n") -> None:
    """Print a line while a progress bar may be drawn on the terminal: the bar is cleared
    first and drawn again after, so that no message is glued to a bar and no stale bar stays
    above one."""
    if bar is None:
        print(message, file=file, end=end)
        return
    bar.clear()
    print(message, file=file, end=end)
    file.flush()
    bar.refresh()


def explained_lines(path: str, text: str, edits: Sequence[Any]) -> list[str]:
    """The lines ``--explain`` prints for the edits of ``text``: ``PATH:LINE:COL: cleaner:
    reason: before -> after``, in text order (by line and column, then pipeline order), the
    cleaner named once.

    >>> from textclean import Edit
    >>> edits = [Edit("whitespace", 9, 11, "  ", " ", "repeated spaces", (9, 11), 1),
    ...          Edit("mojibake", 3, 5, "Ã©", "é", "mojibake: utf-8 read as latin-1", (3, 5), 0)]
    >>> print("\\n".join(explained_lines("a.txt", "CafÃ© opens  now.", edits)))
    a.txt:1:4: mojibake: utf-8 read as latin-1: 'Ã©' -> 'é'
    a.txt:1:10: whitespace: repeated spaces: '  ' -> ' '
    """
    out = []
    for e in sorted(edits, key=lambda e: (e.start, e.end, e.step)):
        line = text.count("\n", 0, e.start) + 1
        col = e.start - (text.rfind("\n", 0, e.start) + 1) + 1
        reason = e.reason
        if reason.startswith(e.cleaner + ":"):  # (a reason that names its cleaner: named once)
            reason = reason[len(e.cleaner) + 1:].strip()
        out.append(f"{path}:{line}:{col}: {e.cleaner}: {reason}: {_short(e.before)} -> {_short(e.after)}")
    return out


def _short(s: str, limit: int = 60) -> str:
    r = repr(s)
    return r if len(r) <= limit else r[: limit - 5] + "…" + r[-4:]


def _progress(args: argparse.Namespace, out_dir: Path | None):
    """A tqdm bar over input bytes on a terminal (or with --progress); None when quiet.

    The total comes from a separate counting walk, so the run itself still streams."""
    wanted = args.progress if args.progress is not None else (sys.stderr.isatty() and not args.quiet)
    if not wanted:
        return None
    from tqdm import tqdm

    total = 0
    for item in _inputs(args, out_dir):
        try:
            total += item.path.stat().st_size
        except OSError:
            pass
    return tqdm(total=total or None, unit="B", unit_scale=True, unit_divisor=1024,
                desc="textclean", file=sys.stderr, dynamic_ncols=True, leave=False)


def cmd_clean(args: argparse.Namespace) -> int:
    from textclean.run.engine import JobSettings, LocalEngine, PoolEngine, StopRun
    from textclean.run.pool import default_jobs, prestart
    from textclean.run.state import StateError

    _expand_sources(args)
    _check_sources(args.sources)
    several = len(args.sources) > 1 or any(s != "-" and Path(s).is_dir() for s in args.sources)
    jsonl_target = _jsonl_target(args)
    if args.output == "-":
        if several:
            raise UsageError("-o - (standard output) takes a single input; give -o OUT_DIR for several")
        args.output = None
    _check_output_file(args.report, "--report")
    _check_output_file(getattr(args, "html_report", None), "--html-report")
    out_dir = Path(args.output) if args.output else None
    if jsonl_target is not None:
        mode = Mode.JSONL
    elif args.diff:
        mode = Mode.DIFF  # (--check --diff: the diffs say what would change)
    elif args.check:
        mode = Mode.CHECK
    elif out_dir is not None:
        mode = Mode.WRITE
    elif several:
        raise UsageError("several inputs need -o OUT_DIR (or --check / --diff); inputs are never modified")
    else:
        mode = Mode.STDOUT
    if out_dir is not None:
        if out_dir.exists() and not out_dir.is_dir():
            raise UsageError(f"output {out_dir} exists and is not a folder")
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    jobs = args.jobs or default_jobs()
    one_document = not several and not format_for(Path(args.sources[0])).dataset
    if "-" in args.sources or mode == Mode.STDOUT or one_document:
        # workers have no stdin, and one document gains nothing from a pool (starting one
        # costs more than cleaning a small file); a dataset file is many documents
        jobs = 1
    if args.engine != "ray":
        # As early as possible: the server that workers are forked from loads the dictionaries
        # while this process reads its config and walks its inputs.
        prestart(jobs)
    config = build_config(args)
    if getattr(args, "verbose", False):
        print(f"textclean: config: {args.config_source}", file=sys.stderr)
    if args.time_budget is None and config.time_budget is None:
        config = config.merged(time_budget=DEFAULT_TIME_BUDGET)
    if out_dir is not None and mode == Mode.WRITE:
        for source in args.sources:
            if source == "-":
                continue
            if Path(source).is_file() and is_within(Path(source), out_dir):
                raise UsageError(f"{display(source)} is inside the output folder {display(out_dir)}")
            if Path(source).is_dir() and out_dir.exists() and out_dir.resolve() == Path(source).resolve():
                raise UsageError(f"the output folder {display(out_dir)} is the input folder {display(source)}; inputs are "
                                 f"never modified: choose another output folder")
        # Before anything is written: every input gets an output of its own, and none lands
        # on an input.
        try:
            check_outputs(lambda: _inputs(args, out_dir), out_dir)
        except OutputClash as exc:
            raise UsageError(str(exc)) from None
    html_report = getattr(args, "html_report", None)
    explain = bool(args.explain or args.report or html_report)
    pipeline = Pipeline(config)
    options = DocumentOptions(mode=mode, out_dir=out_dir, explain=explain or mode == Mode.JSONL,
                         keep_original=bool(args.explain or html_report),
                         keep_text=bool(html_report) or mode == Mode.JSONL,
                         on_error=args.on_error, fsync=getattr(args, "fsync", False),
                         max_bytes=DEFAULT_MAX_BYTES if args.max_size is None else args.max_size,
                         output=_output(args))
    # --explain and --html-report show each document's text, which the journal does not keep:
    # they redo every input. --report alone resumes (the journal keeps report records).
    settings = JobSettings(options=options, jobs=jobs, text_field=args.text_field or "text",
                           resume=not (args.no_resume or args.explain or html_report), fail_fast=args.fail_fast)
    # The report appears complete or not at all (a resumed run writes it whole again).
    report_file = AtomicFile(args.report) if args.report else None
    report = io.TextIOWrapper(report_file.__enter__(), encoding="utf-8") if report_file else None
    bar = _progress(args, out_dir)
    ignored_datasets = _Ignored()
    # --output-format jsonl: one dataset, complete or not at all, as the report
    dataset_out = contextlib.ExitStack()
    records: Any = None
    if mode == Mode.JSONL:
        if jsonl_target == "-":
            records = sys.stdout.buffer
        else:
            raw = dataset_out.enter_context(AtomicFile(jsonl_target))
            records = open_write(raw, Path(jsonl_target))
            if records is not raw:
                dataset_out.enter_context(contextlib.closing(records))
    items = _inputs(args, out_dir, ignored_datasets)
    would_change: dict[str, None] = {}
    report_docs: list = []
    quiet_check = not getattr(args, "check_exit", True)

    colour_out = _coloured(sys.stdout, getattr(args, "color", None))
    colour_err = _coloured(sys.stderr, getattr(args, "color", None))

    def say(message: str, file=None, end: str = "\n") -> None:
        _say(bar, message, file or sys.stderr, end)

    def on_result(result: DocResult) -> None:
        if html_report:
            report_docs.append(result)
        if bar is not None:
            bar.update(result.bytes_in)
        if args.explain:
            for line in explained_lines(result.path, result.original or "", result.edits):
                say(colour_explained(line) if colour_err else line)
        if result.error:
            where = f" (record {result.record})" if result.record is not None and result.path not in result.error else ""
            say(f"textclean: {result.status} {result.error}{where}")
        if result.note and result.note != "no text" and not args.quiet:  # e.g. invalid UTF-8 bytes replaced
            say(f"textclean: warning: {result.path}: {result.note}")
        if report is not None:
            report.write(json_line(result.to_json()).decode("utf-8"))
        if result.status == Status.CHANGED and mode in (Mode.CHECK, Mode.DIFF):
            if mode == Mode.DIFF and result.diff:
                say(colour_diff(result.diff) if colour_out else result.diff, sys.stdout, end="")
            elif mode == Mode.CHECK and result.path not in would_change and not quiet_check:
                say(f"would change: {result.path}", sys.stdout)
            would_change[result.path] = None
        if mode == Mode.JSONL and result.text is not None:
            records.write(json_line(jsonl_record(result)))
        if mode == Mode.STDOUT and result.text is not None:
            sys.stdout.buffer.write(result.text.encode("utf-8", "surrogateescape"))
            sys.stdout.flush()

    if args.engine == "ray":
        from textclean.run.ray import EngineError, RayEngine

        run = RayEngine(pipeline, settings, on_result, address=args.address,
                        verbose=getattr(args, "verbose", False))
        usage_errors: tuple = (StateError, EngineError)
    else:
        engine = PoolEngine if jobs > 1 else LocalEngine
        run = engine(pipeline, settings, on_result,
                     on_note=lambda message: None if args.quiet else say(f"textclean: note: {message}"))
        usage_errors = (StateError,)
    stopped = None
    failure: BaseException | None = None
    try:
        run.run(items)
    except StopRun as exc:
        stopped = str(exc)
    except usage_errors as exc:
        failure = exc
        raise UsageError(str(exc)) from None
    except BaseException as exc:
        failure = exc
        raise
    finally:
        if report is not None and report_file is not None:
            report.flush()
            report.detach()  # AtomicFile closes (or discards) the file itself
            report_file.__exit__(type(failure) if failure else None, failure, None)
        dataset_out.__exit__(type(failure) if failure else None, failure, None)
        if bar is not None:
            bar.close()
    summary = run.summary
    if html_report:
        _write_html_report(html_report, report_docs, getattr(args, "title", "textclean report"))
        if not args.quiet:
            print(f"textclean: report written to {html_report}", file=sys.stderr)
    if ignored_datasets.count and not args.quiet:
        print(f"textclean: note: {ignored_datasets.count} JSONL/Parquet file(s) in the folders were not read "
              f"(e.g. {display(ignored_datasets.first)}); give --text-field NAME to clean datasets found in folders",
              file=sys.stderr)
    if stopped is not None:
        print(f"textclean: stopped at the first failure (--fail-fast / --on-error fail): {stopped}",
              file=sys.stderr)
    # (a filter, text to standard output, says nothing unless something went wrong, or -v)
    filtering = (mode == Mode.STDOUT or (mode == Mode.JSONL and jsonl_target == "-")) and not (summary.skipped or summary.failed or getattr(args, "verbose", False))
    if not args.quiet and not filtering:
        print(f"textclean: {summary.line()}", file=sys.stderr)
        if summary.errors and len(summary.errors) > 1:
            print(f"textclean: {len(summary.errors)} problems; first: {summary.errors[0]}", file=sys.stderr)
    if summary.skipped or summary.failed:
        return EXIT_SKIPPED
    if would_change and not quiet_check:
        return EXIT_CHANGES
    return EXIT_OK


def _write_html_report(path: str, results: list[DocResult], title: str) -> None:
    from textclean.report import ReportDocument, write_report

    def docs():
        for r in results:
            name = r.path if r.record is None else f"{r.path} #{r.record}"
            original = r.original or ""
            yield ReportDocument(name, original, r.text if r.text is not None else original, r.edits, r.error,
                                 r.language)

    write_report(path, docs(), title=title)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
