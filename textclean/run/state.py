"""Resumable runs: a journal of finished outputs, and a lock so two runs never share an OUT.

The state lives in ``OUT_DIR/.textclean-state/``. ``run.json`` holds the
:func:`fingerprint` of everything that decides the output (textclean's code and version,
every plugin's name, version and code, the libraries whose behaviour the cleaners rely on,
the pipeline config, the contents of files that options name, such as a corpus model, and the
run's format options) and a key hashed from it; ``done.jsonl`` gets one line per finished
output, appended after the output was renamed into place, holding the document's report
record when the run kept one. A run restarted with the same arguments skips every input whose
journal line matches its size and modification time and whose output exists; a run whose
fingerprint differs in anything starts the journal afresh and says what changed, so stale
outputs are never taken for done.
"""

from __future__ import annotations

import fcntl
import hashlib
import importlib.metadata
import json
import os
import sys
import types
from functools import lru_cache
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


#: Libraries whose behaviour decides what the built-in cleaners write.
_LIBRARIES = ("ftfy", "charset-normalizer", "beautifulsoup4", "symspellpy", "rapidfuzz", "pluggy")
#: A plugin package bigger than this many source files is fingerprinted by its version alone.
_MAX_SOURCES = 2000


@lru_cache(maxsize=64)
def _tree_digest(root: str, suffixes: tuple[str, ...]) -> str:
    """A digest of the contents of the files under ``root`` (or of the file ``root``) whose
    names end with one of ``suffixes``; computed once per process."""
    h = hashlib.sha256()
    if os.path.isfile(root):
        paths = [root]
    else:
        paths = []
        for folder, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__" and not d.startswith("."))
            paths.extend(os.path.join(folder, f) for f in sorted(files) if f.endswith(suffixes))
            if len(paths) > _MAX_SOURCES:
                return "too large to fingerprint"
    for path in paths:
        h.update(os.path.relpath(path, root).encode("utf-8", "surrogateescape") + b"\0")
        try:
            with open(path, "rb") as f:
                for block in iter(lambda: f.read(1 << 20), b""):
                    h.update(block)
        except OSError:
            h.update(b"unreadable")
    return h.hexdigest()[:32]


def _code_of(plugin: object) -> str:
    """The digest of a plugin's source: its whole top-level package, or its one module."""
    module = plugin if isinstance(plugin, types.ModuleType) else sys.modules.get(
        getattr(plugin, "__module__", None) or type(plugin).__module__)
    if module is None:
        return "unknown"
    top = sys.modules.get(module.__name__.split(".")[0], module)
    for candidate in (top, module):
        paths = list(getattr(candidate, "__path__", None) or [])
        if paths:
            return _tree_digest(paths[0], (".py",))
        if getattr(candidate, "__file__", None):
            return _tree_digest(candidate.__file__, (".py",))
    return "unknown"


def fingerprint(pipeline: Any, **settings: Any) -> dict[str, Any]:
    """Everything that decides what a run writes, as plain JSON data; ``settings`` adds the
    run's own (text field, error policy).

    >>> from textclean import Pipeline
    >>> fp = fingerprint(Pipeline({"only": ["whitespace"]}), text_field="text")
    >>> sorted(fp)
    ['config', 'files', 'libraries', 'plugins', 'settings', 'textclean']
    >>> fp == fingerprint(Pipeline({"only": ["whitespace"]}), text_field="text")
    True
    """
    from textclean.version import __version__
    from textclean.plugins.manager import plugin_set

    package = os.path.dirname(os.path.abspath(__file__))
    plugins = plugin_set(pipeline.config.autoload, pipeline.config.plugins)
    described = {}
    for name, info in sorted(plugins.info.items()):
        code = "textclean" if info.source == "builtin" else _code_of(plugins.pm.get_plugin(name))
        described[name] = {"version": info.version, "code": code}
    files: dict[str, str] = {}
    for cleaner, options in sorted(pipeline.config.options.items()):
        for option, value in sorted(options.items()):
            if isinstance(value, str) and value and os.path.isfile(value):
                files[f"{cleaner}.{option}"] = _file_digest(value)
    libraries = {}
    for library in _LIBRARIES:
        try:
            libraries[library] = importlib.metadata.version(library)
        except importlib.metadata.PackageNotFoundError:
            libraries[library] = None
    return {
        "textclean": {"version": __version__, "code": _tree_digest(package, (".py", ".txt", ".json"))},
        "plugins": described,
        "libraries": libraries,
        "config": pipeline.config.to_dict(),
        "files": files,
        "settings": settings,
    }


def _file_digest(path: str) -> str:
    st = os.stat(path)
    return _content_digest(os.path.abspath(path), st.st_size, st.st_mtime_ns)


@lru_cache(maxsize=64)
def _content_digest(path: str, size: int, mtime_ns: int) -> str:
    return _tree_digest.__wrapped__(path, ("",))


