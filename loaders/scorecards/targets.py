"""Read a performance target or an actual value: operator, number and unit, the printed text kept.

Pure functions, no I/O. What a scorecard prints in 年度指标值 / 实际完成值:

- a comparison with a number and a unit: “≥36500 枚”, “=2020.7 月”, “$\\geq 90\\%$”,
  “≤1.36 亿元”, “≤12 元/月/户”, “=2023. 2 月” (a number broken by wrapping);
- a bare number with a unit: “33418 枚”, “100%”, “0.57 万人次” (no operator printed);
- a range: “600-700”;
- a direction without a number: “同比提升”, “显著提高” (increase), “明显降低” (decrease);
- anything else is qualitative text: “完整”, “不晚于 2023 年 12 月 31 日”.

Nothing is guessed: text that is not wholly one of these shapes is qualitative,
with no value.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from juesuan.loaders.normalise import clean_text
from juesuan.loaders.numbers import NUMBER, parse_number

OPERATORS = ("=", "≥", "≤", ">", "<", "between", "increase", "decrease", "text")

_OPERATOR_SPELLINGS = {"=": "=", "＝": "=", "≥": "≥", "≧": "≥", ">=": "≥", "≤": "≤", "≦": "≤", "<=": "≤",
                       ">": ">", "＞": ">", "<": "<", "＜": "<"}
# digits may be split by a space where a line wrapped: “-88.8 5”, “2023. 2”
_NUMBER = rf"-?{NUMBER}"
_COMPARISON = re.compile(rf"^(?P<op>>=|<=|[=＝≥≧≤≦>＞<＜])?\s*(?P<num>{_NUMBER})\s*(?P<unit>[^\d\s].*)?$")
_RANGE = re.compile(rf"^(?P<low>{_NUMBER})\s*[-~～—至]\s*(?P<high>{_NUMBER})\s*(?P<unit>[^\d\s].*)?$")
# a unit is short and holds no sentence: “万元”, “%”, “元/月/户”, “平方公里”, “人次”
_UNIT = re.compile(r"^[%‰/（）()·a-zA-Z\u4e00-\u9fff]{1,8}$")
_INCREASE = ("提升", "提高", "上升", "增加", "增长", "好转", "增强")
_DECREASE = ("降低", "下降", "减少", "缩短", "减轻")


@dataclass(frozen=True)
class Target:
    text: str                       # the printed text, markup removed
    operator: str | None            # one of OPERATORS; None for a bare number (nothing printed)
    value: Decimal | None = None    # the number (the lower bound of a range)
    upper: Decimal | None = None    # the upper bound of a range
    unit: str | None = None         # as printed after the number: %, 枚, 万元, 元/月/户 …


def parse_target(raw: str | None) -> Target | None:
    """The printed text of a 年度指标值 or 实际完成值 cell read as a target; None for a blank cell."""
    text = clean_text(raw)
    if not text:
        return None
    compact = text.replace("，", ",")
    if m := _COMPARISON.match(compact):
        unit = _unit(m.group("unit"))
        if unit is not False:
            op = m.group("op")
            return Target(text, _OPERATOR_SPELLINGS[op] if op else None, _number(m.group("num")), None, unit)
    if m := _RANGE.match(compact):
        unit = _unit(m.group("unit"))
        if unit is not False:
            return Target(text, "between", _number(m.group("low")), _number(m.group("high")), unit)
    if not any(c.isdigit() for c in text):
        if any(word in text for word in _INCREASE):
            return Target(text, "increase")
        if any(word in text for word in _DECREASE):
            return Target(text, "decrease")
    return Target(text, "text")


def _number(text: str) -> Decimal:
    return parse_number(text.replace(" ", ""))


def _unit(text: str | None) -> str | None | bool:
    """The unit after a number, None when there is none, False when the rest is not a unit."""
    if text is None:
        return None
    unit = text.replace(" ", "")
    return unit if _UNIT.match(unit) else False
