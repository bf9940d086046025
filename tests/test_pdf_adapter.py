"""The PDF adapter: the real Shanghai report against a record written by reading it, the generated
PDF of the sample against the text path, tables over page breaks, codes printed apart, stream
mode, and the PDFs that must be refused (template, scanned, encrypted, damaged).

tests/data/shanghai_putuo_2024_tables.csv was written by looking at the rendered pages of
shanghai-putuo-social-work-dept-2024-final-accounts.pdf: one row per printed amount of the
nine tables (a blank cell is no amount; 07, 08 and 09 are printed empty with a 说明).
"""
from __future__ import annotations

import csv
from collections import Counter
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import psycopg
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from juesuan.loaders.adapters import pdf as pdf_adapter
from juesuan.loaders.adapters.pdf_rulings import find_tables
from juesuan.loaders.adapters.pdf_text import read_page, table_regions
from juesuan.loaders.errors import ReportError
from juesuan.loaders.grids import Grid
from juesuan.loaders.app.load_job import load_files
from juesuan.loaders.parse import parse_file

DATA = Path(__file__).resolve().parent / "data"
SHANGHAI = DATA / "shanghai-putuo-social-work-dept-2024-final-accounts.pdf"
TEMPLATE = DATA / "final-accounts-template-2024.pdf"
GENERATED = DATA / "anyang-police-2023-final-accounts.pdf"
RECORD = DATA / "shanghai_putuo_2024_tables.csv"
TABLE_CODES = [f"{n:02d}" for n in range(1, 10)]
PRINTED_PER_TABLE = {"01": 9, "02": 36, "03": 39, "04": 15, "05": 39, "06": 67, "07": 0, "08": 0, "09": 0}


@lru_cache(maxsize=None)
def parsed(path: Path):
    return parse_file(path)


def identity(table_code, section, line_label, line_no, subject_code, econ_code, measure, amount):
    blank = lambda v: None if v in ("", None) else v  # noqa: E731
    return (table_code, blank(section), line_label, None if blank(line_no) is None else int(line_no),
            blank(subject_code), blank(econ_code), measure, Decimal(str(amount)))


def amount_identity(a):
    return identity(a.table_code, a.section, a.line_label, a.line_no, a.subject_code, a.econ_code,
                    a.measure, a.amount)


def record() -> list[dict]:
    with RECORD.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def page_texts(path: Path) -> dict[int, str]:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return {i + 1: pdf[i].get_textpage().get_text_range() for i in range(len(pdf))}
    finally:
        pdf.close()


# -- the real Shanghai report ------------------------------------------------------------

def test_record_counts_every_printed_amount_once():
    rows = record()
    assert Counter(r["table_code"] for r in rows) == {c: n for c, n in PRINTED_PER_TABLE.items() if n}
    keys = Counter(identity(*(r[k] for k in ("table_code", "section", "line_label", "line_no", "subject_code",
                                             "econ_code", "measure", "amount")))[:-1] for r in rows)
    assert [k for k, n in keys.items() if n > 1] == []


@pytest.mark.parametrize("table_code", TABLE_CODES)
def test_shanghai_amounts_match_the_printed_record(table_code):
    expected = Counter(identity(*(r[k] for k in ("table_code", "section", "line_label", "line_no", "subject_code",
                                                 "econ_code", "measure", "amount")))
                       for r in record() if r["table_code"] == table_code)
    got = Counter(amount_identity(a) for a in parsed(SHANGHAI).amounts if a.table_code == table_code)
    assert sum(got.values()) == PRINTED_PER_TABLE[table_code]
    assert expected - got == Counter(), f"printed but not read: {sorted(expected - got, key=str)}"
    assert got - expected == Counter(), f"read but not printed: {sorted(got - expected, key=str)}"


def test_shanghai_report_identity_and_table_numbers():
    report = parsed(SHANGHAI)
    assert (report.department_name, report.fiscal_year, report.kind, report.source_format) == (
        "中共上海市普陀区委社会工作部", 2024, "部门决算", "pdf")
    assert report.money_unit == "万元" and report.warnings == []
    assert sorted(report.tables) == TABLE_CODES
    # Shanghai's order: 三公 printed as table 7, 政府性基金 8, 国有资本经营 9; stored under the national codes
    printed = {code: info.printed_number for code, info in report.tables.items()}
    assert printed == {"01": "01", "02": "02", "03": "03", "04": "04", "05": "05", "06": "06",
                       "07": "08", "08": "09", "09": "07"}
    assert report.tables["09"].title == "财政拨款“三公”经费支出决算表"
    assert report.tables["06"].title == "一般公共预算财政拨款基本支出决算表"
    assert report.tables["08"].title == "国有资本经营预算财政拨款收入支出决算表"
    for code, words in (("07", "政府性基金"), ("08", "国有资本经营"), ("09", "“三公”经费")):
        note = report.tables[code].note
        # both of what Shanghai prints under an empty table: the 注 on what it shows, the 说明 why it is empty
        assert note.startswith("注：本表反映") and "\n说明：" in note and words in note, note
        assert note.endswith("故本表无数据。"), note
    # the 三公 columns are read by meaning although Shanghai prints budget and actual side by side
    assert report.tables["09"].measures == ("预算数", "决算数")


