"""What the ``typos`` cleaner knows about words beyond its vocabulary: how common a word is in
current English, and whether it is a word of another language, from wordfreq's lists.

The vocabulary (:mod:`textclean.cleaners.lexicon`) comes from books; it lacks much of today's
English (``backend``, ``gzip``, ``sudo``, ``autopay``). wordfreq's English list (web text,
subtitles, news, Wikipedia...) has them, but it also has the common misspellings (``teh``,
``recieve``, ``occured``), at roughly a hundredth of the frequency of the word they stand for
or less. So a word of that list is not simply "known": :func:`attested` asks whether the
token is commoner than a misspelling of the proposed correction could be, given how likely
that slip is (:mod:`~textclean.cleaners.typos.decision` applies it).

For other languages the table marks the words that are common in one of
:data:`FOREIGN_LANGUAGES` (Zipf frequency at least :data:`FOREIGN_ZIPF`) and much commoner
there than in English (by :data:`FOREIGN_MARGIN`): ``bei``, ``neue``, ``juste``, ``perro``.
Almost any short string is a word somewhere, so this is evidence for the line checks and for a
token next to other such words (:mod:`~textclean.cleaners.typos.vetoes`), never a reason on
its own.

Also here: the consonant clusters that begin and end English words (:func:`english_shape`),
from the vocabulary's counts; ``gmake``, ``pthread``, ``fsync`` begin otherwise, ``glibc``,
``icmp`` end otherwise.

The table is built from wordfreq's files once per machine (a few seconds) and pickled in the
user cache directory with the other derived tables (:func:`textclean.cleaners.lexicon.cached`);
it holds a 64-bit fingerprint of each word and its value, sorted by fingerprint in buckets,
in the native core (:class:`textclean._native.Fingerprints`, some 6 MB for about 480,000
words; a word not in it is taken for one about once in 10^13 look-ups), which a process loads
in a few milliseconds when the model loads. Without wordfreq installed the table is empty: every word is unattested and no word
is foreign.
"""

from __future__ import annotations

import importlib.util
import math
import os
import re
from functools import lru_cache

from textclean import _native
from textclean.cleaners import lexicon

#: Languages whose common words are recognised inside English text: those written in the
#: Latin alphabet that wordfreq lists (words in other scripts are foreign by their letters).
FOREIGN_LANGUAGES = (
    "de", "fr", "es", "it", "pt", "nl", "sv", "nb", "da", "fi", "pl", "cs", "sk", "sl", "sh",
    "ro", "hu", "tr", "ca", "id", "ms", "fil", "lt", "lv", "is",
)
#: The languages most often quoted in English text (their words, names and phrases):
#: a word of one of them that current English never uses is left alone wherever it stands.
NEIGHBOUR_LANGUAGES = frozenset({"de", "fr", "es", "it", "pt", "nl"})
#: The least Zipf frequency (log10 of uses per billion words) of a word of another language.
FOREIGN_ZIPF = 3.5
#: How much commoner (in Zipf units) it must be there than in English.
FOREIGN_MARGIN = 1.5
#: A word of another language among its commonest (Zipf at least :data:`COMMON_ZIPF`, about
#: its 300 commonest words) and far commoner there than in English (by :data:`COMMON_MARGIN`)
#: is that language's as surely as an article: ``et``, ``que``, ``pas``, ``ist``, ``nicht``,
#: even where the vocabulary, made from books, lists it.
COMMON_ZIPF = 5.0
COMMON_MARGIN = 2.0
#: The least Zipf frequency in English for a word to count as attested (1: once per 100
#: million words).
ATTESTED_ZIPF = 1.0
#: Misspelling rate: a token is taken for a slip of a candidate only when the candidate is at
#: least ``SLIP_BASE + SLIP_PER_COST * cost`` Zipf units commoner (the cost being the error
#: model's, 0.25 for a doubled letter to about 2 for two unrelated letters): a common slip
#: (``occured``, cost 0.25) is seen up to about a thirtieth as often as the word, an unlikely
#: one far less. Measured on the Norvig and Birkbeck misspellings against technical words.
SLIP_BASE = 0.8
SLIP_PER_COST = 1.7
#: A share of the uses of the vocabulary's words under which a cluster of consonants does not
#: begin English words (``gm``, ``pthr``, ``ct``, ``fs``) or end them (``bc``, ``md``, ``cmp``).
CLUSTER_SHARE = 1e-6

