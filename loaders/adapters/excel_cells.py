"""The cells of a workbook as the sheet shows them: .xlsx through openpyxl, .xls through xlrd.

A number cell becomes the text its number format displays (81315.03 under
“#,##0.00” is “81,315.03”), taken from the stored value exactly, never through
float arithmetic. A cell with any border is marked: finance systems rule their
tables, so borders tell the table from the titles and notes around it.
"""
from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from struct import error as struct_error


@dataclass(frozen=True)
class Sheet:
    name: str
    rows: list[tuple[str, ...]]          # cell texts, row by row (row 1 first)
    ruled: list[bool]                    # per row: some cell of it has a border


def read_sheets(path: Path, data: bytes | None = None) -> list[Sheet]:
    """Raises ValueError with the reason when the workbook cannot be read or is over the limits.

    ``data`` is the file's content when the caller has read it already.
    """
    data = path.read_bytes() if data is None else data
    if path.suffix.lower() == ".xls":
        return _xls_sheets(data)
    return _xlsx_sheets(data)


# -- limits ----------------------------------------------------------------------------

_CELL_TAG = re.compile(rb"<(?:\w+:)?c[\s>/]")


def check_xlsx_size(data: bytes) -> None:
    """Refuse a workbook that unpacks to more than the limit, or holds more cells than the limit,
    before anything unpacks it: a zip bomb (a few hundred KB, hundreds of MB of sheet) is refused
    after reading its directory and counting cells in a stream, never in memory."""
    import io
    import zipfile
    import zlib

    from juesuan.loaders.limits import max_cells, max_unpacked_bytes, megabytes

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as err:
        raise ValueError(f"not a readable .xlsx workbook, it may be encrypted or damaged ({err})") from err
    with archive:
        members = archive.infolist()
        unpacked = sum(m.file_size for m in members)
        if unpacked > max_unpacked_bytes():
            raise ValueError(f"the workbook unpacks to {megabytes(unpacked)}, over the limit of "
                             f"{megabytes(max_unpacked_bytes())} (JUESUAN_MAX_UNPACKED_MB); not read")
        cells, most = 0, max_cells()
        for member in members:
            if not (member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml")):
                continue
            try:
                with archive.open(member) as stream:
                    tail = b""
                    while chunk := stream.read(1 << 20):
                        block = tail + chunk
                        cut = max(0, len(block) - 16)  # a tag may straddle two chunks: its start is counted once
                        cells += sum(1 for m in _CELL_TAG.finditer(block) if m.start() < cut)
                        tail = block[cut:]
                        if cells > most:
                            raise ValueError(f"the workbook holds more than {most:,} cells, over the limit "
                                             "(JUESUAN_MAX_CELLS); not read")
                    cells += len(_CELL_TAG.findall(tail))
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError) as err:
                raise ValueError(f"not a readable .xlsx workbook, it may be encrypted or damaged ({err})") from err


# -- formatting ------------------------------------------------------------------------

_DECIMALS = re.compile(r"0\.(0+)")


def display(value, number_format: str | None) -> str:
    """The text a cell shows: strings as they are, numbers through their number format."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, (int, float, Decimal)):
        return _number(value, number_format or "General")
    return " ".join(part.strip() for part in str(value).splitlines() if part.strip())


def _number(value, number_format: str) -> str:
    exact = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    section = number_format.split(";")[0]
    if section.lower() in ("general", "@", ""):
        text = format(exact.normalize(), "f") if exact == exact.to_integral() else format(exact, "f")
        return text
    percent = "%" in section
    if percent:
        exact *= 100
    m = _DECIMALS.search(section)
    places = len(m.group(1)) if m else 0
    rounded = exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{rounded:,.{places}f}" if "," in section else f"{rounded:.{places}f}"
    return text + ("%" if percent else "")


# -- .xlsx -----------------------------------------------------------------------------

def _xlsx_sheets(data: bytes) -> list[Sheet]:
    import io

    check_xlsx_size(data)  # before anything unpacks it

    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as err:  # noqa: BLE001 - whatever a damaged archive or XML raises inside openpyxl
        raise ValueError(f"not a readable .xlsx workbook, it may be encrypted or damaged ({err})") from err
    sheets = []
    for ws in book.worksheets:
        rows, ruled = [], []
        for row in ws.iter_rows():
            rows.append(tuple(display(c.value, c.number_format) for c in row))
            ruled.append(any(_xlsx_bordered(c) for c in row))
        sheets.append(Sheet(ws.title, rows, ruled))
    book.close()
    return sheets


def _xlsx_bordered(cell) -> bool:
    border = cell.border
    return border is not None and any(
        side is not None and side.style for side in (border.left, border.right, border.top, border.bottom))


# -- .xls ------------------------------------------------------------------------------

def _xls_sheets(data: bytes) -> list[Sheet]:
    import xlrd

    from juesuan.loaders.limits import max_cells

    try:
        with open(os.devnull, "w") as quiet:  # xlrd prints its complaints: never onto the command's output
            book = xlrd.open_workbook(file_contents=data, formatting_info=True, logfile=quiet)
    except (xlrd.XLRDError, OSError, ValueError, AssertionError, IndexError, KeyError, struct_error) as err:
        raise ValueError(f"not a readable .xls workbook, it may be encrypted or damaged ({err})") from err
    cells = sum(ws.nrows * ws.ncols for ws in book.sheets())
    if cells > max_cells():
        raise ValueError(f"the workbook holds {cells:,} cells, over the limit of {max_cells():,} "
                         "(JUESUAN_MAX_CELLS); not read")
    sheets = []
    for ws in book.sheets():
        rows, ruled = [], []
        for r in range(ws.nrows):
            texts, bordered = [], False
            for c in range(ws.ncols):
                cell = ws.cell(r, c)
                xf = book.xf_list[cell.xf_index] if cell.xf_index is not None else None
                texts.append(_xls_text(book, cell, xf))
                bordered = bordered or (xf is not None and _xls_bordered(xf))
            rows.append(tuple(texts))
            ruled.append(bordered)
        sheets.append(Sheet(ws.name, rows, ruled))
    return sheets


def _xls_text(book, cell, xf) -> str:
    import xlrd

    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return ""
    if cell.ctype == xlrd.XL_CELL_NUMBER:
        fmt = book.format_map[xf.format_key].format_str if xf is not None and xf.format_key in book.format_map \
            else "General"
        return display(cell.value, fmt)
    if cell.ctype == xlrd.XL_CELL_DATE:
        return display(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode), None)
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return display(bool(cell.value), None)
    return display(cell.value, None)


def _xls_bordered(xf) -> bool:
    b = xf.border
    return any((b.left_line_style, b.right_line_style, b.top_line_style, b.bottom_line_style))
