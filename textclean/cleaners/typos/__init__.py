"""The ``typos`` cleaner: correct real misspellings in running English text, precision first.

What it corrects
    *Non-words* only: a lower-case token that is not in the vocabulary (symspellpy's English
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

What it never touches
    Real words used wrongly (``their``/``there``); numbers, URLs, e-mail addresses, hashtags and
    handles, code-like tokens (digits, underscores, dots or inner capitals in the token);
    ALL-CAPS tokens; tokens shorter than 3 or longer than 25 letters; a quotation marked
    ``[sic]`` (or the word before ``[sic]``); a word that occurs more than once in the document
    (a name spelt the same way twice is not a typo); words with non-ASCII letters, a word after
    a foreign article (``de facto``), unknown words in a cluster, and lines that are mostly not
    English; hyphenated compounds and contractions; protected words. Three-letter tokens
    (often abbreviations), rare words (SCOWL size 80) and words made of known parts
    (``re+floated``, ``leader+board``) need much stronger evidence. A capitalised token
    (usually a name) is corrected only when the evidence is overwhelming: a far higher prior
    for "keep", and a candidate that a neighbour strongly predicts (a listed bigram with
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

Every correction's reason names the candidate and the evidence, for instance
``typo: Miister -> Minister (edit 1, context 'Prime _', p=0.99)``.

The first distance-2 searches generate candidates directly; when a run has spent about two
seconds on them, a delete index is built (a few seconds) and used from then on, so a run on
one small file stays quick and a run over a corpus stays fast.

>>> import textclean
>>> textclean.clean("The Prime Miister said they would recieve aid.", only=["typos"])
'The Prime Minister said they would receive aid.'
"""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import Any

from ... import lexicon
from ...hookspecs import hookimpl
from ...records import Cleaner, Context, Fix, Stage
from .model import Model, Params, osa_distance

OPTIONS: dict[str, Any] = {
    "min_confidence": 0.5,
    "protected_words": [],
    "fix_capitalised": True,
    "fix_spacing": True,
}

_CHUNK = re.compile(r"\S+")
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


def _tokens(text: str) -> list[_Token]:
    """Whitespace-separated chunks with their punctuation peeled off.

    ``plain`` says whether the core is an ASCII word (a possessive ``'s`` is left outside).
    """
    out = []
    line = 0
    last = 0
    for m in _CHUNK.finditer(text):
        line += text.count("\n", last, m.start())
        last = m.start()
        chunk = m.group()
        lead = _LEAD.match(chunk)
        a = lead.end() if lead else 0
        trail = _TRAIL.search(chunk, a)
        b = trail.start() if trail else len(chunk)
        core = chunk[a:b]
        plain = bool(_WORD.fullmatch(core))
        if not plain:
            poss = _POSSESSIVE.fullmatch(core)
            if poss:
                b = a + poss.end(1)
                core = poss.group(1)
                plain = True
        out.append(_Token(m.start() + a, m.start() + b, core, chunk[:a], chunk[b:], plain, line))
    return out


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

    @property
    def model(self) -> Model:
        if self._model is None:
            counts = lexicon.vocabulary()
            extra = [w.lower() for w in self._known if w and w.lower() not in counts]
            if extra:
                counts = dict(counts)
                floor = min(lexicon.unigrams().values())
                counts.update((w, floor) for w in extra)
            self._model = Model(counts, Params())
        return self._model


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


def _is_foreign(tok: _Token) -> bool:
    return tok.text.lower() in FOREIGN_FUNCTION_WORDS or any(ord(c) > 127 and c.isalpha() for c in tok.text)


def _line_is_foreign(tokens: list[_Token], counts: dict) -> bool:
    """Whether a line is mostly not English: of its lower-case words, fewer than half are
    known, or a quarter are words of other languages (non-ASCII letters, foreign articles)."""
    words = [t for t in tokens if (t.plain and t.text.islower()) or _is_foreign(t)]
    if len(words) < 3:
        return False
    foreign = sum(1 for t in words if _is_foreign(t))
    known = sum(1 for t in words if t.plain and t.text in counts)
    return foreign * 4 >= len(words) or known * 2 < len(words)


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
    options = ctx.options
    min_conf = float(options.get("min_confidence", OPTIONS["min_confidence"]))
    fix_caps = bool(options.get("fix_capitalised", True))
    fix_spacing = bool(options.get("fix_spacing", True))
    model = state.model
    counts = model.counts
    tokens = _tokens(text)
    if not tokens:
        return []
    seen = Counter(t.text.lower() for t in tokens if t.plain)
    by_line: dict[int, list[_Token]] = {}
    for t in tokens:
        by_line.setdefault(t.line, []).append(t)
    foreign_lines = {ln for ln, ts in by_line.items() if _line_is_foreign(ts, counts)}

    # Typos are sparse; unknown words in a cluster are a foreign phrase, code or jargon.
    unknown = [(t.plain and t.text.lower() not in counts and not t.text[:1].isupper()) or _is_foreign(t)
               for t in tokens]
    sic_spans = [m.span() for m in _SIC_QUOTE.finditer(text)] if "sic" in text.lower() else []
    fixes: list[Fix] = []
    n = len(tokens)
    for i, tok in enumerate(tokens):
        word = tok.text
        if not tok.plain or not MIN_LENGTH <= len(word) <= MAX_LENGTH:
            continue
        low = word.lower()
        if low in counts or low in state.protected or seen[low] > 1:
            continue
        if tok.line in foreign_lines:
            continue
        if not (word.islower() or (word[0].isupper() and word[1:].islower())):
            continue  # ALL-CAPS acronyms, camelCase code and brands
        capital = word[0].isupper()
        if capital and not fix_caps:
            continue
        nxt = tokens[i + 1] if i + 1 < n else None
        if nxt is not None and _SIC.match(text, nxt.start - len(nxt.lead)):
            continue
        window = unknown[max(0, i - CLUSTER_WINDOW):i] + unknown[i + 1:i + 1 + CLUSTER_WINDOW]
        if sum(window) >= 2:
            continue
        if sic_spans and any(a <= tok.start < b for a, b in sic_spans):
            continue
        prv = tokens[i - 1] if i > 0 else None
        # Neighbours count as context only when nothing but spaces separates them from the token.
        left = prv if (prv is not None and prv.plain and not prv.trail and not tok.lead
                       and prv.line == tok.line) else None
        right = nxt if (nxt is not None and nxt.plain and not tok.trail and not nxt.lead
                        and nxt.line == tok.line) else None
        if prv is not None and prv.text.lower() in FOREIGN_FUNCTION_WORDS and prv.line == tok.line:
            continue  # "de facto", "au naturel": a phrase of another language
        sentence_start = prv is None or prv.line != tok.line or bool(_ENDS_SENTENCE.search(prv.trail))
        decision = _decide(model, low, left, right, capital, sentence_start, fix_spacing)
        if decision is None:
            continue
        best, p, p_error, kind, evidence = decision
        if p < min_conf:
            continue
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
        if fixes and fixes[-1].end > start:
            continue
        fixes.append(Fix(start, end, replacement, f"typo: {shown} -> {replacement} ({evidence}, p={p:.2f})"))
    return fixes


