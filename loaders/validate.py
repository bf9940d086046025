"""What was read, judged as a report: refused only when it is none; otherwise each expected table's status.

A file is refused (nothing of it stored) when it is not a report at all, is a
blank template, or nothing of a report can be read; scans, encrypted and
damaged files are refused by their adapter. Anything else loads, and what is
missing is a finding, not a refusal: for every table the report's table set
expects, whether it was found, printed empty with a note saying why, printed
empty without one, cut short (its closing row missing, or the file ends inside
it), or not printed at all.

The arithmetic identities between tables (勾稽关系) are findings of the
reconciliation checks, not of this module.
"""
from __future__ import annotations

from juesuan.loaders.errors import ReportError
from juesuan.loaders.grids import Document, Grid, TextLine
from juesuan.loaders.normalise import clean_label, header_key
from juesuan.loaders.report import TableCompleteness, TableStatus
from juesuan.loaders.report_meta import Meta
from juesuan.loaders.tables.recognise import Recognised
from juesuan.loaders.tables.specs import BY_CODE, Profile

_SENTENCE_ENDS = ("。", "！", "？", ".", "；", ";", ":", "：", "）", ")", "”", "\"")


def check_not_blank(path: str, recognised: Recognised) -> None:
    """The published blank form: every table printed, not one amount. Reading it must not invent a report."""
    if recognised.tables and not any(table.amounts for table in recognised.tables.values()):
        found = ", ".join(f"公开{code}" for code in sorted(recognised.tables))
        raise ReportError(path, f"a blank template, not a report: its tables ({found}) print no amount at all; "
                          "nothing is stored")


def check_is_report(path: str, meta: Meta, recognised: Recognised) -> None:
    """Refuse what is not a final-accounts report at all; anything that is one loads."""
    if not recognised.tables:
        raise ReportError(path, "not a final-accounts report: none of the public tables (公开01–09) was found")
    if meta.fiscal_year is None:
        raise ReportError(path, "not a final-accounts report: no fiscal year (“YYYY 年度部门决算”) found")
    if not meta.department_name:
        raise ReportError(path, "not a final-accounts report: no department name found")


def truncation(document: Document, recognised: Recognised, expected: tuple[str, ...] = ()) -> str | None:
    """Where the file ends too early: inside a table (the last thing printed is a table, and tables the
    report's set expects after it were never printed) or mid-sentence."""
    blocks = [b for b in document.blocks if not (isinstance(b, TextLine) and not b.text.strip())]
    if not blocks:
        return None
    last = blocks[-1]
    if isinstance(last, Grid):
        code = next((c for c, t in recognised.tables.items() if t.grid_where == last.where), None)
        if code is None:
            return None
        later = [c for c in expected[expected.index(code) + 1:] if c not in recognised.tables] \
            if code in expected else []
        if not later:
            return None  # the report ends with its last table: nothing was cut
        return f"the file ends inside 公开{code}" if BY_CODE[code].national else \
            f"the file ends inside {BY_CODE[code].name}"
    text = clean_label(last.text)
    if len(text) > 30 and not text.endswith(_SENTENCE_ENDS):
        return f"the file ends mid-sentence: “…{text[-20:]}”"
    return None


def completeness(recognised: Recognised, profile: Profile, truncated_table: str | None = None
                 ) -> list[TableCompleteness]:
    """The status of every table the profile expects (and of every other table the report printed)."""
    out = []
    codes = list(profile.expected) + [c for c in sorted(recognised.tables) if c not in profile.expected]
    for code in codes:
        spec = BY_CODE[code]
        table = recognised.tables.get(code)
        if table is None:
            out.append(TableCompleteness(code, spec.name, "missing"))
            continue
        info = table.info
        labels = set(table.labels)
        absent = [label for label in spec.closing_labels if header_key(label) not in labels]
        if code == truncated_table:
            status: TableStatus = "incomplete"
            detail = "the file ends inside it"
        elif not table.amounts:
            status = "empty_with_note" if info.note else "empty"
            detail = None
        elif absent:
            status = "incomplete"
            detail = f"no {', '.join(absent)} row: the table is cut short"
        else:
            status, detail = "found", None
        out.append(TableCompleteness(code, spec.name, status, info.note, info.title or None, detail, info.where))
    return out
