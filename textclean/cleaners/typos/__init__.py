"""The ``typos`` cleaner: correct real misspellings in running English text, precision first.

What it corrects
    *Non-words*: a lower-case token that is not in the vocabulary (symspellpy's English
    frequency dictionary, plus SCOWL's American and British words, plus any words plugins give
    through the ``known_words`` hook), such as ``recieve``, ``goverment``, ``begining``. Each is
    compared with the known words within edit distance 2 by a noisy-channel model: how common
    the candidate is, how well it fits the neighbouring words (bigram counts: ``Prime ___``
    wants ``Minister``), and how likely the error is (a doubled or undoubled letter, a vowel for
    a vowel, a neighbouring key, a sound-alike consonant or two swapped letters are likely; a
    wrong first letter is not). "Keep the token, it is a word we do not know" is always one of
    the options, so an unfamiliar word without a convincing candidate stays as it is. Two words
    run together (``inthe`` -> ``in the``, one of them a function word, the pair a known
    bigram) and a word split in two (``Az erbaijan`` -> ``Azerbaijan``) are corrected the same
    way. Case and the punctuation around the word are kept (``Miister,`` -> ``Minister,``).

    *Parts of hyphenated compounds* (``first-tiem`` -> ``first-time``, ``38-yeer-old`` ->
    ``38-year-old``): a lower-case part of four letters or more, when every other part is a
    known word or a number, changed by one edit to a word that an adjacent part of the same
    compound supports (so ``socio-cultural`` and ``gastro-enteritis`` stay).

    *Short tokens* (``fix_short``): an unknown lower-case token of one or two letters after a
    space (``going ot focus`` -> ``going to focus``, ``day im jail`` -> ``day in jail``),
    changed to one of the commonest short words within two edits only when it makes a listed
    bigram with both neighbours and has a posterior of at least 0.9 (with one neighbour, when
    the other is capitalised, it must make a listed bigram with that one); never next to
    another unknown lower-case word.

    *-ies plurals written -ys* (``countrys`` -> ``countries``) are one cheap slip, not two.

    *Real-word slips*, with ``fix_real_words``, conservatively: a word of up to five letters that is far rarer than a
    word one edit away (``tow``/``to``, ``mach``/``much``, ``yow``/``you``), when neither of
    its pairs with its two neighbours is in the bigram list and both pairs of exactly one such
    candidate are common and associated (``wanted tow go`` -> ``wanted to go``).

What it never touches
    Real words used wrongly other than those slips (*their*/*there*, *being*/*been*); numbers,
    URLs, e-mail addresses, hashtags and handles, code-like tokens (digits, underscores, dots or
    inner capitals in the token); ALL-CAPS tokens; tokens shorter than 3 (but see short
    tokens above) or longer than 20 letters; a quotation marked ``[sic]`` (or the word before
    ``[sic]``); a word that occurs more than once in the document, in any case or inside
    another word (a name spelt the same way twice is not a typo); contractions, hyphenated
    compounds other than as above, and words that an apostrophe would make known (``dont``,
    ``womens``); a known word plus ``-s``
    (``renewables``); lower-case words without vowels (``pda``); a word alone in parentheses
    (``(dpa)``) or glossed by one (``pralay (doomsday)``); words with non-ASCII letters, a word
    after a foreign article (``de facto``), unknown words in a cluster, and lines that are
    mostly not English or thick with unknown words (transliterated speech, lists of names);
    protected words. Three-letter tokens (often abbreviations), rare words and loanwords
    (SCOWL sizes 80 and 95: ``annum``, ``noir``, ``prix``) and words made of known parts
    (``re+floated``, ``leader+board``) need much stronger evidence; in running text, a change
    of two letters, or of a rare word, needs a neighbour's support (a word alone on its line,
    such as a one-word query, needs none), and a rare word is never changed by two letters
    (``grand prix`` stays). A capitalised token (usually a name) is corrected
    only to a word one edit away that a neighbour strongly predicts (a listed bigram with
    PMI >= 3), so ``Prime Miister`` -> ``Prime Minister`` but ``Klaar`` stays ``Klaar``.

Options (defaults)
    ``min_confidence`` (0.5)
        the least posterior probability of the best candidate for a correction to be made;
        raise it for fewer, surer corrections.
    ``protected_words`` ([])
        words never to change, matched case-insensitively, added to those from the
        ``protected_words`` hook.
    ``fix_capitalised`` (True)
        whether capitalised tokens may be corrected at all (given overwhelming evidence).
    ``fix_spacing`` (True)
        whether run-together and split words are corrected.
    ``fix_real_words`` (False)
        whether real-word slips are corrected (about 15% slower on scraped pages).
    ``fix_short`` (True)
        whether unknown tokens of one or two letters are corrected (about 20% slower on
        scraped pages when the decisions are cached, no slower on unseen text).

Every correction's reason names the candidate and the evidence, for instance
``typo: Miister -> Minister (edit 1, context 'Prime _', p=0.99)``.

Speed: the distinct words of a document minus the vocabulary is one regex pass and two set
operations in C, and clean text stops there. Each unknown form gets a verdict once per
process (can it ever be corrected, in lower case, capitalised?), and decisions are remembered
per word and neighbours and per 300-character window (bounded caches), so boilerplate and
repeated text cost almost nothing. The candidate search looks the token's deletions up in a
numpy index (:class:`~textclean.cleaners.typos.model.CandidateIndex`, checked with rapidfuzz
in C). It computes the weighted edit cost only for the candidates that could change the
decision or the probability shown (:func:`~textclean.cleaners.typos.model.cost_floor`). The
word lists, the index and the derived tables are pickled in the user cache directory
(:func:`textclean.cleaners.lexicon.cached`) and loaded together when the first unknown word is met.
On a machine without the cache, candidates are generated as edits of edits until a run has
spent 0.3 s on them, and then the index is built (about two seconds) and cached.

>>> import textclean
>>> textclean.clean("The Prime Miister said they would recieve aid.", only=["typos"])
'The Prime Minister said they would receive aid.'
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter, OrderedDict
from functools import lru_cache
from itertools import chain
from typing import Any, Iterable

from textclean.cleaners import lexicon
from textclean.plugins.hookspecs import hookimpl
from textclean.core.records import Cleaner, Context, Fix, Stage
from textclean.cleaners.typos.model import (
    SOUND_PENALTY,
    Model,
    Params,
    cost_floor,
    edit_cost,
    osa_distance,
    soundex,
)

OPTIONS: dict[str, Any] = {
    "min_confidence": 0.5,
    "protected_words": [],
    "fix_capitalised": True,
    "fix_spacing": True,
    "fix_real_words": False,
    "fix_short": True,
}

_FORM = re.compile(r"[A-Za-z][a-z]{2,}")
#: A lower-case token of one or two letters after a space (the group): not the end of a
#: contraction whose apostrophe was garbled ("don?t"); one at the start of a line, or after
#: a bracket or quote, has no neighbour to go by and is not needed.
_SHORT_FORM = re.compile(r" ([a-z]{1,2})(?![A-Za-z0-9_])")


@lru_cache(maxsize=1024)
def _short_pattern(form: str) -> re.Pattern:
    """The occurrences of the short token ``form`` that ``_SHORT_FORM`` finds, with the space
    before each."""
    return re.compile(" " + form + "(?![A-Za-z0-9_])")


#: A whole word as ``_word_at`` sees one: a maximal run of letters, digits and underscores
#: (``\w`` is exactly ``str.isalnum()`` or ``_``, character by character).
_WHOLE_WORD = re.compile(r"\w+")
#: Up to this many words to look up in a document, each is found with ``str.find`` (a scan
#: of the text in C per word, about 1.5 ns a character: cheapest for the few unknown words of
#: most documents); beyond it, one pass over the text finds them all (about 0.3 us a
#: character, in Python per word of the text), so that the time stays linear in the text
#: however many distinct unknown words it has.
_SCAN_LIMIT = 150


class _Where:
    """The first whole-word occurrence of each word asked about in ``text`` (as
    :func:`_word_at` finds it), and whether there is another: by a scan of the text per word
    when ``wanted`` is None (a few words), else from one pass over the text for the words in
    ``wanted``.

    >>> w = _Where("an apple, an apples", {"an", "apple", "app"})
    >>> w.at("apple"), w.at("app"), w.twice("an", 0), w.twice("apple", 3)
    (3, -1, True, False)
    """

    __slots__ = ("text", "first", "again")

    def __init__(self, text: str, wanted: Iterable[str] | None):
        self.text = text
        self.first: dict[str, int] | None = None
        self.again: set[str] = set()
        if wanted is not None:
            first = dict.fromkeys(wanted, -1)
            again = self.again
            get = first.get
            for m in _WHOLE_WORD.finditer(text):
                w = m.group()
                i = get(w)
                if i is not None:
                    if i < 0:
                        first[w] = m.start()
                    else:
                        again.add(w)
            self.first = first

    def at(self, form: str) -> int:
        """The offset of the first whole-word occurrence of ``form``, or -1."""
        if self.first is None:
            return _word_at(self.text, form, 0)
        return self.first.get(form, -1)

    def twice(self, form: str, s: int) -> bool:
        """Whether ``form``, first found at ``s``, occurs again as a whole word."""
        if self.first is None:
            return _word_at(self.text, form, s + 1) >= 0
        return form in self.again


def _first_short(text: str, forms: list[str]) -> dict[str, int]:
    """The offset of the first occurrence of each short token in ``forms`` that
    ``_SHORT_FORM`` finds in ``text`` (all of them occur there)."""
    if len(forms) <= _SCAN_LIMIT:
        return {form: _short_pattern(form).search(text).start() + 1 for form in forms}
    wanted = set(forms)
    found: dict[str, int] = {}
    for m in _SHORT_FORM.finditer(text):
        form = m.group(1)
        if form in wanted and form not in found:
            found[form] = m.start(1)
    return found


def _in_spans(spans: list[tuple[int, int]], s: int) -> bool:
    """Whether ``s`` is inside one of ``spans`` (sorted, not overlapping)."""
    i = bisect.bisect_right(spans, (s, math.inf)) - 1
    return i >= 0 and s < spans[i][1]


#: The kinds of spot: an unknown word, a real word that may be a slip, a short unknown token.
_M_WORD, _M_REAL, _M_SHORT, _M_PART = 0, 1, 2, 3
#: A hyphenated compound of letters and numbers ("first-time", "38-year-old", "15.9-point").
_COMPOUND = re.compile(r"[A-Za-z0-9]+(?:\.[0-9]+)?(?:-[A-Za-z0-9]+(?:\.[0-9]+)?){1,3}")
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_LOWER, _CAP = 1, 2
_GLOSS = re.compile(r"\([^()\n]{1,40}\)")
_OPENERS = "([{\"'\u201c\u2018\u00ab*"
_CLOSERS = ")]}\"'\u201d\u2019\u00bb*.,;:!?"
_NEXT_WORD = re.compile(r"[ \t]+([A-Za-z]+)")
_LEAD = re.compile(r"[(\[{\"'\u201c\u2018\u00ab*]+")
_TRAIL = re.compile(r"[)\]}\"'\u201d\u2019\u00bb*.,;:!?]+$")
_WORD = re.compile(r"[A-Za-z]+")
_POSSESSIVE = re.compile(r"([A-Za-z]+)['\u2019]s")
_SIC = re.compile(r"[\[(]sic[\])]", re.IGNORECASE)
# A quotation marked [sic] (inside or right after the closing quote) is left as written.
_SIC_QUOTE = re.compile(
    r"[\"\u201c][^\"\u201c\u201d]{0,300}?(?:[\[(]sic[\])][^\"\u201c\u201d]{0,40}[\"\u201d]"
    r"|[\"\u201d]\s?[\[(]sic[\])])",
    re.IGNORECASE,
)
_ENDS_SENTENCE = re.compile(r"[.!?:][\"'\u201d\u2019)\]]*$")


class _Token:
    __slots__ = ("start", "end", "text", "lead", "trail", "plain", "line")

    def __init__(self, start: int, end: int, text: str, lead: str, trail: str, plain: bool, line: int):
        self.start, self.end, self.text = start, end, text
        self.lead, self.trail, self.plain, self.line = lead, trail, plain, line


def _case_like(word: str, model: str) -> str:
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


class _State:
    """The loaded model and word lists, built on first use (a pipeline that never meets a
    document pays nothing)."""

    def __init__(self, known: list[str], protected: set[str]):
        self._known = known
        self.protected = protected
        self._model: Model | None = None
        self.decisions: OrderedDict = OrderedDict()
        self.windows: OrderedDict = OrderedDict()
        self._hopeless: dict[str, bool] = {}
        self.verdicts: dict[str, int] = {}
        self._cased: frozenset[str] | None = None
        self._confusables: dict[str, tuple[str, ...]] | None = None
        self._confusable_words: frozenset[str] | None = None
        self._lower_safe: dict[str, bool] = {}

    @property
    def confusables(self) -> dict[str, tuple[str, ...]]:
        """Real words that may be slips for far commoner words (see
        :meth:`Model.confusables`), less the protected words."""
        if self._confusables is None:
            table = self.model.confusables()
            self._confusables = {k: v for k, v in table.items() if k not in self.protected}
        return self._confusables

    @property
    def confusable_words(self) -> frozenset[str]:
        if self._confusable_words is None:
            self._confusable_words = frozenset(self.confusables)
        return self._confusable_words

    @property
    def vocabulary(self) -> frozenset[str]:
        """The known words in lower case and capitalised (what the fast path subtracts)."""
        if self._cased is None:
            words = self.model.counts
            build = lambda: frozenset(words).union([w.capitalize() for w in words])  # noqa: E731
            if words is lexicon.vocabulary():
                self._cased = lexicon.cached("typos-cased", lexicon.sources(), build)
            else:
                self._cased = build()
        return self._cased

    def verdict(self, form: str) -> int:
        """Whether an unknown ``form`` (lower case or capitalised) can be corrected in some
        context: ``_LOWER`` (a lower-case word worth a search), ``_CAP`` (a capitalised word one
        edit from a word that a neighbour could strongly predict) or 0 (never); cached."""
        v = 0
        low = form.lower()
        if not self.hopeless(low):
            if form is low or form == low:
                v = 0 if self.lower_safe(low) else _LOWER
            elif self.model.near_partner(low):
                v = _CAP
        if len(self.verdicts) > FORM_CACHE:
            self.verdicts.clear()
        self.verdicts[form] = v
        return v

    def hopeless(self, form: str) -> bool:
        """Whether the unknown lower-cased ``form`` is never corrected, whatever its case and
        context (cached per form)."""
        hit = self._hopeless.get(form)
        if hit is None:
            hit = not MIN_LENGTH <= len(form) <= MAX_LENGTH or form in self.protected
            if len(self._hopeless) > FORM_CACHE:
                self._hopeless.clear()
            self._hopeless[form] = hit
        return hit

    def lower_safe(self, form: str) -> bool:
        """Whether the lower-case unknown word ``form`` is left alone in any context: a word
        with an apostrophe left out (``dont``, ``womens``), a known word with an ``-s`` the
        dictionary lacks (``renewables``)."""
        hit = self._lower_safe.get(form)
        if hit is None:
            counts = self.model.counts
            hit = _apostrophe_word(form, counts) or _inflected(form, counts)
            if len(self._lower_safe) > FORM_CACHE:
                self._lower_safe.clear()
            self._lower_safe[form] = hit
        return hit

    @property
    def model(self) -> Model:
        if self._model is None:
            counts = lexicon.vocabulary()
            extra = sorted({w.lower() for w in self._known if w and w.lower() not in counts})
            self._model = shared_model(tuple(extra))
        return self._model


@lru_cache(maxsize=4)
def shared_model(extra: tuple[str, ...] = ()) -> Model:
    """The model for the standard vocabulary plus ``extra`` known words, loaded once per
    process and shared by its pipelines (its tables are read-only; its caches depend only on
    the vocabulary), so that worker processes forked from a warm server start with it.

    >>> shared_model() is shared_model()
    True
    """
    counts = lexicon.vocabulary()
    if extra:
        counts = dict(counts)
        floor = min(lexicon.unigrams().values())
        counts.update((w, floor) for w in extra)
    return Model(counts, Params()).preload()


def setup_typos(ctx: Context) -> _State:
    """Collect the protected and known words; the dictionaries load on first use.

    >>> s = setup_typos(Context(options=OPTIONS, rules={"protected_words": ["Klaar"]}))
    >>> "klaar" in s.protected
    True
    """
    rules = ctx.rules or {}
    protected = {str(w).lower() for w in (rules.get("protected_words") or [])}
    protected |= {str(w).lower() for w in (ctx.options.get("protected_words") or [])}
    known = [str(w) for w in (rules.get("known_words") or [])]
    return _State(known, protected)


def fix_typos(text: str, ctx: Context) -> list[Fix]:
    """Propose corrections for the misspellings in ``text`` (see the module docstring).

    >>> state = setup_typos(Context(options=OPTIONS))
    >>> ctx = Context(options=OPTIONS, state=state)
    >>> [f.reason for f in fix_typos("the goverment said", ctx)]
    ["typo: goverment -> government (edit 1, context 'the _' '_ said', p=1.00)"]
    >>> fix_typos("Pashinyan met Aliyev in Jermuk.", ctx)
    []
    """
    state: _State = ctx.state if ctx.state is not None else setup_typos(ctx)
    # The fast path, all in C: the distinct words of the text (lower case or capitalised,
    # three letters or more) minus the vocabulary. Clean text stops here; only the few unknown
    # forms are looked at one by one.
    forms = set(_FORM.findall(text))
    if not forms:
        return []
    # The model (and, on a machine without the disk cache, its candidate index) loads with the
    # first text that has words, not halfway through a run at the first unknown word.
    state.model
    unknown = forms.difference(state.vocabulary)
    spots: list[tuple[int, int]] = []
    if ctx.options.get("fix_short", OPTIONS["fix_short"]):
        short = Counter(_SHORT_FORM.findall(text))
        # a short token written twice is an abbreviation, a symbol or a name
        rare = [form for form in short.keys() - state.vocabulary
                if short[form] == 1 and form not in state.protected]
        starts = _first_short(text, rare) if rare else {}
        for form in rare:
            s = starts[form]
            if not _plain_edges(text, s, s + len(form)):
                continue
            spots.append((s, _M_SHORT))
    real = ctx.options.get("fix_real_words", OPTIONS["fix_real_words"])
    confusable = list(forms.intersection(state.confusable_words)) if real else []
    if not unknown and not spots and not confusable:
        return []
    verdicts = state.verdicts
    asked: list[str] = []  # the unknown forms worth a look, and their verdicts
    kinds: list[int] = []
    for form in unknown:
        verdict = verdicts.get(form)
        if verdict is None:
            verdict = state.verdict(form)
        if verdict:
            asked.append(form)
            kinds.append(verdict)
    # Each word is looked up in the text at most three times (where, again, in the other
    # case): a scan per word for a few words, else one pass for all of them.
    if len(asked) + len(confusable) <= _SCAN_LIMIT:
        where = _Where(text, None)
    else:
        others = [other for other in (form.capitalize() if verdict == _LOWER else form.lower()
                                      for form, verdict in zip(asked, kinds))
                  if other in forms]  # (only then looked up, below)
        where = _Where(text, chain(asked, confusable, others))
    if confusable:
        bigrams = None
        for form in confusable:
            s = where.at(form)
            e = s + len(form)
            if s < 0 or not _plain_edges(text, s, e):
                continue
            if bigrams is None:
                bigrams = state.model.bigrams
            # most uses fit a neighbour; and a real word written twice (or also capitalised)
            # is meant
            lw, rw = _word_before(text, s), _word_after(text, e)
            if (not lw or not rw or (lw.lower(), form) in bigrams or (form, rw.lower()) in bigrams
                    or form.capitalize() in forms or where.twice(form, s)):
                continue
            spots.append((s, _M_REAL))
    model = state.model
    for form, verdict in zip(asked, kinds):
        n = len(form)
        s = where.at(form)
        if s < 0:
            continue  # only inside other words
        if verdict == _CAP:
            # most capitalised unknown words are names no neighbour could predict a word for
            near = model.near_partner(form.lower())
            if _plain_edges(text, s, s + n) and not _predicted(text, s, s + n, near, model):
                continue
        # a word that occurs twice in the document (in lower case or capitalised) is not a typo
        if where.twice(form, s):
            continue
        other = form.capitalize() if verdict == _LOWER else form.lower()
        if other in forms and where.at(other) >= 0:
            continue
        if not _plain_edges(text, s, s + n):
            if verdict == _LOWER and (text[s - 1:s] == "-" or text[s + n:s + n + 1] == "-"):
                spots.append((s, _M_PART))
            continue
        if verdict == _CAP and not _predicted(text, s, s + n, model.near_partner(form.lower()), model):
            continue
        spots.append((s, _M_WORD))
    if not spots:
        return []
    spots.sort()
    return _fix_spots(text, spots, ctx, state)


def _word_before(text: str, s: int) -> str:
    """The ASCII letters right before the spaces or tabs before ``s`` ('' if none)."""
    k = s
    while k > 0 and text[k - 1] in " \t" and s - k < 40:
        k -= 1
    j = k
    while j > 0 and text[j - 1].isascii() and text[j - 1].isalpha() and k - j < 40:
        j -= 1
    return text[j:k] if j < k < s else ""


def _word_after(text: str, e: int) -> str:
    """The ASCII letters right after the spaces or tabs after ``e`` ('' if none)."""
    m = _NEXT_WORD.match(text, e, e + 80)
    return m.group(1) if m else ""


def _has_sic(text: str) -> bool:
    """Whether ``text`` has a ``[sic]`` or ``(sic)`` (literal tests first: a case-blind
    regex search is slow on long text)."""
    return any(m in text for m in ("ic]", "ic)", "IC]", "IC)")) and _SIC.search(text) is not None


def _predicted(text: str, s: int, e: int, near: tuple[str, ...], model: Model) -> bool:
    """Whether the word right before or after ``text[s:e]`` strongly predicts one of the words
    ``near`` (a quick necessary condition for correcting a capitalised token)."""
    pairs = model.strong_partners()[3]
    lw = _word_before(text, s)
    if lw:
        lw = lw.lower()
        if any((lw, w) in pairs for w in near):
            return True
    m = _NEXT_WORD.match(text, e, e + 40)
    if m is not None:
        rw = m.group(1).lower()
        if any((w, rw) in pairs for w in near):
            return True
    return False


def _plain_edges(text: str, s: int, e: int) -> bool:
    """A quick necessary condition for ``text[s:e]`` to be a plain word: what is before it is
    a space or opening punctuation, and what is after it a space, closing punctuation, or a
    possessive ``'s`` (not a contraction, a hyphen, a URL or an address)."""
    if s > 0:
        c = text[s - 1]
        if not (c.isspace() or c in _OPENERS):
            return False
    if e < len(text):
        c = text[e]
        if c.isspace():
            return True
        if c in "'\u2019" and text[e + 1:e + 2] in ("s", "S"):
            return not _wordish(text[e + 2:e + 3] or " ")
        if c not in _CLOSERS:
            return False
        return not _wordish(text[e + 1:e + 2] or " ")
    return True


