"""Stop lists by language: the prose evidence of the ``boilerplate`` cleaner in every language.

The cleaner tells prose from furniture by the *density* of function words in a line
(:mod:`.features`). That density is only evidence in the language of the list: a French
paragraph has almost no English stop words, so with the English list alone it looked like a
menu (on the TurkuNLP French development pages the position rules removed 20,000 characters of
content for "no stop words"). This module gives each document the list of its language
(``ctx.language``), and none where there is none: a language without a list gets **no prose
evidence at all** (no article body, so no position rules; only language-independent evidence
such as exact widget templates, price lines or separator rows can remove a line).

Where the lists come from, and why
----------------------------------

* **English** keeps the hand-written list of :data:`.features.STOP_WORDS` (182 words), so
  English documents are judged exactly as before.
* **38 other languages** come from ``wordfreq`` (code Apache-2.0, word lists CC-BY-SA 4.0;
  read at run time from the installed package, nothing is copied into the repository): the
  most frequent words of the language, letters only, as many as it takes for them to cover
  the share of running text that the English list covers (:data:`TARGET_MASS`, measured with
  wordfreq's own English frequencies: 0.47), between :data:`MIN_WORDS` and :data:`MAX_WORDS`
  words. A language whose function words are fewer or glued to their words (Finnish, Turkish,
  Arabic, Hebrew, Russian) does not reach that coverage within ``MAX_WORDS`` words; its
  density is then scaled by ``TARGET_MASS / coverage`` (at most :data:`MAX_SCALE`), so that
  the same thresholds mean the same thing in every language. The calibration uses only
  wordfreq's frequencies, never the development data.
* Languages written without spaces between words (Chinese, Japanese, Thai...) and Korean
  (particles glued to words; wordfreq's Korean counts are of morphemes) get no list: word
  counts and densities mean nothing there.
* Plugins add or extend lists through the ``textclean_stop_words`` hook
  (``ctx.rules["stop_words"]``): merged with the built-in list of the language, or, for a
  language without one, used as given (density unscaled).

The alternatives, as examined (their sizes and contents; they were not run end to end through
the cleaner): jusText's lists (installed as a peer tool, 100 languages) are built to a
coverage target too, but with thousands of words for inflected languages (7,317 for Finnish,
5,151 for Russian, 13,236 for Korean), which makes lists of names and menus read as prose;
stopwords-iso lists (MIT, not installed, so not inspected here) are hand-collected lists
whose sizes vary widely between languages. wordfreq gives ranked frequencies, so the
size of every list can be chosen by one rule for all languages. With these lists the TurkuNLP
development pages keep 0.991 / 0.992 / 0.995 of their content in German / Spanish / French
(0.978 / 0.994 / 0.958 with the English list alone), and the English figures are unchanged.

Codes are fastText's (``lid.176``, which the host uses); ``tl`` is wordfreq's ``fil``, ``no``
is ``nb``, and Serbian, Croatian and Bosnian share wordfreq's Serbo-Croatian list, with the
Serbian Cyrillic spelling of each word added. Each list holds every word in lower case, with
an upper-case first letter and in upper case, as the tokenizer of :mod:`.features` sees them
(it lower-cases ASCII letters only).
"""

from __future__ import annotations

import math
import threading
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Mapping, NamedTuple

from textclean.cleaners.boilerplate.features import STOP_WORDS

#: The share of running English text that the English list covers (wordfreq's English
#: frequencies of the 182 words of ``STOP_WORDS``, summed: 0.473).
TARGET_MASS = 0.47
#: Least and most words taken from a language's frequency list.
MIN_WORDS, MAX_WORDS = 50, 300
#: Most a density is scaled up for a language whose top words cover less of its text.
MAX_SCALE = 1.6

# fastText's code -> wordfreq's code
_ALIASES = {"tl": "fil", "no": "nb", "sr": "sh", "hr": "sh", "bs": "sh"}
# wordfreq languages that get no list (no spaces between words, or counts of morphemes)
_NO_LIST = frozenset({"zh", "ja", "ko", "th", "lo", "km", "my", "bo"})
# languages whose articles and pronouns are elided onto the next word: "l'équipage"
_ELISION = frozenset({"fr", "it", "ca", "oc", "ga", "lb", "wa"})

