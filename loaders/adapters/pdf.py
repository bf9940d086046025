"""Format adapter for PDF reports: the text layer and the vector rulings (pypdfium2), as grids and text lines.

The output is the same ``Document`` the text adapter produces, so the same
recognisers build the same report. The adapter owns the page's geometry:

- a ruled table is found from the rulings its paths draw, and every character
  is placed into the ruled cell its centre falls in (pdf_rulings): never two
  cells' text in one, and a ruled grid is kept even when its cells are blank;
- a table printed without rulings (text laid out in columns with amounts) is
  cut into columns where the data rows' words leave gaps (pdf_columns);
- text lines inside a table are the table's cells, not running text;
- page numbers and running headers repeated on many pages are dropped;
- a table continued over a page break is joined to its first part, and the
  header rows the next page repeats are dropped;
- a cover title printed over several lines in large type is one line.

On each page, text lines and table rows are put in reading order (top to
bottom) and numbered: ``Where(page=p, line=n)`` is the n-th line or row of page
p. A scanned PDF (no text layer), one that needs a password, or a damaged one is
refused with the reason; nothing of it is read.
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from statistics import median

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from juesuan.loaders.adapters.pdf_columns import read_columns
from juesuan.loaders.adapters.pdf_rulings import find_tables
from juesuan.loaders.adapters.pdf_text import PageContent, PdfLine, read_page, table_regions
from juesuan.loaders.errors import ReportError
from juesuan.loaders.limits import read_bytes
from juesuan.loaders.grids import Document, Grid, Row, TextLine, Where
from juesuan.loaders.normalise import header_key
from juesuan.loaders.tables.headers import read_header

_PAGE_NUMBER = re.compile(r"^(?:[-—–\s]*\d+[-—–\s]*|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)$")
MARGIN = 0.08            # top and bottom share of a page where running headers and footers stand
RUNNING_MIN_PAGES = 3    # a line repeated on this many pages' margins is a running header or footer
TITLE_SCALE = 1.6        # lines this many times taller than the body text are cover titles


@dataclass
class PageLayout:
    """A page read: its running text lines and its tables."""

    number: int
    height: float
    lines: list[PdfLine]
    tables: list[PdfTable]


def read(path: Path) -> Document:
    data = read_bytes(path)
    if not data.strip():
        raise ReportError(str(path), "the file is empty")
    if b"%PDF-" not in data[:1024]:
        raise ReportError(str(path), "not a PDF (no %PDF header): the file is damaged or of another type")
    pdf = _open(path, data)
    try:
        if len(pdf) == 0:
            raise ReportError(str(path), "a damaged PDF: it has no pages")
        contents = [read_page(pdf[index], index + 1) for index in range(len(pdf))]
        if not any(page.text_chars for page in contents):
            raise ReportError(str(path), _no_text_reason(contents))
        layouts = [_layout(page) for page in contents]
    finally:
        pdf.close()
    blocks = assemble(layouts)
    return Document(str(path), "pdf", hashlib.sha256(data).hexdigest(), blocks)


def _open(path: Path, data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        message = str(err)
        if "password" in message.lower():
            raise ReportError(str(path), "an encrypted PDF (password protected): it cannot be read without "
                              "the password") from err
        raise ReportError(str(path), f"a damaged PDF that cannot be opened ({message})") from err


@dataclass(frozen=True)
class PdfTable:
    page: int                                  # 1-based
    flavor: str                                # ruled, or unruled (text in columns)
    left: float
    bottom: float
    right: float
    top: float
    rows: tuple[tuple[str, ...], ...]

    def holds(self, y: float) -> bool:
        return self.bottom - 1 <= y <= self.top + 1


def _layout(page: PageContent) -> PageLayout:
    """The page's tables with their cells (ruled ones, else text laid out in columns), and the text outside them."""
    ruled = find_tables(list(page.segments))
    chars = page.boxed_chars()
    tables = [PdfTable(page.number, "ruled", t.left, t.bottom, t.right, t.top, tuple(t.rows(chars)))
              for t in ruled]
    lines = page.lines(skip=lambda ch: any(t.holds(ch.cx, ch.cy) for t in ruled))
    if not ruled:
        for left, top, right, bottom in table_regions(lines):
            inside = [c for c in chars if left <= c.cx <= right and bottom <= c.cy <= top]
            rows = read_columns(inside)
            if rows:
                table = PdfTable(page.number, "unruled", left, bottom, right, top, tuple(rows))
                tables.append(table)
                lines = [ln for ln in lines if not _inside(ln, table)]
    return PageLayout(page.number, page.height, lines, tables)


