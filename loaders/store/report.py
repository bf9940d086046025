"""The writer: one Report into the raw schema, in one transaction, idempotent by content hash.

No parsing here: every value written is a field of the Report. A document whose
bytes or content (fingerprint) are already stored is skipped; a new file for a
report already loaded (same department, year and kind) becomes the current
version and the previous one stays as history, unless it holds less than the
current version (juesuan.loaders.store.versions): then it is stored, held back.
"""
from __future__ import annotations

from dataclasses import dataclass

import psycopg

from juesuan.loaders.identity import content_fingerprint, report_size
from juesuan.loaders.report import Report
from juesuan.loaders.store.copy import copy_rows, insert_returning, provenance
from juesuan.loaders.store.narrative import narrative_rows, narrative_text_rows
from juesuan.loaders.store.reference import subject_names
from juesuan.loaders.store.scorecards import write_scorecards
from juesuan.loaders.store.versions import held_back_reason, lock_report, promote_held_back, stored_document
from juesuan.models import tables as t


@dataclass(frozen=True)
class StoreResult:
    path: str
    document_id: int
    status: str            # loaded, skipped (same content already stored)
    amounts: int = 0
    warnings: int = 0
    superseded: int | None = None  # the document this one replaced as current version
    held_back: str | None = None   # stored but not made current: why (it holds less than the current version)


def store_report(conn: psycopg.Connection, report: Report, accept_smaller: bool = False) -> StoreResult:
    """Write the report; the caller's connection must not be in a transaction.

    ``accept_smaller`` makes a version current even when it holds less than the current one."""
    fingerprint = content_fingerprint(report)
    with conn.transaction():
        lock_report(conn, report)  # first: a concurrent load of the same file waits, then skips
        existing = stored_document(conn, report.content_sha256, fingerprint)
        if existing:
            promoted, replaced = promote_held_back(conn, existing) if accept_smaller else (False, None)
            return StoreResult(report.source_path, existing, "loaded" if promoted else "skipped",
                               len(report.amounts) if promoted else 0, len(report.warnings) if promoted else 0,
                               replaced)
        department_id = _department(conn, report)
        previous = conn.execute(
            "select document_id from raw.documents where department_id = %s and fiscal_year = %s "
            "and report_kind = %s and is_current", (department_id, report.fiscal_year, report.kind)).fetchone()
        held_back = None if accept_smaller or not previous else held_back_reason(conn, previous[0],
                                                                                 report_size(report))
        if held_back:
            previous = None  # the current version stays current
        document_id = insert_returning(conn, t.documents, {
            "content_sha256": report.content_sha256, "source_path": report.source_path,
            "source_format": report.source_format, "department_id": department_id,
            "fiscal_year": report.fiscal_year, "report_kind": report.kind, "money_unit": report.money_unit,
            "publication_text": report.publication_text, "published_on": report.published_on,
            "parser_version": report.parser_version, "table_set": report.profile,
            "truncated": report.truncated, "content_fingerprint": fingerprint, "held_back_reason": held_back,
            "is_current": held_back is None}, "document_id")
        if previous:
            conn.execute("update raw.documents set is_current = false, superseded_by = %s where document_id = %s",
                         (document_id, previous[0]))
        _subjects(conn, report)
        copy_rows(conn, t.budget_units, [{"document_id": document_id, "unit_seq": i, "unit_name": name}
                                         for i, name in enumerate(report.budget_units, start=1)])
        copy_rows(conn, t.report_tables, [
            {"document_id": document_id, "table_code": i.table_code, "title": i.title,
             "printed_number": i.printed_number, "unit": i.unit, "source_line": i.where.line,
             "source_page": i.where.page, "note": i.note} for i in report.tables.values()])
        copy_rows(conn, t.table_completeness, [
            {"document_id": document_id, "table_code": c.table_code, "table_name": c.table_name,
             "status": c.status, "note": c.note, "title": c.title, "detail": c.detail, "source_line": c.where.line,
             "source_page": c.where.page, "source_sheet": c.where.sheet} for c in report.completeness])
        units = {code: info.unit for code, info in report.tables.items()}
        copy_rows(conn, t.amounts, [
            {"document_id": document_id, "table_code": a.table_code, "row_seq": a.row_seq, "col_seq": a.col_seq,
             "section": a.section, "line_label": a.line_label, "line_no": a.line_no,
             "subject_code": a.subject_code, "econ_code": a.econ_code, "measure": a.measure, "amount": a.amount,
             "unit": units.get(a.table_code, report.money_unit), **provenance(a.where)} for a in report.amounts])
        write_scorecards(conn, document_id, report.scorecards)
        copy_rows(conn, t.narrative_facts, narrative_rows(document_id, report.narrative_facts))
        copy_rows(conn, t.narrative_texts, narrative_text_rows(document_id, report.narrative_texts))
        copy_rows(conn, t.text_lines, [
            {"document_id": document_id, "line_seq": seq, "text": line.text, "source_line": line.where.line,
             "source_page": line.where.page, "source_sheet": line.where.sheet}
            for seq, line in enumerate(report.text_lines, start=1)])
        copy_rows(conn, t.parse_warnings, [
            {"document_id": document_id, "table_code": w.table_code, "message": w.message, **provenance(w.where)}
            for w in report.warnings])
    return StoreResult(report.source_path, document_id, "loaded", len(report.amounts), len(report.warnings),
                       previous[0] if previous else None, held_back)


def _department(conn: psycopg.Connection, report: Report) -> int:
    conn.execute("insert into raw.departments (department_name, region) values (%s, %s)"
                 " on conflict (department_name) do nothing", (report.department_name, report.region))
    return conn.execute("select department_id from raw.departments where department_name = %s",
                        (report.department_name,)).fetchone()[0]


def _subjects(conn: psycopg.Connection, report: Report) -> None:
    """Both 科目 dimensions in one statement each (parents first, so that their keys exist).

    A code's name comes from the shipped reference, else from the first report that printed it: a stored
    code is never renamed by a later report (its own name stays on its rows); a later one only fills in a
    name no report had printed yet (a code stored as the parent of a printed one)."""
    reference = subject_names()
    subjects = sorted(report.subjects.values(), key=lambda s: len(s.code))
    if subjects:
        conn.execute(
            "insert into raw.subjects (subject_code, subject_name, level, parent_code)"
            " select code, name, level, parent from unnest(%s::text[], %s::text[], %s::smallint[], %s::text[])"
            " with ordinality as s(code, name, level, parent, ord) order by ord"
            " on conflict (subject_code) do update"
            " set subject_name = coalesce(subjects.subject_name, excluded.subject_name)",
            ([s.code for s in subjects], [reference.get(s.code, s.name) for s in subjects],
             [s.level for s in subjects], [s.parent_code for s in subjects]))
    econ = sorted(report.econ_subjects.values(), key=lambda s: len(s.code))
    if econ:
        conn.execute(
            "insert into raw.econ_subjects (econ_code, econ_name, level, parent_code, expense_group)"
            " select code, name, level, parent, grp from unnest(%s::text[], %s::text[], %s::smallint[], %s::text[],"
            " %s::text[]) with ordinality as s(code, name, level, parent, grp, ord) order by ord"
            " on conflict (econ_code) do update set econ_name = coalesce(econ_subjects.econ_name, excluded.econ_name)",
            ([s.code for s in econ], [s.name for s in econ], [s.level for s in econ], [s.parent_code for s in econ],
             [s.expense_group for s in econ]))
