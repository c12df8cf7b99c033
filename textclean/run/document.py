"""One document through a pipeline: read, decode, clean, write, and an account of it.

This is the unit of work that the CLI runs for each input (and that worker processes run in
parallel): it never raises for a bad document. Every outcome is a
:class:`~textclean.run.results.DocResult`: changed, unchanged, or skipped with a one-line
reason naming the file, so one bad file cannot stop a run or lose other results.
"""

from __future__ import annotations
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from textclean.io.compression import DEFAULT_MAX_BYTES, UnreadableInput, compress, read_input
from textclean.io.diff import unified_diff
from textclean.io.files import InputFile, atomic_write, display, is_within
from textclean.io.decode import NotTextError
from textclean.core.pipeline import Pipeline
from textclean.core.records import CleanerError
from textclean.core.regions import SUFFIX_FORMATS
from textclean.io.html import HtmlText, decode_input, page_text
from textclean.io.markdown import clean_document
from textclean.run.results import DocResult, Status


class Mode(StrEnum):
    """What a run does with each cleaned document."""

    WRITE = "write"  # to the output folder
    STDOUT = "stdout"  # keep the text for the caller to print
    CHECK = "check"  # write nothing; say what would change
    DIFF = "diff"  # write nothing; keep a unified diff
    JSONL = "jsonl"  # write nothing per file; keep the text for one JSONL dataset of them all


@dataclass(frozen=True)
class DocumentOptions:
    """How to treat each document.

    ``mode``: see :class:`Mode` (its word is taken too); ``out_dir``: the output folder of
    :attr:`Mode.WRITE`. ``explain`` keeps the edits, ``keep_original`` the decoded input,
    ``keep_text`` the cleaned text. ``output``: how an HTML page's text is written: ``"text"``,
    ``"markdown"`` or ``"markdown+links"`` (:mod:`textclean.io.markdown`).
    """

    mode: Mode = Mode.WRITE
    out_dir: Path | None = None
    explain: bool = False
    keep_original: bool = False
    keep_text: bool = False
    on_error: str = "keep"
    fsync: bool = False
    max_bytes: int = DEFAULT_MAX_BYTES  # the largest document read whole (0: no limit)
    output: str = "text"

    def __post_init__(self) -> None:
        object.__setattr__(self, "mode", Mode(self.mode))


@dataclass(frozen=True)
class PendingWrite:
    """A cleaned document ready to be written: where, the bytes (already compressed if the
    name asks for it), and whether to force them to disk before the rename."""

    target: Path
    data: bytes
    fsync: bool = False

    def apply(self, result: DocResult) -> DocResult:
        """Write the file atomically and record the outcome in ``result``: its output path,
        or a skip with a one-line reason if the file system refused."""
        try:
            atomic_write(self.target, self.data, fsync=self.fsync)
        except OSError as exc:
            result.status = Status.SKIPPED
            result.error = f"{result.path}: cannot write {display(self.target)}: {exc.strerror or exc}"
            return result
        result.output = display(self.target)
        return result


def process(pipeline: Pipeline, item: InputFile, options: DocumentOptions) -> DocResult:
    """Clean one input file according to ``options``; never raises for a bad input."""
    result, pending = prepare(pipeline, item, options)
    return pending.apply(result) if pending is not None else result