def _no_text_reason(pages: list[PageContent]) -> str:
    images = sum(1 for p in pages if p.images)
    if images:
        return (f"a scanned PDF: its {len(pages)} page(s) are images without a text layer; "
                "it needs OCR before it can be read")
    return f"a PDF without any text: none of its {len(pages)} page(s) has a text layer"


# -- putting a page in reading order ---------------------------------------------------

@dataclass
class _Placed:
    top: float
    item: PdfLine | PdfTable


def assemble(pages: list[PageLayout]) -> list:
    running = _running_lines(pages)
    body_height = median([ln.height for p in pages for ln in p.lines] or [0.0])
    blocks: list = []
    for page in pages:
        placed = [_Placed(t.top, t) for t in page.tables if t.rows]
        for line in page.lines:
            if _is_furniture(line, page, running):
                continue
            placed.append(_Placed(line.top, line))
        placed.sort(key=lambda p: -p.top)
        number = 0
        first_on_page = True
        last_line: PdfLine | None = None
        for entry in placed:
            if isinstance(entry.item, PdfTable):
                rows = []
                for cells in entry.item.rows:
                    number += 1
                    rows.append(Row(cells, Where(page=page.number, line=number)))
                if first_on_page and _continues(blocks, rows):
                    _append_continuation(blocks[-1], rows)
                else:
                    blocks.append(Grid(rows))
                last_line = None
            elif _is_title_continuation(last_line, entry.item, body_height):
                blocks[-1] = TextLine(blocks[-1].text + " " + entry.item.text, blocks[-1].where)
                last_line = entry.item
            else:
                number += 1
                blocks.append(TextLine(entry.item.text, Where(page=page.number, line=number)))
                last_line = entry.item
            first_on_page = False
    return blocks


def _inside(line: PdfLine, table: PdfTable) -> bool:
    return table.holds(line.middle) and line.left < table.right and line.right > table.left


def _running_lines(pages: list[PageLayout]) -> set[str]:
    """Texts printed in the top or bottom margin of several pages (digits ignored)."""
    seen: Counter[str] = Counter()
    for page in pages:
        keys = {_running_key(ln) for ln in page.lines if _in_margin(ln, page)}
        seen.update(k for k in keys if k)
    return {key for key, count in seen.items() if count >= RUNNING_MIN_PAGES}


def _running_key(line: PdfLine) -> str:
    return re.sub(r"\d+", "#", line.text.replace(" ", ""))


def _in_margin(line: PdfLine, page: PageLayout) -> bool:
    return line.top > page.height * (1 - MARGIN) or line.bottom < page.height * MARGIN


def _is_furniture(line: PdfLine, page: PageLayout, running: set[str]) -> bool:
    if not _in_margin(line, page):
        return False
    return bool(_PAGE_NUMBER.match(line.text.strip())) or _running_key(line) in running


def _is_title_continuation(previous: PdfLine | None, line: PdfLine, body_height: float) -> bool:
    """The next line of a cover title wrapped over several lines of large type."""
    if previous is None or not body_height or line.height < TITLE_SCALE * body_height:
        return False
    return (abs(previous.height - line.height) <= 0.15 * line.height
            and previous.bottom - line.top <= line.height)


# -- tables over page breaks -------------------------------------------------------------

def _continues(blocks: list, rows: list[Row]) -> bool:
    """A table at the top of a page continues the previous page's table of the same width."""
    if not blocks or not isinstance(blocks[-1], Grid) or not blocks[-1].rows:
        return False
    previous = blocks[-1]
    return (previous.rows[-1].where.page == rows[0].where.page - 1
            and len(previous.rows[0].cells) == len(rows[0].cells))


def _append_continuation(grid: Grid, rows: list[Row]) -> None:
    header = read_header(grid.rows)
    repeated = 0
    for first, again in zip(grid.rows[: header.data_start], rows):
        if _keys(first) != _keys(again):
            break
        repeated += 1
    rest = rows[repeated:]
    if rest and grid.rows and _is_row_fragment(grid.rows[-1], rest[0]):
        # a row the page break cut in two (Word and Writer let a row break across pages): one row again
        last, fragment = grid.rows[-1], rest[0]
        joined = tuple(a + (" " if a and b else "") + b for a, b in zip(last.cells, fragment.cells))
        grid.rows[-1] = Row(joined, last.where)
        rest = rest[1:]
    grid.rows.extend(rest)


def _is_row_fragment(last: Row, first: Row) -> bool:
    """The first row on the new page holds only the wrapped rest of text cells of the last row before the break."""
    filled = [i for i, c in enumerate(first.cells) if c.strip()]
    if not filled or len(first.cells) != len(last.cells):
        return False
    return all(last.cells[i].strip() and not any(ch.isdigit() for ch in first.cells[i]) for i in filled)


def _keys(row: Row) -> tuple[str, ...]:
    return tuple(header_key(c) for c in row.cells)
