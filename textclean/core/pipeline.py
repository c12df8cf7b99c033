"""The pipeline: ordered cleaners run over text, with every change recorded.

The host, not pluggy, owns the order: cleaners are sorted by ``(stage, name)`` unless the
config gives an explicit ``order``. Each cleaner proposes :class:`~textclean.Fix` records on
the text it receives; the host checks and applies them and keeps a span map
(:class:`~textclean.core.spans.SpanMap`) from the current text back to the original input, so
every :class:`~textclean.Edit` names the span of the *input* it came from. :func:`replay`
applies a list of edits to the input again.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import deque
from dataclasses import replace
from itertools import islice
from operator import attrgetter
from types import MappingProxyType
from typing import Any, Iterable, Iterator, Mapping, NamedTuple

from textclean import _native
from textclean.core.budget import TimeBudget
from textclean.core.config import Config, ConfigError
from textclean.core.fixes import apply_fixes, changes, check_fixes
from textclean.core.language import Local, language_of
from textclean.core.records import Cleaner, CleanerError, Context, Edit, Fix
from textclean.core.regions import (
    UNMARKED_CODE,
    Region,
    detect_format,
    find_regions,
    overlaps,
    prepare_unmarked,
    unmarked_regions,
)
from textclean.core.spans import SpanMap
from textclean.plugins.manager import plugin_set

#: What a cleaner may raise that the host reports as a :class:`CleanerError` naming it:
#: any exception, ``sys.exit()`` in a plugin, and a panic of the native core that escaped
#: its guard (``PanicException`` is a ``BaseException``; a bug in the core, never a crash
#: of the run).
_FAULTS = (Exception, SystemExit, _native.PanicException)


class Profile(NamedTuple):
    """What the host found out about a document before cleaning it.

    * ``language``: its language (ISO 639-1 code; ``""`` unknown), and ``score``, the
      identifier's probability (1.0 where the language was given, not identified);
    * ``format``: ``"text"``, ``"markdown"``, ``"rst"`` or ``"html"``;
    * ``passed``: why the document passed through untouched, or ``""``: ``"language"`` where
      config ``languages`` does not include its language;
    * ``given``: the language was given (``--lang``, config ``language``, the ``language``
      argument), so every line is taken to be in it: no line is identified on its own;
    * ``blocks``: the runs of lines of the input in another language (``(start, end,
      language)``, see :func:`textclean.core.language.foreign_blocks`); found by
      :meth:`Pipeline.explain` only, for the report.
    """

    language: str
    score: float
    format: str
    passed: str = ""
    given: bool = False
    blocks: tuple = ()


class _Explained(NamedTuple):
    text: str
    edits: list[Edit]


class Explained(_Explained):
    """The cleaned text and the edits that made it, in pipeline order: a pair, so
    ``text, edits = pipeline.explain(...)`` works; ``.profile`` is the document's
    :class:`Profile` (language, format); for an HTML page
    (:func:`textclean.clean_html_and_explain`), ``.dropped`` is the parts of the page its
    markup showed were not content, before the text the edits refer to
    (:class:`textclean.io.html.Dropped`), and ``.metadata`` what the page says of itself
    (title, language, date, author, canonical URL: :func:`textclean.io.html.page_metadata`).

    >>> out = Pipeline({"only": ["whitespace"]}).explain("Ein  kurzer Satz auf Deutsch, bitte.")
    >>> out.text, out.profile.language, out.edits[0].language
    ('Ein kurzer Satz auf Deutsch, bitte.', 'de', 'de')
    """

    profile: Profile
    dropped: tuple
    metadata: dict

    def __new__(cls, text: str, edits: list[Edit], profile: Profile | None = None, dropped: tuple = (),
                metadata: dict | None = None):
        self = super().__new__(cls, text, edits)
        self.profile = profile if profile is not None else Profile("", 0.0, "text")
        self.dropped = tuple(dropped)
        self.metadata = dict(metadata or {})
        return self

    def __reduce__(self):
        return (Explained, (self.text, self.edits, self.profile, self.dropped, self.metadata))


class _Settle:
    """Which text version each cleaner last saw, to run only the cleaners that could still
    change something (see ``Pipeline._run``)."""

    __slots__ = ("version", "seen", "step", "regions", "regions_of", "unmarked", "local", "local_of",
                 "language", "given", "format", "score", "pending", "steps", "hints")

    def __init__(self, n: int, language: str, given: bool = False, format: str = "text"):
        self.version = 0
        self.seen = [-1] * n
        self.step = 0
        self.regions: list[Region] = []
        self.regions_of = -1  # the text version ``regions`` were found in
        self.unmarked: list[Region] | None = None  # its code without markup, once asked
        self.language = language
        self.given = given  # a given language: no line is identified on its own
        self.format = format
        self.hints: Mapping[str, Any] | None = None  # the caller's evidence beside the text
        self.local: Local | None = None
        self.local_of = -1
        self.score = 0.0
        # the input, while its language is still to be identified (see Pipeline._speculate)
        self.pending: str | None = None
        self.steps: list[tuple[Cleaner, Context]] = []

    def lines(self, text: str) -> Local:
        """The languages of the lines of this version of the text, judged on demand."""
        if self.local_of != self.version or self.local is None:
            self.local, self.local_of = Local(text, self.language, judge=not self.given), self.version
        return self.local

    def settled(self) -> bool:
        return all(v == self.version for v in self.seen)


def frozen(value: Any) -> Any:
    """A read-only copy of plain data: mappings become read-only views, lists and sets
    tuples, all the way down. Cleaners share one Context across every document, so a plugin
    that appended to ``ctx.rules["protected_words"]`` would change what every later document,
    and every other cleaner, sees; with frozen data it fails at once and is named.

    >>> f = frozen({"words": ["a"], "nested": {"k": [1]}})
    >>> f["words"], f["nested"]["k"]
    (('a',), (1,))
    >>> f["words"] = []
    Traceback (most recent call last):
    ...
    TypeError: 'mappingproxy' object does not support item assignment
    """
    if isinstance(value, Mapping):
        return MappingProxyType({k: frozen(v) for k, v in value.items()})
    if isinstance(value, (list, tuple, set, frozenset)):
        return tuple(frozen(v) for v in value)
    return value


def _set_up(cleaner: Cleaner, ctx: Context) -> Any:
    """Run a cleaner's ``setup``; a failure (a model file that is missing or not a model, a
    bad option value) becomes one :class:`ConfigError` naming the cleaner, since it comes from
    the configuration and no document could be cleaned as asked."""
    try:
        return cleaner.setup(ctx)  # type: ignore[misc]
    except ConfigError:
        raise
    except OSError as exc:
        where = f" {exc.filename}" if exc.filename else ""
        raise ConfigError(f"cleaner {cleaner.name!r} cannot start: cannot read{where}: "
                          f"{exc.strerror or exc}") from None
    except ValueError as exc:
        raise ConfigError(f"cleaner {cleaner.name!r} cannot start: {exc}") from None
    except (Exception, SystemExit) as exc:
        raise ConfigError(f"cleaner {cleaner.name!r} cannot start: {type(exc).__name__}: {exc}") from None


#: A short text with words known and unknown, run through each cleaner by :meth:`Pipeline.warm`.
_WARM_SAMPLE = "The Prime Miister said on Tuesday that the goverment would recieve the report.\n"


class Pipeline:
    """An ordered, configured set of cleaners, built once and used for many texts.

    Build it from a :class:`~textclean.core.config.Config` or a plain dict of the same keys; the
    pipeline pickles as that plain config and is rebuilt (plugins loaded, dictionaries set up)
    on the other side, so it can be handed to worker processes and Ray actors.

    >>> p = Pipeline({"only": ["whitespace"]})
    >>> p.names
    ['whitespace']
    >>> p.clean("two  spaces   \\n")
    'two spaces\\n'
    >>> import pickle; pickle.loads(pickle.dumps(p)).names
    ['whitespace']
    """

    def __init__(self, config: Config | Mapping[str, Any] | None = None, **settings: Any):
        if isinstance(config, Config):
            base = config
        else:
            base = Config.from_dict(config)
        self.config = base.merged(**settings) if settings else base
        plugins = plugin_set(self.config.autoload, self.config.plugins)
        available = plugins.cleaners()
        self.available = available
        rules = frozen(plugins.rules())
        self.cleaners = select_cleaners(available, self.config)
        self.max_passes = self.config.max_passes
        # Third-party cleaners are checked for idempotence on every document (the built-ins
        # are proven idempotent by the test suite), so a plugin that keeps changing its own
        # output is caught and named instead of silently corrupting a corpus.
        self._verify = {c.name for c in self.cleaners if plugins.info.get(c.plugin) is None
                        or plugins.info[c.plugin].source != "builtin"}
        # Identify documents only where something reads the language (see Cleaner.uses_language).
        self._identify = bool(self.config.languages) or any(
            c.uses_language or c.languages is not None for c in self.cleaners)
        # Where only cleaners that are speculative for their one language read it, clean()
        # asks them before identifying the document, and identifies it only when one
        # proposes a change (see Cleaner.speculative): most documents need none.
        readers = [c for c in self.cleaners if c.uses_language or c.languages is not None]
        assumed = {lang for c in readers for lang in (c.languages or ())}
        self._lazy_language = bool(self._identify and not self.config.languages and len(assumed) == 1
                                   and all(c.speculative and c.languages == assumed for c in readers))
        self._assumed = next(iter(assumed)) if self._lazy_language else ""
        # Whether the last documents identified were in another language than the one assumed:
        # where many are, the cleaners' speculative work on them is wasted, and documents are
        # identified first again (the output is the same either way; only the time differs).
        self._elsewhere: deque[bool] = deque(maxlen=16)
        self._steps: list[tuple[Cleaner, Context]] = []
        self._contexts: dict[tuple[str, str], tuple[list, list[tuple[Cleaner, Context]]]] = {}
        for cleaner in self.cleaners:
            options = frozen(resolve_options(cleaner, self.config.options.get(cleaner.name, {})))
            ctx = Context(options=options, rules=rules)
            if cleaner.setup is not None:
                ctx = Context(options=options, rules=rules, state=_set_up(cleaner, ctx))
            self._steps.append((cleaner, ctx))
        # What cleaners load lazily (the typos model, its index) loads before the first
        # document, so that its time budget is not spent on it; not here, since a pipeline
        # built only to hand its config to worker processes (``--jobs N``) never cleans.
        self._cold = self.config.time_budget is not None
        # Where a cleaner may not edit code without markup, the host looks for it
        # (_competent): its patterns are compiled before the first document, not at the
        # first document with a line of code, halfway through a run.
        self._unprepared = any(c.kinds is not None and UNMARKED_CODE not in c.kinds for c in self.cleaners)

    def warm(self) -> None:
        """Run every built-in cleaner once on a short sample, outside any time budget, so that
        what it loads on first use is loaded; a cleaner that fails here fails again, named, on
        the first document. Third-party cleaners are left alone: this runs in the main
        process, where a plugin that kills its process would end the run before any worker
        could contain it."""
        for cleaner, ctx in self._steps:
            if cleaner.name in self._verify:
                continue
            try:
                cleaner.fix(_WARM_SAMPLE, ctx)
            except _FAULTS:
                pass

    @property
    def names(self) -> list[str]:
        """The cleaners that run, in run order."""
        return [c.name for c in self.cleaners]

    @property
    def steps(self) -> tuple[tuple[Cleaner, Context], ...]:
        """Each cleaner that runs with the :class:`~textclean.Context` it is given (its
        options, the rule data, its set-up state), in run order: to call one cleaner's
        ``fix`` directly, as a benchmark or a test of that cleaner does."""
        return tuple(self._steps)

    def option(self, cleaner: str, name: str, default: Any = None) -> Any:
        """A cleaner's option as this pipeline's config sets it, else ``default``: for the
        stages before cleaning that honour it (HTML extraction keeps a page's captions with
        ``boilerplate.keep_captions``).

        >>> Pipeline({"options": {"boilerplate": {"keep_captions": True}}}).option("boilerplate", "keep_captions")
        True
        """
        return dict(self.config.options.get(cleaner) or {}).get(name, default)

    def __reduce__(self):
        return (Pipeline, (self.config.to_dict(),))

    def __repr__(self) -> str:
        return f"Pipeline({self.names})"

    def budget(self) -> TimeBudget:
        """The time budget over one document, for the stages before its cleaning.

        A context manager: inside it, ``watch.stage("HTML extraction", fn, *args)`` runs
        ``fn(*args)`` and raises :class:`TimeBudgetExceeded` if it takes longer than
        ``time_budget`` (no limit when that is None). It is the alarm the cleaners run under
        (one SIGALRM timer, on the main thread; off it, a helper thread is waited for), and
        each stage has the whole budget, as each cleaner does::

            with pipeline.budget() as watch:
                text = watch.stage("decoding", decode, data).text
        """
        return TimeBudget(self.config.time_budget)

    def explain(self, text: str, *, language: str | None = None, format: str | None = None,
                hints: Mapping[str, Any] | None = None) -> Explained:
        """Clean ``text`` and return it with the edits that were made (and its profile).

        ``language`` gives the document's language instead of identifying it (config
        ``language`` does the same for every document); ``format`` its format (``"markdown"``,
        ``"rst"``, ``"html"``, ``"text"``) instead of judging it from the content; ``hints``
        the evidence the caller has beside the text, which cleaners read as
        :attr:`Context.hints <textclean.Context>` (the text blocks of an HTML page that lie
        outside its main content, for the ``boilerplate`` cleaner).
        """
        return self._run(text, True, language, format, hints=hints)

    def clean(self, text: str, *, language: str | None = None, format: str | None = None,
              hints: Mapping[str, Any] | None = None) -> str:
        """Clean ``text`` (``language``, ``format`` and ``hints`` as for :meth:`explain`)."""
        return self._run(text, False, language, format, lazy=True, hints=hints).text

    def run(self, text: str, *, language: str | None = None, format: str | None = None,
            hints: Mapping[str, Any] | None = None) -> Explained:
        """Clean ``text`` and return it with its :class:`Profile`, without recording edits
        (``edits`` is empty): what :meth:`clean` does, for a caller that wants the language."""
        return self._run(text, False, language, format, hints=hints)

    def clean_many(self, texts: Iterable[str]) -> Iterator[str]:
        """Clean each text in turn, lazily."""
        for text in texts:
            yield self.clean(text)

    def profile(self, text: str, *, language: str | None = None, format: str | None = None,
                identify: bool = True) -> Profile:
        """What the host finds out about ``text`` before cleaning it: its language (given,
        from config ``language``, or identified; ``""`` with ``identify=False`` unless given)
        and its format.

        >>> Pipeline({"only": ["whitespace"]}).profile("# Titel\\n\\nDas ist ein [Link](https://example.org).")
        Profile(language='de', score=..., format='markdown', passed='', given=False, blocks=())
        """
        forced = language or self.config.language
        if forced:
            lang, score = forced, 1.0
        elif identify:
            lang, score = language_of(text)[:2]
        else:
            lang, score = "", 0.0
        fmt = format or detect_format(text)
        allowed = self.config.languages
        passed = "language" if allowed is not None and lang not in allowed else ""
        return Profile(lang, score, fmt, passed, bool(forced))

    def _run(self, text: str, explain: bool, language: str | None = None,
             format: str | None = None, lazy: bool = False, hints: Mapping[str, Any] | None = None) -> Explained:
        if not isinstance(text, str):
            raise TypeError(f"textclean cleans str, not {type(text).__name__}; decode bytes first "
                            "(textclean.decode)")
        if self._cold:
            self._cold = False
            self.warm()
        if self._unprepared:
            self._unprepared = False
            prepare_unmarked()
        lazy = (lazy and self._lazy_language and not explain and not (language or self.config.language)
                and 4 * sum(self._elsewhere) <= len(self._elsewhere))
        profile = self.profile(text, language=language, format=format,
                               identify=(explain or self._identify) and not lazy)
        if self._lazy_language and not lazy and not profile.given:
            self._elsewhere.append(profile.language != self._assumed)
        state = _Settle(len(self._steps), profile.language, profile.given, profile.format)
        state.hints = hints or None
        state.score = profile.score
        if lazy:
            state.pending = text
        if explain and profile.language and not profile.given:
            # every line judged once, for the report; the cleaners' first pass reuses them
            blocks = state.lines(text).blocks()
            profile = profile._replace(blocks=tuple(tuple(b) for b in blocks))
        if profile.passed:
            return Explained(text, [], profile)
        offsets = SpanMap(len(text)) if explain else None
        edits: list[Edit] = []
        state.steps = self._steps_for(profile.language, profile.format, state.hints)
        # Each cleaner is idempotent on its own, but their composition need not be: removing
        # boilerplate lines can change the paragraph layout that line repair judged. So the
        # pipeline runs again over its output until it settles, at most ``max_passes`` times.
        # A cleaner whose input has not changed since it last ran without changing anything
        # cannot change anything now, and is skipped: a later pass reruns only the cleaners
        # that changed the text or ran before a change.
        with TimeBudget(self.config.time_budget) as watch:
            for _ in range(self.max_passes):
                text = self._pass(text, offsets, edits, state, watch)
                if state.settled():
                    break
        if lazy and state.pending is None:
            profile = profile._replace(language=state.language, score=state.score)
        return Explained(text, edits, profile)

    def _steps_for(self, language: str, format: str,
                   hints: Mapping[str, Any] | None = None) -> list[tuple[Cleaner, Context]]:
        """Each step with its Context for a document of ``language`` and ``format``. Contexts
        are frozen, so those of one language and format are made once and shared by every
        such document (``dataclasses.replace`` on six contexts was a visible share of the
        host's time on a short document); they are made again if ``_steps`` has changed.
        A document with ``hints`` has contexts of its own."""
        if hints:
            return [(cleaner, replace(ctx, language=language, format=format, hints=hints))
                    for cleaner, ctx in self._steps]
        key = (language, format)
        found = self._contexts.get(key)
        if found is None or found[0] != self._steps:
            steps = [(cleaner, replace(ctx, language=language, format=format)) for cleaner, ctx in self._steps]
            found = self._contexts[key] = (list(self._steps), steps)
        return found[1]

    def _pass(self, text: str, offsets: SpanMap | None, edits: list[Edit], state: _Settle,
              watch: TimeBudget) -> str:
        for index in range(len(state.steps)):
            cleaner, ctx = state.steps[index]
            state.step += 1
            step = state.step
            if state.seen[index] == state.version:
                continue
            state.seen[index] = state.version
            if state.pending is not None and cleaner.languages is not None:
                fixes = self._speculate(index, cleaner, text, state, watch)
                ctx = state.steps[index][1]  # (of the language identified, if it was)
            elif not self._speaks(cleaner, text, state):
                continue
            else:
                fixes = self._call(cleaner, ctx, text, watch)
            fixes = self._competent(cleaner, text, fixes, state)
            if not fixes:
                continue
            state.version += 1
            # A cleaner that changed the text is settled only once it has seen its own output
            # and changed nothing: idempotence is then the host's guarantee (within
            # max_passes), not only each cleaner's promise. (Fuzzing found a typo fix that
            # enabled another on the next pass.) Third-party cleaners are checked strictly,
            # right here; a built-in that declares itself idempotent (proven by the test
            # suite) is not rerun only to confirm it, which would double its cost.
            checked = cleaner.name in self._verify
            if checked:
                self._verify_idempotent(cleaner, ctx, apply_fixes(text, fixes), watch, state)
            state.seen[index] = state.version if checked or cleaner.idempotent else state.version - 1
            if offsets is not None:
                spans = offsets.apply(fixes)
                lines = state.lines(text)
                edits.extend(
                    Edit(cleaner.name, s, e, text[f.start:f.end], f.replacement, f.reason, (f.start, f.end),
                         step - 1, lines.span(f.start, f.end))
                    for f, (s, e) in zip(fixes, spans)
                )
            text = apply_fixes(text, fixes)
        return text

    def _call(self, cleaner: Cleaner, ctx: Context, text: str, watch: TimeBudget) -> list[Fix]:
        """What ``cleaner`` changes in ``text``, its faults turned into a CleanerError."""
        try:
            out = watch.run(cleaner, text, ctx)
        except CleanerError:
            raise
        except _FAULTS as exc:
            raise CleanerError(cleaner, f"raised {type(exc).__name__}: {exc}") from exc
        return changes(cleaner, text, out, trusted=cleaner.name not in self._verify)

    def _speculate(self, index: int, cleaner: Cleaner, text: str, state: _Settle,
                   watch: TimeBudget) -> list[Fix]:
        """The changes of the speculative ``cleaner`` (step ``index``) while the document's
        language is still unknown: asked as its one language first, the document identified
        only if it proposes some (its input, as the host identifies it before any cleaner
        otherwise), then kept where that is the language, asked again where the language is
        unknown and the cleaner may run, dropped where it is another. So the output is what
        identifying first gives (see Cleaner.speculative)."""
        assumed = next(iter(cleaner.languages or ()))
        fixes = self._call(cleaner, self._steps_for(assumed, state.format, state.hints)[index][1], text, watch)
        if not fixes:
            return []
        self._identified(state)
        self._elsewhere.append(state.language != assumed)
        if state.language == assumed:
            return fixes
        if not self._speaks(cleaner, text, state):
            return []
        return self._call(cleaner, state.steps[index][1], text, watch)

    def _identified(self, state: _Settle) -> None:
        """Identify the language of the pending input; the steps take it from here on."""
        assert state.pending is not None
        state.language, state.score = language_of(state.pending)[:2]
        state.pending = None
        state.local, state.local_of = None, -1
        state.steps = self._steps_for(state.language, state.format, state.hints)

    #: Letters under which a text of unknown language is too short to tell: a cleaner limited to
    #: some languages still runs on it (a title, a word); on a longer text it does not.
    SHORT = 200

    def _speaks(self, cleaner: Cleaner, text: str, state: _Settle) -> bool:
        """Whether ``cleaner`` may run on this document: it declares no languages, or the
        document's language is one of them, or the language is unknown and the text short."""
        if cleaner.languages is None:
            return True
        if state.language:
            return state.language in cleaner.languages
        # (letters counted up to SHORT only, in C: a long text is not walked to the end)
        return len(text) < self.SHORT or len(list(islice(filter(str.isalpha, text), self.SHORT))) < self.SHORT

    def _in_language(self, cleaner: Cleaner, text: str, fixes: list[Fix], state: _Settle) -> list[Fix]:
        """The fixes that fall in lines of a language the cleaner declares (and config
        ``languages`` allows): a paragraph in another language inside a document passes
        through a cleaner limited to the document's language."""
        lines = state.lines(text)
        ok = set(cleaner.languages) if cleaner.languages is not None else None
        allowed = self.config.languages
        kept = []
        for f in fixes:
            lang = lines.span(f.start, f.end)
            if (ok is None or lang in ok) and (allowed is None or lang in allowed):
                kept.append(f)
        return kept

    def _competent(self, cleaner: Cleaner, text: str, fixes: list[Fix], state: _Settle) -> list[Fix]:
        """The fixes within the cleaner's competence: touching no region of a kind it does not
        declare (code, tables and section markup pass through a prose cleaner byte for byte),
        and in lines of a language it declares and config ``languages`` allows. Regions and
        line languages are found once per version of the text."""
        if fixes and cleaner.kinds is not None:
            if state.regions_of != state.version:
                state.regions = find_regions(text, state.format, unmarked=False)
                state.regions_of, state.unmarked = state.version, None
            regions = state.regions
            if UNMARKED_CODE not in cleaner.kinds:
                # (code without markup is looked for only where a cleaner that may not edit
                # it has fixes: boilerplate, which may, has fixes on most pages)
                if state.unmarked is None:
                    state.unmarked = unmarked_regions(text, [r for r in regions if not r.inline])
                if state.unmarked:
                    regions = sorted(regions + state.unmarked)
            fixes = _within_competence(cleaner, fixes, regions, text)
        if fixes and state.language and (cleaner.languages is not None or self.config.languages):
            fixes = self._in_language(cleaner, text, fixes, state)
        return fixes

    def _verify_idempotent(self, cleaner: Cleaner, ctx: Context, output: str, watch: TimeBudget,
                           state: _Settle) -> None:
        try:
            again = check_fixes(cleaner, output, watch.run(cleaner, output, ctx))
        except CleanerError:
            raise
        except _FAULTS as exc:
            raise CleanerError(cleaner, f"raised {type(exc).__name__} on its own output: {exc}") from exc
        # judged where it is applied, as in _pass, on the output's own regions and lines
        again = self._competent(cleaner, output, again, _Settle(0, state.language, state.given, state.format))
        if any(f.replacement != output[f.start:f.end] for f in again):
            raise CleanerError(cleaner, "is not idempotent: it changes its own output again")


def _within_competence(cleaner: Cleaner, fixes: list[Fix], regions: list[Region], text: str) -> list[Fix]:
    """``fixes`` of ``text`` without those that touch a region of a kind ``cleaner`` does not
    declare.

    Region by region, not fix by fix: fixes are sorted and do not overlap
    (:func:`check_fixes`), so their ends are sorted too, and the only fixes that can touch a
    region are those between the first that ends after its start and the first that starts
    at or after its end, found by bisection. A page has a few regions (its URLs) and can
    have thousands of fixes (lines removed): most fixes are never looked at. A fix is
    dropped where it touches a region as :func:`overlaps` judges it, or where it ends at the
    start of a block region without leaving a line start there."""
    outside = [r for r in regions if r.kind not in cleaner.kinds]
    if not outside or not fixes:
        return fixes
    dropped = set()
    for r in outside:
        lo = bisect_right(fixes, r.start, key=_END)
        # A block starts a line: a fix that ends where it starts must leave a line break
        # there (a line joined onto a table's first row changes the table; a line removed
        # whole before it does not).
        k = lo - 1
        while not r.inline and r.start > 0 and k >= 0 and fixes[k].end == r.start:
            if not _leaves_line_start(text, fixes[k]):
                dropped.add(k)
            k -= 1
        for i in range(lo, bisect_left(fixes, r.end, key=_START)):
            f = fixes[i]
            if i not in dropped and overlaps((r,), f.start, f.end) is not None:
                dropped.add(i)
    if not dropped:
        return fixes
    kept: list[Fix] = []
    last = 0
    for i in sorted(dropped):
        kept.extend(fixes[last:i])
        last = i + 1
    kept.extend(fixes[last:])
    return kept


def _leaves_line_start(text: str, fix: Fix) -> bool:
    """Whether what follows ``fix`` still starts a line once it is applied: its replacement
    ends with a line break, or it removes text from the start of a line."""
    if fix.replacement:
        return fix.replacement.endswith(("\n", "\r"))
    return fix.start == 0 or text[fix.start - 1] in "\n\r"


_START = attrgetter("start")
_END = attrgetter("end")


def select_cleaners(available: Mapping[str, Cleaner], config: Config) -> list[Cleaner]:
    """The cleaners ``config`` asks for, in run order; unknown names are a ConfigError."""
    valid = sorted(available)

    def check(names: Iterable[str] | None, key: str) -> None:
        bad = [n for n in (names or ()) if n not in available]
        if bad:
            raise ConfigError(
                f"unknown cleaner(s) in {key}: {', '.join(bad)}; valid names: {', '.join(valid)}"
            )

    for key in ("only", "disable", "enable", "order"):
        check(getattr(config, key), key)
    check(config.options.keys(), "options")
    if config.order is not None:
        if len(set(config.order)) != len(config.order):
            raise ConfigError("order lists a cleaner twice")
        chosen = [available[n] for n in config.order]
        if config.only is not None:
            chosen = [c for c in chosen if c.name in config.only]
    else:
        names = config.only if config.only is not None else [
            n for n, c in available.items() if c.default or n in config.enable
        ]
        chosen = sorted((available[n] for n in set(names)), key=lambda c: (c.stage, c.name))
    return [c for c in chosen if c.name not in config.disable]


def resolve_options(cleaner: Cleaner, settings: Mapping[str, Any]) -> dict[str, Any]:
    """The cleaner's defaults overlaid with ``settings``; unknown names are a ConfigError.

    A setting whose default is a bool, number or string must have that type (an int is
    accepted for a float); list defaults accept any list.
    """
    options = dict(cleaner.options)
    for key, value in settings.items():
        if key not in options:
            valid = ", ".join(sorted(options)) or "none"
            raise ConfigError(f"cleaner {cleaner.name!r} has no option {key!r}; its options: {valid}")
        default = options[key]
        ok = (
            default is None
            or (isinstance(default, bool) and isinstance(value, bool))
            or (not isinstance(default, bool) and isinstance(default, (int, float))
                and isinstance(value, (int, float)) and not isinstance(value, bool))
            or (isinstance(default, str) and isinstance(value, str))
            or (isinstance(default, (list, tuple)) and isinstance(value, (list, tuple)))
            or (isinstance(default, dict) and isinstance(value, dict))
        )
        if not ok:
            raise ConfigError(
                f"option {cleaner.name}.{key} must be {type(default).__name__}, not {value!r}"
            )
        options[key] = value
    return options
