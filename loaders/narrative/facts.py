"""Typed facts from a report's own words: part three (情况说明) and the counts of part one (概况).

The narrative carries figures the tables do not: the change against the prior
year (“增加 5355.63 万元，增长 6.54%”), each 科目's 年初预算 against its 决算 and
the reason for the gap, 三公 details, 机关运行经费, 政府采购, state assets and
the evaluated projects. Each becomes a ``NarrativeFact`` (fact_type, subject_key,
measure, value, unit) that keeps its sentence and the line it was printed on.

Sections are told apart by their headings' meaning, never by their number.
Pure Python, no database.
"""
from __future__ import annotations

import re
from decimal import Decimal

from juesuan.loaders.grids import TextLine
from juesuan.loaders.tables.hierarchy import class_codes_by_name
from juesuan.loaders.narrative.sentences import (
    AMOUNT, CHANGE, COMPLETION, DECREASE, PART_ONE, PART_THREE, Number, Paragraph, Sentence,
    amounts, count_value, fact, number_fact, paragraphs, part_lines, sentences,
)
from juesuan.loaders.narrative.three_public import three_public_facts
from juesuan.loaders.normalise import header_key
from juesuan.loaders.numbers import NUMBER, PCT, parse_number
from juesuan.loaders.report import NarrativeFact, Subject


# the topic of a section, by a keyword of its heading (the deepest heading is tried first)
TOPICS = (
    ("三公", "three_public"),
    ("机关运行经费", "office"),
    ("政府采购", "procurement"),
    ("国有资产", "assets"),
    ("绩效", "performance"),
    ("基本支出", "basic"),
    ("政府性基金", "fund"),
    ("国有资本经营", "state_capital"),
    ("一般公共预算", "general_budget"),
    ("收入支出决算总", "totals"),
    ("收入决算", "income"),
    ("支出决算", "expenditure"),
)
FUNDS = {"general_budget": "一般公共预算财政拨款支出", "fund": "政府性基金预算财政拨款支出",
         "state_capital": "国有资本经营预算财政拨款支出"}

# what a prior-year comparison is about, by the words before its verb; the first match wins
COMPARISON_KEYS = (
    (re.compile(r"财政拨款收[、入]?\s*支出?总计"), ("财政拨款收入总计", "财政拨款支出总计")),
    (re.compile(r"收[、入]?\s*支出?总计"), ("收入总计", "支出总计")),
    (re.compile(r"一般公共预算财政拨款支出"), ("一般公共预算财政拨款支出",)),
    (re.compile(r"政府性基金预算财政拨款支出"), ("政府性基金预算财政拨款支出",)),
    (re.compile(r"机关运行经费"), ("机关运行经费支出",)),
    (re.compile(r"收入合计"), ("本年收入合计",)),
    (re.compile(r"支出合计"), ("本年支出合计",)),
)
# a total stated in so many words, with or without a comparison: “2023 年度收、支总计均为 87277.34 万元”
STATED_TOTAL = re.compile(rf"(财政拨款)?(收[、入]?\s*支出?总计|收入总计|支出总计|收入合计|支出合计)\s*(?:各|均)?\s*(?:为|是|共|达)?\s*({NUMBER})\s*万元")
STATED_KEYS = {"收入总计": ("收入总计",), "支出总计": ("支出总计",), "收入合计": ("本年收入合计",),
               "支出合计": ("本年支出合计",)}
# “与上年度持平”, “基本持平”: a comparison that states no change
FLAT = re.compile(r"持平")
# a rate the department states of itself: “预算执行率 100%”, “政府采购执行率 100%”, “三公经费”控制率 158.43%
STATED_RATE = re.compile(rf"([\u4e00-\u9fff]{{2,12}}?[”\"]?[\u4e00-\u9fff]{{0,4}}率)\s*(?:为|达到?)?\s*{PCT}")
REASON = re.compile(r"主要原因(?:是|为|：|:)?\s*([^。]+)")
SHARE_AFTER = re.compile(rf"^\s*万元\s*[，,]\s*占\s*([^，；。%\d]*?)(?:的)?\s*{PCT}")

