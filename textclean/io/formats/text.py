"""Text and HTML files: one document per file, decoded from whatever encoding it is in; an
HTML page (by its name or how it starts) is reduced to its text blocks."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterator

from textclean.io.compression import DEFAULT_MAX_BYTES, read_compressed
from textclean.io.formats.base import Format
from textclean.io.html import decode_input, page_text


class TextFormat(Format):
    """A text or HTML file: the format of every file that no other format's suffix claims.
    Cleaning one is :func:`textclean.run.document.prepare`."""

    name = "text"
    dataset = False

    def documents(self, path: Path, name: str, text_field: str,
                  report: Callable[[str], None]) -> Iterator[str]:
        yield page_text(path, decode_input(path, read_compressed(path, DEFAULT_MAX_BYTES)).text)[0]
