"""Print the sample report as a PDF and as workbooks, so that one report exists in three formats.

    python tests/make_fixtures.py        # needs reportlab and xlwt (pip install reportlab xlwt)

Writes tests/data/anyang-police-2023-final-accounts.{pdf,xlsx,xls} from
examples/anyang-police-2023-final-accounts.txt. The generated files are
committed, so the tests need neither the fonts nor these packages.

What is printed: the cover, the contents, part one (概况, with the list of
budget units) and the nine public tables with their titles, 部门/年度/表号/单位
lines and notes, exactly as the text report has them; the performance
self-evaluations and the narrative after the tables are left out. Each table row
is printed as the text report's columns mean it (a name the text extraction
split over two cells is one cell again), so the printed amounts and labels are
the text report's. The PDF uses the layouts other regions use, to exercise the
PDF path:

- ruled tables, header cells merged across the columns they
  head and wrapped over several lines in narrow columns;
- tables that run over a page break repeat their header rows on the next page;
- a page number and a running header on every page;
- 公开03 prints its codes spaced (“201 11 05”), 公开05 in three columns 类 | 款 | 项
  with the 类 and 款 left blank under their first row;
- 公开07 is printed without rulings on a page of its own.

The workbooks (.xlsx with openpyxl, .xls with xlwt) hold the cover and part one
on a sheet of their own and one table per sheet, ruled, with amounts stored as
numbers under a number format that displays them as printed.

Two unreadable PDFs are written beside them: scanned-page.pdf (a page of the
Shanghai report as an image, no text layer) and encrypted.pdf (a password
protected document); and copy-protected.pdf, a one-table page that opens
without a password but forbids copying, as many published reports do.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from juesuan.loaders.adapters import text as text_adapter  # noqa: E402
from juesuan.loaders.tables.align import align, slot_text  # noqa: E402
from juesuan.loaders.grids import Grid, TextLine  # noqa: E402
from juesuan.loaders.tables.headers import read_header  # noqa: E402
from juesuan.loaders.normalise import clean_label, is_blank, looks_numeric  # noqa: E402
from juesuan.loaders.tables.identify import match_title  # noqa: E402
from juesuan.loaders.tables.recognise import columns_of  # noqa: E402

SAMPLE = ROOT / "examples" / "anyang-police-2023-final-accounts.txt"
OUT = ROOT / "tests" / "data"
STEM = "anyang-police-2023-final-accounts"
END_OF_TABLES = "部门整体支出绩效自评情况表"
COVER_LINES = 3
UNRULED_TABLE = "07"
FONT = "CJK"
# an embedded CJK font makes the PDF readable by any viewer (Debian: apt-get install fonts-wqy-microhei);
# without it, reportlab's built-in STSong-Light CID font (not embedded) still gives a correct text layer
FONT_FILES = (Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),)


@dataclass
class PrintedTable:
    code: str
    head: list[list[str]]        # header rows, then the 栏次 row when printed
    header_rows: int             # how many of ``head`` are header rows proper
    body: list[list[str]]
    kinds: list[str]             # per column: code, code_part, label, line_no, value


# -- the report as parts: text lines and tables ---------------------------------------

def report_parts() -> list[str | PrintedTable]:
    document = text_adapter.read(SAMPLE)
    parts: list[str | PrintedTable] = []
    pending = None
    for block in document.blocks:
        if isinstance(block, TextLine):
            if clean_label(block.text) == END_OF_TABLES:
                break
            pending = match_title(clean_label(block.text)) or pending
            parts.append(block.text)
        elif isinstance(block, Grid) and pending is not None:
            parts.append(_styled(printed_table(pending, block)))
            pending = None
    return parts


def printed_table(spec, grid: Grid) -> PrintedTable:
    header = read_header(grid.rows)
    kinds = [c.kind for c in columns_of(spec, header)]
    width = len(kinds)
    head = [_pad(list(r.cells), width) for r in header.rows]
    if header.column_numbers is not None:
        head.append(_pad(list(header.column_numbers.cells), width))
    body = []
    for row in grid.rows[header.data_start:]:
        if all(is_blank(c) for c in row.cells):
            continue
        placed = align(kinds, row.cells)
        body.append([" ".join(row.cells[i].strip() for i in p.cells).strip() if kinds[p.slot] == "value"
                     else slot_text(row.cells, p) for p in placed])
    return PrintedTable(spec.code, head, len(header.rows), body, kinds)


def _pad(cells: list[str], width: int) -> list[str]:
    return (cells + [""] * width)[:width]


def _styled(table: PrintedTable) -> PrintedTable:
    if table.code == "03":
        for row in table.body:
            if re.fullmatch(r"\d{5}|\d{7}", row[0]):
                row[0] = " ".join(filter(None, (row[0][:3], row[0][3:5], row[0][5:7])))
    if table.code == "05":
        return _three_code_columns(table)
    return table


def _three_code_columns(table: PrintedTable) -> PrintedTable:
    """科目代码 printed as 类 | 款 | 项, the 类 and 款 blank under the row that prints them."""
    head = [[row[0], "", ""] + row[1:] for row in table.head]
    head.insert(table.header_rows, ["类", "款", "项"] + [""] * (len(head[0]) - 3))
    body = []
    for row in table.body:
        code = row[0]
        if re.fullmatch(r"\d{3}(\d{2}){0,2}", code):
            parts = [code[:3] if len(code) == 3 else "", code[3:5] if len(code) == 5 else "",
                     code[5:7] if len(code) == 7 else ""]
        else:
            parts = [code, "", ""]
        body.append(parts + row[1:])
    kinds = ["code_part"] * 3 + table.kinds[1:]
    return PrintedTable(table.code, head, table.header_rows + 1, body, kinds)


def header_spans(rows: list[list[str]]) -> list[list[tuple[int, int]]]:
    """Per header row, (first, last) columns of each cell merged over the blank cells to its right.

    A cell spans to the next printed cell within the span of the cell above it, as
    the header reader reads it (loaders/headers.py).
    """
    width = len(rows[0]) if rows else 0
    parents = [(0, width)]
    out = []
    for row in rows:
        merged, refined = [], []
        for lo, hi in parents:
            starts = [i for i in range(lo, hi) if row[i].strip()]
            if not starts:
                refined.append((lo, hi))
                continue
            if starts[0] > lo:
                refined.append((lo, starts[0]))
            for k, start in enumerate(starts):
                end = starts[k + 1] if k + 1 < len(starts) else hi
                refined.append((start, end))
                if end - 1 > start:
                    merged.append((start, end - 1))
        parents = refined
        out.append(merged)
    return out


def numeric_value(text: str) -> tuple[Decimal, int, bool] | None:
    """(value, decimals, thousands separator) of a printed amount; None for anything else."""
    if not looks_numeric(text) or " " in text:
        return None
    plain = text.replace(",", "")
    decimals = len(plain.split(".")[1]) if "." in plain else 0
    return Decimal(plain), decimals, "," in text


def number_format(decimals: int, thousands: bool) -> str:
    if decimals == 0 and not thousands:
        return "General"
    return ("#,##0" if thousands or decimals else "0") + ("." + "0" * decimals if decimals else "")


# -- PDF -------------------------------------------------------------------------------

def write_pdf(parts: list[str | PrintedTable], path: Path) -> None:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer

    register_font()
    styles = {
        "cover": ParagraphStyle("cover", fontName=FONT, fontSize=26, leading=34, alignment=1),
        "date": ParagraphStyle("date", fontName=FONT, fontSize=14, leading=20, alignment=1, spaceBefore=30),
        "title": ParagraphStyle("title", fontName=FONT, fontSize=12, leading=18, alignment=1, spaceBefore=8),
        "body": ParagraphStyle("body", fontName=FONT, fontSize=9, leading=13),
    }
    story: list = [Spacer(1, 120)]
    for index, part in enumerate(parts):
        if isinstance(part, PrintedTable):
            story.append(_pdf_table(part, landscape(A4)[0] - 72))
            continue
        if index < COVER_LINES:
            story.append(Paragraph(escape(part), styles["cover" if index < COVER_LINES - 1 else "date"]))
            if index == COVER_LINES - 1:
                story.append(PageBreak())
            continue
        title = match_title(clean_label(part)) if not part.startswith("-") else None
        if title is not None and title.code == UNRULED_TABLE:
            story.append(PageBreak())
        style = "title" if title is not None else "body"
        story.append(Paragraph(escape(part), styles[style]))
        if part.startswith("注") and _previous_table(parts, index) == UNRULED_TABLE:
            story.append(PageBreak())

    def furniture(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 8)
        width, height = landscape(A4)
        if doc.page > 1:
            canvas.drawCentredString(width / 2, height - 24, "安阳市公安局 2023 年度部门决算")
        canvas.drawCentredString(width / 2, 18, f"- {doc.page} -")
        canvas.restoreState()

    doc = SimpleDocTemplate(str(path), pagesize=landscape(A4), leftMargin=36, rightMargin=36,
                            topMargin=40, bottomMargin=36, title="安阳市公安局 2023 年度部门决算",
                            author="juesuan tests", creator="tests/make_fixtures.py", invariant=1)
    doc.build(story, onFirstPage=furniture, onLaterPages=furniture)


def register_font() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFont

    for file in FONT_FILES:
        if file.exists():
            pdfmetrics.registerFont(TTFont(FONT, str(file), subfontIndex=0))
            return
    font = UnicodeCIDFont("STSong-Light")
    font.name = FONT
    pdfmetrics.registerFont(font)


def _previous_table(parts, index: int) -> str | None:
    for part in reversed(parts[:index]):
        if isinstance(part, PrintedTable):
            return part.code
    return None


def _pdf_table(table: PrintedTable, page_width: float):
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, Table, TableStyle

    ruled = table.code != UNRULED_TABLE
    cell = ParagraphStyle("cell", fontName=FONT, fontSize=8, leading=10)
    centred = ParagraphStyle("head", parent=cell, alignment=1)
    widths = _column_widths(table, page_width)
    style = [("FONT", (0, 0), (-1, -1), FONT, 8), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
             ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]
    if ruled:  # headers wrap in their cells and merge over the columns they head
        data = [[Paragraph(escape(c), centred) if c else "" for c in row] for row in table.head]
        for r, spans in enumerate(header_spans(table.head[: table.header_rows])):
            style += [("SPAN", (a, r), (b, r)) for a, b in spans]
        style.append(("GRID", (0, 0), (-1, -1), 0.5, "black"))
    else:  # without rulings each header cell stays on one line
        data = [list(row) for row in table.head]
    first = len(data)
    for r, row in enumerate(table.body, start=first):
        data.append([Paragraph(escape(c), cell) if ruled and kind == "label" and c else c
                     for c, kind in zip(row, table.kinds)])
        for c, (text, kind) in enumerate(zip(row, table.kinds)):
            if kind == "value":
                style.append(("ALIGN", (c, r), (c, r), "RIGHT"))
            elif kind in ("code", "code_part") and text and not text[0].isdigit():
                # a total (合计, 人员经费合计) spans the code columns and the empty name beside it
                end = c
                while end + 1 < len(row) and table.kinds[end + 1] != "value" and not row[end + 1]:
                    end += 1
                if end > c:
                    style.append(("SPAN", (c, r), (end, r)))
    return Table(data, colWidths=widths, repeatRows=first, style=TableStyle(style))


def _column_widths(table: PrintedTable, page_width: float) -> list[float]:
    wanted = []
    for col, kind in enumerate(table.kinds):
        longest = max((len(row[col]) for row in table.body), default=0)
        if table.code == UNRULED_TABLE:
            head = max((len(row[col]) for row in table.head), default=0)
            wanted.append(max(longest * (9 if kind == "label" else 5.5), head * 9) + 16)
            continue
        if kind == "label":
            wanted.append(min(max(longest, 6), 16) * 8.5 + 8)
        elif kind in ("code", "code_part"):
            wanted.append(max(longest, 3) * 5.5 + 10)
        else:
            wanted.append(max(longest, 5) * 5 + 14)
    scale = min(1.0, page_width / sum(wanted))
    return [w * scale for w in wanted]


# -- workbooks -------------------------------------------------------------------------

def sheets(parts: list[str | PrintedTable]) -> list[tuple[str, list[str | PrintedTable]]]:
    """The cover and part one on a sheet, then one sheet per table with its title and notes."""
    out: list[tuple[str, list]] = [("封面", [])]
    for part in parts:
        if isinstance(part, str) and match_title(clean_label(part)) and not part.startswith("-"):
            out.append((f"公开{match_title(clean_label(part)).code}表", []))
        out[-1][1].append(part)
    return out


def write_xlsx(parts: list[str | PrintedTable], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Side

    thin = Side(style="thin")
    ruled = Border(left=thin, right=thin, top=thin, bottom=thin)
    book = Workbook()
    book.remove(book.active)
    for name, content in sheets(parts):
        ws = book.create_sheet(name)
        r = 1
        for part in content:
            if isinstance(part, str):
                ws.cell(r, 1, part)
                r += 1
                continue
            spans = header_spans(part.head[: part.header_rows])
            for h, row in enumerate(part.head):
                for c, text in enumerate(row, start=1):
                    cell = ws.cell(r, c, text or None)
                    cell.border = ruled
                    cell.alignment = Alignment(wrap_text=True, horizontal="center")
                for a, b in spans[h] if h < part.header_rows else []:
                    ws.merge_cells(start_row=r, start_column=a + 1, end_row=r, end_column=b + 1)
                r += 1
            for row in part.body:
                for c, (text, kind) in enumerate(zip(row, part.kinds), start=1):
                    number = numeric_value(text) if kind == "value" else None
                    cell = ws.cell(r, c, number[0] if number else (text or None))
                    if number:
                        cell.number_format = number_format(number[1], number[2])
                    cell.border = ruled
                r += 1
    book.save(path)


def write_xls(parts: list[str | PrintedTable], path: Path) -> None:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    plain = xlwt.easyxf("")
    borders = "borders: left thin, right thin, top thin, bottom thin"
    head_style = xlwt.easyxf(borders + "; align: wrap on, horiz center")
    text_style = xlwt.easyxf(borders)
    number_styles: dict[str, xlwt.XFStyle] = {}
    for name, content in sheets(parts):
        ws = book.add_sheet(name)
        r = 0
        for part in content:
            if isinstance(part, str):
                ws.write(r, 0, part, plain)
                r += 1
                continue
            all_spans = header_spans(part.head[: part.header_rows])
            for h, row in enumerate(part.head):
                spans = all_spans[h] if h < part.header_rows else []
                merged = {c for a, b in spans for c in range(a, b + 1)}
                for a, b in spans:
                    ws.write_merge(r, r, a, b, row[a], head_style)
                for c, text in enumerate(row):
                    if c not in merged:
                        ws.write(r, c, text, head_style)
                r += 1
            for row in part.body:
                for c, (text, kind) in enumerate(zip(row, part.kinds)):
                    number = numeric_value(text) if kind == "value" else None
                    if number:
                        fmt = number_format(number[1], number[2])
                        style = number_styles.setdefault(fmt, xlwt.easyxf(borders, num_format_str=fmt))
                        ws.write(r, c, number[0], style)
                    else:
                        ws.write(r, c, text, text_style)
                r += 1
    book.save(str(path))


SHANGHAI = OUT / "shanghai-putuo-social-work-dept-2024-final-accounts.pdf"


def write_scanned(path: Path) -> None:
    """A page of a real report as a picture only, as a scanner makes it (Pillow writes image-only PDFs)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(SHANGHAI))
    image = pdf[4].render(scale=1).to_pil().convert("L")
    image.save(path, "PDF", resolution=72.0, quality=60)
    pdf.close()


