"""Format adapter for workbooks (.xlsx, .xls), as finance systems export them and people lay them out.

Each sheet gives its name as a text line, the rows around its tables as text
lines (titles, 部门, 单位, 注/说明), and each table as a grid: a run of ruled
rows when the sheet rules its tables (two tables on one sheet are two runs,
their titles between them), otherwise a run of rows with two or more filled
cells. A table continued on the next sheet (a sheet named “…（续）”, or one whose
first table has no title before it and the width of the table before) is joined
to it, the header rows it repeats dropped. ``Where(sheet=…, line=row number)``
points back at the row. Recognising what a table is stays with the recognisers.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

from juesuan.loaders.adapters.excel_cells import Sheet, read_sheets
from juesuan.loaders.errors import ReportError
from juesuan.loaders.limits import read_bytes
from juesuan.loaders.grids import Document, Grid, Row, TextLine, Where
from juesuan.loaders.normalise import header_key

_CONTINUED = re.compile(r"[（(]?续[）)]?$")
# lines printed around a table that are not its title: they do not stop a sheet continuing the one before
_FURNITURE = re.compile(r"^(?:编制)?(?:部门|单位)[:：]|^单位[:：]|^金额单位|^公开\d+表$")


def read(path: Path) -> Document:
    data = read_bytes(path)
    if not data.strip():
        raise ReportError(str(path), "the file is empty")
    try:
        sheets = read_sheets(path, data)
    except ValueError as err:
        raise ReportError(str(path), str(err)) from err
    blocks: list = []
    for sheet in sheets:
        sheet_part = sheet_blocks(sheet)
        if _continues(blocks, sheet, sheet_part):
            _join(blocks, sheet_part)
        else:
            blocks.extend(sheet_part)
    if not any(isinstance(b, Grid) for b in blocks):
        raise ReportError(str(path), "a workbook without any table: every sheet is empty or holds text only")
    return Document(str(path), path.suffix.lower().lstrip("."), hashlib.sha256(data).hexdigest(), blocks)


def table_runs(sheet: Sheet) -> list[range]:
    """The rows (0-based, end exclusive) of each table of the sheet, top to bottom."""
    ruled = [i for i, flag in enumerate(sheet.ruled) if flag and any(sheet.rows[i])]
    if ruled:
        picked = set(ruled)
    else:
        picked = {i for i, row in enumerate(sheet.rows) if sum(1 for c in row if c) >= 2}
    runs: list[range] = []
    start = None
    for i in range(len(sheet.rows) + 1):
        inside = i in picked or (start is not None and i < len(sheet.rows) and not any(sheet.rows[i])
                                 and i + 1 in picked)  # one blank row inside a table does not end it
        if inside and start is None:
            start = i
        elif not inside and start is not None:
            runs.append(range(start, i))
            start = None
    return runs


def table_rows(sheet: Sheet) -> range:
    """The rows of the sheet's first table (empty when it has none)."""
    runs = table_runs(sheet)
    return runs[0] if runs else range(0)


def sheet_blocks(sheet: Sheet) -> list:
    blocks: list = [TextLine(sheet.name, Where(sheet=sheet.name))]
    runs = table_runs(sheet)
    in_table = {i: run for run in runs for i in run}
    widths = {run.start: max((_used_width(sheet.rows[i]) for i in run), default=0) for run in runs}
    grid: Grid | None = None
    for index, cells in enumerate(sheet.rows):
        where = Where(sheet=sheet.name, line=index + 1)
        run = in_table.get(index)
        if run is not None:
            if not any(cells):
                continue
            if grid is None or index == run.start:
                grid = Grid()
                blocks.append(grid)
            width = widths[run.start]
            padded = tuple(cells[:width]) + ("",) * (width - len(cells[:width]))
            grid.rows.append(Row(padded, where))
            continue
        grid = None
        if any(cells):
            blocks.append(TextLine(" ".join(c for c in cells if c), where))
    return blocks


def _continues(blocks: list, sheet: Sheet, part: list) -> bool:
    """This sheet's first table goes on with the last table of the sheets before."""
    previous = next((b for b in reversed(blocks) if isinstance(b, Grid)), None)
    first = next((b for b in part if isinstance(b, Grid)), None)
    if previous is None or first is None or not blocks or blocks[-1] is not previous and not isinstance(
            blocks[-1], TextLine):
        return False
    if len(first.rows[0].cells) != len(previous.rows[0].cells):
        return False
    before = [b for b in part[1: part.index(first)] if isinstance(b, TextLine)]
    titled = [b for b in before if not _FURNITURE.match(header_key(b.text))]
    return bool(_CONTINUED.search(header_key(sheet.name))) or not titled


def _join(blocks: list, part: list) -> None:
    """Append the continued table's rows to the table before, without the header rows it repeats."""
    previous = next(b for b in reversed(blocks) if isinstance(b, Grid))
    first = next(b for b in part if isinstance(b, Grid))
    repeated = 0
    for a, b in zip(previous.rows, first.rows):
        if tuple(header_key(c) for c in a.cells) != tuple(header_key(c) for c in b.cells):
            break
        repeated += 1
    previous.rows.extend(first.rows[repeated:])
    blocks.extend(b for b in part[part.index(first) + 1:])


def _used_width(cells: tuple[str, ...]) -> int:
    used = [i for i, c in enumerate(cells) if c]
    return used[-1] + 1 if used else 0