_SR_CYRILLIC = [("lj", "љ"), ("nj", "њ"), ("dž", "џ")] + list(zip(
    "abcčćdđefghijklmnoprsštuvzž", "абцчћдђефгхијклмнопрсштувзж"))
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
def _is_word(w: str) -> bool:
    """Letters (with combining marks) and inner apostrophes only.

    >>> _is_word("और"), _is_word("l'a"), _is_word("3"), _is_word("a-b")
    (True, True, False, False)
    """
    return bool(w) and w[0].isalpha() and all(
        c.isalpha() or unicodedata.category(c)[0] == "M" or (c == "'" and 0 < i < len(w) - 1)
        for i, c in enumerate(w))


class StopList(NamedTuple):
    """The stop words of one language as :mod:`.features` counts them.

    ``words``: the words as UTF-8 bytes, in every case form the tokenizer can produce;
    ``scale``: what a density is multiplied by (1.0 for English); ``elision``: a word with an
    apostrophe counts when its part before the apostrophe is a stop word ("l'équipage");
    ``name``: what the list is (the cache key of the line evidence computed with it);
    ``known``: False for the empty list of a language without evidence.
    """

    name: str
    words: frozenset
    scale: float = 1.0
    elision: bool = False
    known: bool = True


def _forms(word: str) -> set[str]:
    """The forms of a lower-case word that the tokenizer of :mod:`.features` can produce.

    >>> sorted(_forms("über"))  # (ASCII letters are lower-cased by the tokenizer)
    ['Über', 'über']
    >>> sorted(_forms("της"))
    ['ΤΗΣ', 'Της', 'της']
    """
    out = set()
    base = {word}
    if word.endswith("σ"):
        base.add(word[:-1] + "ς")  # wordfreq folds the final sigma
    if "ss" in word:
        base.add(word.replace("ss", "ß"))  # ... and casefolds ß
    for w in base:
        for form in (w, w[:1].upper() + w[1:], w.upper()):
            out.add(form.translate(_ASCII_LOWER))
    return out


def make_list(name: str, words: Iterable[str], scale: float = 1.0, elision: bool = False) -> StopList:
    """A :class:`StopList` of ``words`` (any case; non-words are dropped).

    >>> s = make_list("x", ["Der", "die", "3", "Это"])
    >>> sorted(w.decode() for w in s.words)
    ['der', 'die', 'ЭТО', 'Это', 'это']
    """
    forms: set[str] = set()
    for w in words:
        w = w.strip().lower().replace("\u2019", "'")
        if _is_word(w):
            forms |= _forms(w)
    return StopList(name, frozenset(f.encode("utf-8") for f in forms), scale, elision)


#: The list of a language without one: no word is a stop word, and nothing is prose by it.
UNKNOWN = StopList("", frozenset(), 1.0, False, False)

#: English: the hand-written list the cleaner was built with.
ENGLISH = StopList("en", frozenset(w.encode() for w in STOP_WORDS), 1.0, False)


def _wordfreq_code(language: str) -> str:
    code = (language or "").lower().split("-")[0].split("_")[0]
    return _ALIASES.get(code, code)


_lock = threading.Lock()


@lru_cache(maxsize=None)
def wordfreq_words(code: str) -> tuple[tuple[str, ...], float] | None:
    """The stop words of the wordfreq language ``code`` and the density scale, or None
    (no wordfreq, no such language, or a language that gets no list). Cached on disk
    (:func:`textclean.cleaners.lexicon.cached`) so that a process reads a small pickle instead
    of the whole frequency list.

    >>> words, scale = wordfreq_words("de")
    >>> "und" in words and "deutschland" not in words, scale
    (True, 1.0)
    """
    if code in _NO_LIST or code == "en":
        return None
    # (a language is available where wordfreq ships a frequency file for it)
    files = _data_files(code)
    found = _wordfreq()
    if not files or found is None:
        return None
    from textclean.cleaners.lexicon import cached

    origin, release = found
    with _lock:
        return cached(f"boilerplate-stops-{code}-{release}", [origin, *files], lambda: _build(code))


