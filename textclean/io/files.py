"""Files and paths: finding inputs, naming outputs, writing atomically, quoting names.

Cleaners never see paths; this module is the boundary. Outputs are written to a temporary
file beside the target and renamed over it, so a reader (or a resumed run) never sees a
half-written file; an output never lands on an input (:func:`check_outputs`).
"""

from __future__ import annotations

import itertools
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from textclean.io.compression import split_compression

if TYPE_CHECKING:
    from textclean.io.selection import Selection

#: File name endings the CLI treats as text when it walks a folder.
TEXT_SUFFIXES = (".txt", ".text", ".md", ".markdown", ".rst", ".asc", ".log", ".html", ".htm",
                 ".jsonl", ".ndjson", ".parquet", ".warc")
#: Compression suffixes that may follow any of those (``crawl.jsonl.zst``, ``page.txt.gz``).
COMPRESSED_SUFFIXES = (".gz", ".zst")
# Temporary names: this process's id and a counter, unique among live processes; O_EXCL
# still guards against a name a killed process left behind.
_TMP_SERIAL = itertools.count()
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
_BUFFER = 1 << 16


class AtomicFile:
    """A binary file that appears at ``path`` complete, or not at all.

    Writes go to a temporary file in the same folder (so the final rename is atomic); on a
    clean exit it is flushed and renamed over ``path``; on an exception it is removed. A
    crashed or killed process therefore never leaves a partial file at ``path``. With
    ``fsync=True`` the data is also forced to disk before the rename, which guards against a
    power cut too, at a few milliseconds per file.

    >>> import tempfile, os
    >>> d = tempfile.mkdtemp()
    >>> with AtomicFile(os.path.join(d, "out.txt")) as f:
    ...     _ = f.write(b"done")
    >>> open(os.path.join(d, "out.txt"), "rb").read()
    b'done'
    """

    def __init__(self, path: str | Path, *, fsync: bool = False):
        self.path = Path(path)
        self.fsync = fsync
        self.tmp: str | None = None
        self.file = None

    def __enter__(self):
        # A run writes thousands of small files, and on a virtual machine every file-system
        # call is dear (and two workers creating files contend): so one open that creates the
        # file with the permissions any new file gets (the umask applies), the folder made only
        # when the open says it is missing, and an explicit buffer size (no isatty probe).
        made = False
        for _ in range(100):
            self.tmp = os.path.join(self.path.parent, f".{self.path.name[:50]}.{os.getpid()}-"
                                    f"{next(_TMP_SERIAL)}.textclean-tmp")
            try:
                fd = os.open(self.tmp, _CREATE, 0o666)
                break
            except FileExistsError:
                continue
            except FileNotFoundError:
                if made:
                    raise
                self.path.parent.mkdir(parents=True, exist_ok=True)
                made = True
        else:
            raise FileExistsError(f"no free temporary name beside {self.path}")
        self.file = os.fdopen(fd, "wb", buffering=_BUFFER)
        return self.file

    def __exit__(self, exc_type, exc, tb) -> None:
        assert self.file is not None and self.tmp is not None
        try:
            if exc_type is None:
                self.file.flush()
                if self.fsync:
                    os.fsync(self.file.fileno())
            self.file.close()
            if exc_type is None:
                os.replace(self.tmp, self.path)
                return
        except BaseException:
            self._discard()
            raise
        self._discard()

    def _discard(self) -> None:
        try:
            os.unlink(self.tmp)  # type: ignore[arg-type]
        except OSError:
            pass


