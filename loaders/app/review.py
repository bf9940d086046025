"""What a reviewer reads about one report: its completeness, its findings by severity with citations,
the differences another printed amount explains, and what was verified. Read from the warehouse
(marts.consistency_checks, marts.report_completeness and the raw documents); rendering is in review_page."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import Decimal

import psycopg

from juesuan.loaders.app.warehouse import Finding

SEVERITIES = ("error", "warning", "note")
GROUP_NAMES = {
    "completeness": "报表完整性", "within_table": "表内勾稽", "cross_table": "表间勾稽", "narrative": "文字与报表",
    "wording": "文字表述", "scorecard": "绩效自评表", "scorecard_tables": "自评表与报表", "indicators": "绩效指标",
    "three_public": "三公经费明细",
}


class ReviewError(Exception):
    """No such report, or no build yet: the message says what to do."""


@dataclass(frozen=True)
class TableStatus:
    table_code: str
    table_name: str
    status: str
    note: str | None
    where: str


@dataclass(frozen=True)
class VerifiedGroup:
    rule_group: str
    name: str
    rules: int          # rules of the group evaluated on the report
    checks_ok: int      # evaluations that held exactly or within rounding
    findings: int       # mismatches


@dataclass
class Review:
    department_name: str
    fiscal_year: int
    document_id: int
    source_path: str
    source_format: str
    table_set: str | None
    truncated: str | None
    loaded_at: str
    parse_warnings: int
    completeness: list[TableStatus] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)       # mismatches, errors first
    explained: list[Finding] = field(default_factory=list)
    verified: list[VerifiedGroup] = field(default_factory=list)
    rule_descriptions: dict[str, str] = field(default_factory=dict)

    @property
    def verified_count(self) -> int:
        return sum(g.checks_ok for g in self.verified)

    def severity_counts(self) -> dict[str, int]:
        return {s: sum(1 for f in self.findings if f.severity == s) for s in SEVERITIES}

    def by_severity(self) -> list[tuple[str, list[tuple[str, list[Finding]]]]]:
        """[(severity, [(rule_id, findings of that rule)])], errors first, rules in catalogue order."""
        out = []
        for severity in SEVERITIES:
            rules: dict[str, list[Finding]] = {}
            for f in self.findings:
                if f.severity == severity:
                    rules.setdefault(f.rule_id, []).append(f)
            if rules:
                out.append((severity, list(rules.items())))
        return out

    def as_dict(self) -> dict:
        def plain(value):
            if isinstance(value, Decimal):
                return str(value)
            if isinstance(value, dict):
                return {k: plain(v) for k, v in value.items()}
            if isinstance(value, list):
                return [plain(v) for v in value]
            return value
        out = plain(asdict(self))
        out["severity_counts"] = self.severity_counts()
        return out


def gather(url: str, department: str, year: int) -> Review:
    with psycopg.connect(url) as conn:
        if not conn.execute("select to_regclass('marts.consistency_checks') is not null").fetchone()[0]:
            raise ReviewError("no reconciliation results yet: run `juesuan build` (or `juesuan run`) first")
        documents = conn.execute(
            "select d.document_id, p.department_name, d.fiscal_year, d.source_path, d.source_format, d.table_set,"
            " d.truncated, to_char(d.loaded_at, 'YYYY-MM-DD HH24:MI'),"
            " (select count(*) from raw.parse_warnings w where w.document_id = d.document_id)"
            " from raw.documents d join raw.departments p using (department_id)"
            " where d.is_current and d.fiscal_year = %s and p.department_name like '%%' || %s || '%%'"
            " order by p.department_name = %s desc, p.department_name", (year, department, department)).fetchall()
        if not documents:
            raise ReviewError(f"no current report of a department named like “{department}” for {year}: "
                              "`juesuan check --year YEAR` lists what is loaded")
        exact = [d for d in documents if d[1] == department]
        if not exact and len(documents) > 1:
            names = "、".join(d[1] for d in documents[:5])
            raise ReviewError(f"“{department}” matches {len(documents)} departments ({names}): give the full name")
        document_id, name, fiscal_year, path, fmt, table_set, truncated, loaded_at, warnings = (exact or documents)[0]
        review = Review(name, fiscal_year, document_id, path, fmt, table_set, truncated, loaded_at, warnings)
        review.completeness = [TableStatus(*row) for row in conn.execute(
            "select table_code, table_name, status, note,"
            " case when source_page is not null then '第 ' || source_page || ' 页'"
            "      when source_line is not null then '第 ' || source_line || ' 行' else '' end"
            " from raw.table_completeness where document_id = %s order by table_code", (document_id,))]
        columns = ("department_name, fiscal_year, rule_id, item_key, left_value, right_value, difference, status,"
                   " rule_description, caveat, severity, cite_text, cite_line, cite_page, explained_by, explanation")
        rows = conn.execute(
            f"select {columns} from marts.consistency_checks where document_id = %s and status in ('mismatch', 'explained')"
            " order by array_position(array['error', 'warning', 'note'], severity), rule_id,"
            " abs(difference) desc nulls last, item_key", (document_id,)).fetchall()
        found = [Finding(*row) for row in rows]
        review.findings = [f for f in found if f.status == "mismatch"]
        review.explained = [f for f in found if f.status == "explained"]
        review.verified = [VerifiedGroup(group, GROUP_NAMES.get(group, group), *counts) for group, *counts in
                           conn.execute(
            "select rule_group, count(distinct rule_id) filter (where status <> 'not_applicable'),"
            " count(*) filter (where status in ('ok', 'rounding')), count(*) filter (where status = 'mismatch')"
            " from marts.consistency_checks where document_id = %s group by rule_group order by rule_group",
            (document_id,))]
        review.rule_descriptions = dict(conn.execute(
            "select rule_id, description_zh from reference.reconciliation_rules order by rule_id"))
    return review
