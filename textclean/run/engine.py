"""The engines that run a job over many inputs, behind one base class: :class:`LocalEngine`
(in this process), :class:`PoolEngine` (worker processes) and, in :mod:`textclean.run.ray`,
the Ray engine.

:class:`Engine` holds everything the engines share: the journal of a resumable run, turning
inputs into *tasks* (:meth:`Engine.tasks`), taking their results in input order
(:meth:`Engine.handle`), writing every output, and accounting (the :class:`Summary`, the
error policy). An engine only decides where the tasks are done (:meth:`Engine.results`).

A task is ``(kind, payload)``, done in a worker by :func:`do_task`, which returns
``(kind, meta, result)``:

- ``"file"``: one text or HTML file, read, cleaned and left to be written
  (:func:`textclean.run.document.prepare`);
- ``"batch"``: a batch of a dataset file's records, cleaned by its format
  (:meth:`textclean.io.formats.base.DatasetFormat.clean`);
- markers, which pass through in order: ``"begin"`` and ``"end"`` of a dataset file,
  ``"abort"`` (an input skipped, with a reason), ``"resumed"`` (done by an earlier run).

The main process walks the inputs, reads dataset files in batches, and writes every output;
workers decode and clean. Text-file outputs are written on one background thread of the main
process (:class:`~textclean.run.outputs.FileWriter`), so the file system's latency overlaps the
cleaning and workers never contend for the output folder. Results come back in input order
(:func:`textclean.run.pool.ordered_map`), so a run with ``--jobs 4`` produces exactly what
``--jobs 1`` does, and memory holds only a bounded window of tasks. Every outcome is passed to
a callback as a :class:`~textclean.run.results.DocResult` (one per text file, one per dataset
record), which the CLI uses for its report, progress bar and summary.
"""

from __future__ import annotations

import contextlib
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from textclean.core.pipeline import Pipeline
from textclean.io.compression import check_codec
from textclean.io.files import InputFile, display, is_within
from textclean.io.formats import DatasetFormat, dataset_format, format_for
from textclean.run.document import DocumentOptions, Mode, prepare
from textclean.run.outputs import DatasetOutput, DatasetParts, FileWriter
from textclean.run.pool import ordered_map
from textclean.run.results import DocResult, Status, Summary
from textclean.run.state import RunJournal, fingerprint


@dataclass(frozen=True)
class JobSettings:
    """Everything about a job besides the pipeline and the inputs."""

    options: DocumentOptions = field(default_factory=DocumentOptions)
    jobs: int = 1
    text_field: str = "text"
    batch_size: int = 256
    resume: bool = True
    fail_fast: bool = False
    #: A dataset file of at least ``part_min_bytes`` is written in parts of ``part_records``
    #: records; an interrupted run's finished parts are kept and its output assembled from
    #: them, so a killed run over a file of millions of records does not start from record 1.
    part_records: int = 20_000
    part_min_bytes: int = 16 * 1024 * 1024


class StopRun(Exception):
    """Raised inside the run loop to stop at the first failure (``--fail-fast``)."""


# -- tasks (done in a worker) ---------------------------------------------------------------

def do_task(pipeline: Pipeline, kind: str, payload: Any) -> tuple[str, Any, Any]:
    """The work one task does (in a worker process or a Ray actor); markers pass straight
    through."""
    if kind == "file":
        item, options = payload
        return kind, item, prepare(pipeline, item, options)
    if kind == "batch":
        fmt, batch, text_field, explain, first, output = payload
        return kind, first, dataset_format(fmt).clean(pipeline, batch, text_field, explain, first, output)
    return kind, payload, None


def is_light(task: tuple) -> bool:
    """A task that is a file or a marker, not a batch of dataset records (which goes alone)."""
    return task[0] != "batch"