def test_shanghai_amounts_trace_back_to_their_page():
    texts = page_texts(SHANGHAI)
    report = parsed(SHANGHAI)
    problems = [a for a in report.amounts
                if a.where.page is None or a.where.line is None or a.raw_text not in texts[a.where.page]]
    assert problems == []
    a = next(a for a in report.amounts if a.subject_code == "2210203" and a.table_code == "02"
             and a.measure == "财政拨款收入")
    assert (a.where.page, a.raw_text, a.amount) == (7, "11.72", Decimal("11.72"))  # after the page break


def test_shanghai_multi_line_cells_are_one_label_or_header():
    report = parsed(SHANGHAI)
    labels = {a.line_label for a in report.amounts_of("05")}
    assert "机关事业单位基本养老保险缴费支出" in labels  # printed over three lines, spaced out
    assert "对附属单位补助支出" in report.tables["03"].measures  # header “对附属单位补⏎助支出”
    assert "附属单位上缴收入" in report.tables["02"].measures


# -- the generated PDF of the sample: same amounts as the text path ---------------------

def test_generated_pdf_gives_the_text_paths_amounts(sample_path):
    text, pdf = parsed(Path(sample_path)), parsed(GENERATED)
    assert Counter(map(amount_identity, pdf.amounts)) == Counter(map(amount_identity, text.amounts))
    assert sorted((a.table_code, a.raw_text) for a in pdf.amounts) == sorted(
        (a.table_code, a.raw_text) for a in text.amounts)
    assert (pdf.department_name, pdf.fiscal_year, pdf.published_on, pdf.budget_units) == (
        text.department_name, text.fiscal_year, text.published_on, text.budget_units)
    assert pdf.subjects == text.subjects and pdf.econ_subjects == text.econ_subjects
    assert {c: i.printed_number for c, i in pdf.tables.items()} == {c: i.printed_number for c, i in text.tables.items()}
    # the fixture prints the sample up to its nine tables only: cut short of the parts its 目录 lists
    assert [w.message for w in pdf.warnings] == [f"the report looks cut short ({pdf.truncated}); what it printed "
                                                 "is loaded and marked truncated"]
    assert pdf.truncated.startswith("the file ends before 第三部分")


def test_codes_printed_in_three_columns_become_one_code():
    """公开05 of the generated PDF prints 类 | 款 | 项 apart, 类 and 款 blank under their first row."""
    report = parsed(GENERATED)
    by_code = {(a.subject_code, a.measure): a for a in report.amounts_of("05")}
    assert by_code[("2011105", "基本支出")].line_label == "派驻派出机构"
    assert by_code[("2040201", "基本支出")].amount == Decimal("67479.00")
    assert by_code[("20402", "本年支出合计")].line_label == "公安"
    assert {a.subject_code for a in report.amounts_of("05") if a.line_label == "合计"} == {None}
    texts = page_texts(GENERATED)
    row = by_code[("2040201", "基本支出")]
    assert "01 行政运行" in texts[row.where.page] and "2040201" not in texts[row.where.page]


def test_spaced_codes_become_one_code():
    """公开03 of the generated PDF prints “204 02 01”."""
    report = parsed(GENERATED)
    a = next(a for a in report.amounts_of("03") if a.subject_code == "2040201" and a.measure == "基本支出")
    assert a.amount == Decimal("67479.00")
    assert "204 02 01" in page_texts(GENERATED)[a.where.page]


def test_a_table_over_a_page_break_is_joined_and_its_repeated_header_dropped():
    document = pdf_adapter.read(GENERATED)
    grids = [b for b in document.blocks if isinstance(b, Grid)]
    income = next(g for g in grids if g.rows[0].cells[2].replace(" ", "") == "本年收入合计")
    pages = sorted({r.where.page for r in income.rows})
    assert len(pages) == 2, "公开02 is printed over two pages"
    header_rows = [r for r in income.rows if r.cells[0] == "科目代码"]
    assert len(header_rows) == 1, "the header the second page repeats is dropped"
    second_page = [r for r in income.rows if r.where.page == pages[1]]
    assert second_page[0].cells[0].isdigit()  # the first row there is a data row
    report = parsed(GENERATED)
    assert {a.where.page for a in report.amounts_of("02")} == set(pages)
    assert len(report.amounts_of("02")) == 189


