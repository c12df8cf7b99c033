"""Worker processes: one that dies costs only the document it was cleaning; an interrupt (even
two in a row) stops a run at once, leaving only complete outputs; and a main process killed
outright takes its workers with it. Mostly run through the CLI as a subprocess, as users run
it; :func:`textclean.run.pool.ordered_map` directly for its own promises."""

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from textclean import Pipeline
from textclean.run.pool import WorkersDied, ordered_map

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="forkserver workers, signals and /proc: Linux")

#: A plugin whose cleaner ends its process when the text says so, and changes nothing else.
KILLER = '''
import os

from textclean import Cleaner, Stage, hookimpl


def kill(text, ctx):
    if "KILL ME" in text:
        os._exit(1)
    return text


@hookimpl
def textclean_register_cleaners():
    return [Cleaner("killer", kill, Stage.WORDS + 5, "ends its process on 'KILL ME'")]
'''

#: Work for ordered_map's own tests: a task ("die",) ends its worker.
DEADLY = '''
import os


def work(pipeline, *items):
    if "die" in items:
        os._exit(7)
    return "+".join(items).upper()
'''

WS = ["--isolated", "--no-progress"]


def run(*args, env=None):
    return subprocess.run([sys.executable, "-m", "textclean", *map(str, args)], env=env,
                          capture_output=True, timeout=600)


@pytest.fixture
def killer_env(tmp_path):
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "killer.py").write_text(KILLER)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(plugins), env.get("PYTHONPATH")]))
    return env


# -- a worker dies ----------------------------------------------------------------------


def test_a_dying_worker_fails_only_its_document_and_the_run_goes_on(tmp_path, killer_env):
    src = tmp_path / "src"
    src.mkdir()
    for i in range(30):
        text = f"Doc {i}  has   spaces.  \n\n\n\nLine {i}.\n"
        if i in (7, 21):
            text += "KILL ME  now\n"
        (src / f"f{i:02}.txt").write_text(text)
    out, ref = tmp_path / "out", tmp_path / "ref"
    r = run("clean", src, "-o", out, "-j", "2", "--plugin", "killer", "--only", "whitespace,killer", *WS,
            env=killer_env)
    err = r.stderr.decode()
    assert r.returncode == 3, err
    assert "Traceback" not in err
    for name in ("f07.txt", "f21.txt"):
        assert re.search(rf"failed \S*{name}: the worker process cleaning it died \(pid \d+, exit status 1\)", err), err
        assert not (out / name).exists()  # its text never reached the main process: nothing written
    assert "28 changed" in err and "2 failed" in err
    assert run("clean", src, "-o", ref, "-j", "1", "--only", "whitespace", *WS).returncode == 0
    expected = {p.name: p.read_bytes() for p in ref.glob("*.txt") if p.name not in ("f07.txt", "f21.txt")}
    assert len(expected) == 28
    assert {p.name: p.read_bytes() for p in out.glob("*.txt")} == expected


def test_a_record_that_kills_its_worker_passes_through_and_the_others_are_cleaned(tmp_path, killer_env):
    src = tmp_path / "src"
    src.mkdir()
    lines = []
    for i in range(40):
        text = f"Record {i}  has   spaces.  \n\n\n\nEnd {i}.\n" + ("KILL ME\n" if i == 19 else "")
        lines.append(json.dumps({"id": i, "text": text}) + "\n")
    (src / "data.jsonl").write_text("".join(lines))
    out, ref = tmp_path / "out", tmp_path / "ref"
    r = run("clean", src / "data.jsonl", "-o", out, "-j", "2", "--text-field", "text", "--plugin", "killer",
            "--only", "whitespace,killer", *WS, env=killer_env)
    err = r.stderr.decode()
    assert r.returncode == 3, err
    assert "Traceback" not in err
    assert re.search(r"failed \S*data\.jsonl: record 20: the worker process cleaning it died \(pid \d+, exit status 1\)",
                     err), err
    assert "39 changed" in err and "1 failed" in err
    assert run("clean", src / "data.jsonl", "-o", ref, "-j", "1", "--text-field", "text", "--only", "whitespace",
               *WS).returncode == 0
    got = (out / "data.jsonl").read_text().splitlines(keepends=True)
    want = (ref / "data.jsonl").read_text().splitlines(keepends=True)
    assert len(got) == 40
    assert got[19] == lines[19]  # passed through as it was
    assert got[:19] + got[20:] == want[:19] + want[20:]


