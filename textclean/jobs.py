"""A run over many inputs: files and dataset records through worker processes, in order.

The main process walks the inputs, reads dataset files in batches, and writes every output;
workers decode and clean. Text-file outputs are written on one background thread of the main
process (:class:`_FileWriter`), so the file system's latency overlaps the cleaning and workers
never contend for the output folder. Results come back in input order
(:func:`textclean.parallel.ordered_map`), so a run with ``--jobs 4`` produces exactly
what ``--jobs 1`` does, and memory holds only a bounded window of tasks. Every outcome is
passed to a callback as a :class:`~textclean.runner.DocResult` (one per text file, one per
dataset record), which the CLI uses for its report, progress bar and summary.
"""

from __future__ import annotations

import contextlib
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from .datasets import (
    check_codec,
    clean_jsonl_lines,
    clean_texts,
    format_of,
    iter_jsonl_batches,
    iter_parquet_batches,
    open_write,
    parquet_schema,
    text_column_problem,
)
from .io import AtomicFile, InputFile, is_within
from .parallel import ordered_map
from .pipeline import Pipeline
from .runner import DocResult, PendingWrite, RunOptions, Summary, display, prepare
from .state import RunState, fingerprint


@dataclass(frozen=True)
class RunSettings:
    """Everything about a run besides the pipeline and the inputs."""

    options: RunOptions = field(default_factory=RunOptions)
    jobs: int = 1
    text_field: str = "text"
    batch_size: int = 256
    resume: bool = True
    fail_fast: bool = False


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


class _DatasetOutput:
    """The output of one dataset file being written (or, in check/diff mode, counted)."""

    def __init__(self, item: InputFile, fmt: str, target: Path | None, fsync: bool = False):
        self.item, self.fmt, self.target, self.fsync = item, fmt, target, fsync
        self.stack = contextlib.ExitStack()
        self.stream = None
        self.writer = None
        self.changed = False

    def open(self, schema=None) -> None:
        if self.target is None:
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

    def abort(self) -> None:
        # Leaving the stack through an exception makes AtomicFile discard the temporary file.
        try:
            self.stack.__exit__(RuntimeError, RuntimeError("aborted"), None)
        except RuntimeError:
            pass


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
    :func:`textclean.datasets.clean_jsonl_lines`)."""
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
        :func:`textclean.state.fingerprint`)."""
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
                    chunk=_CHUNK, light=_light,
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
            fmt = "text" if str(item.path) == "-" else format_of(item.path)
            if fmt == "text":
                yield "file", (item, self.options)
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
                    yield "begin", (item, fmt, schema)
                    first = 1
                    for batch in iter_parquet_batches(item.path, s.batch_size):
                        yield "parquet", (batch, s.text_field, self.options.explain, first)
                        first += batch.num_rows
                else:
                    yield "begin", (item, fmt, None)
                    first = 1
                    for lines in iter_jsonl_batches(item.path, s.batch_size):
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
            item, fmt, schema = meta
            current = _DatasetOutput(item, fmt, self._target(item), self.options.fsync)
            current.open(schema)
        elif kind in ("jsonl", "parquet"):
            assert current is not None
            name = display(current.item.path)
            if kind == "jsonl":
                outcomes = result
                current.write_lines(line for line, o in outcomes if self.keep_line(o))
                outcomes = [o for _, o in outcomes]
            else:
                batch, outcomes = result
                current.write_batch(batch)
            for i, o in enumerate(outcomes):
                self._emit(record_result(name, meta + i, o))
        elif kind == "end":
            assert current is not None
            current.commit()
            if self.state is not None and current.target is not None:
                self.state.mark_done(str(meta.relative), meta.path)
            current = None
        return current