def what_changed(old: Mapping[str, Any], new: Mapping[str, Any]) -> str:
    """A short account of how two fingerprints differ, for the message that says why a run
    starts afresh.

    >>> what_changed({"plugins": {"p": {"version": "1"}}, "config": {}},
    ...              {"plugins": {"p": {"version": "2"}}, "config": {}})
    "plugin 'p' (version 1 -> 2)"
    """
    parts = []
    for key in sorted(set(old) | set(new)):
        a, b = old.get(key), new.get(key)
        if a == b:
            continue
        if key == "plugins" and isinstance(a, Mapping) and isinstance(b, Mapping):
            for name in sorted(set(a) | set(b)):
                pa, pb = a.get(name), b.get(name)
                if pa == pb:
                    continue
                if pa is None or pb is None:
                    parts.append(f"plugin {name!r} ({'added' if pa is None else 'removed'})")
                elif pa.get("version") != pb.get("version"):
                    parts.append(f"plugin {name!r} (version {pa.get('version')} -> {pb.get('version')})")
                else:
                    parts.append(f"plugin {name!r} (its code)")
        elif key == "files" and isinstance(a, Mapping) and isinstance(b, Mapping):
            parts.extend(f"the file of option {o}" for o in sorted(set(a) | set(b)) if a.get(o) != b.get(o))
        elif key == "textclean":
            parts.append("textclean itself")
        else:
            parts.append({"libraries": "library versions", "config": "the configuration",
                          "settings": "the run's settings"}.get(key, key))
    return ", ".join(parts) or "the settings"


class RunJournal:
    """The journal and lock of one output folder (use as a context manager)."""

    def __init__(self, out_dir: Path, key: str | Mapping[str, Any], *, resume: bool = True):
        self.dir = out_dir / STATE_DIR
        # A fingerprint (a mapping) or a key already hashed from one.
        self.fingerprint = dict(key) if isinstance(key, Mapping) else None
        self.key = run_key(key) if isinstance(key, Mapping) else key
        self.resume = resume
        self.done: dict[str, tuple[int, int]] = {}
        self.results: dict[str, dict[str, Any]] = {}
        #: Finished parts of large datasets' outputs, by input: journal entries in part order.
        self.parts: dict[str, list[dict[str, Any]]] = {}
        #: Why an earlier run's journal was set aside (None: there was none, or it was kept).
        self.restarted: str | None = None
        self._lock = None
        self._journal = None

    def __enter__(self) -> "RunJournal":
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
        same, earlier = False, None
        try:
            earlier = json.loads(run_file.read_text())
            same = earlier.get("key") == self.key
        except (OSError, ValueError, AttributeError):
            earlier = None
        if not same and self.resume and isinstance(earlier, dict) and journal.exists():
            old = earlier.get("fingerprint")
            self.restarted = (what_changed(old, self.fingerprint)
                              if isinstance(old, dict) and self.fingerprint is not None
                              else "the settings")
        if same and self.resume:
            try:
                with open(journal, encoding="utf-8") as f:
                    for line in f:
                        try:
                            entry = json.loads(line)
                            if "part" in entry:
                                self.parts.setdefault(entry["rel"], []).append(entry)
                                continue
                            self.done[entry["rel"]] = (entry["size"], entry["mtime_ns"])
                            if "result" in entry:
                                self.results[entry["rel"]] = entry["result"]
                            else:
                                self.results.pop(entry["rel"], None)
                        except (ValueError, KeyError):
                            continue  # a line cut short by a crash
            except OSError:
                pass
        else:
            journal.unlink(missing_ok=True)
            import shutil

            shutil.rmtree(self.dir / "parts", ignore_errors=True)
            run_file.write_text(json.dumps({"key": self.key, "fingerprint": self.fingerprint}))
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

    def parts_dir(self, rel: str) -> Path:
        """Where the parts of the output of input ``rel`` are written."""
        return self.dir / "parts" / hashlib.sha256(rel.encode("utf-8", "surrogateescape")).hexdigest()[:24]

    def parts_of(self, rel: str, source: Path) -> list[dict[str, Any]]:
        """The finished parts of ``rel``'s output that can be kept: journaled for this very
        input (same size and modification time), numbered from 0 without a gap, and still on
        disk; anything after a gap is redone."""
        stamp = self.stamp(source)
        folder = self.parts_dir(rel)
        names = [n for n in os.listdir(folder) if not n.endswith(".textclean-tmp")] if folder.is_dir() else []
        kept: list[dict[str, Any]] = []
        for entry in self.parts.get(rel, []):
            if (entry.get("size"), entry.get("mtime_ns")) != stamp or entry.get("part") != len(kept):
                break
            if not any(n.startswith(f"part-{len(kept):06d}") for n in names):
                break
            kept.append(entry)
        return kept

    def mark_part(self, rel: str, source: Path, index: int, records: int,
                  results: list[dict[str, Any]] | None = None) -> None:
        """Journal a finished part of a large dataset's output (after it was renamed into place)."""
        stamp = self.stamp(source)
        if stamp is None or self._journal is None:
            return
        entry: dict[str, Any] = {"rel": rel, "part": index, "records": records, "size": stamp[0],
                                 "mtime_ns": stamp[1]}
        if results is not None:
            entry["results"] = results
        self._journal.write(json.dumps(entry) + "\n")
        self._journal.flush()

    def result(self, rel: str) -> dict[str, Any] | None:
        """The report record an earlier run kept for a finished input, if it kept one."""
        return self.results.get(rel)

    def mark_done(self, rel: str, source: Path, result: Mapping[str, Any] | None = None) -> None:
        """Journal a finished output, with its report record when the run keeps one (so a
        resumed run's report still describes every document)."""
        stamp = self.stamp(source)
        if stamp is None or self._journal is None:
            return
        entry: dict[str, Any] = {"rel": rel, "size": stamp[0], "mtime_ns": stamp[1]}
        if result is not None:
            entry["result"] = result
        # ASCII: a lone surrogate in an edit must not make the journal unwritable.
        self._journal.write(json.dumps(entry) + "\n")
        self._journal.flush()
