"""Compressed files (gzip, zstd): streamed reading and writing, with a size limit.

A document is read whole only up to a limit once decompressed (``--max-size``); past that it
is :class:`UnreadableInput`, having read no more than the limit, so a gzip bomb costs at most
that much. A corrupt archive is :class:`UnreadableInput` too, never a decompressor's own error.
"""

from __future__ import annotations
import gzip
import io
from pathlib import Path
from typing import Any, BinaryIO
COMPRESSIONS = {".gz": "gzip", ".zst": "zstd"}


def split_compression(path: Path) -> tuple[str, str | None]:
    """The name without a compression suffix, and the compression.

    >>> split_compression(Path("crawl/part-0.jsonl.zst"))
    ('part-0.jsonl', 'zstd')
    >>> split_compression(Path("a.txt"))
    ('a.txt', None)
    """
    name = path.name
    for suffix, kind in COMPRESSIONS.items():
        if name.lower().endswith(suffix):
            return name[: -len(suffix)], kind
    return name, None


def _zstd():
    try:
        import zstandard
    except ImportError:
        raise RuntimeError(".zst files need the zstandard package: pip install 'textclean-toolkit[datasets]'") from None
    return zstandard


def check_codec(path: Path) -> None:
    """Raise RuntimeError (saying which extra to install) if ``path``'s compression cannot be
    read or written here; called before anything is opened, so nothing is left behind."""
    if split_compression(path)[1] == "zstd":
        _zstd()


def open_read(path: Path) -> BinaryIO:
    """Open a file for reading bytes, decompressing ``.gz`` and ``.zst`` on the fly."""
    _, compression = split_compression(path)
    if compression == "gzip":
        return gzip.open(path, "rb")  # type: ignore[return-value]
    zstandard = _zstd() if compression == "zstd" else None  # before opening: nothing to leak
    raw = open(path, "rb")
    if zstandard is not None:
        return io.BufferedReader(zstandard.ZstdDecompressor().stream_reader(raw, closefd=True))  # type: ignore[return-value]
    return raw


def open_write(raw: BinaryIO, path: Path) -> BinaryIO:
    """Wrap an open binary file so what is written is compressed like ``path`` says."""
    _, compression = split_compression(path)
    if compression == "gzip":
        return gzip.GzipFile(fileobj=raw, mode="wb", mtime=0)  # type: ignore[return-value]
    if compression == "zstd":
        return _zstd().ZstdCompressor().stream_writer(raw, closefd=False)  # type: ignore[return-value]
    return raw


#: The largest document, once decompressed, that is read whole: a text file, or one record of
#: a dataset (``--max-size``; 0 for no limit). Past it the document is refused with a reason,
#: so a compression bomb or a runaway record cannot exhaust memory.
DEFAULT_MAX_BYTES = 256 * 1024 * 1024


class UnreadableInput(ValueError):
    """An input that cannot be read as it claims to be: corrupt compressed data, or a
    document larger than the size limit. The message says which, in one line."""


def corrupt_error(path: Path, exc: BaseException) -> UnreadableInput:
    """The one-line :class:`UnreadableInput` for a decompressor's error ``exc`` on ``path``."""
    kind = split_compression(path)[1] or "file"
    name = type(exc).__name__
    if name == "error":  # zlib.error, and the like
        name = f"{type(exc).__module__}.error"
    return UnreadableInput(f"corrupt {kind} data ({name}: {str(exc).splitlines()[0] if str(exc) else ''})"
                           .replace(": )", ")"))


def _decompressing(path: Path, read: Any) -> Any:
    """Call ``read()``; a failure of the decompressor becomes :class:`UnreadableInput`.

    The decompressors raise what they like (``zlib.error``, ``gzip.BadGzipFile``,
    ``EOFError``, ``zstandard.ZstdError``); a plain file's read errors stay ``OSError``."""
    if split_compression(path)[1] is None:
        return read()
    try:
        return read()
    except UnreadableInput:
        raise
    except Exception as exc:
        raise corrupt_error(path, exc) from None


def size_text(n: int) -> str:
    """A byte count for people.

    >>> size_text(256 * 1024 * 1024), size_text(1536)
    ('256 MiB', '1.5 KiB')
    """
    for unit, size in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= size:
            return f"{n / size:.4g} {unit}"
    return f"{n} bytes"


def read_compressed(path: Path, limit: int | None = None) -> bytes:
    """All bytes of a (possibly compressed) file, at most ``limit`` of them once decompressed
    (past that, :class:`UnreadableInput`, having read no more than ``limit + 1`` bytes)."""
    with open_read(path) as f:
        data = _decompressing(path, lambda: f.read(limit + 1) if limit else f.read())
        if limit and len(data) > limit:
            raise UnreadableInput(f"larger than the size limit of {size_text(limit)} "
                                  f"{'once decompressed ' if split_compression(path)[1] else ''}(--max-size)")
        return data


def read_input(path: Path, limit: int | None = None) -> bytes:
    """All bytes of an input: a (possibly compressed) file, or standard input for ``-``; at
    most ``limit`` of them (past that, :class:`UnreadableInput`)."""
    if str(path) != "-":
        return read_compressed(path, limit)
    import sys

    data = sys.stdin.buffer.read(limit + 1) if limit else sys.stdin.buffer.read()
    if limit and len(data) > limit:
        raise UnreadableInput(f"larger than the size limit of {size_text(limit)} (--max-size)")
    return data


def verify_compressed(path: Path, chunk: int = 1 << 20) -> None:
    """Decompress a compressed file once, to nowhere, and raise :class:`UnreadableInput` if it
    is corrupt: a dataset is checked whole before its first record is cleaned, so a damaged
    archive is one skipped file, not thousands of garbage records followed by an error."""
    if split_compression(path)[1] is None:
        return
    with open_read(path) as f:
        _decompressing(path, lambda: all(iter(lambda: f.read(chunk), b"")) or True)


def compress(data: bytes, path: Path) -> bytes:
    """``data`` compressed the way ``path``'s suffix says (unchanged for no suffix)."""
    _, compression = split_compression(path)
    if compression == "gzip":
        return gzip.compress(data, mtime=0)
    if compression == "zstd":
        return _zstd().ZstdCompressor().compress(data)
    return data
