"""The package's layering holds: no import cycle between its modules, and nothing in
``textclean/core/`` or ``textclean/io/`` imports the cleaners.

The import graph is read statically with :mod:`ast` from every ``textclean/**/*.py``, counting
every ``import`` statement wherever it stands (module level, inside functions and methods, under
``if``/``try``): a lazy import inside a function only postpones a cycle, it does not remove it.
``from a.b import c`` is an edge to the module ``a.b.c`` when that is a module of the package,
otherwise to ``a.b``. Importing ``a.b`` runs ``a/__init__.py`` too, but that is no edge of the
graph: every module would otherwise depend on the root package, which imports half of them.
Names looked up at run time (``importlib.import_module(name)`` on strings, as the plugin
manager does for the built-in cleaners and ``textclean.__getattr__`` for lazy exports) are not
imports this test can see.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "textclean"

# Layers that sit below the cleaners: they must not import them, at any level.
BELOW_CLEANERS = ("textclean.core", "textclean.io")
# Modules built from the native core (native/, Rust): leaves that import nothing of the package.
NATIVE = {"textclean._native"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    """Every module of the package by dotted name."""
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imported(name: str, path: Path, known: set[str]) -> list[tuple[str, int]]:
    """``(module, line)`` for each import of a module of the package in ``path``."""
    is_package = path.name == "__init__.py"
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolve against the importing module's package
                anchor = name.split(".")
                anchor = anchor[: len(anchor) - node.level + (1 if is_package else 0)]
                base = ".".join(anchor + ([base] if base else []))
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
        else:
            continue
        for target in targets:
            # "import textclean.a.b" names the module a.b; keep the longest known prefix
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                out.append((target, node.lineno))
    return out


def import_graph() -> dict[str, dict[str, int]]:
    """``{module: {imported module: first line importing it}}`` over the package."""
    mods = modules()
    known = set(mods) | NATIVE
    graph: dict[str, dict[str, int]] = {}
    for name, path in mods.items():
        edges: dict[str, int] = {}
        for target, line in imported(name, path, known):
            edges.setdefault(target, line)
        graph[name] = edges
    return graph


def strongly_connected(graph: dict[str, dict[str, int]]) -> list[frozenset[str]]:
    """The groups of two or more modules that import each other, directly or not (Tarjan's
    algorithm).

    >>> strongly_connected({"a": {"b": 1}, "b": {"a": 1}, "c": {"a": 1}}) == [{"a", "b"}]
    True
    """
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[frozenset[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, {}):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.add(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(frozenset(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(groups, key=sorted)


def cycles(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """One cycle (``[a, b, ..., a]``) through each group of :func:`strongly_connected`.

    >>> cycles({"a": {"b": 1}, "b": {"a": 1}, "c": {"a": 1}})
    [['a', 'b', 'a']]
    >>> cycles({"a": {"b": 1}, "b": {}})
    []
    """
    return [_cycle_in(graph, group) for group in strongly_connected(graph)]


def _cycle_in(graph: dict[str, dict[str, int]], group: set[str]) -> list[str]:
    """A shortest cycle through the first module of a strongly connected group."""
    start = min(group)
    paths = {start: [start]}
    queue = [start]
    while queue:
        v = queue.pop(0)
        for w in sorted(graph[v]):
            if w == start:
                return paths[v] + [start]
            if w in group and w not in paths:
                paths[w] = paths[v] + [w]
                queue.append(w)
    raise AssertionError(f"no cycle through {start}")  # a strongly connected group has one


def describe(cycle: list[str], graph: dict[str, dict[str, int]]) -> str:
    """``a -(line 3)-> b -(line 9)-> a``: each module, and the line importing the next."""
    return cycle[0] + "".join(f" -(line {graph[a][b]})-> {b}" for a, b in zip(cycle, cycle[1:]))


GRAPH = import_graph()


def test_the_graph_sees_the_package():
    assert "textclean.core.pipeline" in GRAPH and "textclean.cleaners.line_breaks" in GRAPH
    assert "textclean.core.records" in GRAPH["textclean.cleaners.line_breaks"]


def test_every_kind_of_import_is_an_edge(tmp_path):
    source = tmp_path / "mod.py"
    source.write_text(
        "import textclean.io.decode\n"
        "from textclean.core import records\n"
        "from textclean import clean\n"
        "def later():\n"
        "    from textclean.cleaners.lexicon import unigrams\n"
        "    from . import sibling\n"
        "    from ..core.fixes import apply_fixes\n", encoding="utf-8")
    known = {"textclean", "textclean.io.decode", "textclean.core.records", "textclean.core.fixes",
             "textclean.cleaners.lexicon", "textclean.cleaners.sibling"}
    assert imported("textclean.cleaners.mod", source, known) == [
        ("textclean.io.decode", 1), ("textclean.core.records", 2), ("textclean", 3),
        ("textclean.cleaners.lexicon", 5), ("textclean.cleaners.sibling", 6),
        ("textclean.core.fixes", 7)]
    assert cycles({"a": {"b": 3}, "b": {"c": 1}, "c": {"a": 2}}) == [["a", "b", "c", "a"]]


def test_no_import_cycles():
    found = cycles(GRAPH)
    assert not found, "import cycles in textclean:\n" + "\n".join(describe(c, GRAPH) for c in found)


@pytest.mark.parametrize("layer", BELOW_CLEANERS)
def test_core_and_io_do_not_import_the_cleaners(layer):
    wrong = [f"{name} imports {target} (line {line})"
             for name, edges in GRAPH.items() if name == layer or name.startswith(layer + ".")
             for target, line in edges.items()
             if target == "textclean.cleaners" or target.startswith("textclean.cleaners.")]
    assert not wrong, f"{layer} must not depend on the cleaners:\n" + "\n".join(wrong)
