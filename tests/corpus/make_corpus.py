"""Print the sample's nine tables the ways other office software and other regions print them.

    python tests/corpus/make_corpus.py     # needs reportlab, python-docx, openpyxl and LibreOffice (soffice)

Writes tests/corpus/files/*.{pdf,xlsx}, one expected-values CSV per fixture and
tests/corpus/manifest.yml. The files are committed: the tests and `juesuan recall`
need neither LibreOffice nor these packages.

The printed amounts come from tests/data/anyang_2023_tables.csv, the sample's tables
read by hand, never from the parser: each fixture prints those amounts (and, where a
style adds columns or tables, amounts this script makes up and records), and its
expected CSV says what must be read back. Each fixture reproduces one class of
variation seen in real reports:

- crossing_chunks: a producer that emits an amount and the next cell's label as
  one text chunk across the ruling (“9746.50  一、一般公共服务支出”);
- split_headers: header keywords split over two ruled rows (“经济分类” / “科目编码”);
- fused_code_header: the 类 | 款 | 项 header cells in the same ruled row as the 合计 row;
- empty_tables_word: tables 07 and 08 printed as ruled grids without data and a
  “注：…故本表无数据” note, through LibreOffice Writer (as Word/WPS users print);
- wrapped_titles: titles wrapped over two lines, or with the department and year before them;
- unruled_tables: tables printed without any rulings (read from text columns);
- numbered_workbook: 表1…表9 numbering, printed through LibreOffice Calc, and the
  workbook itself (sheets named like “Z01 收入支出决算总表（财决01表）”, two tables on
  one sheet, one table over two sheets);
- fourteen_tables: a regional set of more tables (一般公共预算财政拨款收入支出决算表,
  项目支出决算表, 国有资产使用情况表) and a 三公 table with 机关运行经费 beside it;
- budget_columns: 年初预算数 and 调整预算数 printed beside the 决算 columns;
- filled_borders: rulings drawn as thin filled rectangles (as Word 2010 exports them),
  with the 三公 categories in other wordings (公务用车购置及运行费, 公务用车运行费).
"""
from __future__ import annotations

import copy
import csv
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
EXPECTED = ROOT / "tests" / "data" / "anyang_2023_tables.csv"
OUT = HERE / "files"
DEPARTMENT, YEAR = "安阳市公安局", 2023
FONT = "STSong-Light"   # reportlab's built-in CID font: a correct text layer without embedding a font file

TITLES = {"01": "收入支出决算总表", "02": "收入决算表", "03": "支出决算表", "04": "财政拨款收入支出决算总表",
          "05": "一般公共预算财政拨款支出决算表", "06": "一般公共预算财政拨款基本支出决算明细表",
          "07": "政府性基金预算财政拨款收入支出决算表", "08": "国有资本经营预算财政拨款支出决算表",
          "09": "财政拨款“三公”经费支出决算表"}
NOTES = {"08": "注：本部门2023年度没有使用国有资本经营预算财政拨款安排的支出，故本表无数据。",
         "07": "注：本部门2023年度没有使用政府性基金预算财政拨款安排的支出，故本表无数据。"}
FIELDS = ["table_code", "section", "line_label", "line_no", "subject_code", "econ_code", "measure", "amount"]


# -- the sample's tables, from the hand-read record -----------------------------------------------

@dataclass
class Line:
    section: str
    label: str
    line_no: str
    code: str                      # subject or econ code
    values: dict[str, Decimal] = field(default_factory=dict)


@dataclass
class Printed:
    """A table as printed: header rows (None: the cell is merged into the one to its left or above), body rows."""

    code: str
    title: str
    head: list[list[str | None]]
    body: list[list[str]]
    kinds: list[str]               # per column: code, label, line_no, value
    note: str | None = None


def record() -> list[dict]:
    with EXPECTED.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def lines_of(rows: list[dict], code: str) -> list[Line]:
    out: dict[tuple, Line] = {}
    for r in rows:
        if r["table_code"] != code:
            continue
        key = (r["section"], r["line_label"], r["line_no"], r["subject_code"] or r["econ_code"])
        line = out.setdefault(key, Line(r["section"], r["line_label"], r["line_no"],
                                        r["subject_code"] or r["econ_code"]))
        line.values[r["measure"]] = Decimal(r["amount"])
    return list(out.values())


def money(value: Decimal | None) -> str:
    if value is None:
        return ""
    return f"{value:,.2f}" if value else "0"


SUBJECT_COLUMNS = {
    "02": ["本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"],
    "03": ["本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"],
    "05": ["本年支出合计", "基本支出", "项目支出"],
    "07": ["年初结转和结余", "本年收入", "本年支出合计", "基本支出", "项目支出", "年末结转和结余"],
    "08": ["本年支出合计", "基本支出", "项目支出"],
}
SUBJECT_HEADS = {
    "02": [["项目", None, "本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入",
            "其他收入"]],
    "03": [["项目", None, "本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"]],
    "05": [["项目", None, "本年支出", None, None], ["", "", "小计", "基本支出", "项目支出"]],
    "07": [["项目", None, "年初结转和结余", "本年收入", "本年支出", None, None, "年末结转和结余"],
           ["", "", "", "", "小计", "基本支出", "项目支出", ""]],
    "08": [["项目", None, "本年支出", None, None], ["", "", "合计", "基本支出", "项目支出"]],
}


