"""Bad input: every kind gets a correct result or a one-line error naming the file, the run
goes on, and the exit status says whether anything failed."""

import codecs
import os
import subprocess
import sys
from pathlib import Path

import pytest

from textclean.io.decode import Decoded, NotTextError, decode

ARGS = ["--isolated", "--no-progress", "-j", "1"]


def run(*args, **kw):
    return subprocess.run([sys.executable, "-m", "textclean", *map(os.fsdecode, args)], capture_output=True, **kw)


def clean_folder(src, out, *extra):
    r = run("clean", src, "-o", out, *ARGS, *extra)
    err = r.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, err
    return r, err


CASES = {
    "empty.txt": (b"", ""),
    "blank.txt": (b"   \n\n\t\n", ""),
    "crlf.txt": (b"line one\r\nline two\r\n", "line one\nline two\n"),
    "bom.txt": (codecs.BOM_UTF8 + b"With a BOM.\n", "With a BOM.\n"),
    "utf16.txt": ("UTF-16 with BOM.\n".encode("utf-16"), "UTF-16 with BOM.\n"),
    "utf16le-nobom.txt": ("UTF-16 without a BOM, plain ASCII text.\n".encode("utf-16-le"),
                          "UTF-16 without a BOM, plain ASCII text.\n"),
    "cp1252.txt": ("Armenia\u2019s \u201cpeace\u201d talks \u2013 again.\n".encode("cp1252"),
                   "Armenia\u2019s \u201cpeace\u201d talks \u2013 again.\n"),
    "rtl.txt": ("\u0627\u0644\u0633\u0644\u0627\u0645 \u05e9\u05dc\u05d5\u05dd\n".encode(), None),
    "combining.txt": ("Cafe\u0301 nai\u0308ve\n".encode(), "Caf\u00e9 na\u00efve\n"),  # NFC
    "long-word.txt": (("x" * 200_000 + "\n").encode(), None),
    "long-url.txt": (("see https://example.org/" + "a/" * 50_000 + " now\n").encode(), None),
    "controls.txt": (b"bell\x07 and escape\x1b[0m here\n", "bell and escape here\n"),
}


@pytest.fixture(scope="module")
def outcome(tmp_path_factory):
    src = tmp_path_factory.mktemp("bad")
    for name, (data, _) in CASES.items():
        (src / name).write_bytes(data)
    (src / "nul.txt").write_bytes(b"\x00\x01\x02binary\x00\xff" * 10)
    (src / "mostly-controls.txt").write_bytes(bytes(range(1, 9)) * 100)
    (src / "broken-link.txt").symlink_to(src / "does-not-exist.txt")
    (src / "loop-a.txt").symlink_to(src / "loop-b.txt")
    (src / "loop-b.txt").symlink_to(src / "loop-a.txt")
    (src / "dir-loop").mkdir()
    (src / "dir-loop" / "up").symlink_to(src, target_is_directory=True)
    odd = src / "odd names"
    odd.mkdir()
    (odd / "with space.txt").write_text("spaced  name\n")
    (odd / "new\nline.txt").write_text("newline  name\n")
    with open(os.path.join(os.fsencode(odd), b"latin1-\xe9.txt"), "wb") as f:
        f.write(b"bytes  name\n")
    out = tmp_path_factory.mktemp("out")
    r, err = clean_folder(src, out)
    return src, out, r, err


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_kind_gets_a_correct_result(outcome, name):
    src, out, r, err = outcome
    data, expected = CASES[name]
    got = (out / name).read_bytes().decode("utf-8")
    if expected is not None:
        assert got == expected
    else:
        assert got.strip(), "content lost"
        assert decode(data).text.split()[0][:20] in got


def test_bad_files_are_one_line_errors_and_the_run_goes_on(outcome):
    src, out, r, err = outcome
    assert r.returncode == 3
    lines = [l for l in err.splitlines() if l.startswith("textclean: skipped")]
    named = {Path(l.split(": ")[1].split(":")[0]).name for l in lines}
    assert {"nul.txt", "mostly-controls.txt", "broken-link.txt", "loop-a.txt", "loop-b.txt"} <= named
    assert all(len(l) < 400 for l in lines)
    assert not (out / "nul.txt").exists()


def test_odd_paths_are_cleaned(outcome):
    src, out, r, err = outcome
    assert (out / "odd names" / "with space.txt").read_text() == "spaced name\n"
    assert (out / "odd names" / "new\nline.txt").read_text() == "newline name\n"
    with open(os.path.join(os.fsencode(out / "odd names"), b"latin1-\xe9.txt"), "rb") as f:
        assert f.read() == b"bytes name\n"


def test_symlinked_folders_are_not_followed(outcome):
    src, out, r, err = outcome
    assert not (out / "dir-loop").exists() or not any((out / "dir-loop").rglob("*.txt"))


