"""Decide whether what was read is a whole report; refuse it, with the reason, if not.

The arithmetic identities between tables (勾稽关系) are findings, not refusals:
they belong to the reconciliation checks, not here.
"""
from __future__ import annotations

from juesuan.loaders.errors import ReportError
from juesuan.loaders.normalise import header_key
from juesuan.loaders.tables.recognise import Recognised
from juesuan.loaders.report_meta import Meta
from juesuan.loaders.tables.specs import SPECS


def check_not_blank(path: str, recognised: Recognised) -> None:
    if recognised.tables and not any(table.amounts for table in recognised.tables.values()):
        found = ", ".join(f"公开{code}" for code in sorted(recognised.tables))
        raise ReportError(path, f"a blank template, not a report: its tables ({found}) print no amount at all; "
                          "nothing is stored")


def check_complete(path: str, meta: Meta, recognised: Recognised) -> None:
    if not recognised.tables:
        raise ReportError(path, "not a final-accounts report: none of the nine public tables (公开01–09) was found")
    if meta.fiscal_year is None:
        raise ReportError(path, "not a final-accounts report: no fiscal year (“YYYY 年度部门决算”) found")
    if not meta.department_name:
        raise ReportError(path, "not a final-accounts report: no department name found")
    missing = [spec.code for spec in SPECS if spec.code not in recognised.tables]
    if missing:
        raise ReportError(path, "truncated or incomplete report: table(s) "
                          + ", ".join(f"公开{c}" for c in missing) + " not found")
    for spec in SPECS:
        table = recognised.tables[spec.code]
        labels = set(table.labels)
        absent = [label for label in spec.closing_labels if header_key(label) not in labels]
        if absent:
            raise ReportError(path, f"truncated or incomplete report: 公开{spec.code} has no "
                              + ", ".join(absent) + " row")
        if spec.layout == "category_matrix" and not table.amounts and not table.info.note:
            raise ReportError(path, f"truncated or incomplete report: 公开{spec.code} has no data row")
