"""Golden files: the default pipeline's output and edits on the seed articles, byte for byte.

Regenerate with ``python -m pytest tests/test_goldens.py --update-goldens`` and then read
``git diff seeds/golden`` by eye: a golden is a statement of what right looks like, never
accepted blindly.
"""

import json
from pathlib import Path

import pytest

from textclean import Pipeline
from textclean.io.decode import decode

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
INPUTS = sorted((SEEDS / "inputs").glob("*.txt"))


@pytest.fixture(scope="module")
def pipeline():
    # Only the built-ins: goldens must not depend on which plugins happen to be installed.
    return Pipeline({"autoload": False})


def golden_paths(path):
    return SEEDS / "golden" / path.name, SEEDS / "golden" / (path.stem + ".edits.jsonl")


#: Fields of an edit left out of its golden line. ``step`` numbers the cleaner runs of the
#: pipeline, so adding a default cleaner renumbers every edit of every golden without changing
#: a single output or edit; the order of the lines keeps the order of the runs.
UNSTORED = ("step",)


def golden_line(edit):
    """One edit as a line of a golden ``.edits.jsonl``: its JSON form, less :data:`UNSTORED`."""
    fields = {k: v for k, v in edit.to_dict().items() if k not in UNSTORED}
    return json.dumps(fields, ensure_ascii=False) + "\n"


def test_there_are_five_seeds():
    assert len(INPUTS) == 5


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.stem[:3])
def test_golden(path, pipeline, update_goldens):
    text = decode(path.read_bytes()).text
    out, edits = pipeline.explain(text)
    golden_text, golden_edits = golden_paths(path)
    lines = [golden_line(e) for e in edits]
    if update_goldens:
        golden_text.write_bytes(out.encode("utf-8"))
        golden_edits.write_text("".join(lines), encoding="utf-8")
    assert golden_text.exists(), f"no golden for {path.name}: run pytest --update-goldens and review it"
    assert out.encode("utf-8") == golden_text.read_bytes(), f"{path.name}: output differs from its golden"
    assert "".join(lines) == golden_edits.read_text(encoding="utf-8"), f"{path.name}: edits differ from golden"


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.stem[:3])
def test_seed_is_idempotent(path, pipeline):
    once = pipeline.clean(decode(path.read_bytes()).text)
    assert pipeline.clean(once) == once
