"""Who published a report, for which year and when: read from its running text.

The cover (“安阳市公安局 / 2023 年度部门决算 / 二〇二四年九月”), the 部门：…
lines over the tables, and the list of budget units in part one (概况).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from juesuan.loaders.grids import TextLine
from juesuan.loaders.normalise import clean_label
from juesuan.loaders.numbers import chinese_number

_YEAR_KIND = re.compile(r"(\d{4})\s*年度?\s*(部门决算|单位决算)")
_CN_DATE = re.compile(r"^([〇○零一二三四五六七八九\d]{4})\s*年\s*([一二三四五六七八九十\d]{1,3})\s*月")
_UNIT_COUNT = re.compile(r"(?:单位|预算单位)共\s*(\d+|[一二三四五六七八九十]+)\s*个")
_LISTED = re.compile(r"^\s*(\d+)\s*[.、．]\s*(\S.*)$")
_REGION = re.compile(r"^(?:中共)?(.{1,8}?(?:省|自治区|市))(.{1,6}?(?:区|县|市|旗))?")


@dataclass
class Meta:
    department_name: str | None = None
    fiscal_year: int | None = None
    kind: str = "部门决算"
    publication_text: str | None = None
    published_on: date | None = None
    budget_units: list[str] = field(default_factory=list)


def read_meta(lines: list[TextLine], department_lines: list[str]) -> Meta:
    meta = Meta()
    texts = [clean_label(line.text) for line in lines]
    for index, text in enumerate(texts[:60]):
        m = _YEAR_KIND.search(text.replace(" ", ""))
        if not m:
            continue
        meta.fiscal_year, meta.kind = int(m.group(1)), m.group(2)
        before = text.replace(" ", "")[: m.start()].strip()
        if before:
            meta.department_name = before
        elif index > 0:
            meta.department_name = texts[index - 1].replace(" ", "")
        for following in texts[index + 1: index + 4]:
            d = _CN_DATE.match(following.replace(" ", ""))
            if d:
                year, month = chinese_number(d.group(1)), chinese_number(d.group(2))
                meta.publication_text = following
                if year and month and 1 <= month <= 12:
                    meta.published_on = date(year, month, 1)
                break
        break
    if department_lines:  # the 部门：… lines over the tables are the most reliable source
        meta.department_name = Counter(department_lines).most_common(1)[0][0]
    meta.budget_units = _budget_units(texts)
    return meta


def _budget_units(texts: list[str]) -> list[str]:
    for index, text in enumerate(texts):
        m = _UNIT_COUNT.search(text.replace(" ", ""))
        if not m:
            continue
        expected = chinese_number(m.group(1)) or 0
        units: list[str] = []
        for following in texts[index + 1:]:
            listed = _LISTED.match(following)
            if not listed or int(listed.group(1)) != len(units) + 1:
                break
            units.append(listed.group(2).strip())
        if units and (not expected or len(units) == expected):
            return units
        return units
    return []


def region_of(department_name: str) -> str | None:
    m = _REGION.match(department_name)
    if not m:
        return None
    return (m.group(1) + (m.group(2) or "")) if m.group(2) and len(m.group(2)) > 1 else m.group(1)
