"""Where a value was printed: the one provenance type of every grid row, amount, fact and warning.

The file is the document's (``Report.source_path``); within it a value stands on
a page of a PDF or a sheet of a workbook, at a line (a line of a text file, the
n-th line or table row of a PDF page, the row number of a sheet), and
``raw_text`` is what was printed there, exactly: a cell, a row, a sentence's number.
"""
from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True, slots=True)
class Where:
    line: int | None = None
    page: int | None = None
    sheet: str | None = None
    raw_text: str | None = None

    def printed(self, raw_text: str | None) -> Where:
        """The same place, with what was printed there."""
        return replace(self, raw_text=raw_text)

    def __str__(self) -> str:
        parts = []
        if self.sheet:
            parts.append(f"sheet {self.sheet}")
        if self.page:
            parts.append(f"page {self.page}")
        if self.line:
            parts.append(f"line {self.line}")
        return ", ".join(parts) or "unknown place"
