"""Time budgets: one alarm per document that bounds every stage (decoding, HTML extraction,
each cleaner), so a runaway regex or a pathological page fails one document, not a run.
"""

from __future__ import annotations

import signal
import threading
import time
from typing import Any

from textclean.core.records import Cleaner, CleanerError, Context


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


def run_with_budget(cleaner: Cleaner, text: str, ctx: Context, budget: float | None) -> Any:
    """``cleaner.fix(text, ctx)`` on its own, given up on after ``budget`` seconds (a
    :class:`CleanerError`; no limit when None). A document's cleaners share one alarm
    instead (:class:`TimeBudget`), which falls back to this off the main thread."""
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


class TimeBudget:
    """The time budget over one document: one alarm for all its cleaners.

    A context manager, entered once per document (``None`` seconds: no limit)::

        with TimeBudget(seconds) as watch:
            fixes = watch.run(cleaner, text, ctx)  # a CleanerError if it takes longer

    Arming an interval timer around every cleaner call cost four system calls each, a
    noticeable share of cleaning a short document. Instead the alarm is set once per document
    for ``budget`` seconds; when it fires, the handler measures how long the running cleaner
    has had and either raises inside it or sets the alarm again for the rest of its budget
    (or, between cleaners, for a whole one). Off the main thread, where no signal arrives,
    each call falls back to :func:`run_with_budget`.

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

    def __enter__(self) -> "TimeBudget":
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
            return run_with_budget(cleaner, text, ctx, self.budget)
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
