"""What every format adapter produces: grids of cell strings and text lines, in order.

A document is a sequence of blocks. A ``TextLine`` is a line of running text
(titles, units, narrative); a ``Grid`` is a run of table rows. Both carry their
provenance (line of a text file, page of a PDF, sheet of a workbook), so every
value read from them can be traced back to its place in the document.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from juesuan.loaders.provenance import Where

SourceFormat = Literal["text", "pdf", "xlsx", "xls"]


@dataclass(frozen=True)
class Row:
    cells: tuple[str, ...]
    where: Where

    @property
    def raw(self) -> str:
        return "\t".join(self.cells)


@dataclass(frozen=True)
class TextLine:
    text: str
    where: Where


@dataclass
class Grid:
    rows: list[Row] = field(default_factory=list)

    @property
    def where(self) -> Where:
        return self.rows[0].where if self.rows else Where()


Block = TextLine | Grid


@dataclass
class Document:
    """The adapter's output: blocks in reading order plus the file's identity."""

    path: str
    source_format: SourceFormat
    content_sha256: str
    blocks: list[Block]

    def text_lines(self) -> list[TextLine]:
        return [b for b in self.blocks if isinstance(b, TextLine)]
