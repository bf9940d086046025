"""The Excel adapter: workbooks of the sample (.xlsx and .xls, one table per sheet) give the text
path's amounts; cells display as their number format shows them; the table is told from the
text around it; unreadable workbooks are refused with the reason."""
from __future__ import annotations

from collections import Counter
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import pytest

from juesuan.loaders.adapters import excel as excel_adapter
from juesuan.loaders.adapters.excel_cells import Sheet, display
from juesuan.loaders.errors import ReportError
from juesuan.loaders.grids import Grid, TextLine
from juesuan.loaders.parse import parse_file

DATA = Path(__file__).resolve().parent / "data"
WORKBOOKS = [DATA / "anyang-police-2023-final-accounts.xlsx", DATA / "anyang-police-2023-final-accounts.xls"]


@lru_cache(maxsize=None)
def parsed(path: Path):
    return parse_file(path)


def amount_identity(a):
    return (a.table_code, a.section, a.line_label, a.line_no, a.subject_code, a.econ_code, a.measure, a.amount,
            a.raw_text)


@pytest.mark.parametrize("workbook", WORKBOOKS, ids=lambda p: p.suffix)
def test_workbook_gives_the_text_paths_amounts(workbook, sample_path):
    text, book = parsed(Path(sample_path)), parsed(workbook)
    assert len(book.amounts) == 701
    assert Counter(map(amount_identity, book.amounts)) == Counter(map(amount_identity, text.amounts))
    assert (book.department_name, book.fiscal_year, book.published_on, book.budget_units) == (
        text.department_name, text.fiscal_year, text.published_on, text.budget_units)
    assert book.source_format == workbook.suffix.lstrip(".")
    # the fixture prints the sample up to its nine tables only: cut short of the parts its 目录 lists
    assert [w.message for w in book.warnings] == [f"the report looks cut short ({book.truncated}); what it printed "
                                                  "is loaded and marked truncated"]
    assert book.truncated.startswith("the file ends before 第三部分")
    assert {c: (i.printed_number, i.unit, i.note) for c, i in book.tables.items()} == {
        c: (i.printed_number, i.unit, i.note) for c, i in text.tables.items()}


@pytest.mark.parametrize("workbook", WORKBOOKS, ids=lambda p: p.suffix)
def test_amounts_trace_back_to_their_sheet_and_row(workbook):
    report = parsed(workbook)
    assert all(a.where.sheet == f"公开{a.table_code}表" and a.where.line for a in report.amounts)
    a = next(a for a in report.amounts_of("05") if a.subject_code == "2040201" and a.measure == "基本支出")
    assert (a.raw_text, a.amount) == ("67,479.00", Decimal("67479.00"))
    document = excel_adapter.read(workbook)
    row = next(r for b in document.blocks if isinstance(b, Grid) for r in b.rows
               if r.where.sheet == a.where.sheet and r.where.line == a.where.line)
    assert row.cells[:4] == ("", "", "01", "行政运行") and "67,479.00" in row.cells


def test_the_table_is_the_ruled_rows_and_the_rest_is_text():
    document = excel_adapter.read(WORKBOOKS[0])
    sheet = [b for b in document.blocks if (b.where.sheet == "公开08表")]
    texts = [b.text for b in sheet if isinstance(b, TextLine)]
    grids = [b for b in sheet if isinstance(b, Grid)]
    assert texts[:6] == ["公开08表", "国有资本经营预算财政拨款支出决算表", "部门：安阳市公安局", "2023 年度",
                         "公开 08 表", "金额单位：万元"]
    assert texts[-1].startswith("说明：我部门没有国有资本经营收入")
    assert len(grids) == 1 and grids[0].rows[-1].cells[0] == "合计"  # the empty table's 合计 row is a table row


def test_without_borders_the_table_runs_from_the_first_to_the_last_row_of_several_cells():
    sheet = Sheet("表1", [("收入决算表", "", ""), ("单位：万元", "", ""), ("项目", "本年收入合计", "财政拨款收入"),
                         ("合计", "10.00", "10.00"), ("", "", ""), ("注：本表反映…", "", "")],
                  [False] * 6)
    assert excel_adapter.table_rows(sheet) == range(2, 4)
    blocks = excel_adapter.sheet_blocks(sheet)
    assert [type(b).__name__ for b in blocks] == ["TextLine", "TextLine", "TextLine", "Grid", "TextLine"]
    assert blocks[3].rows[1].where.line == 4 and blocks[3].rows[1].where.sheet == "表1"


@pytest.mark.parametrize("value, number_format, shown", [
    (81315.03, "#,##0.00", "81,315.03"),
    (200, "#,##0.00", "200.00"),
    (0, "General", "0"),
    (3621.36, "General", "3621.36"),
    (200.0, "General", "200"),
    (0.1 + 0.2, "0.00", "0.30"),          # the stored float's decimal text, rounded as displayed
    (0.6543, "0.00%", "65.43%"),
    (Decimal("1.005"), "0.00", "1.01"),   # half up, as Excel displays
    ("  行政\n运行 ", None, "行政 运行"),
    (None, "General", ""),
])
def test_cells_display_as_their_number_format_shows_them(value, number_format, shown):
    assert display(value, number_format) == shown


def test_unreadable_workbooks_are_refused(tmp_path):
    damaged = tmp_path / "damaged.xlsx"
    damaged.write_bytes(WORKBOOKS[0].read_bytes()[:2000])
    text = tmp_path / "notes.xls"
    text.write_text("不是工作簿", encoding="utf-8")
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    reasons = {}
    for path in (damaged, text, empty):
        with pytest.raises(ReportError) as err:
            parse_file(path)
        reasons[path.name] = err.value.reason
    assert reasons["damaged.xlsx"].startswith("not a readable .xlsx workbook, it may be encrypted or damaged")
    assert reasons["notes.xls"].startswith("not a readable .xls workbook")
    assert reasons["empty.xlsx"] == "the file is empty"


def test_a_workbook_without_a_table_is_refused(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "说明"
    book.active["A1"] = "本单位 2024 年度部门决算公开说明"
    path = tmp_path / "text-only.xlsx"
    book.save(path)
    with pytest.raises(ReportError) as err:
        parse_file(path)
    assert err.value.reason.startswith("a workbook without any table")
