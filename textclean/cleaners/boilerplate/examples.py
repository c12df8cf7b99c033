"""The examples a learned model of the ``boilerplate`` cleaner is trained and measured on: what
the cleaner makes of a document, computed by the code that runs in production
(``scripts/train_boilerplate.py``, ``benchmarks/boilerplate_cv.py``). A module of its own
because it uses the cleaner itself, which uses :mod:`.learned`."""

from __future__ import annotations

from bisect import bisect_left

from textclean.cleaners.boilerplate import _judged_lines, fix_boilerplate
from textclean.cleaners.boilerplate.evidence import Line, views


def judged(text: str, ctx) -> tuple[list[Line], list[str], tuple[int, int] | None]:
    """What the cleaner makes of ``text`` with the context ``ctx`` (its state, options and
    language; the examples of training and of the measurements across sources, computed by
    the code that runs in production): the document's non-blank lines as the cleaner judges
    them (with the stop list of ``ctx.language``), the reason each is removed for (``""``
    where it is kept) and the article body the cleaner found among the kept lines, as the
    indices of its first and last line among all the lines (None: none).

    >>> from textclean.cleaners.boilerplate import OPTIONS, setup
    >>> from textclean.core.records import Context
    >>> ctx = Context(options=OPTIONS, state=setup(Context(options=OPTIONS)))
    >>> lines, reasons, body = judged("Leave a Reply\\nThe mayor said on Friday that the bridge will reopen in May.\\n", ctx)
    >>> [r.split(":")[0] for r in reasons], body
    (['comment form (WordPress)', ''], (1, 1))
    """
    st = ctx.state
    p = _judged_lines(text, ctx.language, st)[2]
    records, starts = views(p, st), p.starts()
    reasons = [""] * len(records)
    for fx in fix_boilerplate(text, ctx):
        i = bisect_left(starts, fx.start)
        while i < len(starts) and starts[i] < fx.end:
            reasons[i] = fx.reason
            i += 1
    keep = [i for i, r in enumerate(reasons) if not r]
    span = p.body_span(keep) if keep else None  # (in positions among the kept lines)
    return records, reasons, (keep[span[0]], keep[span[1]]) if span else None
