"""Read the indicator tree (绩效指标) of a performance scorecard.

The tree is printed with merged cells: a 一级指标 (产出指标) and a 二级指标 (数量指标)
stand once, on the first of their lines, and are carried down to the lines below.
The text conversion damages it in known ways, all repaired here from evidence:

- a merged label cut in pieces over two rows: “成本 | 经济” above “指标 | 成本指标”
  is 成本指标 / 经济成本指标 for both lines; “满意 | 服务” above “度指标 | 对象满意度指标”;
  a row holding only “标” or “意度指标” ends the label above it;
- cells shifted left or right: a row with a blank cell in front, a row missing its
  一级 cell, a 三级指标 printed in the first column; known label names
  (数量指标, 社会效益指标 …) say which level a cell is;
- a deviation reason continued on a row of its own;
- numbers broken by wrapping (“-88.8 5” is −88.85).

A line is read from the right: 分值, 得分, 偏差度 are its last numbers, 实际完成值
and 年度指标值 stand before them, the labels before those. What cannot be placed
is a parse warning, never a guess. An empty template (指标1：, 指标2：) or a withheld
table (“项目绩效表依法不公开”) yields no lines and marks the form as a template.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from juesuan.loaders.grids import Row
from juesuan.loaders.normalise import clean_label, clean_text, is_blank, looks_numeric, strip_markup
from juesuan.loaders.numbers import parse_number
from juesuan.loaders.report import ParseWarning, ScorecardIndicator
from juesuan.loaders.scorecards.targets import Target, parse_target

LEVEL1_NAMES = frozenset({"成本指标", "产出指标", "效益指标", "满意度指标", "投入管理指标"})
LEVEL2_NAMES = frozenset({
    "经济成本指标", "社会成本指标", "生态环境成本指标", "数量指标", "质量指标", "时效指标",
    "经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标", "服务对象满意度指标", "服务对象满意度",
    # the department-level form
    "工作目标管理", "预算和财务管理", "绩效管理", "重点工作任务完成", "履职目标实现", "履职效益", "满意度",
})
LEVEL_NAMES = LEVEL1_NAMES | LEVEL2_NAMES
WITHHELD = re.compile(r"不公开|不予公开")  # 本项目涉密依法不公开, 项目绩效表依法不公开
_PLACEHOLDER = re.compile(r"^(?:指标\d+[:：])+$")          # 指标1：  指标1:指标2:
_HEADER_WORDS = ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "实际值完成值", "偏差度")
_TAIL_PIECES = ("指标", "标")
_NO_TARGET = Target(None, None)  # a blank cell


@dataclass
class Label:
    """A 一级 or 二级 label; rows that share a merged cell share the object."""

    text: str

    @property
    def complete(self) -> bool:
        return self.text in LEVEL_NAMES or self.text.endswith("指标")


@dataclass
class _Line:
    level1: Label | None
    level2: Label | None
    level3: str | None
    target: str
    actual: str
    numbers: list[str]          # 分值, 得分 and (when printed) 偏差度, as printed
    reason: list[str]
    row: Row
    rows: list[Row] = field(default_factory=list)


@dataclass
class IndicatorTree:
    indicators: list[ScorecardIndicator] = field(default_factory=list)
    is_template: bool = False        # placeholders only (指标1：), or a note withholding the lines
    withheld: bool = False           # a note says the lines are not published (项目绩效表依法不公开)
    disclosure_note: str | None = None


class _Reader:
    def __init__(self, context: str, warnings: list[ParseWarning]):
        self.context = context
        self.warnings = warnings
        self.level1: Label | None = None
        self.level2: Label | None = None
        self.lines: list[_Line] = []
        self.reason_column: int | None = None
        self.tree = IndicatorTree()

    # -- rows ------------------------------------------------------------------

    def read(self, rows: list[Row]) -> IndicatorTree:
        for row in rows:
            cells = [c.strip() for c in row.cells]
            if all(is_blank(c) for c in cells):
                continue
            texts = [clean_text(c).replace(" ", "") for c in cells]
            tail = numeric_tail(cells)
            if tail is not None and not self._is_header(texts):
                self._data_row(row, cells, tail)
            elif withheld := next((t for t in texts if WITHHELD.search(t)), None):
                self.tree.is_template = self.tree.withheld = True
                self.tree.disclosure_note = self.tree.disclosure_note or withheld
            elif any(_PLACEHOLDER.match(t) for t in texts):
                self.tree.is_template = True
            elif self._is_header(texts):
                self.reason_column = next((i for i, t in enumerate(texts) if t.startswith("偏差原因")),
                                          self.reason_column)
            elif self.lines:
                self._continuation_row(row, cells)
            # a row without numbers before the first line is the rest of a split header
        self.tree.indicators = [self._indicator(seq, line) for seq, line in enumerate(self.lines, start=1)]
        return self.tree

    def _is_header(self, texts: list[str]) -> bool:
        return not self.lines and any(t in _HEADER_WORDS or t.startswith("偏差原因") for t in texts)

    def _data_row(self, row: Row, cells: list[str], tail: tuple[int, int]) -> None:
        start, count = tail
        labels = _three_labels(cells[: start - 2])
        level3 = self._place_labels(labels)
        self.lines.append(_Line(self.level1, self.level2, level3, cells[start - 2], cells[start - 1],
                                cells[start: start + count], [c for c in cells[start + count:] if not is_blank(c)],
                                row))

    def _place_labels(self, labels: list[str]) -> str | None:
        """Set the carried 一级/二级 labels from this row's label cells; return its 三级指标."""
        items = [(pos, text) for pos, text in enumerate(labels) if text]
        level3 = None
        if items and not self._is_level_text(items[-1][1], items[-1][0]):
            level3 = items.pop()[1]
        for pos, text in items:
            self._set_level(pos, text)
        if level3 is not None:
            level2_name, level3 = _split_leading_level2(level3)
            if level2_name:
                self.level2 = Label(level2_name)
        return level3

    def _is_level_text(self, text: str, pos: int) -> bool:
        return (text in LEVEL_NAMES or self._joins(self.level1, text) or self._joins(self.level2, text)
                or (pos < 2 and any(name.startswith(text) for name in LEVEL_NAMES)))

    def _set_level(self, pos: int, text: str) -> None:
        carried = self.level1 if pos == 0 else self.level2
        if self._joins(carried, text):
            carried.text += text
        elif text in LEVEL1_NAMES:
            self.level1, self.level2 = Label(text), None
        elif text in LEVEL2_NAMES:
            self.level2 = Label(text)
        elif pos == 0 and any(name.startswith(text) for name in LEVEL1_NAMES):
            self.level1, self.level2 = Label(text), None
        elif any(name.startswith(text) for name in LEVEL2_NAMES):
            self.level2 = Label(text)
        elif text in _TAIL_PIECES:
            return  # a stray end of a label already whole
        elif pos == 0:
            self.level1, self.level2 = Label(text), None
        else:
            self.level2 = Label(text)

    @staticmethod
    def _joins(label: Label | None, text: str) -> bool:
        if label is None:
            return False
        joined = label.text + text
        return joined in LEVEL_NAMES or (not label.complete and text in _TAIL_PIECES)

    def _continuation_row(self, row: Row, cells: list[str]) -> None:
        last = self.lines[-1]
        placed = False
        for index, cell in enumerate(cells):
            if is_blank(cell):
                continue
            text = clean_text(cell)
            compact = text.replace(" ", "")
            if self.reason_column is not None and index >= self.reason_column:
                last.reason.append(cell)
            elif index == 0 and self._joins(self.level1, compact):
                self.level1.text += compact
            elif index == 1 and self._joins(self.level2, compact):
                self.level2.text += compact
            elif index in (0, 1) and self._is_stray(compact, self.level1 if index == 0 else self.level2):
                continue
            elif index == 2 and not looks_numeric(cell) and last.level3 is not None:
                last.level3 += compact
            else:
                self.warnings.append(ParseWarning(
                    f"{self.context}: 绩效指标 text {text!r} on a row of its own could not be placed; not stored",
                    None, row.where.printed(row.raw)))
                continue
            placed = True
        if placed:
            last.rows.append(row)

    @staticmethod
    def _is_stray(text: str, label: Label | None) -> bool:
        return label is not None and label.complete and (text in _TAIL_PIECES or label.text.endswith(text))

    # -- values ------------------------------------------------------------------

    @staticmethod
    def _indicator(seq: int, line: _Line) -> ScorecardIndicator:
        weight, score, deviation = (parse_number(text) if text else None for text in [*line.numbers, None][:3])
        deviation_text = line.numbers[2].strip() if len(line.numbers) > 2 else None
        target = parse_target(line.target) or _NO_TARGET
        actual = parse_target(line.actual) or _NO_TARGET
        rows = [line.row, *line.rows]
        return ScorecardIndicator(
            seq, line.level1.text if line.level1 else None, line.level2.text if line.level2 else None, line.level3,
            target.text, target.operator, target.value, target.upper, target.unit,
            actual.text, actual.operator, actual.value, actual.unit,
            weight, score, deviation, deviation_text, clean_text(" ".join(line.reason)) or None,
            line.row.where.printed("\n".join(r.raw for r in rows)))


