"""The native core (``native/``, Rust, imported as ``textclean._native``): its boundary with
Python. What each ported function computes is pinned where it is used (the cleaners' tests,
the seed goldens, the scores); here: the build, the version, panics, threads and strings that
UTF-8 cannot hold."""

from __future__ import annotations

import re
import threading
from importlib import metadata
from pathlib import Path

import pytest

import textclean
from textclean import _native
from textclean.cleaners.boilerplate.features import line_features_many

ROOT = Path(__file__).resolve().parents[1]


def test_one_version_for_the_package_the_crate_and_the_metadata():
    cargo = (ROOT / "native" / "Cargo.toml").read_text(encoding="utf-8")
    crate = re.search(r'^version = "([^"]+)"', cargo, re.M).group(1)
    assert textclean.__version__ == crate == metadata.version("textclean")


def test_the_core_is_a_release_build_inside_the_package():
    path = Path(_native.__file__)
    assert path.parent == Path(textclean.__file__).parent
    assert path.name.startswith("_native.") and path.suffix in (".so", ".pyd")


def test_the_core_was_built_from_the_sources_in_the_tree():
    # (an edited native/src without a rebuild would test yesterday's core)
    files = sorted((ROOT / "native" / "src").glob("*.rs")) + [ROOT / "native" / "Cargo.toml"]
    h = 0xCBF29CE484222325
    for path in files:
        for b in path.name.encode() + b"\0" + path.read_bytes() + b"\0":
            h = ((h ^ b) * 0x100000001B3) % 2**64
    assert _native.SOURCES == f"{h:016x}", \
        "textclean/_native is stale: rebuild it with `pip install -e .` or `maturin develop --release`"


def test_a_panic_in_the_core_is_an_exception_naming_the_entry_point():
    with pytest.raises(_native.NativeError, match="_panic_for_tests: a panic on purpose"):
        _native._panic_for_tests(guarded=True)
    assert issubclass(_native.NativeError, RuntimeError)
    # outside the guard PyO3 raises its own BaseException, which the host catches too
    # (tests/test_pipeline.py::test_faulty_cleaner_is_named_with_its_plugin)
    with pytest.raises(_native.PanicException):
        _native._panic_for_tests(guarded=False)


def test_a_lone_surrogate_is_measured_as_a_replacement_character():
    a, b = line_features_many(["caf\udce9 au lait", "caf\ufffd au lait"])
    assert a == b and a.words == 3


def test_threads_share_the_core_and_get_the_same_answers():
    lines = ["The minister said on Tuesday that the talks would resume in May.",
             "Home | News | Sport", "see www.example.com"] * 2000
    want = line_features_many(lines)
    got: list = [None] * 4

    def work(i: int) -> None:
        got[i] = line_features_many(lines)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(g == want for g in got)


def test_wrong_argument_types_are_type_errors_not_crashes():
    with pytest.raises(TypeError):
        _native.line_features(["ok", 3], _native.StopWords([b"the"]))
    with pytest.raises(TypeError):
        _native.line_features(["ok"], None)
