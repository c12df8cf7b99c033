"""The command line, run as users run it: a subprocess."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest


def run(*args, cwd=None, env=None, input=None):
    return subprocess.run([sys.executable, "-m", "textclean", *map(str, args)], cwd=cwd, env=env,
                          input=input, capture_output=True)


@pytest.fixture
def tree(tmp_path):
    src = tmp_path / "src"
    (src / "sub").mkdir(parents=True)
    (src / "a.txt").write_text("Title  \n\n\n\nBody text.\n")
    (src / "sub" / "b.md").write_text("clean already\n")
    (src / "sub" / "c.bin").write_bytes(b"\x00\x01")   # not a text suffix: not walked
    (src / "latin.txt").write_bytes("caf\xe9 and na\xefve r\xe9sum\xe9s, d\xe9j\xe0 vu\n".encode("latin-1"))
    return src


def test_clean_folder_keeps_relative_paths_and_never_touches_input(tree, tmp_path):
    before = {p: p.read_bytes() for p in tree.rglob("*") if p.is_file()}
    out = tmp_path / "out"
    r = run("clean", tree, "-o", out, "--only", "whitespace", "--isolated")
    assert r.returncode == 0, r.stderr
    assert (out / "a.txt").read_text() == "Title\n\nBody text.\n"
    assert (out / "sub" / "b.md").read_text() == "clean already\n"
    assert not (out / "sub" / "c.bin").exists()
    assert (out / "latin.txt").read_text(encoding="utf-8") == "café and naïve résumés, déjà vu\n"
    assert {p: p.read_bytes() for p in tree.rglob("*") if p.is_file()} == before
    assert b"3 documents: 1 changed, 2 unchanged, 0 skipped" in r.stderr


def test_output_inside_source_is_not_reread(tree):
    out = tree / "cleaned"
    assert run("clean", tree, "-o", out, "--isolated").returncode == 0
    r = run("clean", tree, "-o", out, "--isolated")
    assert r.returncode == 0
    assert not (out / "cleaned").exists()
    assert b"(3 files done by an earlier run)" in r.stderr


def test_single_file_to_stdout_and_stdin(tree):
    r = run("clean", tree / "a.txt", "--only", "whitespace", "--isolated")
    assert r.stdout == b"Title\n\nBody text.\n"
    r = run("clean", "-", "--only", "whitespace", "--isolated", input=b"x  y  \r\n")
    assert r.stdout == b"x y\n"


def test_several_inputs_need_an_output_folder(tree):
    r = run("clean", tree, "--isolated")
    assert r.returncode == 2
    assert r.stderr.decode().strip().startswith("textclean: error: several inputs need -o OUT_DIR")


def test_check_and_diff_write_nothing(tree, tmp_path):
    r = run("clean", tree, "--check", "--only", "whitespace", "--isolated")
    assert r.returncode == 1
    assert r.stdout.decode().splitlines() == [f"would change: {tree / 'a.txt'}"]
    r = run("clean", tree, "--diff", "--only", "whitespace", "--isolated")
    assert r.returncode == 1
    assert "-Title  \n" in r.stdout.decode() and "+Title\n" in r.stdout.decode()
    r = run("clean", tree / "sub", "--check", "--isolated")
    assert r.returncode == 0


def test_explain_and_report(tree, tmp_path):
    report = tmp_path / "edits.jsonl"
    r = run("clean", tree / "a.txt", "--only", "whitespace", "--explain", "--report", report, "--isolated")
    assert r.returncode == 0
    assert "a.txt:1:6: whitespace: trailing whitespace: '  ' -> ''" in r.stderr.decode()
    records = [json.loads(line) for line in report.read_text().splitlines()]
    assert len(records) == 1 and records[0]["status"] == "changed"
    assert {e["reason"] for e in records[0]["edits"]} == {"trailing whitespace", "extra blank lines"}


def test_an_html_page_reports_what_it_says_of_itself_and_is_read_in_its_charset(tmp_path):
    page = tmp_path / "page.html"
    page.write_bytes(('<html lang="fr"><head><meta charset="windows-1252"><title>Le pont sera reconstruit</title>'
                      '<meta name="author" content="Anne Martin"></head><body><article><p>Le conseil a décidé '
                      'lundi de reconstruire le pont avant l’hiver, a dit le maire.</p></article></body></html>'
                      ).encode("cp1252"))
    report = tmp_path / "report.jsonl"
    r = run("clean", page, "--report", report, "--isolated")
    assert r.returncode == 0, r.stderr.decode()
    assert "Le conseil a décidé lundi de reconstruire le pont avant l’hiver" in r.stdout.decode("utf-8")
    [record] = [json.loads(line) for line in report.read_text().splitlines()]
    assert record["metadata"] == {"title": "Le pont sera reconstruit", "language": "fr", "author": "Anne Martin"}
    assert record["encoding"] == "cp1252"


def test_bad_inputs_are_skipped_with_one_line_and_the_run_goes_on(tree, tmp_path):
    (tree / "nul.txt").write_bytes(b"abc\x00\x00\x00\x01\x02\x03")
    out = tmp_path / "out"
    r = run("clean", tree, "-o", out, "--isolated")
    assert r.returncode == 3
    err = r.stderr.decode()
    assert "skipped" in err and "nul.txt: not text: binary data" in err
    assert "Traceback" not in err
    assert (out / "a.txt").exists() and not (out / "nul.txt").exists()


@pytest.mark.parametrize("args, message", [
    (["--only", "nope"], "unknown cleaner(s) in only: nope; valid names:"),
    (["--option", "typos"], "--option takes CLEANER.OPTION=VALUE"),
    (["--option", "whitespace.nope=1"], "cleaner 'whitespace' has no option 'nope'"),
    (["--config", "/nonexistent/textclean.toml"], "cannot read config"),
])
def test_usage_errors_are_one_line(tree, args, message):
    r = run("clean", tree / "a.txt", *args)
    assert r.returncode == 2
    err = r.stderr.decode()
    assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_config_discovered_from_pyproject_upward(tree, tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.textclean]\nonly = ["whitespace"]\n'
                                             '[tool.textclean.options.whitespace]\ncollapse_spaces = false\n')
    (tree / "d.txt").write_text("a  b\n")
    r = run("clean", "d.txt", cwd=tree)
    assert r.stdout == b"a  b\n"
    r = run("clean", "d.txt", "--option", "whitespace.collapse_spaces=true", cwd=tree)
    assert r.stdout == b"a b\n"
    r = run("clean", "d.txt", "--isolated", "--only", "whitespace", cwd=tree)
    assert r.stdout == b"a b\n"


def test_textclean_toml_wins_over_pyproject_in_same_folder(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.textclean]\ndisable = ["whitespace"]\n')
    (tmp_path / "textclean.toml").write_text('only = ["whitespace"]\n')
    (tmp_path / "d.txt").write_text("a  b\n")
    assert run("clean", "d.txt", cwd=tmp_path).stdout == b"a b\n"


def test_invalid_toml_is_a_one_line_error(tmp_path):
    (tmp_path / "textclean.toml").write_text('only = [\n')
    (tmp_path / "d.txt").write_text("x\n")
    r = run("clean", "d.txt", cwd=tmp_path)
    assert r.returncode == 2 and "invalid TOML" in r.stderr.decode()


def test_cleaners_lists_run_order(child_env):
    r = run("cleaners", "--isolated", "--plugin", "tc_sample", env=child_env)
    lines = r.stdout.decode().splitlines()
    assert lines[0].split() == ["#", "cleaner", "plugin", "stage", "competent", "for", "description"]
    typos = next(l for l in lines if l.split()[1:2] == ["typos"])
    assert typos.split()[4:6] == ["prose;", "en"]
    order = [l.split()[1] for l in lines[1:] if l.split()[0].isdigit()]
    assert order.index("drop_ads") < order.index("expand") < order.index("whitespace")
    assert any(l.startswith("-") and "shout" in l and "(off)" in l for l in lines)


def test_cleaners_explain(child_env):
    r = run("cleaners", "--explain", "whitespace", "--isolated")
    out = r.stdout.decode()
    assert out.startswith("whitespace (plugin whitespace, stage whitespace = 900)")
    assert "max_blank_lines = 1" in out
    r = run("cleaners", "--explain", "nope", "--isolated")
    assert r.returncode == 2


def test_plugins_lists_versions(child_env):
    r = run("plugins", "--plugin", "tc_sample", env=child_env)
    out = r.stdout.decode()
    assert "whitespace" in out and "builtin" in out
    assert "tc_sample" in out and "explicit" in out


def test_no_command_prints_help():
    r = run()
    assert r.returncode == 2 and b"usage:" in r.stdout


def test_report_command_and_html_report_flag(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("Title  \n\n\n\nBody.\n")
    r = run("report", src, "-o", tmp_path / "r.html", "--only", "whitespace", "--isolated")
    assert r.returncode == 0, r.stderr
    page = (tmp_path / "r.html").read_text()
    assert "trailing whitespace" in page and "a.txt" in page
    assert not (tmp_path / "a.txt.cleaned").exists() and src.read_text() == "Title  \n\n\n\nBody.\n"
    r = run("clean", src, "-o", tmp_path / "out", "--html-report", tmp_path / "r2.html", "--only", "whitespace",
            "--isolated")
    assert r.returncode == 0 and (tmp_path / "out" / "a.txt").read_text() == "Title\n\nBody.\n"
    assert "extra blank lines" in (tmp_path / "r2.html").read_text()


# --- --diff output applies with patch -p1 and git apply -------------------------------------

SEED_INPUTS = Path(__file__).resolve().parents[1] / "seeds" / "inputs"
# Extra cases beyond the seeds (whose inputs end without a newline and whose outputs end with
# one): a name with a space in a subfolder, both sides without a final newline, an output
# that is empty from an input that ends with one, and CRLF line ends.
DIFF_CASES = {
    "sub/with space.txt": (b"a  b\n\n\n\nend", []),
    "mojibake.txt": ("caf\u00c3\u00a9 au lait".encode(), ["--only", "mojibake"]),
    "blank.txt": (b"   \n\n\t\n", []),
    "crlf.txt": (b"line one  \r\nline two\r\n", []),
}


def _diff_cases():
    return sorted(p.name for p in SEED_INPUTS.glob("*.txt")) + sorted(DIFF_CASES)


@pytest.mark.parametrize("name", _diff_cases())
def test_diff_applies_with_patch_and_git_apply(tmp_path, name):
    if shutil.which("patch") is None:
        pytest.skip("patch is not installed (apt-get install patch): cannot check that --diff applies")
    if name in DIFF_CASES:
        data, extra = DIFF_CASES[name]
    else:
        data, extra = (SEED_INPUTS / name).read_bytes(), []
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    cleaned = run("clean", name, "--isolated", *extra, cwd=tmp_path)
    assert cleaned.returncode == 0, cleaned.stderr
    assert cleaned.stdout != data
    r = run("clean", "--diff", name, "--isolated", *extra, cwd=tmp_path)
    assert r.returncode == 1, r.stderr
    diff = r.stdout
    assert diff.startswith(f"--- a/{name}".encode()) and f"\n+++ b/{name}".encode() in diff
    # GNU diff's marker after the last line of a side that lacks a final newline (an empty
    # side has no last line, and no marker)
    unended = [side for side in (data, cleaned.stdout) if side and not side.endswith(b"\n")]
    assert diff.count(b"\n\\ No newline at end of file\n") == len(unended)
    check = subprocess.run(["patch", "-p1", "--dry-run"], cwd=tmp_path, input=diff, capture_output=True)
    assert check.returncode == 0, check.stdout + check.stderr
    git = shutil.which("git")
    if git is not None:
        check = subprocess.run([git, "apply", "--check"], cwd=tmp_path, input=diff, capture_output=True)
        assert check.returncode == 0, check.stderr
    applied = subprocess.run(["patch", "-p1"], cwd=tmp_path, input=diff, capture_output=True)
    assert applied.returncode == 0, applied.stdout + applied.stderr
    assert path.read_bytes() == cleaned.stdout
    if git is not None:
        path.write_bytes(data)
        applied = subprocess.run([git, "apply"], cwd=tmp_path, input=diff, capture_output=True)
        assert applied.returncode == 0, applied.stderr
        assert path.read_bytes() == cleaned.stdout


def test_check_and_diff_combine_as_in_black(tmp_path):
    (tmp_path / "a.txt").write_text("a  b\n")
    (tmp_path / "b.txt").write_text("clean\n")
    r = run("clean", tmp_path, "--check", "--diff", "--isolated")
    assert r.returncode == 1
    assert b"-a  b\n+a b\n" in r.stdout and b"b.txt" not in r.stdout
    assert (tmp_path / "a.txt").read_text() == "a  b\n"  # nothing written
    (tmp_path / "a.txt").write_text("a b\n")
    assert run("clean", tmp_path, "--check", "--diff", "--isolated").returncode == 0


def test_config_is_found_from_the_inputs_and_printed(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "a").mkdir(parents=True)
    (corpus / "textclean.toml").write_text('only = ["whitespace"]\n')
    (corpus / "a" / "x.txt").write_text("Prime  Miister said.\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    r = run("clean", corpus / "a" / "x.txt", "-v", cwd=elsewhere)
    assert r.returncode == 0 and r.stdout == b"Prime Miister said.\n"  # whitespace only: the corpus's config
    err = r.stderr.decode()
    assert f"textclean: config: {corpus / 'textclean.toml'} (the nearest to {corpus / 'a'}" in err
    # a filter says nothing on standard error unless something went wrong (or -v)
    r = run("clean", corpus / "a" / "x.txt", cwd=elsewhere)
    assert r.stderr == b""
    r = run("clean", "-", cwd=elsewhere, input=b"a  b\n", env=None)
    assert r.stdout and r.stderr == b""
    # the effective configuration, as TOML that configures the same run
    import tomllib

    r = run("config", corpus / "a", cwd=elsewhere)
    assert r.returncode == 0
    printed = tomllib.loads(r.stdout.decode())
    assert printed["only"] == ["whitespace"] and "max_blank_lines" in printed["options"]["whitespace"]
    assert r.stdout.decode().startswith(f"# config file: {corpus / 'textclean.toml'}")


def test_file_selection_as_black_and_ruff_choose(tmp_path):
    src = tmp_path / "src"
    for rel in ("a.txt", "docs/b.md", "node_modules/c.txt", "build/d.txt", "drafts/e.txt", "x.log.txt",
                "sub/keep.log.txt"):
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        (src / rel).write_text("a  b\n")
    (src / ".git").mkdir()
    (src / ".gitignore").write_text("build/\n*.log.txt\n")
    (src / "sub" / ".gitignore").write_text("!keep.log.txt\n")

    def taken(*flags, stdin=None):
        out = tmp_path / f"out{len(list(tmp_path.iterdir()))}"
        r = run("clean", *flags, "-o", out, "-q", "--isolated", input=stdin)
        assert r.returncode == 0, r.stderr
        return sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()
                      and ".textclean-state" not in p.parts)

    assert taken(src) == ["a.txt", "docs/b.md", "drafts/e.txt", "sub/keep.log.txt"]
    assert taken(src, "--no-gitignore", "--extend-exclude", "drafts") == [
        "a.txt", "build/d.txt", "docs/b.md", "sub/keep.log.txt", "x.log.txt"]
    assert taken(src, "--include", "*.md") == ["docs/b.md"]
    assert "node_modules/c.txt" in taken(src, "--exclude", "drafts")
    listed = f"{src / 'a.txt'}\n\n{src / 'build' / 'd.txt'}\n".encode()
    assert taken("--files-from", "-", stdin=listed) == ["a.txt", "d.txt"]
    r = run("clean", "-o", tmp_path / "none", "--isolated")
    assert r.returncode == 2 and b"no inputs" in r.stderr


def test_stdin_filename_names_standard_input_and_gives_its_format(tmp_path):
    page = b"<html><body><nav>Home | News</nav><p>The council met on Monday about the bridge.</p></body></html>"
    r = run("clean", "-", "--stdin-filename", "site/page.html", "--isolated", input=page)
    assert r.returncode == 0 and r.stdout == b"The council met on Monday about the bridge.\n"  # read as a page
    r = run("clean", "-", "--stdin-filename", "notes.txt", "--isolated", input=b"\x00\x01\x02")
    assert r.returncode == 3 and b"skipped notes.txt: not text" in r.stderr
    report = tmp_path / "r.jsonl"
    r = run("clean", "-", "--stdin-filename", "page.html", "-o", tmp_path / "out", "--report", report,
            "--isolated", input=page)
    assert r.returncode == 0 and (tmp_path / "out" / "page.txt").exists()
    assert json.loads(report.read_text())["path"] == "page.html"


def test_the_progress_bar_is_cleared_before_a_message_and_drawn_after(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for i in range(20):
        (src / f"f{i:02d}.txt").write_text(f"a  b {i}\n")
    (src / "m.txt").write_bytes(b"\x00\x01")  # a skip in the middle of the run
    r = run("clean", src, "-o", tmp_path / "out", "--progress", "-j", "1", "--isolated")
    assert r.returncode == 3
    err = r.stderr
    at = err.index(b"textclean: skipped")
    # the bar's line was blanked and the cursor sent back before the message: not glued to "]"
    tail = err[:at].rsplit(b"]", 1)[1]  # (what came after the last bar drawn)
    assert err[:at].endswith(b"\r") and tail.strip(b"\r ") == b"" and b"   " in tail
    assert b"it/s]" in err[at:] or b"B/s]" in err[at:]  # drawn again after it


def test_color_for_diffs_and_explanations_on_request_only(tmp_path):
    (tmp_path / "a.txt").write_text("a  b\n")
    r = run("clean", tmp_path / "a.txt", "--diff", "--color", "--isolated")
    assert b"\x1b[31m-a  b\x1b[0m\n\x1b[32m+a b\x1b[0m\n" in r.stdout
    r = run("clean", tmp_path / "a.txt", "--explain", "--color", "-o", "-", "--isolated")
    assert b"\x1b[36mwhitespace\x1b[0m: repeated spaces" in r.stderr
    # not on a pipe by default, and never with --no-color
    for flags in ((), ("--no-color",)):
        r = run("clean", tmp_path / "a.txt", "--diff", *flags, "--isolated")
        assert b"\x1b[" not in r.stdout and b"-a  b\n+a b\n" in r.stdout


def test_output_format_jsonl_gathers_a_folder_into_one_dataset(tmp_path):
    import gzip

    src = tmp_path / "src"
    (src / "sub").mkdir(parents=True)
    (src / "a.txt").write_text("Prime  Minister said so.\n")
    (src / "sub" / "b.html").write_text("<html><head><title>Bridge</title></head><body><nav>Home | News</nav>"
                                        "<p>The council met on Monday about the bridge.</p></body></html>")
    out = tmp_path / "all.jsonl.gz"
    r = run("clean", src, "-o", out, "--output-format", "jsonl", "--isolated")
    assert r.returncode == 0, r.stderr
    records = [json.loads(line) for line in gzip.open(out, "rt", encoding="utf-8")]
    assert [Path(x["path"]).name for x in records] == ["a.txt", "b.html"]
    a, b = records
    assert a["text"] == "Prime Minister said so.\n" and a["edits"] == {"whitespace": 1} and a["format"] == "text"
    assert b["text"] == "The council met on Monday about the bridge.\n" and b["metadata"] == {"title": "Bridge"}
    assert set(a) == {"path", "text", "language", "format", "edits"}
    # to standard output, saying nothing on stderr
    r = run("clean", src, "--output-format", "jsonl", "--isolated")
    assert [json.loads(line)["text"] for line in r.stdout.splitlines()] == [a["text"], b["text"]]
    assert r.stderr == b""
    for bad in (("-o", tmp_path / "x.txt"), ("--check",), ("--text-field", "text")):
        r = run("clean", src, "--output-format", "jsonl", *bad, "--isolated")
        assert r.returncode == 2 and r.stderr.count(b"\n") == 1, r.stderr


def test_quiet_silences_per_file_warnings_but_not_skips(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "bad-bytes.txt").write_bytes(b"Caf\xc3\xa9 and a stray \xff byte in an otherwise fine text here.\n")
    (src / "binary.txt").write_bytes(b"\x00\x01\x02")
    r = run("clean", src, "-o", tmp_path / "out", "--isolated")
    assert b"textclean: warning: " in r.stderr and b"skipped" in r.stderr
    r = run("clean", src, "-o", tmp_path / "out2", "-q", "--isolated")
    assert b"warning" not in r.stderr and b"skipped" in r.stderr and r.returncode == 3