BUDGET = re.compile(rf"(年初预算|全年预算|调整预算)数?(?:为|是)?\s*({NUMBER})\s*万元")
FINAL = re.compile(rf"决算数?(?:为|是)\s*({NUMBER})\s*万元")
BUDGET_MEASURES = {"年初预算": "initial_budget", "全年预算": "full_year_budget", "调整预算": "full_year_budget"}
SUBJECT_PATH = re.compile(r"^(.+?)[（(]类[）)](.+?)[（(]款[）)](.+?)[（(]项[）)]")
CLASS_SHARE = re.compile(rf"([\u4e00-\u9fff]+?)[（(]类[）)]\s*(?:支出)?\s*({NUMBER})\s*万元\s*[，,]\s*占\s*{PCT}")
NOT_USED = re.compile(r"(?:没有|无)(?:使用)?.{0,6}(政府性基金|国有资本经营)预算.{0,4}财政拨款")

BASIC = re.compile(rf"(基本支出|人员经费|公用经费)\s*({NUMBER})\s*万元")

VEHICLES_TOTAL = re.compile(r"共有车辆\s*(\d+)\s*辆")
VEHICLES_OF_KIND = re.compile(r"([\u4e00-\u9fff]+?)\s*(\d+)\s*辆")
BIG_EQUIPMENT = re.compile(r"(\d+)\s*万元[（(]含[）)]以上(?:的)?设备(?:[（(]不含车辆[）)])?\s*(\d+)\s*台[（(]套[）)]")

EVALUATED_COUNT = re.compile(r"对\s*(\d+)\s*个([^，。；\d]*?)项目进行了?(重点)?")
FUNDS_AVAILABLE = re.compile(rf"实际到位资金\s*({NUMBER})\s*万元")
FUNDS_EXECUTED = re.compile(rf"实际执行资金\s*({NUMBER})\s*万元")
SELF_SCORE = re.compile(r"自评得分\s*(\d+(?:\.\d+)?)\s*分")
SELF_EVALUATED = re.compile(r"自评的\s*\d{4}\s*年度?项目支出共\s*(\d+)\s*个")
SELF_EVALUATED_AMOUNT = re.compile(rf"决算资金共\s*({NUMBER})\s*万元")
SHARE_OF = re.compile(rf"占[^，。；]*?的\s*{PCT}")
PROJECT = re.compile(rf"^\d+\s*[.、．]\s*(.+?)[，,]\s*项目\s*\d{{4}}\s*年预算数\s*({NUMBER})\s*万元[，,。]?\s*(.*)$")
EXECUTED = re.compile(rf"执行数(?:为)?\s*({NUMBER})\s*万元")

INTERNAL_BODIES = re.compile(r"内设机构\s*(\d+|[一二三四五六七八九十]+)\s*个")
COMPOSITION = re.compile(r"包括[：:]\s*([^。]+)")
BUDGET_UNITS = re.compile(r"(?:单位|预算单位)共\s*(\d+|[一二三四五六七八九十]+)\s*个")


def read_narrative(lines: list[TextLine], subjects: dict[str, Subject]) -> list[NarrativeFact]:
    """Every fact of part one's counts and part three's narrative, in printed order."""
    facts = [f for p in paragraphs(part_lines(lines, "一")) for f in _organisation(p)]
    reader = _Reader(subjects)
    for paragraph in paragraphs(part_lines(lines, "三")):
        facts.extend(reader.read(paragraph))
    return facts


def topic_of(headings: tuple[str, ...]) -> str | None:
    for heading in reversed(headings):
        for keyword, topic in TOPICS:
            if keyword in heading:
                return topic
    return None


def _organisation(paragraph: Paragraph) -> list[NarrativeFact]:
    out = []
    for s in sentences(paragraph):
        if m := INTERNAL_BODIES.search(s.text):
            composition = COMPOSITION.search(s.text[m.end():])
            out.append(fact(s, PART_ONE, "organisation", "内设机构", "count", count_value(m.group(1)), "个",
                            raw=m.group(1), at=m.start(1),
                            text_value=composition.group(1).strip() if composition else None))
        if m := BUDGET_UNITS.search(s.text):
            out.append(fact(s, PART_ONE, "organisation", "预算单位", "count", count_value(m.group(1)), "个",
                            raw=m.group(1), at=m.start(1)))
    return out


