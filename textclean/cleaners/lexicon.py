"""English word statistics shared by the word-level cleaners (``typos``, ``line_breaks``).

The counts are symspellpy's English frequency dictionaries (MIT licensed; unigrams from the
Google Books Ngram data, intersected with SCOWL), loaded lazily, once per process. Parsed lists
and tables derived from them are kept in the user cache directory, keyed by the source files,
so a later process loads them in a fraction of the parsing time. The word counts (unigrams,
vocabulary, bigrams) and the rare words are the native core's word maps
(:func:`cached_counts`): a few bytes an entry, read in milliseconds, where the dicts and the
set took 140 MB per process and a third of a second to unpickle. A look-up costs a little
more than a dict's (a call into the core); the rest is pickled (:func:`cached`).
"""

from __future__ import annotations

import importlib.resources
import importlib.util
import os
from collections.abc import Mapping
from functools import lru_cache

# The disk cache is the host's (core/cache.py); these names stay importable from here.
from textclean.core.cache import (  # noqa: F401
    CACHE_VERSION,
    cache_dir,
    cache_path,
    cached,
    cached_counts,
)

_UNIGRAMS = "frequency_dictionary_en_82_765.txt"
_BIGRAMS = "frequency_bigramdictionary_en_243_342.txt"


def _path(name: str) -> str:
    # (found without importing symspellpy, which this module only reads the files of)
    return os.path.join(importlib.util.find_spec("symspellpy").submodule_search_locations[0], name)


def sources() -> list[str]:
    """The word-list files everything in this module is built from (cache keys).

    >>> len(sources())
    4
    """
    return [_path(_UNIGRAMS), _path(_BIGRAMS), _data(_SUPPLEMENT), _data("typos_rare.txt")]


def _data(name: str) -> str:
    return str(importlib.resources.files("textclean") / "data" / name)


@lru_cache(maxsize=None)
def unigrams() -> Mapping[str, int]:
    """Lower-case word -> corpus count (about 83,000 words), a native word map.

    >>> unigrams()["minister"] > 1_000_000
    True
    """
    return cached_counts("unigrams", [_path(_UNIGRAMS)], lambda: _read_unigrams().items())


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
    # (indexed: the typos cleaner asks for the pairs of each candidate with its neighbours)
    return cached_counts("bigrams", [_path(_BIGRAMS)], lambda: _read_bigrams().items(), pairs=True, indexed=True)


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
def vocabulary() -> Mapping[str, int]:
    """:func:`unigrams` plus :func:`supplement`, each supplementary word counted as its
    British variant, or as the rarest dictionary word when it has none.

    >>> v = vocabulary()
    >>> v["favorite"] == v["favourite"], 0 < v["zestful"] <= min(unigrams().values())
    (True, True)
    """
    # (indexed: looked up for every new word of a page)
    return cached_counts("vocabulary", [_path(_UNIGRAMS), _data(_SUPPLEMENT)], lambda: _build_vocabulary().items(),
                         indexed=True)


def _build_vocabulary() -> dict[str, int]:
    counts = dict(unigrams())
    floor = min(counts.values())
    for w in supplement():
        counts[w] = variant_count(w) or floor
    return counts