def test_a_parquet_record_that_kills_its_worker_passes_through_and_the_others_are_cleaned(tmp_path, killer_env):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    src = tmp_path / "src"
    src.mkdir()
    texts = [f"Row {i}  has   spaces.  \n\n\n\nEnd {i}.\n" + ("KILL ME\n" if i in (3, 31) else "")
             for i in range(40)]
    # small row groups: the rows reach the workers in several batches, the deadly ones in two
    pq.write_table(pa.table({"id": list(range(40)), "text": texts}), src / "data.parquet", row_group_size=8)
    out, ref = tmp_path / "out", tmp_path / "ref"
    r = run("clean", src / "data.parquet", "-o", out, "-j", "2", "--text-field", "text", "--plugin", "killer",
            "--only", "whitespace,killer", *WS, env=killer_env)
    err = r.stderr.decode()
    assert r.returncode == 3, err
    assert "Traceback" not in err
    for record in (4, 32):
        assert re.search(rf"failed \S*data\.parquet: record {record}: the worker process cleaning it died "
                         rf"\(pid \d+, exit status 1\)", err), err
    assert "38 changed" in err and "2 failed" in err
    assert run("clean", src / "data.parquet", "-o", ref, "-j", "1", "--text-field", "text", "--only", "whitespace",
               *WS).returncode == 0
    got, want = pq.read_table(out / "data.parquet"), pq.read_table(ref / "data.parquet")
    assert got.column("id").to_pylist() == list(range(40))
    got_texts, want_texts = got.column("text").to_pylist(), want.column("text").to_pylist()
    assert [got_texts[3], got_texts[31]] == [texts[3], texts[31]]  # passed through as they were
    keep = [i for i in range(40) if i not in (3, 31)]
    assert [got_texts[i] for i in keep] == [want_texts[i] for i in keep]


@pytest.fixture
def deadly(tmp_path, monkeypatch):
    (tmp_path / "tc_deadly.py").write_text(DEADLY)
    monkeypatch.syspath_prepend(str(tmp_path))  # workers take the main process's sys.path
    import tc_deadly

    yield tc_deadly
    sys.modules.pop("tc_deadly", None)


def test_ordered_map_isolates_the_task_that_kills_its_worker(deadly):
    pipeline = Pipeline({"only": ["whitespace"], "autoload": False})
    tasks = [(c,) for c in "abcdefg"] + [("die",)] + [(c,) for c in "hijk"] + [("x", "die", "y")]
    lost = []

    def on_lost(task, reason):
        lost.append((task, reason))
        return f"lost {task}"

    def split(task):
        return [(item,) for item in task] if len(task) > 1 else None

    results = list(ordered_map(deadly.work, tasks, pipeline=pipeline, jobs=2, chunk=4, light=lambda t: True,
                               on_lost=on_lost, split=split))
    assert results == [*"ABCDEFG", "lost ('die',)", *"HIJK", "X", "lost ('die',)", "Y"]
    assert [task for task, _ in lost] == [("die",), ("die",)]
    assert all(re.fullmatch(r"pid \d+, exit status 7", reason) for _, reason in lost)


def test_ordered_map_stops_when_workers_keep_dying(deadly):
    pipeline = Pipeline({"only": ["whitespace"], "autoload": False})
    with pytest.raises(WorkersDied, match=r"died 3 times in a row"):
        list(ordered_map(deadly.work, [("die",)] * 5, pipeline=pipeline, jobs=2, on_lost=lambda t, r: None,
                         max_deaths=2))


# -- interrupts and a killed main process -----------------------------------------------


