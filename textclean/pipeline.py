"""The pipeline: ordered cleaners run over text, with every change recorded.

The host, not pluggy, owns the order: cleaners are sorted by ``(stage, name)`` unless the
config gives an explicit ``order``. Each cleaner proposes :class:`~textclean.Fix` records on
the text it receives; the host checks and applies them and keeps an offset map from the
current text back to the original input, so every :class:`~textclean.Edit` names the span of
the *input* it came from. :func:`replay` applies a list of edits to the input again.
"""

from __future__ import annotations

import bisect
import difflib
import signal
import threading
import time
from types import MappingProxyType
from typing import Any, Iterable, Iterator, Mapping, NamedTuple, Sequence

from .config import Config, ConfigError
from .plugins import plugin_set
from .records import Cleaner, Context, Edit, Fix


class CleanerError(Exception):
    """A cleaner failed on a document: raised, returned garbage, or ran over its time budget.

    ``cleaner`` and ``plugin`` name the culprit so a plugin's fault is never blamed on a
    built-in.
    """

    def __init__(self, cleaner: Cleaner, message: str):
        self.cleaner = cleaner.name
        self.plugin = cleaner.plugin
        super().__init__(f"cleaner {cleaner.name!r} (plugin {cleaner.plugin!r}): {message}")


class Explained(NamedTuple):
    """The cleaned text and the edits that made it, in pipeline order."""

    text: str
    edits: list[Edit]


class _OffsetMap:
    """Maps positions in the current text back to the original input.

    The current text is a sequence of segments, each either copied verbatim from the input or
    written by a fix (and then standing for the whole input span that fix replaced).
    """

    __slots__ = ("starts", "segs")

    def __init__(self, length: int):
        # seg = (cur_start, cur_end, orig_start, orig_end, copied)
        self.segs: list[tuple[int, int, int, int, bool]] = [(0, length, 0, length, True)] if length else []
        self.starts = [s[0] for s in self.segs]

    def to_orig(self, pos: int, side: str) -> int:
        if not self.segs:
            return 0
        if side == "start":
            i = bisect.bisect_right(self.starts, pos) - 1
        else:
            i = bisect.bisect_left(self.starts, pos) - 1
        i = min(max(i, 0), len(self.segs) - 1)
        cs, ce, os_, oe, copied = self.segs[i]
        if copied:
            return os_ + min(max(pos - cs, 0), ce - cs)
        return os_ if side == "start" else oe

    def _copy(self, a: int, b: int, shift: int, out: list) -> None:
        """Append the pieces of the old segments covering [a, b), moved by ``shift``."""
        if a >= b:
            return
        i = max(bisect.bisect_right(self.starts, a) - 1, 0)
        while i < len(self.segs) and self.segs[i][0] < b:
            cs, ce, os_, oe, copied = self.segs[i]
            lo, hi = max(a, cs), min(b, ce)
            if hi > lo:
                if copied:
                    out.append((lo + shift, hi + shift, os_ + (lo - cs), os_ + (hi - cs), True))
                else:
                    out.append((lo + shift, hi + shift, os_, oe, False))
            i += 1

    def apply(self, fixes: Sequence[Fix]) -> list[tuple[int, int]]:
        """Rebuild the map for the text after ``fixes``; return each fix's original span."""
        spans = []
        for f in fixes:
            o_start = self.to_orig(f.start, "start")
            o_end = self.to_orig(f.end, "end") if f.end > f.start else o_start
            spans.append((o_start, max(o_start, o_end)))
        new: list[tuple[int, int, int, int, bool]] = []
        shift = 0  # how far text after the cursor moves in the new text
        cursor = 0
        total = self.segs[-1][1] if self.segs else 0
        for f, span in zip(fixes, spans):
            self._copy(cursor, f.start, shift, new)
            if f.replacement:
                n0 = f.start + shift
                new.append((n0, n0 + len(f.replacement), span[0], span[1], False))
            shift += len(f.replacement) - (f.end - f.start)
            cursor = f.end
        self._copy(cursor, total, shift, new)
        self.segs = [s for s in new if s[1] > s[0]]
        self.starts = [s[0] for s in self.segs]
        return spans




