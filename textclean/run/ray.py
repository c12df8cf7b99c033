"""The same run on Ray: ``textclean clean SRC -o OUT --engine ray [--address ADDR]``.

Text and HTML files go through Ray Data: ``from_items(paths) -> map_batches(cleaner
actors)``, where each actor builds the :class:`~textclean.Pipeline` once from its plain config
and writes its outputs atomically under OUT (which, on a cluster, must be a folder every node
can write: NFS, a mounted bucket). Dataset files (JSONL, Parquet, compressed) are read by the
driver in batches, exactly as the local engine reads them, cleaned by a pool of Ray actors
(each with its own pipeline) through a bounded, ordered window, and written by the driver.
Order is preserved, so the output and the report equal the local engine's.

Ray is an optional extra: ``pip install 'textclean[ray]'``. Without ``--address`` a local Ray
instance is started with ``--jobs`` CPUs; with it, textclean joins that cluster
(``ray://host:10001`` or ``auto``).
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any, Callable, Iterable

from textclean.io.formats import format_of
from textclean.io.files import InputFile
from textclean.run.jobs import RunSettings
from textclean.core.pipeline import Pipeline
from textclean.run.results import DocResult, Summary
from textclean.run.document import RunOptions, display, process
from textclean.run.state import RunState


#: Text files handed to Ray Data at a time.
_FILE_CHUNK = 10_000


class EngineError(Exception):
    """The Ray engine cannot run as asked (Ray not installed, stdin as input)."""


def _ray():
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError:
        raise EngineError("the Ray engine needs Ray: pip install 'textclean[ray]'") from None
    return ray


def _options_to_wire(options: RunOptions) -> dict[str, Any]:
    d = asdict(options)
    d["out_dir"] = str(options.out_dir) if options.out_dir is not None else None
    return d


def _options_from_wire(d: dict[str, Any]) -> RunOptions:
    d = dict(d)
    d["out_dir"] = Path(d["out_dir"]) if d["out_dir"] is not None else None
    return RunOptions(**d)


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


class RayRun:
    """A run on Ray with the same interface and results as :class:`textclean.run.jobs.Run`."""

    def __init__(self, pipeline: Pipeline, settings: RunSettings,
                 on_result: Callable[[DocResult], None] = lambda r: None, *, address: str | None = None):
        from textclean.run.jobs import Run

        self.pipeline, self.settings, self.on_result = pipeline, settings, on_result
        self.options = settings.options
        self.address = address
        # The local engine's bookkeeping (summary, error policy, dataset writers) is reused
        # as it is, so both engines account for results the same way.
        self.local = Run(pipeline, settings, on_result)
        self.summary = self.local.summary
        self._emit = self.local._emit

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

        out_dir = self.options.out_dir
        state_key = self.local.key()
        state = RunState(out_dir, state_key, resume=self.settings.resume) if (
            self.options.mode == "write" and out_dir is not None) else None
        if state is not None:
            state.__enter__()
        try:
            # Inputs are handled in the order given, as the local engine does: runs of text
            # files (in chunks, so a huge crawl is never one list) go to Ray Data, a dataset
            # file to the actor pool.
            files: list[InputFile] = []
            for item in items:
                if str(item.path) == "-":
                    raise EngineError("the Ray engine cannot read standard input")
                if item.skip is not None:
                    name = display(item.path)
                    self._emit(DocResult(name, "skipped", error=f"{name}: {item.skip}"))
                    continue
                target = out_dir / item.relative if out_dir is not None else None
                if state is not None and target is not None and state.is_done(str(item.relative), item.path, target):
                    stored = state.result(str(item.relative))
                    if not self.options.explain or stored is not None:  # as the local engine
                        self.summary.resumed += 1
                        if stored is not None:
                            self.on_result(DocResult.from_json(stored, resumed=True))
                        continue
                if format_of(item.path) == "text":
                    files.append(item)
                    if len(files) >= _FILE_CHUNK:
                        self._run_files(ray, files, state)
                        files = []
                    continue
                if files:
                    self._run_files(ray, files, state)
                    files = []
                self._run_dataset(ray, item, state)
            if files:
                self._run_files(ray, files, state)
        finally:
            if state is not None:
                state.__exit__(None, None, None)
        return self.summary

    def _compute(self):
        import ray.data

        return ray.data.ActorPoolStrategy(size=max(1, self.settings.jobs))

    def _run_files(self, ray, files: list[InputFile], state: RunState | None) -> None:
        ds = ray.data.from_items([{"path": str(i.path), "rel": str(i.relative)} for i in files])
        ds = ds.map_batches(
            FileCleaner, batch_size=4, compute=self._compute(),
            fn_constructor_kwargs={"config": self.pipeline.config.to_dict(),
                                   "options": _options_to_wire(self.options)},
        )
        for item, row in zip(files, ds.iter_rows()):
            result = DocResult.from_wire(json.loads(row["result"]))
            if state is not None and result.output is not None:
                state.mark_done(str(item.relative), item.path,
                                result.to_json() if self.options.explain else None)
            self._emit(result)

    def _run_dataset(self, ray, item: InputFile, state: RunState | None) -> None:
        # The driver reads the dataset in batches exactly as the local engine does (so .gz/.zst,
        # malformed lines and record numbers behave the same), a pool of Ray actors cleans
        # them, and results come back in order through a bounded window.
        from ray.util import ActorPool

        local = self.local
        local.state = state
        window = 2 * max(1, self.settings.jobs)
        actors = [_ray_actor(ray).remote(self.pipeline.config.to_dict()) for _ in range(max(1, self.settings.jobs))]
        pool = ActorPool(actors)
        current = None
        pending = 0
        try:
            for kind, payload in local._tasks([item]):
                if kind in ("jsonl", "parquet"):
                    pool.submit(lambda actor, task: actor.dispatch.remote(*task), (kind, payload))
                    pending += 1
                    if pending >= window:
                        current = self._handle_remote(local, pool.get_next(), current)
                        pending -= 1
                    continue
                while pending:
                    current = self._handle_remote(local, pool.get_next(), current)
                    pending -= 1
                current = local._handle(kind, payload, None, current)
            while pending:
                current = self._handle_remote(local, pool.get_next(), current)
                pending -= 1
        except BaseException:
            if current is not None:
                current.abort()
            raise
        finally:
            for a in actors:
                ray.kill(a)

    def _handle_remote(self, local, result, current):
        kind, meta, value = result
        return local._handle(kind, meta, value, current)


_ACTOR = None


def _ray_actor(ray):
    """The Ray actor class that runs :func:`textclean.run.jobs._dispatch` with its own pipeline."""
    global _ACTOR
    if _ACTOR is None:
        @ray.remote
        class DatasetCleaner:
            def __init__(self, config):
                self.pipeline = Pipeline(config)

            def dispatch(self, kind, payload):
                from textclean.run.jobs import _dispatch

                return _dispatch(self.pipeline, kind, payload)

        _ACTOR = DatasetCleaner
    return _ACTOR
