"""Resumable runs: a journal of finished outputs, and a lock so two runs never share an OUT.

The state lives in ``OUT_DIR/.textclean-state/``. ``run.json`` holds a key made from
everything that decides the output (textclean's version, the pipeline config, the run's
format options); ``done.jsonl`` gets one line per finished output, appended after the output
was renamed into place. A run restarted with the same arguments skips every input whose
journal line matches its size and modification time and whose output exists; a run with
different settings starts the journal afresh, so stale outputs are never taken for done.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
from pathlib import Path
from typing import Any, Mapping

STATE_DIR = ".textclean-state"


class StateError(Exception):
    """The output folder is in use by another run, or its state cannot be written."""


def run_key(settings: Mapping[str, Any]) -> str:
    """A stable hash of the settings that decide a run's output.

    >>> run_key({"a": 1, "b": [2]}) == run_key({"b": [2], "a": 1})
    True
    """
    blob = json.dumps(settings, sort_keys=True, ensure_ascii=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:32]


class RunState:
    """The journal and lock of one output folder (use as a context manager)."""

    def __init__(self, out_dir: Path, key: str, *, resume: bool = True):
        self.dir = out_dir / STATE_DIR
        self.key = key
        self.resume = resume
        self.done: dict[str, tuple[int, int]] = {}
        self._lock = None
        self._journal = None

    def __enter__(self) -> "RunState":
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            self._lock = open(self.dir / "lock", "w")
        except OSError as exc:
            raise StateError(f"cannot use output folder {self.dir.parent}: {exc.strerror or exc}") from None
        try:
            fcntl.flock(self._lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self._lock.close()
            raise StateError(f"another textclean run is writing to {self.dir.parent}") from None
        self.removed_temporaries = self._remove_stale_temporaries()
        run_file, journal = self.dir / "run.json", self.dir / "done.jsonl"
        same = False
        try:
            same = json.loads(run_file.read_text()).get("key") == self.key
        except (OSError, ValueError):
            pass
        if same and self.resume:
            try:
                with open(journal, encoding="utf-8") as f:
                    for line in f:
                        try:
                            entry = json.loads(line)
                            self.done[entry["rel"]] = (entry["size"], entry["mtime_ns"])
                        except (ValueError, KeyError):
                            continue  # a line cut short by a crash
            except OSError:
                pass
        else:
            run_file.write_text(json.dumps({"key": self.key}))
            journal.unlink(missing_ok=True)
        self._journal = open(journal, "a", encoding="utf-8")
        return self

    def __exit__(self, *exc: Any) -> None:
        if self._journal is not None:
            self._journal.close()
        if self._lock is not None:
            self._lock.close()

    def _remove_stale_temporaries(self) -> int:
        """Delete temporary files a killed run left behind (we hold the lock, so no live run
        is writing them); they were never renamed into place, so no output is lost."""
        removed = 0
        for folder, dirs, files in os.walk(self.dir.parent):
            dirs[:] = [d for d in dirs if d != STATE_DIR]
            for name in files:
                if name.endswith(".textclean-tmp"):
                    try:
                        os.unlink(os.path.join(folder, name))
                        removed += 1
                    except OSError:
                        pass
        return removed

    @staticmethod
    def stamp(path: Path) -> tuple[int, int] | None:
        try:
            st = os.stat(path)
        except OSError:
            return None
        return st.st_size, st.st_mtime_ns

    def is_done(self, rel: str, source: Path, output: Path) -> bool:
        """Whether ``source`` was finished by an earlier run with the same settings."""
        return rel in self.done and self.done[rel] == self.stamp(source) and output.exists()

    def mark_done(self, rel: str, source: Path) -> None:
        stamp = self.stamp(source)
        if stamp is None or self._journal is None:
            return
        self._journal.write(json.dumps({"rel": rel, "size": stamp[0], "mtime_ns": stamp[1]}) + "\n")
        self._journal.flush()