def _decide(model: Model, low: str, left: _Token | None, right: _Token | None,
            capital: bool, sentence_start: bool, fix_spacing: bool):
    """The best reading of the unknown token ``low``: (word, probability, probability against
    keeping the token, kind, evidence), or None when keeping it is best."""
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
    if low in lexicon.rare_words():
        keep *= p.rare_boost
    elif model.derivable(low):
        keep *= p.morph_boost
    options: list[tuple[float, str, str, str, bool]] = []  # score, word, kind, evidence, seen-with-neighbour
    if capital:
        # Only a candidate that a neighbour strongly predicts can correct a capitalised token,
        # so the search is over the neighbours' bigram partners.
        found = model.partners(lw_known, rw_known, low)
    else:
        found = model.candidates(low)
    for cand, cost in found.items():
        if cand in FUNCTION_SHORT and len(low) > len(cand) + 1:
            continue
        ctx_l = model.pmi(lw_known, cand)
        ctx_r = model.pmi(cand, rw_known, unknown="a")
        s = model.logp(cand) + p.w_ctx * (ctx_l + ctx_r) - p.lam * cost
        if (lw_known or rw_known) and ctx_l <= 0 and ctx_r <= 0 and osa_distance(low, cand) > 1:
            # Any string has some word within two edits; in running text such a far
            # candidate must be corroborated by a neighbour.
            s -= p.far_unsupported
        supported = bool(lw_known and (lw_known, cand) in model.bigrams and ctx_l >= p.cap_pmi) or bool(
            rw_known and (cand, rw_known) in model.bigrams and ctx_r >= p.cap_pmi)
        ev = _evidence(low, cand, left, right, ctx_l, ctx_r)
        options.append((s, cand, "word", ev, supported))
    if fix_spacing:
        for a, b in model.splits(low):
            ctx_l = model.pmi(lw_known, a)
            ctx_r = model.pmi(b, rw_known, unknown="a")
            pair = model.pmi(a, b)
            s = model.logp(a) + model.logp(b) + p.w_ctx * (pair + ctx_l + ctx_r) - p.lam * SPACE_COST
            options.append((s, f"{a} {b}", "word", f"run-together, bigram '{a} {b}'", True))
        if left is not None and lw is not None and (lw + low) in counts and lw not in counts:
            joined = lw + low
            s = model.logp(joined) - p.lam * SPACE_COST
            options.append((s, joined, "join-left", "split word", False))
        if right is not None and rw is not None and (low + rw) in counts and rw not in counts:
            joined = low + rw
            s = model.logp(joined) - p.lam * SPACE_COST
            options.append((s, joined, "join-right", "split word", False))
    if not options:
        return None
    keep_score = math.log(keep / model.total)
    top = max(options, key=lambda o: (o[0], o[1]))
    m = max(top[0], keep_score)
    z = math.exp(keep_score - m) + sum(math.exp(o[0] - m) for o in options)
    prob = math.exp(top[0] - m) / z
    p_error = 1.0 / (1.0 + math.exp(keep_score - top[0]))
    if top[0] <= keep_score:
        return None
    if capital and not top[4]:
        return None
    return top[1], prob, p_error, top[2], top[3]


#: Articles and prepositions of French, Spanish, Italian, Portuguese, German and Dutch that
#: are not English words: a token after one is taken to be in that language.
FOREIGN_FUNCTION_WORDS = frozenset(
    "de du des le la les au aux un une el los las del al da di dei della il lo gli do dos das "
    "der die das dem den von zu und het een van".split()
)
#: Lengths of the tokens considered: shorter ones are mostly abbreviations, and the candidate
#: search grows with the square of the length.
MIN_LENGTH, MAX_LENGTH = 3, 25
#: Tokens each side of a word in which a second unknown word makes it part of a cluster.
CLUSTER_WINDOW = 3
#: Error cost of a missing or extra space.
SPACE_COST = 0.8
#: Very short words that a longer token is not corrected to by deleting two letters.
FUNCTION_SHORT = frozenset(["the", "and", "for", "was", "are", "but", "not", "you", "his", "her"])


def _evidence(low: str, cand: str, left: _Token | None, right: _Token | None, ctx_l: float, ctx_r: float) -> str:
    from .model import osa_distance

    parts = [f"edit {osa_distance(low, cand)}"]
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
