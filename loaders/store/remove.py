"""Remove loaded documents from the raw schema, keeping each report's versions consistent.

A report (department, fiscal year, kind) is a chain of versions: each superseded
document points to the one that replaced it (``superseded_by``) and exactly one,
the last, is current. Removing a document splices it out of its chain: the
version before it now points to the one after it, and when the removed document
was the current version the one before it becomes current again. Everything
stored for a document goes with it (the raw tables cascade from raw.documents);
the department row stays when no document of it is left (its name is harmless and
keeps department ids stable). The marts change only when dbt builds again.
"""
from __future__ import annotations

from dataclasses import dataclass

import psycopg


@dataclass(frozen=True)
class Removed:
    document_id: int
    department_name: str
    fiscal_year: int
    report_kind: str
    was_current: bool
    now_current: int | None     # the version that became current in its place, if any

    def as_dict(self) -> dict:
        return dict(self.__dict__)


class NothingToRemove(LookupError):
    """No stored document matches what was asked."""


def documents_of(conn: psycopg.Connection, department: str, year: int | None = None) -> list[int]:
    """Every version of every report of the department (exact name), optionally of one fiscal year."""
    rows = conn.execute(
        "select d.document_id from raw.documents d join raw.departments p using (department_id)"
        " where p.department_name = %s and (%s::int is null or d.fiscal_year = %s) order by d.document_id",
        (department, year, year)).fetchall()
    return [r[0] for r in rows]


def remove_documents(conn: psycopg.Connection, document_ids: list[int]) -> list[Removed]:
    """Remove the documents in one transaction (the caller's connection must not be in one)."""
    removed: list[Removed] = []
    with conn.transaction():
        for document_id in document_ids:
            removed.append(_remove_one(conn, document_id))
    return removed


def _remove_one(conn: psycopg.Connection, document_id: int) -> Removed:
    row = conn.execute(
        "select p.department_name, d.fiscal_year, d.report_kind, d.is_current, d.superseded_by"
        " from raw.documents d join raw.departments p using (department_id) where d.document_id = %s for update",
        (document_id,)).fetchone()
    if row is None:
        raise NothingToRemove(f"no document {document_id} is stored")
    department, year, kind, was_current, successor = row
    conn.execute("select pg_advisory_xact_lock(hashtext(%s))", (f"{department}|{year}|{kind}",))
    # the version just before it (at most one points to it)
    previous = conn.execute("select document_id from raw.documents where superseded_by = %s for update",
                            (document_id,)).fetchone()
    now_current = None
    if previous:
        if was_current:
            conn.execute("update raw.documents set is_current = true, superseded_by = null where document_id = %s",
                         (previous[0],))
            now_current = previous[0]
        else:
            conn.execute("update raw.documents set superseded_by = %s where document_id = %s",
                         (successor, previous[0]))
    conn.execute("delete from raw.documents where document_id = %s", (document_id,))
    return Removed(document_id, department, year, kind, was_current, now_current)