def subject_table(rows: list[dict], code: str, codes: str = "whole") -> Printed:
    """02, 03, 05, 07, 08: 科目编码 | 科目名称 | amounts. ``codes``: whole, spaced (204 02 01) or parts (类|款|项)."""
    columns = SUBJECT_COLUMNS[code]
    head = copy.deepcopy(SUBJECT_HEADS[code])
    head.append(["科目编码", "科目名称"] + [""] * len(columns))
    body = []
    for line in lines_of(rows, code):
        shown = line.code
        if codes == "spaced" and len(line.code) > 3:
            shown = " ".join(filter(None, (line.code[:3], line.code[3:5], line.code[5:7])))
        cells = [shown or line.label, line.label if line.code else ""] + [money(line.values.get(m)) for m in columns]
        body.append(cells)
    printed = Printed(code, TITLES[code], head, body, ["code", "label"] + ["value"] * len(columns))
    return split_codes(printed, fused=codes == "fused") if codes in ("parts", "fused") else printed


def split_codes(table: Printed, fused: bool = False) -> Printed:
    """The code column printed as 类 | 款 | 项, the 类 and 款 blank under the row that printed them.

    ``fused``: the 类 | 款 | 项 header cells stand in the same ruled row as the 合计 row's data.
    """
    head = [[row[0], None, None] + row[1:] for row in table.head]
    head[-1] = ["科目编码", None, None] + table.head[-1][1:]
    body = []
    for row in table.body:
        code = row[0]
        if code.isdigit() and len(code) in (3, 5, 7):
            parts = [code if len(code) == 3 else "", code[3:5] if len(code) == 5 else "",
                     code[5:7] if len(code) == 7 else ""]
        else:
            parts = [code, "", ""]
        body.append(parts + row[1:])
    if fused and body and body[0][0] in ("合计", "总计"):
        body[0] = ["类", "款", "项", body[0][0]] + body[0][4:]
    else:
        head.append(["类", "款", "项"] + [""] * (len(head[-1]) - 3))
    return Printed(table.code, table.title, head, body, ["code_part"] * 3 + table.kinds[1:], table.note)


def two_sided(rows: list[dict], code: str) -> Printed:
    """01 and 04: income lines on the left, expenditure by class on the right, totals at the bottom of both."""
    lines = lines_of(rows, code)
    left = [ln for ln in lines if ln.section == "收入"]
    right = [ln for ln in lines if ln.section == "支出"]
    right_measures = ["金额"] if code == "01" else ["合计", "一般公共预算财政拨款", "政府性基金预算财政拨款",
                                                     "国有资本经营预算财政拨款"]

    def split(side: list[Line], word: str) -> tuple[list[Line], list[Line]]:
        at = next(i for i, ln in enumerate(side) if ln.label.startswith(word))
        return side[:at], side[at:]

    left_items, left_totals = split(left, "本年收入合计")
    right_items, right_totals = split(right, "本年支出合计")
    body = []
    for items_or_totals in ((left_items, right_items), (left_totals, right_totals)):
        a, b = items_or_totals
        for i in range(max(len(a), len(b))):
            cells = []
            for side, measures in ((a, ["金额"]), (b, right_measures)):
                if i < len(side):
                    ln = side[i]
                    cells += [ln.label, ln.line_no] + [money(ln.values.get(m)) for m in measures]
                else:
                    cells += ["", ""] + [""] * len(measures)
            body.append(cells)
    if code == "01":
        head = [["收入", None, None, "支出", None, None], ["项目", "行次", "金额", "项目", "行次", "金额"]]
    else:
        head = [["收入", None, None, "支出", None, None, None, None, None],
                ["项目", "行次", "金额", "项目", "行次", "合计", "一般公共预算财政拨款", "政府性基金预算财政拨款",
                 "国有资本经营预算财政拨款"]]
    kinds = ["label", "line_no", "value", "label", "line_no"] + ["value"] * len(right_measures)
    return Printed(code, TITLES[code], head, body, kinds)


def econ_groups(rows: list[dict], split_header: bool = False) -> Printed:
    """06: 人员经费 in the first group of columns, 公用经费 in the next two, the two totals in a footer row."""
    lines = lines_of(rows, "06")
    personnel = [ln for ln in lines if ln.section == "人员经费" and ln.code]
    public = [ln for ln in lines if ln.section == "公用经费" and ln.code]
    totals = {ln.section: ln.values["决算数"] for ln in lines if not ln.code}
    half = (len(public) + 1) // 2
    groups = [personnel, public[:half], public[half:]]
    body = []
    for i in range(max(len(g) for g in groups)):
        cells = []
        for group in groups:
            if i < len(group):
                cells += [group[i].code, group[i].label, money(group[i].values["决算数"])]
            else:
                cells += ["", "", ""]
        body.append(cells)
    body.append(["人员经费合计", "", money(totals["人员经费"]), "公用经费合计", "", "", "", "",
                 money(totals["公用经费"])])
    if split_header:  # the key words split over two ruled rows
        head = [["人员经费", None, None, "公用经费", None, None, None, None, None],
                ["经济分类", "经济分类", "决算数", "经济分类", "经济分类", "决算数", "经济分类", "经济分类", "决算数"],
                ["科目编码", "科目名称", "", "科目编码", "科目名称", "", "科目编码", "科目名称", ""]]
    else:
        head = [["人员经费", None, None, "公用经费", None, None, None, None, None],
                ["科目编码", "科目名称", "决算数", "科目编码", "科目名称", "决算数", "科目编码", "科目名称", "决算数"]]
    return Printed("06", TITLES["06"], head, body, ["code", "label", "value"] * 3)


