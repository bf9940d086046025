"""三公 facts of a report's narrative: budget and actual per category, vehicles bought, fleet size,
delegations sent and visitors received.

A category is named by the keyword printed nearest before a figure (“…决算中，因公出国（境）费支出决算
0.00 万元”); a clause without one keeps the category of the clause before it. Pure Python, no database.
"""
from __future__ import annotations

import re
from decimal import Decimal

from juesuan.loaders.narrative.sentences import (
    AMOUNT, CHANGE, COMPLETION, DECREASE, PART_THREE, Paragraph, Sentence, fact, sentences,
)
from juesuan.loaders.numbers import NUMBER, PCT, parse_number
from juesuan.loaders.report import NarrativeFact

CATEGORIES = (  # keyword → 三公 category; the keyword nearest before a figure names its category
    ("公务用车购置及运行", "公务用车购置及运行维护费"),
    ("公务用车购置", "公务用车购置费"),
    ("公务用车运行", "公务用车运行维护费"),
    ("公务用车", "公务用车购置及运行维护费"),
    ("因公出国", "因公出国(境)费"),
    ("公务接待", "公务接待费"),
    ("三公", "合计"),
)
BUDGET = re.compile(rf"预算数?为\s*({NUMBER})\s*万元")
ACTUAL = re.compile(rf"决算数?为?\s*({NUMBER})\s*万元")
SPENT = re.compile(rf"(?:支出|费)\s*({NUMBER})\s*万元")
SHARE = re.compile(rf"[，,]\s*占\s*{PCT}")
VEHICLES_BOUGHT = re.compile(r"购置(?:车辆|公务用车)\s*(\d+)\s*(台|辆)")
VEHICLE_KIND = re.compile(r"其中[：:]?\s*([\u4e00-\u9fff]+?)\s*(\d+)\s*(辆|台)")
FLEET = re.compile(r"保有量(?:为)?\s*(\d+)\s*辆")
DELEGATIONS = re.compile(r"团组\s*(\d+)\s*个")
PERSON_TIMES = re.compile(r"(\d+)\s*人次")
FIGURE = re.compile(r"\d[\d,.]*\s*(?:万元|%|个|人次|辆|台)")
NO_THREE_PUBLIC = re.compile(r"无[“\"]?三公[”\"]?经费")


def _category(text: str, before: int) -> str | None:
    best: tuple[int, int, str] | None = None
    for keyword, category in CATEGORIES:
        position = text.rfind(keyword, 0, before)
        if position >= 0 and (best is None or (position, len(keyword)) > best[:2]):
            best = (position, len(keyword), category)
    return best[2] if best else None


def _first_figure(clause: str) -> int:
    """Where the clause's first figure (an amount, a percent or a count) starts; its end when it has none."""
    m = FIGURE.search(clause)
    return m.start() if m else len(clause)


def _reception(text: str) -> str | None:
    if "外宾" in text or "国（境）外来访" in text or "境外来访" in text:
        return "外宾接待"
    if "国内" in text and ("接待" in text or "来访" in text):
        return "国内公务接待"
    return None


def three_public_facts(paragraph: Paragraph) -> list[NarrativeFact]:
    out: list[NarrativeFact] = []
    carried: str | None = None
    for s in sentences(paragraph):
        start = 0
        for clause in re.split(r"(?<=[；;])", s.text):
            out += _three_public_clause(s, clause, start, carried)
            carried = _category(clause, _first_figure(clause)) or carried
            start += len(clause)
    return out


def _three_public_clause(s: Sentence, clause: str, start: int, carried: str | None) -> list[NarrativeFact]:
    out: list[NarrativeFact] = []

    def add(fact_type: str, key: str, measure: str, m: re.Match, group: int, unit: str, sign: int = 1) -> None:
        raw = m.group(group)
        value = parse_number(raw) if unit == "万元" else Decimal(raw)
        out.append(fact(s, PART_THREE, fact_type, key, measure, -value if sign < 0 else value, unit, raw=raw,
                        at=start + m.start(group)))

    reception = _reception(clause)
    if reception:
        if m := AMOUNT.search(clause):
            add("three_public_reception", reception, "amount", m, 1, "万元")
        if m := DELEGATIONS.search(clause):
            add("three_public_reception", reception, "delegations", m, 1, "个")
        if m := PERSON_TIMES.search(clause):
            add("three_public_reception", reception, "visitors", m, 1, "人次")
        return out
    named = _category(clause, _first_figure(clause))
    category = named or carried
    if category is None:
        return out
    if (m := NO_THREE_PUBLIC.search(clause)) and not AMOUNT.search(clause):
        out.append(fact(s, PART_THREE, "three_public", "合计", "actual", Decimal(0), "万元", raw=m.group(0),
                        at=start + m.start(), text_value=s.text.rstrip("。")))
        return out
    budget, actual = BUDGET.search(clause), ACTUAL.search(clause)
    if budget:
        add("three_public", category, "budget", budget, 1, "万元")
    if actual:
        add("three_public", category, "actual", actual, 1, "万元")
    elif not budget and named and (m := SPENT.search(clause)) and not CHANGE.search(clause):
        add("three_public", category, "actual", m, 1, "万元")
    if m := COMPLETION.search(clause):
        add("three_public", category, "completion_rate", m, 1, "%")
    if m := SHARE.search(clause):
        add("three_public", category, "share_pct", m, 1, "%")
    if m := CHANGE.search(clause):
        sign = -1 if m.group(1) in DECREASE else 1
        add("three_public", category, "change_amount", m, 2, "万元", sign)
        add("three_public", category, "change_pct", m, 4, "%", sign)
    if m := VEHICLES_BOUGHT.search(clause):
        add("three_public", "公务用车购置费", "vehicles_purchased", m, 1, m.group(2))
        for kind in VEHICLE_KIND.finditer(clause, m.end()):
            add("vehicle_purchase", kind.group(1), "count", kind, 2, kind.group(3))
    if m := FLEET.search(clause):
        add("three_public", "公务用车购置及运行维护费", "fleet_size", m, 1, "辆")
    if category == "因公出国(境)费":
        if m := DELEGATIONS.search(clause):
            add("three_public", category, "delegations", m, 1, "个")
        if m := PERSON_TIMES.search(clause):
            add("three_public", category, "person_times", m, 1, "人次")
    return out
