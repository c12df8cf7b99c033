"""A run over many inputs: files and dataset records through worker processes, in order.

The main process walks the inputs, reads dataset files in batches, and writes every output;
workers decode and clean. Text-file outputs are written on one background thread of the main
process (:class:`_FileWriter`), so the file system's latency overlaps the cleaning and workers
never contend for the output folder. Results come back in input order
(:func:`textclean.run.pool.ordered_map`), so a run with ``--jobs 4`` produces exactly
what ``--jobs 1`` does, and memory holds only a bounded window of tasks. Every outcome is
passed to a callback as a :class:`~textclean.run.results.DocResult` (one per text file, one per
dataset record), which the CLI uses for its report, progress bar and summary.
"""

from __future__ import annotations

import contextlib
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from textclean.io.compression import check_codec, open_write, verify_compressed
from textclean.run.datasets import clean_jsonl_lines, clean_texts
from textclean.io.formats import (
    format_of,
    iter_jsonl_batches,
    iter_parquet_batches,
    parquet_schema,
    text_column_problem,
)
from textclean.io.files import AtomicFile, InputFile, is_within
from textclean.run.pool import ordered_map
from textclean.core.pipeline import Pipeline
from textclean.run.results import DocResult, Summary
from textclean.run.document import PendingWrite, RunOptions, display, prepare
from textclean.run.state import RunState, fingerprint


@dataclass(frozen=True)
class RunSettings:
    """Everything about a run besides the pipeline and the inputs."""

    options: RunOptions = field(default_factory=RunOptions)
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


#: Files (and the markers between dataset batches) sent to a worker together: one round trip
#: for several small documents keeps the main process from becoming the bottleneck.
_CHUNK = 8


def _light(task: tuple) -> bool:
    """A task that is a file or a marker, not a batch of dataset records (which goes alone)."""
    return task[0] not in ("jsonl", "parquet")


def _dispatch(pipeline: Pipeline, kind: str, payload: Any) -> tuple[str, Any, Any]:
    """The work one task does in a worker; markers pass straight through."""
    if kind == "file":
        item, options = payload
        return kind, item, prepare(pipeline, item, options)
    if kind == "jsonl":
        lines, text_field, explain, first = payload
        return kind, first, clean_jsonl_lines(pipeline, lines, text_field, explain, first)
    if kind == "parquet":
        batch, text_field, explain, first = payload
        column = batch.schema.get_field_index(text_field)
        results = clean_texts(pipeline, batch.column(column).to_pylist(), explain)
        import pyarrow as pa

        values = pa.array([v for v, _ in results], type=batch.column(column).type)
        new_batch = batch.set_column(column, batch.schema.field(column), values)
        return kind, first, (new_batch, [o for _, o in results])
    return kind, payload, None


def _lost(task: tuple, reason: str) -> tuple[str, Any, Any]:
    """What :func:`_dispatch` would have returned for a task whose worker process died while
    it ran alone (see :func:`textclean.run.pool.ordered_map`): a text file is failed and
    nothing is written for it (its text never reached this process); each record of a dataset
    batch is failed as if a cleaner had failed on it (``--on-error`` decides whether its line
    is kept) and passes through as it was; a marker passes through."""
    kind, payload = task
    why = f"the worker process cleaning it died ({reason})"
    if kind == "file":
        item, _ = payload
        name = display(item.path)
        try:
            size = item.path.stat().st_size
        except OSError:
            size = 0
        return kind, item, (DocResult(name, "failed", error=f"{name}: {why}", bytes_in=size), None)
    if kind == "jsonl":
        lines, _, _, first = payload
        out = []
        for i, line in enumerate(lines):
            kept = line if isinstance(line, bytes) else None  # an oversize record was never held
            out.append((kept, {"record": first + i, "status": "failed", "error": why, "cleaner_error": True,
                               "bytes_in": len(line) if kept is not None else getattr(line, "size", 0),
                               "edits": []}))
        return kind, first, out
    if kind == "parquet":
        batch, _, _, first = payload
        return kind, first, (batch, [{"status": "failed", "error": why, "cleaner_error": True, "edits": []}
                                     for _ in range(batch.num_rows)])
    return kind, payload, None