THREE_PUBLIC = ["合计", "因公出国(境)费", "公务用车购置及运行维护费", "公务用车购置费", "公务用车运行维护费", "公务接待费"]


def three_public(rows: list[dict], wording: dict[str, str] | None = None, office: dict | None = None) -> Printed:
    """09: 预算数 and 决算数 over the categories (the national form), in one data row."""
    values = {(ln.label, m): v for ln in lines_of(rows, "09") for m, v in ln.values.items()}
    names = {c: (wording or {}).get(c, c) for c in THREE_PUBLIC}
    top, middle, bottom, data = [], [], [], []
    for measure in ("预算数", "决算数"):
        top += [measure, None, None, None, None, None]
        middle += [names["合计"], names["因公出国(境)费"], names["公务用车购置及运行维护费"], None, None,
                   names["公务接待费"]]
        bottom += ["", "", "小计", names["公务用车购置费"], names["公务用车运行维护费"], ""]
        data += [money(values.get((c, measure))) for c in ("合计", "因公出国(境)费", "公务用车购置及运行维护费",
                                                            "公务用车购置费", "公务用车运行维护费", "公务接待费")]
    if office:
        top += ["机关运行经费", None]
        middle += ["预算数", "决算数"]
        bottom += ["", ""]
        data += [money(office["预算数"]), money(office["决算数"])]
    head = [top, middle, bottom]
    return Printed("09", TITLES["09"], head, [data], ["value"] * len(data))


def national(rows: list[dict], **options) -> list[Printed]:
    return [two_sided(rows, "01"), subject_table(rows, "02", options.get("codes_02", "whole")),
            subject_table(rows, "03", options.get("codes_03", "spaced")), two_sided(rows, "04"),
            subject_table(rows, "05", options.get("codes_05", "whole")),
            econ_groups(rows, options.get("split_06", False)), subject_table(rows, "07"),
            empty_08(rows), three_public(rows, options.get("wording"), options.get("office"))]


def empty_08(rows: list[dict]) -> Printed:
    table = subject_table(rows, "08")
    table.body = [["合计", "", "", "", ""]] + [["", "", "", "", ""] for _ in range(3)]
    table.note = NOTES["08"]
    return table


def emptied(table: Printed) -> Printed:
    """The table printed without data (its rows blank), with the note that says why."""
    out = copy.deepcopy(table)
    out.body = [[""] * len(out.kinds) for _ in range(4)]
    out.note = NOTES.get(table.code, "注：本部门本年度没有相关收支，故本表无数据。")
    return out


def expected_rows(rows: list[dict], drop: set[str] = frozenset()) -> list[dict]:
    return [r for r in rows if r["table_code"] not in drop]


# -- rendering: a canvas of our own (exact control of every stroke and text chunk) ---------------

PAGE_W, PAGE_H = 842.0, 595.0   # A4 landscape
MARGIN = 36.0
ROW_H = 15.0
FONT_SIZE = 7.5


@dataclass
class Style:
    ruled: bool = True
    filled_borders: bool = False
    crossing_chunks: bool = False
    title_prefix: str = ""        # {n}: the printed number, {code}: the 公开 code
    title_before: str = ""        # text printed before the title, e.g. the department and year
    wrap_titles: bool = False
    number_line: bool = True      # a “公开0N表” line under the title
    unruled: frozenset = frozenset()


def column_widths(table: Printed, width: float) -> list[float]:
    wanted = []
    for col, kind in enumerate(table.kinds):
        texts = [row[col] for row in table.body] + [row[col] or "" for row in table.head]
        longest = max((len(t) for t in texts), default=0)
        if kind == "label":
            wanted.append(min(max(longest, 6), 18) * FONT_SIZE + 6)
        elif kind in ("code", "code_part"):
            wanted.append(max(min(longest, 12), 3) * FONT_SIZE * 0.6 + 8)
        elif kind == "line_no":
            wanted.append(24)
        else:
            wanted.append(max(longest, 6) * FONT_SIZE * 0.55 + 10)
    scale = min(1.0, width / sum(wanted))
    return [w * scale for w in wanted]


