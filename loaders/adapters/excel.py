"""Format adapter for workbooks (.xlsx, .xls) with one table per sheet, as finance systems export them.

Each sheet gives its name as a text line, the rows above and below its table
as text lines (title, 部门, 单位, 注/说明), and the table itself as one grid:
the ruled rows when the sheet rules its table, otherwise the rows from the first
to the last with two or more filled cells. ``Where(sheet=…, line=row number)``
points back at the row. Recognising what a table is stays with the recognisers.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from juesuan.loaders.adapters.excel_cells import Sheet, read_sheets
from juesuan.loaders.errors import ReportError
from juesuan.loaders.grids import Document, Grid, Row, TextLine, Where


def read(path: Path) -> Document:
    data = path.read_bytes()
    if not data.strip():
        raise ReportError(str(path), "the file is empty")
    try:
        sheets = read_sheets(path)
    except ValueError as err:
        raise ReportError(str(path), str(err)) from err
    blocks: list = []
    for sheet in sheets:
        blocks.extend(sheet_blocks(sheet))
    if not any(isinstance(b, Grid) for b in blocks):
        raise ReportError(str(path), "a workbook without any table: every sheet is empty or holds text only")
    return Document(str(path), path.suffix.lower().lstrip("."), hashlib.sha256(data).hexdigest(), blocks)


def table_rows(sheet: Sheet) -> range:
    """The rows (0-based, end exclusive) that hold the sheet's table; empty when it has none."""
    filled = [i for i, row in enumerate(sheet.rows) if sum(1 for c in row if c) >= 2]
    ruled = [i for i, flag in enumerate(sheet.ruled) if flag and any(sheet.rows[i])]
    if ruled:
        return range(ruled[0], ruled[-1] + 1)
    if filled:
        return range(filled[0], filled[-1] + 1)
    return range(0)


def sheet_blocks(sheet: Sheet) -> list:
    blocks: list = [TextLine(sheet.name, Where(sheet=sheet.name))]
    table = table_rows(sheet)
    width = max((_used_width(sheet.rows[i]) for i in table), default=0)
    grid: Grid | None = None
    for index, cells in enumerate(sheet.rows):
        where = Where(sheet=sheet.name, line=index + 1)
        if index in table:
            if not any(cells):
                continue
            if grid is None:
                grid = Grid()
                blocks.append(grid)
            padded = tuple(cells[:width]) + ("",) * (width - len(cells[:width]))
            grid.rows.append(Row(padded, where))
        elif any(cells):
            blocks.append(TextLine(" ".join(c for c in cells if c), where))
    return blocks


def _used_width(cells: tuple[str, ...]) -> int:
    used = [i for i, c in enumerate(cells) if c]
    return used[-1] + 1 if used else 0
