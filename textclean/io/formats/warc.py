"""Web archives (``.warc``, ``.warc.gz`` as Common Crawl writes them: gzip per record): each
HTTP response holding an HTML page (or plain text) is one document, and the output is a JSONL
dataset, one record per page.

Records are read with FastWARC (the resiliparse project's WARC reader, the ``warc`` extra),
streamed: a batch of records is held at a time, never the file, so memory is flat in the size
of the archive. Requests, metadata, ``warcinfo`` records and responses that are neither HTML
nor plain text (images, PDFs, scripts) are not documents and are passed over. A page is
decoded as :func:`textclean.io.decode.decode_html` decodes any page (the HTTP header's
charset, then the page's ``<meta>``), reduced to its text blocks by
:func:`textclean.io.html.html_document`, and cleaned by the pipeline with the markup's
evidence beside it, as an ``.html`` file is; its output record is::

    {"url": ..., "warc_record_id": ..., "warc_date": ..., "language": ..., "text": ...,
     "metadata": {"title": ..., "date": ..., "author": ..., "canonical_url": ..., "language": ...}}

(``metadata`` holds what the page's markup says of it, only what it says, and is left out
where it says nothing; ``language`` is the language of the cleaned text as identified.)

A record that cannot be cleaned (cut short, larger than ``--max-size``, not text in any
encoding) is failed with its reason and left out of the output; an archive that cannot be
read any further (a corrupt gzip member) keeps the records read before it and records why
the rest was not read, as one failed record. Nothing else stops the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

from textclean.core.records import CleanerError
from textclean.io.compression import size_text
from textclean.io.formats.base import NO_TEXT, Outcome
from textclean.io.formats.jsonl import JsonlFormat, json_line

#: The responses that are documents: HTML pages, and plain text cleaned as it is.
HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = ("text/plain",)


@dataclass(frozen=True)
class Page:
    """One HTTP response of an archive, as read (the payload not yet decoded)."""

    url: str
    record_id: str
    date: str
    #: "html" or "text" (:func:`_kind`; "" for a record cut short that is neither)
    kind: str
    charset: str | None
    payload: bytes
    #: The payload's length as the record declares it (more than ``len(payload)``: cut short).
    declared: int


@dataclass(frozen=True)
class Unread:
    """Stands in a batch for what could not be read: a record past the size limit (``url``
    set, ``size`` its length), or the rest of the archive after a read error (``why``)."""

    url: str
    size: int
    why: str


def _fastwarc():
    try:
        from fastwarc.warc import ArchiveIterator, WarcRecordType
    except ImportError:
        raise RuntimeError("reading WARC files needs FastWARC: pip install 'textclean[warc]'") from None
    return ArchiveIterator, WarcRecordType


def _kind(content_type: str, payload_head: bytes) -> str | None:
    """'html', 'text' or None (not a document), from the HTTP content type, else the bytes."""
    ctype = content_type.split(";")[0].strip().lower()
    if ctype in HTML_TYPES:
        return "html"
    if ctype in TEXT_TYPES:
        return "text"
    if ctype:
        return None
    head = payload_head.lstrip()[:20].lower()
    return "html" if head.startswith((b"<!doctype html", b"<html")) else None


def iter_pages(path: Path, batch_size: int = 64, limit: int | None = None) -> Iterator[list[Page | Unread]]:
    """The pages of an archive in batches (see the module docstring); ``limit``: the largest
    payload read whole."""
    ArchiveIterator, WarcRecordType = _fastwarc()
    batch: list[Page | Unread] = []
    records = ArchiveIterator(str(path), record_types=WarcRecordType.response, parse_http=True,
                              fsspec_args=False)
    while True:
        try:
            record = next(records, None)
        except Exception as exc:  # the archive cannot be read past here
            batch.append(Unread("", 0, f"the rest of the archive could not be read: {exc}"))
            break
        if record is None:
            break
        headers = record.headers
        url = headers.get("WARC-Target-URI") or ""
        declared = record.content_length or 0
        content_type = record.http_content_type or ""
        if limit and declared > limit:
            if _kind(content_type, b"<html") is not None:
                batch.append(Unread(url, declared, ""))
        else:
            try:
                payload = record.reader.read()
            except Exception as exc:
                batch.append(Unread(url, 0, f"the rest of the archive could not be read: {exc}"))
                break
            # (a record cut short is reported whatever it holds: the archive is damaged there)
            kind = _kind(content_type, payload[:100])
            if len(payload) < declared or kind is not None:
                date = record.record_date
                batch.append(Page(url, record.record_id or "", date.isoformat() if date else "",
                                  kind or "", record.http_charset, payload, declared))
        if len(batch) >= batch_size:
            yield batch
            batch = []
    if batch:
        yield batch


def page_text(page: Page, output: str = "text"):
    """The text to clean of a page, and for an HTML page the page as text
    (:class:`textclean.io.html.HtmlText`: the markup's evidence, its metadata; with ``output``
    ``"markdown"`` or ``"markdown+links"``, what Markdown needs), as an ``.html`` file's;
    plain text as it is, with None. Raises :class:`textclean.io.decode.NotTextError` for a
    payload that is not text."""
    from textclean.io.decode import decode_html
    from textclean.io.html import html_document

    text = decode_html(page.payload, page.charset).text
    if page.kind != "html":
        return text, None
    doc = html_document(text, url=page.url or None, metadata=True, markdown=output != "text",
                        links=output == "markdown+links")
    return doc.text, doc


def clean_pages(pipeline: Any, pages: list[Page | Unread], explain: bool,
                first_record: int, output: str = "text") -> list[tuple[bytes | None, Outcome]]:
    """Clean each page of a batch: its output line (None: left out) and its outcome; an HTML
    page's text written as ``output`` says (``"text"``, ``"markdown"``, ``"markdown+links"``)."""
    from textclean.io.markdown import clean_markdown

    from textclean.io.decode import NotTextError

    out: list[tuple[bytes | None, Outcome]] = []
    for i, page in enumerate(pages):
        outcome: Outcome = {"record": first_record + i, "edits": [], "status": "failed"}
        if isinstance(page, Unread):
            outcome["bytes_in"] = page.size
            outcome["error"] = page.why or (f"{page.url}: a page of {size_text(page.size)} is larger than the "
                                            f"size limit (--max-size); left out of the output")
            out.append((None, outcome))
            continue
        outcome["bytes_in"] = len(page.payload)
        if len(page.payload) < page.declared:
            where = page.url or f"a response record {page.record_id or 'without an id'}"
            outcome["error"] = (f"{where}: the record is cut short ({len(page.payload)} of {page.declared} "
                                f"bytes); left out of the output")
            out.append((None, outcome))
            continue
        try:
            text, doc = page_text(page, output)
        except NotTextError as exc:
            outcome["error"] = f"{page.url}: not text: {exc}; left out of the output"
            out.append((None, outcome))
            continue
        written = None
        try:
            fmt, hints = ("html", doc.hints) if doc is not None else (None, None)
            if doc is not None and output != "text":
                written, done = clean_markdown(pipeline, doc, links=output == "markdown+links", explain=explain)
            else:
                done = pipeline.explain(text, format=fmt, hints=hints) if explain else \
                    pipeline.run(text, format=fmt, hints=hints)
        except CleanerError as exc:
            outcome.update(error=f"{page.url}: {exc}", cleaner_error=True)
            out.append((None, outcome))
            continue
        cleaned, edits = done
        record = {"url": page.url, "warc_record_id": page.record_id, "warc_date": page.date,
                  "language": done.profile.language, "text": cleaned if written is None else written}
        if doc is not None and doc.metadata:
            record["metadata"] = doc.metadata
        line = json_line(record)
        outcome.update(status="changed", edits=edits, bytes_out=len(line), language=done.profile.language,
                       passed=done.profile.passed or None)
        if not cleaned.strip():
            outcome["note"] = NO_TEXT
        out.append((line, outcome))
    return out