class Canvas:
    def __init__(self, path: Path, style: Style):
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont
        from reportlab.pdfgen import canvas

        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
        self.pdfmetrics = pdfmetrics
        self.c = canvas.Canvas(str(path), pagesize=(PAGE_W, PAGE_H), invariant=1)
        self.c.setTitle(f"{DEPARTMENT} {YEAR} 年度部门决算")
        self.style = style
        self.y = PAGE_H - MARGIN
        self.page = 1

    def width_of(self, text: str, size: float = FONT_SIZE) -> float:
        return self.pdfmetrics.stringWidth(text, FONT, size)

    def new_page(self) -> None:
        self.c.setFont(FONT, 7)
        self.c.drawCentredString(PAGE_W / 2, 16, f"- {self.page} -")
        self.c.showPage()
        self.page += 1
        self.y = PAGE_H - MARGIN

    def text(self, line: str, size: float = 9, centred: bool = False) -> None:
        if self.y < MARGIN + 2 * size:
            self.new_page()
        self.c.setFont(FONT, size)
        if centred:
            self.c.drawCentredString(PAGE_W / 2, self.y - size, line)
        else:
            self.c.drawString(MARGIN, self.y - size, line)
        self.y -= size * 1.6

    def rule(self, x0: float, y0: float, x1: float, y1: float) -> None:
        if self.style.filled_borders:  # a thin filled rectangle, as Word 2010 draws a border
            thickness = 0.6
            if y0 == y1:
                self.c.rect(x0, y0 - thickness / 2, x1 - x0, thickness, stroke=0, fill=1)
            else:
                self.c.rect(x0 - thickness / 2, min(y0, y1), thickness, abs(y1 - y0), stroke=0, fill=1)
        else:
            self.c.setLineWidth(0.5)
            self.c.line(x0, y0, x1, y1)

    def table(self, table: Printed, ruled: bool) -> None:
        widths = column_widths(table, PAGE_W - 2 * MARGIN)
        xs = [MARGIN]
        for w in widths:
            xs.append(xs[-1] + w)
        head_rows = len(table.head)
        rows: list[list[str | None]] = list(table.head) + [list(r) for r in table.body]
        start = 0
        while start < len(rows):
            room = int((self.y - MARGIN - 20) // ROW_H)
            if room < head_rows + 2:
                self.new_page()
                continue
            if start == 0:
                chunk = rows[:room]
            else:  # a table continued on the next page repeats its header
                chunk = list(table.head) + rows[start:start + room - head_rows]
            taken = len(chunk) if start == 0 else len(chunk) - head_rows
            self._grid(table, chunk, head_rows, xs, ruled)
            start += taken
            if start < len(rows):
                self.new_page()

    def _grid(self, table: Printed, rows: list[list[str | None]], head_rows: int, xs: list[float], ruled: bool):
        top = self.y
        ys = [top - i * ROW_H for i in range(len(rows) + 1)]
        n_cols = len(xs) - 1
        # which slots are merged into the one to their left (None in a header row), or above (None under a header)
        merged_left = [[r < head_rows and row[c] is None for c in range(n_cols)] for r, row in enumerate(rows)]
        merged_up = [[False] * n_cols for _ in rows]
        for r in range(1, min(head_rows, len(rows))):
            for c in range(n_cols):
                if rows[r][c] == "" and rows[r - 1][c] not in ("", None) and not any(
                        rows[r][k] not in ("", None) for k in range(c + 1, n_cols) if merged_left[r - 1][k]):
                    merged_up[r][c] = True
        if ruled:
            for r in range(len(rows) + 1):  # horizontal rulings, broken where a cell spans down
                for c in range(n_cols):
                    if 0 < r < len(rows) and merged_up[r][c]:
                        continue
                    self.rule(xs[c], ys[r], xs[c + 1], ys[r])
            for c in range(n_cols + 1):  # vertical rulings, broken where a cell spans right
                for r in range(len(rows)):
                    if 0 < c < n_cols and merged_left[r][c]:
                        continue
                    self.rule(xs[c], ys[r], xs[c], ys[r + 1])
        self.c.setFont(FONT, FONT_SIZE)
        for r, row in enumerate(rows):
            baseline = ys[r] - ROW_H + 4.5
            c = 0
            while c < n_cols:
                text = row[c] or ""
                span_end = c + 1
                while span_end < n_cols and r < head_rows and row[span_end] is None:
                    span_end += 1
                left, right = xs[c], xs[span_end]
                kind = table.kinds[c]
                if text and r >= head_rows and kind == "value" and self.style.crossing_chunks \
                        and span_end < n_cols and table.kinds[span_end] in ("label", "code") and row[span_end]:
                    # one text chunk: the amount, right-aligned in its cell, and the next cell's text after it
                    nxt = row[span_end]
                    gap = (xs[span_end] - self.width_of(text) - 3) - left
                    x = left + max(gap, 1)
                    pad = " " * max(1, round((xs[span_end] + 2 - (x + self.width_of(text))) / self.width_of(" ")))
                    self.c.drawString(x, baseline, text + pad + nxt)
                    c = span_end + 1
                    continue
                if text:
                    size = FONT_SIZE
                    while self.width_of(text, size) > right - left - 2 and size > 4:
                        size -= 0.5
                    self.c.setFont(FONT, size)
                    if kind == "value" and r >= head_rows:
                        self.c.drawRightString(right - 2, baseline, text)
                    elif r < head_rows:
                        self.c.drawCentredString((left + right) / 2, baseline, text)
                    else:
                        self.c.drawString(left + 2, baseline, text)
                    self.c.setFont(FONT, FONT_SIZE)
                c = span_end
        self.y = ys[-1] - 6

    def save(self) -> None:
        self.c.setFont(FONT, 7)
        self.c.drawCentredString(PAGE_W / 2, 16, f"- {self.page} -")
        self.c.save()


def render_pdf(path: Path, tables: list[Printed], style: Style, extra_lines: dict[str, list[str]] | None = None):
    page = Canvas(path, style)
    page.y = PAGE_H - 200
    page.text(DEPARTMENT, 26, centred=True)
    page.text(f"{YEAR} 年度部门决算", 26, centred=True)
    page.text("二〇二四年九月", 14, centred=True)
    page.new_page()
    for number, table in enumerate(tables, start=1):
        title = table.title
        if style.title_prefix:
            title = style.title_prefix.format(n=number, code=table.code) + title
        if style.title_before:
            title = style.title_before + title
        if style.wrap_titles and len(title) > 6:
            page.text(title[:-1], 12, centred=True)
            page.text(title[-1:], 12, centred=True)
        else:
            page.text(title, 12, centred=True)
        if style.number_line:
            page.text(f"公开{table.code}表" if table.code[0] != "X" else f"附表{number}")
        page.text(f"部门：{DEPARTMENT}            单位：万元")
        page.table(table, style.ruled and table.code not in style.unruled)
        if table.note:
            page.text(table.note, 8)
        for line in (extra_lines or {}).get(table.code, []):
            page.text(line, 8)
        page.new_page()
    page.save()


# -- rendering through LibreOffice ----------------------------------------------------------------

def soffice(source: Path, target: Path) -> None:
    with tempfile.TemporaryDirectory() as work:
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", work, str(source)],
                       check=True, capture_output=True, timeout=300)
        shutil.move(str(Path(work) / (source.stem + ".pdf")), target)