@lru_cache(maxsize=1)
def _wordfreq() -> tuple[str, str] | None:
    """wordfreq's ``__init__.py`` and its version, or None where it is not installed: what
    keys the cached lists, found without importing wordfreq (its import takes a fifth of a
    second)."""
    import importlib.util
    from importlib.metadata import PackageNotFoundError, version

    spec = importlib.util.find_spec("wordfreq")
    if spec is None or spec.origin is None:
        return None
    try:
        return spec.origin, version("wordfreq")
    except PackageNotFoundError:
        return None


def _data_files(code: str) -> list[str]:
    found = _wordfreq()
    base = Path(found[0]).parent / "data" if found else None
    if base is None or not base.is_dir():
        return []
    return sorted(str(p) for p in base.iterdir() if p.name.endswith(f"_{code}.msgpack.gz"))


def _build(code: str) -> tuple[tuple[str, ...], float] | None:
    head = _head(code, MAX_WORDS * 2)
    top = [(w, cb) for w, cb in head if _is_word(w)]
    if not top:
        return None
    words, mass = [], 0.0
    for w, cb in top[:MAX_WORDS]:
        words.append(w)
        mass += _frequency(w, cb, code)
        if len(words) >= MIN_WORDS and mass >= TARGET_MASS:
            break
    scale = 1.0 if mass >= TARGET_MASS else min(MAX_SCALE, TARGET_MASS / max(mass, 1e-9))
    if code == "sh":
        words += [_to_cyrillic(w) for w in words]
    return tuple(words), round(scale, 3)


def _head(code: str, n: int) -> list[tuple[str, int]]:
    """The first ``n`` words of wordfreq's ``best`` list of ``code`` without digit sequences
    (``wordfreq.top_n_list``), each with its frequency in centibels below 1.

    The list is read as a stream and only as far as those words: wordfreq's own functions
    load the whole list (up to a million words) into a list and a dict, which made building
    the lists of every language (the index of :func:`guess`) take five seconds on a first
    run; its head takes a few milliseconds a language.
    """
    import gzip

    import msgpack
    from wordfreq import has_digit_sequence

    base = Path(_wordfreq()[0]).parent / "data"  # type: ignore[index]
    path = base / f"large_{code}.msgpack.gz"
    if not path.exists():  # ("best": the large list where there is one, else the small)
        path = base / f"small_{code}.msgpack.gz"
    out: list[tuple[str, int]] = []
    with gzip.open(path, "rb") as f:
        unpacker = msgpack.Unpacker(f, raw=False)
        size = unpacker.read_array_header()
        header = unpacker.unpack()
        if not isinstance(header, dict) or header.get("format") != "cB" or header.get("version") != 1:
            raise ValueError(f"unexpected wordfreq header in {path}: {header!r}")
        for cb in range(size - 1):
            for w in unpacker.unpack():
                if not has_digit_sequence(w):
                    out.append((w, cb))
                    if len(out) >= n:
                        return out
    return out


def _frequency(word: str, cb: int, code: str) -> float:
    """``wordfreq.word_frequency(word, code)`` of a word of its list found ``cb`` centibels
    below 1: the same rounding; a word its tokenizer does not keep whole is asked of wordfreq
    itself (that loads the whole list)."""
    import wordfreq

    if wordfreq.lossy_tokenize(word, code) != [word]:
        return wordfreq.word_frequency(word, code)
    freq = 10 ** (-cb / 100)  # (and math.log with base 10, not log10: wordfreq rounds so)
    return round(freq, math.floor(-math.log(freq, 10)) + 3)


def _to_cyrillic(word: str) -> str:
    for a, b in _SR_CYRILLIC:
        word = word.replace(a, b)
    return word


def plugin_words(answers: Iterable[Mapping] | None) -> dict[str, frozenset[str]]:
    """The ``textclean_stop_words`` hook answers, merged by language (lower-case words).

    >>> sorted(plugin_words([{"language": "eo", "words": ["la", "Kaj"]}, {"language": "eo", "words": ["de"]}])["eo"])
    ['de', 'kaj', 'la']
    """
    out: dict[str, set[str]] = {}
    for a in answers or ():
        lang = str(a.get("language") or "").strip().lower()
        if lang:
            out.setdefault(lang, set()).update(str(w).lower() for w in a.get("words") or ())
    return {k: frozenset(v) for k, v in out.items()}