class WarcFormat(JsonlFormat):
    """Web archives in, JSONL out: a batch is a list of :class:`Page` (or :class:`Unread`);
    the writing side is JSONL's."""

    name = "warc"
    suffixes = (".warc",)
    needs_field = False
    title = "WARC"

    def documents(self, path: Path, name: str, text_field: str,
                  report: Callable[[str], None]) -> Iterator[str]:
        from textclean.io.decode import NotTextError

        for batch in iter_pages(path):
            for page in batch:
                if isinstance(page, Unread):
                    if page.why:
                        report(f"{name}: {page.why}")
                    continue
                try:
                    yield page_text(page)[0]
                except NotTextError:
                    continue

    def inspect(self, path: Path, text_field: str) -> tuple[Any, str | None]:
        # (the extra missing, or a file that does not start with a WARC record: one skip,
        # before anything is written)
        ArchiveIterator, WarcRecordType = _fastwarc()
        with open(path, "rb"):
            pass
        try:
            next(iter(ArchiveIterator(str(path), record_types=WarcRecordType.any_type, parse_http=False,
                                      fsspec_args=False)), None)
        except Exception as exc:
            return None, f"not a WARC file: {exc}"
        return None, None

    def batches(self, path: Path, batch_size: int, limit: int | None) -> Iterator[list[Any]]:
        return iter_pages(path, max(1, min(batch_size, 64)), limit)

    def clean(self, pipeline: Any, batch: list[Any], text_field: str, explain: bool,
              first: int, output: str = "text") -> tuple[list[bytes | None], list[Outcome]]:
        cleaned = clean_pages(pipeline, batch, explain, first, output)
        return [line for line, _ in cleaned], [outcome for _, outcome in cleaned]

    def lost(self, batch: list[Any], first: int, why: str) -> tuple[list[bytes | None], list[Outcome]]:
        outcomes: list[Outcome] = [
            {"record": first + i, "status": "failed", "error": why, "cleaner_error": True, "edits": [],
             "bytes_in": len(page.payload) if isinstance(page, Page) else page.size}
            for i, page in enumerate(batch)]
        return [None] * len(batch), outcomes