def render_docx(path: Path, tables: list[Printed]) -> None:
    """A Word document as Word/WPS users write it: a cover, each table under its title, a note below."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    for text, size in ((DEPARTMENT, 26), (f"{YEAR}年度部门决算", 26), ("二〇二四年九月", 14)):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run(text).font.size = Pt(size)
    for table in tables:
        doc.add_page_break()
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run(table.title).font.size = Pt(14)
        doc.add_paragraph(f"公开{table.code}表")
        doc.add_paragraph(f"部门：{DEPARTMENT}          单位：万元")
        rows = list(table.head) + [list(r) for r in table.body]
        grid = doc.add_table(rows=len(rows), cols=len(table.kinds))
        grid.style = "Table Grid"
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                if text is None:
                    continue
                cell = grid.cell(r, c)
                end = c
                while end + 1 < len(row) and row[end + 1] is None:
                    end += 1
                if end > c:
                    cell = cell.merge(grid.cell(r, end))
                cell.text = text
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        run.font.size = Pt(7)
                    if r >= len(table.head) and table.kinds[c] == "value":
                        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if table.note:
            doc.add_paragraph(table.note)
    doc.save(str(path))


def fit_to_width(ws) -> None:
    """Landscape, every column on one page: how a table is set up before it is printed."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0


