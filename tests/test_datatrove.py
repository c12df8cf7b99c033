"""textclean in a datatrove pipeline, run by datatrove's local executor on a small JSONL."""

from __future__ import annotations

import gzip
import json

import pytest

pytest.importorskip("datatrove", reason="datatrove not installed: pip install 'textclean-toolkit[datatrove]'")

from datatrove.executor import LocalPipelineExecutor  # noqa: E402
from datatrove.pipeline.readers import JsonlReader  # noqa: E402
from datatrove.pipeline.writers import JsonlWriter  # noqa: E402

from textclean.datatrove_step import TextcleanStep  # noqa: E402

DOCS = [
    {"id": "a", "text": "The Prime  Minister said so on Monday.   \n\n\n\nThe talks went on.\n"},
    {"id": "b", "text": "Already clean text about the bridge.\n"},
    {"id": "c", "text": "Caf\u00c3\u00a9 opens on the square.\n"},
]


def test_textclean_step_in_a_local_datatrove_pipeline(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    with open(src / "docs.jsonl", "w", encoding="utf-8") as f:
        for d in DOCS:
            f.write(json.dumps(d) + "\n")
    out, logs = tmp_path / "out", tmp_path / "logs"
    LocalPipelineExecutor(pipeline=[
        JsonlReader(str(src)),
        TextcleanStep({"only": ["mojibake", "whitespace"], "autoload": False}),
        JsonlWriter(str(out)),
    ], tasks=1, logging_dir=str(logs)).run()
    written = [json.loads(line) for p in sorted(out.glob("*.jsonl*"))
               for line in (gzip.open(p, "rt", encoding="utf-8") if p.suffix == ".gz" else open(p, encoding="utf-8"))]
    by_id = {d["id"]: d for d in written}
    assert by_id["a"]["text"] == "The Prime Minister said so on Monday.\n\nThe talks went on.\n"
    assert by_id["c"]["text"] == "Caf\u00e9 opens on the square.\n"
    assert by_id["b"]["text"] == DOCS[1]["text"]
    assert by_id["a"]["metadata"]["textclean_edits"] == {"whitespace": 3}
    assert by_id["c"]["metadata"]["textclean_edits"] == {"mojibake": 1}
    assert by_id["a"]["metadata"]["language"] == "en"
    # the step's stats, merged by the executor
    stats = json.loads((logs / "stats.json").read_text())
    ours = next(s for s in stats if "textclean" in s["name"])
    assert ours["stats"]["total"] == 3 and ours["stats"]["changed"] == 2
    assert ours["stats"]["edits_whitespace"]["total"] == 3


def test_textclean_step_cleans_html_pages():
    from datatrove.data import Document

    page = "<html><body><nav>Home | News</nav><p>The council met  on Monday about the bridge.</p></body></html>"
    step = TextcleanStep({"only": ["whitespace"], "autoload": False}, html=True)
    (doc,) = step.run([Document(text=page, id="p")])
    assert doc.text == "The council met on Monday about the bridge.\n"
