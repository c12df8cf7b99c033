"""Nothing lost, whatever the user types: the installed ``textclean`` command run as a new
user runs it, in a temporary folder, on the mistakes and edge cases that used to lose data
or end in a traceback. Each test states the promise it checks."""

import hashlib
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds" / "inputs"
QUIET = ["--isolated", "--no-progress"]


def textclean(*args, cwd=None, env=None, input=None):
    """Run the installed command (``python -m textclean`` where no script is on PATH)."""
    exe = shutil.which("textclean", path=os.path.dirname(sys.executable)) or shutil.which("textclean")
    command = [exe] if exe else [sys.executable, "-m", "textclean"]
    return subprocess.run([*command, *map(str, args)], cwd=cwd, env=env, input=input,
                          capture_output=True, text=True)


def digest(root):
    """Every file under ``root`` with the md5 of its bytes."""
    return {str(p.relative_to(root)): hashlib.md5(p.read_bytes()).hexdigest()
            for p in sorted(Path(root).rglob("*")) if p.is_file()}


def one_line_error(r, *needles):
    assert r.returncode == 2, (r.returncode, r.stderr)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("textclean: error: "), r.stderr
    assert "Traceback" not in r.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


@pytest.fixture
def seeds(tmp_path):
    dst = tmp_path / "t2"
    shutil.copytree(SEEDS, dst)
    return dst


# -- 1. an output folder that is, or would overwrite, the input -------------------------------

def test_output_folder_equal_to_the_input_folder_is_refused(seeds, tmp_path):
    before = digest(seeds)
    one_line_error(textclean("clean", "t2", "-o", "t2", *QUIET, cwd=tmp_path), "is the input folder")
    one_line_error(textclean("clean", ".", "-o", ".", *QUIET, cwd=seeds), "is the input folder")
    one_line_error(textclean("clean", ".", "-o", str(seeds), *QUIET, cwd=seeds), "is the input folder")
    assert digest(seeds) == before  # nothing rewritten, and no state folder made


def test_an_output_that_would_land_on_an_input_is_refused(tmp_path):
    # Cleaning d/sub into d: sub/sub/a.txt would be written to d/sub/a.txt, an input.
    (tmp_path / "d" / "sub" / "sub").mkdir(parents=True)
    (tmp_path / "d" / "sub" / "a.txt").write_text("top  a\n")
    (tmp_path / "d" / "sub" / "sub" / "a.txt").write_text("inner  a\n")
    before = digest(tmp_path / "d")
    one_line_error(textclean("clean", "d/sub", "-o", "d", *QUIET, cwd=tmp_path),
                   "would overwrite the input d/sub/a.txt")
    assert digest(tmp_path / "d") == before


def test_output_folder_inside_the_input_folder_is_allowed_and_not_reread(seeds):
    out = seeds / "cleaned"
    r = textclean("clean", seeds, "-o", out, *QUIET)
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in out.glob("*.txt")) == sorted(p.name for p in SEEDS.glob("*.txt"))
    assert not (out / "cleaned").exists()


# -- 2. two inputs, one output -------------------------------------------------------------------

