"""Format adapter for text extractions of a report: tab-separated cells, one row a line.

Turns the file into grids and text lines only; recognising tables is not its job.
Blank lines inside a table (page breaks) do not end it; a line of running text does.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

from juesuan.loaders.errors import ReportError
from juesuan.loaders.limits import read_bytes
from juesuan.loaders.numbers import is_number
from juesuan.loaders.grids import Document, Grid, Row, TextLine, Where

_SEPARATOR = re.compile(r"^[\s\-—=|:]*$")
ENCODINGS = ("utf-8-sig", "gb18030")


def decode(path: Path, data: bytes) -> str:
    if not data.strip():
        raise ReportError(str(path), "the file is empty")
    if b"\x00" in data:
        raise ReportError(str(path), "not a text report (binary content: a NUL byte at offset "
                          f"{data.index(bytes(1)):,})")
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as err:
            if encoding.startswith("utf-8") and err.reason == "unexpected end of data" and err.end == len(data):
                # the bytes end inside a character (a download cut short): the text up to it; the
                # truncation checks then see where the report was cut
                return data[:err.start].decode(encoding)
            if encoding.startswith("utf-8") and (text := _utf8_with_few_errors(data)) is not None:
                return text
            continue
    raise ReportError(str(path), "not a text report (neither UTF-8 nor GB18030 text)")


_WIDE_GAP = re.compile(r"\s{2,}")


def _spaced_cells(line: str) -> tuple[str, ...] | None:
    """The cells of a table row printed with runs of spaces for tabs (“2040202    行政运行    67,479.00”):
    at least three fields, two of them amounts. Running text is never split this way."""
    cells = tuple(c.strip() for c in _WIDE_GAP.split(line.strip()))
    if len(cells) >= 3 and sum(1 for c in cells if is_number(c)) >= 2:
        return cells
    return None


DAMAGED_BYTES_MAX = 16  # invalid sequences a UTF-8 file may hold and still be read as UTF-8


def _utf8_with_few_errors(data: bytes) -> str | None:
    """UTF-8 text with a few damaged bytes: each becomes U+FFFD where it stands (a cell holding one is then
    an unreadable cell with a warning), rather than the whole file read as another encoding's garbage."""
    text = data.decode("utf-8", "replace")
    damaged = text.count("\ufffd") - data.count("\ufffd".encode("utf-8"))
    return text if 0 < damaged <= DAMAGED_BYTES_MAX and len(data) > 64 * damaged else None


def read(path: Path) -> Document:
    data = read_bytes(path)
    text = decode(path, data)
    blocks: list = []
    grid: Grid | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if "\t" in line:
            cells = tuple(c.strip() for c in line.split("\t"))
            if all(_SEPARATOR.match(c) for c in cells):
                continue  # a ---- rule under a table
            if grid is None:
                grid = Grid()
                blocks.append(grid)
            grid.rows.append(Row(cells, Where(line=number)))
            continue
        if not line.strip():
            continue  # a page break inside a table keeps the table open
        if grid is not None and (cells := _spaced_cells(line)):
            grid.rows.append(Row(cells, Where(line=number)))  # a row whose tabs became spaces
            continue
        grid = None
        blocks.append(TextLine(line.strip(), Where(line=number)))
    return Document(str(path), "text", hashlib.sha256(data).hexdigest(), blocks)