_FOREIGN_BIT = 1
_COMMON_BIT = 2
_NEIGHBOUR_BIT = 4
_SHIFT = 3
_ONSET = re.compile(r"[^aeiouy]*")
_CODA = re.compile(r"[^aeiouy]*$")


def _sources() -> list[str]:
    """The wordfreq files the table is built from (its cache key), or [] without wordfreq
    (found without importing it, which takes longer than loading the table)."""
    spec = importlib.util.find_spec("wordfreq")
    if spec is None or not spec.origin:
        return []
    folder = os.path.join(os.path.dirname(spec.origin), "data")
    names = ["large_en.msgpack.gz"] + [f"small_{lang}.msgpack.gz" for lang in FOREIGN_LANGUAGES]
    return [os.path.join(folder, n) for n in names if os.path.exists(os.path.join(folder, n))]


@lru_cache(maxsize=1 << 16)
def _value(word: str) -> int:
    """The table's value of ``word`` (see :func:`_build`), remembered (the same words come
    back); 0 for a word not in it."""
    return table().get(word)


def _build() -> bytes:
    """The table from wordfreq's lists, as the bytes of a :class:`textclean._native.Fingerprints`
    (for the cache): each word's value is its Zipf frequency in English x 100, shifted left by
    three; the low bit set for a word of another language, the next for one of its commonest
    words, the third for a word of one of :data:`NEIGHBOUR_LANGUAGES`."""
    try:
        import wordfreq
    except ImportError:
        return _native.Fingerprints.build([])
    table: dict[str, int] = {}
    floor = 10.0 ** (ATTESTED_ZIPF - 9)
    english = wordfreq.get_frequency_dict("en", wordlist="large")
    for w, f in english.items():
        if f >= floor and w.isascii() and w.isalpha():
            table[w] = round((math.log10(f) + 9) * 100) << _SHIFT
    least = 10.0 ** (FOREIGN_ZIPF - 9)
    common = 10.0 ** (COMMON_ZIPF - 9)
    for lang in FOREIGN_LANGUAGES:
        try:
            words = wordfreq.get_frequency_dict(lang, wordlist="small")
        except (LookupError, ValueError, OSError):
            continue
        for w, f in words.items():
            if f < least or not (w.isascii() and w.isalpha()):
                continue
            en = english.get(w, 0.0)
            if en and math.log10(f / en) < FOREIGN_MARGIN:
                continue
            bits = _FOREIGN_BIT
            if f >= common and (not en or math.log10(f / en) >= COMMON_MARGIN):
                bits |= _COMMON_BIT
            if lang in NEIGHBOUR_LANGUAGES:
                bits |= _NEIGHBOUR_BIT
            table[w] = table.get(w, 0) | bits
    return _native.Fingerprints.build(table.items())


@lru_cache(maxsize=None)
def table() -> _native.Fingerprints:
    """The word table (see :func:`_build`), cached on disk and loaded once per process."""
    sources = _sources()
    if not sources:
        return _native.Fingerprints(_build())
    # (the name carries what the table depends on besides the files)
    name = (f"typos-usage6-{ATTESTED_ZIPF}-{FOREIGN_ZIPF}-{FOREIGN_MARGIN}-{COMMON_ZIPF}-{COMMON_MARGIN}"
            f"-{len(FOREIGN_LANGUAGES)}-{'.'.join(sorted(NEIGHBOUR_LANGUAGES))}")
    return _native.Fingerprints(lexicon.cached(name, sources, _build))


def english_zipf(word: str) -> float:
    """The Zipf frequency of the lower-case ``word`` in current English, 0 when under
    :data:`ATTESTED_ZIPF`.

    >>> english_zipf("backend") > 2, english_zipf("the") > 7, english_zipf("xqzv")
    (True, True, 0.0)
    """
    return (_value(word) >> _SHIFT) / 100


def foreign(word: str) -> bool:
    """Whether the lower-case ``word`` is a common word of another language (see the module
    docstring), such as ``bei`` or ``juste``; English words with another life abroad (``die``,
    ``also``) are not.

    >>> foreign("bei"), foreign("juste"), foreign("also"), foreign("recieve")
    (True, True, False, False)
    """
    return bool(_value(word) & _FOREIGN_BIT)


def common_foreign(word: str) -> bool:
    """Whether the lower-case ``word`` is among the commonest words of another language and
    rare in English (see :data:`COMMON_ZIPF`): ``et``, ``que``, ``nicht``, not ``also``.

    >>> common_foreign("que"), common_foreign("nicht"), common_foreign("also"), common_foreign("perro")
    (True, True, False, False)
    """
    return bool(_value(word) & _COMMON_BIT)


