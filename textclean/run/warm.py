"""Warm-up for the server that worker processes are forked from.

``--jobs N`` starts its workers from a multiprocessing *forkserver*; that server imports this
module first, which cleans a short text with the default pipeline so that everything the
cleaners load lazily and share per process (dictionaries, the typos model and its index) is in
memory before any worker is forked. Each worker then starts with it instead of loading it
again, and the workers share those pages until they write to them.
"""

from __future__ import annotations

_SAMPLE = (
    "The Prime Miister said on Tuesday that the goverment would recieve the report.\n\n"
    "Leave a Reply\n"
)


def _warm() -> None:
    try:
        from textclean.core.pipeline import Pipeline

        Pipeline({"autoload": False}).clean(_SAMPLE)
    except Exception:  # a warm-up must never stop a run; the workers load what they need
        pass


_warm()
