"""Web archives: WARC files in, one JSONL record per HTML page out (``textclean.io.formats.warc``).

The archives are written here, record by record, the way Common Crawl writes them (a gzip
member per record); FastWARC reads them. Skipped with a message where FastWARC (the ``warc``
extra) is not installed.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("fastwarc", reason="FastWARC not installed: pip install 'textclean-toolkit[warc]'")

from textclean import Pipeline  # noqa: E402
from textclean.io.files import output_names  # noqa: E402
from textclean.io.formats import format_for  # noqa: E402
from textclean.io.formats.warc import Page, Unread, iter_pages  # noqa: E402

ARTICLE = ("The council met on Monday and agreed to rebuild the bridge over the river before the "
           "winter, the mayor said after the vote.")


def record(kind: str, uri: str, block: bytes, number: int,
           content_type: str = "application/http; msgtype=response") -> bytes:
    """One WARC/1.0 record (its declared length is the block's)."""
    head = (f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\n"
            f"WARC-Date: 2024-05-0{1 + number % 9}T10:00:00Z\r\n"
            f"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{number:012d}>\r\n"
            f"Content-Type: {content_type}\r\nContent-Length: {len(block)}\r\n\r\n")
    return head.encode() + block + b"\r\n\r\n"


def response(uri: str, body: bytes, number: int, content_type: str = "text/html") -> bytes:
    http = f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n"
    return record("response", uri, http.encode() + body, number)


def page(title: str, paragraph: str, charset: str = "utf-8") -> bytes:
    html = (f"<!DOCTYPE html><html><head><meta charset=\"{charset}\"><title>{title}</title>"
            f"<link rel=canonical href=\"/{title.split()[0].lower()}\"></head><body>"
            f"<nav><a href='/'>Home</a> | <a href='/news'>News</a></nav><article><h1>{title}</h1>"
            f"<p>{paragraph}</p></article><footer>(c) 2024 The Paper</footer></body></html>")
    return html.encode(charset)


def archive(path: Path, records: list[bytes], gzipped: bool = True) -> Path:
    path.write_bytes(b"".join(gzip.compress(r) for r in records) if gzipped else b"".join(records))
    return path


def crawl(path: Path) -> Path:
    """An archive as a crawler writes one: warcinfo, then request and response pairs, with pages
    in UTF-8 and in windows-1252 (declared in the page), an image and a plain-text file."""
    records = [record("warcinfo", "", b"software: test\r\n", 0, "application/warc-fields")]
    pages = [
        ("https://example.org/bridge", page("Bridge to be rebuilt", ARTICLE)),
        ("https://example.org/cafe", page("Caf\u00e9 reopens", "The caf\u00e9 on the square \u201creopened\u201d "
                                         "on Friday after a year of work on its kitchen and roof.",
                                          charset="windows-1252")),
    ]
    for i, (uri, body) in enumerate(pages):
        records.append(record("request", uri, b"GET / HTTP/1.1\r\n\r\n", 10 + i, "application/http; msgtype=request"))
        records.append(response(uri, body, 20 + i))
    records.append(response("https://example.org/logo.png", b"\x89PNG\r\n\x1a\n\x00\x00", 30, "image/png"))
    records.append(response("https://example.org/notes.txt", b"Plain  notes,  kept as text.\n", 31,
                            "text/plain; charset=utf-8"))
    return archive(path, records)


def lines(path: Path) -> list[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def run(*args):
    return subprocess.run([sys.executable, "-m", "textclean", *map(str, args)], capture_output=True,
                          text=True, timeout=300)


def test_warc_files_are_a_dataset_written_as_jsonl():
    assert format_for(Path("CC-MAIN-1.warc.gz")).name == "warc"
    assert output_names(["a.warc.gz", "b.warc"]) == {"a.warc.gz": "a.jsonl.gz", "b.warc": "b.jsonl"}
    # beside a JSONL file of the same name, the archive's output keeps its whole name
    assert output_names(["c.jsonl.gz", "c.warc.gz"])["c.warc.gz"] == "c.warc.jsonl.gz"


def test_the_pages_of_an_archive_are_its_html_and_text_responses(tmp_path):
    batches = list(iter_pages(crawl(tmp_path / "crawl.warc.gz"), batch_size=2))
    pages = [p for b in batches for p in b]
    assert [len(b) for b in batches] == [2, 1]  # (streamed in batches, never the whole file)
    assert [p.url for p in pages] == ["https://example.org/bridge", "https://example.org/cafe",
                                      "https://example.org/notes.txt"]
    assert all(isinstance(p, Page) for p in pages)
    assert pages[0].record_id == "<urn:uuid:00000000-0000-0000-0000-000000000020>"
    assert pages[0].date.startswith("2024-05-03T10:00:00")


def test_a_page_larger_than_the_limit_is_not_read(tmp_path):
    path = archive(tmp_path / "big.warc", [response("https://example.org/big", page("Big", ARTICLE * 50), 1)],
                   gzipped=False)
    [[unread]] = list(iter_pages(path, limit=1000))
    assert isinstance(unread, Unread) and unread.url == "https://example.org/big" and unread.size > 1000


def test_cli_cleans_an_archive_into_jsonl_records(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    crawl(src / "crawl.warc.gz")
    out = tmp_path / "out"
    done = run("clean", src, "-o", out, "--no-progress", "--isolated")
    assert done.returncode == 0, done.stderr
    records = lines(out / "crawl.jsonl.gz")
    assert [r["url"] for r in records] == ["https://example.org/bridge", "https://example.org/cafe",
                                           "https://example.org/notes.txt"]
    assert set(records[0]) == {"url", "warc_record_id", "warc_date", "language", "text", "metadata"}
    # (the canonical link made absolute against the record's URL)
    assert records[0]["metadata"] == {"title": "Bridge to be rebuilt", "canonical_url": "https://example.org/bridge"}
    assert "metadata" not in records[2]  # (plain text says nothing of itself)
    bridge, cafe, notes = (r["text"] for r in records)
    assert ARTICLE in bridge and "Home" not in bridge and "(c) 2024" not in bridge
    assert records[0]["language"] == "en"
    # decoded as the page declares it (windows-1252), curly quotes and all
    assert "The caf\u00e9 on the square \u201creopened\u201d" in cafe
    assert notes == "Plain notes, kept as text.\n"  # plain text is cleaned as text
    # the input is never modified, and a second run refuses to overwrite nothing silently
    assert lines(out / "crawl.jsonl.gz") == records


def test_cli_streams_an_archive_to_standard_output(tmp_path):
    path = crawl(tmp_path / "crawl.warc.gz")
    done = run("clean", path, "-o", "-", "--no-progress", "--isolated")
    assert done.returncode == 0, done.stderr
    assert [json.loads(line)["url"] for line in done.stdout.splitlines()][:2] == [
        "https://example.org/bridge", "https://example.org/cafe"]


def test_damaged_records_are_recorded_and_the_rest_is_kept(tmp_path):
    good = response("https://example.org/bridge", page("Bridge to be rebuilt", ARTICLE), 1)
    cut = response("https://example.org/cut", page("Cut", ARTICLE), 2)
    after = response("https://example.org/after", page("After the cut", ARTICLE.replace("bridge", "school")), 3)
    # a record whose block ends before its declared length (a crawler killed mid-write)
    damaged = cut[: cut.index(b"<article>")]
    src = tmp_path / "src"
    src.mkdir()
    archive(src / "damaged.warc.gz", [good, damaged])
    archive(src / "truncated.warc.gz", [good, after])
    (src / "truncated.warc.gz").write_bytes((src / "truncated.warc.gz").read_bytes()[:-40])
    (src / "junk.warc").write_bytes(b"this is not a web archive\n")
    out = tmp_path / "out"
    done = run("clean", src, "-o", out, "--no-progress", "--isolated")
    assert done.returncode == 3, done.stderr  # problems were recorded; the run went on
    err = done.stderr
    assert "damaged.warc.gz: record 2: https://example.org/cut: the record is cut short" in err
    assert "truncated.warc.gz: record 2: https://example.org/after: the record is cut short" in err
    assert "junk.warc: not a WARC file: " in err and "skipped " in err
    assert [r["url"] for r in lines(out / "damaged.jsonl.gz")] == ["https://example.org/bridge"]
    assert [r["url"] for r in lines(out / "truncated.jsonl.gz")] == ["https://example.org/bridge"]
    assert not (out / "junk.jsonl").exists()


def test_the_library_pipeline_cleans_a_page_record(tmp_path):
    from textclean.io.formats.warc import clean_pages

    [[bridge]] = list(iter_pages(archive(tmp_path / "one.warc", [
        response("https://example.org/bridge", page("Bridge to be rebuilt", ARTICLE.replace(
            "the mayor", "the mayor\u00e2\u20ac\u2122s deputy")), 1)], gzipped=False)))
    [(line, outcome)] = clean_pages(Pipeline({"autoload": False}), [bridge], explain=True, first_record=1)
    assert outcome["status"] == "changed" and outcome["record"] == 1
    assert [e.cleaner for e in outcome["edits"]] == ["mojibake"]
    text = json.loads(line)["text"]
    assert text.startswith("Bridge to be rebuilt\n\n") and "the mayor\u2019s deputy said" in text


def test_fit_reads_the_pages_of_an_archive(tmp_path):
    crawl(tmp_path / "crawl.warc.gz")
    done = run("fit", tmp_path / "crawl.warc.gz", "-o", tmp_path / "model.json")
    assert done.returncode == 0, done.stderr
    model = json.loads((tmp_path / "model.json").read_text())
    assert model["documents"] == 3  # the three pages, not the other records


def test_reading_goes_on_past_a_damaged_record(tmp_path):
    first = response("https://example.org/bridge", page("Bridge to be rebuilt", ARTICLE), 1)
    middle = response("https://example.org/middle", page("Middle", ARTICLE), 2)
    last = response("https://example.org/school", page("School reopens", ARTICLE.replace("bridge", "school")), 3)
    src = tmp_path / "src"
    src.mkdir()
    # a gzip member whose compressed bytes are damaged, between two good ones
    members = [gzip.compress(r) for r in (first, middle, last)]
    broken = bytearray(members[1])
    broken[20:40] = b"\xff" * 20
    (src / "members.warc.gz").write_bytes(members[0] + bytes(broken) + members[2])
    # an uncompressed archive whose middle record declares a wrong length
    wrong = middle.replace(b"Content-Length: ", b"Content-Length: 1", 1)
    (src / "plain.warc").write_bytes(first + wrong + last)
    out = tmp_path / "out"
    done = run("clean", src, "-o", out, "--no-progress", "--isolated")
    assert done.returncode == 3, done.stderr  # the damage is recorded; the run went on
    for name in ("members.jsonl.gz", "plain.jsonl"):
        assert [r["url"] for r in lines(out / name)] == ["https://example.org/bridge", "https://example.org/school"]
    # one failed record for the damaged member (reading went on at the next member) ...
    assert "members.warc.gz: record 2: a damaged record after the one at byte 0 was skipped (" in done.stderr
    assert f"reading went on at byte {len(members[0]) + len(broken)}\n" in done.stderr
    # ... and for the record that claimed the one after it (read from its start inside it)
    assert "plain.warc: record 2: https://example.org/middle: the record is cut short" in done.stderr
    assert done.stderr.count("failed ") == 2


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "br"])
def test_a_page_stored_compressed_is_decompressed(tmp_path, encoding):
    import zlib

    body = page("Bridge to be rebuilt", ARTICLE)
    packed = gzip.compress(body) if encoding == "gzip" else zlib.compress(body) if encoding == "deflate" \
        else pytest.importorskip("brotli").compress(body)
    http = (f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: {encoding}\r\n"
            f"Content-Length: {len(packed)}\r\n\r\n").encode()
    path = archive(tmp_path / "c.warc.gz", [record("response", "https://example.org/b", http + packed, 1)])
    done = run("clean", path, "-o", "-", "--no-progress", "--isolated")
    assert done.returncode == 0, done.stderr
    assert ARTICLE in json.loads(done.stdout)["text"]


@pytest.mark.parametrize("encoding", ["gzip", "br"])
def test_a_compressed_page_that_unfolds_past_the_size_limit_is_failed(tmp_path, encoding):
    body = b"<html><body><p>" + b"a" * 5_000_000 + b"</p></body></html>"
    bomb = gzip.compress(body) if encoding == "gzip" else pytest.importorskip("brotli").compress(body)
    http = (f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: {encoding}\r\n"
            f"Content-Length: {len(bomb)}\r\n\r\n").encode()
    path = archive(tmp_path / "b.warc.gz", [record("response", "https://example.org/bomb", http + bomb, 1)])
    done = run("clean", path, "-o", tmp_path / "out", "--no-progress", "--isolated", "--max-size", "1M")
    assert done.returncode == 3
    assert f"https://example.org/bomb: its {encoding} payload unfolds past the size limit (--max-size)" in done.stderr
