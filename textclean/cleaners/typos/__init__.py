"""The ``typos`` cleaner: correct real misspellings in running English text, precision first.

Where it runs
    On English prose only. It declares ``languages=frozenset({"en"})`` and ``kinds=PROSE``, so
    the host does not call it on a document identified as another language, drops its fixes in
    a block of a mixed document identified as another language, and in code blocks, tables and
    section markup (:mod:`textclean.core.regions`). Called with ``ctx.language`` set to another
    language it returns nothing. Where the language is unknown (``""``: a short text, or a
    direct call) it runs, and its own checks below keep it off other languages: a document
    that reads as another language as a whole gets no corrections.

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
    (``grand prix`` stays) nor to its own stem (``quicky``). A token ending in ``-ing`` is
    corrected only to an ``-ing`` word unless a neighbour strongly predicts another
    (``maintaing`` stays). A capitalised token (usually a name) is corrected
    only to a word one edit away that a neighbour strongly predicts (a listed bigram with
    PMI >= 3), so ``Prime Miister`` -> ``Prime Minister`` but ``Klaar`` stays ``Klaar``.

    *Other languages* (:mod:`~textclean.cleaners.typos.usage`, from wordfreq's lists of some
    25 languages written in the Latin alphabet; other scripts are foreign by their letters): a
    common word of another language next to another word of another language (``Willkommen
    bei``, ``ganz neu``), or whose surroundings, across line breaks, read as another language
    (more words of other languages than known English words); a common word of German,
    French, Spanish, Italian, Portuguese or Dutch that current English never uses, in running
    text (``inkl.``); a word next to another unknown word on a line that also has words in
    another script (``спасибо большое ... spasibo bolshoe``).

    *Identifiers and technical tokens*, besides the code-like tokens above: a word inside an
    inline code span (between backticks) or followed by a command-line option (``uname -a``),
    on a line after a shell prompt (``$ sudo make install``) or continued with a backslash, a
    quoted value on a line of JSON (``"Name": "myservice"``), a word set apart from its
    neighbour by a tab or a run of spaces (a table or columns laid out in plain text), an item
    of a comma-separated list of names (``ssh, ftp, passwd, telnet``), and a
    word written elsewhere in the document in any case or as part of an identifier, path or
    version (``MINIX``, ``heapq.py``, ``pypy3``; words of four letters or more).

    *Documentation* (Markdown or reST, or text with the marks of a README or a manual:
    :mod:`textclean.core.kinds`): only a misspelling that codespell's dictionary lists, with
    the fix chosen here as its one fix (``availible`` -> ``available``,
    ``sucessfully`` -> ``successfully``; :mod:`~textclean.cleaners.typos.listed`). A manual
    names ``passwd``, ``systemd``, ``manpages`` and ``docstrings``; in running news text
    they would be slips, there they are the subject.

    *Current English the vocabulary lacks* (wordfreq's English list, web text of today): a
    token used in current English more often than a slip for its best candidate could be,
    given how likely that slip is (``backend``, ``gzip``, ``sudo``, ``autopay``; a common
    misspelling such as ``occured`` is used too, but far less often than ``occurred`` and one
    cheap slip away), unless a neighbour strongly predicts the candidate (``lookin forward``);
    a correction that drops the token's first letter (``gmake``, ``pthread``, ``ulimit``; a
    doubled vowel, ``aand``, is a slip); and a token that begins or ends with consonants no
    English word begins or ends with (``fsync``, ``stty``, ``glibc``, ``icmp``), unless its
    correction is one cheap slip (``hte``, ``lenght``) or strongly predicted.

What it does not do
    It does not correct other languages, nor English inside a block the host identified as
    another language. It does not learn a document's own vocabulary beyond "written twice":
    technical words that current English hardly uses and that look like English
    (``manpage``, ``docstring``, ``kinit``, ``mypy``) can still be taken for slips of common
    words in running text that is not recognised as documentation (a forum post about a
    program); so can an abbreviation of three or four letters that is one likely slip from a
    word (``args``, ``perf``). In documentation it corrects far less: a misspelling codespell
    does not list (``reposiotry``) stays. The foreign-word evidence is by word lists, not
    by a language model: a single foreign word among English words that current English also
    uses (``bei``, ``juste``) is judged by its surroundings; misspellings that happen to be
    common words of another language (``visite``, ``succes``) are still corrected in English
    surroundings.

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
pipeline (can it ever be corrected, in lower case, capitalised?), and decisions are remembered
per word and neighbours and per 300-character window (bounded caches), so boilerplate and
repeated text cost almost nothing. The candidate search looks the token's deletions up in the
native core's index (:class:`~textclean.cleaners.typos.index.CandidateIndex`), which also ranks
the candidates. It computes the weighted edit cost only for the candidates that could change the
decision or the probability shown (:func:`~textclean.cleaners.typos.costs.cost_floor`). The
word lists, the index and the derived tables are pickled in the user cache directory
(:func:`textclean.cleaners.lexicon.cached`) and loaded together when the first unknown word is met.
On a machine without the cache, candidates are generated as edits of edits until a run has
spent 0.3 s on them, and then the index is built (about two seconds) and cached. The checks
that read more than the token and its neighbours (columns, commands, code spans, the
languages of the surroundings, the rest of the document) are asked only of a correction
about to be made. wordfreq's lists are reduced once per machine (about four seconds) to a
table of 64-bit hashes (some 5 MB, loaded in milliseconds).

The modules, in the order a document meets them
    :mod:`~textclean.cleaners.typos.spotting` finds the unknown words (and, with the options,
    short tokens, parts of compounds and real-word slips) and the kind of each spot;
    :mod:`~textclean.cleaners.typos.fixers` holds one fixer per kind, which reads the token and
    its neighbours (:mod:`~textclean.cleaners.typos.text`), asks
    :mod:`~textclean.cleaners.typos.vetoes` (the list above, in code) and
    :mod:`~textclean.cleaners.typos.decision` (the likeliest reading and its probability), which
    scores with :mod:`~textclean.cleaners.typos.model` (statistics and candidates),
    :mod:`~textclean.cleaners.typos.index` (the candidate index) and
    :mod:`~textclean.cleaners.typos.costs` (the error model).
    :mod:`~textclean.cleaners.typos.state` holds the options, the model shared by a process's
    pipelines and each pipeline's caches; :mod:`~textclean.cleaners.typos.usage` what
    wordfreq's lists say about words beyond the vocabulary (current English, other languages)
    and the consonant clusters of English words.

>>> import textclean
>>> textclean.clean("The Prime Miister said they would recieve aid.", only=["typos"])
'The Prime Minister said they would receive aid.'
"""

