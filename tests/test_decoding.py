"""Bytes of unknown encoding read as the text that was written, or said to be damaged.

UTF-8 with a few bad bytes (a file cut inside its last character, a stray byte) is read as
UTF-8 with U+FFFD for each bad sequence, and the run warns; it is no longer read wholesale in
another encoding, every curly quote turned into two or three wrong letters. Short texts in the
legacy encodings are read in the right one (issue 16, item 1). The accuracy on real text in
many languages and lengths is measured by ``benchmarks/decoding.py``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from textclean.io import Decoded, NotTextError, decode

SEED = Path(__file__).resolve().parents[1] / "seeds" / "inputs" / "000_b2209f540be4d526.txt"
QUOTES = "\u2018\u2019\u201c\u201d"


def run(*args, cwd):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "textclean", *args], capture_output=True, cwd=cwd, env=env)


# --- UTF-8 with a few bad bytes ---------------------------------------------------------------

def test_a_seed_cut_inside_its_last_character_is_still_utf8():
    data = SEED.read_bytes()
    text = data.decode("utf-8")
    last = max(i for i, b in enumerate(data) if b >= 0xC0)  # the lead byte of the last multibyte character
    cut = data[:last + 2]  # its lead byte and one continuation byte: a character cut short
    expected = data[:last].decode("utf-8") + "\ufffd"
    got = decode(cut)
    assert got.encoding == "utf-8"
    assert got.text == expected
    assert got.replaced == 2
    assert got.warning == "2 invalid UTF-8 bytes replaced with U+FFFD"
    # Every curly quote before the cut survives (none became "тАЬ" and the like).
    assert sum(got.text.count(q) for q in QUOTES) == sum(text[:len(expected) - 1].count(q) for q in QUOTES) > 10
    assert "\u0442\u0410" not in got.text  # "тА": the cp1125 reading it used to get


def test_a_short_text_cut_inside_its_last_character():
    got = decode(b"Caf\xc3\xa9 na\xc3\xafve \xe2\x80")
    assert got == Decoded("Caf\u00e9 na\u00efve \ufffd", "utf-8", replaced=2)
    assert repr(got) == "Decoded(text='Café naïve \\ufffd', encoding='utf-8', replaced=2)"


def test_a_stray_byte_in_the_middle_of_utf8_text():
    before = "The \u201cpeace\u201d talks resumed in M\u00fcnchen on Monday, "
    after = "and both sides said they were \u201chopeful\u201d.\n"
    got = decode(before.encode("utf-8") + b"\xff" + after.encode("utf-8"))
    assert got == Decoded(before + "\ufffd" + after, "utf-8", replaced=1)
    assert got.warning == "1 invalid UTF-8 byte replaced with U+FFFD"


def test_a_lost_continuation_byte_costs_one_character():
    text = "Gr\u00fc\u00dfe aus M\u00fcnchen und \u201cZ\u00fcrich\u201d, sagte sie.\n"
    data = text.encode("utf-8")
    i = data.index("\u00df".encode("utf-8"))
    got = decode(data[:i + 1] + data[i + 2:])  # ß lost its second byte
    assert got.text == text.replace("\u00df", "\ufffd") and got.replaced == 1


def test_valid_utf8_replaces_nothing():
    got = decode("Armenia\u2019s \u201cpeace\u201d".encode("utf-8"))
    assert got == Decoded("Armenia\u2019s \u201cpeace\u201d", "utf-8") and got.replaced == 0 and got.warning is None
    assert repr(got) == "Decoded(text='Armenia’s “peace”', encoding='utf-8')"


# --- ...but legacy text is not "UTF-8 with many bad bytes" ---------------------------------------

@pytest.mark.parametrize("text", [
    "Cr\u00e8me br\u00fbl\u00e9e, caf\u00e9 au lait and a na\u00efve r\u00e9sum\u00e9 of the d\u00e9j\u00e0 vu.",
    "caf\u00e9",
    "\u201eSpa\u00df\u201c in M\u00fcnchen",  # "ß“" is DF 93, a valid UTF-8 sequence by chance
    "Armenia\u2019s \u201cpeace\u201d talks \u2013 again.",
])
def test_cp1252_text_is_cp1252_not_utf8_with_replacements(text):
    got = decode(text.encode("cp1252"))
    assert got == Decoded(text, "cp1252")
    assert "\ufffd" not in got.text and got.replaced == 0


def test_many_bad_bytes_are_not_a_few():
    # Valid UTF-8 and, after it, a paragraph in cp1252: too many bad spots to replace.
    data = "Stra\u00dfe, \u201cZ\u00fcrich\u201d. ".encode("utf-8") + ("\u00e9t\u00e9 \u00e0 " * 10).encode("cp1252")
    got = decode(data)
    assert got.encoding != "utf-8" and got.replaced == 0


@pytest.mark.parametrize("data", [
    b"\x01\x02\x03\x04\x05\x06\x07\x08" * 20 + "caf\u00e9".encode("utf-8") + b"\xc3",  # mostly controls
    bytes(range(0x80, 0x100)) * 4,  # mostly invalid
], ids=["controls", "invalid"])
def test_binary_is_still_not_text(data):
    with pytest.raises(NotTextError):
        decode(data)


# --- The run says so ------------------------------------------------------------------------------

def test_cli_warns_of_replaced_bytes_and_keeps_the_good_characters(tmp_path):
    (tmp_path / "f.txt").write_bytes(b"Caf\xc3\xa9 na\xc3\xafve r\xc3\xa9sum\xc3\xa9 \xe2\x80")
    r = run("clean", "f.txt", "--isolated", cwd=tmp_path)
    err = r.stderr.decode("utf-8")
    assert r.returncode == 0, err
    assert "textclean: warning: f.txt: 2 invalid UTF-8 bytes replaced with U+FFFD" in err.splitlines()
    assert r.stdout.decode("utf-8").startswith("Caf\u00e9 na\u00efve r\u00e9sum\u00e9")


def test_the_report_records_the_warning(tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "cut.txt").write_bytes("\u201cQuoted\u201d and cut: \u2019".encode("utf-8")[:-1])
    (tmp_path / "src" / "fine.txt").write_bytes("\u201cQuoted\u201d.\n".encode("utf-8"))
    r = run("clean", "src", "-o", "out", "--report", "r.jsonl", "--isolated", "--no-progress", cwd=tmp_path)
    assert r.returncode == 0, r.stderr.decode()
    notes = {d["path"].rsplit("/", 1)[-1]: d.get("note") for d in map(json.loads, (tmp_path / "r.jsonl").open())}
    assert notes == {"cut.txt": "2 invalid UTF-8 bytes replaced with U+FFFD", "fine.txt": None}
    assert (tmp_path / "out" / "cut.txt").read_text(encoding="utf-8") == "\u201cQuoted\u201d and cut: \ufffd"
    assert r.stderr.decode().count("textclean: warning:") == 1


# --- Short texts in legacy encodings --------------------------------------------------------------
# Sentences of 40-80 characters, each of which was misread before (cp1255 as cp1251, GB18030 as
# cp949, cp1254 as cp1252, cp1250 as cp1258); at this length every one of these is read right.
# Shorter still (a single word of a Latin-script language with one accented letter that another
# code page also has as a letter, "być"/"byæ") there is no evidence to tell, and cp1252 wins.

@pytest.mark.parametrize("encoding,text", [
    ("cp1255", "\u05e9\u05dc\u05d5\u05dd \u05dc\u05db\u05d5\u05dc\u05dd, \u05d4\u05e4\u05d2\u05d9\u05e9\u05d4 "
               "\u05e0\u05d3\u05d7\u05ea\u05d4 \u05dc\u05e9\u05d1\u05d5\u05e2 \u05d4\u05d1\u05d0 \u05d1\u05d2\u05dc\u05dc "
               "\u05d4\u05e9\u05d9\u05e4\u05d5\u05e5."),
    ("gb18030", "\u56fe\u4e66\u9986\u661f\u671f\u4e00\u56e0\u88c5\u4fee\u5173\u95ed\uff0c\u8bf7\u5927\u5bb6\u63d0"
                "\u524d\u5b89\u6392\u501f\u4e66\u65f6\u95f4\uff0c\u8c22\u8c22\u5408\u4f5c\u3002\u660e\u5929\u4e0a\u5348"
                "\u4e5d\u70b9\u5728\u4f1a\u8bae\u5ba4\u5f00\u4f1a\u3002"),
    ("cp1251", "\u0411\u0438\u0431\u043b\u0438\u043e\u0442\u0435\u043a\u0430 \u0431\u0443\u0434\u0435\u0442 "
               "\u0437\u0430\u043a\u0440\u044b\u0442\u0430 \u0432 \u043f\u043e\u043d\u0435\u0434\u0435\u043b\u044c\u043d"
               "\u0438\u043a \u0438\u0437-\u0437\u0430 \u0440\u0435\u043c\u043e\u043d\u0442\u0430."),
    ("cp1253", "\u0397 \u03b2\u03b9\u03b2\u03bb\u03b9\u03bf\u03b8\u03ae\u03ba\u03b7 \u03b8\u03b1 \u03b5\u03af\u03bd"
               "\u03b1\u03b9 \u03ba\u03bb\u03b5\u03b9\u03c3\u03c4\u03ae \u03c4\u03b7 \u0394\u03b5\u03c5\u03c4\u03ad\u03c1"
               "\u03b1 \u03bb\u03cc\u03b3\u03c9 \u03b5\u03c1\u03b3\u03b1\u03c3\u03b9\u03ce\u03bd."),
    ("cp1254", "K\u00fct\u00fcphane pazartesi g\u00fcn\u00fc tadilat nedeniyle kapal\u0131 olacak."),
    ("cp1250", "Knihovna bude v pond\u011bl\u00ed zav\u0159en\u00e1 kv\u016fli oprav\u00e1m."),
    ("cp1250", "Biblioteka b\u0119dzie zamkni\u0119ta w poniedzia\u0142ek z powodu remontu."),
    ("koi8-r", "\u0412\u0441\u0442\u0440\u0435\u0447\u0430 \u043f\u0435\u0440\u0435\u043d\u0435\u0441\u0435\u043d"
               "\u0430 \u043d\u0430 \u0441\u043b\u0435\u0434\u0443\u044e\u0449\u0443\u044e \u043d\u0435\u0434\u0435\u043b"
               "\u044e, \u0432 \u0447\u0435\u0442\u0432\u0435\u0440\u0433."),
], ids=lambda v: v if len(v) < 10 else None)
def test_short_legacy_text_is_read_in_its_encoding(encoding, text):
    assert 18 <= len(text) <= 80
    got = decode(text.encode(encoding))
    assert got.text == text, got
    assert got.replaced == 0


@pytest.mark.parametrize("encoding,text", [
    ("cp1255", "\u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd"),  # once cp1125
    ("gb18030", "\u4f60\u597d\uff0c\u4e16\u754c"),  # once cp949
    ("cp1253", "\u039a\u03b1\u03bb\u03b7\u03bc\u03ad\u03c1\u03b1"),  # once johab
    ("cp1251", "\u041f\u0440\u0438\u0432\u0435\u0442"),  # once big5
], ids=["he", "zh", "el", "ru"])
def test_a_few_words_are_enough_for_a_script_of_their_own(encoding, text):
    assert decode(text.encode(encoding)).text == text


def test_accented_latin_text_with_no_evidence_stays_cp1252():
    # "café au lait..." fits cp1250 (Slovak ď, ŕ) as well as cp1252: the web's default wins.
    assert decode("caf\u00e9 au lait, na\u00efve r\u00e9sum\u00e9 of the d\u00e9j\u00e0 vu".encode("cp1252")).encoding == "cp1252"


def test_latin_text_misread_as_chinese_no_more():
    # "für" is valid GB18030 ("f黵"), and charset-normalizer stops at it.
    assert decode("Verwenden Sie --help f\u00fcr weitere Informationen.".encode("cp1252")) == Decoded(
        "Verwenden Sie --help f\u00fcr weitere Informationen.", "cp1252")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_in_another_script(encoding):
    # NULs only in the high bytes of spaces and punctuation: once refused as binary.
    text = "\u041e\u0442\u043a\u0440\u044b\u0442\u044b\u0439 \u043a\u043b\u044e\u0447 \u043d\u0435 \u043d\u0430\u0439\u0434\u0435\u043d, \u043f\u043e\u043f\u0440\u043e\u0431\u0443\u0439\u0442\u0435 \u0441\u043d\u043e\u0432\u0430.\n"
    assert decode(text.encode(encoding)) == Decoded(text, "utf-16 (no BOM)")