def _word_at(text: str, form: str, start: int) -> int:
    """The offset of the first occurrence of ``form`` at or after ``start`` that is a whole
    word (no letter, digit or underscore either side), or -1."""
    n = len(form)
    end = len(text)
    i = text.find(form, start)
    while i >= 0:
        if (i == 0 or not _wordish(text[i - 1])) and (i + n == end or not _wordish(text[i + n])):
            return i
        i = text.find(form, i + 1)
    return -1


def _wordish(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _chunk_bounds(text: str, s: int, e: int) -> tuple[int, int] | None:
    """The whitespace-delimited chunk around ``text[s:e]``, or None when it is too long to be
    a word with punctuation."""
    a, b = s, e
    lo, hi = max(0, s - _CHUNK_LIMIT), min(len(text), e + _CHUNK_LIMIT)
    while a > lo and not text[a - 1].isspace():
        a -= 1
    while b < hi and not text[b].isspace():
        b += 1
    if (a == lo and a > 0 and not text[a - 1].isspace()) or (b == hi and b < len(text) and not text[b].isspace()):
        return None
    return a, b


def _peel(text: str, a: int, b: int, line: int) -> _Token:
    chunk = text[a:b]
    lead = _LEAD.match(chunk)
    x = lead.end() if lead else 0
    trail = _TRAIL.search(chunk, x)
    y = trail.start() if trail else len(chunk)
    core = chunk[x:y]
    plain = bool(_WORD.fullmatch(core))
    if not plain:
        poss = _POSSESSIVE.fullmatch(core)
        if poss:
            y = x + poss.end(1)
            core = poss.group(1)
            plain = True
    return _Token(a + x, a + y, core, chunk[:x], chunk[y:], plain, line)


def _neighbour(text: str, a: int, b: int, step: int) -> _Token | None:
    """The chunk before (``step`` -1) or after (+1) the chunk ``text[a:b]``; its ``line`` is 0
    when only spaces and tabs separate them, else 1."""
    n = len(text)
    k = a if step < 0 else b
    gap = 0
    newline = False
    while (k > 0 if step < 0 else k < n):
        ch = text[k - 1] if step < 0 else text[k]
        if not ch.isspace():
            break
        newline = newline or ch == "\n"
        k += step
        gap += 1
        if gap > _CHUNK_LIMIT:
            return None
    if (k == 0 and step < 0) or (k == n and step > 0):
        return None
    bounds = _chunk_bounds(text, k - 1, k) if step < 0 else _chunk_bounds(text, k, k + 1)
    if bounds is None:
        return None
    return _peel(text, bounds[0], bounds[1], 1 if newline else 0)


def _fix_spots(text: str, spots: list[tuple[int, int]], ctx: Context, state: _State) -> list[Fix]:
    """Decide on each single unknown word (``_M_WORD``), real word that may be a slip
    (``_M_REAL``), unknown token of one or two letters (``_M_SHORT``) or unknown part of a
    hyphenated compound (``_M_PART``) at the offsets ``spots`` (sorted).

    A decision depends only on the text within ``_SPAN`` characters of the word (its
    neighbours, its line) when the document has no ``[sic]``, so it is remembered per such
    window: boilerplate, comments and feeds repeat across pages.
    """
    options = ctx.options
    opts = (float(options.get("min_confidence", OPTIONS["min_confidence"])),
            bool(options.get("fix_capitalised", True)), bool(options.get("fix_spacing", True)))
    sic_spans = [m.span() for m in _SIC_QUOTE.finditer(text)] if _has_sic(text) else []
    lines: dict[tuple[int, int, int, int], bool] = {}
    windows = state.windows
    fixes: list[Fix] = []
    fixers = (_fix_one, _fix_real, _fix_short, _fix_part)
    for s, real in spots:
        fix_one = fixers[real]
        if sic_spans:
            got = fix_one(text, s, opts, state, sic_spans, lines)
        else:
            w0 = max(0, s - _SPAN)
            key = (text[w0:s + _SPAN], s - w0, opts, real)
            got = windows.get(key, windows)
            if got is windows:
                got = fix_one(text, s, opts, state, sic_spans, lines)
                if got is not None:
                    got = (got[0] - s, got[1] - s, got[2], got[3])
                windows[key] = got
                if len(windows) > WINDOW_CACHE:
                    windows.popitem(last=False)
            if got is not None:
                got = (got[0] + s, got[1] + s, got[2], got[3])
        if got is None or (fixes and fixes[-1].end > got[0]):
            continue
        fixes.append(Fix(*got))
    return fixes


def _fix_one(text: str, s: int, opts: tuple[float, bool, bool], state: _State,
             sic_spans: list[tuple[int, int]], lines: dict[tuple[int, int, int, int], bool]):
    """The correction of the unknown word at ``s`` as (start, end, replacement, reason), or None."""
    min_conf, fix_caps, fix_spacing = opts
    model = state.model
    counts = model.counts
    m = _FORM.match(text, s)
    e = m.end() if m else s
    word = text[s:e]
    if not MIN_LENGTH <= len(word) <= MAX_LENGTH:
        return None
    if not (word.islower() or (word[0].isupper() and word[1:].islower())):
        return None  # ALL-CAPS acronyms, camelCase code and brands
    capital = word[0].isupper()
    if capital and not fix_caps:
        return None
    bounds = _chunk_bounds(text, s, e)
    if bounds is None:
        return None
    tok = _peel(text, bounds[0], bounds[1], 0)
    if not tok.plain or tok.start != s or tok.end != e:
        return None  # part of a URL, an address, a handle, code or a hyphenated compound
    lw_low = word.lower()
    prv = _neighbour(text, bounds[0], bounds[1], -1)
    nxt = _neighbour(text, bounds[0], bounds[1], 1)
    if nxt is not None and _SIC.match(text, nxt.start - len(nxt.lead)):
        return None
    if "(" in tok.lead and ")" in tok.trail:
        return None  # "(dpa)", "(doomsday)": an abbreviation or a gloss
    if nxt is not None and nxt.lead.startswith("(") and _GLOSS.match(text, nxt.start - len(nxt.lead)):
        return None  # "pralay (doomsday)": a word glossed in parentheses is not English
    if sic_spans and _in_spans(sic_spans, s):
        return None
    # Neighbours count as context only when nothing but spaces separates them from the token.
    left = prv if (prv is not None and prv.plain and not prv.trail and not tok.lead
                   and prv.line == 0) else None
    right = nxt if (nxt is not None and nxt.plain and not tok.trail and not nxt.lead
                    and nxt.line == 0) else None
    if prv is not None and prv.line == 0 and prv.text.lower() in FOREIGN_FUNCTION_WORDS:
        return None  # "de facto", "au naturel": a phrase of another language
    sentence_start = prv is None or prv.line != 0 or bool(_ENDS_SENTENCE.search(prv.trail))
    # a word alone on its line (a list, a title, a query) has no context to ask for
    alone = (prv is None or prv.line != 0) and (nxt is None or nxt.line != 0)
    key = (word, left.text if left else None, right.text if right else None, sentence_start, fix_spacing,
           alone)
    decisions = state.decisions
    checked = False
    if key in decisions:
        decision = decisions[key]
        decisions.move_to_end(key)
    else:
        if not capital:
            # the candidate search is the costly part: rule the token out first if we can
            if _vetoed(text, s, e, counts, lines):
                return None
            checked = True
        decision = _decide(model, lw_low, left, right, capital, sentence_start, fix_spacing, alone, min_conf)
        decisions[key] = decision
        if len(decisions) > DECISION_CACHE:
            decisions.popitem(last=False)
    if decision is None:
        return None
    best, p, p_error, kind, evidence = decision
    if p < min_conf:
        return None
    if not checked and _vetoed(text, s, e, counts, lines):
        return None
    start, end = tok.start, tok.end
    if kind == "join-left":
        start = left.start  # type: ignore[union-attr]
        replacement = _case_like(best, left.text)  # type: ignore[union-attr]
        shown = f"{left.text} {word}"  # type: ignore[union-attr]
    elif kind == "join-right":
        end = right.end  # type: ignore[union-attr]
        replacement = _case_like(best, word)
        shown = f"{word} {right.text}"  # type: ignore[union-attr]
    else:
        replacement = _case_like(best, word)
        shown = word
    return start, end, replacement, f"typo: {shown} -> {replacement} ({evidence}, p={p:.2f})"


def _fix_real(text: str, s: int, opts: tuple[float, bool, bool], state: _State,
              sic_spans: list[tuple[int, int]], lines: dict[tuple[int, int, int, int], bool]):
    """The correction of a real word at ``s`` that fits neither neighbour where a far
    commoner word one edit away fits both (``the otter day`` -> ``the other day``), as
    (start, end, replacement, reason), or None.

    Conservative by construction: both neighbours must be known words joined to the token by
    spaces only; neither pair with the written word may be in the bigram list, and both
    pairs with the candidate must be common ones (``rw_min_pair``); a single such candidate.
    """
    model = state.model
    counts = model.counts
    found = _between_words(text, s, _FORM, MAX_LENGTH, sic_spans)
    if found is None:
        return None
    word, e, prv, nxt = found
    lw, rw = prv.text.lower(), nxt.text.lower()
    if lw not in counts or rw not in counts or lw in state.protected or word in state.protected:
        return None
    bigrams = model.bigrams
    if (lw, word) in bigrams or (word, rw) in bigrams:
        return None  # the word as written fits a neighbour
    floor = model.params.rw_min_pair
    fits = []
    for c in state.confusables[word]:
        a, b = bigrams.get((lw, c), 0), bigrams.get((c, rw), 0)
        if a >= floor and b >= floor and model.pmi(lw, c) + model.pmi(c, rw) >= model.params.rw_min_gain:
            fits.append((min(a, b), c))
    if len(fits) != 1:
        return None  # none, or an ambiguous choice
    best = fits[0][1]
    if _vetoed(text, s, e, counts, lines):
        return None
    return s, e, best, (f"typo (real word): {word} -> {best} (edit 1, context '{prv.text} _' '_ {nxt.text}' "
                        f"common, '{prv.text} {word}' and '{word} {nxt.text}' unseen)")


def _between_words(text: str, s: int, rx: re.Pattern, max_len: int,
                   sic_spans: list[tuple[int, int]]):
    """The lower-case token at ``s`` (matched by ``rx``, at most ``max_len`` long) with the
    words on either side, as ``(word, end, previous, next)``, when it stands between two
    words joined to it by spaces only (no line break, punctuation or [sic] in between), the
    only place where its neighbours are evidence about it; else None."""
    m = rx.match(text, s)
    e = m.end() if m else s
    word = text[s:e]
    if not word.islower() or len(word) > max_len:
        return None
    bounds = _chunk_bounds(text, s, e)
    if bounds is None:
        return None
    tok = _peel(text, bounds[0], bounds[1], 0)
    if not tok.plain or tok.start != s or tok.end != e or tok.lead or tok.trail:
        return None
    prv = _neighbour(text, bounds[0], bounds[1], -1)
    nxt = _neighbour(text, bounds[0], bounds[1], 1)
    if prv is None or nxt is None or prv.line or nxt.line or not prv.plain or not nxt.plain:
        return None
    if prv.trail or nxt.lead or (nxt.trail and _SIC.match(text, nxt.end)):
        return None
    if sic_spans and _in_spans(sic_spans, s):
        return None
    return word, e, prv, nxt


def _fix_short(text: str, s: int, opts: tuple[float, bool, bool], state: _State,
               sic_spans: list[tuple[int, int]], lines: dict[tuple[int, int, int, int], bool]):
    """The correction of an unknown lower-case token of one or two letters at ``s`` (``ot``,
    ``im``, ``th``) to a common short word that both neighbours predict (``going ot focus``
    -> ``going to focus``), as (start, end, replacement, reason), or None.

    Such tokens are mostly abbreviations, symbols and fragments, so the evidence must be
    strong: both neighbours words joined to the token by spaces only, the pairs with the
    candidate in the bigram list (only the other pair when one neighbour is capitalised and
    its pair is not listed, or unknown), and a posterior of at least ``short_min_p`` against
    every other common short word and against keeping the token.
    """
    model = state.model
    counts = model.counts
    found = _between_words(text, s, _WORD, 2, sic_spans)
    if found is None:
        return None
    word, e, prv, nxt = found
    lw, rw = prv.text.lower(), nxt.text.lower()
    if (lw not in counts and prv.text.islower()) or (rw not in counts and nxt.text.islower()):
        return None  # next to another unknown word, which may itself be corrected
    lw, rw = (lw if lw in counts else None), (rw if rw in counts else None)
    if lw is None and rw is None or lw in FOREIGN_FUNCTION_WORDS:
        return None
    if not (prv.text[1:].islower() and nxt.text[1:].islower()) or _vetoed(text, s, e, counts, lines):
        return None
    found = model.short_choice(word, lw, rw)
    if found is None and lw and rw and (prv.text[0].isupper() or nxt.text[0].isupper()):
        # a capitalised neighbour may be a name, which says nothing about the word: the other
        # one must then predict it on its own
        lw = None if prv.text[0].isupper() else lw
        rw = None if nxt.text[0].isupper() else rw
        found = model.short_choice(word, lw, rw) if lw or rw else None
    if found is None:
        return None
    best, p = found
    if p < max(opts[0], model.params.short_min_p):
        return None
    return s, e, best, (f"typo: {word} -> {best} (short token, context '{prv.text} _' '_ {nxt.text}', "
                        f"p={p:.2f})")


def _fix_part(text: str, s: int, opts: tuple[float, bool, bool], state: _State,
              sic_spans: list[tuple[int, int]], lines: dict[tuple[int, int, int, int], bool]):
    """The correction of an unknown lower-case part of a hyphenated compound at ``s``
    (``first-tiem`` -> ``first-time``, ``38-yeer-old`` -> ``38-year-old``), as (start, end,
    replacement, reason), or None.

    The other parts must be known words or numbers, and the correction is made only with a
    neighbour's support: the parts next to it (or the word before or after the compound)
    count as its neighbours.
    """
    min_conf = opts[0]
    model = state.model
    counts = model.counts
    m = _FORM.match(text, s)
    e = m.end() if m else s
    word = text[s:e]
    if not word.islower() or not 4 <= len(word) <= MAX_LENGTH:
        return None  # "how-tos", "also-rans": short parts are often plurals of fixed phrases
    if word.endswith("s") and word[:-1] in counts:
        return None
    bounds = _chunk_bounds(text, s, e)
    if bounds is None:
        return None
    tok = _peel(text, bounds[0], bounds[1], 0)
    if not _COMPOUND.fullmatch(tok.text) or not tok.start <= s < e <= tok.end:
        return None
    parts = tok.text.split("-")
    at = text.count("-", tok.start, s)
    if parts[at] != word:
        return None
    for i, part in enumerate(parts):
        if i != at and not (_NUMBER.fullmatch(part) or (part.lower() in counts and part[1:].islower())):
            return None  # a compound of unknown parts: a name, a code, another language
    if sic_spans and _in_spans(sic_spans, s):
        return None
    if _vetoed(text, tok.start, tok.end, counts, lines):
        return None

    def part_token(i: int) -> _Token | None:
        return None if _NUMBER.fullmatch(parts[i]) else _Token(0, 0, parts[i], "", "", True, 0)

    if at > 0:
        left = part_token(at - 1)
    else:
        prv = _neighbour(text, bounds[0], bounds[1], -1)
        left = prv if prv is not None and prv.plain and not prv.trail and not tok.lead and not prv.line else None
    if at < len(parts) - 1:
        right = part_token(at + 1)
    else:
        nxt = _neighbour(text, bounds[0], bounds[1], 1)
        right = nxt if nxt is not None and nxt.plain and not nxt.lead and not tok.trail and not nxt.line else None
    if left is None and right is None:
        return None
    decision = _decide(model, word, left, right, False, False, False, False, min_conf)
    if decision is None:
        return None
    best, p, _, kind, evidence = decision
    if p < min_conf or kind != "word" or " " in best or osa_distance(word, best) != 1:
        return None
    # the support must come from the compound itself: "socio-" or "gastro-" before a word is
    # a combining form, not a slip for what would follow the word before the compound
    lp = parts[at - 1].lower() if at > 0 and left is not None else None
    rp = parts[at + 1].lower() if at < len(parts) - 1 and right is not None else None
    if not ((lp and model.pmi(lp, best) > 0) or (rp and model.pmi(best, rp, unknown="a") > 0)):
        return None
    return s, e, best, f"typo: {word} -> {best} (part of '{tok.text}', {evidence}, p={p:.2f})"


def _apostrophe_word(low: str, counts) -> bool:
    """Whether an apostrophe put into ``low`` makes a known word (``dont``, ``mens``)."""
    return any(low[:i] + "'" + low[i:] in counts for i in range(1, len(low)))


def _inflected(low: str, counts) -> bool:
    """Whether ``low`` is a known word of four letters or more plus ``-s``/``-es``."""
    if not low.endswith("s"):
        return False
    if low.endswith("ys") and low[-3:-2] not in "aeiou" and low[:-2] + "ies" in counts:
        return False  # "countrys": the -ies plural misspelt, not an unlisted inflection
    return (len(low) > 4 and low[:-1] in counts) or (low.endswith("es") and len(low) > 5 and low[:-2] in counts)


def _vetoed(text: str, s: int, e: int, counts, lines: dict[tuple[int, int, int, int], bool]) -> bool:
    """The checks that need more of the text than the token and its neighbours: unknown words
    in a cluster (a foreign phrase, code or jargon), and a line that is mostly not English
    (judged on up to ``_LINE_LIMIT`` characters either side of the token)."""
    # (the newlines are looked for within the limit only: a one-line text is not rescanned)
    ls = max(text.rfind("\n", max(0, s - _LINE_LIMIT), s) + 1, s - _LINE_LIMIT)
    le = text.find("\n", e, e + _LINE_LIMIT)
    if le < 0:
        le = min(len(text), e + _LINE_LIMIT)
    before = text[ls:s].split()
    if before and s - ls == _LINE_LIMIT:
        before = before[1:]  # cut off mid-word
    after = text[e:le].split()
    if after and le - e == _LINE_LIMIT:
        after = after[:-1]
    if after and not text[e:e + 1].isspace():
        after = after[1:]  # the token's own trailing punctuation
    if before and not text[s - 1:s].isspace():
        before = before[:-1]
    global _KINDS, _KINDS_OF
    if _KINDS_OF is not counts or len(_KINDS) > 100_000:
        _KINDS, _KINDS_OF = {}, counts
    kinds_seen = _KINDS

    def kind(chunk: str) -> int:
        k = kinds_seen.get(chunk)
        if k is None:
            k = kinds_seen[chunk] = _kind(chunk, counts)
        return k

    near = [kind(c) for c in before[-CLUSTER_WINDOW:] + after[:CLUSTER_WINDOW]]
    if sum(1 for x in near if x >= _UNKNOWN) >= 2:
        return True
    # (keyed by the token too: the words around it leave it out, so two unknown words of one
    # line can get different verdicts, and the first to ask must not decide for the other)
    key = (ls, le, s, e)
    hit = lines.get(key)
    if hit is None:
        kinds = [kind(c) for c in before] + [kind(c) for c in after]
        words = [x for x in kinds if x != _OTHER]
        foreign = sum(1 for x in words if x == _FOREIGN)
        known = sum(1 for x in words if x == _KNOWN)
        unknown = len(words) - foreign - known
        # mostly not English, or English with many words we do not know around the token: a
        # passage of another language, transliterated speech, jargon or a list of names
        hit = lines[key] = len(words) >= 3 and (
            foreign * 4 >= len(words) or known * 2 < len(words)
            or (unknown >= DENSE_UNKNOWN and unknown * 5 >= len(words)))
    return hit


_OTHER, _KNOWN, _UNKNOWN, _FOREIGN = 0, 1, 2, 3
#: The kind of each chunk seen (a chunk's kind depends only on it and the vocabulary), for
#: the vocabulary ``_KINDS_OF``; emptied when full.
_KINDS: dict[str, int] = {}
_KINDS_OF: object = None
_PUNCT = "()[]{}\"'\u201c\u2018\u00ab\u201d\u2019\u00bb*.,;:!?"


def _kind(chunk: str, counts) -> int:
    """A chunk's part in the line checks: a known lower-case word, an unknown lower-case word,
    a word of another language (non-ASCII letters, a foreign article) or anything else."""
    core = chunk.strip(_PUNCT)
    if core[-2:] in ("'s", "\u2019s"):
        core = core[:-2]
    if not core.isascii():
        return _FOREIGN if any(c.isalpha() and ord(c) > 127 for c in core) else _OTHER
    if not core.isalpha():
        return _OTHER
    if len(core) < 5 and core.lower() in FOREIGN_FUNCTION_WORDS:
        return _FOREIGN
    if core[0].isupper():
        return _OTHER
    if not core.islower():
        return _OTHER
    return _KNOWN if core in counts else _UNKNOWN


def state_rare(low: str) -> bool:
    """Whether ``low`` is a rare or specialised word (SCOWL 80/95): the set once the search
    has been asked often, the file's text before.

    >>> state_rare("annum"), state_rare("recieve")
    (True, False)
    """
    global _RARE_ASKED
    _RARE_ASKED += 1
    if _RARE_ASKED > 50:
        return low in lexicon.rare_words()
    return lexicon.is_rare(low)


_RARE_ASKED = 0


def _decide(model: Model, low: str, left: _Token | None, right: _Token | None,
            capital: bool, sentence_start: bool, fix_spacing: bool, alone: bool = False,
            min_conf: float = 0.0):
    """The best reading of the unknown token ``low``: (word, probability, probability against
    keeping the token, kind, evidence), or None when keeping it is best.

    Each candidate's score is log P(word) + context - lam * cost. The context is cheap; the
    error cost (a weighted edit distance in Python) is not, so it is computed only for the
    candidates whose score, bounded with :func:`cost_floor`, could still matter: first
    those that could beat the best score so far, then those needed to pin the probability
    down to the two decimals shown (and to its side of ``min_conf``). The decision and the
    probability shown are the same as with every cost computed.
    """
    p = model.params
    counts = model.counts
    lw = left.text.lower() if left is not None else None
    rw = right.text.lower() if right is not None else None
    lw_known = lw if lw in counts else None
    rw_known = rw if rw in counts else None
    if capital and not sentence_start:
        keep = p.keep_cap
    elif capital:
        keep = math.sqrt(p.keep_cap * p.keep_lower)
    else:
        keep = p.keep_lower
    if len(low) <= 3:
        keep *= p.short_boost
    if state_rare(low):
        keep *= p.rare_boost
    elif model.derivable(low):
        keep *= p.morph_boost
    lam, far, w_ctx = p.lam, p.far_unsupported, p.w_ctx
    # (upper bound of the score, word, distance, score without the cost, far, ctx_l, ctx_r,
    # sound penalty, exact cost or None): costs not known yet wait in pending
    fast = None if capital else model.entries(low, lw_known, rw_known, FUNCTION_SHORT)
    if isinstance(fast, tuple):
        scored, bounds, make = fast
    else:
        # Only a candidate that a neighbour strongly predicts can correct a capitalised
        # token, so the search is over the neighbours' bigram partners.
        if fast is not None:
            found = fast
        else:
            found = model.partners(lw_known, rw_known, low) if capital else model.near(low)
        sound = soundex(low)
        # a longer token is not corrected to a very short word by deleting two letters
        cands = [c for c in found if not (c in FUNCTION_SHORT and len(low) > len(c) + 1)]
        sounds = model.sound
        scored, pending = [], []
        for cand, (ctx_l, ctx_r) in zip(cands, model.contexts(lw_known, rw_known, cands)):
            dist = found[cand]
            base = model.logp(cand) + w_ctx * (ctx_l + ctx_r)
            # Any string has some word within two edits; in running text such a far
            # candidate must be corroborated by a neighbour.
            unsupported = bool((lw_known or rw_known) and ctx_l <= 0 and ctx_r <= 0 and dist > 1)
            penalty = SOUND_PENALTY if sounds(cand) != sound else 0.0
            floor, exact = cost_floor(low, cand, dist)
            entry = (base - lam * (floor + penalty) - (far if unsupported else 0.0), cand, dist, base,
                     unsupported, ctx_l, ctx_r, penalty, exact)
            (pending if exact is None else scored).append(entry)
        pending.sort(key=lambda e: e[0], reverse=True)
        bounds = [e[0] for e in pending]
        make = pending.__getitem__
    options: list[tuple[float, str, str, tuple, bool]] = []  # score, word, kind, evidence, supported
    if fix_spacing and not capital:  # a name is often two short words run together: "Hemet"
        for a, b in model.splits(low):
            ctx_l = model.pmi(lw_known, a)
            ctx_r = model.pmi(b, rw_known, unknown="a")
            pair = model.pmi(a, b)
            s = model.logp(a) + model.logp(b) + p.w_ctx * (pair + ctx_l + ctx_r) - p.lam * SPACE_COST
            options.append((s, f"{a} {b}", "word", ("split", f"run-together, bigram '{a} {b}'"), True))
        if left is not None and lw is not None and (lw + low) in counts and lw not in counts:
            joined = lw + low
            s = model.logp(joined) - p.lam * SPACE_COST
            options.append((s, joined, "join-left", ("split", "split word"), False))
        if right is not None and rw is not None and (low + rw) in counts and rw not in counts:
            joined = low + rw
            s = model.logp(joined) - p.lam * SPACE_COST
            options.append((s, joined, "join-right", ("split", "split word"), False))
    if low.endswith("ys") and len(low) > 4 and low[-3] not in "aeiouy" and low[:-2] + "ies" in counts:
        # "countrys": the -ies plural written as -ys, a common slip that the letter-by-letter
        # error model would price as two edits
        plural = low[:-2] + "ies"
        (ctx_l, ctx_r), = model.contexts(lw_known, rw_known, [plural])
        scored = [e for e in scored if e[1] != plural]
        keep_plural = [i for i in range(len(bounds)) if make(i)[1] != plural]
        if len(keep_plural) < len(bounds):
            entries = [make(i) for i in keep_plural]
            bounds, make = [e[0] for e in entries], entries.__getitem__
        options.append((model.logp(plural) + w_ctx * (ctx_l + ctx_r) - lam * PLURAL_COST, plural, "word",
                        (2, ctx_l, ctx_r), True))
    if not options and not len(bounds) and not scored:
        return None
    bigrams = model.bigrams
    cap_pmi = p.cap_pmi

    def score(entry) -> None:
        _, cand, dist, base, unsupported, ctx_l, ctx_r, penalty, exact = entry
        s = base - lam * ((edit_cost(low, cand) if exact is None else exact) + penalty)
        if unsupported:
            s -= far
        supported = bool(lw_known and (lw_known, cand) in bigrams and ctx_l >= cap_pmi) or bool(
            rw_known and (cand, rw_known) in bigrams and ctx_r >= cap_pmi)
        options.append((s, cand, "word", (dist, ctx_l, ctx_r), supported))

    for entry in scored:
        score(entry)
    keep_score = math.log(keep / model.total)
    np_exp = _np_exp()
    best = max([keep_score] + [o[0] for o in options])
    done = 0
    while done < len(bounds) and bounds[done] >= best:
        score(make(done))
        done += 1
        best = max(best, options[-1][0])
    if best <= keep_score:
        return None  # no candidate beats keeping the token
    top = max(options, key=lambda o: (o[0], o[1]))
    evidence = top[3]
    if evidence[0] == "split":
        evidence = evidence[1]
    else:
        evidence = _evidence(low, top[1], left, right, evidence[1], evidence[2], evidence[0])
    if capital and (not top[4] or (top[2] == "word" and osa_distance(low, top[1]) > 1)):
        return None  # a name is changed only to a strongly predicted word one edit away
    if top[2] == "word" and " " not in top[1] and "no context" in evidence:
        # Without a neighbour's support, a change of two letters, or of a word that a large
        # dictionary lists (a loanword, a rare or technical word), is a guess; so is the
        # expansion of a token without vowels, which is likelier an abbreviation ("kph").
        if not any(c in "aeiouy" for c in low):
            return None
        if not alone and (osa_distance(low, top[1]) > 1 or state_rare(low)):
            return None
    if top[2] == "word" and " " not in top[1] and osa_distance(low, top[1]) > 1 and state_rare(low):
        return None  # a listed word ("prix", "duking") is not two slips away from another
    # the probability, to the precision shown
    m = top[0]
    z = math.exp(keep_score - m) + math.fsum(math.exp(o[0] - m) for o in options)
    if isinstance(bounds, list):
        rest = math.fsum(math.exp(u - m) for u in bounds[done:])
    else:  # a numpy array
        rest = float(np_exp(bounds[done:] - m).sum())
    rest *= 1 + 1e-6  # room for rounding in the sums

    prob = 1.0 / z
    while rest > 0.0:
        low_p = 1.0 / (z + rest)
        if f"{low_p:.2f}" == f"{prob:.2f}" and (low_p >= min_conf) == (prob >= min_conf):
            break  # the candidates not scored cannot change what is shown or decided
        score(make(done))
        z += math.exp(options[-1][0] - m)
        rest -= math.exp(bounds[done] - m)
        done += 1
        prob = 1.0 / z
        if done == len(bounds):
            rest = 0.0
    p_error = 1.0 / (1.0 + math.exp(keep_score - top[0]))
    return top[1], prob, p_error, top[2], evidence


#: Articles and prepositions of French, Spanish, Italian, Portuguese, German and Dutch that
#: are not English words: a token after one is taken to be in that language.
FOREIGN_FUNCTION_WORDS = frozenset(
    "de du des le la les au aux un une el los las del al da di dei della il lo gli do dos das "
    "der die das dem den von zu und het een van".split()
)
#: Lengths of the tokens considered: shorter ones are mostly abbreviations, and the candidate
#: search grows with the square of the length.
MIN_LENGTH, MAX_LENGTH = 3, 20
#: Characters looked at around a token: a chunk longer than this is not a word; the line
#: (for the cluster and foreign-line checks) is read this far either side.
_CHUNK_LIMIT = 64
_LINE_LIMIT = 250
#: Decisions remembered per (token, neighbours), least recently used dropped first.
DECISION_CACHE = 50_000
#: Characters either side of a word that its decision depends on (the window cache's key),
#: and how many windows are remembered.
_SPAN = 300
WINDOW_CACHE = 20_000
#: Verdicts remembered per word form (the cache is emptied when full).
FORM_CACHE = 200_000
#: Tokens each side of a word in which a second unknown word makes it part of a cluster.
CLUSTER_WINDOW = 3
#: Unknown lower-case words (besides the token) near a token that make its line suspect, if
#: they are also a fifth of the lower-case words there.
DENSE_UNKNOWN = 4
#: Error cost of an -ies plural written -ys ("countrys").
PLURAL_COST = 0.5
#: Error cost of a missing or extra space.
SPACE_COST = 0.8
#: Very short words that a longer token is not corrected to by deleting two letters.
FUNCTION_SHORT = frozenset(["the", "and", "for", "was", "are", "but", "not", "you", "his", "her"])


def _np_exp():
    import numpy as np  # loaded by the candidate search already
    return np.exp


def _evidence(low: str, cand: str, left: _Token | None, right: _Token | None, ctx_l: float, ctx_r: float,
              dist: int) -> str:
    parts = [f"edit {dist}"]
    ctx = []
    if left is not None and ctx_l > 0:
        ctx.append(f"'{left.text} _'")
    if right is not None and ctx_r > 0:
        ctx.append(f"'_ {right.text}'")
    parts.append("context " + " ".join(ctx) if ctx else "no context")
    return ", ".join(parts)


@hookimpl
def textclean_register_cleaners():
    return [
        Cleaner(
            "typos",
            fix_typos,
            Stage.WORDS,
            "misspelt words (non-words) -> the likeliest word, names and jargon left alone",
            options=OPTIONS,
            setup=setup_typos,
        )
    ]