def atomic_write(path: str | Path, data: bytes, *, fsync: bool = False) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename (see AtomicFile)."""
    with AtomicFile(path, fsync=fsync) as f:
        f.write(data)


_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def display(path: str | Path) -> str:
    """A path as a user typed it, fit for a one-line message: bytes that are not UTF-8 and
    control characters are escaped, so a file named ``"a\\nb.txt"`` cannot break a line or
    forge one of the summary.

    >>> display("a\\nb.txt"), display(b"caf\\xe9.txt".decode("utf-8", "surrogateescape"))
    ('a\\\\nb.txt', 'caf\\\\udce9.txt')
    """
    text = str(path).encode("utf-8", "backslashreplace").decode("utf-8")
    if _UNPRINTABLE.search(text):
        text = _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
    return text


@dataclass(frozen=True)
class InputFile:
    """A file to clean and where its output goes, relative to the output folder; ``skip``
    says why it is not read at all (a recorded skip, such as a link out of the input folder);
    ``name``: the name standard input goes by (``--stdin-filename``), in messages and
    reports and for its format."""

    path: Path
    relative: Path
    skip: str | None = None
    name: str | None = None

    @property
    def named(self) -> Path:
        """The path that names the input: ``name`` where given, else ``path``."""
        return Path(self.name) if self.name else self.path


def is_within(path: Path, folder: Path) -> bool:
    """Whether ``path`` is ``folder`` or inside it (both resolved)."""
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except ValueError:
        return False


#: Inputs whose output is plain text under another name: ``page.html`` -> ``page.txt``.
HTML_SUFFIXES = (".html", ".htm")
#: Inputs whose output is a JSONL dataset under another name: ``crawl.warc.gz`` ->
#: ``crawl.jsonl.gz``.
WARC_SUFFIXES = (".warc",)


def _renamed(name: str, page_suffix: str = ".txt") -> tuple[str, str] | None:
    """The short output name of an input whose output is of another kind, and the name it
    takes where the short one clashes; None for an input that keeps its name (an HTML page's
    text takes ``page_suffix``: ``.md`` for Markdown)."""
    base = split_compression(Path(name))[0]
    compression = name[len(base):]
    stem, dot, suffix = base.rpartition(".")
    if not (dot and stem):
        return None
    if not compression and "." + suffix.lower() in HTML_SUFFIXES:
        return stem + page_suffix, name + page_suffix
    if "." + suffix.lower() in WARC_SUFFIXES:
        return stem + ".jsonl" + compression, base + ".jsonl" + compression
    return None


def output_names(names: Iterable[str], page_suffix: str = ".txt") -> dict[str, str]:
    """The output file name of each input file name of one folder (or of the file arguments
    of one command line).

    An HTML page's output is text, named with ``.txt`` (``page_suffix``: ``.md`` for
    Markdown output) in place of ``.html``/``.htm``; a web
    archive's is JSONL, named with ``.jsonl`` in place of ``.warc`` (its compression kept);
    every other file keeps its name. Where that would give two inputs one output (``a.txt``
    and ``a.html``, or ``a.htm`` and ``a.html``), each renamed input of the clash keeps its
    whole name and gains ``.txt`` (``.jsonl`` before the compression) instead (``a.html.txt``,
    ``c.warc.jsonl.gz``), so every input gets its own output and the rule depends only on
    the names, never on the order they come in.

    >>> output_names(["a.html", "b.HTM", "c.txt", "d.warc.gz"])
    {'a.html': 'a.txt', 'b.HTM': 'b.txt', 'c.txt': 'c.txt', 'd.warc.gz': 'd.jsonl.gz'}
    >>> output_names(["a.txt", "a.html", "b.htm", "b.html", "c.jsonl.gz", "c.warc.gz"])["a.html"]
    'a.html.txt'
    >>> output_names(["a.txt", "a.html", "b.htm", "b.html", "c.jsonl.gz", "c.warc.gz"])["c.warc.gz"]
    'c.warc.jsonl.gz'
    >>> output_names(["a.html", "a.md"], page_suffix=".md")
    {'a.html': 'a.html.md', 'a.md': 'a.md'}
    """
    names = list(names)
    renamed = {name: r for name in names if (r := _renamed(name, page_suffix)) is not None}
    claimed: dict[str, int] = {}
    for name in names:
        out = renamed[name][0] if name in renamed else name
        claimed[out] = claimed.get(out, 0) + 1
    return {name: (renamed[name][1] if claimed[renamed[name][0]] > 1 else renamed[name][0])
            if name in renamed else name for name in names}


def iter_inputs(
    sources: Iterable[str | Path],
    *,
    exclude: Path | None = None,
    suffixes: Iterable[str] = TEXT_SUFFIXES,
    on_ignored: Callable[[Path], None] | None = None,
    follow_links: bool = False,
    page_suffix: str = ".txt",
    selection: "Selection | None" = None,
) -> Iterator[InputFile]:
    """Files to clean under ``sources``, in a stable order, with their output-relative paths.

    A folder is walked recursively for files with one of ``suffixes``, optionally followed by
    ``.gz`` or ``.zst`` (hidden files and folders are skipped, symlinked folders are not
    followed, so a link loop cannot trap the walk); its files keep their path relative to that
    folder, named as :func:`output_names` says. A file named directly is taken whatever its
    suffix, and keeps its name (the file arguments of one call are named together, like the
    files of one folder). Anything inside ``exclude`` (the output folder) is never read, so an
    output folder inside a source folder is not cleaned again. ``on_ignored(path)`` hears of
    each file of a walked folder that is not taken because of its suffix. A symbolic link in
    a walked folder that leads outside it is not followed (unless ``follow_links``): it comes
    with a ``skip`` reason, so a planted link cannot copy ``~/.ssh/id_rsa`` into the output.
    ``page_suffix``: what an HTML page's output is named with (:func:`output_names`).
    ``selection`` (:class:`textclean.io.selection.Selection`, its defaults where None): the
    globs and ``.gitignore`` files that decide which files of a walked folder are taken;
    a file named directly is always taken.
    """
    from textclean.io.selection import GitIgnores, Selection

    selection = selection or Selection()
    suffixes = tuple(s.lower() for s in suffixes)
    sources = [Path(s) for s in sources]
    direct = [s for s in sources if not s.is_dir()]
    direct_names = output_names((s.name for s in direct), page_suffix)
    for source in sources:
        if source.is_dir():
            root = source
            # Only an output folder *inside* this source is left out; a source inside the
            # output folder is walked whole (every one of its folders is "inside" the output).
            skip = exclude if exclude is not None and is_within(exclude, root) else None
            real_root = os.path.realpath(root)
            ignores = GitIgnores(root.resolve()) if selection.gitignore else None
            for folder, dirs, files in os.walk(root, followlinks=False):
                here = Path(folder)
                base = here.relative_to(root).as_posix()
                base = "" if base == "." else base + "/"
                real_here = here.resolve() if ignores is not None else here  # (once a folder)
                dirs[:] = sorted(
                    d for d in dirs
                    if not d.startswith(".") and not (skip is not None and is_within(here / d, skip))
                    and selection.takes_folder(base + d, d)
                    and not (ignores is not None and ignores.ignored(real_here / d, folder=True))
                )
                taken = []
                for name in sorted(files):
                    lower = name.lower()
                    for compressed in COMPRESSED_SUFFIXES:
                        if lower.endswith(compressed):
                            lower = lower[: -len(compressed)]
                    if name.startswith("."):
                        continue
                    if not lower.endswith(suffixes):
                        if on_ignored is not None:
                            on_ignored(here / name)
                        continue
                    if not selection.takes_file(base + name, name) or (
                            ignores is not None and ignores.ignored(real_here / name)):
                        continue
                    taken.append(name)
                named = output_names(taken, page_suffix)
                for name in taken:
                    path = here / name
                    reason = None
                    if not follow_links and os.path.islink(path):
                        real = os.path.realpath(path)
                        if os.path.commonpath([real, real_root]) != real_root:
                            reason = (f"a link to {display(real)}, outside the input folder {display(root)}: not followed "
                                      f"(--follow-links to follow it)")
                    yield InputFile(path, path.parent.relative_to(root) / named[name], reason)
        else:
            # A missing or unreadable file is yielded too: reading it reports the error.
            yield InputFile(source, Path(direct_names[source.name]))


class OutputClash(ValueError):
    """Two inputs would be written to one output, or an output would land on an input."""


def check_outputs(walk: Callable[[], Iterable[InputFile]], out_dir: Path) -> int:
    """Walk the inputs of a run (``walk()`` yields them) before it writes anything, and raise
    :class:`OutputClash` if two of them would be written to one file of ``out_dir``, or if an
    output would overwrite an input; return how many inputs there are.

    Paths are compared as absolute paths with each input's folder resolved (one system call
    per folder, not per file) and held as hashes, so a walk of millions of files stays small;
    only a clash walks the inputs again, to name the files.

    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> for name in ("x/n.txt", "y/n.txt"):
    ...     (d / name).parent.mkdir(exist_ok=True); _ = (d / name).write_text("a")
    >>> check_outputs(lambda: iter_inputs([d / "x/n.txt", d / "y/n.txt"]), d / "out")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    textclean.io.files.OutputClash: .../x/n.txt and .../y/n.txt would both be written to .../out/n.txt; ...
    >>> check_outputs(lambda: iter_inputs([d / "x"]), d / "x")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    textclean.io.files.OutputClash: the output of .../x/n.txt would overwrite the input .../x/n.txt; ...
    >>> check_outputs(lambda: iter_inputs([d]), d / "x" / "out")
    2
    """
    out_root = os.path.abspath(out_dir.resolve())
    folders: dict[Path, str] = {}

    def where(path: Path) -> str:
        folder = folders.get(path.parent)
        if folder is None:
            folder = folders[path.parent] = str(path.parent.resolve())
        return os.path.join(folder, path.name)

    def target(item: InputFile) -> str:
        return os.path.normpath(os.path.join(out_root, item.relative))

    targets: set[int] = set()
    inputs: set[int] = set()
    clash = None
    for item in walk():
        if str(item.path) == "-":
            continue
        key = hash(target(item))
        if key in targets:
            clash = key
            break
        targets.add(key)
        inputs.add(hash(where(item.path)))
    if clash is not None:
        first, second = [item for item in walk() if hash(target(item)) == clash][:2]
        raise OutputClash(f"{display(first.path)} and {display(second.path)} would both be written to "
                          f"{display(target(second))}; "
                          f"clean them in separate runs or into separate output folders")
    overwritten = inputs.intersection(targets)
    if overwritten:
        key = next(iter(overwritten))
        writer = next(item for item in walk() if hash(target(item)) == key)
        victim = next(item for item in walk() if hash(where(item.path)) == key)
        raise OutputClash(f"the output of {display(writer.path)} would overwrite the input {display(victim.path)}; "
                          f"inputs are never modified: choose an output folder outside the inputs")
    return len(targets)