class _Reader:
    def __init__(self, subjects: dict[str, Subject]):
        self.subjects = subjects
        self.class_codes = class_codes_by_name()

    def read(self, paragraph: Paragraph) -> list[NarrativeFact]:
        topic = topic_of(paragraph.headings)
        if topic == "three_public":
            return three_public_facts(paragraph)
        out = _comparisons(paragraph, topic) + _stated_totals(paragraph)
        if topic in ("income", "expenditure"):
            out += _structure(paragraph, f"{topic}_structure")
        elif topic in FUNDS:
            out += self._execution(paragraph, topic)
        elif topic == "basic":
            out += [number_fact(s, "basic_expenditure", m.group(1), "amount", m, 2, "万元")
                    for s in sentences(paragraph) for m in BASIC.finditer(s.text)]
        elif topic == "office" and not out:  # the amount alone, when no change against the prior year is stated
            out += [number_fact(s, "prior_year_comparison", "机关运行经费支出", "amount", m, 1, "万元")
                    for s in sentences(paragraph) if "机关运行经费" in s.text and (m := AMOUNT.search(s.text))]
        elif topic == "procurement":
            out += _procurement(paragraph)
        elif topic == "assets":
            out += _assets(paragraph)
        elif topic == "performance":
            out += _performance(paragraph)
        return out

    # -- 一般公共预算 / 政府性基金 / 国有资本经营: budget against 决算, by fund and by 科目 --

    def _execution(self, paragraph: Paragraph, topic: str) -> list[NarrativeFact]:
        path = SUBJECT_PATH.match(re.sub(r"^\d+\s*[.、．]\s*", "", paragraph.text)) if paragraph.item_no else None
        if path:
            return self._subject_item(paragraph, path)
        out = []
        for s in sentences(paragraph):
            for m in CLASS_SHARE.finditer(s.text):
                name = m.group(1) if m.group(1).endswith("支出") else m.group(1) + "支出"  # 公共安全（类）支出
                code = self.class_codes.get(header_key(name))
                code = code if code in self.subjects else None  # only 科目 the report's tables print
                out.append(number_fact(s, "general_budget_by_class", name, "amount", m, 2, "万元", subject_code=code))
                out.append(number_fact(s, "general_budget_by_class", name, "share_pct", m, 3, "%", subject_code=code))
            if "（类）" not in s.text and "(类)" not in s.text and (BUDGET.search(s.text) or FINAL.search(s.text)):
                out += _budget_figures(s, "budget_execution", FUNDS[topic], None)
            elif topic != "general_budget" and (m := NOT_USED.search(s.text)) and not AMOUNT.search(s.text):
                out.append(fact(s, PART_THREE, "budget_execution", FUNDS[topic], "final_amount", Decimal(0), "万元",
                                raw=m.group(0), at=m.start(), text_value=s.text.rstrip("。")))
        return out

    def _subject_item(self, paragraph: Paragraph, path: re.Match) -> list[NarrativeFact]:
        names = tuple(n.strip("，,。 ") for n in path.groups())
        key = "/".join(names)
        code = self.resolve(names)
        out = []
        for s in sentences(paragraph):
            out += _budget_figures(s, "subject_execution", key, code)
        return out

    def resolve(self, names: tuple[str, ...]) -> str | None:
        """The 功能分类科目 code of a 类/款/项 path of names, when the report's tables print it."""
        code = None
        for level, name in enumerate(names, start=1):
            found = [s.code for s in self.subjects.values()
                     if s.level == level and (level == 1 or s.parent_code == code) and _same_name(s.name, name)]
            if len(found) != 1:
                return None
            code = found[0]
        return code


def _same_name(printed: str | None, stated: str) -> bool:
    """Equal, or one a truncation of the other (tables cut long names short)."""
    a, b = header_key(printed), header_key(stated)
    return bool(a) and (a == b or (len(a) >= 4 and b.startswith(a)) or (len(b) >= 4 and a.startswith(b)))


def _budget_figures(s: Sentence, fact_type: str, key: str, code: str | None) -> list[NarrativeFact]:
    out = []
    for m in BUDGET.finditer(s.text):
        out.append(number_fact(s, fact_type, key, BUDGET_MEASURES[m.group(1)], m, 2, "万元", subject_code=code))
    for m in FINAL.finditer(s.text):
        out.append(number_fact(s, fact_type, key, "final_amount", m, 1, "万元", subject_code=code))
    for m in COMPLETION.finditer(s.text):
        out.append(number_fact(s, fact_type, key, "completion_rate", m, 1, "%", subject_code=code))
    m = REASON.search(s.text)
    if m and (out or "预算" in s.text[:m.start()]):
        out.append(fact(s, PART_THREE, fact_type, key, "reason", None, None, at=m.start(1),
                        text_value=m.group(1).strip(), subject_code=code))
    return out


# -- prior-year comparisons: “与上年度相比，收、支总计各增加 5355.63 万元，增长 6.54%” --


def _comparison_keys(text: str) -> tuple[str, ...]:
    clause = re.split(r"[，,]", text)[-1]
    for candidate in (clause, text):
        for pattern, keys in COMPARISON_KEYS:
            if pattern.search(candidate):
                return keys
    return ()