def _fixes_from_string(old: str, new: str, reason: str) -> list[Fix]:
    """Fixes that turn ``old`` into ``new``, for cleaners that return plain strings.

    Line-level diff first (cheap on long texts), then each changed block trimmed to the
    characters that differ.
    """
    if old == new:
        return []
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    fixes = []
    offs_a = [0]
    for line in a:
        offs_a.append(offs_a[-1] + len(line))
    offs_b = [0]
    for line in b:
        offs_b.append(offs_b[-1] + len(line))
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        s, e = offs_a[i1], offs_a[i2]
        rep = new[offs_b[j1]:offs_b[j2]]
        before = old[s:e]
        p = 0
        while p < min(len(before), len(rep)) and before[p] == rep[p]:
            p += 1
        q = 0
        while q < min(len(before), len(rep)) - p and before[-1 - q] == rep[-1 - q]:
            q += 1
        fixes.append(Fix(s + p, e - q, rep[p:len(rep) - q], reason))
    return fixes


def _check_fixes(cleaner: Cleaner, text: str, fixes: Any) -> list[Fix]:
    if isinstance(fixes, str):
        return _fixes_from_string(text, fixes, cleaner.description or cleaner.name)
    if fixes is None:
        return []
    try:
        fixes = list(fixes)
    except TypeError:
        raise CleanerError(cleaner, f"returned {type(fixes).__name__}, not a list of Fix or a str") from None
    last_end = 0
    for f in fixes:
        if not isinstance(f, Fix):
            raise CleanerError(cleaner, f"returned {f!r}, not a textclean.Fix")
        if not (isinstance(f.replacement, str) and isinstance(f.reason, str)):
            raise CleanerError(cleaner, f"returned a Fix whose replacement or reason is not a str: {f!r}")
        if not (last_end <= f.start <= f.end <= len(text)):
            raise CleanerError(cleaner, f"returned overlapping, unsorted or out-of-range fixes near {f!r}")
        last_end = f.end
    return fixes


def apply_fixes(text: str, fixes: Sequence[Fix]) -> str:
    """Apply sorted, non-overlapping fixes to ``text``.

    >>> apply_fixes("Prime Miister", [Fix(6, 13, "Minister", "typo")])
    'Prime Minister'
    """
    if not fixes:
        return text
    parts = []
    pos = 0
    for f in fixes:
        parts.append(text[pos:f.start])
        parts.append(f.replacement)
        pos = f.end
    parts.append(text[pos:])
    return "".join(parts)


def replay(text: str, edits: Iterable[Edit]) -> str:
    """Apply a list of edits (as :func:`textclean.clean_and_explain` returns them) to the
    input they were made on, reproducing the cleaned text.

    >>> from textclean import clean_and_explain
    >>> src = "Prime  Minister\\n\\n\\n\\nsaid so.   \\n"
    >>> out, edits = clean_and_explain(src, only=["whitespace"])
    >>> replay(src, edits) == out
    True
    """
    current, batch, step = text, [], None
    for e in edits:
        if step is not None and (e.step, e.cleaner) != step:
            current = apply_fixes(current, batch)
            batch = []
        step = (e.step, e.cleaner)
        batch.append(Fix(e.at[0], e.at[1], e.after, e.reason))
    return apply_fixes(current, batch)


class _BudgetExceeded(BaseException):
    """Raised by the alarm inside a runaway cleaner; a BaseException so that a cleaner's own
    ``except Exception`` cannot swallow it."""


class TimeBudgetExceeded(Exception):
    """A stage of a document's processing other than a cleaner (decoding, HTML extraction) ran
    over the time budget; ``stage`` names it. (A cleaner that does is a :class:`CleanerError`.)
    """

    def __init__(self, stage: str, budget: float):
        self.stage = stage
        self.budget = budget
        super().__init__(f"{stage} took longer than the time budget ({budget:g} s)")


def _in_thread(fn: Any, args: tuple, budget: float, name: str) -> tuple[bool, Any]:
    """``(True, fn(*args))``, or ``(False, None)`` if it is still running after ``budget``
    seconds. Off the main thread no signal can reach us: the call runs in a helper thread and
    is given up on, though the thread itself runs until ``fn`` returns."""
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["out"] = fn(*args)
        except BaseException as exc:  # re-raised in the caller's thread
            box["exc"] = exc

    worker = threading.Thread(target=target, daemon=True, name=f"textclean-{name}")
    worker.start()
    worker.join(budget)
    if worker.is_alive():
        return False, None
    if "exc" in box:
        raise box["exc"]
    return True, box["out"]


