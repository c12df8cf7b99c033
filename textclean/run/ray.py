"""The same run on Ray: ``textclean clean SRC -o OUT --engine ray [--address ADDR]``.

Text and HTML files go through Ray Data: ``from_items(paths) -> map_batches(cleaner
actors)``, where each actor builds the :class:`~textclean.Pipeline` once from its plain config
and writes its outputs atomically under OUT (which, on a cluster, must be a folder every node
can write: NFS, a mounted bucket). Dataset files (JSONL, Parquet, compressed) are read by the
driver in batches, exactly as the local engines read them, cleaned by a pool of Ray actors
(each with its own pipeline) through a bounded, ordered window, and written by the driver.
Order is preserved, so the output and the report equal the local engines'.

Ray is an optional extra: ``pip install 'textclean-toolkit[ray]'``. Without ``--address`` a local Ray
instance is started with ``--jobs`` CPUs; with it, textclean joins that cluster
(``ray://host:10001`` or ``auto``).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sys
import threading
from dataclasses import asdict
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from textclean.core.pipeline import Pipeline
from textclean.io.files import InputFile
from textclean.io.formats import format_for
from textclean.run.document import DocumentOptions, process
from textclean.run.engine import Engine, JobSettings, do_task
from textclean.run.results import DocResult, Summary


#: Text files handed to Ray Data at a time.
_FILE_CHUNK = 10_000


#: A log line of Ray's C++ core ("[2026-12-04 11:08:50,158 E 16395 16395] core_worker.cc:2465: ...").
_LINE_START = re.compile(rb"[\r\n]\[")
_RAY_LINE = re.compile(rb"\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ [DIWEF] \d+ \d+\] ")


def _pass_through(read_fd: int, write_fd: int) -> None:
    """Copy what arrives on ``read_fd`` to ``write_fd`` but Ray's C++ log lines: a line that
    may be one (it starts with ``[``) is held until its end; anything else passes at once, a
    progress bar's carriage returns included."""
    held = b""
    while True:
        chunk = os.read(read_fd, 65536)
        if chunk:
            held += chunk
        out = []
        while held:
            if held.startswith(b"["):
                end = held.find(b"\n")
                if end < 0:
                    if chunk and (len(held) < 40 or _RAY_LINE.match(held)):
                        break  # (may be Ray's: wait for the end of the line)
                    end = len(held) - 1
                line, held = held[:end + 1], held[end + 1:]
                if not _RAY_LINE.match(line):
                    out.append(line)
            else:
                at = _LINE_START.search(held)  # (a "[" where a line starts, or after a bar's "\r")
                end = len(held) if at is None else at.start() + 1
                out.append(held[:end])
                held = held[end:]
        if out:
            os.write(write_fd, b"".join(out))
        if not chunk:
            break


@contextlib.contextmanager
def _without_ray_lines(enabled: bool) -> Iterator[None]:
    """Standard error without the log lines Ray's C++ core writes to it (its Python logging
    is quieted with its logger; these come from below, "core_worker.cc: ... Actor ... has
    constructor arguments in the object store" on every run): fd 2 goes through a pipe whose
    reader drops them. The processes Ray started before keep their own standard error."""
    if not enabled:
        yield
        return
    sys.stderr.flush()
    saved = os.dup(2)
    read_fd, write_fd = os.pipe()
    os.dup2(write_fd, 2)
    os.close(write_fd)
    thread = threading.Thread(target=_pass_through, args=(read_fd, saved), daemon=True)
    thread.start()
    try:
        yield
    finally:
        sys.stderr.flush()
        os.dup2(saved, 2)  # (the pipe's last writer in this process closed: its reader ends)
        thread.join(timeout=10)
        os.close(read_fd)
        os.close(saved)


class EngineError(Exception):
    """The Ray engine cannot run as asked (Ray not installed, stdin as input)."""


def _ray():
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError:
        raise EngineError("the Ray engine needs Ray: pip install 'textclean-toolkit[ray]'") from None
    return ray


def _options_to_wire(options: DocumentOptions) -> dict[str, Any]:
    d = asdict(options)
    d["out_dir"] = str(options.out_dir) if options.out_dir is not None else None
    return d


def _options_from_wire(d: dict[str, Any]) -> DocumentOptions:
    d = dict(d)
    d["out_dir"] = Path(d["out_dir"]) if d["out_dir"] is not None else None
    return DocumentOptions(**d)


class FileCleaner:
    """A Ray Data actor: cleans (and writes) text files with one pipeline per actor."""

    def __init__(self, config: dict[str, Any], options: dict[str, Any]):
        self.pipeline = Pipeline(config)
        self.options = _options_from_wire(options)

    def __call__(self, batch: dict[str, Any]) -> dict[str, list]:
        out = []
        for path, rel in zip(batch["path"], batch["rel"]):
            result = process(self.pipeline, InputFile(Path(str(path)), Path(str(rel))), self.options)
            out.append(json.dumps(result.to_wire(), ensure_ascii=False))
        return {"result": out}


class RayEngine(Engine):
    """A run on Ray, with the results of the local engines (see :class:`Engine`): the same
    journal, tasks, accounting and writing of dataset outputs; only where the work is done
    differs."""

    def __init__(self, pipeline: Pipeline, settings: JobSettings,
                 on_result: Callable[[DocResult], None] = lambda r: None,
                 on_note: Callable[[str], None] = lambda message: None, *, address: str | None = None,
                 verbose: bool = False):
        super().__init__(pipeline, settings, on_result, on_note)
        self.address = address
        self.verbose = verbose  # Ray's own log lines on standard error too (-v)

    def results(self, tasks: Iterable[tuple]) -> Iterator[tuple[str, Any, Any]]:
        """The tasks of dataset files, on a pool of Ray actors (each with its own pipeline),
        through a bounded window, in order."""
        import ray
        from ray.util import ActorPool

        jobs = max(1, self.settings.jobs)
        actors = [_ray_actor(ray).remote(self.pipeline.config.to_dict()) for _ in range(jobs)]
        pool = ActorPool(actors)
        pending = 0
        try:
            for task in tasks:
                if task[0] == "batch":
                    pool.submit(lambda actor, t: actor.do_task.remote(*t), task)
                    pending += 1
                    if pending >= 2 * jobs:
                        yield pool.get_next()
                        pending -= 1
                    continue
                while pending:
                    yield pool.get_next()
                    pending -= 1
                yield do_task(self.pipeline, *task)
            while pending:
                yield pool.get_next()
                pending -= 1
        finally:
            for a in actors:
                ray.kill(a)

    def run(self, items: Iterable[InputFile]) -> Summary:
        ray = _ray()
        import logging
        import os
        import warnings

        # Ray's INFO chatter and deprecation notices are not the user's business here; real
        # errors still surface as exceptions.
        for name in ("ray", "ray.data"):
            logging.getLogger(name).setLevel(logging.ERROR)
        warnings.filterwarnings("ignore", module=r"ray(\.|$)")
        os.environ.setdefault("RAY_AUTH_MODE", "disabled")
        if not ray.is_initialized():
            if self.address:
                ray.init(address=self.address, log_to_driver=False, logging_level=logging.ERROR)
            else:
                ray.init(num_cpus=max(1, self.settings.jobs), include_dashboard=False, log_to_driver=False,
                         logging_level=logging.ERROR)
        ctx = ray.data.DataContext.get_current()
        ctx.execution_options.preserve_order = True
        ctx.enable_progress_bars = False

        with _without_ray_lines(not self.verbose), self.open_journal():
            # Inputs are handled in the order given, as the local engines do: runs of text
            # files (in chunks, so a huge crawl is never one list) go to Ray Data, a dataset
            # file to the actor pool.
            files: list[InputFile] = []
            for item in items:
                if str(item.path) == "-":
                    raise EngineError("the Ray engine cannot read standard input")
                if item.skip is not None:
                    self.skip(item, item.skip)
                    continue
                done, stored = self.finished_earlier(item, self.target(item))
                if done:
                    self.report_resumed(stored)
                    continue
                if not format_for(item.path).dataset:
                    files.append(item)
                    if len(files) >= _FILE_CHUNK:
                        self._run_files(ray, files)
                        files = []
                    continue
                if files:
                    self._run_files(ray, files)
                    files = []
                self._run_dataset(item)
            if files:
                self._run_files(ray, files)
        return self.summary

    def _compute(self):
        import ray.data

        return ray.data.ActorPoolStrategy(size=max(1, self.settings.jobs))

    def _run_files(self, ray, files: list[InputFile]) -> None:
        ds = ray.data.from_items([{"path": str(i.path), "rel": str(i.relative)} for i in files])
        ds = ds.map_batches(
            FileCleaner, batch_size=4, compute=self._compute(),
            fn_constructor_kwargs={"config": self.pipeline.config.to_dict(),
                                   "options": _options_to_wire(self.options)},
        )
        for item, row in zip(files, ds.iter_rows()):
            self.finish_file(item, DocResult.from_wire(json.loads(row["result"])))

    def _run_dataset(self, item: InputFile) -> None:
        # The driver reads the dataset in batches exactly as the local engines do (so
        # .gz/.zst, malformed lines and record numbers behave the same), a pool of Ray actors
        # cleans them, and results come back in order through a bounded window.
        try:
            with contextlib.closing(self.results(self.tasks([item]))) as results:  # the actors go at once
                for kind, meta, result in results:
                    self.handle(kind, meta, result)
        except BaseException:
            self.abandon()
            raise


_ACTOR = None


def _ray_actor(ray):
    """The Ray actor class that runs :func:`textclean.run.engine.do_task` with its own pipeline."""
    global _ACTOR
    if _ACTOR is None:
        @ray.remote
        class DatasetCleaner:
            def __init__(self, config):
                self.pipeline = Pipeline(config)

            def do_task(self, kind, payload):
                return do_task(self.pipeline, kind, payload)

        _ACTOR = DatasetCleaner
    return _ACTOR