def read_indicators(rows: list[Row], context: str, warnings: list[ParseWarning]) -> IndicatorTree:
    """The indicator lines of a scorecard from the rows after its 绩效指标 row, up to its 总分 row."""
    return _Reader(context, warnings).read(rows)


def numeric_tail(cells: list[str]) -> tuple[int, int] | None:
    """Where the line's 分值, 得分 (and 偏差度) start, and how many there are.

    The rightmost run of three numbers followed only by text (the reason); failing
    that, of two (no 偏差度 printed). At least two cells (target, actual) must
    stand before it.
    """
    end = len(cells)
    while end and is_blank(cells[end - 1]):
        end -= 1
    numeric = [looks_numeric(c) for c in cells[:end]]
    for count in (3, 2):
        for start in range(end - count, 1, -1):
            if all(numeric[start: start + count]) and not any(numeric[start + count: end]):
                return start, count
    return None


def _three_labels(cells: list[str]) -> list[str]:
    """The label cells brought to three (一级, 二级, 三级): shifted blanks dropped, missing ones in front."""
    labels = [c.strip() if _split_leading_level2(c)[0] else clean_label(c) for c in cells]
    while len(labels) > 3 and not labels[0]:
        labels.pop(0)
    while len(labels) > 3 and "" in labels[1:-1]:
        labels.pop(labels.index("", 1))
    if len(labels) > 3:
        labels = labels[:2] + ["".join(labels[2:])]
    return [""] * (3 - len(labels)) + labels


def _split_leading_level2(cell: str) -> tuple[str | None, str]:
    """“社会效益指标 公共服务水平”: a 二级 name printed in the 三级 cell, before a space."""
    head, _, rest = strip_markup(cell).strip().partition(" ")
    if rest and head in LEVEL2_NAMES:
        return head, clean_label(rest)
    return None, clean_label(cell)
