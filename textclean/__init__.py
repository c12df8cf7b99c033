"""textclean: clean scraped text (mojibake, boilerplate, typos, line breaks), and show every edit.

The public API::

    import textclean
    textclean.clean(text)                         # the default pipeline
    textclean.clean(text, only=["boilerplate"])   # just some cleaners
    out, edits = textclean.clean_and_explain(text)
    pipeline = textclean.Pipeline({"disable": ["typos"]})   # build once, clean many

Plugins add cleaners and rule data through the hooks in :mod:`textclean.plugins.hookspecs`, marked
with :data:`textclean.hookimpl`.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Iterable, Mapping

from textclean.version import __version__

from textclean.core.config import Config, ConfigError
from textclean.core.fixes import apply_fixes, replay
from textclean.core.pipeline import Explained, Pipeline
from textclean.core.records import Cleaner, CleanerError, Context, Edit, Fix, Stage
from textclean.plugins.hookspecs import hookimpl

__all__ = [
    "BatchCleaner", "Cleaner", "CleanerError", "Config", "ConfigError", "Context", "Decoded", "Edit",
    "Explained", "Fix", "NotTextError", "Pipeline", "Stage", "apply_fixes", "clean", "clean_and_explain",
    "clean_html", "clean_html_and_explain", "clean_series", "decode", "hookimpl", "iter_texts", "replay", "__version__",
]

#: Names exported here but imported on first use, so that ``import textclean`` stays light
#: (decoding loads charset-normalizer's tables; the integrations, pandas and pyarrow helpers).
_LAZY = {
    "decode": "textclean.io.decode", "Decoded": "textclean.io.decode", "NotTextError": "textclean.io.decode",
    "BatchCleaner": "textclean.integrations", "clean_series": "textclean.integrations",
    "iter_texts": "textclean.integrations",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'textclean' has no attribute {name!r}")


def _freeze(value: Any) -> Any:
    """A hashable, tagged form of option values, so pipelines can be cached per setting."""
    if isinstance(value, Mapping):
        return ("dict", tuple(sorted((str(k), _freeze(v)) for k, v in value.items())))
    if isinstance(value, (list, tuple)):
        return ("list", tuple(_freeze(v) for v in value))
    return ("value", value)


def _thaw(frozen: Any) -> Any:
    """The inverse of :func:`_freeze`.

    >>> _thaw(_freeze({"a": {}, "b": [1, {"c": ()}]}))
    {'a': {}, 'b': [1, {'c': []}]}
    """
    kind, value = frozen
    if kind == "dict":
        return {k: _thaw(v) for k, v in value}
    if kind == "list":
        return [_thaw(v) for v in value]
    return value


@lru_cache(maxsize=32)
def _pipeline(only: tuple | None, disable: tuple, options: tuple) -> Pipeline:
    return Pipeline(Config(only=only, disable=disable, options=_thaw(options)))


def get_pipeline(
    *,
    only: Iterable[str] | None = None,
    disable: Iterable[str] | None = None,
    options: Mapping[str, Mapping[str, Any]] | None = None,
) -> Pipeline:
    """The (cached) pipeline for these settings, so repeated calls load plugins and
    dictionaries once.

    >>> get_pipeline(only=["whitespace"]) is get_pipeline(only=["whitespace"])
    True

    Names may be given as a string too, one or comma-separated, as a config file writes them:

    >>> get_pipeline(only="whitespace").names, get_pipeline(only="whitespace, markup").names
    (['whitespace'], ['markup', 'whitespace'])
    """
    from textclean.core.config import _names

    return _pipeline(
        _names(only, "only"),
        _names(disable, "disable") or (),
        _freeze(options or {}),
    )


def clean(
    text: str,
    *,
    only: Iterable[str] | None = None,
    disable: Iterable[str] | None = None,
    options: Mapping[str, Mapping[str, Any]] | None = None,
    language: str | None = None,
    format: str | None = None,
) -> str:
    """Clean ``text`` with the default pipeline, or the cleaners named in ``only``, minus
    ``disable``; ``options`` sets per-cleaner options, e.g. ``{"typos": {"min_confidence": 0.9}}``.
    ``language`` (``"de"``) gives the text's language instead of identifying it, ``format``
    (``"markdown"``, ``"rst"``, ``"html"``, ``"text"``) its format instead of judging it.

    >>> clean("Prime  Minister   \\n\\n\\n\\nsaid.", only=["whitespace"])
    'Prime Minister\\n\\nsaid.\\n'
    """
    return get_pipeline(only=only, disable=disable, options=options).clean(text, language=language, format=format)


def clean_and_explain(
    text: str,
    *,
    only: Iterable[str] | None = None,
    disable: Iterable[str] | None = None,
    options: Mapping[str, Mapping[str, Any]] | None = None,
    language: str | None = None,
    format: str | None = None,
) -> Explained:
    """Like :func:`clean`, but also return the edits: ``(text, [Edit, ...])``; the result's
    ``.profile`` holds the language and format the host used.

    >>> out, edits = clean_and_explain("a  b", only=["whitespace"])
    >>> out, [(e.cleaner, e.start, e.end, e.reason) for e in edits]
    ('a b', [('whitespace', 1, 3, 'repeated spaces')])
    """
    return get_pipeline(only=only, disable=disable, options=options).explain(text, language=language,
                                                                              format=format)


def _page_text(page: str | bytes) -> str:
    """An HTML page as text: bytes decoded as the CLI decodes a page (its ``<meta>`` charset)."""
    if isinstance(page, (bytes, bytearray, memoryview)):
        from textclean.io.decode import decode_html

        return decode_html(bytes(page)).text
    return page


def clean_html(
    page: str | bytes,
    *,
    only: Iterable[str] | None = None,
    disable: Iterable[str] | None = None,
    options: Mapping[str, Mapping[str, Any]] | None = None,
    output_format: str = "text",
    links: bool = False,
    url: str | None = None,
) -> str:
    """Clean an HTML page: reduce it to its text blocks, using the markup as evidence of
    boilerplate (:func:`textclean.io.html.html_document`), then clean that text as
    :func:`clean` does, with the markup's evidence beside it (the short blocks outside the
    page's main content, which ``boilerplate`` removes where its own evidence keeps them).
    What the CLI does with an ``.html`` input. Bytes are decoded as the CLI decodes a page
    (:func:`textclean.io.decode.decode_html`: a byte-order mark, valid UTF-8, the charset the
    page declares, else a guess).

    ``output_format="markdown"`` writes the same text as Markdown (headings, lists, quotes,
    tables, code blocks: :mod:`textclean.io.markdown`), with ``links=True`` its links as
    ``[text](target)``, targets made absolute against ``url``, the page's address, where given.

    >>> clean_html("<html><body><nav>Home | News</nav><p>Prime  Minister said.</p></body></html>",
    ...            only=["whitespace"])
    'Prime Minister said.\\n'
    >>> clean_html(b'<meta charset="windows-1252"><p>Caf\\xe9 opens.</p>', only=["whitespace"])
    'Café opens.\\n'
    >>> print(clean_html('<h2>Results</h2><ul><li>Ann <a href="/ann">won</a></li><li>Bob</li></ul>',
    ...                  only=["whitespace"], output_format="markdown", links=True, url="https://example.org/x"))
    ## Results
    <BLANKLINE>
    - Ann [won](https://example.org/ann)
    - Bob
    <BLANKLINE>
    """
    from textclean.io.html import html_document
    from textclean.io.markdown import check_output_format, clean_markdown

    pipeline = get_pipeline(only=only, disable=disable, options=options)
    captions = bool(pipeline.option("boilerplate", "keep_captions"))
    if check_output_format(output_format):
        doc = html_document(_page_text(page), url=url, markdown=True, links=links, captions=captions)
        return clean_markdown(pipeline, doc, links=links)[0]
    doc = html_document(_page_text(page), captions=captions)
    return pipeline.clean(doc.text, format="html", hints=doc.hints)


def clean_html_and_explain(
    page: str | bytes,
    *,
    url: str | None = None,
    only: Iterable[str] | None = None,
    disable: Iterable[str] | None = None,
    options: Mapping[str, Mapping[str, Any]] | None = None,
) -> Explained:
    """Like :func:`clean_html`, but also say what was done: ``(text, [Edit, ...])`` for the
    edits of the text cleaners (offsets in the page's text blocks; a short block outside the
    page's main content is an edit of ``boilerplate``), and ``.dropped``, the parts of the
    page the markup showed were not content, each with the element and why
    (:class:`textclean.io.html.Dropped`), and ``.metadata``, what the page says of itself
    (title, language, date, author, canonical URL, where its markup gives them; ``url``, the
    address the page was fetched from, makes a relative canonical URL absolute).

    >>> out = clean_html_and_explain('<nav>Home | News</nav><p>Prime  Minister said.</p>', only=["whitespace"])
    >>> out.text, [e.reason for e in out.edits], [(d.element, d.reason) for d in out.dropped]
    ('Prime Minister said.\\n', [], [('nav', 'never content: <nav>')])
    """
    from textclean.io.html import html_document

    pipeline = get_pipeline(only=only, disable=disable, options=options)
    doc = html_document(_page_text(page), explain=True, url=url, metadata=True,
                        captions=bool(pipeline.option("boilerplate", "keep_captions")))
    done = pipeline.explain(doc.text, format="html", hints=doc.hints)
    return Explained(done.text, done.edits, done.profile, doc.dropped, doc.metadata)