def prepare(pipeline: Pipeline, item: InputFile, options: DocumentOptions) -> tuple[DocResult, PendingWrite | None]:
    """Read, decode and clean one input file, and leave the output to be written (by
    :meth:`PendingWrite.apply`, which the caller may run on another thread); never raises for
    a bad input."""
    name = display(item.named)
    try:
        data = read_input(item.path, options.max_bytes or None)
    except UnreadableInput as exc:
        return DocResult(name, Status.SKIPPED, error=f"{name}: {exc}"), None
    except IsADirectoryError:
        return DocResult(name, Status.SKIPPED, error=f"{name}: is a folder (give it as a source to walk it)"), None
    except OSError as exc:
        return DocResult(name, Status.SKIPPED, error=f"{name}: cannot read: {exc.strerror or exc}"), None
    except (EOFError, RuntimeError, ValueError) as exc:  # corrupt .gz/.zst, or no zstandard
        return DocResult(name, Status.SKIPPED, error=f"{name}: cannot decompress: {exc}"), None
    from textclean.core.budget import TimeBudgetExceeded

    # Every stage of the document runs under the time budget, as each cleaner does (one alarm,
    # see Pipeline.budget): a stage that runs over, or an HTML page the parser rejects, fails
    # the document with a one-line reason naming the stage, and --on-error decides the rest.
    failure = None
    with pipeline.budget() as watch:
        try:
            decoded = watch.stage("decoding", decode_input, item.named, data)
        except NotTextError as exc:
            return DocResult(name, Status.SKIPPED, error=f"{name}: not text: {exc}", bytes_in=len(data)), None
        except TimeBudgetExceeded as exc:  # no text to keep, whatever --on-error says
            return DocResult(name, Status.FAILED, error=f"{name}: {exc}", bytes_in=len(data)), None
        # The output name (``page.html`` -> ``page.txt``) was settled with the input's folder
        # (:func:`textclean.io.files.output_names`), where clashes between names can be seen.
        try:
            text, page = watch.stage("HTML extraction", page_text, item.named, decoded.text, options.output,
                                      bool(pipeline.option("boilerplate", "keep_captions")))
        except TimeBudgetExceeded as exc:
            failure = str(exc)
        except Exception as exc:  # a page the parser or the walk cannot take (a bug to report)
            detail = (str(exc).strip().splitlines() or [""])[-1].strip()
            failure = f"HTML extraction failed: {type(exc).__name__}: {detail}"
    if failure is None:
        result, pending = _clean(pipeline, name, text, options, item.relative, encoding=decoded.encoding,
                                 bytes_in=len(data), format="html" if page else suffix_format(item.named),
                                 page=page)
        if page is not None and page.metadata:
            result.metadata = dict(page.metadata)
    elif options.on_error != "keep":
        result, pending = DocResult(name, Status.FAILED, encoding=decoded.encoding, error=f"{name}: {failure}",
                                    bytes_in=len(data)), None
    else:  # --on-error keep: the document is written as it came, as when a cleaner fails
        import types

        unchanged = types.SimpleNamespace(clean=lambda t, **_: t, explain=lambda t, **_: (t, []),
                                          run=lambda t, **_: (t, []))
        result, pending = _clean(unchanged, name, decoded.text, options, item.relative,  # type: ignore[arg-type]
                                 encoding=decoded.encoding, bytes_in=len(data))
        if result.status != Status.SKIPPED:
            result.status, result.error = Status.FAILED, f"{name}: {failure}"
    if decoded.warning:  # UTF-8 with a few bad bytes: read, but the user must hear of it
        result.note = decoded.warning
    return result, pending


def suffix_format(path: Path) -> str | None:
    """The format a file's name gives (``notes.md.gz`` -> ``"markdown"``), or None to let the
    pipeline judge it from the content.

    >>> suffix_format(Path("docs/intro.rst")), suffix_format(Path("a.md.gz")), suffix_format(Path("x"))
    ('rst', 'markdown', None)
    """
    name = path.name.lower()
    for compressed in (".gz", ".zst"):
        name = name.removesuffix(compressed)
    return SUFFIX_FORMATS.get(Path(name).suffix)


def _clean(
    pipeline: Pipeline,
    name: str,
    text: str,
    options: DocumentOptions,
    relative: Path,
    *,
    encoding: str | None,
    bytes_in: int,
    format: str | None = None,
    page: HtmlText | None = None,
) -> tuple[DocResult, PendingWrite | None]:
    """Clean decoded ``text`` (of an HTML ``page``, if it is one): the result, and the write
    it still needs (None if nothing is to be written, as ``options`` say)."""
    failure = None
    profile = None
    written = None  # what is written: the cleaned text, or the page as Markdown
    try:
        written, explained = clean_document(pipeline, text, page, output=options.output, explain=options.explain,
                                            format=format)
        cleaned, edits = explained
        profile = getattr(explained, "profile", None)
    except CleanerError as exc:
        failure = f"{name}: {exc}"
        if options.on_error != "keep":
            return DocResult(name, Status.FAILED, encoding=encoding, error=failure, bytes_in=bytes_in), None
        cleaned, edits = text, []
    if written is None:
        written = cleaned
    out_bytes = written.encode("utf-8", "surrogateescape")
    result = DocResult(
        name,
        Status.FAILED if failure else Status.CHANGED if cleaned != text else Status.UNCHANGED,
        error=failure,
        encoding=encoding,
        edits=edits,
        bytes_in=bytes_in,
        bytes_out=len(out_bytes),
        original=text if options.keep_original else None,
    )
    if profile is not None:
        result.language, result.format = profile.language, profile.format
        result.passed = profile.passed or None
        result.blocks = [list(b) for b in profile.blocks] or None
    if options.mode == Mode.DIFF and written != text:
        result.diff = unified_diff(name, text, written)
    if options.mode == Mode.STDOUT or options.keep_text:
        result.text = written
    if options.mode == Mode.WRITE:
        assert options.out_dir is not None
        target = options.out_dir / relative
        if not is_within(target.parent, options.out_dir) or relative.is_absolute() or ".." in relative.parts:
            result.status, result.error = Status.SKIPPED, f"{name}: output path {relative} would leave the output folder"
            return result, None
        return result, PendingWrite(target, compress(out_bytes, target), options.fsync)
    return result, None
