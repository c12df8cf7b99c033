"""Datasets as the LLM-data ecosystem stores them: JSONL and Parquet, gzip/zstd-compressed.

One output record per input record: the text field is cleaned, every other field passes
through untouched. Readers stream (a JSONL file is read line by line, a Parquet file batch by
batch), so a file larger than memory is fine. A record *without text* (the field missing or
null, in either format) passes through unchanged and is counted as such (outcome note
``"no text"``). A record that cannot be cleaned (malformed JSON, not an object, a text field
that is neither a string nor null) is reported by file and record number as failed and, by
default, written through unchanged, so nothing is lost. A Parquet text column must hold
strings (a column of another type skips the file with a reason).

Also here: helpers that make textclean a one-liner in Hugging Face ``datasets.map`` and
pandas (:class:`BatchCleaner`, :func:`clean_series`).
"""

from __future__ import annotations

import gzip
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Iterable, Iterator, Mapping

from .pipeline import CleanerError, Pipeline

JSONL_SUFFIXES = (".jsonl", ".ndjson")
PARQUET_SUFFIXES = (".parquet",)
#: The endings of dataset files (taken from folders only when asked, see ``--text-field``).
DATASET_SUFFIXES = JSONL_SUFFIXES + PARQUET_SUFFIXES
COMPRESSIONS = {".gz": "gzip", ".zst": "zstd"}


def split_compression(path: Path) -> tuple[str, str | None]:
    """The name without a compression suffix, and the compression.

    >>> split_compression(Path("crawl/part-0.jsonl.zst"))
    ('part-0.jsonl', 'zstd')
    >>> split_compression(Path("a.txt"))
    ('a.txt', None)
    """
    name = path.name
    for suffix, kind in COMPRESSIONS.items():
        if name.lower().endswith(suffix):
            return name[: -len(suffix)], kind
    return name, None


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


def _zstd():
    try:
        import zstandard
    except ImportError:
        raise RuntimeError(".zst files need the zstandard package: pip install 'textclean[datasets]'") from None
    return zstandard


def check_codec(path: Path) -> None:
    """Raise RuntimeError (saying which extra to install) if ``path``'s compression cannot be
    read or written here; called before anything is opened, so nothing is left behind."""
    if split_compression(path)[1] == "zstd":
        _zstd()


def open_read(path: Path) -> BinaryIO:
    """Open a file for reading bytes, decompressing ``.gz`` and ``.zst`` on the fly."""
    _, compression = split_compression(path)
    if compression == "gzip":
        return gzip.open(path, "rb")  # type: ignore[return-value]
    zstandard = _zstd() if compression == "zstd" else None  # before opening: nothing to leak
    raw = open(path, "rb")
    if zstandard is not None:
        return io.BufferedReader(zstandard.ZstdDecompressor().stream_reader(raw, closefd=True))  # type: ignore[return-value]
    return raw


def open_write(raw: BinaryIO, path: Path) -> BinaryIO:
    """Wrap an open binary file so what is written is compressed like ``path`` says."""
    _, compression = split_compression(path)
    if compression == "gzip":
        return gzip.GzipFile(fileobj=raw, mode="wb", mtime=0)  # type: ignore[return-value]
    if compression == "zstd":
        return _zstd().ZstdCompressor().stream_writer(raw, closefd=False)  # type: ignore[return-value]
    return raw


#: The largest document, once decompressed, that is read whole: a text file, or one record of
#: a dataset (``--max-size``; 0 for no limit). Past it the document is refused with a reason,
#: so a compression bomb or a runaway record cannot exhaust memory.
DEFAULT_MAX_BYTES = 256 * 1024 * 1024


class UnreadableInput(ValueError):
    """An input that cannot be read as it claims to be: corrupt compressed data, or a
    document larger than the size limit. The message says which, in one line."""


def _corrupt(path: Path, exc: BaseException) -> UnreadableInput:
    kind = split_compression(path)[1] or "file"
    name = type(exc).__name__
    if name == "error":  # zlib.error, and the like
        name = f"{type(exc).__module__}.error"
    return UnreadableInput(f"corrupt {kind} data ({name}: {str(exc).splitlines()[0] if str(exc) else ''})"
                           .replace(": )", ")"))


