"""Runs over many inputs: parallel = sequential, datasets, compression, resume, locking,
failures by policy. Run through the CLI as a subprocess, as users run it."""

import gzip
import json
import subprocess
import sys

import pytest

WS = ["--only", "whitespace", "--isolated", "--no-progress"]


def run(*args, env=None, input=None):
    return subprocess.run([sys.executable, "-m", "textclean", *map(str, args)], env=env, input=input,
                          capture_output=True)


def tree_bytes(root):
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".textclean-state" not in p.parts}


@pytest.fixture
def corpus(tmp_path):
    src = tmp_path / "src"
    for i in range(40):
        d = src / f"d{i % 4}"
        d.mkdir(parents=True, exist_ok=True)
        (d / f"f{i}.txt").write_text(f"Doc {i}  has   spaces.  \n\n\n\nLine {i}.\n" * (i % 5 + 1))
    return src


def test_jobs_2_equals_jobs_1(corpus, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    assert run("clean", corpus, "-o", a, "-j", "1", *WS).returncode == 0
    assert run("clean", corpus, "-o", b, "-j", "2", *WS).returncode == 0
    assert tree_bytes(a) == tree_bytes(b) and len(tree_bytes(a)) == 40


def test_resume_skips_finished_outputs_and_redoes_changed_inputs(corpus, tmp_path):
    out = tmp_path / "out"
    assert run("clean", corpus, "-o", out, *WS).returncode == 0
    first = tree_bytes(out)
    target = corpus / "d0" / "f0.txt"
    target.write_text("changed  input\n")
    r = run("clean", corpus, "-o", out, *WS)
    assert b"1 document:" in r.stderr and b"(39 files done by an earlier run)" in r.stderr
    assert (out / "d0" / "f0.txt").read_text() == "changed input\n"
    # different settings: nothing is taken as done
    r = run("clean", corpus, "-o", out, "--only", "whitespace", "--option", "whitespace.max_blank_lines=2",
            "--isolated", "--no-progress")
    assert b"40 documents" in r.stderr
    assert first.keys() == tree_bytes(out).keys()


def test_no_temporary_files_are_left(corpus, tmp_path):
    out = tmp_path / "out"
    run("clean", corpus, "-o", out, *WS)
    assert not [p for p in out.rglob("*") if p.name.endswith(".textclean-tmp")]


def test_jsonl_fields_pass_through_and_bad_records_are_named(tmp_path):
    src = tmp_path / "data.jsonl"
    records = [{"id": 1, "text": "a  b  ", "meta": {"x": [1, 2]}}, {"id": 2, "text": "clean"}]
    lines = [json.dumps(r) for r in records] + ["{not json", json.dumps({"id": 4, "body": "x"}),
                                                 json.dumps({"id": 5, "text": None}), json.dumps({"text": 6}), "[7]"]
    src.write_text("\n".join(lines) + "\n")
    out = tmp_path / "out"
    r = run("clean", src, "-o", out, "--report", tmp_path / "r.jsonl", *WS)
    assert r.returncode == 3
    err = r.stderr.decode()
    assert "data.jsonl: record 3: invalid JSON" in err
    assert "data.jsonl: record 6: field 'text' is a number, not a string" in err
    assert "data.jsonl: record 7: not an object but an array" in err
    # A record without text (no field, or null) is no failure: it passes through, counted.
    assert "record 4" not in err and "record 5" not in err
    assert "7 documents: 1 changed, 3 unchanged, 0 skipped, 3 failed (2 records without text passed through)" in err
    report = [json.loads(l) for l in (tmp_path / "r.jsonl").read_text().splitlines()]
    assert [r.get("note") for r in report] == [None, None, None, "no text", "no text", None, None]
    got = (out / "data.jsonl").read_text().splitlines()
    assert len(got) == 7
    assert json.loads(got[0]) == {"id": 1, "text": "a b", "meta": {"x": [1, 2]}}
    assert got[1:] == lines[1:]


def test_text_field_option_and_compression(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    with gzip.open(src / "part.jsonl.gz", "wt") as f:
        for i in range(600):  # several batches
            f.write(json.dumps({"body": f"r{i}  x", "n": i}) + "\n")
    pytest.importorskip("zstandard")
    import zstandard
    (src / "page.txt.zst").write_bytes(zstandard.ZstdCompressor().compress(b"t  z  \n"))
    out = tmp_path / "out"
    r = run("clean", src, "-o", out, "--text-field", "body", "-j", "2", *WS)
    assert r.returncode == 0, r.stderr
    with gzip.open(out / "part.jsonl.gz", "rt") as f:
        rows = [json.loads(l) for l in f]
    assert [r["n"] for r in rows] == list(range(600)) and rows[5]["body"] == "r5 x"
    assert zstandard.ZstdDecompressor().decompress((out / "page.txt.zst").read_bytes()) == b"t z\n"


def test_parquet_roundtrip_and_missing_column(tmp_path):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq
    src = tmp_path / "in"
    src.mkdir()
    pq.write_table(pa.table({"text": ["a  b", None, "c"], "id": [1, 2, 3]}), src / "t.parquet")
    pq.write_table(pa.table({"body": ["x"]}), src / "nocol.parquet")
    pq.write_table(pa.table({"text": [1, 2]}), src / "numbers.parquet")
    out = tmp_path / "out"
    r = run("clean", src, "-o", out, "--text-field", "text", *WS)
    assert r.returncode == 3
    err = r.stderr.decode()
    assert "nocol.parquet: no column 'text' (columns: body)" in err
    assert "numbers.parquet: column 'text' holds int64, not text" in err
    # A null is a record without text, passed through and counted, as in JSONL.
    assert "(1 record without text passed through)" in err
    table = pq.read_table(out / "t.parquet")
    assert table.column("text").to_pylist() == ["a b", None, "c"]
    assert table.column("id").to_pylist() == [1, 2, 3]
    assert not (out / "nocol.parquet").exists() and not (out / "numbers.parquet").exists()


def test_two_runs_cannot_share_an_output_folder(corpus, tmp_path):
    from textclean.run.state import RunJournal, StateError
    out = tmp_path / "out"
    with RunJournal(out, "k"):
        r = run("clean", corpus, "-o", out, *WS)
        assert r.returncode == 2 and b"another textclean run is writing to" in r.stderr
        with pytest.raises(StateError):
            RunJournal(out, "k").__enter__()


def test_faulty_plugin_policies(tmp_path, child_env):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text("one\n")
    (src / "b.txt").write_text("two\n")
    base = ["--plugin", "tc_faulty", "--enable", "raises", "--only", "raises", "--isolated", "--no-progress"]
    r = run("clean", src, "-o", tmp_path / "keep", *base, env=child_env)
    assert r.returncode == 3
    assert "cleaner 'raises' (plugin 'tc_faulty'): raised RuntimeError: boom" in r.stderr.decode()
    assert (tmp_path / "keep" / "a.txt").read_text() == "one\n"
    r = run("clean", src, "-o", tmp_path / "skip", "--on-error", "skip", *base, env=child_env)
    assert r.returncode == 3 and not (tmp_path / "skip" / "a.txt").exists()
    r = run("clean", src, "-o", tmp_path / "fail", "--on-error", "fail", *base, env=child_env)
    assert r.returncode == 3 and b"stopped at the first failure" in r.stderr
    assert r.stderr.decode().count("failed ") == 1


def test_fail_fast_stops_at_the_first_bad_input(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_bytes(b"\x00\x01\x02\x03")
    (src / "b.txt").write_text("fine\n")
    r = run("clean", src, "-o", tmp_path / "out", "--fail-fast", "-j", "1", *WS)
    assert r.returncode == 3 and not (tmp_path / "out" / "b.txt").exists()
    r = run("clean", src, "-o", tmp_path / "out2", *WS)
    assert r.returncode == 3 and (tmp_path / "out2" / "b.txt").exists()


def test_batch_cleaner_for_hf_datasets_and_pandas():
    import pickle
    from textclean.integrations import BatchCleaner, clean_series
    fn = pickle.loads(pickle.dumps(BatchCleaner("text", {"only": ["whitespace"], "autoload": False})))
    assert fn({"text": ["a  b", None]}) == {"text": ["a b", None]}
    pd = pytest.importorskip("pandas")
    s = clean_series(pd.Series(["x  y", None]), {"only": ["whitespace"]})
    assert s.tolist()[0] == "x y"


def test_fit_then_clean_with_model(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(12):
        (corpus / f"d{i}.txt").write_text(
            f"Talks in round {i} went on for hours, officials said on Monday.\n\n"
            f"The delegations will meet again next week in a neutral city.\n\n"
            "Get the Evening Digest in your inbox every weekday\n")
    model = tmp_path / "model.json"
    r = run("fit", corpus, "-o", model)
    assert r.returncode == 0, r.stderr
    assert json.loads(model.read_text())["documents"] == 12
    out = run("clean", corpus / "d0.txt", "--model", model, "--only", "boilerplate", "--isolated", "--explain")
    assert b"Get the Evening Digest" not in out.stdout
    assert b"Talks in round 0 went on for hours" in out.stdout
    assert b"corpus: recurs in 100% of" in out.stderr
    # what the model learned, shown with its shares (the lines' texts are kept in the model)
    shown = run("fit", "--show", model)
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.decode().splitlines()
    assert lines[0].startswith(f"{model}: fitted on 12 documents; 2 recurring lines")
    assert "100.0%      12  Get the Evening Digest in your inbox every weekday" in lines
    assert "100.0%      12  The delegations will meet again next week in a neutral city." in lines
    assert run("fit", "--show", tmp_path / "nope.json").returncode == 2


def test_html_input_is_reduced_to_text_blocks(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<!doctype html><html><body><nav><a href='/'>Home</a> <a href='/w'>World</a></nav>"
                    "<article><h1>Talks resume</h1><p>The two sides met on Monday &amp; agreed.</p></article>"
                    "<footer>Copyright 2024 Example News</footer></body></html>")
    out = tmp_path / "out"
    r = run("clean", page, "-o", out, *WS)
    assert r.returncode == 0, r.stderr
    text = (out / "page.txt").read_text()
    assert "Talks resume" in text and "The two sides met on Monday & agreed." in text
    assert "<" not in text and "Home" not in text


def test_results_come_in_input_order_while_files_are_written_in_the_background(tmp_path):
    # In-process, so the order of the callback is seen directly: text files (written on the
    # writer thread, one of them unwritable), a JSONL file between them, and a bad input.
    from pathlib import Path

    from textclean.io.files import InputFile
    from textclean.run.engine import JobSettings, LocalEngine
    from textclean.core.pipeline import Pipeline
    from textclean.run.document import DocumentOptions, Mode

    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    items = []
    for i in range(30):
        name = f"f{i:02d}.jsonl" if i == 12 else f"f{i:02d}.txt"
        data = (json.dumps({"text": "a  b"}) + "\n") * 3 if i == 12 else f"doc {i}  x\n"
        (src / name).write_bytes(b"\x00\x01binary" if i == 20 else data.encode())
        items.append(InputFile(src / name, Path(name)))
    (out / "f07.txt").mkdir(parents=True)  # a folder where an output file should go
    seen = []
    run_ = LocalEngine(Pipeline({"autoload": False, "only": ["whitespace"]}),
                       JobSettings(options=DocumentOptions(mode=Mode.WRITE, out_dir=out)),
                       on_result=lambda r: seen.append((r.path, r.record, r.status, r.error or "")))
    summary = run_.run(items)
    expected = []
    for it in items:
        n = str(it.path)
        expected += [(n, k, "changed") for k in (1, 2, 3)] if n.endswith(".jsonl") else [(n, None)]
    assert [(p, rec, st) if p.endswith(".jsonl") else (p, rec) for p, rec, st, _ in seen] == expected
    statuses = {p: (st, err) for p, _, st, err in seen}
    assert statuses[str(src / "f07.txt")][0] == "skipped" and "cannot write" in statuses[str(src / "f07.txt")][1]
    assert statuses[str(src / "f20.txt")][0] == "skipped"
    assert summary.documents == 32 and summary.skipped == 2
    assert (out / "f00.txt").read_text() == "doc 0 x\n" and (out / "f12.jsonl").exists()
    done = (out / ".textclean-state" / "done.jsonl").read_text()
    assert '"f07.txt"' not in done and '"f20.txt"' not in done and '"f29.txt"' in done


def test_a_large_dataset_interrupted_resumes_from_its_finished_parts(tmp_path):
    # In-process, with parts of 300 records: the run is stopped after 1,000 records (as by a
    # kill), the rerun keeps the three finished parts and cleans only the rest, and the output
    # is byte for byte the uninterrupted one, for JSONL (plain and gzip) and Parquet.
    from pathlib import Path

    from textclean.io.files import InputFile
    from textclean.run.engine import JobSettings, LocalEngine
    from textclean.core.pipeline import Pipeline
    from textclean.run.document import DocumentOptions, Mode
    from textclean.run.state import STATE_DIR

    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    src = tmp_path / "src"
    src.mkdir()
    rows = [{"id": i, "text": f"Record  {i}  has   spaces.  "} for i in range(2000)]
    (src / "big.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    with gzip.open(src / "big.jsonl.gz", "wt") as f:
        f.write("".join(json.dumps(r) + "\n" for r in rows))
    pq.write_table(pa.table({"id": [r["id"] for r in rows], "text": [r["text"] for r in rows]}), src / "big.parquet")
    pipeline = Pipeline({"autoload": False, "only": ["whitespace"]})

    class Stop(Exception):
        pass

    def settings(out):
        return JobSettings(options=DocumentOptions(mode=Mode.WRITE, out_dir=out, explain=True), batch_size=100,
                           part_records=300, part_min_bytes=0)

    for name in ("big.jsonl", "big.jsonl.gz", "big.parquet"):
        items = [InputFile(src / name, Path(name))]
        whole = tmp_path / f"whole-{name}"
        LocalEngine(pipeline, settings(whole)).run(items)
        out = tmp_path / f"out-{name}"
        seen = []

        def stop_after_1000(result):
            seen.append(result)
            if len(seen) == 1000:
                raise Stop()

        with pytest.raises(Stop):
            LocalEngine(pipeline, settings(out), on_result=stop_after_1000).run(items)
        assert not (out / name).exists()
        parts = list((out / STATE_DIR / "parts").rglob("part-*"))
        assert len([p for p in parts if not p.name.endswith(".textclean-tmp")]) == 3
        again = []
        run = LocalEngine(pipeline, settings(out), on_result=again.append)
        summary = run.run(items)
        assert summary.resumed_records == 900 and summary.documents == 1100
        assert len(again) == 2000 and [r.record for r in again] == list(range(1, 2001))
        assert all(r.resumed for r in again[:900]) and not any(r.resumed for r in again[900:])
        assert (out / name).read_bytes() == (whole / name).read_bytes() or name.endswith(".gz")
        if name.endswith(".gz"):
            assert gzip.decompress((out / name).read_bytes()) == gzip.decompress((whole / name).read_bytes())
        assert not (out / STATE_DIR / "parts").exists() or not any((out / STATE_DIR / "parts").iterdir())
