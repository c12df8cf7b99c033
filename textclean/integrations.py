"""textclean inside other tools: one-liners for Hugging Face ``datasets.map`` and pandas.

:class:`BatchCleaner` is a picklable batched map function; :func:`clean_series` cleans a pandas
Series; :func:`iter_texts` cleans an iterable lazily. Non-string values pass through.
"""

from __future__ import annotations
from typing import Any, Iterable, Iterator, Mapping
from textclean.core.pipeline import Pipeline


# --- one-liners for other tools ------------------------------------------------------------

class BatchCleaner:
    """A picklable callable for Hugging Face ``datasets.map(..., batched=True)``.

    It builds its pipeline on first use in each process, so ``num_proc`` workers each load
    plugins and dictionaries once.

    >>> fn = BatchCleaner("text", {"only": ["whitespace"]})
    >>> fn({"text": ["a  b", "c   "], "id": [1, 2]})
    {'text': ['a b', 'c']}

    With ``datasets``: ``ds = ds.map(textclean.BatchCleaner("text"), batched=True)``. Without
    ``batched=True`` ``map`` passes one record, whose text is a string: it is cleaned as one
    text (never read as a list of characters).

    >>> fn({"text": "a  b", "id": 1})
    {'text': 'a b'}
    """

    def __init__(self, text_field: str = "text", config: Mapping[str, Any] | None = None):
        self.text_field = text_field
        self.config = dict(config or {})
        self._pipeline: Pipeline | None = None

    def __getstate__(self) -> dict[str, Any]:
        return {"text_field": self.text_field, "config": self.config, "_pipeline": None}

    @property
    def pipeline(self) -> Pipeline:
        if self._pipeline is None:
            self._pipeline = Pipeline(self.config)
        return self._pipeline

    def __call__(self, batch: Mapping[str, Any]) -> dict[str, Any]:
        clean = self.pipeline.clean
        values = batch[self.text_field]
        if isinstance(values, str):  # (one record: map without batched=True)
            return {self.text_field: clean(values)}
        if values is None:
            return {self.text_field: None}
        return {self.text_field: [clean(t) if isinstance(t, str) else t for t in values]}


def clean_series(series: Any, config: Mapping[str, Any] | None = None) -> Any:
    """Clean a pandas Series of strings (non-strings pass through): ``clean_series(df["text"])``."""
    pipeline = Pipeline(dict(config or {}))
    return series.map(lambda t: pipeline.clean(t) if isinstance(t, str) else t)


def iter_texts(values: Iterable[Any], config: Mapping[str, Any] | None = None) -> Iterator[Any]:
    """Clean any iterable of strings lazily, with one pipeline."""
    pipeline = Pipeline(dict(config or {}))
    for v in values:
        yield pipeline.clean(v) if isinstance(v, str) else v
