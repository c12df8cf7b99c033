"""Datasets as the LLM-data ecosystem stores them: JSONL and Parquet, gzip/zstd-compressed.

Readers stream (a JSONL file line by line, a Parquet file batch by batch), so a file larger
than memory is fine; a JSONL line past the size limit is read past in pieces and stands in its
batch as an :class:`OversizeRecord`. Cleaning the records is :mod:`textclean.run.datasets`.
"""

from __future__ import annotations
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator
from textclean.io.compression import DEFAULT_MAX_BYTES, _corrupt, open_read, read_compressed, size_text, split_compression, verify_compressed

JSONL_SUFFIXES = (".jsonl", ".ndjson")
PARQUET_SUFFIXES = (".parquet",)
#: The endings of dataset files (taken from folders only when asked, see ``--text-field``).
DATASET_SUFFIXES = JSONL_SUFFIXES + PARQUET_SUFFIXES


def format_of(path: Path) -> str:
    """``"jsonl"``, ``"parquet"`` or ``"text"``, from the file name.

    >>> [format_of(Path(p)) for p in ("a.jsonl.gz", "b.parquet", "c.txt", "d.txt.zst")]
    ['jsonl', 'parquet', 'text', 'text']
    """
    name, _ = split_compression(path)
    lower = name.lower()
    if lower.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if lower.endswith(PARQUET_SUFFIXES):
        return "parquet"
    return "text"


# --- JSONL -------------------------------------------------------------------------------

@dataclass(frozen=True)
class OversizeRecord:
    """Stands in a batch for a JSONL line longer than the size limit, which was not kept."""

    size: int
    limit: int


def iter_jsonl_batches(path: Path, batch_size: int = 256,
                       limit: int | None = DEFAULT_MAX_BYTES) -> Iterator[list[Any]]:
    """Raw lines of a JSONL file, in batches (parsing happens in the workers). A line longer
    than ``limit`` is read past in pieces, never held whole, and appears as an
    :class:`OversizeRecord`."""
    batches = _jsonl_batches(path, batch_size, limit)
    if split_compression(path)[1] is None:
        yield from batches
        return
    # One translation of decompressor errors around the whole stream, not a call per line.
    try:
        yield from batches
    except Exception as exc:
        raise _corrupt(path, exc) from None


def _jsonl_batches(path: Path, batch_size: int, limit: int | None) -> Iterator[list[Any]]:
    batch: list[Any] = []
    with open_read(path) as f:
        readline = f.readline
        while True:
            line = readline(limit + 1) if limit else readline()
            if not line:
                break
            if limit and len(line) > limit:
                size = len(line)
                while not line.endswith(b"\n"):
                    line = readline(1 << 20)
                    if not line:
                        break
                    size += len(line)
                batch.append(OversizeRecord(size, limit))
            else:
                batch.append(line)
            if len(batch) >= batch_size:
                yield batch
                batch = []
    if batch:
        yield batch


def json_line(value: Any) -> bytes:
    """One JSON line in UTF-8. A string holding a lone surrogate (valid in JSON's ``\\ud800``
    escapes, but not Unicode text, so not encodable as UTF-8) is written with ASCII escapes
    instead, so the record goes through unchanged rather than failing the file.

    >>> json_line({"t": "é"}), json_line({"t": "a\\ud800"})
    (b'{"t": "\\xc3\\xa9"}\\n', b'{"t": "a\\\\ud800"}\\n')
    """
    text = json.dumps(value, ensure_ascii=False)
    try:
        return text.encode("utf-8") + b"\n"
    except UnicodeEncodeError:
        return json.dumps(value).encode("ascii") + b"\n"


#: The outcome note of a record whose text field is missing or null.
NO_TEXT = "no text"


def _json_type(value: Any) -> str:
    """How JSON would name the type of a parsed value.

    >>> [_json_type(v) for v in (1, 1.5, True, [], {})]
    ['a number', 'a number', 'a boolean', 'an array', 'an object']
    """
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    return "an array" if isinstance(value, list) else "an object" if isinstance(value, dict) else "a string"


# --- Parquet -----------------------------------------------------------------------------

def _pyarrow():
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise RuntimeError("Parquet needs pyarrow: pip install 'textclean[datasets]'") from None
    return pyarrow


def parquet_schema(path: Path):
    """The Arrow schema of a Parquet file."""
    return _pyarrow().parquet.ParquetFile(path).schema_arrow


def text_column_problem(schema, text_field: str) -> str | None:
    """Why a Parquet schema's ``text_field`` column cannot be cleaned, or None if it can."""
    pa = _pyarrow()
    if text_field not in schema.names:
        return f"no column {text_field!r} (columns: {', '.join(schema.names)})"
    kind = schema.field(text_field).type
    if not (pa.types.is_string(kind) or pa.types.is_large_string(kind)
            or getattr(pa.types, "is_string_view", lambda t: False)(kind)):
        return f"column {text_field!r} holds {kind}, not text"
    return None


def iter_parquet_batches(path: Path, batch_size: int = 256):
    """Arrow record batches of a Parquet file."""
    pf = _pyarrow().parquet.ParquetFile(path)
    yield from pf.iter_batches(batch_size=batch_size)


def iter_documents(items: Iterable[Any], text_field: str = "text",
                   on_error: Any = None) -> Iterator[str]:
    """The texts of a stream of inputs (:class:`textclean.io.files.InputFile`): a text file is one
    document (HTML reduced to its text blocks), a JSONL or Parquet file one per record.
    ``on_error(message)`` hears about what could not be read; it is skipped."""
    from textclean.io.decode import NotTextError, decode
    from textclean.run.document import display
    from textclean.io.html import page_text

    report = on_error or (lambda message: None)
    for item in items:
        path = Path(item.path)
        name = display(path)
        fmt = format_of(path)
        try:
            if fmt == "jsonl":
                verify_compressed(path)
                for lines in iter_jsonl_batches(path):
                    for line in lines:
                        if isinstance(line, OversizeRecord):
                            report(f"{name}: a record of {size_text(line.size)} is larger than the size limit")
                            continue
                        try:
                            value = json.loads(line).get(text_field) if line.strip() else None
                        except (ValueError, AttributeError):
                            value = None
                        if isinstance(value, str):
                            yield value
            elif fmt == "parquet":
                for batch in iter_parquet_batches(path):
                    if text_field not in batch.schema.names:
                        report(f"{name}: no column {text_field!r}")
                        break
                    yield from (v for v in batch.column(text_field).to_pylist() if isinstance(v, str))
            else:
                yield page_text(path, decode(read_compressed(path, DEFAULT_MAX_BYTES)).text)[0]
        except (OSError, EOFError, ValueError, RuntimeError, NotTextError) as exc:
            report(f"{name}: {getattr(exc, 'strerror', None) or exc}")
