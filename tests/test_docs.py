"""The documentation stays true: every hook and built-in option is documented, and the
configuration examples in the docs are valid. (Python examples in docs/*.md and README.md
run as doctests.)"""

import importlib.util
import re
import tomllib
from pathlib import Path

import pytest

from textclean import Config, Pipeline
from textclean.plugins.manager import hook_names, plugin_set

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def test_every_hook_is_in_the_plugin_docs():
    text = (DOCS / "plugins.md").read_text()
    missing = [name for name in hook_names() if f"### `{name}(" not in text]
    assert not missing, f"hooks without a reference section in docs/plugins.md: {missing}"


def builtin_cleaners():
    ps = plugin_set(autoload=False)
    return [c for c in ps.cleaners().values() if ps.info[c.plugin].source == "builtin"]


@pytest.mark.parametrize("cleaner", builtin_cleaners(), ids=lambda c: c.name)
def test_every_builtin_cleaner_and_option_is_documented(cleaner):
    page = DOCS / "cleaners" / f"{cleaner.name}.md"
    assert page.exists(), f"no docs/cleaners/{cleaner.name}.md"
    text = page.read_text()
    missing = [o for o in cleaner.options if f"`{o}`" not in text]
    assert not missing, f"options of {cleaner.name} not in {page.name}: {missing}"
    assert cleaner.name in (ROOT / "README.md").read_text()


def toml_blocks():
    for path in [ROOT / "README.md", *sorted(DOCS.rglob("*.md"))]:
        for i, block in enumerate(re.findall(r"```toml\n(.*?)```", path.read_text(), re.S)):
            yield pytest.param(path, block, id=f"{path.name}-{i}")


@pytest.mark.parametrize("path, block", list(toml_blocks()))
def test_toml_examples_are_valid_config(path, block):
    data = tomllib.loads(block)
    if "project" in data:  # a packaging example, not textclean config
        assert "textclean" in data["project"].get("entry-points", {})
        return
    if "tool" in data:
        data = data["tool"]["textclean"]
    data.pop("plugins", None)  # example module names are not installed
    Pipeline(Config.from_dict(data).merged(autoload=False))


def python_blocks():
    """Python examples that are not doctests (those run through --doctest-glob)."""
    for path in [ROOT / "README.md", *sorted(DOCS.rglob("*.md"))]:
        for i, block in enumerate(re.findall(r"```python\n(.*?)```", path.read_text(), re.S)):
            if ">>>" not in block:
                yield pytest.param(path, block, id=f"{path.name}-py{i}")


@pytest.mark.parametrize("path, block", list(python_blocks()))
def test_python_examples_run(path, block, tmp_path, monkeypatch):
    """Every Python example in the docs runs, as datasette checks its docs: hook examples are
    called and must return lists, test examples are run with the fixture they ask for."""
    import textclean

    namespace = {name: getattr(textclean, name) for name in textclean.__all__}
    namespace.update(re=re, fix_ellipsis=lambda text, ctx: [
        textclean.Fix(m.start(), m.end(), "\u2026", "three dots -> ellipsis") for m in re.finditer(r"\.\.\.", text)])
    # Stand-ins for the caller's own data in integration examples.
    pd = pytest.importorskip("pandas") if "df[" in block else None
    namespace.update(ds=_FakeDataset(), df=(pd.DataFrame({"text": ["a  b"]}) if pd is not None else None))
    sample = (ROOT / "seeds" / "inputs").glob("*.txt")
    texts = [p.read_text(encoding="utf-8") for p in sorted(sample)]
    namespace.update(text=texts[0], iter_of_texts=iter(texts * 3))
    if "ds.map" in block and importlib.util.find_spec("datasets") is not None:  # the real package
        import datasets

        namespace["ds"] = datasets.Dataset.from_dict({"text": ["a  b", "c   d"]})
    monkeypatch.chdir(tmp_path)  # examples may write files (model.json)
    if "JsonlReader(" in block:  # a datatrove pipeline reads crawl/
        pytest.importorskip("datatrove", reason="datatrove not installed: pip install 'textclean-toolkit[datatrove]'")
        (tmp_path / "crawl").mkdir()
        (tmp_path / "crawl" / "a.jsonl").write_text('{"id": "1", "text": "a  b"}\n')
    exec(compile(block, f"{path.name}", "exec"), namespace)
    if "JsonlReader(" in block:
        assert list((tmp_path / "cleaned").glob("*.jsonl*")), "the datatrove example wrote nothing"
    if "ds.map" in block and hasattr(namespace["ds"], "column_names"):
        assert namespace["ds"]["text"] == ["a b", "c d"]
    for name, value in list(namespace.items()):
        if name.startswith("textclean_register_") and callable(value):
            registered = []
            value(registered.append)
            assert registered, f"{name} in {path.name} must call register"
        elif name.startswith("textclean_") and callable(value):
            assert isinstance(value(), list), f"{name} in {path.name} must return a list"
        if name.startswith("test_") and callable(value):
            def fixture(**config):
                extra = {"plugins": ["ellipsis_example"]} if "ellipsis" in str(config.get("only")) else {}
                return textclean.Pipeline({**config, **extra, "autoload": False})
            value(fixture)


class _FakeDataset:
    """Enough of a Hugging Face Dataset for `ds.map(fn, batched=True, num_proc=...)`."""

    def map(self, fn, batched=False, num_proc=None):
        assert batched
        return fn({"text": ["x  y"]})


_RUNNABLE = ("textclean", "printf", "echo", "cat")


def console_blocks():
    """Console examples whose commands are textclean's own (and printf, echo, cat to set them
    up): run as written, in a folder holding a copy of the seeds."""
    for path in [ROOT / "README.md", *sorted(DOCS.rglob("*.md"))]:
        for i, block in enumerate(re.findall(r"```console\n(.*?)```", path.read_text(), re.S)):
            commands = [line[2:] for line in block.splitlines() if line.startswith("$ ")]
            if commands and all(c.split()[0] in _RUNNABLE for c in commands):
                yield pytest.param(path, block, id=f"{path.name}-console{i}")


@pytest.mark.parametrize("path, block", list(console_blocks()))
def test_console_examples_show_what_really_happens(path, block, tmp_path):
    """Each command's output (standard output and error together) is what the docs show;
    ``...`` stands for any text, as in doctests."""
    import doctest
    import shutil
    import subprocess

    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    steps: list[tuple[str, list[str]]] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            steps.append((line[2:], []))
        elif steps:
            steps[-1][1].append(line)
    for command, expected in steps:
        r = subprocess.run(["bash", "-c", command], cwd=tmp_path, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True, timeout=300)
        got = r.stdout.rstrip("\n")
        want = "\n".join(expected).rstrip("\n")
        assert doctest._ellipsis_match(want, got) if "..." in want else got == want, \
            f"{path.name}: $ {command}\n--- shown:\n{want}\n--- printed:\n{got}"