def unattested_foreign(word: str) -> bool:
    """Whether the lower-case ``word`` is a common word of one of :data:`NEIGHBOUR_LANGUAGES`
    that current English does not use at all (under :data:`ATTESTED_ZIPF`): ``inkl``,
    ``leisten``, ``forfaits``. A common misspelling is used (``succes``, ``visite``), and so
    are the foreign words English text quotes most (``bei``, ``juste``), which are left to
    the checks of their surroundings.

    >>> unattested_foreign("inkl"), unattested_foreign("succes"), unattested_foreign("bei"), unattested_foreign("frest")
    (True, False, False, False)
    """
    v = _value(word)
    return bool(v & _NEIGHBOUR_BIT) and (v >> _SHIFT) < ATTESTED_ZIPF * 100


#: A word of another language that the vocabulary lists counts as foreign when it is rarer than
#: this in current English (Zipf): ``sind``, ``moderne``, but not ``door`` or ``met``.
VOCABULARY_ZIPF = 3.0


@lru_cache(maxsize=None)
def foreign_in_vocabulary() -> frozenset[str]:
    """The words of the vocabulary (made from books, it lists many words of other languages)
    that are words of another language all the same: rarer than :data:`VOCABULARY_ZIPF` in
    current English, or among the commonest words of their language (:func:`common_foreign`).

    >>> sorted({"sind", "est", "que", "moderne", "door", "also", "the"} & foreign_in_vocabulary())
    ['est', 'moderne', 'que', 'sind']
    """
    sources = _sources()
    if not sources:
        return frozenset()
    name = f"typos-foreign-known-{VOCABULARY_ZIPF}"
    return lexicon.cached(name, sources + lexicon.sources(), _build_foreign_in_vocabulary)


def _build_foreign_in_vocabulary() -> frozenset[str]:
    return frozenset(w for w in lexicon.vocabulary()
                     if foreign(w) and (english_zipf(w) < VOCABULARY_ZIPF or common_foreign(w)))


def attested(token: str, candidate: str, cost: float) -> bool:
    """Whether the lower-case ``token`` is too common in current English to be a slip (of
    error-model cost ``cost``) for ``candidate``: a word the vocabulary lacks, not a
    misspelling.

    >>> attested("backend", "backed", 1.0), attested("occured", "occurred", 0.25)
    (True, False)
    """
    zt = english_zipf(token)
    if zt < ATTESTED_ZIPF:
        return False
    return english_zipf(candidate) - zt < SLIP_BASE + SLIP_PER_COST * cost


@lru_cache(maxsize=None)
def _clusters() -> tuple[frozenset[str], frozenset[str]]:
    name = f"typos-clusters-{CLUSTER_SHARE}"
    return lexicon.cached(name, [lexicon.sources()[0]], _build_clusters)


def _build_clusters() -> tuple[frozenset[str], frozenset[str]]:
    """The consonant clusters that begin and that end at least :data:`CLUSTER_SHARE` of the
    uses of the vocabulary's words (of three letters or more)."""
    onsets: dict[str, int] = {}
    codas: dict[str, int] = {}
    for w, n in lexicon.unigrams().items():
        if len(w) > 2 and w.isascii() and w.isalpha():
            o = _ONSET.match(w).group()  # type: ignore[union-attr]
            c = _CODA.search(w).group()  # type: ignore[union-attr]
            onsets[o] = onsets.get(o, 0) + n
            codas[c] = codas.get(c, 0) + n
    total = sum(onsets.values())
    return (frozenset(o for o, n in onsets.items() if n >= CLUSTER_SHARE * total),
            frozenset(c for c, n in codas.items() if n >= CLUSTER_SHARE * total))


def english_shape(word: str) -> bool:
    """Whether the lower-case ``word`` begins and ends as English words do: the consonants
    before its first vowel and after its last (``y`` counts as a vowel) are clusters that
    begin or end enough of the vocabulary's words.

    >>> [english_shape(w) for w in ("string", "lengths", "pthread", "gmake", "fsync", "glibc", "icmp", "hte")]
    [True, True, False, False, False, False, False, False]
    """
    onsets, codas = _clusters()
    return (_ONSET.match(word).group() in onsets  # type: ignore[union-attr]
            and _CODA.search(word).group() in codas)  # type: ignore[union-attr]


def preload() -> None:
    """Load (or, the first time on a machine, build and cache) every table of this module."""
    table()
    foreign_in_vocabulary()
    _clusters()