def _comparisons(paragraph: Paragraph, topic: str | None) -> list[NarrativeFact]:
    out = []
    all_sentences = sentences(paragraph)
    for index, s in enumerate(all_sentences):
        for m in CHANGE.finditer(s.text):
            keys = _comparison_keys(s.text[:m.start()]) or (("机关运行经费支出",) if topic == "office" else ())
            if not keys:
                continue
            sign = -1 if m.group(1) in DECREASE else 1
            current = _amount_before(paragraph, s.offset + m.start())
            reason = next(((t, r) for t in all_sentences[index:] if (r := REASON.search(t.text))), None)
            for key in keys:
                if current:
                    cs, number = current
                    out.append(fact(cs, PART_THREE, "prior_year_comparison", key, "amount", number.value, "万元",
                                    raw=number.raw, at=number.start))
                    if share := SHARE_AFTER.match(cs.text[number.end:]):
                        out.append(fact(cs, PART_THREE, "prior_year_comparison", key, "share_pct",
                                        Decimal(share.group(2)), "%", raw=share.group(2),
                                        at=number.end + share.start(2), text_value=share.group(1) or None))
                out.append(number_fact(s, "prior_year_comparison", key, "change_amount", m, 2, "万元", sign))
                out.append(number_fact(s, "prior_year_comparison", key, "change_pct", m, 4, "%", sign))
                if reason:
                    t, r = reason
                    out.append(fact(t, PART_THREE, "prior_year_comparison", key, "reason", None, None,
                                    at=r.start(1), text_value=r.group(1).strip()))
        if not CHANGE.search(s.text) and (flat := FLAT.search(s.text)):
            keys = _comparison_keys(s.text[:flat.start()])
            current = _amount_before(paragraph, s.offset + flat.start())
            for key in keys:
                if current:
                    cs, number = current
                    out.append(fact(cs, PART_THREE, "prior_year_comparison", key, "amount", number.value, "万元",
                                    raw=number.raw, at=number.start))
                for measure, unit in (("change_amount", "万元"), ("change_pct", "%")):
                    out.append(fact(s, PART_THREE, "prior_year_comparison", key, measure, Decimal(0), unit,
                                    raw=flat.group(0), at=flat.start(), text_value="持平"))
    return out


def _stated_totals(paragraph: Paragraph) -> list[NarrativeFact]:
    """Every total the text states (收入总计, 支出合计, 财政拨款收入总计 …), whatever the sentence says of the prior year."""
    out = []
    for s in sentences(paragraph):
        for m in STATED_TOTAL.finditer(s.text):
            label = re.sub(r"\s", "", m.group(2))
            keys = (("收入总计", "支出总计") if label.startswith(("收、", "收支")) else
                    STATED_KEYS.get(label, ()))
            if m.group(1):
                keys = tuple("财政拨款" + k.replace("本年", "") for k in keys)
            for key in keys:
                out.append(number_fact(s, "stated_total", key, "amount", m, 3, "万元"))
    return out


def _amount_before(paragraph: Paragraph, position: int) -> tuple[Sentence, Number] | None:
    """The last amount printed before ``position`` of the paragraph: the figure a change is measured from."""
    for s in reversed(sentences(paragraph)):
        if s.offset >= position:
            continue
        found = [n for n in amounts(s.text) if s.offset + n.end <= position]
        if found:
            return s, found[-1]
    return None


# -- 收入 / 支出 structure: “其中：财政拨款收入 84936.39 万元，占 97.32%” --

_NAME_BEFORE = re.compile(r"([^，,；;：:、。]*)$")
_YEAR = re.compile(r"^\d{4}\s*年度?")


def _name_before(text: str, position: int) -> str:
    name = _NAME_BEFORE.search(text[:position]).group(1).strip()
    name = _YEAR.sub("", name).strip()
    name = re.sub(r"(?:均为|为|共)$", "", name).strip()
    half = len(name) // 2
    if len(name) % 2 == 0 and name[:half] == name[half:]:
        name = name[:half]  # “基本支出基本支出”: a conversion doubled the label
    return name


def _structure(paragraph: Paragraph, fact_type: str) -> list[NarrativeFact]:
    out = []
    for s in sentences(paragraph):
        for number in amounts(s.text):
            name = _name_before(s.text, number.start)
            if not name:
                continue
            out.append(fact(s, PART_THREE, fact_type, name, "amount", number.value, "万元", raw=number.raw,
                            at=number.start))
            if share := SHARE_AFTER.match(s.text[number.end:]):
                out.append(fact(s, PART_THREE, fact_type, name, "share_pct", Decimal(share.group(2)), "%",
                                raw=share.group(2), at=number.end + share.start(2),
                                text_value=share.group(1) or None))
    return out


