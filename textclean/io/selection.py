"""Which files of a walked folder are taken: ``--include``/``--exclude``/``--extend-exclude``
globs, and the folder's ``.gitignore`` files, as black and ruff select files.

A :class:`Selection` is plain data (it travels to the walk as it is); :class:`GitIgnores`
holds the ``.gitignore`` files met on the way down a walk, each read once, each applying to
its own folder and below with git's precedence (a deeper file's pattern, and a later pattern
of one file, win; ``!pattern`` takes a path back). Files named on the command line are always
taken: selection is for what a folder walk finds.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from pathlib import Path

#: Folders a walk never enters unless ``--exclude`` replaces this list (hidden files and
#: folders are skipped anyway): dependency and build trees that are nobody's text.
DEFAULT_EXCLUDE = ("node_modules", "__pycache__", "venv", "site-packages", "__pypackages__")


def _matches(patterns: tuple[str, ...], relative: str, name: str) -> bool:
    """Whether a path matches one of ``patterns``: a pattern without ``/`` is tried on the
    name, one with ``/`` on the path relative to the walked folder (``*`` crossing folders).

    >>> _matches(("*.md",), "docs/a.md", "a.md"), _matches(("docs/*",), "docs/sub/a.md", "a.md")
    (True, True)
    >>> _matches(("drafts",), "notes/drafts", "drafts"), _matches(("*.md",), "a.txt", "a.txt")
    (True, False)
    """
    for pattern in patterns:
        if "/" in pattern.rstrip("/"):
            if fnmatch.fnmatchcase(relative, pattern.strip("/")):
                return True
        elif fnmatch.fnmatchcase(name, pattern.rstrip("/")):
            return True
    return False


@dataclass(frozen=True)
class Selection:
    """What a folder walk takes: files matching ``include`` (all where empty), in folders and
    with names not matching ``exclude``, and not ignored by a ``.gitignore`` (``gitignore``).

    >>> s = Selection(include=("*.md",), exclude=DEFAULT_EXCLUDE + ("drafts",))
    >>> s.takes_folder("drafts", "drafts"), s.takes_folder("node_modules", "node_modules"), s.takes_folder("a", "a")
    (False, False, True)
    >>> s.takes_file("docs/a.md", "a.md"), s.takes_file("docs/a.txt", "a.txt")
    (True, False)
    """

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    gitignore: bool = True

    def takes_folder(self, relative: str, name: str) -> bool:
        return not _matches(self.exclude, relative, name)

    def takes_file(self, relative: str, name: str) -> bool:
        if _matches(self.exclude, relative, name):
            return False
        return not self.include or _matches(self.include, relative, name)


class GitIgnores:
    """The ``.gitignore`` files of a walk, read as the walk comes to their folders, and those
    of the folders above it up to its git repository's top (the folder holding ``.git``),
    where it lies in one.

    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp()); (root / "sub").mkdir()
    >>> _ = (root / ".gitignore").write_text("*.log\\nbuild/\\n")
    >>> _ = (root / "sub" / ".gitignore").write_text("!keep.log\\n")
    >>> g = GitIgnores(root)
    >>> g.ignored(root / "a.log"), g.ignored(root / "sub" / "keep.log"), g.ignored(root / "build", folder=True)
    (True, False, True)
    >>> g.ignored(root / "sub" / "x.txt")
    False
    """

    def __init__(self, root: Path):
        self.root = root
        self.top = root
        for folder in (root, *root.parents):
            if (folder / ".git").exists():
                self.top = folder
                break
        self._specs: dict[Path, object | None] = {}

    def _spec(self, folder: Path):
        if folder not in self._specs:
            spec = None
            path = folder / ".gitignore"
            if path.is_file():
                import pathspec

                try:
                    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
                    spec = pathspec.GitIgnoreSpec.from_lines(lines)
                except (OSError, ValueError):  # (an unreadable or malformed file: no patterns)
                    spec = None
            self._specs[folder] = spec
        return self._specs[folder]

    def ignored(self, path: Path, folder: bool = False) -> bool:
        """Whether ``path`` (a file, or a ``folder``) is ignored: the deepest ``.gitignore``
        between it and the repository's top (or the walk's root) with a pattern for it decides."""
        parent = path.parent
        chain = []
        while True:
            chain.append(parent)
            if parent == self.top or parent == parent.parent:
                break
            parent = parent.parent
        for base in chain:  # (deepest first)
            spec = self._spec(base)
            if spec is None:
                continue
            relative = path.relative_to(base).as_posix() + ("/" if folder else "")
            verdict = spec.check_file(relative).include  # type: ignore[attr-defined]
            if verdict is not None:
                return bool(verdict)
        return False