def test_input_is_never_modified(outcome):
    src, out, r, err = outcome
    for name, (data, _) in CASES.items():
        assert (src / name).read_bytes() == data


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_file(tmp_path):
    (tmp_path / "src").mkdir()
    secret = tmp_path / "src" / "secret.txt"
    secret.write_text("x")
    secret.chmod(0)
    r, err = clean_folder(tmp_path / "src", tmp_path / "out")
    assert r.returncode == 3 and "secret.txt: cannot read: Permission denied" in err


def test_unwritable_output_is_an_error_not_a_crash(tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a.txt").write_text("a\n")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "a.txt").mkdir()  # a folder where the output file should go
    r, err = clean_folder(tmp_path / "src", tmp_path / "out")
    assert r.returncode == 3 and "a.txt: cannot write" in err


def test_symlink_in_output_pointing_out_is_not_followed(tmp_path):
    (tmp_path / "src" / "sub").mkdir(parents=True)
    (tmp_path / "src" / "sub" / "a.txt").write_text("a  b\n")
    outside = tmp_path / "outside"
    outside.mkdir()
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "sub").symlink_to(outside, target_is_directory=True)
    r, err = clean_folder(tmp_path / "src", tmp_path / "out", "--only", "whitespace")
    assert not list(outside.iterdir()), "wrote outside the output folder"
    assert r.returncode == 3 and "would leave the output folder" in err


def test_many_one_character_lines(tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "lines.txt").write_bytes(b"a\n" * 1_000_000)
    r, err = clean_folder(tmp_path / "src", tmp_path / "out", "--time-budget", "0")
    assert r.returncode == 0
    assert (tmp_path / "out" / "lines.txt").read_bytes().count(b"a") >= 1


def test_large_single_line(tmp_path):
    (tmp_path / "src").mkdir()
    words = b"peace talks resumed on monday between both sides "
    (tmp_path / "src" / "one-line.txt").write_bytes(words * (20_000_000 // len(words)))
    r, err = clean_folder(tmp_path / "src", tmp_path / "out", "--time-budget", "0")
    assert r.returncode == 0, err
    assert (tmp_path / "out" / "one-line.txt").stat().st_size > 10_000_000


def test_decode_rejects_binary_and_accepts_mixed_encodings():
    with pytest.raises(NotTextError):
        decode(b"\x00\x00\x00\x00abc\x00")
    mixed = "caf\u00e9 ".encode("utf-8") + "na\u00efve".encode("latin-1")
    assert decode(mixed).text.startswith("caf")


# --- NUL bytes: binary, unless the data really is UTF-16 without a BOM --------------------------
# A NUL in a few bytes once sent them to UTF-16-LE, which "decodes" almost anything (abc\0def
# came out as three CJK characters): the guess now needs a length, a NUL pattern and
# plausible text.

@pytest.mark.parametrize("data", [
    b"abc\x00def",
    b"abc\x00",
    b"\x00abc",
    b"ab\x00\x00cd",
    b"hello\x00world\x00!!",
    b"a\x00b\x00c\x00",  # the pattern, but too short to trust
    b"a\x00b\x00c\x00d\x00e\x00f\x00g\x00\x00\x00",  # the pattern, decoding to a NUL
    b"\x01\x00\x02\x00\x03\x00\x04\x00\x05\x00\x06\x00\x07\x00\x08\x00",  # controls
    b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8,
    b"PK\x03\x04\x14\x00\x00\x00\x08\x00",
], ids=repr)
def test_short_data_with_a_nul_is_binary_not_utf16(data):
    with pytest.raises(NotTextError, match="NUL bytes"):
        decode(data)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", [
    "UTF-16 without a BOM, plain ASCII text.\n",
    "Grüße aus München!\nÄrger über Öl, Maß und Fuß.\r\nDritte Zeile\n",
    "Armenia\u2019s \u201cpeace\u201d talks \u2013 again.\n\tIndented second line.\n",
    "Hello world",  # no final newline, eleven code units
], ids=lambda t: t[:12])
def test_utf16_without_bom_still_decodes(text, encoding):
    assert decode(text.encode(encoding)) == Decoded(text, "utf-16 (no BOM)")


def test_cli_skips_a_file_with_a_nul_as_not_text(tmp_path):
    (tmp_path / "f.txt").write_bytes(b"abc\x00def")
    r = run("clean", "f.txt", "--isolated", "--no-progress", cwd=tmp_path)
    err = r.stderr.decode("utf-8", "replace")
    assert r.returncode == 3, err
    assert r.stdout == b""
    reasons = [l for l in err.splitlines() if "not text" in l]
    assert reasons == ["textclean: skipped f.txt: not text: binary data (NUL bytes)"], err
    assert "Traceback" not in err
