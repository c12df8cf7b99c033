"""``textclean fit``: the command that learns the boilerplate cleaner's corpus model.

The boilerplate plugin gives it through the ``textclean_register_commands`` hook, as any
plugin gives a command; the model itself is built by :mod:`.corpus`. Apply the model with
``textclean clean --model FILE``.
"""

from __future__ import annotations

import argparse
import json
import sys

from textclean.plugins.commands import EXIT_OK, EXIT_SKIPPED, Command, CommandHost, UsageError
from textclean.plugins.hookspecs import hookimpl


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("sources", nargs="*", metavar="CORPUS", help="files and folders (text, HTML, JSONL, Parquet)")
    p.add_argument("-o", "--output", metavar="MODEL.json", help="where to write the model")
    p.add_argument("--show", metavar="MODEL.json",
                   help="print what a fitted model learned (its recurring lines, most recurring first) and exit")
    p.add_argument("--top", type=int, default=50, metavar="N", help="with --show: at most N lines (0: all)")
    p.add_argument("--min-share", type=float, default=0.05, metavar="X",
                   help="share of documents a line must recur in to count (default: 0.05)")
    p.add_argument("--min-docs", type=int, default=3, metavar="N",
                   help="and at least this many documents (default: 3)")
    p.add_argument("--text-field", metavar="NAME",
                   help="JSONL field / Parquet column (default: text); also makes folders yield "
                        "their JSONL and Parquet files")
    p.add_argument("--ext", metavar="EXTS", help="file endings to take from folders")


def fit(args: argparse.Namespace, host: CommandHost) -> int:
    """Fit the model on every document of the sources; exit 3 if some inputs were skipped."""
    from textclean.cleaners.boilerplate.corpus import CorpusModel
    from textclean.io.files import atomic_write
    from textclean.io.formats import iter_documents

    if args.show:
        return show(args)
    if not args.sources or not args.output:
        raise UsageError("fit needs CORPUS... and -o MODEL.json (or --show MODEL.json to read one)")
    if not 0 < args.min_share <= 1:
        raise UsageError("--min-share must be in (0, 1]")
    host.check_sources(args.sources)
    host.check_output_file(args.output, "-o")
    problems: list[str] = []

    def on_error(message: str) -> None:
        problems.append(message)
        print(f"textclean: skipped {message}", file=sys.stderr)

    docs = iter_documents(host.inputs(args), args.text_field or "text", on_error)
    model = CorpusModel.fit(docs, min_share=args.min_share, min_docs=args.min_docs)
    atomic_write(args.output, json.dumps(model.to_dict()).encode("utf-8"))
    print(f"textclean: fitted on {model.documents} documents: {len(model.counts)} recurring lines "
          f"-> {args.output}", file=sys.stderr)
    return EXIT_SKIPPED if problems else EXIT_OK


def show(args: argparse.Namespace) -> int:
    """``textclean fit --show MODEL``: the model's recurring lines with their shares."""
    from textclean.cleaners.boilerplate.corpus import CorpusModel

    try:
        model = CorpusModel.load(args.show)
    except OSError as exc:
        raise UsageError(f"{args.show}: cannot read: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    rows = model.lines()
    print(f"{args.show}: fitted on {model.documents} documents; {len(rows)} recurring lines (a line in "
          f"{model.min_share:.0%} of the documents or more, and {model.min_docs} at least, is boilerplate)")
    print(f"{'share':>6}  {'docs':>6}  line (its first occurrence)")
    for share, count, text in rows[: args.top or None]:
        print(f"{share:6.1%}  {count:6d}  {text or '(text not kept: a model fitted by an older textclean)'}")
    if args.top and len(rows) > args.top:
        print(f"... and {len(rows) - args.top} more (--top 0 for all)")
    return EXIT_OK


@hookimpl
def textclean_register_commands(register):
    register(Command(
        "fit",
        "learn a corpus model of recurring boilerplate lines",
        add_arguments,
        fit,
        description="Fit the boilerplate cleaner's corpus model: lines that recur across many "
                    "documents of a corpus. Apply it with `textclean clean --model FILE`.",
    ))
