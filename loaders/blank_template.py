"""Refuse a blank form: a report whose public tables are all printed without a single amount.

The published 部门决算 template has every table, title and row label, with “XX”
placeholders and empty cells. Reading it must not invent a report: it is
refused with the reason, before the completeness checks would call it truncated.
"""
from __future__ import annotations

from loaders.errors import ReportError
from loaders.recognise import Recognised


def check_not_blank(path: str, recognised: Recognised) -> None:
    if recognised.tables and not any(table.amounts for table in recognised.tables.values()):
        found = ", ".join(f"公开{code}" for code in sorted(recognised.tables))
        raise ReportError(path, f"a blank template, not a report: its tables ({found}) print no amount at all; "
                          "nothing is stored")
