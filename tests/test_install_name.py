"""textclean installs under a name of its own: ``textclean-toolkit`` (on PyPI ``textclean`` is an
unrelated, old Python 2 package whose import fails on Python 3 with a ``TabError``).

The plugin scaffold's package is installed in a fresh virtual environment together with a
wheel of this checkout, as a plugin author does: its dependency must be met by this checkout,
and nothing else named ``textclean`` may come in.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NAME = "textclean-toolkit"


def run(*args, **kw):
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=1500, **kw)


def test_the_distribution_name_is_ours_everywhere():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["name"] == NAME
    assert project["scripts"] == {"textclean": "textclean.cli:main"}
    pii = tomllib.loads((ROOT / "plugins" / "textclean-pii" / "pyproject.toml").read_text())["project"]
    assert pii["dependencies"] == [NAME]
    from textclean.scaffold import _PYPROJECT

    assert f'dependencies = ["{NAME}"]' in _PYPROJECT
    # every install instruction names this distribution, never the other "textclean"
    texts = [p for p in [ROOT / "README.md", *(ROOT / "docs").rglob("*.md"), *(ROOT / "textclean").rglob("*.py")]]
    wrong = []
    for path in texts:
        for m in re.finditer(r"pip install((?:[ \t]+[^\s&;|`]+)+)", path.read_text(encoding="utf-8")):
            specs = [a.strip("'\"").split("[")[0] for a in m.group(1).split() if not a.startswith("-")]
            if "textclean" in specs:
                wrong.append(f"{path.relative_to(ROOT)}: {m.group(0)}")
    assert wrong == []


def test_the_scaffolds_plugin_installs_against_this_checkout_in_a_fresh_venv(tmp_path):
    dist = tmp_path / "dist"
    built = run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", dist, ROOT)
    if built.returncode and re.search(r"No matching distribution|Could not find a version|connection|resolve",
                                      built.stderr, re.I):
        pytest.skip(f"cannot build a wheel without the package index: {built.stderr.strip().splitlines()[-1]}")
    assert built.returncode == 0, built.stderr[-3000:]
    wheel = next(dist.glob("textclean_toolkit-*.whl"))
    made = run(sys.executable, "-m", "textclean", "new-plugin", "House Style", "-o", tmp_path)
    assert made.returncode == 0, made.stderr
    plugin = tmp_path / "textclean-house-style"
    venv = tmp_path / "venv"
    assert run(sys.executable, "-m", "venv", venv).returncode == 0
    python = venv / "bin" / "python"
    # as a plugin author installs it: the plugin, with this checkout's wheel to meet its dependency
    installed = run(python, "-m", "pip", "install", "--quiet", wheel, plugin)
    assert installed.returncode == 0, installed.stderr[-3000:]
    names = {d["name"].lower().replace("_", "-")
             for d in json.loads(run(python, "-m", "pip", "list", "--format=json").stdout)}
    assert {NAME, "textclean-house-style"} <= names
    assert not {n for n in names if n.startswith("textclean")} - {NAME, "textclean-house-style"}
    # it imports, and the plugin's cleaner runs in the default pipeline
    out = run(python, "-c", "import textclean; print(textclean.__file__); "
                            "print(textclean.clean('Wait... what?', only=['house_style']))", cwd=tmp_path)
    assert out.returncode == 0, out.stderr[-3000:]
    where, cleaned = out.stdout.splitlines()
    assert where.startswith(str(venv)) and cleaned == "Wait\u2026 what?"
