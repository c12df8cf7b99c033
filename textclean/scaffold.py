"""``textclean new-plugin NAME``: write a working, tested plugin package to start from.

The package has a ``pyproject.toml`` with the ``textclean`` entry point, a module with one
cleaner (three dots -> an ellipsis, a small real fix to replace with yours) and one rule-data
hook (protected words for the ``typos`` cleaner), a README, and tests that load it through
its installed entry point with the ``textclean_pipeline`` fixture.
"""

from __future__ import annotations

import re
from pathlib import Path

_PYPROJECT = '''[build-system]
requires = ["setuptools>=68"]
build-backend = "setuptools.build_meta"

[project]
name = "{dist}"
version = "0.1.0"
description = "A textclean plugin: {name}."
readme = "README.md"
requires-python = ">=3.11"
dependencies = ["textclean-toolkit"]

[project.optional-dependencies]
test = ["pytest"]

# This entry point is what makes the package a textclean plugin.
[project.entry-points.textclean]
{module} = "{module}"

[tool.setuptools]
packages = ["{module}"]
'''

_MODULE = '''"""{dist}: a textclean plugin.

The ``{cleaner}`` cleaner turns three dots into one ellipsis character, and the plugin tells
the ``typos`` cleaner never to touch the words in ``PROTECTED``. Replace both with your own.
"""

from __future__ import annotations

import re

from textclean import Cleaner, Context, Fix, Stage, hookimpl

#: Words the typos cleaner must never change (your product and people names, jargon...).
PROTECTED = ["textclean"]

_DOTS = re.compile(r"(?<!\\.)\\.\\.\\.(?!\\.)")

OPTIONS = {{"replacement": "\\u2026"}}


def fix_dots(text: str, ctx: Context) -> list[Fix]:
    """Three dots (exactly three) become the ellipsis character.

    >>> from textclean import apply_fixes
    >>> apply_fixes("Wait... what?", fix_dots("Wait... what?", Context(options=OPTIONS)))
    'Wait\\u2026 what?'
    """
    return [Fix(m.start(), m.end(), ctx.options["replacement"], "three dots -> ellipsis")
            for m in _DOTS.finditer(text)]


@hookimpl
def textclean_register_cleaners(register):
    register(Cleaner("{cleaner}", fix_dots, Stage.WORDS + 50, "three dots -> ellipsis", options=OPTIONS))


@hookimpl
def textclean_protected_words():
    return PROTECTED
'''

_TEST = '''"""Tests for {dist}, loaded the way users load it: through its installed entry point."""

from textclean.plugins import plugin_set
from textclean.testing import assert_edits, assert_idempotent


def test_registered_through_entry_point():
    assert plugin_set(autoload=True).info["{module}"].source == "entry point"


def test_cleaner(textclean_pipeline):
    p = textclean_pipeline(only=["{cleaner}"])
    assert_edits(p, "Wait... what?", "Wait\\u2026 what?", ["three dots -> ellipsis"])
    assert_edits(p, "Four.... dots stay", "Four.... dots stay", [])
    assert_idempotent(p, "a... b... c")


def test_option(textclean_pipeline):
    p = textclean_pipeline(only=["{cleaner}"], options={{"{cleaner}": {{"replacement": "..."}}}})
    assert p.clean("a... b") == "a... b"


def test_protected_words_reach_the_typos_cleaner():
    assert "textclean" in plugin_set(autoload=True).rules()["protected_words"]
'''

_README = '''# {dist}

A [textclean](https://pypi.org/project/textclean/) plugin.

```console
pip install -e '.[test]'
python -m pytest                      # the plugin's tests, through its entry point
textclean cleaners                    # lists `{cleaner}`
textclean cleaners --explain {cleaner}
```

Cleaners: `{cleaner}` (three dots -> an ellipsis). Rule data: protected words for `typos`.
See textclean's docs/plugins.md for every hook.
'''


def names(name: str) -> dict[str, str]:
    """The distribution, module and cleaner names for a plugin called ``name``.

    >>> names("House Style")["module"]
    'textclean_house_style'
    """
    slug = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
    if not slug or not slug[0].isalpha():
        raise ValueError(f"a plugin name must start with a letter: {name!r}")
    return {"name": name, "dist": "textclean-" + slug.replace("_", "-"), "module": "textclean_" + slug,
            "cleaner": slug}


def create(name: str, parent: str | Path = ".") -> Path:
    """Write the plugin package into ``parent``; returns its folder. Refuses to overwrite."""
    n = names(name)
    root = Path(parent) / n["dist"]
    if root.exists():
        raise FileExistsError(f"{root} already exists")
    (root / n["module"]).mkdir(parents=True)
    (root / "tests").mkdir()
    (root / "pyproject.toml").write_text(_PYPROJECT.format(**n), encoding="utf-8")
    (root / n["module"] / "__init__.py").write_text(_MODULE.format(**n), encoding="utf-8")
    (root / "tests" / f"test_{n['cleaner']}.py").write_text(_TEST.format(**n), encoding="utf-8")
    (root / "README.md").write_text(_README.format(**n), encoding="utf-8")
    return root