def _run_with_budget(cleaner: Cleaner, text: str, ctx: Context, budget: float | None) -> Any:
    if budget is None:
        return cleaner.fix(text, ctx)
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        # An interval timer interrupts even a long regex match (the re engine checks for
        # signals), so the worker gets control back and can move on to the next document.
        def on_alarm(signum: int, frame: Any) -> None:
            raise _BudgetExceeded()

        previous = signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, budget)
        try:
            return cleaner.fix(text, ctx)
        except _BudgetExceeded:
            raise CleanerError(cleaner, f"exceeded the time budget of {budget:g}s on this document") from None
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    # Off the main thread no signal can reach us: wait in a helper thread instead.
    done, out = _in_thread(cleaner.fix, (text, ctx), budget, cleaner.name)
    if not done:
        raise CleanerError(cleaner, f"exceeded the time budget of {budget:g}s on this document")
    return out


class _Watch:
    """The time budget over one document: one alarm for all its cleaners.

    Arming an interval timer around every cleaner call cost four system calls each, a
    noticeable share of cleaning a short document. Instead the alarm is set once per document
    for ``budget`` seconds; when it fires, the handler measures how long the running cleaner
    has had and either raises inside it or sets the alarm again for the rest of its budget
    (or, between cleaners, for a whole one). Off the main thread, where no signal arrives,
    each call falls back to :func:`_run_with_budget`.

    The stages before the cleaners (decoding the bytes, extracting the text of an HTML page)
    run under the same watch with :meth:`stage`, each with the whole budget too, so every
    stage of a document is bounded (see :meth:`Pipeline.budget`).
    """

    __slots__ = ("budget", "armed", "running", "started", "previous", "outer")

    def __init__(self, budget: float | None):
        self.budget = budget
        self.armed = False
        self.running = False
        self.started = 0.0
        self.previous: Any = None
        self.outer: tuple[float, float] = (0.0, 0.0)

    def __enter__(self) -> "_Watch":
        if (self.budget is not None and hasattr(signal, "setitimer")
                and threading.current_thread() is threading.main_thread()):
            self.previous = signal.signal(signal.SIGALRM, self._on_alarm)
            self.outer = signal.setitimer(signal.ITIMER_REAL, self.budget)
            self.armed = True
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.armed:
            # A pipeline run inside a cleaner of another (a plugin may do that) hands the
            # outer document's alarm back as it found it.
            signal.setitimer(signal.ITIMER_REAL, *self.outer)
            signal.signal(signal.SIGALRM, self.previous)
            self.armed = False

    def _on_alarm(self, signum: int, frame: Any) -> None:
        assert self.budget is not None
        if not self.running:
            signal.setitimer(signal.ITIMER_REAL, self.budget)
            return
        left = self.budget - (time.monotonic() - self.started)
        if left > 0.001:
            signal.setitimer(signal.ITIMER_REAL, left)
            return
        raise _BudgetExceeded()

    def run(self, cleaner: Cleaner, text: str, ctx: Context) -> Any:
        """``cleaner.fix(text, ctx)``, given up on after the budget (a CleanerError)."""
        if not self.armed:
            return _run_with_budget(cleaner, text, ctx, self.budget)
        try:
            return self._timed(cleaner.fix, (text, ctx))
        except _BudgetExceeded:
            raise CleanerError(cleaner, f"exceeded the time budget of {self.budget:g}s on this document") from None

    def stage(self, stage: str, fn: Any, *args: Any) -> Any:
        """``fn(*args)`` as the stage of the document named ``stage`` ("HTML extraction"), given
        up on after the budget: a :class:`TimeBudgetExceeded` naming the stage."""
        if self.budget is None:
            return fn(*args)
        if not self.armed:
            done, out = _in_thread(fn, args, self.budget, stage.replace(" ", "-"))
            if not done:
                raise TimeBudgetExceeded(stage, self.budget)
            return out
        try:
            return self._timed(fn, args)
        except _BudgetExceeded:
            raise TimeBudgetExceeded(stage, self.budget) from None

    def _timed(self, fn: Any, args: tuple) -> Any:
        self.started = time.monotonic()
        self.running = True
        try:
            return fn(*args)
        finally:  # an alarm landing here, as fn returns, still reaches the caller's except
            self.running = False