def big_jsonl(path, records=20_000):
    """Enough prose that two workers with the default pipeline take far longer than a test
    waits (records are made from the seed articles' paragraphs, three drawn at random for each
    record, so that the cleaners' caches of documents and windows seldom answer)."""
    import random

    seeds = Path(__file__).resolve().parent.parent / "seeds" / "inputs"
    paras = [p for f in sorted(seeds.glob("*.txt")) for p in f.read_text().split("\n\n") if p.strip()]
    rng = random.Random(7)
    with open(path, "w") as f:
        for i in range(records):
            text = "\n\n".join(rng.choice(paras) for _ in range(3)) + f"  record {i}  \n"
            f.write(json.dumps({"id": i, "text": text}) + "\n")
    return records


def start_big_run(tmp_path):
    """A ``-j 2`` JSONL run, returned once its workers are cleaning (its output is open)."""
    src, out = tmp_path / "big.jsonl", tmp_path / "out"
    records = big_jsonl(src)
    log = open(tmp_path / "stderr.txt", "wb")
    # (SIGINT as a terminal delivers it: a test run started in the background by a shell
    # without job control inherits SIGINT ignored, and so would the run)
    proc = subprocess.Popen([sys.executable, "-m", "textclean", "clean", str(src), "-o", str(out), "-j", "2",
                             "--text-field", "text", *WS], stderr=log, stdout=subprocess.DEVNULL,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 120
    # (a dataset is written in parts under .textclean-state while the workers clean, and put
    # together at the end: the part being written is the sign that they are cleaning)
    while not list(out.rglob("*.textclean-tmp")):
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            proc.wait()
            pytest.fail(f"the run did not start: {(tmp_path / 'stderr.txt').read_text()}")
        time.sleep(0.05)
    time.sleep(0.5)  # the workers are well into their batches
    return proc, out, records


def _stat(pid):
    """(state, start time) of a process, or None if it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return fields[0], fields[19]


def descendants(pid):
    """Every process whose parent chain leads to ``pid``, with its start time."""
    found = {}
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children = [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
        for child in children:
            stat = _stat(child)
            if stat is not None:
                found[child] = stat[1]
                found.update(descendants(child))
    return found


def survivors(processes):
    """The processes still running (a zombie has ended; a reused pid is another process)."""
    alive = []
    for pid, started in processes.items():
        stat = _stat(pid)
        if stat is not None and stat[0] != "Z" and stat[1] == started:
            alive.append(pid)
    return alive


def wait_gone(processes, seconds):
    """The processes still running after up to ``seconds``; they are then killed, so that a
    failing test leaves nothing behind."""
    deadline = time.monotonic() + seconds
    while survivors(processes) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = survivors(processes)
    for pid in left:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    return left


def test_two_interrupts_stop_a_parallel_run_at_once_leaving_only_complete_outputs(tmp_path):
    proc, out, records = start_big_run(tmp_path)
    family = descendants(proc.pid)
    proc.send_signal(signal.SIGINT)
    time.sleep(0.1)
    proc.send_signal(signal.SIGINT)
    try:
        status = proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        wait_gone(family, 0)
        pytest.fail("a run interrupted twice was still running 10 s later")
    err = (tmp_path / "stderr.txt").read_text()
    assert status in (130, -signal.SIGINT), err
    assert "interrupted" in err
    assert not wait_gone(family, 10), "processes of the run outlived it"
    for path in out.rglob("*"):
        if not path.is_file() or path.name.endswith(".textclean-tmp") or ".textclean-state" in path.parts:
            continue
        # any output there is complete (it can only be the whole dataset)
        assert path.name == "big.jsonl"
        assert [json.loads(line)["id"] for line in path.read_text().splitlines()] == list(range(records))


def test_workers_die_with_a_main_process_killed_outright(tmp_path):
    proc, out, _ = start_big_run(tmp_path)
    family = descendants(proc.pid)
    # the resource tracker, the forkserver and at least one worker
    assert len(family) >= 3, family
    proc.kill()
    proc.wait()
    left = wait_gone(family, 10)
    assert not left, f"still running 10 s after the main process was killed: {left}"
