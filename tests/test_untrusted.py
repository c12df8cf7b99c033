"""Hostile input, faults and untrusted folders (issue 16): each test states the bound or the
refusal it checks, through the command as users run it."""

import errno
import gzip
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

QUIET = ["--isolated", "--no-progress"]


def textclean(*args, cwd=None, env=None, input=None):
    return subprocess.run([sys.executable, "-m", "textclean", *map(str, args)], cwd=cwd, env=env,
                          input=input, capture_output=True, text=True)


def clean_env(**extra):
    env = {k: v for k, v in os.environ.items() if k != "TEXTCLEAN_ALLOW_CONFIG_PLUGINS"}
    env.update(extra)
    return env


# -- 5. decompressed size --------------------------------------------------------------------

def test_a_gzip_bomb_is_refused_after_the_size_limit(tmp_path):
    (tmp_path / "bomb.txt.gz").write_bytes(gzip.compress(b"a" * (8 << 20)))
    (tmp_path / "ok.txt").write_text("fine  text\n")
    r = textclean("clean", tmp_path, "-o", tmp_path / "out", "--max-size", "1M", *QUIET)
    assert r.returncode == 3 and "Traceback" not in r.stderr
    assert "bomb.txt.gz: larger than the size limit of 1 MiB once decompressed (--max-size)" in r.stderr
    assert (tmp_path / "out" / "ok.txt").read_text() == "fine text\n"
    assert not (tmp_path / "out" / "bomb.txt.gz").exists()


def test_an_oversize_jsonl_record_is_left_out_and_named(tmp_path):
    rows = [{"text": "small  one"}, {"text": "x" * 5000}, {"text": "small  two"}]
    (tmp_path / "d.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    r = textclean("clean", tmp_path / "d.jsonl", "-o", tmp_path / "out", "--max-size", "2K",
                  "--only", "whitespace", *QUIET)
    assert r.returncode == 3
    assert "d.jsonl: record 2: a record of 4.896 KiB is larger than the size limit of 2 KiB" in r.stderr
    got = [json.loads(l) for l in (tmp_path / "out" / "d.jsonl").read_text().splitlines()]
    assert got == [{"text": "small one"}, {"text": "small two"}]


# -- 6. corrupt compressed input ---------------------------------------------------------------

