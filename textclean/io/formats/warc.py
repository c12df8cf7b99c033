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

A page sent compressed and stored so (``Content-Encoding: gzip``, ``deflate``, ``br``, as
wget and warcprox keep it) is decompressed first. A record that cannot be cleaned (cut
short, larger than ``--max-size``, not text in any encoding, compressed beyond repair) is
failed with its reason and left out of the output; a record that cannot be read at all (a
wrong length, a corrupt gzip member) is skipped with the place and the reason, as one failed
record, and reading goes on at the next record. Nothing else stops the file.
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
        raise RuntimeError("reading WARC files needs FastWARC: pip install 'textclean-toolkit[warc]'") from None
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


#: Where a record can begin, by how an archive's first bytes say it is written: a gzip member
#: per record (Common Crawl's), or records one after another uncompressed (at a line start).
_GZIP, _WARC = b"\x1f\x8b\x08", b"WARC/1."


def _record_marker(path: Path) -> bytes | None:
    """What starts each record of the archive at ``path``: :data:`_GZIP`, :data:`_WARC`, or
    None where records cannot be told from the bytes (a zstd archive, one gzip stream)."""
    with open(path, "rb") as f:
        head = f.read(8)
    return _GZIP if head.startswith(_GZIP) else _WARC if head.startswith(b"WARC/") else None


def next_record(path: Path, start: int, marker: bytes, chunk: int = 1 << 20) -> int | None:
    """The offset of the first place at or after ``start`` where a record may begin (``marker``
    there, and for an uncompressed archive at the start of a line); None at the end. Read in
    chunks: memory does not grow with the archive.

    >>> import tempfile, os
    >>> d = tempfile.mkdtemp(); p = Path(d, "a.warc")
    >>> _ = p.write_bytes(b"WARC/1.0\\r\\nxx WARC/1.0 in text\\r\\nWARC/1.0\\r\\n")
    >>> next_record(p, 1, _WARC), next_record(p, 32, _WARC)
    (31, None)
    """
    with open(path, "rb") as f:
        f.seek(max(start - 1, 0))
        offset = max(start - 1, 0)  # (one byte before, to see the line end before a marker)
        tail = b""
        while True:
            data = f.read(chunk)
            if not data:
                return None
            window = tail + data
            base = offset - len(tail)
            i = window.find(marker)
            while i >= 0:
                at = base + i
                if at >= start and (marker is _GZIP or at == 0 or (i > 0 and window[i - 1:i] == b"\n")):
                    return at
                i = window.find(marker, i + 1)
            tail = window[-len(marker):]
            offset += len(data)


#: ``Content-Encoding`` values whose payloads are decoded (a crawler that keeps the bytes as
#: the server sent them stores a page compressed).
_ENCODINGS = ("gzip", "x-gzip", "deflate", "br")


def _decoded(payload: bytes, encoding: str, limit: int | None) -> bytes:
    """A payload with its ``Content-Encoding`` undone (at most ``limit`` bytes of it, so that a
    small compressed page cannot unfold past the size limit); as it is where it is not
    compressed after all (some crawlers decode the page and keep the header). ValueError
    naming the encoding where it cannot be undone.

    >>> import gzip
    >>> _decoded(gzip.compress(b"<p>Hi</p>"), "gzip", None), _decoded(b"<p>Hi</p>", "gzip", None)
    (b'<p>Hi</p>', b'<p>Hi</p>')
    """
    import zlib

    encoding = encoding.strip().lower()
    cap = limit or 0
    if encoding in ("gzip", "x-gzip", "deflate"):
        if encoding != "deflate" and not payload.startswith(b"\x1f\x8b"):
            return payload
        # gzip, zlib-wrapped deflate, or raw deflate (servers send all three as "deflate")
        wbits = 47 if payload.startswith(b"\x1f\x8b") else 15 if payload[:1] == b"\x78" else -15
        try:
            d = zlib.decompressobj(wbits)
            out = d.decompress(payload, cap)
        except zlib.error as exc:
            raise ValueError(f"its {encoding} payload cannot be decompressed: {exc}") from None
        if cap and d.unconsumed_tail:
            raise ValueError(f"its {encoding} payload unfolds past the size limit (--max-size)")
        return out
    if encoding == "br":
        if payload.lstrip()[:1] == b"<":
            return payload
        try:
            import brotli  # (FastWARC's own dependency)

            if cap:  # (never more than the limit in memory: a small page may unfold to gigabytes)
                d = brotli.Decompressor()
                try:
                    out = d.process(payload, output_buffer_limit=cap + 1)
                except TypeError:  # (a brotli without the limit: the whole output)
                    out = brotli.decompress(payload)
            else:
                out = brotli.decompress(payload)
        except ImportError:
            raise ValueError("its br payload needs the brotli package (FastWARC's) to be read") from None
        except brotli.error as exc:
            raise ValueError(f"its br payload cannot be decompressed: {exc}") from None
        if cap and len(out) > cap:
            raise ValueError("its br payload unfolds past the size limit (--max-size)")
        return out
    return payload


