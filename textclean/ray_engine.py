"""The same run on Ray: ``textclean clean SRC -o OUT --engine ray [--address ADDR]``.

Ray Data carries the work: text files go ``from_items(paths) -> map_batches(cleaner actors)``
where each actor builds the :class:`~textclean.Pipeline` once from its plain config and writes
its outputs atomically under OUT (which, on a cluster, must be a folder every node can
write: NFS, a mounted bucket); dataset files go ``read_text``/``read_parquet ->
map_batches -> the driver``, which writes each dataset file in order, exactly as the local
engine does. Order is preserved, so the output and the report equal the local engine's.

Ray is an optional extra: ``pip install 'textclean[ray]'``. Without ``--address`` a local Ray
instance is started with ``--jobs`` CPUs; with it, textclean joins that cluster
(``ray://host:10001`` or ``auto``).
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any, Callable, Iterable

from .datasets import clean_jsonl_lines, clean_texts, format_of, parquet_schema
from .io import InputFile
from .jobs import Run, RunSettings, StopRun, _DatasetOutput, record_result
from .records import Edit
from .pipeline import Pipeline
from .runner import DocResult, RunOptions, Summary, display, process
from .state import RunState


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


class LineCleaner:
    """A Ray Data actor: cleans the text field of JSONL lines."""

    def __init__(self, config: dict[str, Any], text_field: str, explain: bool):
        self.pipeline = Pipeline(config)
        self.text_field, self.explain = text_field, explain

    def __call__(self, batch: dict[str, Any]) -> dict[str, list]:
        lines = [str(t).encode("utf-8") + b"\n" for t in batch["text"]]
        # Record numbers are the driver's to give (it sees the batches in order).
        results = clean_jsonl_lines(self.pipeline, lines, self.text_field, self.explain, 1)
        return {
            "line": [line if line is not None else b"" for line, _ in results],
            "outcome": [json.dumps(_outcome_to_wire(o), ensure_ascii=False) for _, o in results],
        }


class ColumnCleaner:
    """A Ray Data actor: cleans one column of Arrow batches."""

    def __init__(self, config: dict[str, Any], text_field: str, explain: bool):
        self.pipeline = Pipeline(config)
        self.text_field, self.explain = text_field, explain

    def __call__(self, table):
        import pyarrow as pa

        column = table.schema.get_field_index(self.text_field)
        results = clean_texts(self.pipeline, table.column(column).to_pylist(), self.explain)
        values = pa.array([v for v, _ in results], type=table.schema.field(column).type)
        table = table.set_column(column, table.schema.field(column), values)
        outcomes = pa.array([json.dumps(_outcome_to_wire(o), ensure_ascii=False) for _, o in results])
        return table.append_column("__textclean_outcome", outcomes)


def _outcome_to_wire(o: dict[str, Any]) -> dict[str, Any]:
    o = dict(o)
    o["edits"] = [e.to_dict() for e in o.get("edits", [])]
    return o


class RayRun:
    """A run on Ray with the same interface and results as :class:`textclean.jobs.Run`."""

    def __init__(self, pipeline: Pipeline, settings: RunSettings,
                 on_result: Callable[[DocResult], None] = lambda r: None, *, address: str | None = None):
        self.pipeline, self.settings, self.on_result = pipeline, settings, on_result
        self.options = settings.options
        self.address = address
        self.summary = Summary()

    def _emit(self, result: DocResult) -> None:
        self.summary.add(result)
        self.on_result(result)
        if result.status in ("skipped", "failed") and (
            self.settings.fail_fast or (result.status == "failed" and self.options.on_error == "fail")
        ):
            raise StopRun(result.error or result.path)

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
        state_key = Run(self.pipeline, self.settings).key()
        state = RunState(out_dir, state_key, resume=self.settings.resume) if (
            self.options.mode == "write" and out_dir is not None) else None
        if state is not None:
            state.__enter__()
        try:
            files, datasets = [], []
            for item in items:
                if str(item.path) == "-":
                    raise EngineError("the Ray engine cannot read standard input")
                target = out_dir / item.relative if out_dir is not None else None
                if state is not None and target is not None and state.is_done(str(item.relative), item.path, target):
                    self.summary.resumed += 1
                    continue
                (files if format_of(item.path) == "text" else datasets).append(item)
            if files:
                self._run_files(ray, files, state)
            for item in datasets:
                self._run_dataset(ray, item, state)
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
                state.mark_done(str(item.relative), item.path)
            self._emit(result)

    def _run_dataset(self, ray, item: InputFile, state: RunState | None) -> None:
        s, name = self.settings, display(item.path)
        fmt = format_of(item.path)
        target = self.options.out_dir / item.relative if self.options.mode == "write" and self.options.out_dir else None
        kwargs = {"config": self.pipeline.config.to_dict(), "text_field": s.text_field,
                  "explain": self.options.explain}
        try:
            if fmt == "parquet":
                schema = parquet_schema(item.path)
                if s.text_field not in schema.names:
                    self._emit(DocResult(name, "skipped", error=f"{name}: no column {s.text_field!r} "
                                                               f"(columns: {', '.join(schema.names)})"))
                    return
                ds = ray.data.read_parquet(str(item.path)).map_batches(
                    ColumnCleaner, batch_format="pyarrow", batch_size=s.batch_size,
                    compute=self._compute(), fn_constructor_kwargs=kwargs)
            else:
                schema = None
                ds = ray.data.read_text(str(item.path), drop_empty_lines=False)
                ds = ds.map_batches(LineCleaner, batch_size=s.batch_size, compute=self._compute(),
                                    fn_constructor_kwargs=kwargs)
        except Exception as exc:
            self._emit(DocResult(name, "skipped", error=f"{name}: cannot read: {exc}"))
            return
        keep = Run(self.pipeline, self.settings)  # shares the line-keeping policy
        output = _DatasetOutput(item, fmt, target, self.options.fsync)
        output.open(schema)
        record = 1
        try:
            for batch in ds.iter_batches(batch_format="pyarrow", batch_size=s.batch_size):
                outcomes = [json.loads(o) for o in batch.column("__textclean_outcome" if fmt == "parquet"
                                                                else "outcome").to_pylist()]
                if fmt == "parquet":
                    output.write_table(batch.drop_columns(["__textclean_outcome"]))
                else:
                    lines = batch.column("line").to_pylist()
                    output.write_lines(l for l, o in zip(lines, outcomes) if keep.keep_line(o))
                for o in outcomes:
                    o["edits"] = [Edit.from_dict(e) for e in o["edits"]]
                    self._emit(record_result(name, record, o))
                    record += 1
        except BaseException:
            output.abort()
            raise
        output.commit()
        if state is not None and target is not None:
            state.mark_done(str(item.relative), item.path)