def _decompressing(path: Path, read: Any) -> Any:
    """Call ``read()``; a failure of the decompressor becomes :class:`UnreadableInput`.

    The decompressors raise what they like (``zlib.error``, ``gzip.BadGzipFile``,
    ``EOFError``, ``zstandard.ZstdError``); a plain file's read errors stay ``OSError``."""
    if split_compression(path)[1] is None:
        return read()
    try:
        return read()
    except UnreadableInput:
        raise
    except Exception as exc:
        raise _corrupt(path, exc) from None


def size_text(n: int) -> str:
    """A byte count for people.

    >>> size_text(256 * 1024 * 1024), size_text(1536)
    ('256 MiB', '1.5 KiB')
    """
    for unit, size in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= size:
            return f"{n / size:.4g} {unit}"
    return f"{n} bytes"


def read_compressed(path: Path, limit: int | None = None) -> bytes:
    """All bytes of a (possibly compressed) file, at most ``limit`` of them once decompressed
    (past that, :class:`UnreadableInput`, having read no more than ``limit + 1`` bytes)."""
    with open_read(path) as f:
        data = _decompressing(path, lambda: f.read(limit + 1) if limit else f.read())
        if limit and len(data) > limit:
            raise UnreadableInput(f"larger than the size limit of {size_text(limit)} "
                                  f"{'once decompressed ' if split_compression(path)[1] else ''}(--max-size)")
        return data


def verify_compressed(path: Path, chunk: int = 1 << 20) -> None:
    """Decompress a compressed file once, to nowhere, and raise :class:`UnreadableInput` if it
    is corrupt: a dataset is checked whole before its first record is cleaned, so a damaged
    archive is one skipped file, not thousands of garbage records followed by an error."""
    if split_compression(path)[1] is None:
        return
    with open_read(path) as f:
        _decompressing(path, lambda: all(iter(lambda: f.read(chunk), b"")) or True)


def compress(data: bytes, path: Path) -> bytes:
    """``data`` compressed the way ``path``'s suffix says (unchanged for no suffix)."""
    _, compression = split_compression(path)
    if compression == "gzip":
        return gzip.compress(data, mtime=0)
    if compression == "zstd":
        return _zstd().ZstdCompressor().compress(data)
    return data


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


def clean_jsonl_lines(
    pipeline: Pipeline, lines: list[bytes], text_field: str, explain: bool, first_record: int,
) -> list[tuple[bytes | None, dict[str, Any]]]:
    """Clean the text field of each JSONL line.

    Returns, per line, the output line and an outcome dict with ``record`` (1-based),
    ``status`` (changed/unchanged/failed), ``error`` (without the file and record, which the
    caller adds), ``cleaner_error`` (a cleaner failed, rather than the record being bad),
    ``edits``, ``bytes_in``, ``bytes_out``. A blank line passes through.
    """
    out: list[tuple[bytes | None, dict[str, Any]]] = []
    for i, line in enumerate(lines):
        record_no = first_record + i
        if isinstance(line, OversizeRecord):
            out.append((None, {"record": record_no, "bytes_in": line.size, "edits": [], "status": "failed",
                               "error": f"a record of {size_text(line.size)} is larger than the size limit of "
                                        f"{size_text(line.limit)} (--max-size); left out of the output"}))
            continue
        outcome: dict[str, Any] = {"record": record_no, "bytes_in": len(line), "edits": []}
        if not line.strip():
            outcome.update(status="unchanged", bytes_out=len(line))
            out.append((line, outcome))
            continue
        try:
            record = json.loads(line)
        except (ValueError, UnicodeDecodeError) as exc:
            outcome.update(status="failed", error=f"invalid JSON: {exc}")
            out.append((line, outcome))
            continue
        if not isinstance(record, dict):
            outcome.update(status="failed", error=f"not an object but {_json_type(record)}")
            out.append((line, outcome))
            continue
        text = record.get(text_field)
        if text is None:
            outcome.update(status="unchanged", note=NO_TEXT, bytes_out=len(line))
            out.append((line, outcome))
            continue
        if not isinstance(text, str):
            outcome.update(status="failed", error=f"field {text_field!r} is {_json_type(text)}, not a string")
            out.append((line, outcome))
            continue
        try:
            cleaned, edits = pipeline.explain(text) if explain else (pipeline.clean(text), [])
        except CleanerError as exc:
            outcome.update(status="failed", error=str(exc), cleaner_error=True)
            out.append((line, outcome))
            continue
        if cleaned == text:
            outcome.update(status="unchanged", bytes_out=len(line))
            out.append((line, outcome))
            continue
        record[text_field] = cleaned
        new_line = json_line(record)
        outcome.update(status="changed", bytes_out=len(new_line), edits=edits)
        out.append((new_line, outcome))
    return out


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


