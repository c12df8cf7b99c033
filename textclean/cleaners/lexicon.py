"""English word statistics shared by the word-level cleaners (``typos``, ``line_breaks``).

The counts are symspellpy's English frequency dictionaries (MIT licensed; unigrams from the
Google Books Ngram data, intersected with SCOWL), loaded lazily, once per process. Parsed lists
and tables derived from them are pickled in the user cache directory (:func:`cached`), keyed by
the source files, so a later process loads them in a fraction of the parsing time. The two
largest, the bigram counts and the rare words, are the native core's word maps instead
(:func:`cached_counts`): a few bytes an entry, read in milliseconds, where the dict and set
took 110 MB per process and a quarter of a second to unpickle.
"""

from __future__ import annotations

import gc
import hashlib
import importlib.resources
import os
import pickle
import tempfile
from functools import lru_cache
from pathlib import Path
from collections.abc import Mapping
from typing import Any, Callable, Iterable

from textclean import _native

# (read-only mappings: `in`, [], get, items, iteration, len)
Mapping.register(_native.Counts)
_UNIGRAMS = "frequency_dictionary_en_82_765.txt"
_BIGRAMS = "frequency_bigramdictionary_en_243_342.txt"


def _path(name: str) -> str:
    return str(importlib.resources.files("symspellpy") / name)


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
    """The cache file of ``name`` built from ``sources`` (see :func:`cached`).

    >>> cache_path("x", []).suffix
    '.pickle'
    """
    h = hashlib.sha1(f"{CACHE_VERSION}|{name}".encode())
    for src in sources:
        st = os.stat(src)
        h.update(f"|{src}|{st.st_size}|{st.st_mtime_ns}".encode())
    return cache_dir() / f"{name}-{h.hexdigest()[:16]}.pickle"


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
    _store(path, name, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    return value


def _store(path: Path, name: str, data: bytes) -> None:
    """Write ``data`` to the cache file ``path`` atomically (a temporary file renamed into
    place) and remove the files of ``name`` built from earlier versions of its sources; an
    unwritable cache only means building again next time."""
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
        for old in path.parent.glob(f"{name}-{'?' * 16}{path.suffix}"):
            if old != path:  # built from an earlier version of the sources
                old.unlink()
    except Exception:
        pass


def cached_counts(name: str, sources: Iterable[str], build: Callable[[], Iterable[tuple[Any, int]]],
                  pairs: bool = False) -> _native.Counts:
    """A native word map (:class:`textclean._native.Counts`: ``word -> count``, or
    ``(word, next word) -> count`` with ``pairs``) of the entries ``build()`` gives, or the
    same map read back from the cache (keyed as :func:`cached`). A map is a read-only
    ``Mapping``; a set of words is a map whose counts are 1.

    >>> m = cached_counts("doctest-counts", [], lambda: [("b", 2), ("a", 1)])
    >>> m["b"], "c" in m, list(m)
    (2, False, ['a', 'b'])
    """
    try:
        path = cache_path(name, sources).with_suffix(".fst")
    except OSError:
        return _native.Counts(_native.Counts.build(build(), pairs), pairs)
    try:
        return _native.Counts(path.read_bytes(), pairs)
    except Exception:  # absent, unreadable or corrupt: build it
        pass
    data = _native.Counts.build(build(), pairs)
    _store(path, name, data)
    return _native.Counts(data, pairs)


def sources() -> list[str]:
    """The word-list files everything in this module is built from (cache keys).

    >>> len(sources())
    4
    """
    return [_path(_UNIGRAMS), _path(_BIGRAMS), _data(_SUPPLEMENT), _data("typos_rare.txt")]


def _data(name: str) -> str:
    return str(importlib.resources.files("textclean") / "data" / name)


@lru_cache(maxsize=None)
def unigrams() -> dict[str, int]:
    """Lower-case word -> corpus count (about 83,000 words).

    >>> unigrams()["minister"] > 1_000_000
    True
    """
    return cached("unigrams", [_path(_UNIGRAMS)], _read_unigrams)


def _read_unigrams() -> dict[str, int]:
    counts: dict[str, int] = {}
    with open(_path(_UNIGRAMS), encoding="utf-8") as f:
        for line in f:
            word, _, count = line.rstrip("\n").partition(" ")
            if count:
                counts[word] = int(count)
    return counts


@lru_cache(maxsize=None)
def bigrams() -> Mapping[tuple[str, str], int]:
    """(lower-case word, next word) -> corpus count (about 243,000 pairs), a native word map.

    >>> bigrams()[("prime", "minister")] > 0, ("minister", "prime") in bigrams()
    (True, False)
    """
    return cached_counts("bigrams", [_path(_BIGRAMS)], lambda: _read_bigrams().items(), pairs=True)


def _read_bigrams() -> dict[tuple[str, str], int]:
    counts: dict[tuple[str, str], int] = {}
    with open(_path(_BIGRAMS), encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3:
                counts[(parts[0], parts[1])] = int(parts[2])
    return counts


def is_word(token: str) -> bool:
    """Whether ``token`` (any case) is a known English word.

    >>> is_word("Minister"), is_word("Miister")
    (True, False)
    """
    return token.lower() in unigrams()


_SUPPLEMENT = "typos_words.txt"

# Spelling rules that turn an American form into the British one the frequency dictionary
# more often holds, so that a supplementary word borrows the count of its variant.
_US_TO_UK = (
    ("or", "our"), ("ors", "ours"), ("ored", "oured"), ("oring", "ouring"),
    ("er", "re"), ("ers", "res"), ("ense", "ence"), ("og", "ogue"), ("ogs", "ogues"),
    ("ize", "ise"), ("izes", "ises"), ("ized", "ised"), ("izing", "ising"), ("ization", "isation"),
    ("yze", "yse"), ("yzes", "yses"), ("yzed", "ysed"), ("yzing", "ysing"),
    ("led", "lled"), ("ling", "lling"), ("ler", "ller"), ("lers", "llers"),
    ("ment", "lment"), ("ments", "lments"), ("iced", "ised"), ("icing", "ising"),
)


@lru_cache(maxsize=None)
def supplement() -> frozenset[str]:
    """Extra lower-case English words (SCOWL size 70, US and GB) that :func:`unigrams` lacks,
    such as American spellings; see ``scripts/build_typos_words.py``.

    >>> "favorite" in supplement(), "favourite" in supplement()
    (True, False)
    """
    return cached("supplement", [_data(_SUPPLEMENT)], lambda: _word_file(_SUPPLEMENT))


@lru_cache(maxsize=None)
def rare_words() -> Mapping[str, int]:
    """Rare and specialised lower-case words (SCOWL sizes 80 and 95, US: loanwords such as
    *annum*, *noir*, *prix*) in neither :func:`unigrams` nor :func:`supplement`. Many common
    misspellings are among them, so they are evidence that a token may be a word, not proof.

    (A native word map whose counts are 1: a set that loads in milliseconds.)

    >>> "winless" in rare_words(), "minister" in rare_words()
    (True, False)
    """
    return cached_counts("rare", [_data("typos_rare.txt")], lambda: ((w, 1) for w in _word_file("typos_rare.txt")))


def is_rare(word: str) -> bool:
    """Whether the lower-case ``word`` is in :func:`rare_words`.

    >>> is_rare("winless"), is_rare("minister"), is_rare("winles")
    (True, False, False)
    """
    return word in rare_words()


def _word_file(name: str) -> frozenset[str]:
    path = importlib.resources.files("textclean") / "data" / name
    with path.open(encoding="utf-8") as f:
        return frozenset(w for w in (line.strip() for line in f) if w and not w.startswith("#"))


def variant_count(word: str) -> int:
    """The count of the British spelling of an American ``word`` (0 if none is known).

    >>> variant_count("favorite") == unigrams()["favourite"]
    True
    >>> variant_count("zzzz")
    0
    """
    counts = unigrams()
    for us, uk in _US_TO_UK + (("e", "ae"), ("e", "oe")):
        # any occurrence: "favorite"/"favourite", "pediatric"/"paediatric"
        i = word.find(us, 1)
        while i > 0:
            alt = word[:i] + uk + word[i + len(us):]
            if alt in counts:
                return counts[alt]
            i = word.find(us, i + 1)
    return 0


@lru_cache(maxsize=None)
def vocabulary() -> dict[str, int]:
    """:func:`unigrams` plus :func:`supplement`, each supplementary word counted as its
    British variant, or as the rarest dictionary word when it has none.

    >>> v = vocabulary()
    >>> v["favorite"] == v["favourite"], 0 < v["zestful"] <= min(unigrams().values())
    (True, True)
    """
    return cached("vocabulary", [_path(_UNIGRAMS), _data(_SUPPLEMENT)], _build_vocabulary)


def _build_vocabulary() -> dict[str, int]:
    counts = dict(unigrams())
    floor = min(counts.values())
    for w in supplement():
        counts[w] = variant_count(w) or floor
    return counts
