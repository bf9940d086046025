"""The in-memory report: what every format adapter and recogniser builds.

Pure Python, no database: the writer (loaders/store.py) persists it, tests read it.
Amounts are exact decimals as printed, in the table's money unit.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

PARSER_VERSION = "0.1.0"


@dataclass(frozen=True)
class Amount:
    """One printed amount of a public table (公开01–09) with its provenance."""

    table_code: str          # national 公开 code: '01'…'09'
    row_seq: int             # ordinal of the data row within the table (0-based)
    col_seq: int             # ordinal of the cell within the row
    line_label: str          # row label as printed (repaired), e.g. 行政运行, 合计, 因公出国(境)费
    measure: str             # normalised column, e.g. 本年支出合计, 基本支出, 决算数, 金额
    amount: Decimal
    raw_text: str            # the cell text exactly as it appeared
    section: str | None = None       # 收入/支出 for two-sided tables, 人员经费/公用经费 for 06
    line_no: int | None = None       # 行次 where printed
    subject_code: str | None = None  # 功能分类科目 code
    econ_code: str | None = None     # 经济分类科目 code
    source_line: int | None = None   # 1-based line of a text file
    source_page: int | None = None   # 1-based page of a PDF
    source_sheet: str | None = None  # sheet of a workbook


@dataclass(frozen=True)
class TableInfo:
    """A recognised table: its national code and what the document printed."""

    table_code: str
    title: str                   # the title as printed
    printed_number: str | None   # the number the report printed (公开 06 表 → '06'), may differ
    unit: str                    # 万元 or 元
    measures: tuple[str, ...]    # normalised value columns in printed order
    source_line: int | None = None
    source_page: int | None = None
    note: str | None = None      # 说明 printed under the table (e.g. why 08 is empty)


@dataclass(frozen=True)
class Subject:
    """A 功能分类科目 (类/款/项) or 经济分类科目 code."""

    code: str
    name: str | None
    level: int
    parent_code: str | None


@dataclass(frozen=True)
class ParseWarning:
    message: str
    table_code: str | None = None
    raw_text: str | None = None
    source_line: int | None = None
    source_page: int | None = None


@dataclass
class Report:
    source_path: str
    source_format: str           # text, pdf, xlsx, xls
    content_sha256: str
    department_name: str
    fiscal_year: int
    kind: str = "部门决算"
    money_unit: str = "万元"
    publication_text: str | None = None
    published_on: date | None = None
    parser_version: str = PARSER_VERSION
    tables: dict[str, TableInfo] = field(default_factory=dict)
    amounts: list[Amount] = field(default_factory=list)
    subjects: dict[str, Subject] = field(default_factory=dict)
    econ_subjects: dict[str, Subject] = field(default_factory=dict)
    budget_units: list[str] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)

    def amounts_of(self, table_code: str) -> list[Amount]:
        return [a for a in self.amounts if a.table_code == table_code]
