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
        except UnicodeDecodeError:
            continue
    raise ReportError(str(path), "not a text report (neither UTF-8 nor GB18030 text)")


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
        grid = None
        blocks.append(TextLine(line.strip(), Where(line=number)))
    return Document(str(path), "text", hashlib.sha256(data).hexdigest(), blocks)