def test_text_and_html_of_one_name_each_get_their_own_output(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text("plain  text\n")
    (src / "a.html").write_text("<html><body><p>From the page.</p></body></html>")
    (src / "b.html").write_text("<html><body><p>Only page.</p></body></html>")
    r = textclean("clean", src, "-o", tmp_path / "out", *QUIET, "--only", "whitespace")
    assert r.returncode == 0, r.stderr
    out = tmp_path / "out"
    assert (out / "a.txt").read_text() == "plain text\n"
    assert "From the page." in (out / "a.html.txt").read_text()
    assert "Only page." in (out / "b.txt").read_text()
    assert "3 documents" in r.stderr


def test_explicit_files_of_one_name_are_refused_before_anything_is_written(tmp_path):
    for folder in ("x", "y"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "n.txt").write_text(f"from  {folder}\n")
    r = textclean("clean", "x/n.txt", "y/n.txt", "-o", "out", *QUIET, cwd=tmp_path)
    one_line_error(r, "x/n.txt and y/n.txt would both be written to")
    assert not (tmp_path / "out").exists()


def test_two_source_folders_with_one_relative_path_are_refused(tmp_path):
    for folder in ("x", "y"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "same.txt").write_text(f"from {folder}\n")
    r = textclean("clean", "x", "y", "-o", "out", *QUIET, cwd=tmp_path)
    one_line_error(r, "would both be written to")
    assert not (tmp_path / "out").exists()


def test_explicit_text_and_html_of_one_name_are_named_together(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "a.txt").write_text("t\n")
    (tmp_path / "a.html").write_text("<html><body><p>Page.</p></body></html>")
    r = textclean("clean", "x/a.txt", "a.html", "-o", "out", *QUIET, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in (tmp_path / "out").glob("*.txt")) == ["a.html.txt", "a.txt"]


# -- 3. resume never reports stale or empty results ----------------------------------------------

def test_a_new_report_on_a_finished_run_describes_every_document(seeds, tmp_path):
    out = tmp_path / "out"
    assert textclean("clean", seeds, "-o", out, *QUIET, "--report", tmp_path / "r1.jsonl").returncode == 0
    first = [json.loads(l) for l in (tmp_path / "r1.jsonl").read_text().splitlines()]
    r = textclean("clean", seeds, "-o", out, *QUIET, "--report", tmp_path / "r2.jsonl")
    assert r.returncode == 0 and "(5 files done by an earlier run)" in r.stderr
    again = [json.loads(l) for l in (tmp_path / "r2.jsonl").read_text().splitlines()]
    assert len(again) == 5 and all(d.pop("resumed") for d in again)
    assert again == first
    # A run without a report keeps no report records: a later report redoes those documents.
    out2 = tmp_path / "out2"
    assert textclean("clean", seeds, "-o", out2, *QUIET).returncode == 0
    r = textclean("clean", seeds, "-o", out2, *QUIET, "--report", tmp_path / "r3.jsonl")
    assert "5 documents: 5 changed" in r.stderr
    third = [json.loads(l) for l in (tmp_path / "r3.jsonl").read_text().replace("/out2/", "/out/").splitlines()]
    assert third == first


PLUGIN = """
    from textclean import Cleaner, Stage, hookimpl
    def fix(text, ctx):
        return text.replace("colour", "{word}")
    @hookimpl
    def textclean_register_cleaners():
        return [Cleaner("spelling", fix, Stage.WORDS + 5, "colour -> {word}")]
"""


def install_plugin(site, version, word):
    """An installed distribution ``tc_spell`` (entry point in group textclean)."""
    (site / "tc_spell.py").write_text(textwrap.dedent(PLUGIN.format(word=word)))
    for old in site.glob("tc_spell-*.dist-info"):
        shutil.rmtree(old)
    info = site / f"tc_spell-{version}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: tc_spell\nVersion: {version}\n")
    (info / "entry_points.txt").write_text("[textclean]\ntc_spell = tc_spell\n")


def test_a_changed_plugin_version_or_code_redoes_the_outputs(tmp_path):
    site, src, out = tmp_path / "site", tmp_path / "src", tmp_path / "out"
    site.mkdir()
    src.mkdir()
    (src / "a.txt").write_text("the colour red\n")
    env = dict(os.environ, PYTHONPATH=str(site))
    env.pop("TEXTCLEAN_DISABLE_PLUGIN_AUTOLOAD", None)
    args = ("clean", src, "-o", out, "--only", "spelling", *QUIET)
    install_plugin(site, "1.0", "color")
    assert textclean(*args, env=env).returncode == 0
    assert (out / "a.txt").read_text() == "the color red\n"
    r = textclean(*args, env=env)
    assert "(1 files done by an earlier run)" in r.stderr
    install_plugin(site, "1.1", "colr")
    r = textclean(*args, env=env)
    assert "plugin 'tc_spell' (version 1.0 -> 1.1)" in r.stderr and "1 document: 1 changed" in r.stderr
    assert (out / "a.txt").read_text() == "the colr red\n"
    (site / "tc_spell.py").write_text(textwrap.dedent(PLUGIN.format(word="COLOR")))  # same version
    r = textclean(*args, env=env)
    assert "plugin 'tc_spell' (its code)" in r.stderr
    assert (out / "a.txt").read_text() == "the COLOR red\n"