def _split(task: tuple) -> list[tuple] | None:
    """A batch of dataset records as one task per record, so that a record whose worker
    process dies costs only itself (see :func:`textclean.run.pool.ordered_map`)."""
    kind, payload = task
    if kind == "jsonl":
        lines, text_field, explain, first = payload
        return [(kind, ([line], text_field, explain, first + i)) for i, line in enumerate(lines)]
    if kind == "parquet":
        batch, text_field, explain, first = payload
        return [(kind, (batch.slice(i, 1), text_field, explain, first + i)) for i in range(batch.num_rows)]
    return None


class _DatasetOutput:
    """The output of one dataset file being written (or, in check/diff mode, counted)."""

    def __init__(self, item: InputFile, fmt: str, target: Path | None, fsync: bool = False,
                 stdout: bool = False):
        self.item, self.fmt, self.target, self.fsync = item, fmt, target, fsync
        self.stdout = stdout
        self.stack = contextlib.ExitStack()
        self.stream = None
        self.writer = None
        self.changed = False
        #: Why the output could not be written (the file system refused); None while all is well.
        self.failed: str | None = None
        #: The parts being written, for a large dataset (see :class:`_Parts`).
        self.parts: _Parts | None = None
        self.schema = None
        #: Output bytes and counts of the records reported so far, taken back from the totals
        #: if the output fails: records that were never written are not counted as cleaned.
        self.bytes_out = 0
        self.written = 0
        self.changed_records = 0

    def reset(self, target: Path) -> None:
        """Write what follows to ``target`` (the next part), opened on first write."""
        self.stack = contextlib.ExitStack()
        self.stream = self.writer = None
        self.target = target
        self.open(self.schema)

    def open(self, schema=None) -> None:
        self.schema = schema
        if self.parts is not None and self.target == self.parts.target:
            self.target = self.parts.path()
        if self.target is None:
            if self.stdout and self.fmt == "jsonl":
                import sys

                self.stream = sys.stdout.buffer  # cleaned records to standard output
            return
        raw = self.stack.enter_context(AtomicFile(self.target, fsync=self.fsync))
        if self.fmt == "jsonl":
            stream = open_write(raw, self.target)
            # A compressing wrapper must be closed (to flush its frame) before AtomicFile
            # syncs and renames; the plain file is AtomicFile's own to close.
            self.stream = raw if stream is raw else self.stack.enter_context(contextlib.closing(stream))
        else:
            import pyarrow.parquet as pq

            self.writer = self.stack.enter_context(contextlib.closing(pq.ParquetWriter(raw, schema)))

    def write_lines(self, lines: Iterable[bytes]) -> None:
        if self.stream is not None:
            for line in lines:
                self.stream.write(line)

    def write_batch(self, batch) -> None:
        if self.writer is not None:
            self.writer.write_batch(batch)

    def write_table(self, table) -> None:
        if self.writer is not None:
            self.writer.write_table(table)

    def commit(self) -> None:
        self.stack.close()
        if self.stdout and self.stream is not None:
            self.stream.flush()

    def abort(self) -> None:
        # Leaving the stack through an exception makes AtomicFile discard the temporary file;
        # closing may fail again (a full disk refuses the last flush too): it is gone anyway.
        try:
            self.stack.__exit__(RuntimeError, RuntimeError("aborted"), None)
        except Exception:
            pass


class _Parts:
    """The parts of one large dataset's output, in ``OUT/.textclean-state/parts/<key>/``.

    Each part holds a run of whole records, compressed like the output (gzip members and zstd
    frames may follow one another, so JSONL parts concatenate into a valid file; Parquet parts
    are rewritten batch by batch). A part is renamed into place, then journaled; the output
    itself is assembled from the parts at the end, atomically, and the parts removed.
    """

    def __init__(self, folder: Path, target: Path, fmt: str, schema: Any, done: list[dict[str, Any]],
                 fsync: bool = False):
        self.folder, self.target, self.fmt, self.schema, self.fsync = folder, target, fmt, schema, fsync
        self.index = len(done)
        self.records = 0
        self.results: list[dict[str, Any]] = []

    def path(self, index: int | None = None) -> Path:
        suffix = "".join(self.target.suffixes[-2:]) if self.target.suffixes else ""
        return self.folder / f"part-{self.index if index is None else index:06d}{suffix}"

    def next(self) -> None:
        self.index += 1
        self.records = 0
        self.results = []

    def assemble(self) -> None:
        import shutil

        with AtomicFile(self.target, fsync=self.fsync) as out:
            if self.fmt == "jsonl":
                for i in range(self.index):
                    with open(self.path(i), "rb") as part:
                        shutil.copyfileobj(part, out, 1 << 20)
            else:
                import pyarrow.parquet as pq

                with contextlib.closing(pq.ParquetWriter(out, self.schema)) as writer:
                    for i in range(self.index):
                        for batch in pq.ParquetFile(self.path(i)).iter_batches():
                            writer.write_batch(batch)

    def remove(self) -> None:
        import shutil

        shutil.rmtree(self.folder, ignore_errors=True)


