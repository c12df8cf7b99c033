"""Real web archives: the sample WARC files that pywb (the Webrecorder project's wayback
machine) ships in its source distribution on PyPI, written by real crawlers (wget 1.14, wpull,
pywb's own recorder; a 20-page crawl of iana.org with its scripts, styles, images and
redirects; revisit records; an uncompressed archive).

They are read from PyPI at test time, never copied into this repository (pywb is GPL-3.0;
reading its data files does not make this code GPL): the source archive is fetched once into
``~/.cache/textclean-tests/``, checked against its published SHA-256, and only its
``sample_archive/warcs/*.warc*`` members are read. Skipped with a message where PyPI cannot be
reached or FastWARC is not installed.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import subprocess
import sys
import tarfile
import urllib.request
from pathlib import Path

import pytest

pytest.importorskip("fastwarc", reason="FastWARC not installed: pip install 'textclean-toolkit[warc]'")

SDIST = "pywb-2.10.0.tar.gz"
SHA256 = "5ae43c9b2a5321e39b9c8e16538bfbc0146eeb6fe26713232e45378b774a1a96"
INDEX = "https://pypi.org/simple/pywb/"
CACHE = Path.home() / ".cache" / "textclean-tests"


def _fetch() -> Path:
    """The pywb source archive, from the cache or from PyPI (its simple index gives the
    file's address); pytest.skip where it cannot be had."""
    path = CACHE / SDIST
    if path.exists() and hashlib.sha256(path.read_bytes()).hexdigest() == SHA256:
        return path
    try:
        page = urllib.request.urlopen(INDEX, timeout=30).read().decode("utf-8", "replace")
        url = next(u for u in re.findall(r'href="([^"]+)"', page) if f"/{SDIST}" in u).split("#")[0]
        if url.startswith("../"):
            url = "https://files.pythonhosted.org/" + url.lstrip("./")
        data = urllib.request.urlopen(url, timeout=120).read()
    except Exception as exc:  # no network, no index: the test cannot run here
        pytest.skip(f"cannot fetch {SDIST} from PyPI ({type(exc).__name__}: {exc})")
    if hashlib.sha256(data).hexdigest() != SHA256:
        pytest.skip(f"{SDIST} from PyPI does not have the expected SHA-256")
    CACHE.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".part")
    tmp.write_bytes(data)
    tmp.replace(path)
    return path


@pytest.fixture(scope="module")
def archives(tmp_path_factory) -> Path:
    """A folder of pywb's sample WARC files (not its ARC files: textclean reads WARC)."""
    folder = tmp_path_factory.mktemp("real-warcs")
    with tarfile.open(_fetch()) as tar:
        for member in tar.getmembers():
            name = Path(member.name).name
            if "/sample_archive/warcs/" in member.name and member.isfile() and name.endswith((".warc", ".warc.gz")):
                source = tar.extractfile(member)
                assert source is not None
                (folder / name).write_bytes(source.read())
    return folder


def run(*args):
    return subprocess.run([sys.executable, "-m", "textclean", *map(str, args)], capture_output=True,
                          text=True, timeout=600)


def records(path: Path) -> list[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def test_real_archives_are_cleaned_page_by_page(archives, tmp_path):
    out = tmp_path / "out"
    done = run("clean", archives, "-o", out, "--no-progress", "--isolated", "--report", tmp_path / "r.jsonl")
    # two of pywb's samples are malformed on purpose: each is one failed record saying what
    # and where, the run goes on (exit 3: problems recorded)
    assert done.returncode == 3, done.stderr
    failed = sorted(line.split("warcs0/")[-1] for line in done.stderr.splitlines() if ": failed " in f" {line}")
    assert failed == [
        "example.warc: record 2: a damaged record after the one at byte 4061 was skipped (Invalid WARC header); "
        "reading went on at byte 4771",
        "missing-status-text.warc: record 1: http://iana.org/bads: its HTTP response head cannot be parsed; "
        "left out of the output",
    ], done.stderr
    by_name = {p.name: records(p) for p in out.iterdir() if p.name.endswith((".jsonl", ".jsonl.gz"))}
    # every archive has an output; pages only (iana.org's scripts, styles, fonts and images
    # are passed over; a revisit record has no page of its own)
    assert set(by_name) == {p.name.replace(".warc", ".jsonl") for p in archives.iterdir()}
    iana = by_name["iana.jsonl.gz"]
    assert len(iana) == 20
    assert all(r["url"].startswith(("http://www.iana.org/", "https://www.iana.org/")) for r in iana)
    assert all(set(r) >= {"url", "warc_record_id", "warc_date", "language", "text"} for r in iana)
    home = next(r for r in iana if r["url"] == "http://www.iana.org/")
    assert home["metadata"]["title"] == "Internet Assigned Numbers Authority"
    assert home["text"].startswith("Internet Assigned Numbers Authority\n\n")
    assert "The Internet Assigned Numbers Authority (IANA) is responsible" in home["text"]
    assert home["language"] == "en"
    # the page written by wget and the one written by wpull are the same page: the same text
    assert by_name["example-wget-1-14.jsonl.gz"][0]["text"] == by_name["example-wpull.jsonl.gz"][0]["text"]
    assert "This domain is established to be used for illustrative examples" in \
        by_name["example-wget-1-14.jsonl.gz"][0]["text"]
    # a page stored as the server sent it, gzip-compressed (warcprox): decompressed, then cleaned
    assert by_name["example2.jsonl.gz"][0]["text"] == by_name["example-wget-1-14.jsonl.gz"][0]["text"]
    # past the record whose length is wrong, the archive's last page is read
    assert [r["url"] for r in by_name["example.jsonl"]] == ["http://example.com?example=1",
                                                            "http://www.iana.org/domains/example"]


def test_real_archive_cleaned_alike_by_both_engines(archives, tmp_path):
    pytest.importorskip("ray", reason="Ray not installed: pip install 'textclean-toolkit[ray]'")
    src = tmp_path / "src"
    src.mkdir()
    (src / "iana.warc.gz").write_bytes((archives / "iana.warc.gz").read_bytes())
    local, ray_out = tmp_path / "local", tmp_path / "ray"
    a = run("clean", src, "-o", local, "--no-progress", "--isolated", "-j", "2")
    assert a.returncode == 0, a.stderr[-2000:]
    b = run("clean", src, "-o", ray_out, "--no-progress", "--isolated", "-j", "2", "--engine", "ray")
    assert b.returncode == 0, b.stderr[-2000:]
    assert records(local / "iana.jsonl.gz") == records(ray_out / "iana.jsonl.gz")
    assert len(records(local / "iana.jsonl.gz")) == 20
