"""The disk cache of derived tables: word lists parsed, indexes and statistics built from
the files the package and its dependencies ship, kept between runs in the user cache
directory so that a later process reads them instead of building them again.

Every entry is keyed by a name and its source files (path, size and modification time), so a
changed source is rebuilt; entries are written atomically and one version of each name is
kept for each place the sources are read from (two installations do not evict each other). An
unwritable or corrupt cache only means building. Two kinds of entry: any picklable
value (:func:`cached`), and the native core's word maps (:func:`cached_counts`), which are
bytes read back in milliseconds.
"""

from __future__ import annotations

import gc
import glob
import hashlib
import os
import pickle
import re
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Callable, Iterable

from textclean import _native

# (read-only mappings: `in`, [], get, items, iteration, len)
Mapping.register(_native.Counts)


#: Bump when the structure of anything cached on disk changes.
CACHE_VERSION = 1


def cache_dir() -> Path:
    """Where built word lists and indexes are cached between runs: ``$TEXTCLEAN_CACHE_DIR``,
    else ``$XDG_CACHE_HOME/textclean``, else ``~/.cache/textclean``.

    >>> "TEXTCLEAN_CACHE_DIR" in os.environ or cache_dir().name == "textclean"
    True
    """
    env = os.environ.get("TEXTCLEAN_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "textclean"


def cache_path(name: str, sources: Iterable[str]) -> Path:
    """The cache file of ``name`` built from ``sources`` (see :func:`cached`):
    ``{name}-{where}-{version}.pickle``, where ``where`` stands for the sources' paths and
    ``version`` for their sizes and modification times. Two installations (two virtual
    environments, a checkout beside an installed wheel) read their lists from different
    paths, so they keep one entry each instead of replacing each other's on every run.

    >>> cache_path("x", []).suffix, len(cache_path("x", []).stem)
    ('.pickle', 27)
    """
    sources = list(sources)
    where = hashlib.sha1(f"{CACHE_VERSION}|{name}|{'|'.join(sources)}".encode())
    h = hashlib.sha1(f"{CACHE_VERSION}|{name}".encode())
    for src in sources:
        st = os.stat(src)
        h.update(f"|{src}|{st.st_size}|{st.st_mtime_ns}".encode())
    return cache_dir() / f"{name}-{where.hexdigest()[:8]}-{h.hexdigest()[:16]}.pickle"


def cached(name: str, sources: Iterable[str], build: Callable[[], Any]) -> Any:
    """``build()``, or its pickled result from an earlier run with the same ``sources``.

    Parsing the text lists takes most of a CLI run on one small file; unpickling them takes a
    fraction of that. The key is the cache version, ``name`` and each source file's path, size
    and modification time, so a changed list is rebuilt. The file is written atomically (a
    temporary file renamed into place); an unwritable or corrupt cache only means building.

    >>> cached("doctest-demo", [], lambda: {"a": 1})
    {'a': 1}
    """
    try:
        path = cache_path(name, sources)
    except OSError:
        return build()
    enabled = gc.isenabled()
    gc.disable()  # the collector would walk every object loaded so far, again and again
    try:
        with open(path, "rb") as f:
            return pickle.load(f)
    except Exception:  # absent, unreadable or corrupt: build it
        pass
    finally:
        if enabled:
            gc.enable()
    value = build()
    store(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    return value


#: The stem :func:`cache_path` gives: name, the hash of the sources' places, of their versions.
_VERSIONED = re.compile(r".+-[0-9a-f]{8}-[0-9a-f]{16}")


def store(path: Path, data: bytes) -> None:
    """Write ``data`` to the cache file ``path`` (a :func:`cache_path`) atomically (a
    temporary file renamed into place) and remove the files of the same name built from
    earlier versions of the same sources (told by the path itself); an unwritable cache only
    means building again next time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
        # The same name from the same places, any version (glob.escape: a name may hold a
        # character glob reads). Only for a path cache_path named: the stem of any other
        # (a file a caller chose) would not tell its versions, and could match others' files.
        if _VERSIONED.fullmatch(path.stem):
            stale = glob.escape(path.stem[:-16]) + "?" * 16 + glob.escape(path.suffix)
            for old in path.parent.glob(stale):
                if old != path:  # built from an earlier version of the same sources
                    old.unlink()
    except Exception:
        pass


def cached_counts(name: str, sources: Iterable[str], build: Callable[[], Iterable[tuple[Any, int]]],
                  pairs: bool = False, indexed: bool = False) -> _native.Counts:
    """A native word map (:class:`textclean._native.Counts`: ``word -> count``, or
    ``(word, next word) -> count`` with ``pairs``) of the entries ``build()`` gives, or the
    same map read back from the cache (keyed as :func:`cached`). A map is a read-only
    ``Mapping``; a set of words is a map whose counts are 1.

    With ``indexed``, the map comes with a hash index of its keys, for the maps looked up for
    every new word of a page, where a walk of the transducer costs several times more. The
    index is cached beside the map (some 30 ms to build for 260,000 keys, a millisecond to
    read back; 8 bytes a key, 12 or 16 with counts other than 1).

    >>> m = cached_counts("doctest-counts", [], lambda: [("b", 2), ("a", 1)])
    >>> m["b"], "c" in m, list(m)
    (2, False, ['a', 'b'])
    >>> cached_counts("doctest-counts", [], lambda: [("b", 2), ("a", 1)], indexed=True)["b"]
    2
    """
    try:
        path = cache_path(name, sources).with_suffix(".fst")
    except OSError:
        return _native.Counts(_native.Counts.build(build(), pairs), pairs, indexed)
    counts = None
    try:
        data = path.read_bytes()
        counts = _native.Counts(data, pairs)
    except Exception:  # absent, unreadable or corrupt: build it
        data = _native.Counts.build(build(), pairs)
        store(path, data)
    if not indexed:
        return counts if counts is not None else _native.Counts(data, pairs)
    index_path = path.with_suffix(".fpi")
    try:
        return _native.Counts(data, pairs, True, index_path.read_bytes())
    except Exception:  # absent, of an earlier map, or damaged: build it
        pass
    counts = _native.Counts(data, pairs, True)
    store(index_path, counts.index_bytes())
    return counts


