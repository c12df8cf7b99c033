"""The formats inputs come in, behind one registry: text and HTML files (one document each),
the datasets of the LLM-data ecosystem, JSONL and Parquet (one document per record), and web
archives, WARC (one document per HTML response, written out as JSONL), any of them
gzip/zstd-compressed.

:func:`format_for` picks a file's :class:`~textclean.io.formats.base.Format` from its name;
everything that depends on the format (reading, checking, cleaning a batch of records,
writing, assembling parts) is a method of it, so adding a format is one class registered in
:data:`FORMATS`. Readers stream (a JSONL file line by line, a Parquet file batch by batch), so
a file larger than memory is fine.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable, Iterator

from textclean.io.compression import split_compression
from textclean.io.decode import NotTextError
from textclean.io.files import display
from textclean.io.formats.base import DatasetFormat, Format
from textclean.io.formats.jsonl import JsonlFormat
from textclean.io.formats.parquet import ParquetFormat
from textclean.io.formats.text import TextFormat
from textclean.io.formats.warc import WarcFormat

TEXT = TextFormat()
#: Every format by name; a file whose name ends with none of their suffixes is :data:`TEXT`.
FORMATS: dict[str, Format] = {f.name: f for f in (TEXT, JsonlFormat(), ParquetFormat(), WarcFormat())}
#: The endings of dataset files whose text is in a field that the user names (taken from
#: folders only when asked, see ``--text-field``; a web archive's pages need no field).
DATASET_SUFFIXES = tuple(s for f in FORMATS.values() if f.dataset and f.needs_field for s in f.suffixes)


def format_for(path: Path) -> Format:
    """The format of a file, from its name (a compression suffix aside).

    >>> [format_for(Path(p)).name for p in ("a.jsonl.gz", "b.parquet", "c.txt", "d.txt.zst", "-", "e.warc.gz")]
    ['jsonl', 'parquet', 'text', 'text', 'text', 'warc']
    """
    name, _ = split_compression(path)
    lower = name.lower()
    for fmt in FORMATS.values():
        if fmt.suffixes and lower.endswith(fmt.suffixes):
            return fmt
    return TEXT


def dataset_format(name: str) -> DatasetFormat:
    """The dataset format registered as ``name``."""
    fmt = FORMATS[name]
    assert isinstance(fmt, DatasetFormat), f"{name} is not a dataset format"
    return fmt


def iter_documents(items: Iterable[Any], text_field: str = "text",
                   on_error: Any = None) -> Iterator[str]:
    """The texts of a stream of inputs (:class:`textclean.io.files.InputFile`): a text file is one
    document (HTML reduced to its text blocks), a JSONL or Parquet file one per record.
    ``on_error(message)`` hears about what could not be read; it is skipped."""
    report = on_error or (lambda message: None)
    for item in items:
        path = Path(item.path)
        name = display(path)
        try:
            yield from format_for(path).documents(path, name, text_field, report)
        except (OSError, EOFError, ValueError, RuntimeError, NotTextError) as exc:
            report(f"{name}: {getattr(exc, 'strerror', None) or exc}")
