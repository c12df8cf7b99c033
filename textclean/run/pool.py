"""Running work on all cores: worker processes that each build the pipeline once.

:func:`ordered_map` applies a function to a stream of tasks in worker processes and yields the
results in input order, with a bounded number of tasks in flight, so memory stays flat however
long the stream is and the output of ``--jobs N`` is identical to ``--jobs 1``. Each worker
rebuilds the :class:`~textclean.Pipeline` from its plain config once, in the pool initializer.

What can go wrong with processes, and what happens then:

- a worker dies (a plugin calls ``os._exit``, a C extension crashes, the out-of-memory killer):
  the pool is replaced, the tasks that were in flight are run again *one at a time*, so the one
  that kills its worker is found and the others are done normally, and that one is given up on
  (``on_lost`` makes its result); the run goes on;
- an interrupt (Ctrl-C): the workers are killed at once instead of finishing what they hold,
  and a second interrupt while that happens ends the process at once;
- the main process is killed outright (SIGKILL): the forkserver and the workers die with it
  (Linux: ``PR_SET_PDEATHSIG``; each worker also watches the main process itself).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import threading
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Callable, Iterable, Iterator, Mapping

from textclean.core.pipeline import Pipeline

_worker_pipeline: Pipeline | None = None

#: Worker deaths in a row, with no task finished between them, after which a run stops with
#: :class:`WorkersDied`: workers that cannot finish anything (a plugin that kills every process
#: it runs in) would otherwise fail every document, one dead worker at a time.
MAX_DEATHS = 10

#: How long stopping a pool may wait for the pool's own thread to wind up (seconds).
_STOP_WAIT = 5.0


class WorkersDied(RuntimeError):
    """Worker processes kept dying without finishing anything: the run cannot go on."""


def default_jobs() -> int:
    """All the cores this process may use.

    >>> default_jobs() >= 1
    True
    """
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _die_with_parent() -> None:
    """Have Linux SIGKILL this process when its parent dies (``PR_SET_PDEATHSIG``)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL), 0, 0, 0)  # 1: PR_SET_PDEATHSIG
    except Exception:  # no prctl to be had: the main-process watch below still works
        pass


def _watch_main(main_pid: int) -> None:
    """End this worker as soon as the main process is gone. A worker's parent is the
    forkserver, not the main process, so the parent-death signal alone would wait for the
    server; and a worker blocked on its task queue never notices on its own."""
    if os.name != "posix":  # (os.kill(pid, 0) would end the process on Windows)
        return
    try:
        fd: int | None = os.pidfd_open(main_pid)
    except ProcessLookupError:
        os._exit(1)
    except (AttributeError, OSError):  # no pidfd (not Linux, or an old kernel): poll
        fd = None

    def watch() -> None:
        if fd is not None:
            import select

            select.select([fd], [], [])  # readable once the process has exited
        else:
            import time

            while True:
                time.sleep(1.0)
                try:
                    os.kill(main_pid, 0)
                except ProcessLookupError:
                    break
                except OSError:
                    pass
        os._exit(1)

    threading.Thread(target=watch, name="textclean-main-watch", daemon=True).start()


def _init_worker(config: Mapping[str, Any], main_pid: int | None = None) -> None:
    global _worker_pipeline
    # A worker must not die of the user's Ctrl-C before the parent decides what to do.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # ... but it must die with its parent (the forkserver) and with the main process.
    _die_with_parent()
    if main_pid is not None:
        _watch_main(main_pid)
    # The parent built the same pipeline first and has already warned about any plugin that
    # failed to load; a worker repeating it would print each warning once per process.
    import warnings

    from textclean.plugins.manager import PluginWarning

    warnings.simplefilter("ignore", PluginWarning)
    _worker_pipeline = Pipeline(config)


def worker_pipeline() -> Pipeline:
    """The pipeline of the current worker process."""
    assert _worker_pipeline is not None, "not in a textclean worker process"
    return _worker_pipeline


def _context() -> Any:
    context = multiprocessing.get_context("spawn" if os.name != "posix" else "forkserver")
    if os.name == "posix":
        # The server first imports this module, which makes it die with the main process (see
        # the end of this file); then it loads the dictionaries (textclean.run.warm), and every
        # worker is forked from it already holding them.
        context.set_forkserver_preload(["textclean.run.pool", "textclean.run.warm"])
    return context


