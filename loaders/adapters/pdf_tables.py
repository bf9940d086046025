"""Tables a PDF prints without rulings, read with camelot's stream mode.

Ruled tables are cut by their own rulings (pdf_rulings); stream mode reads only
the regions the text layer shows laid out in columns (pdf_text.table_regions), on
pages without a ruled table, so titles and notes around the table stay text.
camelot is imported on first use: most reports never need it.

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

Region = tuple[float, float, float, float]  # left, top, right, bottom


@dataclass(frozen=True)
class PdfTable:
    page: int                                  # 1-based
    flavor: str                                # ruled or stream
    left: float
    bottom: float
    right: float
    top: float
    rows: tuple[tuple[str, ...], ...]

    def holds(self, y: float) -> bool:
        return self.bottom - 1 <= y <= self.top + 1


def read_stream_tables(path: Path, regions: dict[int, list[Region]]) -> list[PdfTable]:
    """camelot stream on each page's regions of text in columns."""
    found: list[PdfTable] = []
    for page, page_regions in sorted(regions.items()):
        if page_regions:
            areas = [",".join(f"{v:.1f}" for v in region) for region in page_regions]
            found.extend(_read(path, page, table_areas=areas))
    return found


def _read(path: Path, page: int, **options) -> list[PdfTable]:
    import camelot

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # camelot warns about pages without tables
        tables = camelot.read_pdf(str(path), pages=str(page), flavor="stream", suppress_stdout=True, **options)
    out = []
    for table in tables:
        rows = tuple(tuple(_cell(c) for c in row) for row in table.df.values.tolist())
        if not rows or not any(any(c for c in row) for row in rows):
            continue
        left, bottom, right, top = table._bbox
        out.append(PdfTable(int(table.page), "stream", left, bottom, right, top, rows))
    return out


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return " ".join(part.strip() for part in text.splitlines() if part.strip())
