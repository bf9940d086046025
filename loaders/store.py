"""The writer: one Report into the raw schema, in one transaction, idempotent by content hash.

No parsing here. A document whose content hash is already stored is skipped; a
new file for a report already loaded (same department, year and kind) becomes
the current version and the previous one stays as history.
"""
from __future__ import annotations

from dataclasses import dataclass

import psycopg

from loaders.hierarchy import expense_group
from loaders.report import Report
from loaders.report_meta import region_of
from loaders.store_narrative import write_narrative_facts
from loaders.store_scorecards import write_scorecards
from models import tables as t

AMOUNT_COLUMNS = ("document_id", "table_code", "row_seq", "col_seq", "section", "line_label", "line_no",
                  "subject_code", "econ_code", "measure", "amount", "unit", "raw_text",
                  "source_line", "source_page", "source_sheet")
assert set(AMOUNT_COLUMNS) <= {c.name for c in t.amounts.columns}


@dataclass(frozen=True)
class StoreResult:
    path: str
    document_id: int
    status: str            # loaded, skipped (same content already stored)
    amounts: int = 0
    warnings: int = 0
    superseded: int | None = None  # the document this one replaced as current version


def store_report(conn: psycopg.Connection, report: Report) -> StoreResult:
    """Write the report; the caller's connection must not be in a transaction."""
    with conn.transaction():
        existing = conn.execute("select document_id from raw.documents where content_sha256 = %s",
                                (report.content_sha256,)).fetchone()
        if existing:
            return StoreResult(report.source_path, existing[0], "skipped")
        department_id = _department(conn, report.department_name)
        # serialise versioning of one report between concurrent loaders
        conn.execute("select pg_advisory_xact_lock(hashtext(%s))",
                     (f"{report.department_name}|{report.fiscal_year}|{report.kind}",))
        previous = conn.execute(
            "select document_id from raw.documents where department_id = %s and fiscal_year = %s "
            "and report_kind = %s and is_current", (department_id, report.fiscal_year, report.kind)).fetchone()
        document_id = conn.execute(
            "insert into raw.documents (content_sha256, source_path, source_format, department_id, fiscal_year,"
            " report_kind, money_unit, publication_text, published_on, parser_version)"
            " values (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s) returning document_id",
            (report.content_sha256, report.source_path, report.source_format, department_id, report.fiscal_year,
             report.kind, report.money_unit, report.publication_text, report.published_on,
             report.parser_version)).fetchone()[0]
        if previous:
            conn.execute("update raw.documents set is_current = false, superseded_by = %s where document_id = %s",
                         (document_id, previous[0]))
        _subjects(conn, report)
        _rows(conn, "insert into raw.budget_units (document_id, unit_seq, unit_name) values (%s, %s, %s)",
              [(document_id, i, name) for i, name in enumerate(report.budget_units, start=1)])
        _rows(conn, "insert into raw.report_tables (document_id, table_code, title, printed_number, unit,"
              " source_line, source_page, note) values (%s, %s, %s, %s, %s, %s, %s, %s)",
              [(document_id, i.table_code, i.title, i.printed_number, i.unit, i.source_line, i.source_page, i.note)
               for i in report.tables.values()])
        units = {code: info.unit for code, info in report.tables.items()}
        with conn.cursor().copy(f"copy raw.amounts ({', '.join(AMOUNT_COLUMNS)}) from stdin") as copy:
            for a in report.amounts:
                copy.write_row((document_id, a.table_code, a.row_seq, a.col_seq, a.section, a.line_label,
                                a.line_no, a.subject_code, a.econ_code, a.measure, a.amount,
                                units.get(a.table_code, report.money_unit), a.raw_text,
                                a.source_line, a.source_page, a.source_sheet))
        write_scorecards(conn, document_id, report.scorecards)
        write_narrative_facts(conn, document_id, report.narrative_facts)
        _rows(conn, "insert into raw.parse_warnings (document_id, table_code, message, raw_text, source_line,"
              " source_page) values (%s, %s, %s, %s, %s, %s)",
              [(document_id, w.table_code, w.message, w.raw_text, w.source_line, w.source_page)
               for w in report.warnings])
    return StoreResult(report.source_path, document_id, "loaded", len(report.amounts), len(report.warnings),
                       previous[0] if previous else None)


def _rows(conn: psycopg.Connection, sql: str, rows: list[tuple]) -> None:
    if rows:
        with conn.cursor() as cur:
            cur.executemany(sql, rows)


def _department(conn: psycopg.Connection, name: str) -> int:
    conn.execute("insert into raw.departments (department_name, region) values (%s, %s)"
                 " on conflict (department_name) do nothing", (name, region_of(name)))
    return conn.execute("select department_id from raw.departments where department_name = %s",
                        (name,)).fetchone()[0]


# a name replaces the stored one only when it is fuller (the stored one is its prefix)
_KEEP_FULLER = """
    {name} = case when {table}.{name} is null
                    or (excluded.{name} like {table}.{name} || '%%' and length(excluded.{name}) > length({table}.{name}))
                  then excluded.{name} else {table}.{name} end
"""


def _subjects(conn: psycopg.Connection, report: Report) -> None:
    parents_first = sorted(report.subjects.values(), key=lambda s: len(s.code))
    _rows(conn, "insert into raw.subjects (subject_code, subject_name, level, parent_code) values (%s, %s, %s, %s)"
          " on conflict (subject_code) do update set"
          + _KEEP_FULLER.format(table="subjects", name="subject_name"),
          [(s.code, s.name, s.level, s.parent_code) for s in parents_first])
    econ_first = sorted(report.econ_subjects.values(), key=lambda s: len(s.code))
    _rows(conn, "insert into raw.econ_subjects (econ_code, econ_name, level, parent_code, expense_group)"
          " values (%s, %s, %s, %s, %s) on conflict (econ_code) do update set"
          + _KEEP_FULLER.format(table="econ_subjects", name="econ_name"),
          [(s.code, s.name, s.level, s.parent_code, expense_group(s.code)) for s in econ_first])