def prestart(jobs: int) -> None:
    """Start the server that workers are forked from now, so that it loads the dictionaries
    while the caller builds its own pipeline and walks its inputs (for ``jobs > 1``)."""
    if jobs > 1 and os.name == "posix":
        _context()
        from multiprocessing import forkserver

        forkserver.ensure_running()


def _call_many(fn: Callable[..., Any], tasks: list[tuple]) -> list[Any]:
    pipeline = worker_pipeline()
    return [fn(pipeline, *task) for task in tasks]


def _chunks(tasks: Iterable[tuple], size: int, light: Callable[[tuple], bool] | None) -> Iterator[list[tuple]]:
    """Consecutive tasks in groups of up to ``size`` light ones; a heavy task goes alone."""
    group: list[tuple] = []
    for task in tasks:
        if light is not None and not light(task):
            if group:
                yield group
                group = []
            yield [task]
            continue
        group.append(task)
        if len(group) >= size:
            yield group
            group = []
    if group:
        yield group


def _death(pid: int | None, code: int | None) -> str:
    """How a worker process ended, in words.

    >>> _death(41, 1), _death(42, -9), _death(None, None)
    ('pid 41, exit status 1', 'pid 42, killed by SIGKILL', 'a worker process ended')
    """
    if code is None:
        return "a worker process ended"
    if code < 0:
        try:
            how = f"killed by {signal.Signals(-code).name}"
        except ValueError:
            how = f"killed by signal {-code}"
    else:
        how = f"exit status {code}"
    return f"pid {pid}, {how}"


class _Slot:
    """A group of tasks sent to the pool, and its results once they are known."""

    __slots__ = ("group", "future", "results")

    def __init__(self, group: list[tuple], future: Future | None):
        self.group, self.future = group, future
        self.results: list[Any] | None = None


