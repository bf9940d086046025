"""A report's identity is what it says, not its bytes; and how much of a report a version holds.

Pure Python, no database: the writer (juesuan.loaders.store) keys documents by ``content_fingerprint``
and keeps a version that holds less than the current one from becoming current (``ReportSize``).

The fingerprint is a SHA-256 over the department, year, kind and format family and every parsed value:
the amounts of the public tables (table, codes, section, line, column, exact decimal), the scorecards'
figures and the narrative's facts. Provenance (file name, page, line, cell text as printed) is left out,
so the same report re-encoded (GB18030 instead of UTF-8), with other line breaks or from another PDF
producer has the same fingerprint; a corrected figure gives another one. The format stays in: a
workbook published beside a PDF is a document of its own (it usually carries the tables alone).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal

from juesuan.loaders.report import Report


def _number(value: Decimal | None) -> str:
    if value is None:
        return ""
    value = value.normalize()
    return format(value, "f") if value == value.to_integral_value() or value.as_tuple().exponent < 0 else str(value)


def _fields(*values) -> str:
    return "\x1f".join("" if v is None else _number(v) if isinstance(v, Decimal) else str(v) for v in values)


def content_fingerprint(report: Report) -> str:
    """SHA-256 (hex) of what the report says, independent of its bytes, format and layout."""
    lines = [_fields("report", report.department_name, report.fiscal_year, report.kind, report.money_unit,
                     report.source_format)]
    lines += sorted(_fields("amount", a.table_code, a.section, a.subject_code, a.econ_code, a.line_label,
                            a.line_no, a.measure, a.amount) for a in report.amounts)
    for card in report.scorecards:
        lines.append(_fields("scorecard", card.kind, card.project_name, card.is_template, card.total_weight,
                             card.total_score))
        lines += [_fields("funding", card.project_name, f.funding_source, f.initial_budget, f.full_year_budget,
                          f.executed, f.weight, f.execution_rate, f.score) for f in card.funding]
        lines += [_fields("indicator", card.project_name, i.level1, i.level2, i.level3, i.target_value,
                          i.target_upper, i.actual_value, i.weight, i.score, i.deviation) for i in card.indicators]
    lines += sorted(_fields("fact", f.part, f.fact_type, f.subject_key, f.measure, f.value, f.unit, f.text_value)
                    for f in report.narrative_facts)
    digest = hashlib.sha256()
    for line in lines:
        digest.update(line.encode("utf-8") + b"\n")
    return digest.hexdigest()


@dataclass(frozen=True, order=True)
class ReportSize:
    """How much a version holds: tables found with amounts, scorecards, narrative parts with facts."""

    tables: int
    scorecards: int
    narrative_parts: int

    def smaller_than(self, other: ReportSize) -> list[str]:
        """What this version has fewer of than ``other`` (empty: not smaller), e.g. ['tables 7 < 9']."""
        return [f"{name} {mine} < {theirs}" for name, mine, theirs in (
            ("tables", self.tables, other.tables), ("scorecards", self.scorecards, other.scorecards),
            ("narrative parts", self.narrative_parts, other.narrative_parts)) if mine < theirs]


def report_size(report: Report) -> ReportSize:
    return ReportSize(tables=len({a.table_code for a in report.amounts} | set(report.tables)),
                      scorecards=len(report.scorecards),
                      narrative_parts=len({f.part for f in report.narrative_facts}))
