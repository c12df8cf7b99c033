"""JSONL datasets (``.jsonl``, ``.ndjson``, gzip/zstd-compressed): one JSON object a line.

Lines are read in batches and parsed where they are cleaned (in the workers). A line past the
size limit is read past in pieces, never held whole, and stands in its batch as an
:class:`OversizeRecord`. A record *without text* (the field missing or null) passes through
unchanged, noted as such; a record that cannot be cleaned (malformed JSON, not an object, a
text field that is neither a string nor null) is failed, with a reason, and by default
written through unchanged, so nothing is lost.
"""

from __future__ import annotations

import contextlib
import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Callable, Iterator

from textclean.core.records import CleanerError
from textclean.io.compression import (
    DEFAULT_MAX_BYTES,
    corrupt_error,
    open_read,
    open_write,
    size_text,
    split_compression,
    verify_compressed,
)
from textclean.io.formats.base import NO_TEXT, DatasetFormat, Outcome


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
        raise corrupt_error(path, exc) from None


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


def json_type(value: Any) -> str:
    """How JSON would name the type of a parsed value.

    >>> [json_type(v) for v in (1, 1.5, True, [], {})]
    ['a number', 'a number', 'a boolean', 'an array', 'an object']
    """
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    return "an array" if isinstance(value, list) else "an object" if isinstance(value, dict) else "a string"


def clean_jsonl_lines(
    pipeline: Any, lines: list[Any], text_field: str, explain: bool, first_record: int,
) -> list[tuple[bytes | None, Outcome]]:
    """Clean the text field of each JSONL line.

    Returns, per line, the output line (None for an :class:`OversizeRecord`, which is left
    out) and its outcome (see :data:`textclean.io.formats.base.Outcome`), with ``record``,
    ``bytes_in`` and ``bytes_out``. A blank line passes through.
    """
    out: list[tuple[bytes | None, Outcome]] = []
    for i, line in enumerate(lines):
        record_no = first_record + i
        if isinstance(line, OversizeRecord):
            out.append((None, {"record": record_no, "bytes_in": line.size, "edits": [], "status": "failed",
                               "error": f"a record of {size_text(line.size)} is larger than the size limit of "
                                        f"{size_text(line.limit)} (--max-size); left out of the output"}))
            continue
        outcome: Outcome = {"record": record_no, "bytes_in": len(line), "edits": []}
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
            outcome.update(status="failed", error=f"not an object but {json_type(record)}")
            out.append((line, outcome))
            continue
        text = record.get(text_field)
        if text is None:
            outcome.update(status="unchanged", note=NO_TEXT, bytes_out=len(line))
            out.append((line, outcome))
            continue
        if not isinstance(text, str):
            outcome.update(status="failed", error=f"field {text_field!r} is {json_type(text)}, not a string")
            out.append((line, outcome))
            continue
        try:
            done = pipeline.explain(text) if explain else pipeline.run(text)
        except CleanerError as exc:
            outcome.update(status="failed", error=str(exc), cleaner_error=True)
            out.append((line, outcome))
            continue
        cleaned, edits = done
        outcome.update(language=done.profile.language, passed=done.profile.passed or None)
        if cleaned == text:
            outcome.update(status="unchanged", bytes_out=len(line))
            out.append((line, outcome))
            continue
        record[text_field] = cleaned
        new_line = json_line(record)
        outcome.update(status="changed", bytes_out=len(new_line), edits=edits)
        out.append((new_line, outcome))
    return out


class JsonlFormat(DatasetFormat):
    """JSONL: a batch is a list of raw lines (bytes, or :class:`OversizeRecord`); a cleaned
    batch writes its lines, each record's line or none."""

    name = "jsonl"
    suffixes = (".jsonl", ".ndjson")
    streams = True
    title = "JSONL"

    def documents(self, path: Path, name: str, text_field: str,
                  report: Callable[[str], None]) -> Iterator[str]:
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

    def inspect(self, path: Path, text_field: str) -> tuple[Any, str | None]:
        verify_compressed(path)  # a damaged archive is one skip, not garbage records
        return None, None

    def batches(self, path: Path, batch_size: int, limit: int | None) -> Iterator[list[Any]]:
        return iter_jsonl_batches(path, batch_size, limit)

    def size(self, batch: list[Any]) -> int:
        return len(batch)

    def drop(self, batch: list[Any], count: int) -> list[Any]:
        return batch[count:]

    def split(self, batch: list[Any]) -> list[list[Any]]:
        return [[line] for line in batch]

    def clean(self, pipeline: Any, batch: list[Any], text_field: str, explain: bool,
              first: int, output: str = "text") -> tuple[list[bytes | None], list[Outcome]]:
        cleaned = clean_jsonl_lines(pipeline, batch, text_field, explain, first)
        return [line for line, _ in cleaned], [outcome for _, outcome in cleaned]

    def lost(self, batch: list[Any], first: int, why: str) -> tuple[list[bytes | None], list[Outcome]]:
        lines: list[bytes | None] = []
        outcomes: list[Outcome] = []
        for i, line in enumerate(batch):
            kept = line if isinstance(line, bytes) else None  # an oversize record was never held
            lines.append(kept)
            outcomes.append({"record": first + i, "status": "failed", "error": why, "cleaner_error": True,
                             "bytes_in": len(line) if kept is not None else getattr(line, "size", 0),
                             "edits": []})
        return lines, outcomes

    def open_output(self, stack: contextlib.ExitStack, raw: BinaryIO, target: Path, schema: Any) -> BinaryIO:
        stream = open_write(raw, target)
        # A compressing wrapper must be closed (to flush its frame) before AtomicFile syncs
        # and renames; the plain file is AtomicFile's own to close.
        return raw if stream is raw else stack.enter_context(contextlib.closing(stream))

    def stdout_output(self) -> BinaryIO:
        import sys

        return sys.stdout.buffer

    def write(self, output: BinaryIO, written: list[bytes | None], outcomes: list[Outcome],
              keep: Callable[[Outcome], bool]) -> None:
        for line, outcome in zip(written, outcomes):
            if line is not None and keep(outcome):
                output.write(line)

    def assemble(self, parts: list[Path], out: BinaryIO, schema: Any) -> None:
        # gzip members and zstd frames may follow one another: the parts concatenate into
        # one valid file.
        for path in parts:
            with open(path, "rb") as part:
                shutil.copyfileobj(part, out, 1 << 20)
