"""Bytes in, UTF-8 out: decoding files of unknown encoding, finding inputs, writing atomically.

Cleaners never see bytes or paths; this module is the boundary. Decoding tries, in order: a
byte-order mark (UTF-8/16/32), strict UTF-8, UTF-16 without a BOM (recognised by its NUL
pattern), then charset-normalizer's best guess (cp1252, latin-1, Shift-JIS...). Input that is
not text (NUL bytes, mostly control characters, undecodable) raises :class:`NotTextError`.
Outputs are written to a temporary file beside the target and renamed over it, so a reader
(or a resumed run) never sees a half-written file.
"""

from __future__ import annotations

import codecs
import itertools
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

#: File name endings the CLI treats as text when it walks a folder.
TEXT_SUFFIXES = (".txt", ".text", ".md", ".markdown", ".rst", ".asc", ".log", ".html", ".htm",
                 ".jsonl", ".ndjson", ".parquet")
#: Compression suffixes that may follow any of those (``crawl.jsonl.zst``, ``page.txt.gz``).
COMPRESSED_SUFFIXES = (".gz", ".zst")

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Temporary names: this process's id and a counter, unique among live processes; O_EXCL
# still guards against a name a killed process left behind.
_TMP_SERIAL = itertools.count()
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
_BUFFER = 1 << 16

# Control characters that real text does not contain (tab, LF, FF, CR and ESC are allowed).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]")


class NotTextError(ValueError):
    """The bytes are not text in any encoding we can trust; the message says why."""


@dataclass(frozen=True)
class Decoded:
    """Decoded text and the encoding it was read as."""

    text: str
    encoding: str


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    sample = text[:100_000]
    # Counted by the regex engine: a loop over characters here cost more than cleaning.
    return len(_CONTROL.findall(sample)) / len(sample)