def render_xlsx(path: Path, tables: list[Printed], layout: str = "sheets") -> None:
    """A workbook as a finance system exports it: each table on a sheet named like “Z01 …（财决01表）”,
    numbered 表1…表9; ``layout`` 'shared' puts 02 and 03 on one sheet and 06 over two sheets."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Side

    thin = Side(style="thin")
    ruled = Border(left=thin, right=thin, top=thin, bottom=thin)
    book = Workbook()
    cover = book.active
    cover.title = "封面"
    cover["A1"], cover["A2"], cover["A3"] = DEPARTMENT, f"{YEAR}年度部门决算", "二〇二四年九月"

    def write(ws, start: int, number: int, table: Printed, body: list[list[str]], titled: bool = True) -> int:
        from openpyxl.utils import get_column_letter

        for c, kind in enumerate(table.kinds, start=1):  # wide enough that a print shows every character
            letter = get_column_letter(c)
            wanted = {"label": 34, "code": 10, "code_part": 6, "line_no": 6}.get(kind, 15)
            ws.column_dimensions[letter].width = max(ws.column_dimensions[letter].width or 0, wanted)
        r = start
        if titled:
            ws.cell(r, 1, f"表{number} {table.title}")
            ws.cell(r + 1, 1, f"部门：{DEPARTMENT}")
            ws.cell(r + 1, len(table.kinds), "单位：万元")
            r += 2
        for row in table.head:
            ws.row_dimensions[r].height = 42  # wrapped header words stay inside their cell when printed
            c = 0
            while c < len(row):
                end = c
                while end + 1 < len(row) and row[end + 1] is None:
                    end += 1
                for k in range(c, end + 1):
                    ws.cell(r, k + 1).border = ruled
                cell = ws.cell(r, c + 1, row[c] or None)
                cell.alignment = Alignment(horizontal="center", wrap_text=True)
                if end > c:
                    ws.merge_cells(start_row=r, start_column=c + 1, end_row=r, end_column=end + 1)
                c = end + 1
            r += 1
        for row in body:
            for c, (text, kind) in enumerate(zip(row, table.kinds), start=1):
                value: object = text or None
                if kind == "value" and text:
                    value = Decimal(text.replace(",", ""))
                cell = ws.cell(r, c, value)
                if kind == "value" and text:
                    cell.number_format = "#,##0.00"
                cell.border = ruled
            r += 1
        if table.note:
            ws.cell(r, 1, table.note)
            r += 1
        return r + 1

    for number, table in enumerate(tables, start=1):
        if layout == "shared" and table.code == "03":
            continue  # printed on 02's sheet
        ws = book.create_sheet(f"Z{number:02d} {table.title}（财决{number:02d}表）"[:31])
        fit_to_width(ws)
        if layout == "shared" and table.code == "06":
            half = len(table.body) // 2
            write(ws, 1, number, table, table.body[:half])
            rest = book.create_sheet(f"Z{number:02d} {table.title}（续）"[:31])
            fit_to_width(rest)
            write(rest, 1, number, table, table.body[half:], titled=False)
            continue
        r = write(ws, 1, number, table, table.body)
        if layout == "shared" and table.code == "02":
            following = next(t for t in tables if t.code == "03")
            write(ws, r + 1, number + 1, following, following.body)
    book.save(path)


# -- the fixtures ---------------------------------------------------------------------------------

def made_up_budget(value: Decimal, factor: str) -> Decimal:
    return (value * Decimal(factor)).quantize(Decimal("0.01"))


def budget_columns(rows: list[dict]) -> tuple[Printed, list[dict]]:
    """05 with 年初预算数 and 调整预算数 printed before the 决算 columns; the budget amounts are made up."""
    table = subject_table(rows, "05")
    head = [["项目", None, "年初预算数", "调整预算数", "决算数", None, None],
            ["", "", "", "", "小计", "基本支出", "项目支出"],
            ["科目编码", "科目名称", "", "", "", "", ""]]
    body, extra = [], []
    for line, row in zip(lines_of(rows, "05"), table.body):
        final = line.values["本年支出合计"]
        initial, adjusted = made_up_budget(final, "0.9"), made_up_budget(final, "1.02")
        body.append(row[:2] + [money(initial), money(adjusted)] + row[2:])
        for measure, value in (("年初预算数", initial), ("调整预算数", adjusted)):
            extra.append({"table_code": "05", "section": "", "line_label": line.label, "line_no": line.line_no,
                          "subject_code": line.code, "econ_code": "", "measure": measure, "amount": str(value)})
    return Printed("05", table.title, head, body, ["code", "label", "value", "value"] + ["value"] * 3), extra


def fourteen(rows: list[dict]) -> tuple[list[Printed], list[dict]]:
    """A regional set: the nine, an 一般公共预算 income/expenditure table, 项目支出, 国有资产, 三公 with 机关运行经费."""
    office = {"预算数": Decimal("10480.64"), "决算数": Decimal("10480.64")}
    tables = national(rows, office=office)
    extra = [{"table_code": "09", "section": "", "line_label": "机关运行经费", "line_no": "", "subject_code": "",
              "econ_code": "", "measure": m, "amount": str(v)} for m, v in office.items()]
    x1 = two_sided(rows, "04")
    x1.code, x1.title = "X1", "一般公共预算财政拨款收入支出决算表"
    x1.head = [["收入", None, None, "支出", None, None, None, None, None],
               ["项目", "行次", "金额", "项目", "行次", "合计", "基本支出", "项目支出", "备注"]]
    # the general budget only: its income line, and each class with basic and project spending (made up)
    x1.body = []
    general = [ln for ln in lines_of(rows, "05") if len(ln.code) == 3]
    income = [("一、一般公共预算财政拨款收入", "1", Decimal("81315.03")), ("本年收入合计", "2", Decimal("81315.03")),
              ("总计", "3", Decimal("81315.03"))]
    for i in range(max(len(income), len(general))):
        left = [income[i][0], income[i][1], money(income[i][2])] if i < len(income) else ["", "", ""]
        if i < len(general):
            ln = general[i]
            right = [ln.label, str(10 + i), money(ln.values["本年支出合计"]), money(ln.values["基本支出"]),
                     money(ln.values["项目支出"]), ""]
        else:
            right = [""] * 6
        x1.body.append(left + right)
    x1.body.append(["", "", "", "总计", "40", money(Decimal("81315.03")), "", "", ""])
    extra.append({"table_code": "X1", "section": "支出", "line_label": "总计", "line_no": "40", "subject_code": "",
                  "econ_code": "", "measure": "合计", "amount": "81315.03"})
    x1.kinds = ["label", "line_no", "value", "label", "line_no", "value", "value", "value", "label"]
    for label, line_no, value in income:
        extra.append({"table_code": "X1", "section": "收入", "line_label": label, "line_no": line_no,
                      "subject_code": "", "econ_code": "", "measure": "金额", "amount": str(value)})
    for i, ln in enumerate(general):
        for measure, header in (("本年支出合计", "合计"), ("基本支出", "基本支出"), ("项目支出", "项目支出")):
            extra.append({"table_code": "X1", "section": "支出", "line_label": ln.label, "line_no": str(10 + i),
                          "subject_code": ln.code, "econ_code": "", "measure": header,
                          "amount": str(ln.values[measure])})
    x2 = subject_table(rows, "03")
    x2.code, x2.title = "X2", "项目支出决算表"
    x2.head = [["项目", None, "项目支出", None, None], ["", "", "合计", "基本建设类项目", "其他类项目"],
               ["科目编码", "科目名称", "", "", ""]]
    x2.body = []
    for ln in lines_of(rows, "03"):
        if ln.values.get("项目支出"):
            x2.body.append([ln.code or ln.label, ln.label if ln.code else "", money(ln.values["项目支出"]), "0",
                            money(ln.values["项目支出"])])
            for measure, value in (("合计", ln.values["项目支出"]), ("基本建设类项目", Decimal(0)),
                                   ("其他类项目", ln.values["项目支出"])):
                extra.append({"table_code": "X2", "section": "", "line_label": ln.label, "line_no": "",
                              "subject_code": ln.code, "econ_code": "", "measure": measure, "amount": str(value)})
    x2.kinds = ["code", "label", "value", "value", "value"]
    assets = [("房屋（平方米）", "52310", "18234.56"), ("车辆（辆）", "807", "15210.33"),
              ("单价100万元以上设备（台/套）", "12", "3420.00")]
    x3 = Printed("X3", "国有资产使用情况表", [["资产类别", "数量", "账面原值"]],
                 [[a, b, f"{Decimal(c):,.2f}"] for a, b, c in assets], ["label", "value", "value"])
    for name, count, value in assets:
        for measure, amount in (("数量", count), ("账面原值", value)):
            extra.append({"table_code": "X3", "section": "", "line_label": name, "line_no": "", "subject_code": "",
                          "econ_code": "", "measure": measure, "amount": amount})
    return tables + [x1, x2, x3], extra


@dataclass
class Fixture:
    name: str
    file: str
    producer: str
    classes: list[str]
    expected: list[dict]
    statuses: dict[str, str]
    table_set: str = "national"


def statuses(codes_empty_with_note=("08",), extra: tuple[str, ...] = ()) -> dict[str, str]:
    out = {c: "found" for c in TITLES}
    out.update({c: "empty_with_note" for c in codes_empty_with_note})
    out.update({c: "found" for c in extra})
    return out


def main() -> None:
    rows = record()
    OUT.mkdir(parents=True, exist_ok=True)
    fixtures: list[Fixture] = []

    def pdf(name: str, tables: list[Printed], style: Style, classes: list[str], expected: list[dict],
            status: dict[str, str], table_set: str = "national") -> None:
        render_pdf(OUT / f"{name}.pdf", tables, style)
        fixtures.append(Fixture(name, f"{name}.pdf", "reportlab (drawn stroke by stroke)", classes, expected,
                                status, table_set))

    pdf("crossing_chunks", national(rows), Style(crossing_chunks=True),
        ["text that crosses a cell ruling"], rows, statuses())
    pdf("split_headers", national(rows, split_06=True, codes_02="whole"), Style(),
        ["header keywords split across ruled rows"], rows, statuses())
    pdf("fused_code_header", national(rows, codes_05="fused", codes_03="fused"), Style(),
        ["类/款/项 header row fused with the 合计 row"], rows, statuses())
    pdf("wrapped_titles", national(rows), Style(wrap_titles=True, title_before=f"{DEPARTMENT}{YEAR}年度"),
        ["title wrapped over two lines", "department and year before the title"], rows, statuses())
    pdf("unruled_tables", national(rows), Style(unruled=frozenset({"02", "03", "05", "07"})),
        ["tables without rulings (stream)"], rows, statuses())
    pdf("filled_borders", national(rows, wording={"公务用车购置及运行维护费": "公务用车购置及运行费",
                                                  "公务用车运行维护费": "公务用车运行费"}),
        Style(filled_borders=True, title_prefix="{n}、", number_line=False),
        ["rulings drawn as filled rectangles (Word 2010)", "三公 names in other wordings", "一、… before the title"],
        rows, statuses())
    damaged = national(rows)
    broken = {("06", "26,016.91"): "26,O16.91", ("02", "1,578.22"): "1,5 78.2Z"}
    for table in damaged:
        for row in table.body:
            for c, text in enumerate(row):
                if (table.code, text) in broken:
                    row[c] = broken.pop((table.code, text))
    lost = [("06", "30101", "决算数"), ("02", "210", "本年收入合计")]
    pdf("damaged_cells", damaged, Style(), ["a damaged amount: a warning, no amount, nothing shifted"],
        [r for r in rows if (r["table_code"], r["econ_code"] or r["subject_code"], r["measure"]) not in lost],
        statuses())
    budget, budget_extra = budget_columns(rows)
    tables = national(rows)
    tables[4] = budget
    pdf("budget_columns", tables, Style(), ["调整预算数 columns"], rows + budget_extra, statuses())
    fourteen_tables, fourteen_extra = fourteen(rows)
    pdf("fourteen_tables", fourteen_tables, Style(title_prefix="表{n} ", number_line=False),
        ["a 14-table regional set", "三公 with 机关运行经费", "表1–表9 numbering"], rows + fourteen_extra,
        statuses(extra=("X1", "X2", "X3")), "fourteen_tables")

    # real office software: Writer prints the document, Calc the workbook
    empty = [emptied(t) if t.code in ("07", "08") else t for t in national(rows)]
    with tempfile.TemporaryDirectory() as work:
        source = Path(work) / "empty_tables_word.docx"
        render_docx(source, empty)
        soffice(source, OUT / "empty_tables_word.pdf")
    fixtures.append(Fixture("empty_tables_word", "empty_tables_word.pdf", "LibreOffice Writer (from .docx)",
                            ["empty tables kept, with their 注： notes"], expected_rows(rows, {"07"}),
                            statuses(("07", "08"))))
    render_xlsx(OUT / "numbered_workbook.xlsx", national(rows), layout="shared")
    fixtures.append(Fixture("numbered_workbook_xlsx", "numbered_workbook.xlsx", "openpyxl workbook",
                            ["sheet names like Z01 …（财决01表）", "two tables on one sheet",
                             "one table over two sheets", "表1–表9 numbering"], rows, statuses()))
    with tempfile.TemporaryDirectory() as work:
        source = Path(work) / "numbered_workbook_print.xlsx"
        render_xlsx(source, national(rows))
        soffice(source, OUT / "numbered_workbook_print.pdf")
    fixtures.append(Fixture("numbered_workbook_print", "numbered_workbook_print.pdf", "LibreOffice Calc (from .xlsx)",
                            ["表1–表9 numbering", "a workbook printed to PDF"], rows, statuses()))

    manifest = {"department": DEPARTMENT, "fiscal_year": YEAR, "fixtures": [
        # the real reports at hand, with their tables read by hand
        {"name": "sample_text", "file": "../../examples/anyang-police-2023-final-accounts.txt",
         "producer": "text extraction of a real PDF (安阳市公安局 2023)", "classes": ["the sample"],
         "expected": "../data/anyang_2023_tables.csv", "table_set": "national", "tables": statuses()},
        {"name": "shanghai_real", "file": "../data/shanghai-putuo-social-work-dept-2024-final-accounts.pdf",
         "producer": "WPS 文字 (real, 上海市普陀区 2024)", "classes": ["a real published PDF"],
         "expected": "../data/shanghai_putuo_2024_tables.csv", "table_set": "national",
         "tables": statuses(("07", "08", "09"))},
        {"name": "sample_pdf", "file": "../data/anyang-police-2023-final-accounts.pdf",
         "producer": "reportlab (tests/make_fixtures.py)", "classes": ["codes spaced and in 类|款|项 columns",
                                                                     "a table over a page break", "07 without rulings"],
         "expected": "../data/anyang_2023_tables.csv", "table_set": "national", "tables": statuses()},
        {"name": "sample_xlsx", "file": "../data/anyang-police-2023-final-accounts.xlsx",
         "producer": "openpyxl workbook (tests/make_fixtures.py)", "classes": ["one table per sheet"],
         "expected": "../data/anyang_2023_tables.csv", "table_set": "national", "tables": statuses()},
        {"name": "sample_xls", "file": "../data/anyang-police-2023-final-accounts.xls",
         "producer": "xlwt workbook (tests/make_fixtures.py)", "classes": ["Excel 97 format"],
         "expected": "../data/anyang_2023_tables.csv", "table_set": "national", "tables": statuses()},
        {"name": "template_refused", "file": "../data/final-accounts-template-2024.pdf",
         "producer": "WPS 文字 (the published blank template)", "classes": ["a blank template is refused"],
         "expected": None, "refused": "a blank template", "table_set": "national", "tables": {}},
    ]}
    for fixture in fixtures:
        expected_file = f"{fixture.name}.expected.csv"
        with (OUT / expected_file).open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=FIELDS)
            writer.writeheader()
            writer.writerows(fixture.expected)
        manifest["fixtures"].append({"name": fixture.name, "file": f"files/{fixture.file}",
                                     "producer": fixture.producer, "classes": fixture.classes,
                                     "expected": f"files/{expected_file}", "table_set": fixture.table_set,
                                     "tables": fixture.statuses})
    with (HERE / "manifest.yml").open("w", encoding="utf-8") as f:
        f.write("# Generated by tests/corpus/make_corpus.py: the layout corpus and what each file must give.\n")
        yaml.safe_dump(manifest, f, allow_unicode=True, sort_keys=False, width=120)
    for fixture in fixtures:
        print(OUT / fixture.file)


if __name__ == "__main__":
    main()
