"""Writing a run's outputs in the main process: a dataset file's output (whole, or in parts a
resumed run keeps), and text files' outputs on one background thread.

Every output is written to a temporary file and renamed into place
(:class:`textclean.io.files.AtomicFile`); what depends on the format is asked of the format
(:class:`textclean.io.formats.base.DatasetFormat`).
"""

from __future__ import annotations

import contextlib
import shutil
from collections import deque
from pathlib import Path
from typing import Any, Callable

from textclean.io.files import AtomicFile, InputFile
from textclean.io.formats.base import DatasetFormat, Outcome
from textclean.run.document import PendingWrite
from textclean.run.results import DocResult


class DatasetOutput:
    """The output of one dataset file being written (or, in check/diff mode, counted)."""

    def __init__(self, item: InputFile, fmt: DatasetFormat, target: Path | None, fsync: bool = False,
                 stdout: bool = False):
        self.item, self.fmt, self.target, self.fsync = item, fmt, target, fsync
        self.stdout = stdout
        self.stack = contextlib.ExitStack()
        #: The format's writer (None: nothing is written, as in check/diff mode).
        self.output: Any = None
        #: Why the output could not be written (the file system refused); None while all is well.
        self.failed: str | None = None
        #: The parts being written, for a large dataset (see :class:`DatasetParts`).
        self.parts: DatasetParts | None = None
        self.schema = None
        #: Output bytes and counts of the records reported so far, taken back from the totals
        #: if the output fails: records that were never written are not counted as cleaned.
        self.bytes_out = 0
        self.written = 0
        self.changed_records = 0

    def reset(self, target: Path) -> None:
        """Write what follows to ``target`` (the next part), opened on first write."""
        self.stack = contextlib.ExitStack()
        self.output = None
        self.target = target
        self.open(self.schema)

    def open(self, schema=None) -> None:
        self.schema = schema
        if self.parts is not None and self.target == self.parts.target:
            self.target = self.parts.path()
        if self.target is None:
            if self.stdout and self.fmt.streams:
                self.output = self.fmt.stdout_output()  # cleaned records to standard output
            return
        raw = self.stack.enter_context(AtomicFile(self.target, fsync=self.fsync))
        self.output = self.fmt.open_output(self.stack, raw, self.target, schema)

    def write(self, written: Any, outcomes: list[Outcome], keep: Callable[[Outcome], bool]) -> None:
        """Write a cleaned batch (see :meth:`DatasetFormat.write`)."""
        if self.output is not None:
            self.fmt.write(self.output, written, outcomes, keep)

    def commit(self) -> None:
        self.stack.close()
        if self.stdout and self.output is not None:
            self.output.flush()

    def abort(self) -> None:
        # Leaving the stack through an exception makes AtomicFile discard the temporary file;
        # closing may fail again (a full disk refuses the last flush too): it is gone anyway.
        try:
            self.stack.__exit__(RuntimeError, RuntimeError("aborted"), None)
        except Exception:
            pass


class DatasetParts:
    """The parts of one large dataset's output, in ``OUT/.textclean-state/parts/<key>/``.

    Each part holds a run of whole records, compressed like the output. A part is renamed
    into place, then journaled; the output itself is assembled from the parts at the end
    (:meth:`DatasetFormat.assemble`), atomically, and the parts removed.
    """

    def __init__(self, folder: Path, target: Path, fmt: DatasetFormat, schema: Any,
                 done: list[dict[str, Any]], fsync: bool = False):
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
        with AtomicFile(self.target, fsync=self.fsync) as out:
            self.fmt.assemble([self.path(i) for i in range(self.index)], out, self.schema)

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


class FileWriter:
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