def iter_pages(path: Path, batch_size: int = 64, limit: int | None = None) -> Iterator[list[Page | Unread]]:
    """The pages of an archive in batches (see the module docstring); ``limit``: the largest
    payload read whole.

    A record FastWARC cannot read (a wrong length, a corrupt gzip member) is skipped: reading
    goes on at the next place a record begins (:func:`next_record`), and an :class:`Unread`
    says what was skipped, where. Only where records cannot be told from the bytes (a zstd
    archive) is the rest of the archive given up.
    """
    ArchiveIterator, WarcRecordType = _fastwarc()
    batch: list[Page | Unread] = []
    marker = _record_marker(path)
    source = open(path, "rb") if marker is not None else None

    def read_from(offset: int):
        if source is None:
            return ArchiveIterator(str(path), record_types=WarcRecordType.any_type, parse_http=True,
                                   fsspec_args=False)
        source.seek(offset)
        return ArchiveIterator(source, record_types=WarcRecordType.any_type, parse_http=True, fsspec_args=False)

    records = read_from(0)
    began, last = 0, -1  # where the current reading began, and where its last record began
    damage: tuple[int, str] | None = None  # the skip going on: after which byte, and the first error
    try:
        while True:
            try:
                record = next(records, None)
            except Exception as exc:  # a record that cannot be read: skip to the next one
                after = max(last, began)
                damage = damage or (after, str(exc))
                resume = next_record(path, after + 1, marker) if marker is not None else None
                if resume is None:
                    why = f"the rest of the archive could not be read: {damage[1]}"
                    batch.append(Unread("", 0, why if marker is None else f"{why} (nothing readable after byte "
                                                                          f"{damage[0]})"))
                    damage = None
                    break
                records = read_from(resume)
                began, last = resume, -1
                continue
            if record is None:
                break
            if damage is not None:  # (read again: the skip is over, one failed record says so)
                batch.append(Unread("", 0, f"a damaged record after the one at byte {damage[0]} was skipped ({damage[1]}); "
                                           f"reading went on at byte {began}"))
                damage = None
            last = record.stream_pos if source is not None else last
            if record.record_type != WarcRecordType.response:
                continue
            page = _page(record, limit)
            if page is not None:
                batch.append(page)
            if isinstance(page, Page) and len(page.payload) < page.declared and marker is not None:
                # a record that declares more than the archive holds has read the records
                # after it as its own: read on from the next record start inside it
                resume = next_record(path, record.stream_pos + 1, marker)
                if resume is not None:
                    records = read_from(resume)
                    began, last = resume, -1
            if len(batch) >= batch_size:
                yield batch
                batch = []
        if damage is not None:
            batch.append(Unread("", 0, f"the rest of the archive could not be read: {damage[1]} (nothing "
                                       f"readable after byte {damage[0]})"))
    finally:
        if source is not None:
            source.close()
    if batch:
        yield batch


def _page(record: Any, limit: int | None) -> Page | Unread | None:
    """A response record as a :class:`Page` (its payload read, its ``Content-Encoding``
    undone), an :class:`Unread` (past the size limit, or a payload that cannot be decoded), or
    None for a response that is not a document."""
    headers = record.headers
    url = headers.get("WARC-Target-URI") or ""
    declared = record.content_length or 0
    content_type = record.http_content_type or ""
    http = record.http_headers
    if (http is None or (http.status_code is None and not dict(http))) \
            and "application/http" in (headers.get("Content-Type") or "").lower():
        # (no HTTP head FastWARC could parse, "HTTP/1.0 302 \r\r\n": what the record holds is
        # unknown; an odd status line with headers, "HTTPX/1.1 200 OK", is read as it comes)
        return Unread(url, 0, f"{url}: its HTTP response head cannot be parsed; left out of the output")
    if limit and declared > limit:
        return Unread(url, declared, "") if _kind(content_type, b"<html") is not None else None
    payload = record.reader.read()
    kind = _kind(content_type, payload[:100])
    # (a record cut short is reported whatever it holds: the archive is damaged there)
    if len(payload) < declared or kind is not None:
        encoding = (http.get("Content-Encoding") or "") if http is not None else ""
        if kind is not None and encoding.strip().lower() in _ENCODINGS and len(payload) >= declared:
            try:
                payload = _decoded(payload, encoding, limit)
            except ValueError as exc:
                return Unread(url, 0, f"{url}: {exc}; left out of the output")
            if kind == "html" and not content_type:
                kind = _kind(content_type, payload[:100])
        date = record.record_date
        return Page(url, record.record_id or "", date.isoformat() if date else "", kind or "",
                    record.http_charset, payload, declared)
    return None


def page_text(page: Page, output: str = "text", captions: bool = False):
    """The text to clean of a page, and for an HTML page the page as text
    (:class:`textclean.io.html.HtmlText`: the markup's evidence, its metadata; with ``output``
    ``"markdown"`` or ``"markdown+links"``, what Markdown needs), as an ``.html`` file's;
    plain text as it is, with None (``captions``: keep the page's captions). Raises :class:`textclean.io.decode.NotTextError` for a
    payload that is not text."""
    from textclean.io.decode import decode_html
    from textclean.io.html import page_document

    text = decode_html(page.payload, page.charset).text
    if page.kind != "html":
        return text, None
    doc = page_document(text, output, captions, url=page.url or None)
    return doc.text, doc


def clean_pages(pipeline: Any, pages: list[Page | Unread], explain: bool,
                first_record: int, output: str = "text") -> list[tuple[bytes | None, Outcome]]:
    """Clean each page of a batch: its output line (None: left out) and its outcome; an HTML
    page's text written as ``output`` says (``"text"``, ``"markdown"``, ``"markdown+links"``)."""
    from textclean.io.markdown import clean_document

    captions = bool(pipeline.option("boilerplate", "keep_captions"))

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
            text, doc = page_text(page, output, captions)
        except NotTextError as exc:
            outcome["error"] = f"{page.url}: not text: {exc}; left out of the output"
            out.append((None, outcome))
            continue
        try:
            written, done = clean_document(pipeline, text, doc, output=output, explain=explain,
                                           format="html" if doc is not None else None)
        except CleanerError as exc:
            outcome.update(error=f"{page.url}: {exc}", cleaner_error=True)
            out.append((None, outcome))
            continue
        cleaned, edits = done
        record = {"url": page.url, "warc_record_id": page.record_id, "warc_date": page.date,
                  "language": done.profile.language, "text": written}
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
