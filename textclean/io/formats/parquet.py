"""Parquet datasets: a text column cleaned, every other column passed through.

Read and written batch by batch with pyarrow (an optional extra:
``pip install 'textclean-toolkit[datasets]'``). The text column must hold strings (a column of another
type skips the file with a reason); a null passes through, noted as a record without text.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any, BinaryIO, Callable, Iterator

from textclean.core.records import CleanerError
from textclean.io.formats.base import NO_TEXT, DatasetFormat, Outcome


def pyarrow():
    """The pyarrow module (with ``pyarrow.parquet`` loaded), or RuntimeError saying which
    extra to install."""
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise RuntimeError("Parquet needs pyarrow: pip install 'textclean-toolkit[datasets]'") from None
    return pyarrow


def parquet_schema(path: Path):
    """The Arrow schema of a Parquet file."""
    return pyarrow().parquet.ParquetFile(path).schema_arrow


def text_column_problem(schema, text_field: str) -> str | None:
    """Why a Parquet schema's ``text_field`` column cannot be cleaned, or None if it can."""
    pa = pyarrow()
    if text_field not in schema.names:
        return f"no column {text_field!r} (columns: {', '.join(schema.names)})"
    kind = schema.field(text_field).type
    if not (pa.types.is_string(kind) or pa.types.is_large_string(kind)
            or getattr(pa.types, "is_string_view", lambda t: False)(kind)):
        return f"column {text_field!r} holds {kind}, not text"
    return None


def iter_parquet_batches(path: Path, batch_size: int = 256):
    """Arrow record batches of a Parquet file."""
    pf = pyarrow().parquet.ParquetFile(path)
    yield from pf.iter_batches(batch_size=batch_size)


def clean_texts(pipeline: Any, texts: list[Any], explain: bool) -> list[tuple[Any, Outcome]]:
    """Clean a column of values; nulls pass through untouched, noted as records without text
    (the column's type was checked to be text, see :func:`text_column_problem`)."""
    out = []
    for value in texts:
        if not isinstance(value, str):
            out.append((value, {"status": "unchanged", "edits": [], "note": NO_TEXT}))
            continue
        try:
            done = pipeline.explain(value) if explain else pipeline.run(value)
        except CleanerError as exc:
            out.append((value, {"status": "failed", "error": str(exc), "cleaner_error": True, "edits": []}))
            continue
        cleaned, edits = done
        out.append((cleaned, {"status": "changed" if cleaned != value else "unchanged", "edits": edits,
                              "language": done.profile.language, "passed": done.profile.passed or None}))
    return out


class ParquetFormat(DatasetFormat):
    """Parquet: a batch is an Arrow record batch; a cleaned batch is the record batch with its
    text column replaced, written whole (a record is never left out)."""

    name = "parquet"
    suffixes = (".parquet",)
    streams = False
    title = "Parquet"

    def documents(self, path: Path, name: str, text_field: str,
                  report: Callable[[str], None]) -> Iterator[str]:
        for batch in iter_parquet_batches(path):
            if text_field not in batch.schema.names:
                report(f"{name}: no column {text_field!r}")
                break
            yield from (v for v in batch.column(text_field).to_pylist() if isinstance(v, str))

    def inspect(self, path: Path, text_field: str) -> tuple[Any, str | None]:
        schema = parquet_schema(path)
        return schema, text_column_problem(schema, text_field)

    def batches(self, path: Path, batch_size: int, limit: int | None) -> Iterator[Any]:
        return iter_parquet_batches(path, batch_size)

    def size(self, batch: Any) -> int:
        return batch.num_rows

    def drop(self, batch: Any, count: int) -> Any:
        return batch.slice(count)

    def split(self, batch: Any) -> list[Any]:
        return [batch.slice(i, 1) for i in range(batch.num_rows)]

    def clean(self, pipeline: Any, batch: Any, text_field: str, explain: bool,
              first: int, output: str = "text") -> tuple[Any, list[Outcome]]:
        column = batch.schema.get_field_index(text_field)
        results = clean_texts(pipeline, batch.column(column).to_pylist(), explain)
        pa = pyarrow()
        values = pa.array([v for v, _ in results], type=batch.column(column).type)
        new_batch = batch.set_column(column, batch.schema.field(column), values)
        return new_batch, [o for _, o in results]

    def lost(self, batch: Any, first: int, why: str) -> tuple[Any, list[Outcome]]:
        return batch, [{"status": "failed", "error": why, "cleaner_error": True, "edits": []}
                       for _ in range(batch.num_rows)]

    def open_output(self, stack: contextlib.ExitStack, raw: BinaryIO, target: Path, schema: Any) -> Any:
        return stack.enter_context(contextlib.closing(pyarrow().parquet.ParquetWriter(raw, schema)))

    def write(self, output: Any, written: Any, outcomes: list[Outcome],
              keep: Callable[[Outcome], bool]) -> None:
        output.write_batch(written)

    def assemble(self, parts: list[Path], out: BinaryIO, schema: Any) -> None:
        pq = pyarrow().parquet
        with contextlib.closing(pq.ParquetWriter(out, schema)) as writer:
            for path in parts:
                for batch in pq.ParquetFile(path).iter_batches():
                    writer.write_batch(batch)