def lost_task(task: tuple, reason: str) -> tuple[str, Any, Any]:
    """What :func:`do_task` would have returned for a task whose worker process died while
    it ran alone (see :func:`textclean.run.pool.ordered_map`): a text file is failed and
    nothing is written for it (its text never reached this process); each record of a dataset
    batch is failed as if a cleaner had failed on it (``--on-error`` decides whether it is
    kept) and passes through as it was; a marker passes through."""
    kind, payload = task
    why = f"the worker process cleaning it died ({reason})"
    if kind == "file":
        item, _ = payload
        name = display(item.path)
        try:
            size = item.path.stat().st_size
        except OSError:
            size = 0
        return kind, item, (DocResult(name, Status.FAILED, error=f"{name}: {why}", bytes_in=size), None)
    if kind == "batch":
        fmt, batch, _, _, first, _ = payload
        return kind, first, dataset_format(fmt).lost(batch, first, why)
    return kind, payload, None


def split_task(task: tuple) -> list[tuple] | None:
    """A batch of dataset records as one task per record, so that a record whose worker
    process dies costs only itself (see :func:`textclean.run.pool.ordered_map`)."""
    kind, payload = task
    if kind != "batch":
        return None
    fmt, batch, text_field, explain, first, output = payload
    return [(kind, (fmt, part, text_field, explain, first + i, output))
            for i, part in enumerate(dataset_format(fmt).split(batch))]


def record_result(name: str, record: int, outcome: dict[str, Any]) -> DocResult:
    """The DocResult of one dataset record from its outcome (see
    :data:`textclean.io.formats.base.Outcome`)."""
    error = outcome.get("error")
    return DocResult(
        name, outcome["status"], record=record, edits=outcome.get("edits", []),
        error=f"{name}: record {record}: {error}" if error else None,
        bytes_in=outcome.get("bytes_in", 0), bytes_out=outcome.get("bytes_out", 0),
        note=outcome.get("note"), language=outcome.get("language"), passed=outcome.get("passed"),
    )


# -- the engines ----------------------------------------------------------------------------

