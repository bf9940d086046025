"""Which stored document a report is, and whether a new version may become current. No parsing here.

A report's identity is its content (juesuan.loaders.identity.content_fingerprint), not its bytes: a file
whose bytes or fingerprint are already stored is skipped. Loads of one report (department, year, kind)
are serialised by a transaction-level advisory lock, so two loaders given the same file at the same time
store it once and the other skips it. A new version holding fewer tables, scorecards or narrative parts
than the current one is stored but held back from becoming current, unless the caller accepts it.
"""
from __future__ import annotations

import psycopg

from juesuan.loaders.identity import ReportSize
from juesuan.loaders.report import Report


def lock_report(conn: psycopg.Connection, report: Report) -> None:
    """Serialise, until the transaction ends, every load of this report (the same file included)."""
    conn.execute("select pg_advisory_xact_lock(hashtext(%s))",
                 (f"{report.department_name}|{report.fiscal_year}|{report.kind}",))


def stored_document(conn: psycopg.Connection, content_sha256: str, fingerprint: str) -> int | None:
    """The document already holding these bytes or this content, if any."""
    row = conn.execute("select document_id from raw.documents where content_sha256 = %s"
                       " or content_fingerprint = %s order by document_id limit 1",
                       (content_sha256, fingerprint)).fetchone()
    return row[0] if row else None


def stored_size(conn: psycopg.Connection, document_id: int) -> ReportSize:
    """What a stored version holds, counted as juesuan.loaders.identity.report_size counts a Report."""
    return ReportSize(*conn.execute(
        "select (select count(*) from (select table_code from raw.amounts where document_id = %(d)s"
        "        union select table_code from raw.report_tables where document_id = %(d)s) t),"
        " (select count(*) from raw.scorecards where document_id = %(d)s),"
        " (select count(distinct part) from raw.narrative_facts where document_id = %(d)s)",
        {"d": document_id}).fetchone())


def held_back_reason(conn: psycopg.Connection, current: int, size: ReportSize) -> str | None:
    """Why a new version must not replace ``current`` as the current version (None: it may)."""
    fewer = size.smaller_than(stored_size(conn, current))
    if not fewer:
        return None
    return (f"holds less than the current version, document {current} ({', '.join(fewer)}): stored but not "
            "made current; load it with --accept-smaller to make it current")


def promote_held_back(conn: psycopg.Connection, document_id: int) -> tuple[bool, int | None]:
    """Make a held-back version current (the caller accepts it although it holds less).

    Returns (promoted, the document it replaced as current); (False, None) when it was not held back."""
    row = conn.execute("select department_id, fiscal_year, report_kind from raw.documents"
                       " where document_id = %s and not is_current and held_back_reason is not null",
                       (document_id,)).fetchone()
    if row is None:
        return False, None
    current = conn.execute("select document_id from raw.documents where department_id = %s and fiscal_year = %s"
                           " and report_kind = %s and is_current", row).fetchone()
    if current:
        conn.execute("update raw.documents set is_current = false, superseded_by = %s where document_id = %s",
                     (document_id, current[0]))
    conn.execute("update raw.documents set is_current = true, held_back_reason = null, superseded_by = null"
                 " where document_id = %s", (document_id,))
    return True, current[0] if current else None
