"""The library one-liners of docs/scaling.md with the real packages: Hugging Face ``datasets``
(``Dataset.map`` with and without ``batched=True``, several processes) and pandas."""

from __future__ import annotations

import pytest

import textclean

datasets = pytest.importorskip("datasets", reason="datasets not installed: pip install 'textclean-toolkit[test]'")

TEXTS = ["Prime  Minister   said so.", "Two   spaces  here.", None, "Already clean."]
CLEAN = ["Prime Minister said so.", "Two spaces here.", None, "Already clean."]
CONFIG = {"only": ["whitespace"], "autoload": False}


def _dataset():
    return datasets.Dataset.from_dict({"id": [1, 2, 3, 4], "text": TEXTS})


def test_batch_cleaner_exists_where_its_docstring_says():
    assert textclean.BatchCleaner is textclean.integrations.BatchCleaner


@pytest.mark.parametrize("batched", [True, False])
def test_dataset_map_cleans_the_text_batched_or_not(batched):
    out = _dataset().map(textclean.BatchCleaner("text", CONFIG), batched=batched)
    assert out["text"] == CLEAN  # (unbatched, a text is one string, not a list of characters)
    assert out["id"] == [1, 2, 3, 4]


def test_dataset_map_in_two_processes_gives_the_same(tmp_path):
    out = _dataset().map(textclean.BatchCleaner("text", CONFIG), batched=True, batch_size=2, num_proc=2)
    assert out["text"] == CLEAN


def test_pandas_series():
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame({"text": TEXTS})
    df["text"] = textclean.clean_series(df["text"], CONFIG)
    assert df["text"].tolist()[:2] == CLEAN[:2] and df["text"].tolist()[3] == CLEAN[3]
    assert df["text"].isna().tolist() == [False, False, True, False]


def test_only_may_be_one_name_as_a_string():
    assert textclean.clean("a  b", only="whitespace") == "a b"
    assert textclean.clean("a  b", only="whitespace,markup") == "a b"
