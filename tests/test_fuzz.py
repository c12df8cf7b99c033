"""A short fuzz run of the decode-and-clean path (the long run: fuzz/decode_and_clean.py).

Every run here is bounded by a number of inputs, never by wall-clock time, so it checks the
same inputs on a fast machine and a loaded one."""

import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fuzz"))
from decode_and_clean import one_input, run_random  # noqa: E402


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_arbitrary_bytes(data):
    one_input(data)


def test_mutated_seeds_briefly():
    # Bounded by inputs, not by the clock: the same 30 inputs on every machine, however loaded.
    assert run_random(seed=1, iterations=30) == 30


def test_saved_fuzz_findings_stay_fixed():
    """Inputs the long fuzz run once failed on (tests/data/fuzz/*.bin), replayed for ever."""
    found = sorted((Path(__file__).resolve().parent / "data" / "fuzz").glob("*.bin"))
    assert found
    for path in found:
        one_input(path.read_bytes())


# -- the readers in front of the cleaners: decompression, JSONL records, HTML extraction ---------

from readers import compressed_input, html_input, run_random as run_random_readers  # noqa: E402


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=600), st.sampled_from([".txt.gz", ".txt.zst", ".jsonl.gz", ".jsonl.zst"]))
def test_arbitrary_bytes_as_compressed_input(data, suffix):
    compressed_input(data, suffix)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(list("<>/=\"' &;#!-abdiv\n") + ["<div>", "</div>", "<p>", "<b>",
                                                                     "<script>", "</td>", "&amp;"]),
                max_size=300).map("".join))
def test_arbitrary_markup_as_html(html):
    html_input(html)


def test_damaged_archives_and_tag_soup_briefly():
    assert run_random_readers(seed=2, iterations=30) == 30
