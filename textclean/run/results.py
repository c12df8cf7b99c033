"""What a run reports: a :class:`DocResult` per document, and the :class:`Summary` of them."""

from __future__ import annotations
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any
from textclean.core.records import Edit
from textclean.io.formats.base import NO_TEXT


class Status(StrEnum):
    """What became of a document. A str, so a report record holds the word itself.

    >>> Status("failed") is Status.FAILED, f"{Status.SKIPPED}"
    (True, 'skipped')
    """

    CHANGED = "changed"
    UNCHANGED = "unchanged"
    SKIPPED = "skipped"  # not read, or its output could not be written: no output
    FAILED = "failed"  # a cleaner (or a stage before the cleaners) failed on it


@dataclass
class DocResult:
    """What happened to one document."""

    path: str
    status: Status  # a plain string is taken too (a report record read back, a dataset outcome)
    output: str | None = None
    encoding: str | None = None
    error: str | None = None
    edits: list[Edit] = field(default_factory=list)
    bytes_in: int = 0
    bytes_out: int = 0
    text: str | None = None  # the cleaned text, when the caller asked to keep it
    original: str | None = None  # the decoded input, when the caller asked to keep it
    diff: str | None = None
    record: int | None = None  # the record number, for a document inside a dataset file
    resumed: bool = False  # done by an earlier run of the same job (its report record kept)
    note: str | None = None  # e.g. "no text": a dataset record without text, passed through
    language: str | None = None  # the document's language ("" unknown), as the host found it
    format: str | None = None  # "text", "markdown", "rst" or "html"
    passed: str | None = None  # why it passed through untouched: "language" (config languages)
    blocks: list | None = None  # [start, end, language] of runs of lines in another language
    metadata: dict | None = None  # what an HTML page's markup says of it (title, date...)

    def __post_init__(self) -> None:
        self.status = Status(self.status)

    def edit_counts(self) -> Counter:
        """How many edits each cleaner made in the document."""
        return Counter(e.cleaner for e in self.edits or ())

    def to_json(self) -> dict[str, Any]:
        """The record written to ``--report`` (one JSON object per document)."""
        d: dict[str, Any] = {"path": self.path, "status": self.status}
        if self.record is not None:
            d["record"] = self.record
        if self.output is not None:
            d["output"] = self.output
        if self.encoding is not None:
            d["encoding"] = self.encoding
        if self.error is not None:
            d["error"] = self.error
        d["bytes_in"] = self.bytes_in
        d["bytes_out"] = self.bytes_out
        if self.resumed:
            d["resumed"] = True
        if self.note is not None:
            d["note"] = self.note
        if self.language is not None:
            d["language"] = self.language
        if self.format is not None:
            d["format"] = self.format
        if self.passed is not None:
            d["passed"] = self.passed
        if self.blocks:
            d["blocks"] = [list(b) for b in self.blocks]
        if self.metadata:
            d["metadata"] = dict(self.metadata)
        d["edits"] = [e.to_dict() for e in self.edits]
        return d

    @classmethod
    def from_json(cls, d: dict[str, Any], *, resumed: bool = False) -> "DocResult":
        """The inverse of :meth:`to_json` (a report record read back).

        >>> r = DocResult("a.txt", "changed", output="o/a.txt", bytes_in=3, bytes_out=2)
        >>> DocResult.from_json(r.to_json()) == r
        True
        """
        return cls(
            d["path"], d["status"], output=d.get("output"), encoding=d.get("encoding"),
            error=d.get("error"), edits=[Edit.from_dict(e) for e in d.get("edits", [])],
            bytes_in=d.get("bytes_in", 0), bytes_out=d.get("bytes_out", 0), record=d.get("record"),
            resumed=resumed or bool(d.get("resumed")), note=d.get("note"),
            language=d.get("language"), format=d.get("format"), passed=d.get("passed"),
            blocks=d.get("blocks"), metadata=d.get("metadata"),
        )

    def to_wire(self) -> dict[str, Any]:
        """Every field as plain JSON-able data, to cross a process or cluster boundary."""
        d = dict(vars(self))
        d["edits"] = [e.to_dict() for e in self.edits]
        return d

    @classmethod
    def from_wire(cls, d: dict[str, Any]) -> "DocResult":
        """The inverse of :meth:`to_wire`.

        >>> r = DocResult("a.txt", "changed", edits=[Edit("w", 0, 1, "x", "", "why", (0, 1))])
        >>> DocResult.from_wire(r.to_wire()) == r
        True
        """
        d = dict(d)
        d["edits"] = [Edit.from_dict(e) for e in d.get("edits", [])]
        return cls(**d)


@dataclass
class Summary:
    """Totals over a run, for the closing line and the exit code."""

    documents: int = 0
    changed: int = 0
    skipped: int = 0
    failed: int = 0
    resumed: int = 0
    resumed_records: int = 0
    no_text: int = 0
    other_language: int = 0
    bytes_in: int = 0
    bytes_out: int = 0
    edits: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)

    def add(self, result: DocResult) -> None:
        self.documents += 1
        self.bytes_in += result.bytes_in
        self.bytes_out += result.bytes_out
        if result.status == Status.CHANGED:
            self.changed += 1
        elif result.status == Status.SKIPPED:
            self.skipped += 1
            self.errors.append(result.error or result.path)
        elif result.status == Status.FAILED:
            self.failed += 1
            self.errors.append(result.error or result.path)
        if result.note == NO_TEXT:
            self.no_text += 1
        if result.passed == "language":
            self.other_language += 1
        self.edits.update(result.edit_counts())

    def line(self) -> str:
        """One line for the end of a run.

        >>> s = Summary(); s.add(DocResult("a", "changed", bytes_in=10, bytes_out=8)); s.line()
        '1 document: 1 changed, 0 unchanged, 0 skipped; 10 bytes in, 8 out'
        """
        docs = f"{self.documents} document{'s' if self.documents != 1 else ''}"
        unchanged = self.documents - self.changed - self.skipped - self.failed
        text = f"{docs}: {self.changed} changed, {unchanged} unchanged, {self.skipped} skipped"
        if self.failed:
            text += f", {self.failed} failed"
        if self.no_text:
            text += f" ({self.no_text} record{'s' if self.no_text != 1 else ''} without text passed through)"
        if self.other_language:
            text += (f" ({self.other_language} in a language not selected passed through "
                     "untouched)")
        if self.resumed:
            text += f" ({self.resumed} files done by an earlier run)"
        if self.resumed_records:
            text += f" ({self.resumed_records} records done by an earlier run)"
        text += f"; {self.bytes_in} bytes in, {self.bytes_out} out"
        if self.edits:
            text += "; edits: " + ", ".join(f"{k} {v}" for k, v in sorted(self.edits.items()))
        return text