class _FileWriter:
    """Writes text-file outputs on one background thread and hands each result on, in input
    order, once its file is in place (or its write failed and it became a skip).

    On a virtual machine a file creation can cost as much as cleaning a small document, and
    two processes creating files in one folder slow each other down; one writer thread beside
    the workers takes both off the critical path. At most ``limit`` results wait here.
    """

    def __init__(self, finish: Callable[[Any, DocResult], None], limit: int = 64):
        from concurrent.futures import ThreadPoolExecutor

        self.finish = finish
        self.limit = limit
        self.waiting: deque = deque()
        self.pool = ThreadPoolExecutor(1, thread_name_prefix="textclean-writer")

    def add(self, meta: Any, result: DocResult, pending: PendingWrite | None) -> None:
        future = self.pool.submit(pending.apply, result) if pending is not None else None
        self.waiting.append((future, meta, result))
        self.drain(everything=False)

    def drain(self, everything: bool = True) -> None:
        """Hand on the results whose writes are done, in order; with ``everything``, wait
        for all of them (before any other kind of result, and at the end of the run)."""
        while self.waiting:
            future, meta, result = self.waiting[0]
            if future is not None and not future.done() and not everything and len(self.waiting) <= self.limit:
                return
            if future is not None:
                future.result()
            self.waiting.popleft()
            self.finish(meta, result)

    def abandon(self) -> None:
        """Stop without handing anything on: writes not yet started are dropped, the one
        under way completes (it is atomic), and a resumed run redoes them all."""
        self.waiting.clear()
        self.pool.shutdown(wait=True, cancel_futures=True)

    def close(self) -> None:
        self.drain()
        self.pool.shutdown(wait=True)


def record_result(name: str, record: int, outcome: dict[str, Any]) -> DocResult:
    """The DocResult of one dataset record from its outcome dict (see
    :func:`textclean.run.datasets.clean_jsonl_lines`)."""
    error = outcome.get("error")
    return DocResult(
        name, outcome["status"], record=record, edits=outcome.get("edits", []),
        error=f"{name}: record {record}: {error}" if error else None,
        bytes_in=outcome.get("bytes_in", 0), bytes_out=outcome.get("bytes_out", 0),
        note=outcome.get("note"),
    )