class _Workers:
    """The process pool of one :func:`ordered_map`: replaced when a worker dies, killed at
    once when the map is abandoned (an interrupt, an error, a consumer that stops early)."""

    def __init__(self, jobs: int, config: Mapping[str, Any], max_deaths: int):
        self.jobs, self.config, self.max_deaths = jobs, config, max_deaths
        self.deaths = 0  # in a row, with nothing finished since
        self.pool = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=self.jobs, mp_context=_context(), initializer=_init_worker,
                                   initargs=(self.config, os.getpid()))

    def submit(self, fn: Callable[..., Any], group: list[tuple]) -> Future:
        try:
            return self.pool.submit(_call_many, fn, group)
        except BrokenProcessPool as exc:  # it broke since the last result came back
            future: Future = Future()
            future.set_exception(exc)
            return future

    # -- a worker died ------------------------------------------------------------------

    def recover(self, fn: Callable[..., Any], pending: deque, on_lost: Callable[[tuple, str], Any] | None,
                split: Callable[[tuple], list[tuple] | None] | None) -> None:
        """The pool broke: every group in flight that had not finished is run again, one task
        at a time, in a new pool."""
        self.replace()
        for slot in pending:
            if slot.results is not None:
                continue
            future = slot.future
            if future.done() and not future.cancelled() and not isinstance(future.exception(), BrokenProcessPool):
                continue  # finished before the pool broke: its result (or its error) stands
            future.cancel()
            slot.future = None
            slot.results = [result for task in slot.group for result in self.alone(fn, task, on_lost, split)]

    def alone(self, fn: Callable[..., Any], task: tuple, on_lost: Callable[[tuple, str], Any] | None,
              split: Callable[[tuple], list[tuple] | None] | None) -> list[Any]:
        """Run one task with nothing else in the pool. If its worker dies, the task is given
        up on: split into smaller tasks each run alone, if ``split`` can, else ``on_lost``."""
        try:
            results = self.submit(fn, [task]).result()
        except BrokenProcessPool:
            reason = self.replace()
        else:
            self.deaths = 0
            return results
        parts = split(task) if split is not None else None
        if parts and len(parts) > 1:
            return [result for part in parts for result in self.alone(fn, part, on_lost, None)]
        if on_lost is None:
            raise BrokenProcessPool(f"a worker process died running one task alone ({reason})")
        return [on_lost(task, reason)]

    def replace(self) -> str:
        """Put a new pool in place of a broken one; how the worker that broke it ended."""
        self.deaths += 1
        pool = self.pool
        processes = self._processes(pool, all_children=False)
        thread = getattr(pool, "_executor_manager_thread", None)
        if thread is not None:
            # The pool's thread has seen the death: it stops the other workers and collects
            # every exit status (after which reading them here cannot race with it).
            thread.join(_STOP_WAIT)
        reason = _death(None, None)
        for process in processes:
            code = process.exitcode
            if code is not None and code != -signal.SIGTERM:  # the others were stopped by the pool
                reason = _death(process.pid, code)
                break
        self._kill(pool, processes)
        if self.deaths > self.max_deaths:
            raise WorkersDied(f"worker processes died {self.deaths} times in a row without finishing "
                              f"anything (last: {reason}); stopping") from None
        self.pool = self._start()
        return reason

    # -- the end ------------------------------------------------------------------------

    def close(self) -> None:
        """Every task is done: let the workers go."""
        try:
            self.pool.shutdown(wait=True)
        except BaseException:
            self.abort()
            raise

    def abort(self) -> None:
        """Stop now: queued tasks are cancelled and the workers killed, not waited for (what
        they hold is not wanted). A second interrupt meanwhile ends the process at once."""
        processes = self._processes(self.pool)
        with _second_interrupt_exits(processes, _semaphores(self.pool)):
            self._kill(self.pool, processes, wait=_STOP_WAIT)

    @staticmethod
    def _processes(pool: ProcessPoolExecutor, all_children: bool = True) -> list:
        """The pool's worker processes (with ``all_children``, also one being started as the
        interrupt came, not yet in the pool's table)."""
        found: list = []
        table = getattr(pool, "_processes", None) or {}
        for _ in range(10):
            try:
                found = list(table.values())
                break
            except RuntimeError:  # the pool's thread changed the table meanwhile
                continue
        queue = getattr(pool, "_call_queue", None)
        if all_children and queue is not None:
            for process in multiprocessing.active_children():
                args = getattr(process, "_args", None)
                if args and args[0] is queue and process not in found:
                    found.append(process)
        return found

    @staticmethod
    def _kill(pool: ProcessPoolExecutor, processes: list, wait: float = 0.0) -> None:
        thread = getattr(pool, "_executor_manager_thread", None)
        with contextlib.suppress(Exception):
            pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            with contextlib.suppress(Exception):
                if process.exitcode is None:
                    process.kill()
        if thread is not None and wait:
            thread.join(wait)  # the pool's thread sees the workers gone and winds up
        if thread is not None and thread.is_alive():
            # Never let the interpreter's exit wait for it (it joins every pool's thread).
            from concurrent.futures import process as cf_process

            with contextlib.suppress(Exception):
                cf_process._threads_wakeups.pop(thread, None)  # type: ignore[attr-defined]


def _semaphores(pool: ProcessPoolExecutor) -> list[str]:
    """The names of the named semaphores of the pool's queues."""
    from multiprocessing.synchronize import SemLock

    names = []
    for queue in (getattr(pool, "_call_queue", None), getattr(pool, "_result_queue", None)):
        for value in vars(queue).values() if queue is not None else ():
            name = getattr(getattr(value, "_semlock", None), "name", None) if isinstance(value, SemLock) else None
            if name:
                names.append(name)
    return names