def clean_texts(pipeline: Pipeline, texts: list[Any], explain: bool) -> list[tuple[Any, dict[str, Any]]]:
    """Clean a column of values; nulls pass through untouched, noted as records without text
    (the column's type was checked to be text, see :func:`text_column_problem`)."""
    out = []
    for value in texts:
        if not isinstance(value, str):
            out.append((value, {"status": "unchanged", "edits": [], "note": NO_TEXT}))
            continue
        try:
            cleaned, edits = pipeline.explain(value) if explain else (pipeline.clean(value), [])
        except CleanerError as exc:
            out.append((value, {"status": "failed", "error": str(exc), "cleaner_error": True, "edits": []}))
            continue
        out.append((cleaned, {"status": "changed" if cleaned != value else "unchanged", "edits": edits}))
    return out


def iter_documents(items: Iterable[Any], text_field: str = "text",
                   on_error: Any = None) -> Iterator[str]:
    """The texts of a stream of inputs (:class:`textclean.io.InputFile`): a text file is one
    document (HTML reduced to its text blocks), a JSONL or Parquet file one per record.
    ``on_error(message)`` hears about what could not be read; it is skipped."""
    from .io import NotTextError, decode
    from .runner import display, page_text

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


# --- one-liners for other tools ------------------------------------------------------------

class BatchCleaner:
    """A picklable callable for Hugging Face ``datasets.map(..., batched=True)``.

    It builds its pipeline on first use in each process, so ``num_proc`` workers each load
    plugins and dictionaries once.

    >>> fn = BatchCleaner("text", {"only": ["whitespace"]})
    >>> fn({"text": ["a  b", "c   "], "id": [1, 2]})
    {'text': ['a b', 'c']}

    With ``datasets``: ``ds = ds.map(textclean.BatchCleaner("text"), batched=True)``.
    """

    def __init__(self, text_field: str = "text", config: Mapping[str, Any] | None = None):
        self.text_field = text_field
        self.config = dict(config or {})
        self._pipeline: Pipeline | None = None

    def __getstate__(self) -> dict[str, Any]:
        return {"text_field": self.text_field, "config": self.config, "_pipeline": None}

    @property
    def pipeline(self) -> Pipeline:
        if self._pipeline is None:
            self._pipeline = Pipeline(self.config)
        return self._pipeline

    def __call__(self, batch: Mapping[str, list]) -> dict[str, list]:
        clean = self.pipeline.clean
        return {self.text_field: [clean(t) if isinstance(t, str) else t for t in batch[self.text_field]]}


def clean_series(series: Any, config: Mapping[str, Any] | None = None) -> Any:
    """Clean a pandas Series of strings (non-strings pass through): ``clean_series(df["text"])``."""
    pipeline = Pipeline(dict(config or {}))
    return series.map(lambda t: pipeline.clean(t) if isinstance(t, str) else t)


def iter_texts(values: Iterable[Any], config: Mapping[str, Any] | None = None) -> Iterator[Any]:
    """Clean any iterable of strings lazily, with one pipeline."""
    pipeline = Pipeline(dict(config or {}))
    for v in values:
        yield pipeline.clean(v) if isinstance(v, str) else v