class Engine(ABC):
    """One ``textclean clean`` over many inputs: what every engine shares.

    ``on_result`` hears of every document, in input order; ``on_note`` of what the user
    should know about the run as a whole (its journal set aside, and why).
    """

    def __init__(self, pipeline: Pipeline, settings: JobSettings,
                 on_result: Callable[[DocResult], None] = lambda r: None,
                 on_note: Callable[[str], None] = lambda message: None):
        self.pipeline = pipeline
        self.settings = settings
        self.options = settings.options
        self.on_result = on_result
        self.on_note = on_note
        # Hashes of the outputs this run has written or is writing: a second input bound for
        # one of them (a file that appeared after the run checked its inputs) is refused.
        self._targets: set[int] = set()
        self.summary = Summary()
        #: The journal of the output folder, while :meth:`open_journal` holds it.
        self.journal: RunJournal | None = None
        #: The dataset file whose output is being written, between its begin and end.
        self.dataset: DatasetOutput | None = None
        self.files: FileWriter | None = None  # set for the length of run()

    @abstractmethod
    def results(self, tasks: Iterable[tuple]) -> Iterator[tuple[str, Any, Any]]:
        """``do_task(pipeline, *task)`` for each task, in order, wherever this engine runs them."""

    def run(self, items: Iterable[InputFile]) -> Summary:
        """Process every input; return the totals. Raises StopRun on ``--fail-fast``."""
        with self.open_journal():
            self.files = FileWriter(self.finish_file)
            try:
                for kind, meta, result in self.results(self.tasks(items)):
                    self.handle(kind, meta, result)
                self.files.close()
            except BaseException:
                self.files.abandon()
                self.abandon()
                raise
            finally:
                self.files = None
        return self.summary

    def key(self) -> dict[str, Any]:
        """The fingerprint of everything that decides this run's outputs (see
        :func:`textclean.run.state.fingerprint`)."""
        # (the output format only where it is not text: a text run's journal stays valid)
        output = {"output": self.options.output} if self.options.output != "text" else {}
        return fingerprint(self.pipeline, text_field=self.settings.text_field,
                           on_error=self.options.on_error, **output)

    @contextlib.contextmanager
    def open_journal(self) -> Iterator[RunJournal | None]:
        """Hold the output folder's journal (and its lock) for a run that writes to one,
        as :attr:`journal`; say so through ``on_note`` if an earlier run's was set aside."""
        out_dir = self.options.out_dir
        if self.options.mode != Mode.WRITE or out_dir is None:
            yield None
            return
        with RunJournal(out_dir, self.key(), resume=self.settings.resume) as journal:
            self.journal = journal
            if journal.restarted:
                self.on_note(f"redoing every input: since the earlier run into {display(out_dir)}, "
                             f"these changed: {journal.restarted}")
            yield journal

    def target(self, item: InputFile) -> Path | None:
        """Where ``item``'s output goes (None if the run writes no files)."""
        if self.options.mode != Mode.WRITE or self.options.out_dir is None:
            return None
        return self.options.out_dir / item.relative

    # -- producing tasks (main process) -------------------------------------------------

    def finished_earlier(self, item: InputFile, target: Path | None) -> tuple[bool, dict[str, Any] | None]:
        """Whether an earlier run of this job finished ``item`` (so it is not done again),
        and the report record that run kept for it, if any."""
        if target is None or self.journal is None or str(item.path) == "-":
            return False, None
        rel = str(item.relative)
        if not self.journal.is_done(rel, item.path, target):
            return False, None
        stored = self.journal.result(rel)
        # A report must describe every document: one done earlier without its report record
        # kept is done again.
        return not self.options.explain or stored is not None, stored

    def tasks(self, items: Iterable[InputFile]) -> Iterator[tuple[str, Any]]:
        """The tasks of the inputs, in order (dataset files read in batches as they go)."""
        s = self.settings
        for item in items:
            target = self.target(item)
            if target is not None and hash(str(item.path)) in self._targets:
                continue  # an output of this run, met again by a walk of a source inside OUT_DIR
            if target is not None:
                key = hash(str(target))
                if key in self._targets:
                    yield "abort", (item, f"its output {display(target)} is another input's output; not overwritten")
                    continue
                self._targets.add(key)
            done, stored = self.finished_earlier(item, target)
            if done:
                yield "resumed", (item, stored)
                continue
            if item.skip is not None:
                yield "abort", (item, item.skip)
                continue
            fmt = format_for(item.path)
            if not isinstance(fmt, DatasetFormat):
                yield "file", (item, self.options)
                continue
            if self.options.mode == Mode.STDOUT and not fmt.streams:
                yield "abort", (item, f"a {fmt.title} file cannot be written to standard output; give -o OUT_DIR")
                continue
            if target is not None and not is_within(target.parent, self.options.out_dir):  # type: ignore[arg-type]
                yield "abort", (item, f"output path {item.relative} would leave the output folder")
                continue
            try:
                check_codec(item.path)
                schema, problem = fmt.inspect(item.path, s.text_field)
                if problem is not None:
                    yield "abort", (item, problem)
                    continue
                parts = self.finished_parts(item, target)
                yield "begin", (item, fmt.name, schema, parts)
                first, skip = 1, sum(p["records"] for p in parts)
                for batch in fmt.batches(item.path, s.batch_size, self.options.max_bytes or None):
                    if skip:  # records of parts an interrupted run finished
                        cut = min(skip, fmt.size(batch))
                        batch, skip, first = fmt.drop(batch, cut), skip - cut, first + cut
                        if not fmt.size(batch):
                            continue
                    yield "batch", (fmt.name, batch, s.text_field, self.options.explain, first, self.options.output)
                    first += fmt.size(batch)
            except (OSError, EOFError, ValueError, RuntimeError) as exc:
                reason = getattr(exc, "strerror", None) or exc
                yield "abort", (item, f"cannot read: {reason}")
                continue
            except Exception as exc:  # a library's own errors: a corrupt or non-Parquet file
                yield "abort", (item, f"cannot read: {type(exc).__name__}: {exc}")
                continue
            yield "end", item

    def finished_parts(self, item: InputFile, target: Path | None) -> list[dict[str, Any]]:
        """The parts of a large dataset's output that an interrupted run finished (and whose
        files are still there), to be kept; none for a small file or a run without a journal."""
        if not self.chunked(item, target):
            return []
        assert self.journal is not None
        parts = self.journal.parts_of(str(item.relative), item.path)
        if self.options.explain and any("results" not in p for p in parts):
            return []  # a report must describe those records: redo them
        return parts

    def chunked(self, item: InputFile, target: Path | None) -> bool:
        """Whether a dataset's output is written in parts that a resumed run keeps: a large
        input, written to OUT_DIR with a journal."""
        if target is None or self.journal is None or self.settings.part_records <= 0:
            return False
        try:
            return item.path.stat().st_size >= self.settings.part_min_bytes
        except OSError:
            return False

    # -- consuming results in order (main process) --------------------------------------

    def emit(self, result: DocResult) -> None:
        """Count a document's result and hand it on; raise StopRun if the run stops here."""
        self.summary.add(result)
        self.on_result(result)
        if result.status in (Status.SKIPPED, Status.FAILED) and (
            self.settings.fail_fast or (result.status == Status.FAILED and self.options.on_error == "fail")
        ):
            raise StopRun(result.error or result.path)

    def skip(self, item: InputFile, reason: str) -> None:
        """Record ``item`` as skipped, for ``reason``."""
        name = display(item.path)
        self.emit(DocResult(name, Status.SKIPPED, error=f"{name}: {reason}"))

    def report_resumed(self, stored: dict[str, Any] | None) -> None:
        """Count an input an earlier run finished, and hand on the report record it kept."""
        self.summary.resumed += 1
        if stored is not None:
            self.on_result(DocResult.from_json(stored, resumed=True))

    def keep_line(self, outcome: dict[str, Any]) -> bool:
        """Whether a record goes to the output: all do, except a record a cleaner failed on
        when the policy is to drop it (``--on-error skip``)."""
        return not (outcome["status"] == Status.FAILED and outcome.get("cleaner_error")
                    and self.options.on_error != "keep")

    def finish_file(self, item: InputFile, result: DocResult) -> None:
        """A text file's output is in place (or it became a skip): journal it, hand it on."""
        if self.journal is not None and result.output is not None:
            self.journal.mark_done(str(item.relative), item.path,
                                   result.to_json() if self.options.explain else None)
        self.emit(result)

    def abandon(self) -> None:
        """The run stops early: the output of the dataset file being written is discarded."""
        if self.dataset is not None:
            self.dataset.abort()

    def handle(self, kind: str, meta: Any, result: Any) -> None:
        """Take the result of one task (see :func:`do_task`), in input order."""
        if kind == "file":
            assert self.files is not None, "text files are handled inside run()"
            self.files.add(meta, *result)
            return
        if kind != "resumed" and self.files is not None:
            self.files.drain()  # results are handed on in input order
        current = self.dataset
        if kind == "resumed":
            _, stored = meta
            self.report_resumed(stored)
        elif kind == "abort":
            item, reason = meta
            if current is not None and current.item == item:
                current.abort()
                self.dataset = None
            self.skip(item, reason)
        elif kind == "begin":
            self._begin(*meta)
        elif kind == "batch":
            assert current is not None
            if current.failed is None:  # else the output is gone; the file is reported once, at its end
                self._take_batch(current, meta, *result)
        elif kind == "end":
            assert current is not None
            self._end(current, meta)

    def _begin(self, item: InputFile, fmt_name: str, schema: Any, parts: list[dict[str, Any]]) -> None:
        fmt = dataset_format(fmt_name)
        target = self.target(item)
        current = self.dataset = DatasetOutput(item, fmt, target, self.options.fsync,
                                               stdout=self.options.mode == Mode.STDOUT)
        if self.chunked(item, target):
            assert self.journal is not None and target is not None
            current.parts = DatasetParts(self.journal.parts_dir(str(item.relative)), target, fmt, schema,
                                         parts, self.options.fsync)
            for part in parts:
                self.summary.resumed_records += part["records"]
                for stored in part.get("results", ()):
                    self.on_result(DocResult.from_json(stored, resumed=True))
        try:
            current.open(schema)
        except OSError as exc:
            self._write_failed(current, exc)

    def _take_batch(self, current: DatasetOutput, first: int, written: Any, outcomes: list[dict[str, Any]]) -> None:
        name = display(current.item.path)
        try:
            current.write(written, outcomes, self.keep_line)
        except OSError as exc:
            self._write_failed(current, exc)
            return
        for i, o in enumerate(outcomes):
            record = record_result(name, first + i, o)
            current.bytes_out += record.bytes_out
            if record.status in (Status.CHANGED, Status.UNCHANGED):
                current.written += 1
                current.changed_records += record.status == Status.CHANGED
            if current.parts is not None and self.options.explain:
                current.parts.results.append(record.to_json())
            self.emit(record)
        if current.parts is not None:
            current.parts.records += len(outcomes)
            if current.parts.records >= self.settings.part_records:
                self._finish_part(current)

    def _end(self, current: DatasetOutput, item: InputFile) -> None:
        if current.failed is None:
            try:
                if current.parts is not None:
                    if current.parts.records:
                        self._finish_part(current, last=True)
                    else:
                        current.abort()  # the part opened for records that never came
                    current.parts.assemble()
                else:
                    current.commit()
            except OSError as exc:
                self._write_failed(current, exc)
        if current.failed is not None:
            name = display(item.path)
            self.emit(DocResult(name, Status.SKIPPED, error=f"{name}: {current.failed}"))
        elif self.journal is not None and current.target is not None:
            self.journal.mark_done(str(item.relative), item.path)
            if current.parts is not None:
                current.parts.remove()
        self.dataset = None

    def _finish_part(self, current: DatasetOutput, last: bool = False) -> None:
        """Put the part being written in place and journal it (with its records' report
        records when the run keeps a report); unless it is the ``last``, the next records
        start a new part."""
        parts = current.parts
        assert parts is not None and self.journal is not None
        current.commit()  # the part file (the stream's target) is renamed into place
        self.journal.mark_part(str(current.item.relative), current.item.path, parts.index, parts.records,
                               parts.results if self.options.explain else None)
        parts.next()
        if not last:
            current.reset(parts.path())

    def _write_failed(self, current: DatasetOutput, exc: OSError) -> None:
        """The file system refused a dataset's output (disk full, read-only): discard it,
        take its records' bytes back out of the totals, and remember why for its skip."""
        current.abort()
        where = display(current.target) if current.target is not None else "standard output"
        current.failed = f"cannot write {where}: {exc.strerror or exc}; its records above were not written"
        self.summary.bytes_out -= current.bytes_out
        self.summary.documents -= current.written
        self.summary.changed -= current.changed_records


#: Files (and the markers between dataset batches) sent to a worker together: one round trip
#: for several small documents keeps the main process from becoming the bottleneck.
FILES_PER_TRIP = 8


class LocalEngine(Engine):
    """Every task in this process, one after the other (``--jobs 1``, standard input)."""

    def results(self, tasks: Iterable[tuple]) -> Iterator[tuple[str, Any, Any]]:
        for task in tasks:
            yield do_task(self.pipeline, *task)


class PoolEngine(Engine):
    """Tasks in ``settings.jobs`` worker processes, results in input order
    (:func:`textclean.run.pool.ordered_map`); a task whose worker dies is given up on alone
    (:func:`lost_task`), a batch record by record (:func:`split_task`)."""

    def results(self, tasks: Iterable[tuple]) -> Iterator[tuple[str, Any, Any]]:
        return ordered_map(do_task, tasks, pipeline=self.pipeline, jobs=self.settings.jobs,
                           chunk=FILES_PER_TRIP, light=is_light, on_lost=lost_task, split=split_task)
