"""Find and read the performance self-evaluations of a report (绩效自评情况表).

A 部门整体支出绩效自评情况表 (one per report) and a 项目支出绩效自评情况表 per
evaluated project, each a title line followed by one grid (or several, where a
line of running text split it). A form is found by its title and confirmed by
its rows (项目名称, 项目资金 …), never by position; it ends at its 总分 row, the
next title or the next part of the report.

Its rows fall into sections, each starting at a printed marker: the header
fields (项目名称, 主管部门, 实施单位 or 部门（单位）名称, the month), 项目资金 (the
funding rows), 资金管理情况, 年度总体目标 / 年度履职目标 (预期目标 against
实际完成情况), 年度主要任务 (department form), 绩效指标 (the indicator tree, see
scorecard_indicators) and 总分. Pure parsing: no database here. Nothing is
invented; what cannot be read is a parse warning.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from juesuan.loaders.grids import Document, Grid, Row, TextLine
from juesuan.loaders.normalise import clean_label, clean_text, header_key, is_blank, is_placeholder, looks_numeric
from juesuan.loaders.numbers import parse_number
from juesuan.loaders.report import (
    ParseWarning, Scorecard, ScorecardFunding, ScorecardGoal, ScorecardManagementItem, ScorecardTask,
)
from juesuan.loaders.scorecards.indicators import WITHHELD, read_indicators

TITLES = {"部门整体支出绩效自评情况表": "department", "部门整体支出绩效自评表": "department",
          "项目支出绩效自评情况表": "project", "项目支出绩效自评表": "project"}
GOAL_KINDS = {"department": "年度履职目标", "project": "年度总体目标"}
FIELD_LABELS = {"项目名称": "project_name", "主管部门": "competent_department", "实施单位": "implementing_unit",
                "部门(单位)名称": "evaluated_unit", "部门名称": "evaluated_unit", "单位名称": "evaluated_unit"}
FUNDING_COLUMNS = (("年初预算", "initial_budget"), ("全年预算", "full_year_budget"), ("全年执行", "executed"),
                   ("分值", "weight"), ("执行率", "execution_rate"), ("得分", "score"))
FUNDING_SOURCES = (("总额", "年度资金总额"), ("财政拨款", "财政拨款"), ("政府预算资金", "财政拨款"),
                   ("财政专户", "财政专户管理资金"), ("单位资金", "单位资金"), ("其他资金", "其他资金"))
TASK_HEADERS = {"任务名称", "主要内容", "实际完成情况"}
TITLE_REACH = 6  # text lines a title may stand before its grid

_TITLE_PREFIX = re.compile(r"^(?:[-•·]\s*)?(?:[（(]?[一二三四五六七八九十]+[)）、.．]|\d+[、.．]|附表\d*[:：]?)?"
                           r"(?:\d{4}年度?)?")
_MONTH = re.compile(r"^(\d{4})年(\d{1,2})月(?:份)?$")
_PART = re.compile(r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、)")
_FUNDING_LABEL_NOISE = re.compile(r"^(?:(?:其中|资金来源)[:：])?(?:\(\d+\))?|[:：]$")  # 资金来源：(1)财政拨款


@dataclass
class FormRows:
    """The rows of one form, in order; running-text lines inside it become one-cell rows."""

    kind: str
    title: str
    title_row: Row
    rows: list[Row] = field(default_factory=list)
    has_grid: bool = False
    closed: bool = False
    text_lines_before_grid: int = 0


def read_scorecards(document: Document, warnings: list[ParseWarning]) -> list[Scorecard]:
    """Every scorecard of the document, in printed order; warnings are appended to ``warnings``."""
    return [read_form(form, seq, warnings) for seq, form in enumerate(find_forms(document), start=1)]


# -- finding the forms ------------------------------------------------------------------

def title_kind(text: str) -> str | None:
    key = _TITLE_PREFIX.sub("", header_key(text), count=1)
    return TITLES.get(key)


def find_forms(document: Document) -> list[FormRows]:
    forms: list[FormRows] = []
    current: FormRows | None = None
    for row, is_text in _rows(document):
        filled = [c for c in row.cells if not is_blank(c)]
        kind = title_kind(filled[0]) if len(filled) == 1 else None
        if kind:
            if current is not None and not current.has_grid and current.kind == kind:
                continue  # the title printed again at the top of its grid
            current = FormRows(kind, clean_label(filled[0]), row)
            forms.append(current)
            continue
        if current is None or current.closed:
            continue
        if is_text:
            if not current.has_grid:
                current.text_lines_before_grid += 1
                if current.text_lines_before_grid > TITLE_REACH:
                    current.closed = True  # a title in a list of contents, not a form
                    continue
            elif _PART.match(clean_label(row.cells[0])):
                current.closed = True
                continue
        else:
            current.has_grid = True
        current.rows.append(row)
        if first_key(row) == "总分":
            current.closed = True
    return [f for f in forms if f.has_grid and any(first_key(r) in FIELD_LABELS for r in f.rows)]


def _rows(document: Document):
    for block in document.blocks:
        if isinstance(block, TextLine):
            yield Row((block.text,), block.where), True
        elif isinstance(block, Grid):
            for row in block.rows:
                yield row, False


def first_key(row: Row) -> str:
    return next((header_key(c) for c in row.cells if not is_blank(c)), "")


# -- reading one form ----------------------------------------------------------------------

@dataclass
class Section:
    header: Row | None = None
    rows: list[Row] = field(default_factory=list)


def split_sections(rows: list[Row]) -> dict[str, Section]:
    sections: dict[str, Section] = {"header": Section()}
    current = "header"
    for row in rows:
        key = first_key(row)
        keys = [header_key(c) for c in row.cells]
        filled = [k for k in keys if k]
        start = None
        if key.startswith(("项目资金", "部门整体支出情况")):
            start = "funding"
        elif key.startswith("资金管理情况"):
            start = "management"
        elif "预期目标" in keys and current in ("header", "funding", "management"):
            start = "goals"
        elif key == "年度主要任务":
            start = "tasks"
        elif key == "绩效指标" and len(filled) == 1:
            start = "indicators"
        elif key == "总分":
            start = "total"
        if start:
            current = start
            section = sections.setdefault(start, Section())
            if section.header is None:
                section.header = row
            else:
                section.rows.append(row)
            continue
        sections.setdefault(current, Section()).rows.append(row)
    return sections


def read_form(form: FormRows, seq: int, warnings: list[ParseWarning]) -> Scorecard:
    where = form.title_row.where
    card = Scorecard(seq, form.kind, form.title, where)
    sections = split_sections(form.rows)
    _header_fields(card, sections["header"].rows)
    named = card.project_name or card.evaluated_unit or card.disclosure_note or "?"
    context = f"{card.title}（{named}，{where}）"
    if "funding" in sections:
        card.funding = _funding(sections["funding"], card, context, warnings)
    if "management" in sections:
        card.management = _management(sections["management"], context, warnings)
    if "goals" in sections:
        card.goals = _goals(sections["goals"], card.kind)
    if "tasks" in sections:
        card.tasks = _tasks(sections["tasks"])
    if "indicators" in sections:
        tree = read_indicators(sections["indicators"].rows, context, warnings)
        card.indicators = tree.indicators
        card.disclosure_note = card.disclosure_note or tree.disclosure_note
        # withheld lines under printed funding or management scores: the form is not empty
        card.indicators_withheld = tree.withheld and not card.is_template and _prints_figures(card)
        card.is_template = card.is_template or (tree.is_template and not card.indicators_withheld)
    if "total" in sections:
        _total(card, sections["total"].header, context, warnings)
    _check(card, sections, context, warnings)
    return card


def _prints_figures(card: Scorecard) -> bool:
    """Whether the form prints any amount or score of its own (分值 alone is the template's)."""
    return any(f.initial_budget is not None or f.full_year_budget is not None or f.executed is not None
               or f.score is not None for f in card.funding) or any(m.score is not None for m in card.management)


def _header_fields(card: Scorecard, rows: list[Row]) -> None:
    values: dict[str, str] = {}
    orphans: list[str] = []
    for row in rows:
        cells = [clean_label(c) for c in row.cells]
        label = None
        labelled = False
        for cell in cells:
            key = header_key(cell)
            if key in FIELD_LABELS:
                label, labelled = FIELD_LABELS[key], True
            elif cell and label:
                values.setdefault(label, cell)
                label = None
        filled = [c for c in cells if c]
        if not labelled and len(filled) == 1:
            month = _MONTH.match(header_key(filled[0]))
            if month:
                card.evaluation_text = filled[0]
                card.evaluated_on = date(int(month.group(1)), int(month.group(2)), 1)
            elif not title_kind(filled[0]) and not header_key(filled[0]).startswith(("(", "（")):
                orphans.append(filled[0])
        if labelled and "project_name" not in values and any(header_key(c) == "项目名称" for c in cells) and orphans:
            values["project_name"] = orphans[-1]  # the name printed above its empty cell
    for name, value in values.items():
        setattr(card, name, value)
    if card.project_name and WITHHELD.search(card.project_name):
        card.disclosure_note, card.project_name, card.is_template = card.project_name, None, True


def _number(text: str) -> Decimal | None:
    """A printed value: a number (a percent sign dropped), or None for a blank or a dash."""
    text = text.strip().rstrip("%％").strip()
    if not text or is_placeholder(text):
        return None
    return parse_number(text)


def _readable(text: str) -> bool:
    stripped = text.strip().rstrip("%％").strip()
    return not stripped or is_placeholder(stripped) or looks_numeric(stripped)


def _funding(section: Section, card: Scorecard, context: str, warnings: list[ParseWarning]) -> list[ScorecardFunding]:
    header = section.header
    columns = [(i, name) for i, cell in enumerate(header.cells)
               for prefix, name in FUNDING_COLUMNS if header_key(cell).startswith(prefix)]
    unit_text = header_key(header.cells[0]) if header.cells else ""
    if "(元)" in unit_text:
        card.money_unit = "元"
    out = []
    for row in section.rows:
        cells = list(row.cells)
        label_at = next((i for i, c in enumerate(cells) if not is_blank(c) and not _readable(c)), None)
        if label_at is None:
            if any(not is_blank(c) for c in cells):
                warnings.append(ParseWarning(f"{context}: 项目资金 row without a label; not stored", None,
                                             row.where.printed(row.raw)))
            continue
        label = _FUNDING_LABEL_NOISE.sub("", header_key(cells[label_at]))
        source = next((s for key, s in FUNDING_SOURCES if key in label), None)
        filled = [(i, c) for i, c in enumerate(cells) if i > label_at and not is_blank(c)]
        if len(filled) == len(columns):
            placed = {name: text for (_, name), (_, text) in zip(columns, filled)}
        elif all(i in dict(columns) for i, _ in filled):
            placed = {dict(columns)[i]: text for i, text in filled}
        else:
            placed = None
        unreadable = [t for t in (placed or {}).values() if not _readable(t)]
        if source is None or placed is None or unreadable:
            reason = (f"funding source {label!r} is not known" if source is None else
                      f"cannot read {unreadable[0]!r} as a number" if unreadable else
                      f"its {len(filled)} values do not match the {len(columns)} columns of the header")
            warnings.append(ParseWarning(f"{context}: 项目资金 row {label!r}: {reason}; not stored", None,
                                         row.where.printed(row.raw)))
            continue
        values = {name: _number(placed.get(name, "")) for _, name in FUNDING_COLUMNS}
        if all(values[name] is None for name in ("initial_budget", "full_year_budget", "executed",
                                                  "execution_rate", "score")):
            continue  # an empty template row: only the printed 分值
        out.append(ScorecardFunding(len(out) + 1, source, clean_label(cells[label_at]).rstrip(":："),
                                    **values, where=row.where.printed(row.raw)))
    return out


def _management(section: Section, context: str, warnings: list[ParseWarning]) -> list[ScorecardManagementItem]:
    header_cells = [header_key(c) for c in section.header.cells]
    score_column = next((i for i, k in enumerate(header_cells) if k == "得分"), None)
    out: list[ScorecardManagementItem] = []
    for row in section.rows:
        filled = [(i, clean_text(c)) for i, c in enumerate(row.cells) if not is_blank(c)]
        if not filled:
            continue
        numbers = [n for n, (_, text) in enumerate(filled) if looks_numeric(text)]
        if not numbers:
            if out:
                warnings.append(ParseWarning(f"{context}: 资金管理情况 text {filled[0][1]!r} could not be placed;"
                                             " not stored", None, row.where.printed(row.raw)))
            continue
        first, last = numbers[0], numbers[-1]
        if last - first > 1 or first == 0:
            warnings.append(ParseWarning(f"{context}: 资金管理情况 row could not be read; not stored", None,
                                         row.where.printed(row.raw)))
            continue
        texts = [text for _, text in filled[:first]]
        if last == first and filled[first][0] == score_column:
            weight, score = None, parse_number(filled[first][1])
        elif last == first:
            weight, score = parse_number(filled[first][1]), None
        else:
            weight, score = parse_number(filled[first][1]), parse_number(filled[last][1])
        description = " ".join(texts[1:]) or None
        problems = " ".join(text for _, text in filled[last + 1:]) or None
        if score is None and description is None and problems is None:
            continue  # an empty template row: only the printed 分值
        out.append(ScorecardManagementItem(len(out) + 1, texts[0].replace(" ", ""), description, weight, score,
                                           problems, row.where.printed(row.raw)))
    return out


def _goals(section: Section, kind: str) -> list[ScorecardGoal]:
    goal_kind = GOAL_KINDS[kind]
    header_keys = [header_key(c) for c in section.header.cells]
    actual_column = next((i for i, k in enumerate(header_keys) if k.endswith("实际完成情况")), None)
    expected: list[str] = []
    actual: list[str] = []
    first: Row | None = None
    for row in section.rows:
        filled = [(i, clean_text(c)) for i, c in enumerate(row.cells) if not is_blank(c)]
        if filled and _is_goal_label(filled[0][1]):
            filled = filled[1:]
        if not filled:
            continue
        if first is None:
            first = row
            expected.append(filled[0][1])
            actual.extend(text for _, text in filled[1:])
        elif len(filled) == 1 and (actual_column is None or filled[0][0] < actual_column):
            expected.append(filled[0][1])
        else:
            actual.extend(text for _, text in filled)
    if first is None:
        return []
    return [ScorecardGoal(1, goal_kind, " ".join(expected) or None, " ".join(actual) or None,
                          first.where.printed(first.raw))]


def _is_goal_label(text: str) -> bool:
    compact = text.replace(" ", "")
    return len(compact) <= 6 and any(compact in name for name in ("年度总体目标", "年度履职目标"))


def _tasks(section: Section) -> list[ScorecardTask]:
    out: list[ScorecardTask] = []
    for row in section.rows:
        filled = [clean_text(c) for c in row.cells if not is_blank(c)]
        if not filled or {header_key(c) for c in filled} <= TASK_HEADERS:
            continue
        if len(filled) == 1 and out:
            task = out[-1]
            out[-1] = ScorecardTask(task.task_seq, task.task_name, " ".join(filter(None, [task.content, filled[0]])),
                                    task.result, task.where)
            continue
        name, content = filled[0], " ".join(filled[1:2]) or None
        result = " ".join(filled[2:]) or None
        out.append(ScorecardTask(len(out) + 1, name, content, result,
                                 row.where.printed(row.raw)))
    return out


def _total(card: Scorecard, row: Row, context: str, warnings: list[ParseWarning]) -> None:
    numbers = [c.strip() for c in row.cells if looks_numeric(c)]
    card.total_raw_text = row.raw
    if len(numbers) == 2:
        card.total_weight, card.total_score = parse_number(numbers[0]), parse_number(numbers[1])
    elif len(numbers) == 1 and (card.is_template or card.indicators_withheld):
        card.total_weight = parse_number(numbers[0])  # the template's printed 分值; no score
    elif numbers:
        warnings.append(ParseWarning(f"{context}: 总分 row prints {len(numbers)} numbers where 分值 and 得分 "
                                     "were expected; total score not stored", None, row.where.printed(row.raw)))


def _check(card: Scorecard, sections: dict[str, Section], context: str, warnings: list[ParseWarning]) -> None:
    missing = [name for name, key in (("项目资金", "funding"), ("绩效指标", "indicators"), ("总分", "total"))
               if key not in sections]
    if missing:
        warnings.append(ParseWarning(f"{context}: no {', '.join(missing)} found in the form", None, card.where))
    if card.is_template or card.indicators_withheld:
        return
    if "indicators" in sections and not card.indicators:
        warnings.append(ParseWarning(f"{context}: no indicator line could be read", None, card.where))
    if "total" in sections and card.total_score is None:
        warnings.append(ParseWarning(f"{context}: no total score printed", None, card.where))
