"""Find the public tables in a document's blocks and read their printed amounts.

A table is identified by a score over its title, its header and its rows
(identify.py), never by position or an exact title; it is stored under the
national 公开 code of what it contains, whatever number the report prints (or
the code of a regional extra table, X…). What the report prints about each
table besides its cells is kept: its unit, its printed number, its note
(“注：…”, “说明：…”), and whether it was printed twice.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from juesuan.loaders.grids import Document, Grid, Row, TextLine
from juesuan.loaders.normalise import clean_label, header_key, is_blank, is_placeholder, looks_numeric
from juesuan.loaders.numbers import chinese_number, parse_number
from juesuan.loaders.provenance import Where
from juesuan.loaders.report import Amount, ParseWarning, TableInfo
from juesuan.loaders.tables import specs as table_specs
from juesuan.loaders.tables.align import align, column_groups, slot_text
from juesuan.loaders.tables.headers import Header, is_code, read_header
from juesuan.loaders.tables.hierarchy import expense_group
from juesuan.loaders.tables.identify import (
    CONTENT_MIN, TitleMatch, content_score, printed_number, row_score, title_matches,
)
from juesuan.loaders.tables.specs import TableSpec

_UNIT = re.compile(r"单位[:：]\s*(万元|元|千元)")
_DEPARTMENT = re.compile(r"^(?:部门|单位|编制部门|编制单位|部门（单位）|部门\(单位\))(?:名称)?[:：]\s*(.+)$")
_ORDINAL = re.compile(r"^[一二三四五六七八九十]+[、.．]")
_LISTED_NUMBER = re.compile(r"^(?:[-•·]\s*)?([一二三四五六七八九十]+)[、.．]")  # “七、财政拨款“三公”…” in 目录
_NOTE = re.compile(r"^(?:%s)\s*\d*\s*[:：]" % "|".join(table_specs.NOTE_PREFIXES))
# lines printed around a table's title: its number, unit, department (never a note's continuation)
_TABLE_FURNITURE = re.compile(r"^(?:部门)?公开\d|^表[一二三四五六七八九十\d]|^单位[:：]|^(?:编制)?(?:部门|单位)[:：]|^金额单位")
_HAS_CJK = re.compile(r"[\u3400-\u9fff]")
TITLE_REACH = 10       # text lines a title may stand before its table
WRAP_MAX = 30          # a title line this short may continue on the next line (“收入支出决算总” / “表”)
UNTITLED_MIN = 0.95    # a grid with no title is taken for a table only on this content score, unambiguous


@dataclass
class RecognisedTable:
    info: TableInfo
    amounts: list[Amount] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)  # every row label seen, for completeness checks
    copies: int = 1                                   # how many times the report printed it
    grid_where: Where | None = None                   # where its grid starts


@dataclass
class Recognised:
    tables: dict[str, RecognisedTable] = field(default_factory=dict)
    warnings: list[ParseWarning] = field(default_factory=list)
    departments: list[str] = field(default_factory=list)  # 部门：… lines near tables
    titles: list[str] = field(default_factory=list)       # every line read as a table title


@dataclass
class _Pending:
    matches: list[TitleMatch]
    line: TextLine
    title: str
    printed_number: str | None
    unit: str | None = None
    since: int = 0


def recognise(document: Document, class_codes: dict[str, str]) -> Recognised:
    """Read every public table of the document. ``class_codes`` maps 类 names to codes."""
    result = Recognised()
    pending: _Pending | None = None
    previous: TextLine | None = None     # the text line before this one, for a title wrapped over two
    last_table: RecognisedTable | None = None
    noting = False                        # the last line was a note that goes on
    listed: dict[str, str] = {}          # code → the number a contents list (目录) gives the table
    for block in document.blocks:
        if isinstance(block, TextLine):
            text = clean_label(block.text)
            compact = text.replace(" ", "")
            title, matches = _title(previous, block)
            previous = block
            if matches:
                pending = _Pending(matches, block, title, printed_number(title))
                result.titles.append(title)
                last_table, noting = None, False
                if m := _LISTED_NUMBER.match(compact):
                    listed.setdefault(matches[0].spec.code, str(chinese_number(m.group(1)) or "").zfill(2))
                continue
            if last_table is not None and (_NOTE.match(compact) or (noting and not _TABLE_FURNITURE.match(compact))):
                last_table.info = _with_note(last_table.info, text)
                noting = not text.endswith(("。", ".", "；")) and len(text) > 20
                continue
            noting = False
            if pending is not None:
                pending.since += 1
                if pending.since > TITLE_REACH:
                    pending = None
                    continue
                if number := printed_number(compact) if compact.startswith(("公开", "表")) else None:
                    pending.printed_number = pending.printed_number or number
                if m := _UNIT.search(compact):
                    pending.unit = m.group(1)
            if not _UNIT.search(compact) and (m := _DEPARTMENT.match(compact)):
                result.departments.append(m.group(1))
            continue
        previous = None
        header = read_header(block.rows)
        spec, match = _identify(pending, block, header, result.warnings)
        pending = None
        if spec is None:
            continue
        title = match.title if match else ""
        info = TableInfo(spec.code, title, (match.printed_number if match else None) or listed.get(spec.code),
                         (match.unit if match else None) or "万元", (),
                         match.line.where if match else block.where)
        table = read_table(spec, info, block, header, class_codes, result.warnings)
        table.grid_where = block.where
        if spec.code in result.tables:
            _printed_twice(result.tables[spec.code], table, result.warnings)
            continue
        result.tables[spec.code] = table
        last_table, noting = table, False
    return result


@dataclass(frozen=True)
class _Chosen:
    title: str
    line: TextLine
    printed_number: str | None
    unit: str | None


def _title(previous: TextLine | None, line: TextLine) -> tuple[str, list[TitleMatch]]:
    """The title this line prints, alone or as the end of a title wrapped from the line before."""
    text = clean_label(line.text)
    matches = title_matches(text)
    if previous is not None:
        before = clean_label(previous.text)
        if before and len(before) <= WRAP_MAX and not title_matches(before):
            joined = before + text
            wrapped = title_matches(joined)
            if wrapped and (not matches or wrapped[0].score > matches[0].score):
                return joined, wrapped
    return text, matches


def _identify(pending: _Pending | None, grid: Grid, header: Header,
              warnings: list[ParseWarning]) -> tuple[TableSpec | None, _Chosen | None]:
    rows = grid.rows[header.data_start:]
    if pending is not None:
        scored = [(0.6 * m.score + 0.4 * content_score(m.spec, header, rows), m) for m in pending.matches]
        scored = [(score, m) for score, m in scored if content_score(m.spec, header, rows) >= CONTENT_MIN]
        chosen = _Chosen(pending.title, pending.line, pending.printed_number, pending.unit)
        if scored:
            return max(scored, key=lambda x: x[0])[1].spec, chosen
        best = pending.matches[0].spec
        warnings.append(ParseWarning(
            f"a table titled {pending.title} was found but its header does not read as {_name(best)} "
            f"({', '.join(best.header_requires)} expected)", best.code,
            grid.where.printed(grid.rows[0].raw if grid.rows else None)))
        return None, None
    # no title: a grid that can only be one table (a title lost in conversion, a sheet without one)
    scored = sorted(((content_score(s, header, rows), s) for s in table_specs.ALL_SPECS), key=lambda x: -x[0])
    if scored and scored[0][0] >= UNTITLED_MIN and row_score(scored[0][1], header, rows) == 1.0 \
            and (len(scored) == 1 or scored[1][0] < scored[0][0]):
        spec = scored[0][1]
        warnings.append(ParseWarning(f"a table without a recognisable title was read as {_name(spec)} "
                                     "by its header and rows", spec.code, grid.where))
        return spec, None
    return None, None


def _name(spec: TableSpec) -> str:
    return f"公开{spec.code}" if spec.national else f"{spec.name}（{spec.code}）"


def _with_note(info: TableInfo, text: str) -> TableInfo:
    return replace(info, note=(info.note + "\n" if info.note else "") + text)


def _printed_twice(first: RecognisedTable, again: RecognisedTable, warnings: list[ParseWarning]) -> None:
    """A table printed twice: the first copy is kept; the warning says whether the copies agree."""
    first.copies += 1
    mine = {(a.line_label, a.section, a.measure): a.amount for a in first.amounts}
    theirs = {(a.line_label, a.section, a.measure): a.amount for a in again.amounts}
    differ = sorted(k for k in set(mine) | set(theirs) if mine.get(k) != theirs.get(k))
    code = first.info.table_code
    if not differ:
        message = f"公开{code} printed twice; the copies agree ({len(mine)} amounts), the first is kept"
    else:
        shown = "; ".join(f"{label} {measure}: {mine.get((label, section, measure))} vs "
                          f"{theirs.get((label, section, measure))}" for label, section, measure in differ[:5])
        message = (f"公开{code} printed twice and the copies differ in {len(differ)} cells ({shown}"
                   f"{' …' if len(differ) > 5 else ''}); the first copy is kept")
    warnings.append(ParseWarning(message, code, again.info.where))


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
    """The key column a header path names, and a total row label printed below its key header.

    A key header split over two ruled rows (“经济分类” over “科目编码”, “功能分类科目” over “编码”)
    is read joined.
    """
    for depth in range(len(path) - 1, -1, -1):
        below = path[depth + 1:]
        if below and (len(below) > 1 or below[0] not in table_specs.TOTAL_LABELS):
            break
        for start in range(depth, -1, -1):
            joined = "".join(path[start:depth + 1])
            for kind, names in _KEY_HEADERS:
                if joined in names:
                    return kind, below[0] if below else None
    return None, None


def columns_of(spec: TableSpec, header: Header) -> list[Column]:
    columns = []
    for path in header.paths:
        last = path[-1] if path else ""
        if spec.layout == "matrix" and not columns:  # a table of its own kind: the first column names the row
            columns.append(Column("label", None, None, path))
            continue
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
        return _three_public_measure(path) or path[0]
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
    rows = grid.rows[header.data_start:]
    if header.fused_row is not None:  # “类 | 款 | 项 | 合计 | 2,946.25 …”: the header's part is read, the rest is data
        rows = [header.fused_row, *rows[1:]]
    for row in rows:
        if all(is_blank(c) for c in row.cells):
            continue
        filled = [c for c in row.cells if not is_blank(c)]
        if len(filled) == 1 and _NOTE.match(clean_label(filled[0]).replace(" ", "")):
            table.info = _with_note(table.info, clean_label(filled[0]))  # a note printed inside the grid
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
            pieces = [row.cells[i].strip() for i in placed[slot].cells]
            stray = [c for c in pieces[1:] if c and not _HAS_CJK.search(c)]
            if stray:  # a damaged cell in a name's span over blank cells: reported, not part of the name
                warnings.append(ParseWarning(f"{_name(spec)}: {stray[0]!r} is printed in the blank cells after "
                                             "the row's name; it is not read", spec.code, row.where.printed(row.raw)))
                text = clean_label("".join(c for c in pieces if c not in stray))
            if text:
                label = text if label is None else label + text
        elif kind == "line_no" and text:
            line_no = int(text) if text.isdigit() else None  # a damaged 行次 is no number, the row still reads
            if line_no is None:
                warnings.append(ParseWarning(f"{_name(spec)}: the 行次 cell {text!r} is not a number; the row's "
                                             "amounts are read, a cell fused with it is not", spec.code,
                                             row.where.printed(row.raw)))
    for slot in group:  # a number standing where a code or a name is printed: never an amount, said aloud
        text = slot_text(row.cells, placed[slot])
        if columns[slot].kind in ("code", "code_part", "label") and looks_numeric(text) and not is_code(text) \
                and not (columns[slot].kind == "code_part" and text.isdigit()):
            warnings.append(ParseWarning(f"{_name(spec)}: {text!r} is printed where the row's code or name stands;"
                                         " it is not read as an amount", spec.code, row.where.printed(row.raw)))
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
            warnings.append(_unreadable(spec, label or code, column.measure, cell_text, row))
            continue
        out.append(Amount(spec.code, row_seq, slot, label or code, column.measure, value, row.where.printed(cell_text),
                          section=section, line_no=line_no, subject_code=subject_code, econ_code=econ_code))
    return out



def _unreadable(spec: TableSpec, label: str, measure: str | None, cell_text: str, row: Row) -> ParseWarning:
    """A cell of an amount column that is not a number: named by table, row and column; nothing stored for it."""
    return ParseWarning(f"{_name(spec)} row {label}, column {measure}: cannot read {cell_text!r} as an amount;"
                        " nothing is stored for this cell, the rest of the row is", spec.code,
                        row.where.printed(cell_text))


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
            warnings.append(_unreadable(spec, category, measure, cell_text, row))
            continue
        out.append(Amount(spec.code, row_seq, slot, category, measure, value, row.where.printed(cell_text)))
    return out


def _three_public_measure(path: tuple[str, ...]) -> str | None:
    for part in path:
        if part in table_specs.THREE_PUBLIC_MEASURES:
            return part
        if part in table_specs.THREE_PUBLIC_MEASURE_SYNONYMS:
            return table_specs.THREE_PUBLIC_MEASURE_SYNONYMS[part]
    return None


def three_public_column(path: tuple[str, ...]) -> tuple[str | None, str | None]:
    """(预算数|决算数, category) of a 三公 column, by meaning, whatever the order of the header rows.

    The national form prints 预算数/决算数 over the categories; Shanghai prints each
    category over its 预算数 and 决算数. 小计 and 合计 name their parent category.
    Other wordings of a category (公务用车运行费 …) are synonyms in the profile.
    """
    measure = _three_public_measure(path)
    named = [p for p in path if p in table_specs.THREE_PUBLIC_CATEGORIES]
    specific = [p for p in named if p not in ("小计", "合计")]
    name = specific[-1] if specific else (named[0] if named else None)
    return measure, table_specs.THREE_PUBLIC_CATEGORIES.get(name) if name else None
