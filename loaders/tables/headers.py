"""Read a table's header: where it ends, and the header path of every column.

Merged header cells span to the right until the next printed cell within their
parent's span, so “本年支出 | | ” over “小计 | 基本支出 | 项目支出” gives the
paths 本年支出/小计, 本年支出/基本支出, 本年支出/项目支出.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from juesuan.loaders.grids import Row
from juesuan.loaders.normalise import header_key, looks_numeric

_CODE = re.compile(r"^\d{3}(?:\s?\d{2}){0,2}$")


@dataclass(frozen=True)
class Header:
    rows: list[Row]               # the header rows as printed
    paths: list[tuple[str, ...]]  # per column, the header keys from top to bottom
    data_start: int               # index of the first data row in the grid
    column_numbers: Row | None    # the 栏次 row, when printed
    fused_row: Row | None = None  # the data part of a row that also printed header cells (类|款|项|合计|…)

    @property
    def width(self) -> int:
        return len(self.paths)

    def text(self) -> str:
        return "|".join("/".join(p) for p in self.paths)


def is_column_number_row(row: Row) -> bool:
    """栏次 | | 1 | 2 … or a bare 1 | 2 | 3 … sequence."""
    cells = [header_key(c) for c in row.cells]
    if cells and cells[0] == "栏次":
        return True
    filled = [c for c in cells if c]
    if len(filled) < 2 or not all(c.isdigit() for c in filled):
        return False
    numbers = [int(c) for c in filled]
    return numbers[0] == 1 and numbers == list(range(1, len(numbers) + 1))


def is_code(cell: str) -> bool:
    return bool(_CODE.match(cell.strip()))


def looks_like_data(row: Row) -> bool:
    cells = [c.strip() for c in row.cells]
    if cells and is_code(cells[0]):
        return True
    return any(looks_numeric(c) and not c.isdigit() for c in cells) or (
        sum(1 for c in cells if looks_numeric(c)) >= 2 and not is_column_number_row(row)
    )


CODE_PARTS = ("类", "款", "项")


def split_fused(row: Row) -> tuple[Row, Row] | None:
    """A ruled row that holds the 类/款/项 header cells and the 合计 row's data (“类 | 款 | 项 | 合计 | 2,946.25”):
    its header part (the 类 款 项 cells alone) and its data part (those cells blank)."""
    keys = [header_key(c) for c in row.cells]
    parts = [i for i, k in enumerate(keys) if k in CODE_PARTS]
    if len(parts) < 2 or [keys[i] for i in parts] != [p for p in CODE_PARTS if p in [keys[i] for i in parts]]:
        return None
    if parts != list(range(parts[0], parts[0] + len(parts))):
        return None
    head = tuple(c if i in parts else "" for i, c in enumerate(row.cells))
    data = tuple("" if i in parts else c for i, c in enumerate(row.cells))
    return Row(head, row.where), Row(data, row.where)


def read_header(rows: list[Row]) -> Header:
    header_rows: list[Row] = []
    column_numbers = None
    fused = None
    start = len(rows)
    for index, row in enumerate(rows):
        if is_column_number_row(row):
            column_numbers = row
            start = index + 1
            break
        if looks_like_data(row):
            start = index
            break
        header_rows.append(row)
    if start < len(rows) and (split := split_fused(rows[start])) is not None:
        header_rows.append(split[0])
        fused = split[1]
    width = max((len(r.cells) for r in rows[: start + 1]), default=0)
    return Header(header_rows, column_paths([r.cells for r in header_rows], width), start, column_numbers, fused)


def column_paths(header_cells: list[tuple[str, ...]], width: int) -> list[tuple[str, ...]]:
    paths: list[list[str]] = [[] for _ in range(width)]
    spans = [(0, width)]
    for raw in header_cells:
        cells = [header_key(c) for c in raw] + [""] * (width - len(raw))
        refined = []
        for lo, hi in spans:
            starts = [i for i in range(lo, hi) if cells[i]]
            if not starts:
                refined.append((lo, hi))
                continue
            if starts[0] > lo:
                refined.append((lo, starts[0]))
            for k, s in enumerate(starts):
                e = starts[k + 1] if k + 1 < len(starts) else hi
                for i in range(s, e):
                    paths[i].append(cells[s])
                refined.append((s, e))
        spans = refined
    return [tuple(p) for p in paths]