# UTF-16 without a BOM is a guess from the NUL pattern alone, and a few bytes of binary with a
# NUL can fit that pattern by chance (``abc\0def`` read as UTF-16-LE is three CJK characters).
# So the guess needs evidence: enough code units to show a pattern, NULs in most high bytes
# (ASCII-range and Latin-1 text has one in nearly every one) and almost none in the low bytes,
# and decoded text that is plausible.
_UTF16_MIN_UNITS = 8
# Controls in decoded UTF-16: C0 (but tab, LF, FF, CR), DEL and C1; real text has next to none.
_UTF16_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def _utf16_without_bom(data: bytes) -> str | None:
    """Text, if ``data`` is very probably UTF-16 without a BOM, else None.

    >>> _utf16_without_bom("Grüße aus München\\n".encode("utf-16-le"))
    'Grüße aus München\\n'
    >>> _utf16_without_bom(b"abc\\x00def\\x00") is None  # too short to show a pattern
    True
    >>> _utf16_without_bom("".join(map(chr, range(1, 9))).encode("utf-16-le")) is None  # controls
    True
    """
    # An odd length is not UTF-16 (a file with a UTF-16 BOM and an odd length is refused too).
    if len(data) % 2 or len(data) < 2 * _UTF16_MIN_UNITS:
        return None
    sample = data[:20_000]
    even_nuls = sample[0::2].count(0) / (len(sample) // 2)
    odd_nuls = sample[1::2].count(0) / (len(sample) // 2)
    if odd_nuls > 0.5 and even_nuls < 0.05:
        encoding = "utf-16-le"
    elif even_nuls > 0.5 and odd_nuls < 0.05:
        encoding = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(encoding)  # strict: a lone surrogate fails here
    except UnicodeDecodeError:
        return None
    head = text[:100_000]
    # Allowances grow with the length, so a short guess must be clean: one control character
    # in a thousand, one unassigned or private-use character in a hundred.
    if len(_UTF16_CONTROL.findall(head)) > len(head) // 1000:
        return None
    odd = [c for c in set(head) if unicodedata.category(c) in ("Cn", "Co", "Cs")]
    if sum(head.count(c) for c in odd) > len(head) // 100:
        return None
    return text


def decode(data: bytes) -> Decoded:
    """Decode bytes of unknown encoding to text.

    >>> decode("Armenia’s".encode("utf-8"))
    Decoded(text='Armenia’s', encoding='utf-8')
    >>> decode(codecs.BOM_UTF8 + b"hi").text
    'hi'
    >>> decode("Armenia’s".encode("utf-16")).text
    'Armenia’s'
    >>> decode(b"caf\\xe9 au lait, na\\xefve r\\xe9sum\\xe9 of the d\\xe9j\\xe0 vu").encoding
    'cp1252'
    >>> decode(b"\\x00\\x01\\x02binary")
    Traceback (most recent call last):
    ...
    textclean.io.NotTextError: binary data (NUL bytes)
    >>> decode(b"abc\\x00def")  # not UTF-16-LE "扡c敤": too little evidence
    Traceback (most recent call last):
    ...
    textclean.io.NotTextError: binary data (NUL bytes)
    >>> decode("Grüße aus München,\\nzweite Zeile.\\n".encode("utf-16-be"))
    Decoded(text='Grüße aus München,\\nzweite Zeile.\\n', encoding='utf-16 (no BOM)')
    """
    if not data:
        return Decoded("", "utf-8")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data[len(bom):].decode(encoding), encoding)
            except UnicodeDecodeError:
                raise NotTextError(f"starts with a {encoding} byte-order mark but is not {encoding}") from None
    if b"\x00" in data:
        text = _utf16_without_bom(data)
        if text is not None:
            return Decoded(text, "utf-16 (no BOM)")
        raise NotTextError("binary data (NUL bytes)")
    try:
        text = data.decode("utf-8")
        encoding = "utf-8"
    except UnicodeDecodeError:
        text, encoding = _guess(data)
    if _control_share(text) > 0.05:
        raise NotTextError("binary data (control characters)")
    return Decoded(text, encoding)


def _guess(data: bytes) -> tuple[str, str]:
    import charset_normalizer

    matches = charset_normalizer.from_bytes(data[:1_000_000])
    best = matches.best()
    if best is None:
        raise NotTextError("not text in any encoding charset-normalizer recognises")
    encoding = best.encoding
    # With no evidence between candidates (a short text of accented Latin letters fits
    # cp1250 and cp1252 equally), take the web's most common legacy encoding.
    # (charset-normalizer folds encodings that decode the bytes identically into one match.)
    tied = [m for m in matches if m.chaos <= best.chaos and m.coherence >= best.coherence]
    if any("cp1252" in m.could_be_from_charset for m in tied):
        encoding = "cp1252"
    # charset-normalizer guesses from a sample; decode everything, and fall back to the
    # web's de-facto default rather than lose a file over one odd byte far down.
    for candidate in (encoding, "cp1252"):
        try:
            return data.decode(candidate), _canonical(candidate)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode(encoding, errors="replace"), _canonical(encoding)


def _canonical(encoding: str) -> str:
    try:
        return codecs.lookup(encoding).name.replace("_", "-")
    except LookupError:
        return encoding


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


@dataclass(frozen=True)
class InputFile:
    """A file to clean and where its output goes, relative to the output folder."""

    path: Path
    relative: Path


def is_within(path: Path, folder: Path) -> bool:
    """Whether ``path`` is ``folder`` or inside it (both resolved)."""
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except ValueError:
        return False


#: Inputs whose output is plain text under another name: ``page.html`` -> ``page.txt``.
HTML_SUFFIXES = (".html", ".htm")


def output_names(names: Iterable[str]) -> dict[str, str]:
    """The output file name of each input file name of one folder (or of the file arguments
    of one command line).

    An HTML page's output is text, named with ``.txt`` in place of ``.html``/``.htm``; every
    other file keeps its name. Where that would give two inputs one output (``a.txt`` and
    ``a.html``, or ``a.htm`` and ``a.html``), each HTML page of the clash keeps its whole name
    and gains ``.txt`` instead (``a.html.txt``), so every input gets its own output and the
    rule depends only on the names, never on the order they come in.

    >>> output_names(["a.html", "b.HTM", "c.txt"])
    {'a.html': 'a.txt', 'b.HTM': 'b.txt', 'c.txt': 'c.txt'}
    >>> output_names(["a.txt", "a.html", "b.htm", "b.html"])
    {'a.txt': 'a.txt', 'a.html': 'a.html.txt', 'b.htm': 'b.htm.txt', 'b.html': 'b.html.txt'}
    """
    names = list(names)
    short: dict[str, str] = {}
    for name in names:
        stem, dot, suffix = name.rpartition(".")
        if dot and stem and "." + suffix.lower() in HTML_SUFFIXES:
            short[name] = stem + ".txt"
    claimed: dict[str, int] = {}
    for name in names:
        out = short.get(name, name)
        claimed[out] = claimed.get(out, 0) + 1
    return {name: (name + ".txt" if claimed[short[name]] > 1 else short[name]) if name in short else name
            for name in names}


def iter_inputs(
    sources: Iterable[str | Path],
    *,
    exclude: Path | None = None,
    suffixes: Iterable[str] = TEXT_SUFFIXES,
    on_ignored: Callable[[Path], None] | None = None,
) -> Iterator[InputFile]:
    """Files to clean under ``sources``, in a stable order, with their output-relative paths.

    A folder is walked recursively for files with one of ``suffixes``, optionally followed by
    ``.gz`` or ``.zst`` (hidden files and folders are skipped, symlinked folders are not
    followed, so a link loop cannot trap the walk); its files keep their path relative to that
    folder, named as :func:`output_names` says. A file named directly is taken whatever its
    suffix, and keeps its name (the file arguments of one call are named together, like the
    files of one folder). Anything inside ``exclude`` (the output folder) is never read, so an
    output folder inside a source folder is not cleaned again. ``on_ignored(path)`` hears of
    each file of a walked folder that is not taken because of its suffix.
    """
    suffixes = tuple(s.lower() for s in suffixes)
    sources = [Path(s) for s in sources]
    direct = [s for s in sources if not s.is_dir()]
    direct_names = output_names(s.name for s in direct)
    for source in sources:
        if source.is_dir():
            root = source
            # Only an output folder *inside* this source is left out; a source inside the
            # output folder is walked whole (every one of its folders is "inside" the output).
            skip = exclude if exclude is not None and is_within(exclude, root) else None
            for folder, dirs, files in os.walk(root, followlinks=False):
                here = Path(folder)
                dirs[:] = sorted(
                    d for d in dirs
                    if not d.startswith(".") and not (skip is not None and is_within(here / d, skip))
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
                    taken.append(name)
                named = output_names(taken)
                for name in taken:
                    path = here / name
                    yield InputFile(path, path.parent.relative_to(root) / named[name])
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
    textclean.io.OutputClash: .../x/n.txt and .../y/n.txt would both be written to .../out/n.txt; ...
    >>> check_outputs(lambda: iter_inputs([d / "x"]), d / "x")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    textclean.io.OutputClash: the output of .../x/n.txt would overwrite the input .../x/n.txt; ...
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
        raise OutputClash(f"{first.path} and {second.path} would both be written to {target(second)}; "
                          f"clean them in separate runs or into separate output folders")
    overwritten = inputs.intersection(targets)
    if overwritten:
        key = next(iter(overwritten))
        writer = next(item for item in walk() if hash(target(item)) == key)
        victim = next(item for item in walk() if hash(where(item.path)) == key)
        raise OutputClash(f"the output of {writer.path} would overwrite the input {victim.path}; "
                          f"inputs are never modified: choose an output folder outside the inputs")
    return len(targets)
