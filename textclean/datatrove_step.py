"""textclean as a step of a datatrove pipeline (the ``datatrove`` extra).

:class:`TextcleanStep` cleans each ``Document.text`` with a :class:`~textclean.Pipeline` built
once per task from plain config (so datatrove's executors, local or Slurm, rebuild it in each
worker), records what it did in the document's metadata, and reports through datatrove's
stats (per task, merged by the executor into ``stats.json``)::

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from textclean.datatrove_step import TextcleanStep

    LocalPipelineExecutor(pipeline=[
        JsonlReader("crawl/"),
        TextcleanStep({"disable": ["typos"]}),
        JsonlWriter("cleaned/"),
    ], tasks=4).run()
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Mapping

from datatrove.pipeline.base import PipelineStep

from textclean.core.pipeline import Pipeline
from textclean.io.html import html_document
from textclean.io.markdown import clean_document


class TextcleanStep(PipelineStep):
    """Clean ``Document.text`` with textclean: ``config`` is a :class:`~textclean.Pipeline`'s
    plain config; with ``html=True`` the text is an HTML page, reduced to its text with the
    markup's evidence as :func:`textclean.clean_html` does.

    Each document's metadata gains ``language`` (the language textclean identified, where the
    metadata has none) and ``textclean_edits`` (how many edits each cleaner made). Stats:
    ``total``, ``changed``, ``emptied`` (documents that cleaning left without text, kept in the
    stream as they are: a filter after this step decides), ``edits_<cleaner>`` (edits per
    document), the documents' lengths (``doc_len``) and the time per document.
    """

    name = "🧹 textclean"
    type = "✂️ - FORMAT"

    def __init__(self, config: Mapping[str, Any] | None = None, *, html: bool = False):
        super().__init__()
        self.config = dict(config or {})
        self.html = html

    def run(self, data, rank: int = 0, world_size: int = 1):
        pipeline = Pipeline(self.config)  # (once per task, in the worker that runs it)
        for doc in data:
            self.stat_update("total")
            with self.track_time():
                page = html_document(doc.text) if self.html else None
                before = page.text if page is not None else doc.text
                _, done = clean_document(pipeline, before, page, explain=True,
                                         format="html" if page is not None else None)
            counts = dict(Counter(edit.cleaner for edit in done.edits))
            for cleaner, n in counts.items():
                self.stat_update(f"edits_{cleaner}", value=n)
            if done.text != before or self.html:
                self.stat_update("changed")
            if not done.text.strip():
                self.stat_update("emptied")
            doc.text = done.text
            if done.profile.language:
                doc.metadata.setdefault("language", done.profile.language)
            doc.metadata["textclean_edits"] = counts
            self.update_doc_stats(doc)
            yield doc
