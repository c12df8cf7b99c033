"""What every input format provides: :class:`Format` (a kind of file, read as documents) and
:class:`DatasetFormat` (a file of records, read, cleaned and written in batches).

A run never asks which format a file is in; it asks the format (see
:func:`textclean.io.formats.format_for`) to do the reading and writing.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from contextlib import ExitStack
from pathlib import Path
from typing import Any, BinaryIO, Callable, Iterator

#: The outcome note of a record whose text field is missing or null.
NO_TEXT = "no text"

#: The outcome of one record (see :meth:`DatasetFormat.clean`): ``status``
#: (changed/unchanged/failed), ``error`` (without the file and record, which the caller adds),
#: ``cleaner_error`` (a cleaner failed, rather than the record being bad), ``edits``, and
#: where the format knows them ``record`` (1-based), ``bytes_in``, ``bytes_out``, ``note``;
#: ``language`` and ``passed`` as the pipeline's profile of the text gave them.
Outcome = dict[str, Any]


class Format(ABC):
    """One kind of input file: its name in the registry and the name endings that select it."""

    #: The key of the format in :data:`textclean.io.formats.FORMATS`.
    name: str = ""
    #: Name endings (before any ``.gz``/``.zst``) that select this format.
    suffixes: tuple[str, ...] = ()
    #: A file of records (one document per record), rather than one document.
    dataset: bool = False
    #: Its documents are in a field the user names (``--text-field``), as a JSONL file's are.
    needs_field: bool = False

    @abstractmethod
    def documents(self, path: Path, name: str, text_field: str,
                  report: Callable[[str], None]) -> Iterator[str]:
        """The texts of the documents in ``path`` (``name`` is how messages call it); what
        cannot be read of it is told to ``report`` and skipped, or raised for the whole file."""


class DatasetFormat(Format):
    """A file of records, each with a text field: read in batches, cleaned record by record
    (the text field cleaned, every other field passed through), written in batches.

    A *batch* is whatever the format reads at a time (raw JSONL lines, an Arrow record batch);
    a cleaned batch is ``(written, outcomes)``: what :meth:`write` writes, and one
    :data:`Outcome` per record.
    """

    dataset = True
    needs_field = True
    #: Whether cleaned records can stream to standard output (else a file needs ``-o``).
    streams: bool = False
    #: How messages name a file of this format ("a Parquet file").
    title: str = ""

    # -- reading ------------------------------------------------------------------------

    @abstractmethod
    def inspect(self, path: Path, text_field: str) -> tuple[Any, str | None]:
        """Check ``path`` before its first record is cleaned: its schema (None if the format
        has none) and why its records cannot be cleaned (None if they can). A file that
        cannot be read raises (OSError, ValueError, RuntimeError, or the library's own)."""

    @abstractmethod
    def batches(self, path: Path, batch_size: int, limit: int | None) -> Iterator[Any]:
        """The records of ``path`` in batches of ``batch_size``; ``limit``: the largest
        record read whole, where the format reads records as bytes."""

    @abstractmethod
    def size(self, batch: Any) -> int:
        """How many records ``batch`` holds."""

    @abstractmethod
    def drop(self, batch: Any, count: int) -> Any:
        """``batch`` without its first ``count`` records."""

    @abstractmethod
    def split(self, batch: Any) -> list[Any]:
        """``batch`` as batches of one record each."""

    # -- cleaning -----------------------------------------------------------------------

    @abstractmethod
    def clean(self, pipeline: Any, batch: Any, text_field: str, explain: bool,
              first: int, output: str = "text") -> tuple[Any, list[Outcome]]:
        """The cleaned batch (``first`` is the number of its first record); never raises for
        a bad record. ``output``: how an HTML page's text is written, for a format whose
        records are pages (:attr:`textclean.run.document.DocumentOptions.output`)."""

    @abstractmethod
    def lost(self, batch: Any, first: int, why: str) -> tuple[Any, list[Outcome]]:
        """The cleaned batch for records that were never cleaned (their worker died): each
        failed as if a cleaner had failed on it, passed through as it was."""

    # -- writing ------------------------------------------------------------------------

    @abstractmethod
    def open_output(self, stack: ExitStack, raw: BinaryIO, target: Path, schema: Any) -> Any:
        """A writer of cleaned batches into ``raw`` (the file that becomes ``target``), its
        closing entered on ``stack``."""

    def stdout_output(self) -> Any:
        """A writer of cleaned batches to standard output, for a format that :attr:`streams`."""
        raise ValueError(f"a {self.title} file cannot be written to standard output")

    @abstractmethod
    def write(self, output: Any, written: Any, outcomes: list[Outcome],
              keep: Callable[[Outcome], bool]) -> None:
        """Write a cleaned batch; a record whose outcome ``keep`` refuses is left out, where
        the format can leave a record out."""

    @abstractmethod
    def assemble(self, parts: list[Path], out: BinaryIO, schema: Any) -> None:
        """Write to ``out`` one file holding the records of the part files ``parts``, in order."""
