"""The plain records that cleaners and the host exchange.

A cleaner never edits text in place: it *proposes* :class:`Fix` records (a span of the text it
was given, what should stand there, and why). The host applies them, and turns each one into an
:class:`Edit`, the provenance record users see, whose span is mapped back to the original input.

Everything here is a frozen dataclass or a plain constant, so it pickles, compares by value and
can be shipped to a worker process or a Ray actor.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any, Callable, Mapping


class Stage(IntEnum):
    """Named pipeline stages. The host runs cleaners sorted by ``(stage, name)``.

    The numbers leave gaps so a plugin can slot in between two built-in stages
    (``Stage.ENCODING + 10``, a plain int, runs after encoding repair and before line repair).

    >>> Stage.ENCODING < Stage.LINES < Stage.BOILERPLATE < Stage.WORDS < Stage.WHITESPACE
    True
    >>> Stage.WORDS + 5, Stage.name_of(500)
    (605, 'boilerplate')
    """

    DECODE = 100
    MARKUP = 200
    ENCODING = 300
    LINES = 400
    BOILERPLATE = 500
    WORDS = 600
    WHITESPACE = 900

    @classmethod
    def name_of(cls, value: int) -> str:
        """The stage name for ``value``, or ``"<name>+<n>"`` for a value between two stages.

        >>> Stage.name_of(Stage.WORDS + 10)
        'words+10'
        """
        for stage in sorted(cls, reverse=True):
            if value == stage:
                return stage.name.lower()
            if value > stage:
                return f"{stage.name.lower()}+{value - stage}"
        return str(value)


@dataclass(frozen=True, slots=True, init=False)
class Fix:
    """One replacement a cleaner proposes: ``text[start:end]`` becomes ``replacement``.

    Offsets are in the text the cleaner was given. Fixes returned by one cleaner call must not
    overlap; an insertion is a fix with ``start == end``, a deletion one with an empty
    replacement. A frozen dataclass (``dataclasses.replace`` and ``fields`` work on it).

    >>> Fix(0, 3, "the", "typo: teh -> the")
    Fix(start=0, end=3, replacement='the', reason='typo: teh -> the')
    """

    start: int
    end: int
    replacement: str
    reason: str

    def __init__(self, start: int, end: int, replacement: str, reason: str) -> None:
        # (the fields set through their slots: the generated __init__ of a frozen dataclass
        # goes through object.__setattr__ for each, and the cleaners make tens of thousands
        # of fixes a megabyte of page text, where that was most of what a fix cost). The
        # boilerplate judge makes its fixes natively the same way (python.rs: FixMaker): a
        # check added here must be added there too.
        _set_start(self, start)
        _set_end(self, end)
        _set_replacement(self, replacement)
        _set_reason(self, reason)


_set_start, _set_end = Fix.start.__set__, Fix.end.__set__  # type: ignore[attr-defined]
_set_replacement, _set_reason = Fix.replacement.__set__, Fix.reason.__set__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Edit:
    """The provenance of one change: which cleaner changed which span of the input, and why.

    ``start``/``end`` are offsets in the *original input* of the pipeline. Where earlier
    cleaners had already changed that region, the span covers the whole original region the
    changed text came from. ``before`` is the text the cleaner saw there and ``after`` what it
    wrote. ``at`` is the span in the text as that cleaner received it, and ``step`` counts the
    cleaner runs of the pipeline (0, 1, ...; a second pass continues the count), so that a
    list of edits can be replayed exactly (see :func:`textclean.replay`). ``language`` is the
    language of the text where the edit was made: the document's, or that of a block of a
    mixed document in another language (``""`` where unknown).

    >>> e = Edit("typos", 10, 17, "Miister", "Minister", "typo: Miister -> Minister", (10, 17))
    >>> e.to_dict()["reason"]
    'typo: Miister -> Minister'
    """

    cleaner: str
    start: int
    end: int
    before: str
    after: str
    reason: str
    at: tuple[int, int]
    step: int = 0
    language: str = ""

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of the edit (``at`` as a two-element list)."""
        return {
            "cleaner": self.cleaner,
            "start": self.start,
            "end": self.end,
            "before": self.before,
            "after": self.after,
            "reason": self.reason,
            "at": list(self.at),
            "step": self.step,
            "language": self.language,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Edit":
        """The inverse of :meth:`to_dict`.

        >>> e = Edit("x", 0, 1, "a", "b", "why", (0, 1))
        >>> Edit.from_dict(e.to_dict()) == e
        True
        """
        return cls(
            d["cleaner"], d["start"], d["end"], d["before"], d["after"], d["reason"],
            tuple(d["at"]),  # type: ignore[arg-type]
            d.get("step", 0), d.get("language", ""),
        )


@dataclass(frozen=True)
class Context:
    """What a cleaner may read besides the text: its options, rule data, and prepared state.

    * ``options``: the cleaner's option defaults merged with the user's settings.
    * ``rules``: rule data collected once from the rule-data hooks, keyed by hook name without
      the ``textclean_`` prefix (``"boilerplate_templates"``, ``"protected_words"``...).
    * ``state``: whatever the cleaner's ``setup`` returned (a loaded dictionary, a compiled
      pattern set, a fitted model); ``None`` for a cleaner without ``setup``.

    * ``language``: the language of the document being cleaned, an ISO 639-1 code such as
      ``"en"`` or ``"de"`` (fastText's codes: :mod:`textclean.core.language`), or ``""`` where
      it is unknown (a text too short or too mixed to tell). Set by the host per document, or
      forced by the user (``--lang``, config ``language``).
    * ``format``: what the document is written in, as far as its name and content tell:
      ``"text"``, ``"markdown"``, ``"rst"`` or ``"html"`` (text extracted from HTML).
    * ``hints``: evidence about this document that its caller has beside the text (empty
      for most documents). An HTML page's text blocks come with ``"outside_main"``: the
      short blocks that lie outside the page's main content, as the markup shows it, and
      ``"teasers"``: the blocks of runs of link-only teasers inside it
      (:func:`textclean.io.html.html_document`); the ``boilerplate`` cleaner removes those
      its own evidence keeps. A cleaner ignores hints it does not know.

    The host builds one Context per cleaner per :class:`~textclean.Pipeline` and shares it by
    all documents (with ``language`` and ``format`` set per document), so a cleaner must treat
    it as read-only.
    """

    options: Mapping[str, Any] = field(default_factory=dict)
    rules: Mapping[str, Any] = field(default_factory=dict)
    state: Any = None
    language: str = ""
    format: str = "text"
    hints: Mapping[str, Any] = field(default_factory=dict)


FixFunction = Callable[[str, Context], Any]
SetupFunction = Callable[[Context], Any]


@dataclass(frozen=True)
class Cleaner:
    """A cleaner as a plugin registers it (the return value of ``textclean_register_cleaners``).

    * ``name``: unique, lower-case, stable; used in ``only``/``disable``/config and provenance.
    * ``fix``: ``fix(text, ctx) -> list[Fix] | str``; pure, file- and CLI-unaware. Returning a
      string is allowed for simple cleaners: the host then records the difference as edits
      with the cleaner's description as reason.
    * ``stage``: a :class:`Stage` value (plus or minus a few to sit between stages).
    * ``description``: one line, shown by ``textclean cleaners``.
    * ``options``: option names with their defaults; users may set only these.
    * ``setup``: optional ``setup(ctx) -> state``, run once per pipeline (load dictionaries).
    * ``default``: run in the default pipeline; ``False`` for opt-in cleaners that users turn
      on with ``enable``.
    * ``plugin``: filled in by the host with the name of the plugin that registered it.
    * ``idempotent``: the cleaner promises that it never changes its own output, so the host
      need not run it again on that output to settle the pipeline (it still reruns it when a
      later cleaner changes the text). Declare it only with a test that proves it; cleaners
      from other plugins are checked on every document anyway (see :class:`Pipeline`).
    * ``kinds``: the kinds of text the cleaner is competent for, among ``"prose"`` and the
      region kinds of :mod:`textclean.core.regions` (``"code"``, ``"table"``, ``"markup"``,
      ``"unmarked-code"``).
      The host drops its fixes that touch a region of any other kind, so that region passes
      through byte for byte. ``None`` (the default, and today's behaviour for a cleaner that
      declares nothing) is competent for every kind; the built-ins that judge prose declare
      ``PROSE``.
    * ``languages``: the languages (ISO 639-1 codes) the cleaner is competent for. The host
      does not run it on a document identified as another language, and drops its fixes in
      a block of a mixed document identified as another language. ``None`` (the default) is
      competent for every language; ``typos`` declares ``frozenset({"en"})``. A cleaner that
      is language-aware but competent for all (``boilerplate`` with its stop lists) declares
      nothing and reads ``ctx.language``.
    * ``uses_language``: whether the cleaner reads ``ctx.language``. The host identifies a
      document's language only if a cleaner of the pipeline does (or declares ``languages``,
      or config restricts ``languages``, or edits are explained), so a pipeline of
      language-independent cleaners does not pay for it. ``True`` by default: a cleaner that
      declares nothing may read it.
    * ``speculative``: for a cleaner that declares one language, a promise that, called with
      ``ctx.language`` set to that language, proposing no change means it would propose none
      for a document of unknown language either (``""``). Where nothing else in the pipeline
      reads the language, :meth:`~textclean.Pipeline.clean` then calls it with that language
      before identifying the document, and identifies it only when it proposes a change (the
      fixes are kept where that is the language, the cleaner asked again where the language
      is unknown, dropped where it is another): the same output, and most documents of that
      language, which need no change, are never identified. ``typos`` declares it.

    >>> Cleaner("shout", lambda text, ctx: text.upper(), Stage.WORDS, "upper-cases").name
    'shout'
    """

    name: str
    fix: FixFunction
    stage: int
    description: str
    options: Mapping[str, Any] = field(default_factory=dict)
    setup: SetupFunction | None = None
    default: bool = True
    plugin: str = ""
    doc: str = ""
    idempotent: bool = False
    kinds: frozenset[str] | None = None
    languages: frozenset[str] | None = None
    uses_language: bool = True
    speculative: bool = False


#: What a cleaner that understands prose only declares as its ``kinds``.
PROSE = frozenset({"prose"})


class CleanerError(Exception):
    """A cleaner failed on a document: raised, returned garbage, or ran over its time budget.

    ``cleaner`` and ``plugin`` name the culprit so a plugin's fault is never blamed on a
    built-in.
    """

    def __init__(self, cleaner: Cleaner, message: str):
        self.cleaner = cleaner.name
        self.plugin = cleaner.plugin
        super().__init__(f"cleaner {cleaner.name!r} (plugin {cleaner.plugin!r}): {message}")
