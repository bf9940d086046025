"""The text layer of a PDF page (pypdfium2): lines of text with their boxes, and page hints.

Pure reading, no recognition: what is on a page, where, and whether the page
looks like it holds a table (ruling lines, or text laid out in columns).
Coordinates are PDF points with the origin at the bottom left of the page.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

_NUMBER = re.compile(r"^-?[\d,]+(?:\.\d+)?$")
COLUMN_GAP = 1.5          # a gap this many line heights wide separates two columns of a row
TABULAR_LINES = 3          # lines laid out in columns that make a page a table page
RULING_PATHS = 4           # path objects (lines, cell rectangles) that make a page ruled


@dataclass(frozen=True)
class PdfLine:
    """One line of the text layer, in the order pdfium reads the page."""

    text: str
    left: float
    bottom: float
    right: float
    top: float
    segments: tuple[str, ...]  # pieces of the line separated by wide gaps (columns)

    @property
    def height(self) -> float:
        return self.top - self.bottom

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(frozen=True)
class PageText:
    number: int                # 1-based
    width: float
    height: float
    lines: tuple[PdfLine, ...]
    chars: int                 # characters in the text layer
    images: int                # image objects on the page
    ruled: bool                # enough path objects to hold a ruled table

    def tabular(self) -> bool:
        """Text in columns with amounts: a table printed without rulings."""
        return bool(self.table_regions())

    def table_regions(self) -> list[tuple[float, float, float, float]]:
        """(left, top, right, bottom) of each run of lines laid out in columns that holds amounts.

        A run is a sequence of lines in two or more columns (a header, data rows);
        one line in a single column between two such lines (a wrapped name) stays
        in the run. A run with enough rows of amounts is a table.
        """
        lines = sorted(self.lines, key=lambda ln: -ln.top)
        columned = [len(ln.segments) >= 2 for ln in lines]
        runs: list[list[PdfLine]] = []
        current: list[PdfLine] = []
        for index, line in enumerate(lines):
            bridged = bool(current) and index + 1 < len(lines) and columned[index + 1]
            if columned[index] or bridged:
                current.append(line)
            elif current:
                runs.append(current)
                current = []
        if current:
            runs.append(current)
        regions = []
        for run in runs:
            amounts = [ln for ln in run if len(ln.segments) >= 3
                       and any(_NUMBER.match(s.replace(" ", "")) for s in ln.segments)]
            if len(amounts) >= TABULAR_LINES:
                regions.append((min(ln.left for ln in run) - 2, run[0].top + 2,
                                max(ln.right for ln in run) + 2, run[-1].bottom - 2))
        return regions


def read_page(page: pdfium.PdfPage, number: int) -> PageText:
    width, height = page.get_size()
    kinds: dict[int, int] = {}
    for obj in page.get_objects(max_depth=2):
        kinds[obj.type] = kinds.get(obj.type, 0) + 1
    textpage = page.get_textpage()
    try:
        chars = textpage.count_chars()
        lines = tuple(_lines(textpage, chars)) if chars else ()
    finally:
        textpage.close()
    return PageText(number, width, height, lines, chars, kinds.get(pdfium_c.FPDF_PAGEOBJ_IMAGE, 0),
                    kinds.get(pdfium_c.FPDF_PAGEOBJ_PATH, 0) >= RULING_PATHS)


def _lines(textpage: pdfium.PdfTextPage, count: int) -> list[PdfLine]:
    text = textpage.get_text_range(0, count)
    per_char = len(text) == count
    out: list[PdfLine] = []
    current: list[tuple[str, tuple[float, float, float, float] | None]] = []
    for index in range(count):
        ch = text[index] if per_char else textpage.get_text_range(index, 1)
        if ch in "\r\n":
            _flush(current, out)
            current = []
            continue
        box = textpage.get_charbox(index, loose=True)
        current.append((ch, box if box[2] > box[0] and box[3] > box[1] else None))
    _flush(current, out)
    return out


def _flush(chars: list[tuple[str, tuple[float, float, float, float] | None]], out: list[PdfLine]) -> None:
    text = "".join(c for c, _ in chars).strip()
    boxes = [b for c, b in chars if b is not None and not c.isspace()]
    if not text or not boxes:
        return
    left = min(b[0] for b in boxes)
    bottom = min(b[1] for b in boxes)
    right = max(b[2] for b in boxes)
    top = max(b[3] for b in boxes)
    out.append(PdfLine(text, left, bottom, right, top, _segments(chars, top - bottom)))


def _segments(chars, height: float) -> tuple[str, ...]:
    pieces: list[str] = []
    piece = ""
    last_right: float | None = None
    for ch, box in chars:
        if box is not None and not ch.isspace():
            if last_right is not None and box[0] - last_right > COLUMN_GAP * height:
                pieces.append(piece)
                piece = ""
            last_right = box[2]
        piece += ch
    pieces.append(piece)
    return tuple(p.strip() for p in pieces if p.strip())