def stop_list(language: str, extra: Mapping[str, frozenset[str]] | None = None) -> StopList:
    """The :class:`StopList` of ``language`` (an ISO 639-1 code), with the plugin words of
    ``extra`` merged in; :data:`UNKNOWN` when there is none.

    >>> stop_list("en") is ENGLISH, stop_list("") is UNKNOWN, stop_list("zh") is UNKNOWN
    (True, True, True)
    >>> stop_list("fr").elision, "et".encode() in stop_list("fr").words
    (True, True)
    >>> stop_list("eo", {"eo": frozenset({"la", "kaj"})}).known
    True
    """
    code = (language or "").strip().lower().replace("_", "-").split("-")[0]
    if not code:
        return UNKNOWN
    plugin = (extra or {}).get(code)
    if code == "en" and not plugin:
        return ENGLISH
    return _list(code, plugin or frozenset())


@lru_cache(maxsize=256)
def _list(code: str, plugin: frozenset[str]) -> StopList:
    elision = code in _ELISION
    if code == "en":
        return make_list("en+", [*STOP_WORDS, *plugin])
    found = wordfreq_words(_wordfreq_code(code))
    if found is None:
        if not plugin:
            return UNKNOWN
        return make_list(code + "+", plugin, 1.0, elision)
    words, scale = found
    name = code + ("+" if plugin else "")
    return make_list(name, [*words, *plugin], scale, elision)


def languages() -> list[str]:
    """The languages (fastText codes) that have a built-in stop list.

    >>> len(languages()) >= 30 and "en" in languages() and "ru" in languages()
    True
    """
    try:
        import wordfreq
        codes = set(wordfreq.available_languages())
    except ImportError:
        codes = set()
    codes = {c for c in codes if c not in _NO_LIST} | {"en"}
    back = {v: k for k, v in _ALIASES.items() if k in ("tl", "no")}
    out = {back.get(c, c) for c in codes}
    if "sh" in codes:
        out |= {"sr", "hr", "bs"}
    return sorted(out)


# --- the document's own evidence --------------------------------------------------------------

#: Least stop-word density (scaled) over the sentence-sized lines of a document (six words or
#: more) for a list to be taken as the document's: the lists of the right language give
#: 0.3-0.5 on prose, a wrong one (English on German, say) 0.0-0.1; and the least share of
#: the characters of those lines that are in lines reading as sentences by the list (density
#: 0.15 or more): a document in two languages explained by one list only in part.
FIT, FIT_LINES = 0.15, 0.5
#: Least density for the document's own evidence to name its language when the host could
#: not (``ctx.language`` ""), and the least words that evidence needs.
GUESS_FIT, GUESS_WORDS = 0.2, 30
#: Words from which a line counts as sentence-sized (for a list's fit).
SENTENCE_WORDS = 6
_GUESS_MAX_WORDS = 3000
_PUNCT = "\"'()[]{}<>.,;:!?\u00ab\u00bb\u201c\u201d\u201e\u2018\u2019\u2013\u2014-\u2026*\u00bf\u00a1\u061f\u060c\u3002"


def fits(counts: tuple[int, int, int, int], stops: StopList, min_words: int = 0) -> bool:
    """Whether ``stops`` explains a document whose sentence-sized lines (of
    :data:`SENTENCE_WORDS` words or more) have the ``counts`` ``(words, stop words,
    characters, characters of the lines with a stop-word density of 0.15 or more)`` (the
    native ``Page.fit_counts``): their stop-word density reaches :data:`FIT` and half of
    their characters read as sentences (:data:`FIT_LINES`). A document with fewer than
    ``min_words`` words in such lines does not fit; one without any (and ``min_words`` 0)
    has no prose to misjudge: it fits.

    >>> fits((40, 12, 200, 200), ENGLISH), fits((40, 2, 200, 0), ENGLISH), fits((0, 0, 0, 0), ENGLISH, 30)
    (True, False, False)
    """
    words, stop, chars, read = counts
    if words < min_words:
        return False
    return not words or (stops.scale * stop / words >= FIT and read >= FIT_LINES * chars)


