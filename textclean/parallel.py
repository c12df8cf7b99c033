"""Running work on all cores: worker processes that each build the pipeline once.

:func:`ordered_map` applies a function to a stream of tasks in worker processes and yields the
results in input order, with a bounded number of tasks in flight, so memory stays flat however
long the stream is and the output of ``--jobs N`` is identical to ``--jobs 1``. Each worker
rebuilds the :class:`~textclean.Pipeline` from its plain config once, in the pool initializer.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Callable, Iterable, Iterator, Mapping

from .pipeline import Pipeline

_worker_pipeline: Pipeline | None = None


def default_jobs() -> int:
    """All the cores this process may use.

    >>> default_jobs() >= 1
    True
    """
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _init_worker(config: Mapping[str, Any]) -> None:
    global _worker_pipeline
    # A worker must not die of the user's Ctrl-C before the parent decides what to do.
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The parent built the same pipeline first and has already warned about any plugin that
    # failed to load; a worker repeating it would print each warning once per process.
    import warnings

    from .plugins import PluginWarning

    warnings.simplefilter("ignore", PluginWarning)
    _worker_pipeline = Pipeline(config)


def worker_pipeline() -> Pipeline:
    """The pipeline of the current worker process."""
    assert _worker_pipeline is not None, "not in a textclean worker process"
    return _worker_pipeline


def _context() -> Any:
    context = multiprocessing.get_context("spawn" if os.name != "posix" else "forkserver")
    if os.name == "posix":
        # The server loads the dictionaries once (textclean._warm) and every worker is
        # forked from it already holding them.
        context.set_forkserver_preload(["textclean._warm"])
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


def ordered_map(
    fn: Callable[..., Any],
    tasks: Iterable[tuple],
    *,
    pipeline: Pipeline,
    jobs: int,
    window: int | None = None,
    chunk: int = 1,
    light: Callable[[tuple], bool] | None = None,
) -> Iterator[Any]:
    """Yield ``fn(pipeline, *task)`` for each task, in order.

    With ``jobs <= 1`` everything runs in this process with ``pipeline``; otherwise in
    ``jobs`` worker processes, each with its own pipeline rebuilt from ``pipeline.config``.
    Up to ``chunk`` consecutive tasks for which ``light(task)`` is true travel to a worker
    together (one round trip instead of several: small files cost the main process less);
    any other task goes alone. At most ``window`` groups (default ``4 * jobs``) are queued at
    once. ``fn`` must be a module-level function (it is pickled by name).

    >>> list(_chunks([("a",), ("b",), ("big",), ("c",)], 2, lambda t: t[0] != "big"))
    [[('a',), ('b',)], [('big',)], [('c',)]]
    """
    if jobs <= 1:
        for task in tasks:
            yield fn(pipeline, *task)
        return
    window = window or 4 * jobs
    context = _context()
    with ProcessPoolExecutor(
        max_workers=jobs, mp_context=context, initializer=_init_worker,
        initargs=(pipeline.config.to_dict(),),
    ) as pool:
        pending: deque = deque()
        try:
            for group in _chunks(tasks, max(1, chunk), light):
                pending.append(pool.submit(_call_many, fn, group))
                if len(pending) >= window:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()
        except BaseException:
            for future in pending:
                future.cancel()
            raise