class Run:
    """One ``textclean clean`` over many inputs."""

    def __init__(self, pipeline: Pipeline, settings: RunSettings,
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
        self.state: RunState | None = None
        self.files: _FileWriter | None = None  # set for the length of run()

    def key(self) -> dict[str, Any]:
        """The fingerprint of everything that decides this run's outputs (see
        :func:`textclean.run.state.fingerprint`)."""
        return fingerprint(self.pipeline, text_field=self.settings.text_field,
                           on_error=self.options.on_error)

    def run(self, items: Iterable[InputFile]) -> Summary:
        """Process every input; return the totals. Raises StopRun on ``--fail-fast``."""
        out_dir = self.options.out_dir
        with contextlib.ExitStack() as stack:
            if self.options.mode == "write" and out_dir is not None:
                self.state = stack.enter_context(RunState(out_dir, self.key(), resume=self.settings.resume))
                if self.state.restarted:
                    self.on_note(f"redoing every input: since the earlier run into {display(out_dir)}, "
                                 f"these changed: {self.state.restarted}")
            current: _DatasetOutput | None = None
            self.files = _FileWriter(self._finish_file)
            try:
                for kind, meta, result in ordered_map(
                    _dispatch, self._tasks(items), pipeline=self.pipeline, jobs=self.settings.jobs,
                    chunk=_CHUNK, light=_light, on_lost=_lost, split=_split,
                ):
                    current = self._handle(kind, meta, result, current)
                self.files.close()
            except BaseException:
                self.files.abandon()
                if current is not None:
                    current.abort()
                raise
            finally:
                self.files = None
        return self.summary

    # -- producing tasks (main process) -------------------------------------------------

    def _target(self, item: InputFile) -> Path | None:
        if self.options.mode != "write" or self.options.out_dir is None:
            return None
        return self.options.out_dir / item.relative

    def _tasks(self, items: Iterable[InputFile]) -> Iterator[tuple[str, Any]]:
        s = self.settings
        for item in items:
            target = self._target(item)
            if target is not None and hash(str(item.path)) in self._targets:
                continue  # an output of this run, met again by a walk of a source inside OUT_DIR
            if target is not None:
                key = hash(str(target))
                if key in self._targets:
                    yield "abort", (item, f"its output {display(target)} is another input's output; not overwritten")
                    continue
                self._targets.add(key)
            if target is not None and self.state is not None and str(item.path) != "-":
                rel = str(item.relative)
                if self.state.is_done(rel, item.path, target):
                    stored = self.state.result(rel)
                    # A report must describe every document: one done earlier without its
                    # report record kept is done again.
                    if not self.options.explain or stored is not None:
                        yield "resumed", (item, stored)
                        continue
            if item.skip is not None:
                yield "abort", (item, item.skip)
                continue
            fmt = "text" if str(item.path) == "-" else format_of(item.path)
            if fmt == "text":
                yield "file", (item, self.options)
                continue
            if fmt == "parquet" and self.options.mode == "stdout":
                yield "abort", (item, "a Parquet file cannot be written to standard output; give -o OUT_DIR")
                continue
            if target is not None and not is_within(target.parent, self.options.out_dir):  # type: ignore[arg-type]
                yield "abort", (item, f"output path {item.relative} would leave the output folder")
                continue
            try:
                check_codec(item.path)
                if fmt == "parquet":
                    schema = parquet_schema(item.path)
                    problem = text_column_problem(schema, s.text_field)
                    if problem is not None:
                        yield "abort", (item, problem)
                        continue
                    parts = self._finished_parts(item, target)
                    yield "begin", (item, fmt, schema, parts)
                    first, skip = 1, sum(p["records"] for p in parts)
                    for batch in iter_parquet_batches(item.path, s.batch_size):
                        if skip:  # records of parts an interrupted run finished
                            cut = min(skip, batch.num_rows)
                            batch, skip, first = batch.slice(cut), skip - cut, first + cut
                            if not batch.num_rows:
                                continue
                        yield "parquet", (batch, s.text_field, self.options.explain, first)
                        first += batch.num_rows
                else:
                    verify_compressed(item.path)  # a damaged archive is one skip, not garbage records
                    parts = self._finished_parts(item, target)
                    yield "begin", (item, fmt, None, parts)
                    first, skip = 1, sum(p["records"] for p in parts)
                    for lines in iter_jsonl_batches(item.path, s.batch_size, self.options.max_bytes or None):
                        if skip:  # records of parts an interrupted run finished
                            cut = min(skip, len(lines))
                            lines, skip, first = lines[cut:], skip - cut, first + cut
                            if not lines:
                                continue
                        yield "jsonl", (lines, s.text_field, self.options.explain, first)
                        first += len(lines)
            except (OSError, EOFError, ValueError, RuntimeError) as exc:
                reason = getattr(exc, "strerror", None) or exc
                yield "abort", (item, f"cannot read: {reason}")
                continue
            except Exception as exc:  # pyarrow's errors: a corrupt or non-Parquet file
                yield "abort", (item, f"cannot read: {type(exc).__name__}: {exc}")
                continue
            yield "end", item

    def _finished_parts(self, item: InputFile, target: Path | None) -> list[dict[str, Any]]:
        """The parts of a large dataset's output that an interrupted run finished (and whose
        files are still there), to be kept; none for a small file or a run without a journal."""
        if not self._chunked(item, target):
            return []
        assert self.state is not None
        parts = self.state.parts_of(str(item.relative), item.path)
        if self.options.explain and any("results" not in p for p in parts):
            return []  # a report must describe those records: redo them
        return parts

    def _chunked(self, item: InputFile, target: Path | None) -> bool:
        """Whether a dataset's output is written in parts that a resumed run keeps: a large
        input, written to OUT_DIR with a journal."""
        if target is None or self.state is None or self.settings.part_records <= 0:
            return False
        try:
            return item.path.stat().st_size >= self.settings.part_min_bytes
        except OSError:
            return False

    # -- consuming results in order (main process) --------------------------------------

    def _emit(self, result: DocResult) -> None:
        self.summary.add(result)
        self.on_result(result)
        if result.status in ("skipped", "failed") and (
            self.settings.fail_fast or (result.status == "failed" and self.options.on_error == "fail")
        ):
            raise StopRun(result.error or result.path)

    def keep_line(self, outcome: dict[str, Any]) -> bool:
        """Whether a JSONL line goes to the output: all do, except a record a cleaner failed
        on when the policy is to drop it (``--on-error skip``)."""
        return not (outcome["status"] == "failed" and outcome.get("cleaner_error")
                    and self.options.on_error != "keep")

    def _finish_file(self, item: InputFile, result: DocResult) -> None:
        if self.state is not None and result.output is not None:
            self.state.mark_done(str(item.relative), item.path,
                                 result.to_json() if self.options.explain else None)
        self._emit(result)

    def _handle(self, kind: str, meta: Any, result: Any, current: _DatasetOutput | None):
        if kind == "file":
            assert self.files is not None, "text files are handled inside run()"
            self.files.add(meta, *result)
            return current
        if kind != "resumed" and self.files is not None:
            self.files.drain()  # results are handed on in input order
        if kind == "resumed":
            self.summary.resumed += 1
            item, stored = meta
            if stored is not None:
                self.on_result(DocResult.from_json(stored, resumed=True))
        elif kind == "abort":
            item, reason = meta
            if current is not None and current.item == item:
                current.abort()
                current = None
            self._emit(DocResult(display(item.path), "skipped", error=f"{display(item.path)}: {reason}"))
        elif kind == "begin":
            item, fmt, schema, parts = meta
            target = self._target(item)
            current = _DatasetOutput(item, fmt, target, self.options.fsync,
                                     stdout=self.options.mode == "stdout")
            if self._chunked(item, target):
                assert self.state is not None and target is not None
                current.parts = _Parts(self.state.parts_dir(str(item.relative)), target, fmt, schema,
                                       parts, self.options.fsync)
                for part in parts:
                    self.summary.resumed_records += part["records"]
                    for stored in part.get("results", ()):
                        self.on_result(DocResult.from_json(stored, resumed=True))
            try:
                current.open(schema)
            except OSError as exc:
                self._write_failed(current, exc)
        elif kind in ("jsonl", "parquet"):
            assert current is not None
            if current.failed is not None:
                return current  # the output is gone; the file is reported once, at its end
            name = display(current.item.path)
            try:
                if kind == "jsonl":
                    outcomes = result
                    current.write_lines(line for line, o in outcomes if line is not None and self.keep_line(o))
                    outcomes = [o for _, o in outcomes]
                else:
                    batch, outcomes = result
                    current.write_batch(batch)
            except OSError as exc:
                self._write_failed(current, exc)
                return current
            for i, o in enumerate(outcomes):
                record = record_result(name, meta + i, o)
                current.bytes_out += record.bytes_out
                if record.status in ("changed", "unchanged"):
                    current.written += 1
                    current.changed_records += record.status == "changed"
                if current.parts is not None and self.options.explain:
                    current.parts.results.append(record.to_json())
                self._emit(record)
            if current.parts is not None:
                current.parts.records += len(outcomes)
                if current.parts.records >= self.settings.part_records:
                    self._finish_part(current)
        elif kind == "end":
            assert current is not None
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
                name = display(meta.path)
                self._emit(DocResult(name, "skipped", error=f"{name}: {current.failed}"))
            elif self.state is not None and current.target is not None:
                self.state.mark_done(str(meta.relative), meta.path)
                if current.parts is not None:
                    current.parts.remove()
            current = None
        return current

    def _finish_part(self, current: _DatasetOutput, last: bool = False) -> None:
        """Put the part being written in place and journal it (with its records' report
        records when the run keeps a report); unless it is the ``last``, the next records
        start a new part."""
        parts = current.parts
        assert parts is not None and self.state is not None
        current.commit()  # the part file (the stream's target) is renamed into place
        self.state.mark_part(str(current.item.relative), current.item.path, parts.index, parts.records,
                             parts.results if self.options.explain else None)
        parts.next()
        if not last:
            current.reset(parts.path())

    def _write_failed(self, current: _DatasetOutput, exc: OSError) -> None:
        """The file system refused a dataset's output (disk full, read-only): discard it,
        take its records' bytes back out of the totals, and remember why for its skip."""
        current.abort()
        where = display(current.target) if current.target is not None else "standard output"
        current.failed = f"cannot write {where}: {exc.strerror or exc}; its records above were not written"
        self.summary.bytes_out -= current.bytes_out
        self.summary.documents -= current.written
        self.summary.changed -= current.changed_records

