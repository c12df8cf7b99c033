"""A hostile folder among good files: the run ends, every good file is cleaned, every bad one
is named with a reason, exit 3, no traceback, nothing half-written, nothing outside read."""

import gzip
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds" / "inputs"


def textclean(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "textclean", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=600)


@pytest.fixture
def hostile(tmp_path):
    src = tmp_path / "src"
    (src / "good").mkdir(parents=True)
    good = {}
    for seed in sorted(SEEDS.glob("*.txt")):
        shutil.copy(seed, src / "good" / seed.name)
        good[f"good/{seed.name}"] = seed
    (src / "good" / "records.jsonl").write_text(
        json.dumps({"text": "plain  record"}) + "\n" + json.dumps({"text": None, "id": 2}) + "\n")
    bad = {
        "binary.txt": (b"\x00\x01\x02\x03binary\x00\xff" * 50, "not text"),
        "nul.txt": (b"abc\x00def", "not text"),
        "corrupt.txt.gz": (gzip.compress(b"hello " * 500)[:40] + b"\xff" * 40, "corrupt gzip data"),
        "garbage.txt.zst": (os.urandom(500), "corrupt zstd data"),
        "bomb.txt.gz": (gzip.compress(b"a" * (3 << 20)), "larger than the size limit"),
        "damaged.jsonl.gz": (None, "corrupt gzip data"),
    }
    lines = "".join(json.dumps({"text": f"line {i}  x"}) + "\n" for i in range(2000)).encode()
    damaged = bytearray(gzip.compress(lines))
    damaged[len(damaged) // 2] ^= 0xFF
    bad["damaged.jsonl.gz"] = (bytes(damaged), bad["damaged.jsonl.gz"][1])
    for name, (data, _) in bad.items():
        (src / name).write_bytes(data)
    (src / "weird.jsonl").write_text('{"text": "lone \\ud800 surrogate  here"}\n{not json\n[1]\n')
    (src / "nested.html").write_text("<div><span><b>" * 3000 + "Deep text." + "</b>")
    outside = tmp_path / "secret.txt"
    outside.write_text("private key material\n")
    os.symlink(outside, src / "link.txt")
    (src / "new\nline.txt").write_text("forged  name\n")
    (src / "cut.txt").write_bytes(SEEDS.joinpath("000_b2209f540be4d526.txt").read_bytes().rstrip()[:-2])
    return src, good, bad


def test_a_hostile_folder_among_good_files(hostile, tmp_path):
    src, good, bad = hostile
    out = tmp_path / "out"
    r = textclean("clean", src, "-o", out, "--text-field", "text", "--max-size", "1M", "-j", "2",
                  "--isolated", "--no-progress", "--time-budget", "60")
    err = r.stderr
    assert r.returncode == 3, err
    assert "Traceback" not in err, err
    assert all(line.startswith("textclean: ") for line in err.splitlines()), err
    # every good file cleaned, as it is cleaned alone
    for rel, seed in good.items():
        alone = textclean("clean", seed, "--isolated")
        assert (out / rel).read_text(encoding="utf-8") == alone.stdout, rel
    assert json.loads((out / "good" / "records.jsonl").read_text().splitlines()[0]) == {"text": "plain record"}
    # every bad one named, on one line, with its reason
    lines = err.splitlines()
    for name, (_, reason) in bad.items():
        assert any(name in line and reason in line for line in lines), (name, reason, err)
    assert any("link.txt" in line and "outside the input folder" in line for line in lines)
    assert "private key material" not in "".join(p.read_text(errors="replace") for p in out.rglob("*") if p.is_file())
    assert any("new\\nline.txt" in line for line in lines) or (out / "new\nline.txt").exists()
    assert not any(line.startswith("line.txt") for line in lines)  # no forged line
    # the lone surrogate is repaired (mojibake makes it U+FFFD); the bad records are named and kept
    weird = (out / "weird.jsonl").read_text().splitlines()
    assert weird[0] == '{"text": "lone \ufffd surrogate here"}' and weird[1:] == ["{not json", "[1]"]
    assert "Deep text." in (out / "nested.txt").read_text()
    # a UTF-8 file cut inside a character keeps every good character
    assert "\u201c" in (out / "cut.txt").read_text(encoding="utf-8")
    # nothing half-written: no temporaries, no output for a skipped input
    assert not [p for p in out.rglob("*") if p.name.endswith(".textclean-tmp")]
    for name in ("binary.txt", "nul.txt", "corrupt.txt.gz", "garbage.txt.zst", "bomb.txt.gz",
                 "damaged.jsonl.gz", "link.txt"):
        assert not (out / name).exists(), name