def write_encrypted(path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    register_font()
    page = canvas.Canvas(str(path), pagesize=A4, invariant=1,
                         encrypt=pdfencrypt.StandardEncryption("secret", ownerPassword="owner"))
    page.setFont(FONT, 14)
    page.drawString(72, 760, "某某单位 2024 年度部门决算（加密文件）")
    page.save()


def write_copy_protected(path: Path) -> None:
    from reportlab.lib import pdfencrypt
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    register_font()
    title = ParagraphStyle("title", fontName=FONT, fontSize=12, leading=18, alignment=1)
    rows = [["项目", "", "本年收入合计", "财政拨款收入"], ["科目编码", "科目名称", "", ""],
            ["合计", "", "307.82", "307.82"], ["201", "一般公共服务支出", "264.87", "264.87"]]
    table = Table(rows, style=TableStyle([("FONT", (0, 0), (-1, -1), FONT, 9), ("GRID", (0, 0), (-1, -1), 0.5, "black"),
                                          ("SPAN", (0, 0), (1, 0))]))
    doc = SimpleDocTemplate(str(path), pagesize=A4, invariant=1,
                            encrypt=pdfencrypt.StandardEncryption("", ownerPassword="owner", canPrint=1, canCopy=0,
                                                                  canModify=0, canAnnotate=0))
    doc.build([Paragraph("收入决算表", title), table])


def main() -> None:
    parts = report_parts()
    OUT.mkdir(parents=True, exist_ok=True)
    written = [OUT / f"{STEM}.pdf", OUT / f"{STEM}.xlsx", OUT / f"{STEM}.xls",
               OUT / "scanned-page.pdf", OUT / "encrypted.pdf", OUT / "copy-protected.pdf"]
    write_pdf(parts, written[0])
    write_xlsx(parts, written[1])
    write_xls(parts, written[2])
    write_scanned(written[3])
    write_encrypted(written[4])
    write_copy_protected(written[5])
    for path in written:
        print(path)


if __name__ == "__main__":
    main()