@lru_cache(maxsize=64)
def _index(extra: tuple) -> tuple[list[str], list[float], list[bool], dict[str, tuple[int, ...]]]:
    """Every list (built-in and plugin), as the codes :func:`stop_list` takes with their
    scales and elision, and for each lower-case word the lists it is in. Without plugin
    words, cached on disk: building it reads every language's list (a third of a second,
    the slowest step of a first clean)."""
    found = _wordfreq()
    if extra or found is None:
        return _build_index(extra)
    from textclean.cleaners.lexicon import cached

    origin, release = found
    return cached(f"boilerplate-stop-index-{release}", [origin], lambda: _build_index(extra))


def _build_index(extra: tuple) -> tuple[list[str], list[float], list[bool], dict[str, tuple[int, ...]]]:
    plugin = dict(extra)
    codes = sorted(set(languages()) | set(plugin))
    lists, seen = [], set()
    for code in codes:
        s = stop_list(code, plugin)
        if s.known and s.name not in seen and s.words:
            seen.add(s.name)
            lists.append((code, s))
    index: dict[str, list[int]] = {}
    for i, (_, s) in enumerate(lists):
        for w in {b.decode("utf-8").lower() for b in s.words}:
            index.setdefault(w, []).append(i)
    return ([c for c, _ in lists], [s.scale for _, s in lists], [s.elision for _, s in lists],
            {w: tuple(v) for w, v in index.items()})


def prepare(extra: Mapping[str, frozenset[str]] | None = None) -> None:
    """Load (on a first run: build and cache on disk) the index :func:`guess` reads, so that
    the cleaner's set-up pays for it and not the first document of a language the host could
    not identify: built, it takes half a second, read back from the cache a few milliseconds.

    >>> prepare()
    """
    _index(tuple(sorted((extra or {}).items())))


def guess(texts: list[str], extra: Mapping[str, frozenset[str]] | None = None) -> StopList:
    """The stop list that explains the sentence-sized lines of ``texts`` best, when it
    explains them well (:data:`GUESS_FIT`, over at least :data:`GUESS_WORDS` words); else
    :data:`UNKNOWN`. The evidence a document gives of its own language, for a document
    the host could not identify.

    >>> guess(["Die Stadt hat am Montag beschlossen, dass die Brücke im Mai wieder geöffnet wird.",
    ...        "Der Bürgermeister sagte, die Arbeiten seien schneller als geplant gewesen und es gebe keine Mehrkosten.",
    ...        "Die Anwohner hatten sich über den Lärm der Baustelle beschwert, der bis in die Nacht ging."]).name
    'de'
    >>> guess(["Home", "News", "Sport"]) is UNKNOWN
    True
    """
    # the words first: a text with too few of them gets no guess, and no list is loaded
    # (building the index of every language's list is the slowest step of a first clean)
    words: list[str] = []
    for text in texts:
        toks = text.split()
        if len(toks) < SENTENCE_WORDS:
            continue
        for tok in toks:
            w = tok.strip(_PUNCT).lower()
            if w and w[0].isalpha():
                words.append(w)
        if len(words) >= _GUESS_MAX_WORDS:
            break
    total = len(words)
    if total < GUESS_WORDS:
        return UNKNOWN
    key = tuple(sorted((extra or {}).items()))
    codes, scales, elision, index = _index(key)
    if not codes:
        return UNKNOWN
    counts = [0] * len(codes)
    get = index.get
    for w in words:
        hit = get(w)
        if hit is None and "'" in w:
            hit = tuple(i for i in get(w.partition("'")[0], ()) if elision[i]) or None
        if hit is not None:
            for i in hit:
                counts[i] += 1
    best = max(range(len(codes)), key=lambda i: scales[i] * counts[i])
    if scales[best] * counts[best] / total < GUESS_FIT:
        return UNKNOWN
    return stop_list(codes[best], dict(key))
