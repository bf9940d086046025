"""One PDF page as pypdfium2 reads it: its characters with their boxes, its rulings, its images.

Pure reading, no recognition: what is on a page and where. Characters keep the
order pdfium reads them in (its line breaks included), so running text is read
as pdfium lays it out; the line segments of the page's vector paths (strokes,
and thin filled rectangles) are the rulings tables are cut by. Coordinates are
PDF points with the origin at the bottom left of the page.
"""
from __future__ import annotations

import ctypes
import re
from collections.abc import Callable
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from juesuan.loaders.adapters.pdf_rulings import Char, Segment, segments_of_path

_NUMBER = re.compile(r"^-?[\d,]+(?:\.\d+)?$")
_FURNITURE = re.compile(r"^(?:编制)?(?:部门|单位)[:：]|^单位[:：]|^金额单位|^(?:部门)?公开\d+表$|^表\d+$")
COLUMN_GAP = 1.5          # a gap this many line heights wide separates two columns of a row
TABULAR_LINES = 3          # lines laid out in columns that make a page a table page
MAX_SEGMENTS = 20000       # a page drawing more path segments than this is a picture, not a ruled table

Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


@dataclass(frozen=True)
class PdfLine:
    """One line of running text, in the order pdfium reads the page."""

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


@dataclass(frozen=True, slots=True)
class PageChar:
    """A character in pdfium's reading order; ``box`` is None for a line break or a generated space."""

    text: str
    box: Char | None


@dataclass(frozen=True)
class PageContent:
    number: int                # 1-based
    width: float
    height: float
    chars: tuple[PageChar, ...]
    segments: tuple[Segment, ...]
    images: int                # image objects on the page

    @property
    def text_chars(self) -> int:
        return sum(1 for c in self.chars if c.box is not None and not c.text.isspace())

    def boxed_chars(self) -> list[Char]:
        return [c.box for c in self.chars if c.box is not None and not c.text.isspace()]

    def lines(self, skip: Callable[[Char], bool] | None = None) -> list[PdfLine]:
        """Running text as pdfium breaks it into lines; characters ``skip`` claims (a table's) left out."""
        out: list[PdfLine] = []
        current: list[tuple[str, Char | None]] = []
        for pc in self.chars:
            if pc.text in "\r\n":
                _flush(current, out)
                current = []
                continue
            if pc.box is not None and skip is not None and skip(pc.box):
                _flush(current, out)
                current = []
                continue
            current.append((pc.text, pc.box))
        _flush(current, out)
        return out


def table_regions(lines: list[PdfLine]) -> list[tuple[float, float, float, float]]:
    """(left, top, right, bottom) of each run of lines laid out in columns that holds amounts.

    A run is a sequence of lines in two or more columns (a header, data rows);
    one line in a single column between two such lines (a wrapped name) stays
    in the run. A run with enough rows of amounts is a table printed without rulings.
    """
    lines = sorted(lines, key=lambda ln: -ln.top)
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
        while run and _FURNITURE.match(run[0].text.replace(" ", "")):  # 部门：… 单位：万元 over the table
            run = run[1:]
        if not run:
            continue
        amounts = [ln for ln in run if len(ln.segments) >= 3
                   and any(_NUMBER.match(s.replace(" ", "")) for s in ln.segments)]
        if len(amounts) >= TABULAR_LINES:
            regions.append((min(ln.left for ln in run) - 2, run[0].top + 2,
                            max(ln.right for ln in run) + 2, run[-1].bottom - 2))
    return regions


def read_page(page: pdfium.PdfPage, number: int) -> PageContent:
    width, height = page.get_size()
    images = 0
    segments: list[Segment] = []
    for index in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
        images += _walk(pdfium_c.FPDFPage_GetObject(page.raw, index), _IDENTITY, segments, 0)
    if len(segments) > MAX_SEGMENTS:
        segments = []
    textpage = page.get_textpage()
    try:
        chars = tuple(_chars(textpage))
    finally:
        textpage.close()
    return PageContent(number, width, height, chars, tuple(segments), images)


def _walk(obj, parent: Matrix, segments: list[Segment], depth: int) -> int:
    """Collect the rulings of a page object (forms recursively); returns how many images it holds."""
    kind = pdfium_c.FPDFPageObj_GetType(obj)
    matrix = _compose(_matrix(obj), parent)
    if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
        return 1
    if kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < 4:
        found = 0
        for index in range(pdfium_c.FPDFFormObj_CountObjects(obj)):
            found += _walk(pdfium_c.FPDFFormObj_GetObject(obj, index), matrix, segments, depth + 1)
        return found
    if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
        segments.extend(_path_segments(obj, matrix))
    return 0


def _matrix(obj) -> Matrix:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
        return _IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _path_segments(obj, matrix: Matrix) -> list[Segment]:
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not pdfium_c.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke)):
        return []
    count = pdfium_c.FPDFPath_CountSegments(obj)
    if count <= 0 or count > 4000:
        return []
    a, b, c, d, e, f = matrix
    out: list[Segment] = []
    points: list[tuple[float, float]] = []
    closes: list[bool] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    for index in range(count):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj, index)
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        pdfium_c.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y))
        point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO and points:
            out.extend(segments_of_path(points, closes, bool(fill.value), bool(stroke.value)))
            points, closes = [], []
        if kind == pdfium_c.FPDF_SEGMENT_BEZIERTO:  # curves are not rulings: the subpath ends here
            out.extend(segments_of_path(points, closes, False, bool(stroke.value)))
            points, closes = [point], []
            continue
        points.append(point)
        closes.append(bool(pdfium_c.FPDFPathSegment_GetClose(segment)))
    out.extend(segments_of_path(points, closes, bool(fill.value), bool(stroke.value)))
    return out


def _chars(textpage: pdfium.PdfTextPage):
    count = textpage.count_chars()
    if count <= 0:
        return
    text = textpage.get_text_range(0, count)
    per_char = len(text) == count
    for index in range(count):
        ch = text[index] if per_char else textpage.get_text_range(index, 1)
        box = None
        if ch not in "\r\n":
            left, bottom, right, top = textpage.get_charbox(index, loose=True)
            if right > left and top > bottom:
                box = Char(ch, left, bottom, right, top)
        yield PageChar(ch, box)


def _flush(chars: list[tuple[str, Char | None]], out: list[PdfLine]) -> None:
    text = "".join(c for c, _ in chars).strip()
    boxes = [b for c, b in chars if b is not None and not c.isspace()]
    if not text or not boxes:
        return
    left = min(b.left for b in boxes)
    bottom = min(b.bottom for b in boxes)
    right = max(b.right for b in boxes)
    top = max(b.top for b in boxes)
    out.append(PdfLine(text, left, bottom, right, top, _segments(chars, top - bottom)))


def _segments(chars: list[tuple[str, Char | None]], height: float) -> tuple[str, ...]:
    pieces: list[str] = []
    piece = ""
    last_right: float | None = None
    for ch, box in chars:
        if box is not None and not ch.isspace():
            if last_right is not None and box.left - last_right > COLUMN_GAP * height:
                pieces.append(piece)
                piece = ""
            last_right = box.right
        piece += ch
    pieces.append(piece)
    return tuple(p.strip() for p in pieces if p.strip())
