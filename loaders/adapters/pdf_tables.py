"""Tables of a PDF read with camelot: lattice where a page has rulings, stream where it has none.

Stream mode reads only the regions the text layer shows laid out in columns
(pdf_text.PageText.table_regions), so titles and notes around the table stay text.

Each table comes back as rows of cell strings with its page and box. A cell
printed on several lines is one cell: its lines are joined with a space, and
the recognisers' label cleaning drops the space between CJK characters, so a
header “附属单位⏎上缴收入” reads 附属单位上缴收入.
"""
from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass
from pathlib import Path

logging.getLogger("camelot").setLevel(logging.ERROR)


@dataclass(frozen=True)
class PdfTable:
    page: int                                  # 1-based
    flavor: str                                # lattice or stream
    left: float
    bottom: float
    right: float
    top: float
    rows: tuple[tuple[str, ...], ...]

    def holds(self, y: float) -> bool:
        return self.bottom - 1 <= y <= self.top + 1


Region = tuple[float, float, float, float]  # left, top, right, bottom
RULING_DPI = 200  # lattice finds rulings in a page image; camelot's 300 dpi costs 2-3 times the time, same tables


def read_tables(path: Path, ruled: list[int], columned: dict[int, list[Region]]) -> list[PdfTable]:
    """Lattice on the ruled pages; stream on the regions of text in columns of pages without a ruled table."""
    found = _read(path, ruled, "lattice", backend=_page_image_backend()) if ruled else []
    with_table = {t.page for t in found}
    for page, regions in sorted(columned.items()):
        if page not in with_table and regions:
            areas = [",".join(f"{v:.1f}" for v in region) for region in regions]
            found.extend(_read(path, [page], "stream", table_areas=areas))
    return sorted(found, key=lambda t: (t.page, -t.top))


def _read(path: Path, pages: list[int], flavor: str, **options) -> list[PdfTable]:
    import camelot  # imported on first use: it takes a while, and only PDFs need it

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # camelot warns about pages without tables
        tables = camelot.read_pdf(str(path), pages=",".join(map(str, pages)), flavor=flavor,
                                  suppress_stdout=True, **options)
    out = []
    for table in tables:
        rows = tuple(tuple(_cell(c) for c in row) for row in table.df.values.tolist())
        if not rows or not any(any(c for c in row) for row in rows):
            continue
        left, bottom, right, top = table._bbox
        out.append(PdfTable(int(table.page), flavor, left, bottom, right, top, rows))
    return out


def _page_image_backend():
    """camelot's pdfium page renderer, at RULING_DPI."""
    from camelot.backends.pdfium_backend import PdfiumBackend

    class PageImages(PdfiumBackend):
        def convert(self, pdf_path, png_path, resolution=RULING_DPI, page=1):
            return super().convert(pdf_path, png_path, resolution=RULING_DPI, page=page)

        def to_array(self, pdf_path, resolution=RULING_DPI, page=1):
            return super().to_array(pdf_path, resolution=RULING_DPI, page=page)

    return PageImages()


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return " ".join(part.strip() for part in text.splitlines() if part.strip())