from __future__ import annotations

from textclean.cleaners.typos import listed, vetoes
from textclean.cleaners.typos.fixers import fix_spots
from textclean.cleaners.typos.spotting import find_spots
from textclean.cleaners.typos.state import OPTIONS, Settings, TyposState
from textclean.core.kinds import text_looks_like_documentation
from textclean.core.records import PROSE, Cleaner, Context, Fix, Stage
from textclean.plugins.hookspecs import hookimpl

__all__ = ["ENGLISH", "OPTIONS", "TyposState", "fix_typos", "setup_typos"]

#: The languages the cleaner is competent for.
ENGLISH = frozenset({"en"})
#: Corrections in a document over which the words written elsewhere are found in one pass.
MANY_FIXES = 8


def setup_typos(ctx: Context) -> TyposState:
    """Collect the protected and known words; the dictionaries load on first use.

    >>> s = setup_typos(Context(options=OPTIONS, rules={"protected_words": ["Klaar"]}))
    >>> "klaar" in s.protected
    True
    """
    rules = ctx.rules or {}
    protected = {str(w).lower() for w in (rules.get("protected_words") or [])}
    protected |= {str(w).lower() for w in (ctx.options.get("protected_words") or [])}
    known = [str(w) for w in (rules.get("known_words") or [])]
    return TyposState(known, protected)


def fix_typos(text: str, ctx: Context) -> list[Fix]:
    """Propose corrections for the misspellings in ``text`` (see the module docstring).

    >>> state = setup_typos(Context(options=OPTIONS))
    >>> ctx = Context(options=OPTIONS, state=state)
    >>> [f.reason for f in fix_typos("the goverment said", ctx)]
    ["typo: goverment -> government (edit 1, context 'the _' '_ said', p=1.00)"]
    >>> fix_typos("Pashinyan met Aliyev in Jermuk.", ctx)
    []
    """
    if ctx.language and ctx.language != "en":
        return []  # English only (the host does not call it on other languages anyway)
    state: TyposState = ctx.state if ctx.state is not None else setup_typos(ctx)
    spots = find_spots(text, state, ctx.options)
    if not spots:
        return []
    fixes = fix_spots(text, spots, Settings.of(ctx.options), state, ctx.language)
    if fixes and text_looks_like_documentation(text, ctx.format):
        # Documentation (a README, a manual: its format says so, or its lines carry the
        # marks of one, as boilerplate judges it too) names tools, files and concepts a
        # dictionary does not know and that are one slip from a word (manpage, passwd,
        # systemd, docstring, javac): there only a misspelling codespell lists, with the same
        # fix, is corrected (listed.py).
        fixes = [c for c in fixes if listed.agrees(text[c.start:c.end], c.replacement)]
    if not fixes:
        return []
    # (a case-blind search of the document, asked only of the words about to be corrected:
    # one search each for a few, one pass over the document for many)
    asked = [c for c in fixes if c.end - c.start >= 4 and " " not in c.replacement
             and not any(ch.isspace() for ch in text[c.start:c.end])]
    if not asked:
        return [Fix(*c) for c in fixes]
    lower = text.lower()
    if len(lower) != len(text):
        names = {(c.start, c.end) for c in asked if vetoes.written_elsewhere(text, text[c.start:c.end], c.start)}
    elif len(asked) <= MANY_FIXES:
        names = {(c.start, c.end) for c in asked
                 if vetoes.written_elsewhere_lower(lower, lower[c.start:c.end], c.start)}
    else:
        again = vetoes.written_elsewhere_many(lower, {lower[c.start:c.end] for c in asked})
        names = {(c.start, c.end) for c in asked if lower[c.start:c.end] in again}
    return [Fix(*c) for c in fixes if (c.start, c.end) not in names]


@hookimpl
def textclean_register_cleaners():
    return [
        Cleaner(
            "typos",
            fix_typos,
            Stage.WORDS,
            "misspelt words (non-words) -> the likeliest word, names and jargon left alone",
            options=OPTIONS,
            kinds=PROSE,  # code, tables and section markup pass through (core/regions.py)
            languages=ENGLISH,  # not run on documents, nor blocks, in other languages
            # (called as English before the document is identified, where nothing else needs
            # its language: with language "" it corrects a subset of what it does in English)
            speculative=True,
            setup=setup_typos,
        )
    ]
