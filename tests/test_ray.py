"""The Ray engine: same output as the local engine, on the seeds and a few hundred documents.

Needs the ``ray`` extra; skipped with a message when Ray is not installed.
"""

import gzip
import re
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("ray", reason="Ray not installed: pip install 'textclean-toolkit[ray]'")

ROOT = Path(__file__).resolve().parents[1]


def run(*args):
    return subprocess.run([sys.executable, "-m", "textclean", *map(str, args)], capture_output=True,
                          timeout=600)


def tree(root):
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".textclean-state" not in p.parts}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The seeds plus 300 generated documents, as files and as one JSONL dataset."""
    src = tmp_path_factory.mktemp("ray-src")
    for p in (ROOT / "seeds" / "inputs").glob("*.txt"):
        (src / "seeds").mkdir(exist_ok=True)
        (src / "seeds" / p.name).write_bytes(p.read_bytes())
    seeds = [p.read_text() for p in sorted((ROOT / "seeds" / "inputs").glob("*.txt"))]
    gen = src / "gen"
    gen.mkdir()
    records = []
    for i in range(300):
        text = seeds[i % 5].replace("Armenia", f"Armenia{i % 7}") + ("\n\n\nExtra  line.  \n" * (i % 3))
        (gen / f"doc{i:03d}.txt").write_text(text)
        records.append({"id": i, "text": text})
    with gzip.open(src / "records.jsonl.gz", "wt") as f:
        for r in records:
            f.write(json.dumps(r) + "\n")
    if importlib.util.find_spec("fastwarc") is not None:  # (the warc extra; test_warc.py says so if absent)
        from test_warc import crawl

        crawl(src / "crawl.warc.gz")
    return src


def test_ray_equals_local(corpus, tmp_path):
    local, ray_out = tmp_path / "local", tmp_path / "ray"
    common = ["--isolated", "--no-progress", "-j", "2", "--text-field", "text", "--report"]
    a = run("clean", corpus, "-o", local, *common, tmp_path / "local.jsonl")
    assert a.returncode == 0, a.stderr.decode()[-2000:]
    b = run("clean", corpus, "-o", ray_out, "--engine", "ray", *common, tmp_path / "ray.jsonl")
    assert b.returncode == 0, b.stderr.decode()[-2000:]
    # none of Ray's own log lines ("[2026-... E 123 123] core_worker.cc:2465: ...") without -v
    assert re.search(rb"^\[\d{4}-\d\d-\d\d [\d:,]+ [DIWEF] \d+ \d+\] \S+\.cc:\d+", b.stderr, re.M) is None, \
        b.stderr.decode()[-2000:]
    assert tree(local) == tree(ray_out)
    assert len(tree(local)) == 306 + (importlib.util.find_spec("fastwarc") is not None)
    local_report = (tmp_path / "local.jsonl").read_text().replace(str(local), "OUT")
    ray_report = (tmp_path / "ray.jsonl").read_text().replace(str(ray_out), "OUT")
    assert local_report == ray_report


def test_ray_refuses_stdin():
    r = subprocess.run([sys.executable, "-m", "textclean", "clean", "-", "--engine", "ray", "--isolated"],
                       input=b"x", capture_output=True)
    assert r.returncode == 2 and b"cannot read standard input" in r.stderr