# -- 政府采购, 国有资产, 预算绩效 --


def _procurement(paragraph: Paragraph) -> list[NarrativeFact]:
    out = []
    for s in sentences(paragraph):
        for number in amounts(s.text):
            name = _name_before(s.text, number.start)
            key = _procurement_key(name)
            if key is None:
                continue
            out.append(fact(s, PART_THREE, "procurement", key, "amount", number.value, "万元", raw=number.raw,
                            at=number.start))
            if share := SHARE_AFTER.match(s.text[number.end:]):
                out.append(fact(s, PART_THREE, "procurement", key, "share_pct", Decimal(share.group(2)), "%",
                                raw=share.group(2), at=number.end + share.start(2),
                                text_value=share.group(1) or None))
    return out


def _procurement_key(name: str) -> str | None:
    if "中小企业" in name or "小微企业" in name:
        if "授予" not in name:
            return None  # amounts reserved for small businesses, not contracts awarded
        return "授予小微企业合同" if "小微企业" in name else "授予中小企业合同"
    for kind in ("货物", "工程", "服务"):
        if kind in name:
            return kind
    if "总额" in name or ("政府采购" in name and ("支出" in name or "金额" in name)):
        return "合计"
    return None


def _assets(paragraph: Paragraph) -> list[NarrativeFact]:
    out = []
    for s in sentences(paragraph):
        rest = 0
        if m := VEHICLES_TOTAL.search(s.text):
            out.append(number_fact(s, "state_assets", "车辆", "count", m, 1, "辆"))
            rest = m.end()
        equipment = BIG_EQUIPMENT.search(s.text)
        kinds_end = equipment.start() if equipment else len(s.text)
        if rest:
            for kind in VEHICLES_OF_KIND.finditer(s.text, rest, kinds_end):
                name = re.sub(r"^其中", "", kind.group(1))
                out.append(number_fact(s, "vehicles_by_kind", name, "count", kind, 2, "辆"))
        if equipment:
            out.append(number_fact(s, "state_assets", f"单位价值{equipment.group(1)}万元以上设备", "count", equipment, 2,
                               "台(套)"))
    return out


def _performance(paragraph: Paragraph) -> list[NarrativeFact]:
    out = []
    if paragraph.item_no and (m := PROJECT.match(paragraph.text)):
        s = sentences(paragraph)[0]
        name = m.group(1).strip()
        out.append(number_fact(s, "evaluated_project", name, "budget", m, 2, "万元"))
        rest = m.group(3).strip()
        if executed := EXECUTED.search(rest):
            out.append(fact(s, PART_THREE, "evaluated_project", name, "executed", parse_number(executed.group(1)),
                            "万元", raw=executed.group(1), at=m.start(3) + executed.start(1)))
        elif rest:
            out.append(fact(s, PART_THREE, "evaluated_project", name, "note", None, None, at=m.start(3),
                            text_value=rest.rstrip("。")))
        return out
    for s in sentences(paragraph):
        for m in EVALUATED_COUNT.finditer(s.text):
            key = f"{m.group(2).strip()}项目" + ("重点评价" if m.group(3) else "")
            out.append(number_fact(s, "performance", key, "count", m, 1, "个"))
        for pattern, measure in ((FUNDS_AVAILABLE, "funds_available"), (FUNDS_EXECUTED, "funds_executed")):
            if m := pattern.search(s.text):
                out.append(number_fact(s, "performance", "部门整体", measure, m, 1, "万元"))
        if "部门" in "".join(paragraph.headings[-1:]) or "部门整体" in s.text or SELF_SCORE.search(s.text):
            for m in STATED_RATE.finditer(s.text):
                name = re.sub(r"[“”\"\s]", "", m.group(1))
                out.append(number_fact(s, "performance", name, "rate_pct", m, 2, "%"))
        if m := SELF_SCORE.search(s.text):
            out.append(number_fact(s, "performance", "部门整体", "score", m, 1, "分"))
        if m := SELF_EVALUATED.search(s.text):
            out.append(number_fact(s, "performance", "项目自评", "count", m, 1, "个"))
            if amount := SELF_EVALUATED_AMOUNT.search(s.text, m.end()):
                out.append(number_fact(s, "performance", "项目自评", "amount", amount, 1, "万元"))
                if share := SHARE_OF.search(s.text, amount.end()):
                    out.append(number_fact(s, "performance", "项目自评", "share_pct", share, 1, "%"))
    return out
