"""What the command line reads back from the warehouse: totals of current reports, reconciliation results."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import Decimal

import psycopg

STATUSES = ("ok", "rounding", "explained", "mismatch", "not_applicable")


@dataclass(frozen=True)
class Finding:
    department_name: str
    fiscal_year: int
    rule_id: str
    item_key: str | None
    left_value: Decimal | None
    right_value: Decimal | None
    difference: Decimal | None
    status: str
    rule_description: str
    caveat: str | None
    severity: str = "error"
    cite_text: str | None = None
    cite_line: int | None = None
    cite_page: int | None = None
    explained_by: str | None = None
    explanation: str | None = None

    @property
    def where(self) -> str:
        """Where to open the report: 第 N 页 or 第 N 行."""
        if self.cite_page:
            return f"第 {self.cite_page} 页" + (f"第 {self.cite_line} 行" if self.cite_line else "")
        return f"第 {self.cite_line} 行" if self.cite_line else ""

    def as_dict(self) -> dict:
        return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in asdict(self).items()}


@dataclass(frozen=True)
class Totals:
    documents: int      # current report versions
    amounts: int        # their stored amounts
    warnings: int       # their parse warnings


def totals(url: str) -> Totals:
    with psycopg.connect(url) as conn:
        row = conn.execute(
            "select (select count(*) from raw.documents where is_current),"
            " (select count(*) from raw.amounts a join raw.documents d using (document_id) where d.is_current),"
            " (select count(*) from raw.parse_warnings w join raw.documents d using (document_id)"
            "  where d.is_current)").fetchone()
    return Totals(*row)


def _exists(conn: psycopg.Connection) -> bool:
    return conn.execute("select to_regclass('marts.consistency_checks') is not null").fetchone()[0]


def status_counts(url: str) -> dict[str, int] | None:
    """ok / rounding / mismatch / not_applicable over all current reports; None before a build."""
    with psycopg.connect(url) as conn:
        if not _exists(conn):
            return None
        rows = dict(conn.execute("select status, count(*) from marts.consistency_checks group by status").fetchall())
    return {status: rows.get(status, 0) for status in STATUSES}


def findings(url: str, department: str | None = None, year: int | None = None,
             statuses: tuple[str, ...] = ("mismatch",)) -> list[Finding] | None:
    with psycopg.connect(url) as conn:
        if not _exists(conn):
            return None
        rows = conn.execute(
            "select department_name, fiscal_year, rule_id, item_key, left_value, right_value, difference, status,"
            " rule_description, caveat, severity, cite_text, cite_line, cite_page, explained_by,"
            " explanation"
            " from marts.consistency_checks"
            " where status = any(%s) and (%s::text is null or department_name like '%%' || %s || '%%')"
            " and (%s::int is null or fiscal_year = %s)"
            " order by department_name, fiscal_year, array_position(array['error', 'warning', 'note'], severity),"
            " rule_id, abs(difference) desc nulls last, item_key",
            (list(statuses), department, department, year, year)).fetchall()
    return [Finding(*row) for row in rows]


def summary_line(counts: dict[str, int]) -> str:
    return (f"checks: {counts['ok']} ok, {counts['rounding']} rounding, {counts.get('explained', 0)} explained, "
            f"{counts['mismatch']} mismatch, {counts['not_applicable']} not applicable")
