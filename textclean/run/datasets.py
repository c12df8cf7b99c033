"""Dataset records through a pipeline: one output record per input record.

The text field is cleaned, every other field passes through untouched. A record *without
text* (the field missing or null, in either format) passes through unchanged and is counted as
such (outcome note ``"no text"``). A record that cannot be cleaned (malformed JSON, not an
object, a text field that is neither a string nor null) is reported by file and record number
as failed and, by default, written through unchanged, so nothing is lost. A Parquet text
column must hold strings (a column of another type skips the file with a reason).
"""

from __future__ import annotations
import json
from typing import Any
from textclean.core.pipeline import Pipeline
from textclean.core.records import CleanerError
from textclean.io.compression import size_text
from textclean.io.formats import NO_TEXT, OversizeRecord, _json_type, json_line


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