def test_a_changed_model_file_redoes_the_outputs(tmp_path):
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    for i in range(6):
        (corpus / f"d{i}.txt").write_text(f"Story number {i} is about the harbour and the ships.\n\n"
                                          f"Subscribe to our newsletter today\n")
    model = tmp_path / "model.json"
    assert textclean("fit", corpus, "-o", model).returncode == 0
    args = ("clean", corpus, "-o", out, "--model", model, *QUIET)
    assert textclean(*args).returncode == 0
    assert "Subscribe" not in (out / "d0.txt").read_text()
    assert "done by an earlier run" in textclean(*args).stderr
    (corpus / "extra").mkdir()
    for i in range(6):
        (corpus / "extra" / f"e{i}.txt").write_text(f"Another tale {i} of the sea.\n")
    assert textclean("fit", corpus, "-o", model, "--min-share", "0.9").returncode == 0
    r = textclean(*args)
    assert "the file of option boilerplate.model" in r.stderr and "12 documents" in r.stderr


# -- 4. model files -------------------------------------------------------------------------------

@pytest.mark.parametrize("content, needle", [
    (None, "No such file or directory"),
    ("{not json", "not JSON"),
    ("[1, 2]", "not a textclean corpus model"),
    ('{"format": "textclean-boilerplate-corpus", "documents": "x", "lines": 3}', "damaged"),
])
def test_a_missing_or_bad_model_file_is_one_line(tmp_path, content, needle):
    model = tmp_path / "model.json"
    if content is not None:
        model.write_text(content)
    r = textclean("clean", SEEDS / "000_b2209f540be4d526.txt", "--model", model, *QUIET)
    one_line_error(r, needle, "model.json")


# -- 5. report paths -----------------------------------------------------------------------------

@pytest.mark.parametrize("args", [
    ["report", SEEDS, "-o", "{folder}"],
    ["clean", SEEDS, "--check", "--html-report", "{folder}"],
    ["clean", SEEDS, "-o", "{out}", "--report", "{folder}"],
    ["fit", SEEDS, "-o", "{folder}"],
])
def test_a_report_or_model_path_that_is_a_folder_is_refused(tmp_path, args):
    folder = tmp_path / "reports"
    folder.mkdir()
    args = [str(a).format(folder=folder, out=tmp_path / "out") for a in args]
    one_line_error(textclean(*args, *(QUIET if args[0] == "clean" else ["--isolated"] if args[0] == "report" else [])),
                   "is a folder")
    assert not list(tmp_path.rglob("*textclean-tmp")) and not list(folder.iterdir())
    assert not (tmp_path / "out").exists()


# -- 6. compressed datasets without their extra -----------------------------------------------------

def test_zst_without_zstandard_is_a_recorded_skip_naming_the_extra(tmp_path):
    zstandard = pytest.importorskip("zstandard")
    blocker = tmp_path / "blocker"
    blocker.mkdir()
    (blocker / "zstandard.py").write_text("raise ImportError('not installed (blocked by the test)')\n")
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.jsonl.zst").write_bytes(zstandard.ZstdCompressor().compress(b'{"text": "a  b"}\n'))
    (src / "b.txt.zst").write_bytes(zstandard.ZstdCompressor().compress(b"a  b\n"))
    (src / "c.txt").write_text("c  d\n")
    env = dict(os.environ, PYTHONPATH=str(blocker), PYTHONWARNINGS="default")
    r = textclean("clean", src, "-o", tmp_path / "out", "--text-field", "text", "--only", "whitespace",
                  *QUIET, env=env)
    assert r.returncode == 3
    assert "a.jsonl.zst: cannot read: .zst files need the zstandard package: pip install 'textclean-toolkit[datasets]'" in r.stderr
    assert "b.txt.zst: cannot decompress: .zst files need the zstandard package" in r.stderr
    assert "Traceback" not in r.stderr and "unclosed" not in r.stderr.lower()
    assert (tmp_path / "out" / "c.txt").read_text() == "c d\n"
    assert not list((tmp_path / "out").rglob("*.zst")) and not list(tmp_path.rglob("*textclean-tmp"))


# -- 7. a path that does not exist ---------------------------------------------------------------