def test_corrupt_archives_are_one_skip_each_and_the_run_goes_on(tmp_path):
    zstandard = pytest.importorskip("zstandard")
    src = tmp_path / "src"
    src.mkdir()
    (src / "garbage.txt.zst").write_bytes(b"\x28\xb5\x2f\xfd" + os.urandom(300))
    (src / "noise.txt.zst").write_bytes(os.urandom(300))
    good = gzip.compress(b"hello world " * 1000)
    (src / "deflate.txt.gz").write_bytes(good[:30] + b"\xff" * 20 + good[50:])
    lines = "".join(json.dumps({"text": f"line {i}  x"}) + "\n" for i in range(3000)).encode()
    damaged = bytearray(gzip.compress(lines))
    damaged[len(damaged) // 2] ^= 0xFF
    (src / "records.jsonl.gz").write_bytes(bytes(damaged))
    (src / "fine.txt.zst").write_bytes(zstandard.ZstdCompressor().compress(b"ok  fine\n"))
    r = textclean("clean", src, "-o", tmp_path / "out", "--text-field", "text", *QUIET)
    assert r.returncode == 3 and "Traceback" not in r.stderr, r.stderr
    for name in ("garbage.txt.zst", "noise.txt.zst", "deflate.txt.gz", "records.jsonl.gz"):
        assert f"{name}: " in r.stderr and "corrupt" in r.stderr.split(f"{name}: ")[1].splitlines()[0]
    # the damaged JSONL archive is one skip, not thousands of garbage records first
    assert "5 documents: 1 changed, 0 unchanged, 4 skipped" in r.stderr
    r = textclean("fit", src, "-o", tmp_path / "model.json", "--text-field", "text")
    assert "Traceback" not in r.stderr and "noise.txt.zst: corrupt zstd data" in r.stderr


# -- 7. lone surrogates ----------------------------------------------------------------------------

@pytest.mark.parametrize("flags", [["--report", "{tmp}/r.jsonl"], ["--only", "whitespace"],
                                   ["--disable", "mojibake"], ["--html-report", "{tmp}/r.html", "--only", "whitespace"]])
def test_a_lone_surrogate_in_a_record_never_crashes(tmp_path, flags):
    (tmp_path / "a.jsonl").write_text('{"text": "a\\ud800b  c"}\n{"text": "ok  x"}\n')
    flags = [f.format(tmp=tmp_path) for f in flags]
    r = textclean("clean", tmp_path / "a.jsonl", "-o", tmp_path / "out", *flags, *QUIET)
    assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr
    first = json.loads((tmp_path / "out" / "a.jsonl").read_text().splitlines()[0])["text"]
    assert first in ("a\ud800b c", "a\ufffdb c")


# -- 8. disk full while writing a dataset ------------------------------------------------------

def test_a_full_disk_discards_the_dataset_output_and_counts_nothing_written(tmp_path, monkeypatch):
    from textclean.io.formats import jsonl
    from textclean.run.engine import JobSettings, LocalEngine
    from textclean.io.files import InputFile
    from textclean.core.pipeline import Pipeline
    from textclean.run.document import DocumentOptions, Mode

    src = tmp_path / "d.jsonl"
    src.write_text("".join(json.dumps({"text": f"r{i}  x"}) + "\n" for i in range(1000)))

    class Full:
        def __init__(self, raw):
            self.raw, self.n = raw, 0

        def write(self, data):
            self.n += len(data)
            if self.n > 2000:
                raise OSError(errno.ENOSPC, "No space left on device")
            return self.raw.write(data)

    monkeypatch.setattr(jsonl, "open_write", lambda raw, path: Full(raw))
    results = []
    run = LocalEngine(Pipeline({"autoload": False, "only": ["whitespace"]}),
                      JobSettings(options=DocumentOptions(mode=Mode.WRITE, out_dir=tmp_path / "out"), batch_size=100),
                      on_result=results.append)
    summary = run.run([InputFile(src, Path("d.jsonl"))])
    assert results[-1].status == "skipped"
    assert "cannot write" in results[-1].error and "No space left on device" in results[-1].error
    assert summary.bytes_out == 0 and summary.changed == 0 and summary.skipped == 1
    assert not (tmp_path / "out" / "d.jsonl").exists()
    assert not [p for p in (tmp_path / "out").rglob("*") if p.name.endswith(".textclean-tmp")]


# -- 11. code from untrusted folders ---------------------------------------------------------------

def test_a_found_config_file_cannot_import_plugins_unless_allowed(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "textclean.toml").write_text('plugins = ["corpus_plugin"]\n')
    site = tmp_path / "site"
    site.mkdir()
    (site / "corpus_plugin.py").write_text(textwrap.dedent("""
        import pathlib
        pathlib.Path(__file__).with_name("RAN").write_text("x")
    """))
    (corpus / "a.txt").write_text("a  b\n")
    env = clean_env(PYTHONPATH=str(site))
    r = textclean("clean", "a.txt", cwd=corpus, env=env)
    assert r.returncode == 2 and "names plugins (corpus_plugin), which would run its code" in r.stderr
    assert not (site / "RAN").exists()
    r = textclean("clean", "a.txt", "--allow-config-plugins", cwd=corpus, env=env)
    assert r.returncode == 0 and (site / "RAN").exists()
    (site / "RAN").unlink()
    r = textclean("clean", "a.txt", cwd=corpus, env=clean_env(PYTHONPATH=str(site), TEXTCLEAN_ALLOW_CONFIG_PLUGINS="1"))
    assert r.returncode == 0 and (site / "RAN").exists()


def test_python_m_textclean_never_imports_from_the_current_folder(tmp_path):
    (tmp_path / "bs4.py").write_text("import pathlib; pathlib.Path('PLANTED').write_text('x')\n"
                                     "raise ImportError('planted')\n")
    (tmp_path / "page.html").write_text("<html><body><p>Hello there.</p></body></html>")
    r = textclean("clean", "page.html", *QUIET, cwd=tmp_path)
    assert r.returncode == 0 and "Hello there." in r.stdout, r.stderr
    assert not (tmp_path / "PLANTED").exists()


# -- 12. plugin faults contained; read-only context ------------------------------------------------

PLUGIN = """
    import sys
    from textclean import Cleaner, Stage, hookimpl
    def leave(text, ctx):
        if "EXIT" in text:
            sys.exit(3)
        return text
    def grab(text, ctx):
        ctx.rules["protected_words"].append("grabbed")
        return text
    @hookimpl
    def textclean_register_cleaners():
        return [Cleaner("leaver", leave, Stage.WORDS + 5, "exits on EXIT"),
                Cleaner("grabber", grab, Stage.WORDS + 6, "mutates shared rules", default=False)]
"""


def test_sys_exit_in_a_plugin_is_a_named_failure_and_the_run_goes_on(tmp_path):
    (tmp_path / "tc_leaver.py").write_text(textwrap.dedent(PLUGIN))
    src = tmp_path / "src"
    src.mkdir()
    for i in range(6):
        (src / f"d{i}.txt").write_text("please EXIT now\n" if i == 2 else f"doc  {i}\n")
    env = clean_env(PYTHONPATH=str(tmp_path))
    r = textclean("clean", src, "-o", tmp_path / "out", "--plugin", "tc_leaver", "--report", tmp_path / "r.jsonl",
                  "-j", "1", *QUIET, env=env)
    assert r.returncode == 3
    assert "d2.txt: cleaner 'leaver' (plugin 'tc_leaver'): raised SystemExit: 3" in r.stderr
    assert "6 documents" in r.stderr  # the summary
    assert len((tmp_path / "r.jsonl").read_text().splitlines()) == 6
    assert len((tmp_path / "out" / ".textclean-state" / "done.jsonl").read_text().splitlines()) == 6
    r = textclean("clean", src, "-o", tmp_path / "out2", "--plugin", "tc_leaver", "--enable", "grabber",
                  "--only", "grabber", *QUIET, env=env)
    assert r.returncode == 3 and "cleaner 'grabber' (plugin 'tc_leaver'): raised AttributeError" in r.stderr


# -- 13. links out of the input folder ---------------------------------------------------------------

def test_links_leaving_the_input_folder_are_not_followed_unless_asked(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("private  key\n")
    os.symlink(secret, src / "planted.txt")
    (src / "real.txt").write_text("inside  text\n")
    os.symlink("real.txt", src / "alias.txt")  # a link inside the folder is fine
    r = textclean("clean", src, "-o", tmp_path / "out", *QUIET)
    assert r.returncode == 3
    assert "planted.txt: a link to" in r.stderr and "not followed (--follow-links to follow it)" in r.stderr
    assert not (tmp_path / "out" / "planted.txt").exists()
    assert (tmp_path / "out" / "alias.txt").read_text() == "inside text\n"
    r = textclean("clean", src, "-o", tmp_path / "out2", "--follow-links", *QUIET)
    assert r.returncode == 0 and (tmp_path / "out2" / "planted.txt").read_text() == "private key\n"


# -- 15. names in messages; the first document's budget --------------------------------------------

def test_a_file_name_with_a_newline_cannot_forge_a_line(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "x\ntextclean: 99 documents: 99 changed.txt").write_bytes(b"\x00\x01\x02binary")
    r = textclean("clean", src, "-o", tmp_path / "out", *QUIET)
    assert r.returncode == 3
    assert not any(line.startswith("textclean: 99 documents") for line in r.stderr.splitlines())
    assert "x\\ntextclean: 99 documents: 99 changed.txt: not text" in r.stderr


def test_the_typos_model_loads_before_the_first_documents_clock(tmp_path):
    (tmp_path / "tiny.txt").write_text("hello there\n")
    env = clean_env(TEXTCLEAN_CACHE_DIR=str(tmp_path / "empty-cache"))
    r = textclean("clean", tmp_path / "tiny.txt", "--time-budget", "0.5", "--isolated", env=env)
    assert r.returncode == 0 and r.stdout == "hello there\n", r.stderr