@contextlib.contextmanager
def _second_interrupt_exits(processes: list, semaphores: list[str]) -> Iterator[None]:
    """While the pool is being stopped, an interrupt (a second Ctrl-C) kills the workers and
    ends this process at once, with status 130. Every output is written to a temporary file
    and renamed into place, so what is there is complete; a temporary file left behind is
    removed by the next run into the same folder."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def exit_now(signum: int, frame: Any) -> None:
        for process in processes:
            with contextlib.suppress(Exception):
                os.kill(process.pid, signal.SIGKILL)
        # What the exit would have done for the pool's semaphores (else the resource
        # tracker removes them itself, and warns of "leaked semaphore objects").
        from multiprocessing.synchronize import SemLock

        for name in semaphores:
            with contextlib.suppress(Exception):
                SemLock._cleanup(name)  # type: ignore[attr-defined]
        with contextlib.suppress(OSError):
            os.write(2, b"textclean: interrupted again: stopping at once; outputs written so far are complete\n")
        os._exit(128 + signal.SIGINT)

    try:
        previous = signal.signal(signal.SIGINT, exit_now)
    except (ValueError, OSError):
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous if previous is not None else signal.SIG_DFL)


def ordered_map(
    fn: Callable[..., Any],
    tasks: Iterable[tuple],
    *,
    pipeline: Pipeline,
    jobs: int,
    window: int | None = None,
    chunk: int = 1,
    light: Callable[[tuple], bool] | None = None,
    on_lost: Callable[[tuple, str], Any] | None = None,
    split: Callable[[tuple], list[tuple] | None] | None = None,
    max_deaths: int = MAX_DEATHS,
) -> Iterator[Any]:
    """Yield ``fn(pipeline, *task)`` for each task, in order.

    With ``jobs <= 1`` everything runs in this process with ``pipeline``; otherwise in
    ``jobs`` worker processes, each with its own pipeline rebuilt from ``pipeline.config``.
    Up to ``chunk`` consecutive tasks for which ``light(task)`` is true travel to a worker
    together (one round trip instead of several: small files cost the main process less);
    any other task goes alone. At most ``window`` groups (default ``4 * jobs``) are queued at
    once. ``fn`` must be a module-level function (it is pickled by name).

    A worker that dies (``os._exit`` in a plugin, a crash, the out-of-memory killer) breaks
    the pool: a new pool takes over, and each task that was in flight and unfinished is run
    again *alone*, one after the other, so that a task that merely travelled with the
    culprit is done normally. A task whose worker dies again while it runs alone is given up
    on: ``split(task)``, if given and it returns several smaller tasks, has each of them run
    alone instead (their results are yielded in the task's place, in order; for a batch of
    records, so that only the record at fault is lost); otherwise ``on_lost(task, reason)`` is
    yielded in place of its result (``reason`` says how the worker ended, e.g. ``pid 123,
    exit status 1``; without ``on_lost``, :class:`~concurrent.futures.process.BrokenProcessPool`
    is raised). After ``max_deaths`` deaths in a row with no task finished in between,
    :class:`WorkersDied` is raised. With ``jobs <= 1`` there is no such protection: a task
    that ends the process (``os._exit``) ends the caller's.

    If the caller stops early (an exception, an interrupt, closing the iterator), queued
    tasks are cancelled and the workers are killed rather than waited for; a second interrupt
    (SIGINT) while that happens ends the process at once (status 130). Workers also die when
    the main process does, even by SIGKILL.

    >>> list(_chunks([("a",), ("b",), ("big",), ("c",)], 2, lambda t: t[0] != "big"))
    [[('a',), ('b',)], [('big',)], [('c',)]]
    """
    if jobs <= 1:
        for task in tasks:
            yield fn(pipeline, *task)
        return
    window = window or 4 * jobs
    workers = _Workers(jobs, pipeline.config.to_dict(), max_deaths)
    finished = False
    try:
        pending: deque[_Slot] = deque()
        groups = _chunks(tasks, max(1, chunk), light)
        more = True
        while True:
            while more and len(pending) < window:
                group = next(groups, None)
                if group is None:
                    more = False
                else:
                    pending.append(_Slot(group, workers.submit(fn, group)))
            if not pending:
                break
            slot = pending[0]
            if slot.results is None:
                assert slot.future is not None
                try:
                    slot.results = slot.future.result()
                except BrokenProcessPool:
                    workers.recover(fn, pending, on_lost, split)
                    continue
                workers.deaths = 0
            pending.popleft()
            yield from slot.results
        finished = True
    finally:
        if finished:
            workers.close()
        else:
            workers.abort()


def _in_forkserver() -> bool:
    """Whether this process is a multiprocessing forkserver (which imports this module first,
    see :func:`_context`)."""
    argv = getattr(sys, "orig_argv", None) or []
    return len(argv) >= 2 and argv[-2] == "-c" and argv[-1].startswith("from multiprocessing.forkserver import main")


if _in_forkserver():
    # The server is a child of the main process (the workers are its children, and die with
    # it): it must not outlive the main process either, even while it is still loading.
    _die_with_parent()