@pytest.mark.parametrize("args", [
    ["clean", "nosuchdir", "-o", "x", *QUIET],
    ["clean", "nosuchfile.txt", *QUIET],
    ["clean", str(SEEDS), "nosuchdir", "-o", "x", *QUIET],
    ["fit", "nosuchdir", "-o", "x/model.json"],
    ["report", "nosuchdir", "-o", "x/report.html", "--isolated"],
])
def test_a_missing_input_is_a_usage_error_and_creates_nothing(tmp_path, args):
    one_line_error(textclean(*args, cwd=tmp_path), "nosuch", "no such file or folder")
    assert list(tmp_path.iterdir()) == []


# -- 8. plugins the user named -------------------------------------------------------------------

def test_a_named_plugin_that_cannot_be_imported_is_an_error(tmp_path, seeds):
    one_line_error(textclean("clean", seeds, "-o", tmp_path / "out", "--plugin", "nosuchmod", *QUIET),
                   "plugin 'nosuchmod' cannot be imported")
    assert not (tmp_path / "out").exists()
    (tmp_path / "textclean.toml").write_text('plugins = ["nosuchmod"]\n')
    one_line_error(textclean("clean", seeds, "-o", tmp_path / "out", "--config", tmp_path / "textclean.toml",
                             "--no-progress"), "plugin 'nosuchmod' cannot be imported")
    from textclean import Pipeline
    from textclean.plugins.manager import PluginError
    with pytest.raises(PluginError, match="plugin 'nosuchmod' cannot be imported"):
        Pipeline({"plugins": ["nosuchmod"]})


def test_a_broken_entry_point_plugin_warns_once_with_workers(tmp_path, seeds):
    site = tmp_path / "site"
    site.mkdir()
    (site / "tc_broken.py").write_text("raise RuntimeError('bad plugin')\n")
    info = site / "tc_broken-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: tc_broken\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[textclean]\ntc_broken = tc_broken\n")
    env = dict(os.environ, PYTHONPATH=str(site))
    env.pop("TEXTCLEAN_DISABLE_PLUGIN_AUTOLOAD", None)
    r = textclean("clean", seeds, "-o", tmp_path / "out", "-j", "2", *QUIET, env=env)
    assert r.returncode == 0, r.stderr
    warned = [line for line in r.stderr.splitlines() if "tc_broken" in line]
    assert warned == ["textclean: warning: plugin 'tc_broken' (tc_broken) failed to import and is skipped: "
                      "RuntimeError: bad plugin"]


# -- 9. -o - ---------------------------------------------------------------------------------------

def test_dash_output_means_standard_output(tmp_path):
    seed = SEEDS / "000_b2209f540be4d526.txt"
    r = textclean("clean", seed, "-o", "-", "--only", "whitespace", *QUIET, cwd=tmp_path)
    expected = textclean("clean", seed, "--only", "whitespace", *QUIET, cwd=tmp_path)
    assert r.returncode == 0 and r.stdout == expected.stdout and r.stdout
    one_line_error(textclean("clean", SEEDS, "-o", "-", *QUIET, cwd=tmp_path), "standard output")
    assert not (tmp_path / "-").exists()


# -- 12. folders: text files, not datasets, unless asked -------------------------------------------

def test_a_folder_with_jsonl_side_files_is_cleaned_as_text(tmp_path):
    seeds = ROOT / "seeds"
    r = textclean("clean", seeds, "-o", tmp_path / "out", *QUIET)
    assert r.returncode == 0, r.stderr
    assert "5 JSONL/Parquet file(s) in the folders were not read" in r.stderr
    assert not [p for p in (tmp_path / "out").rglob("*.jsonl") if ".textclean-state" not in p.parts]
    assert len(list((tmp_path / "out").rglob("*.txt"))) == 10
    # Asked for, the datasets are taken: the goldens' edits have no "text" field.
    r = textclean("clean", seeds, "-o", tmp_path / "out2", "--text-field", "before", *QUIET)
    assert len(list((tmp_path / "out2").rglob("*.edits.jsonl"))) == 5
    # A dataset file named directly is always taken.
    golden = next((seeds / "golden").glob("*.edits.jsonl"))
    r = textclean("clean", golden, "-o", tmp_path / "out3", *QUIET)
    assert (tmp_path / "out3" / golden.name).exists()