class _Settle:
    """Which text version each cleaner last saw, to run only the cleaners that could still
    change something (see ``Pipeline._run``)."""

    __slots__ = ("version", "seen", "step")

    def __init__(self, n: int):
        self.version = 0
        self.seen = [-1] * n
        self.step = 0

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

    Build it from a :class:`~textclean.config.Config` or a plain dict of the same keys; the
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
        self._steps: list[tuple[Cleaner, Context]] = []
        for cleaner in self.cleaners:
            options = frozen(resolve_options(cleaner, self.config.options.get(cleaner.name, {})))
            ctx = Context(options=options, rules=rules)
            if cleaner.setup is not None:
                ctx = Context(options=options, rules=rules, state=_set_up(cleaner, ctx))
            self._steps.append((cleaner, ctx))
        if self.config.time_budget is not None:
            # What cleaners load lazily (the typos model, its index) loads now, so the time
            # budget of the first document is not spent on it.
            self.warm()

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
            except (Exception, SystemExit):
                pass

    @property
    def names(self) -> list[str]:
        """The cleaners that run, in run order."""
        return [c.name for c in self.cleaners]

    def __reduce__(self):
        return (Pipeline, (self.config.to_dict(),))

    def __repr__(self) -> str:
        return f"Pipeline({self.names})"

    def budget(self) -> "_Watch":
        """The time budget over one document, for the stages before its cleaning.

        A context manager: inside it, ``watch.stage("HTML extraction", fn, *args)`` runs
        ``fn(*args)`` and raises :class:`TimeBudgetExceeded` if it takes longer than
        ``time_budget`` (no limit when that is None). It is the alarm the cleaners run under
        (one SIGALRM timer, on the main thread; off it, a helper thread is waited for), and
        each stage has the whole budget, as each cleaner does::

            with pipeline.budget() as watch:
                text = watch.stage("decoding", decode, data).text
        """
        return _Watch(self.config.time_budget)

    def explain(self, text: str) -> Explained:
        """Clean ``text`` and return it with the edits that were made."""
        return self._run(text, explain=True)

    def clean(self, text: str) -> str:
        """Clean ``text``."""
        return self._run(text, explain=False).text

    def clean_many(self, texts: Iterable[str]) -> Iterator[str]:
        """Clean each text in turn, lazily."""
        for text in texts:
            yield self.clean(text)

    def _run(self, text: str, explain: bool) -> Explained:
        if not isinstance(text, str):
            raise TypeError(f"textclean cleans str, not {type(text).__name__}; decode bytes first "
                            "(textclean.decode)")
        offsets = _OffsetMap(len(text)) if explain else None
        edits: list[Edit] = []
        # Each cleaner is idempotent on its own, but their composition need not be: removing
        # boilerplate lines can change the paragraph layout that line repair judged. So the
        # pipeline runs again over its output until it settles, at most ``max_passes`` times.
        # A cleaner whose input has not changed since it last ran without changing anything
        # cannot change anything now, and is skipped: a later pass reruns only the cleaners
        # that changed the text or ran before a change.
        state = _Settle(len(self._steps))
        with _Watch(self.config.time_budget) as watch:
            for _ in range(self.max_passes):
                text = self._pass(text, explain, offsets, edits, state, watch)
                if state.settled():
                    break
        return Explained(text, edits)

    def _pass(self, text: str, explain: bool, offsets: "_OffsetMap | None", edits: list[Edit],
              state: "_Settle", watch: _Watch) -> str:
        for index, (cleaner, ctx) in enumerate(self._steps):
            state.step += 1
            step = state.step
            if state.seen[index] == state.version:
                continue
            state.seen[index] = state.version
            try:
                out = watch.run(cleaner, text, ctx)
            except CleanerError:
                raise
            except (Exception, SystemExit) as exc:  # sys.exit() in a plugin is a fault like any other
                raise CleanerError(cleaner, f"raised {type(exc).__name__}: {exc}") from exc
            fixes = _check_fixes(cleaner, text, out)
            fixes = [f for f in fixes if f.replacement != text[f.start:f.end]]
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
                self._verify_idempotent(cleaner, ctx, apply_fixes(text, fixes), watch)
            state.seen[index] = state.version if checked or cleaner.idempotent else state.version - 1
            if offsets is not None:
                spans = offsets.apply(fixes)
                edits.extend(
                    Edit(cleaner.name, s, e, text[f.start:f.end], f.replacement, f.reason, (f.start, f.end),
                         step - 1)
                    for f, (s, e) in zip(fixes, spans)
                )
            text = apply_fixes(text, fixes)
        return text


    @staticmethod
    def _verify_idempotent(cleaner: Cleaner, ctx: Context, output: str, watch: _Watch) -> None:
        try:
            again = _check_fixes(cleaner, output, watch.run(cleaner, output, ctx))
        except CleanerError:
            raise
        except (Exception, SystemExit) as exc:
            raise CleanerError(cleaner, f"raised {type(exc).__name__} on its own output: {exc}") from exc
        if any(f.replacement != output[f.start:f.end] for f in again):
            raise CleanerError(cleaner, "is not idempotent: it changes its own output again")


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
