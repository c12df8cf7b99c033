"""Shared fixtures. ``tests/sample_plugins`` is put on ``sys.path`` so tests can load its
modules as explicit plugins, and child processes get it through ``PYTHONPATH``."""

import os
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
SHARED_DATA = ROOT.parent / "shared" / "data"
SAMPLE_PLUGINS = TESTS / "sample_plugins"
sys.path.insert(0, str(SAMPLE_PLUGINS))


def pytest_addoption(parser):
    parser.addoption("--update-goldens", action="store_true",
                     help="rewrite seeds/golden/* from the current pipeline (review the diff by eye!)")


@pytest.fixture
def update_goldens(request):
    return request.config.getoption("--update-goldens")


@pytest.fixture
def child_env():
    """Environment for a ``python -m textclean`` child: sample plugins importable."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SAMPLE_PLUGINS), env.get("PYTHONPATH")]))
    return env


def shared_data(*parts):
    """A path under ../shared/data, or skip the test with a clear message if it is absent."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"development data not found at {path} (../shared/data beside the repo)")
    return path