def test_running_header_and_page_numbers_are_not_text():
    document = pdf_adapter.read(GENERATED)
    lines = [b.text for b in document.blocks if not isinstance(b, Grid)]
    assert not any(t.startswith("- ") and t.endswith(" -") for t in lines)
    # the running header “安阳市公安局 2023 年度部门决算” is on every page; only the cover title stays
    assert sum(1 for t in lines if "2023 年度部门决算" in t and "安阳市公安局" in t) == 1


def test_a_page_without_rulings_is_read_in_stream_mode():
    """公开07 of the generated PDF is printed without rulings, on a page of its own."""
    report = parsed(GENERATED)
    pages = {a.where.page for a in report.amounts_of("07")}
    assert len(pages) == 1 and len(report.amounts_of("07")) == 24
    pdf = pdfium.PdfDocument(str(GENERATED))
    try:
        page = read_page(pdf[pages.pop() - 1], 1)
    finally:
        pdf.close()
    assert not find_tables(list(page.segments)) and table_regions(page.lines())


def test_only_pages_with_tables_have_tables():
    pdf = pdfium.PdfDocument(str(SHANGHAI))
    try:
        pages = [read_page(pdf[i], i + 1) for i in range(len(pdf))]
    finally:
        pdf.close()
    ruled = [p.number for p in pages if find_tables(list(p.segments))]
    columned = [p.number for p in pages if table_regions(p.lines())]
    assert ruled == list(range(4, 17))  # the units list (4) and the nine tables (5–16); not 1–3, 17–24
    assert set(columned) <= set(ruled)  # no page is read as an unruled table


# -- refused PDFs -------------------------------------------------------------------------

def test_the_blank_template_is_refused_and_nothing_is_written(migrated_db):
    with pytest.raises(ReportError) as err:
        parse_file(TEMPLATE)
    assert err.value.reason.startswith("a blank template") and "公开09" in err.value.reason
    [outcome] = load_files(migrated_db, [TEMPLATE])
    assert outcome.status == "failed" and outcome.error.startswith("a blank template")
    with psycopg.connect(migrated_db) as conn:
        assert conn.execute("select (select count(*) from raw.documents) + (select count(*) from raw.amounts)"
                            " + (select count(*) from raw.departments)").fetchone()[0] == 0


@pytest.mark.parametrize("name, reason", [
    ("scanned-page.pdf", "a scanned PDF: its 1 page(s) are images without a text layer; it needs OCR"),
    ("encrypted.pdf", "an encrypted PDF (password protected)"),
])
def test_unreadable_pdfs_are_refused_with_the_reason(name, reason):
    with pytest.raises(ReportError) as err:
        parse_file(DATA / name)
    assert err.value.path == str(DATA / name) and err.value.reason.startswith(reason)
    assert str(DATA / name) in str(err.value)


def test_damaged_and_false_pdfs_are_refused(tmp_path, migrated_db):
    data = SHANGHAI.read_bytes()
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes(data[: len(data) // 2])
    text = tmp_path / "notes.pdf"
    text.write_text("不是 PDF 文件", encoding="utf-8")
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    outcomes = load_files(migrated_db, [truncated, text, empty, DATA / "scanned-page.pdf", SHANGHAI])
    reasons = {Path(o.path).name: o.error for o in outcomes}
    assert [o.status for o in outcomes] == ["failed"] * 4 + ["loaded"]
    assert reasons["truncated.pdf"].startswith("a damaged PDF that cannot be opened")
    assert reasons["notes.pdf"].startswith("not a PDF")
    assert reasons["empty.pdf"] == "the file is empty"
    assert reasons["scanned-page.pdf"].startswith("a scanned PDF")
    with psycopg.connect(migrated_db) as conn:
        assert conn.execute("select count(*), min(source_format) from raw.documents").fetchone() == (1, "pdf")
        assert conn.execute("select count(*) from raw.amounts").fetchone()[0] == 205


def test_a_copy_protected_pdf_that_opens_without_a_password_is_read():
    """Published reports often forbid copying (an owner password): they are read like any other."""
    path = DATA / "copy-protected.pdf"
    pdf = pdfium.PdfDocument(str(path))
    try:
        assert pdfium_c.FPDF_GetSecurityHandlerRevision(pdf.raw) != -1  # it is encrypted
    finally:
        pdf.close()
    document = pdf_adapter.read(path)
    [grid] = [b for b in document.blocks if isinstance(b, Grid)]
    assert [r.cells for r in grid.rows] == [("项目", "", "本年收入合计", "财政拨款收入"), ("科目编码", "科目名称", "", ""),
                                            ("合计", "", "307.82", "307.82"), ("201", "一般公共服务支出", "264.87", "264.87")]
    assert document.blocks[0].text == "收入决算表"
