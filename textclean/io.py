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


def iter_inputs(
    sources: Iterable[str | Path],
    *,
    exclude: Path | None = None,
    suffixes: Iterable[str] = TEXT_SUFFIXES,
) -> Iterator[InputFile]:
    """Files to clean under ``sources``, in a stable order, with their output-relative paths.

    A folder is walked recursively for files with one of ``suffixes``, optionally followed by
    ``.gz`` or ``.zst`` (hidden files and
    folders are skipped, symlinked folders are not followed, so a link loop cannot trap the
    walk); its files keep their path relative to that folder. A file named directly is taken
    whatever its suffix, and keeps its name. Anything inside ``exclude`` (the output folder)
    is never read, so an output folder inside a source folder is not cleaned again.
    """
    suffixes = tuple(s.lower() for s in suffixes)
    for source in sources:
        source = Path(source)
        if source.is_dir():
            root = source
            for folder, dirs, files in os.walk(root, followlinks=False):
                here = Path(folder)
                dirs[:] = sorted(
                    d for d in dirs
                    if not d.startswith(".") and not (exclude is not None and is_within(here / d, exclude))
                )
                for name in sorted(files):
                    lower = name.lower()
                    for compressed in COMPRESSED_SUFFIXES:
                        if lower.endswith(compressed):
                            lower = lower[: -len(compressed)]
                    if name.startswith(".") or not lower.endswith(suffixes):
                        continue
                    path = here / name
                    yield InputFile(path, path.relative_to(root))
        else:
            # A missing or unreadable file is yielded too: reading it reports the error.
            yield InputFile(source, Path(source.name))
