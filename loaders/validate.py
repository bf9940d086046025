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

import re

from juesuan.loaders.errors import ReportError
from juesuan.loaders.grids import Document, Grid, TextLine
from juesuan.loaders.normalise import clean_label, header_key
from juesuan.loaders.report import TableCompleteness, TableStatus
from juesuan.loaders.report_meta import Meta
from juesuan.loaders.tables.recognise import Recognised
from juesuan.loaders.tables.specs import BY_CODE, Profile

_SENTENCE_ENDS = ("。", "！", "？", ".", "；", ";", ":", "：", "）", ")", "”", "\"")
_CONTENTS = re.compile(r"^目录$")
_PART = re.compile(r"^第([一二三四五六七八九十]+)部分")
CONTENTS_REACH = 80     # lines after 目录 in which the contents list stands


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


def truncation(document: Document, recognised: Recognised, expected: tuple[str, ...] = (),
               scorecards: list | None = None) -> str | None:
    """Where the file ends too early: inside a table (the last thing printed is a table, and tables the
    report's set expects after it were never printed), inside a self-evaluation form (its 总分 row never
    printed), mid-sentence, or before a part (第三部分 …) that its own contents list (目录) promises."""
    blocks = [b for b in document.blocks if not (isinstance(b, TextLine) and not b.text.strip())]
    if not blocks:
        return None
    last = blocks[-1]
    if isinstance(last, Grid):
        code = next((c for c, t in recognised.tables.items() if t.grid_where == last.where), None)
        if code is not None:
            later = [c for c in expected[expected.index(code) + 1:] if c not in recognised.tables] \
                if code in expected else []
            if later:
                return f"the file ends inside 公开{code}" if BY_CODE[code].national else \
                    f"the file ends inside {BY_CODE[code].name}"
        elif (form := _cut_form(last, scorecards or [])) is not None:
            return form
    else:
        text = clean_label(last.text)
        if len(text) > 30 and not text.endswith(_SENTENCE_ENDS):
            return f"the file ends mid-sentence: “…{text[-20:]}”"
    return _missing_part(document)


def _cut_form(last: Grid, scorecards: list) -> str | None:
    """The file ends in the rows of a self-evaluation form that never printed its 总分 row."""
    if not scorecards:
        return None
    card = scorecards[-1]
    if card.is_template or card.total_raw_text is not None or not _at_or_after(last.where, card.where):
        return None
    name = card.project_name or card.evaluated_unit or ""
    return f"the file ends inside {card.title}{f'（{name}）' if name else ''}: its 总分 row is missing"


def _at_or_after(where, start) -> bool:
    return (where.page or 0, where.line or 0) >= (start.page or 0, start.line or 0) if where.sheet == start.sheet \
        else True


def _missing_part(document: Document) -> str | None:
    """A part (第N部分) the report's contents list promises but never prints after it."""
    shown = [clean_label(b.text) for b in document.blocks if isinstance(b, TextLine)]
    lines = [text.replace(" ", "") for text in shown]
    start = next((i for i, text in enumerate(lines) if _CONTENTS.match(text)), None)
    if start is None:
        return None
    listed: dict[str, str] = {}
    body_from = None
    for i in range(start + 1, min(len(lines), start + 1 + CONTENTS_REACH)):
        m = _PART.match(lines[i])
        if not m:
            continue
        if m.group(1) in listed:   # the first part listed printed again: the body begins here
            body_from = i
            break
        listed[m.group(1)] = shown[i]
    if body_from is None or not listed:
        return None
    printed = {m.group(1) for text in lines[body_from:] if (m := _PART.match(text))}
    order = list(listed)
    last = max(order.index(number) for number in printed if number in listed)
    missing = [listed[number] for number in order[last + 1:]]  # a part skipped in the middle is no cut
    if not missing:
        return None
    return f"the file ends before {missing[0]}, which its contents (目录) list" + (
        f" with {len(missing) - 1} more part(s)" if len(missing) > 1 else "")


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
