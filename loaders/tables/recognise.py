"""Find the nine public tables in a document's blocks and read their printed amounts.

Tables are found by title (any alias in table_specs) and confirmed by header
keywords, never by position; they are stored under the national 公开 code of
what they contain, whatever number the report prints.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from juesuan.loaders.tables import specs as table_specs
from juesuan.loaders.tables.align import align, column_groups, slot_text
from juesuan.loaders.grids import Document, Grid, Row, TextLine
from juesuan.loaders.tables.headers import Header, is_code, read_header
from juesuan.loaders.tables.hierarchy import expense_group
from juesuan.loaders.normalise import clean_label, header_key, is_blank, is_placeholder
from juesuan.loaders.numbers import chinese_number, parse_number
from juesuan.loaders.report import Amount, ParseWarning, TableInfo
from juesuan.loaders.tables.specs import TableSpec

_NUMBERING = re.compile(r"^(?:[-•·]\s*)?(?:[（(]?[一二三四五六七八九十]+[)）、.．]|\d+[、.．]|表[一二三四五六七八九十\d]+)?")
_YEAR_PREFIX = re.compile(r"^\d{4}年度?")
_PRINTED_NUMBER = re.compile(r"(?:公开|表)\s*(\d{1,2})\s*表?")
_UNIT = re.compile(r"单位[:：]\s*(万元|元|千元)")
_DEPARTMENT = re.compile(r"^(?:部门|单位|编制部门|编制单位|部门（单位）|部门\(单位\))(?:名称)?[:：]\s*(.+)$")
_ORDINAL = re.compile(r"^[一二三四五六七八九十]+[、.．]")
_LISTED_NUMBER = re.compile(r"^(?:[-•·]\s*)?([一二三四五六七八九十]+)[、.．]")  # “七、财政拨款“三公”…” in 目录
TITLE_REACH = 10  # text lines a title may stand before its table


@dataclass
class RecognisedTable:
    info: TableInfo
    amounts: list[Amount] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)  # every row label seen, for completeness checks


@dataclass
class Recognised:
    tables: dict[str, RecognisedTable] = field(default_factory=dict)
    warnings: list[ParseWarning] = field(default_factory=list)
    departments: list[str] = field(default_factory=list)  # 部门：… lines near tables


def match_title(text: str) -> TableSpec | None:
    key = header_key(text)
    key = _NUMBERING.sub("", key, count=1)
    key = _YEAR_PREFIX.sub("", key)
    for spec in table_specs.SPECS:
        for alias in spec.titles:
            if key == header_key(alias):
                return spec
    return None


def header_matches(spec: TableSpec, header: Header) -> bool:
    """Every required keyword is in the header; “A|B” requires either (a regional synonym)."""
    text = header.text()
    return bool(header.paths) and all(any(header_key(alt) in text for alt in k.split("|"))
                                      for k in spec.header_requires)


def recognise(document: Document, class_codes: dict[str, str]) -> Recognised:
    """Read every public table of the document. ``class_codes`` maps 类 names to codes."""
    result = Recognised()
    pending: tuple[TableSpec, TextLine] | None = None
    since_title = 0
    printed_number: str | None = None
    unit: str | None = None
    last_table: RecognisedTable | None = None
    listed: dict[str, str] = {}  # code → the number a contents list (目录) gives the table
    for block in document.blocks:
        if isinstance(block, TextLine):
            text = clean_label(block.text)
            spec = match_title(text)
            if spec is not None:
                pending, since_title, printed_number, unit = (spec, block), 0, None, None
                last_table = None
                if m := _LISTED_NUMBER.match(text.replace(" ", "")):
                    listed.setdefault(spec.code, str(chinese_number(m.group(1)) or "").zfill(2))
                continue
            since_title += 1
            if pending and since_title > TITLE_REACH:
                pending = None
            if m := _PRINTED_NUMBER.search(text.replace(" ", "")):
                printed_number = m.group(1).zfill(2)
            if m := _UNIT.search(text.replace(" ", "")):
                unit = m.group(1)
            elif m := _DEPARTMENT.match(text.replace(" ", "")):
                result.departments.append(m.group(1))
            if last_table is not None and text.startswith(("说明：", "说明:")):
                last_table.info = _with_note(last_table.info, text)
            continue
        if pending is None:
            continue
        spec, title_line = pending
        header = read_header(block.rows)
        if not header_matches(spec, header):
            result.warnings.append(ParseWarning(
                f"a table titled {clean_label(title_line.text)} was found but its header does not read as "
                f"公开{spec.code} ({', '.join(spec.header_requires)} expected)",
                spec.code, block.where.printed(block.rows[0].raw if block.rows else None)))
            pending = None
            continue
        if spec.code in result.tables:
            result.warnings.append(ParseWarning(f"公开{spec.code} printed twice; the second copy is ignored",
                                                spec.code, block.where))
            pending = None
            continue
        info = TableInfo(spec.code, clean_label(title_line.text), printed_number or listed.get(spec.code),
                         unit or "万元", (), title_line.where)
        table = read_table(spec, info, block, header, class_codes, result.warnings)
        result.tables[spec.code] = table
        last_table = table
        pending = None
    return result


def _with_note(info: TableInfo, text: str) -> TableInfo:
    return replace(info, note=(info.note + "\n" if info.note else "") + text)


# -- reading one table -------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    kind: str                  # code, code_part (类/款/项 printed apart), label, line_no, value
    section: str | None        # 收入/支出, or the group label of 06
    measure: str | None        # for value columns
    path: tuple[str, ...]
    row_label: str | None = None  # a row label printed inside the header (Shanghai's 合计 beside 小计…)


_KEY_HEADERS = (("code_part", table_specs.CODE_PART_HEADERS), ("code", table_specs.CODE_HEADERS),
                ("line_no", table_specs.LINE_NO_HEADERS), ("label", table_specs.LABEL_HEADERS))


def _key_kind(path: tuple[str, ...]) -> tuple[str | None, str | None]:
    """The key column a header path names, and a total row label printed below its key header."""
    for depth in range(len(path) - 1, -1, -1):
        below = path[depth + 1:]
        if below and (len(below) > 1 or below[0] not in table_specs.TOTAL_LABELS):
            break
        for kind, names in _KEY_HEADERS:
            if path[depth] in names:
                return kind, below[0] if below else None
    return None, None


def columns_of(spec: TableSpec, header: Header) -> list[Column]:
    columns = []
    for path in header.paths:
        last = path[-1] if path else ""
        section = path[0] if spec.layout in ("two_sided", "econ_groups") and len(path) > 1 else None
        kind, row_label = _key_kind(path)
        if kind is not None:
            columns.append(Column(kind, section, None, path, row_label))
        elif not last and not columns:
            columns.append(Column("label", section, None, path))
        else:
            columns.append(Column("value", section, _measure(spec, path), path))
    return columns


def _measure(spec: TableSpec, path: tuple[str, ...]) -> str:
    if not path:
        return ""
    full = "/".join(path)
    for key in (full, "/".join(path[-2:]), path[-1]):
        if key in spec.measure_aliases:
            return spec.measure_aliases[key]
    if spec.layout == "category_matrix":
        return next((p for p in path if p in table_specs.THREE_PUBLIC_MEASURES), path[0])
    return path[-1]


def read_table(spec: TableSpec, info: TableInfo, grid: Grid, header: Header,
               class_codes: dict[str, str], warnings: list[ParseWarning]) -> RecognisedTable:
    columns = columns_of(spec, header)
    measures = tuple(dict.fromkeys(c.measure for c in columns if c.kind == "value"))
    table = RecognisedTable(replace(info, measures=measures))
    table.labels.extend(header_key(c.row_label) for c in columns if c.row_label)
    kinds = [c.kind for c in columns]
    groups = column_groups(kinds)
    carried: dict[int, list[str]] = {}  # per column group: the 类 and 款 of the rows above
    row_seq = 0
    for row in grid.rows[header.data_start:]:
        if all(is_blank(c) for c in row.cells):
            continue
        placed = align(kinds, row.cells)
        if placed is None:
            warnings.append(ParseWarning(
                f"row of 公开{spec.code} could not be matched to its {len(kinds)} columns; its values are not stored",
                spec.code, row.where.printed(row.raw)))
            continue
        if spec.layout == "category_matrix":
            table.amounts.extend(_category_amounts(spec, columns, row, placed, row_seq, warnings))
        else:
            for number, group in enumerate(groups):
                table.amounts.extend(_group_amounts(spec, columns, group, row, placed, row_seq,
                                                    class_codes, table.labels, warnings,
                                                    carried.setdefault(number, [])))
        row_seq += 1
    return table


def _group_amounts(spec, columns, group, row: Row, placed, row_seq, class_codes, labels, warnings, carried):
    code = label = None
    line_no = None
    parts: list[str | None] = []
    for slot in group:
        text = slot_text(row.cells, placed[slot])
        kind = columns[slot].kind
        if kind == "code_part":
            parts.append(text if text.isdigit() else None)
            if text and not text.isdigit():
                label = text if label is None else label + text
        elif kind == "code" and text:
            if is_code(text):
                code = text.replace(" ", "")
            else:
                label = text
        elif kind == "label" and text:
            label = text if label is None else label + text
        elif kind == "line_no" and text:
            line_no = int(text)
    if parts and code is None:
        code = joined_code(parts, carried)
    if label:
        labels.append(header_key(label))
    section = next((columns[s].section for s in group if columns[s].section), None)
    subject_code = econ_code = None
    if code:
        if spec.layout == "econ_groups":
            econ_code = code
            section = expense_group(code)
        else:
            subject_code = code
    elif label and spec.layout == "two_sided":
        subject_code = class_codes.get(header_key(_ORDINAL.sub("", label)))
    if spec.layout == "econ_groups" and not code and label:
        section = "人员经费" if label.startswith("人员经费") else "公用经费" if label.startswith("公用经费") else section
    out = []
    for slot in group:
        column = columns[slot]
        if column.kind != "value":
            continue
        cell_text = " ".join(row.cells[i] for i in placed[slot].cells).strip()
        if not cell_text or is_placeholder(cell_text):
            continue
        if not label and not code:
            warnings.append(ParseWarning(f"公开{spec.code}: an amount with no row label or code is not stored",
                                         spec.code, row.where.printed(row.raw)))
            continue
        try:
            value = parse_number(cell_text)
        except ValueError:
            warnings.append(ParseWarning(f"公开{spec.code}: cannot read {cell_text!r} as an amount",
                                         spec.code, row.where.printed(row.raw)))
            continue
        out.append(Amount(spec.code, row_seq, slot, label or code, column.measure, value, row.where.printed(cell_text),
                          section=section, line_no=line_no, subject_code=subject_code, econ_code=econ_code))
    return out



def joined_code(parts: list[str | None], carried: list[str]) -> str | None:
    """One code from 类/款/项 printed in separate columns: 201 | 06 | 01 → 2010601.

    A column that prints the whole code (20106 under 款) is taken as it is; a 款
    or 项 row that leaves 类 (and 款) blank continues the rows above it.
    """
    digits = [p for p in parts if p]
    if not digits:
        return None
    longest = max(digits, key=len)
    if len(longest) in (5, 7) and longest[:3] == (parts[0] or longest[:3]):
        code = longest
    else:
        levels = (list(parts) + [None, None, None])[:3]
        if levels[0] is None and carried:
            levels[0] = carried[0]
        if levels[1] is None and levels[2] is not None and len(carried) > 1:
            levels[1] = carried[1]
        if levels[0] is None or (levels[2] is not None and levels[1] is None):
            return None
        code = "".join(p for p in levels if p)
    carried[:] = [code[:3]] + ([code[3:5]] if len(code) >= 5 else [])
    return code if len(code) in (3, 5, 7) else None


def _category_amounts(spec, columns, row: Row, placed, row_seq, warnings):
    out = []
    for slot, column in enumerate(columns):
        if column.kind != "value":
            continue
        cell_text = " ".join(row.cells[i] for i in placed[slot].cells).strip()
        if not cell_text or is_placeholder(cell_text):
            continue
        measure, category = three_public_column(column.path)
        if measure is None or category is None:
            warnings.append(ParseWarning(
                f"公开{spec.code}: column {'/'.join(column.path)!r} is not a known 三公 category; value not stored",
                spec.code, row.where.printed(row.raw)))
            continue
        try:
            value = parse_number(cell_text)
        except ValueError:
            warnings.append(ParseWarning(f"公开{spec.code}: cannot read {cell_text!r} as an amount",
                                         spec.code, row.where.printed(row.raw)))
            continue
        out.append(Amount(spec.code, row_seq, slot, category, measure, value, row.where.printed(cell_text)))
    return out


def three_public_column(path: tuple[str, ...]) -> tuple[str | None, str | None]:
    """(预算数|决算数, category) of a 三公 column, by meaning, whatever the order of the header rows.

    The national form prints 预算数/决算数 over the categories; Shanghai prints each
    category over its 预算数 and 决算数. 小计 and 合计 name their parent category.
    """
    measure = next((p for p in path if p in table_specs.THREE_PUBLIC_MEASURES), None)
    named = [p for p in path if p in table_specs.THREE_PUBLIC_CATEGORIES]
    specific = [p for p in named if p not in ("小计", "合计")]
    name = specific[-1] if specific else (named[0] if named else None)
    return measure, table_specs.THREE_PUBLIC_CATEGORIES.get(name) if name else None
