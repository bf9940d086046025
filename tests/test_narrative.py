"""Narrative facts (情况说明, and the counts of 概况) read from the sample, and from text wrapped like a PDF's."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from juesuan.loaders.grids import TextLine, Where
from juesuan.loaders.narrative.facts import read_narrative
from juesuan.loaders.narrative.sentences import paragraphs
from juesuan.loaders.parse import parse_file

CENT = Decimal("0.01")
SAMPLE = Path(__file__).resolve().parent.parent / "examples" / "anyang-police-2023-final-accounts.txt"


@pytest.fixture(scope="module")
def report():
    return parse_file(SAMPLE)


@pytest.fixture(scope="module")
def sample_lines():
    return SAMPLE.read_text(encoding="utf-8").splitlines()


def facts_of(report, fact_type, key=None):
    return [f for f in report.narrative_facts if f.fact_type == fact_type and (key is None or f.subject_key == key)]


def values(report, fact_type, key):
    """measure → value (or text) of one subject; a measure stated twice must be stated alike."""
    out = {}
    for f in facts_of(report, fact_type, key):
        value = f.value if f.value is not None else f.text_value
        assert out.setdefault(f.measure, value) == value, (key, f.measure)
    return out


def test_prior_year_total_implied_by_the_stated_change(report):
    # “2023 年度收、支总计均为 87277.34 万元。与上年度相比，收、支总计各增加 5355.63 万元，增长 6.54%。”
    spending = values(report, "prior_year_comparison", "支出总计")
    assert spending == {"amount": Decimal("87277.34"), "change_amount": Decimal("5355.63"),
                        "change_pct": Decimal("6.54"), "reason": "财政拨款收入增加，正常增人增资等"}
    assert values(report, "prior_year_comparison", "收入总计") == spending
    prior = spending["amount"] - spending["change_amount"]
    assert prior == Decimal("81921.71")
    # the stated percentage is the change over that prior-year total, rounded as printed
    assert (spending["change_amount"] / prior * 100).quantize(CENT) == spending["change_pct"]

    appropriations = values(report, "prior_year_comparison", "财政拨款支出总计")
    assert (appropriations["amount"], appropriations["change_amount"], appropriations["change_pct"]) == (
        Decimal("84936.39"), Decimal("4798.57"), Decimal("5.99"))
    general = values(report, "prior_year_comparison", "一般公共预算财政拨款支出")
    assert (general["amount"], general["change_amount"], general["change_pct"], general["share_pct"]) == (
        Decimal("81315.03"), Decimal("4401.66"), Decimal("5.72"), Decimal("93.17"))


def test_a_decrease_is_signed(report):
    # “机关运行经费支出 10480.64 万元，较 2022 年度减少 2771.93 万元，下降 26.45%”
    office = values(report, "prior_year_comparison", "机关运行经费支出")
    assert (office["amount"], office["change_amount"], office["change_pct"]) == (
        Decimal("10480.64"), Decimal("-2771.93"), Decimal("-26.45"))
    # a real inconsistency of the report, kept as printed: 2771.93 is 20.92 % of the prior year's 13252.57;
    # the printed 26.45 % divides by the current year's amount instead
    prior = office["amount"] - office["change_amount"]
    assert (-office["change_amount"] / prior * 100).quantize(CENT) == Decimal("20.92")
    assert (-office["change_amount"] / office["amount"] * 100).quantize(CENT) == Decimal("26.45")


def test_every_subject_with_initial_budget_final_amount_and_reason(report):
    items = facts_of(report, "subject_execution")
    assert sorted({f.item_no for f in items}) == list(range(1, 12))
    administration = values(report, "subject_execution", "公共安全支出/公安/行政运行")
    assert administration == {"initial_budget": Decimal("59749.74"), "final_amount": Decimal("67479.00"),
                              "completion_rate": Decimal("112.94"), "reason": "增人增资等"}
    assert (administration["final_amount"] / administration["initial_budget"] * 100).quantize(CENT) == \
        administration["completion_rate"]
    codes = {f.subject_key: f.subject_code for f in items}
    assert codes["公共安全支出/公安/行政运行"] == "2040201"
    assert codes["社会保障和就业支出/行政事业单位养老支出/机关事业单位基本养老保险缴费支出"] == "2080505"
    # 其他群众团体事务 spent nothing, so no table prints it: no code is invented
    assert codes["一般公共服务支出/群众团体事务/其他群众团体事务"] is None
    assert sum(code is not None for code in codes.values()) == 10
    # a budget of 0.00 prints no completion rate
    other_police = values(report, "subject_execution", "公共安全支出/公安/其他公安支出")
    assert other_police == {"initial_budget": Decimal("0.00"), "final_amount": Decimal("4491.82"),
                            "reason": "上级资金未纳入年初预算等"}
    # the table's 决算 of every resolved 科目 (table 05, 本年支出合计) is the one the narrative states
    table_05 = {a.subject_code: a.amount for a in report.amounts_of("05") if a.measure == "本年支出合计"}
    for f in items:
        if f.measure == "final_amount" and f.subject_code:
            assert table_05[f.subject_code] == f.value, f.subject_key


def test_fund_budgets_against_their_final_amounts(report):
    assert values(report, "budget_execution", "一般公共预算财政拨款支出") == {
        "initial_budget": Decimal("69930.42"), "final_amount": Decimal("81315.03"),
        "completion_rate": Decimal("116.28")}
    fund = values(report, "budget_execution", "政府性基金预算财政拨款支出")
    assert (fund["initial_budget"], fund["final_amount"], fund["completion_rate"]) == (
        Decimal("8254.56"), Decimal("3621.36"), Decimal("43.87"))
    assert fund["reason"].startswith("财政政府性基金预算拨款减少")
    # “我部门 2023 年没有使用国有资本经营预算财政拨款安排的支出”
    assert values(report, "budget_execution", "国有资本经营预算财政拨款支出")["final_amount"] == 0


def test_each_three_public_category(report):
    expected = {  # 预算数, 决算数 as the narrative states them
        "合计": (Decimal("1523.07"), Decimal("1523.07")),
        "因公出国(境)费": (Decimal("0.00"), Decimal("0.00")),
        "公务用车购置及运行维护费": (Decimal("1519.30"), Decimal("1519.30")),
        "公务接待费": (Decimal("3.78"), Decimal("3.78")),
    }
    for category, (budget, actual) in expected.items():
        stated = values(report, "three_public", category)
        assert (stated["budget"], stated["actual"]) == (budget, actual), category
    assert values(report, "three_public", "公务用车购置费")["actual"] == Decimal("614.47")
    assert values(report, "three_public", "公务用车运行维护费")["actual"] == Decimal("904.82")
    assert values(report, "three_public", "公务用车购置及运行维护费")["share_pct"] == Decimal("99.75")
    # the parts make the whole, as table 09 prints them
    table_09 = {(a.line_label, a.measure): a.amount for a in report.amounts_of("09")}
    assert table_09[("公务用车购置费", "决算数")] + table_09[("公务用车运行维护费", "决算数")] == Decimal("1519.29")
    assert table_09[("公务用车购置及运行维护费", "决算数")] == values(report, "three_public", "公务用车购置及运行维护费")["actual"]


def test_vehicles_delegations_and_visitors(report):
    cars = values(report, "three_public", "公务用车购置费")
    assert cars["vehicles_purchased"] == 46
    assert values(report, "vehicle_purchase", "执法勤务车") == {"count": 46}
    assert values(report, "three_public", "公务用车购置及运行维护费")["fleet_size"] == 807
    abroad = values(report, "three_public", "因公出国(境)费")
    assert (abroad["delegations"], abroad["person_times"]) == (0, 0)
    assert values(report, "three_public_reception", "外宾接待") == {"amount": 0, "delegations": 0, "visitors": 0}
    assert values(report, "three_public_reception", "国内公务接待") == {"amount": 0, "delegations": 0, "visitors": 0}


def test_procurement(report):
    bought = {f.subject_key: f.value for f in facts_of(report, "procurement") if f.measure == "amount"}
    assert bought == {"合计": Decimal("10404.80"), "货物": Decimal("1042.53"), "工程": Decimal("0.00"),
                      "服务": Decimal("9362.26"), "授予中小企业合同": Decimal("0.00"), "授予小微企业合同": Decimal("0.00")}
    # goods, works and services make the total up to the printed rounding
    assert abs(bought["货物"] + bought["工程"] + bought["服务"] - bought["合计"]) <= CENT
    share = [f for f in facts_of(report, "procurement", "授予中小企业合同") if f.measure == "share_pct"]
    assert [(f.value, f.text_value) for f in share] == [(Decimal("0.00"), "政府采购支出总额")]


def test_state_assets(report):
    assert values(report, "state_assets", "车辆") == {"count": 862}
    kinds = {f.subject_key: f.value for f in facts_of(report, "vehicles_by_kind")}
    assert kinds["执法执勤用车"] == 534 and kinds["其他用车"] == 197 and kinds["机要通信用车"] == 4
    assert len(kinds) == 8 and sum(kinds.values()) == 862
    assert values(report, "state_assets", "单位价值100万元以上设备") == {"count": 51}


def test_evaluated_projects(report):
    projects = facts_of(report, "evaluated_project")
    assert sorted({f.item_no for f in projects}) == list(range(1, 35))
    assert values(report, "performance", "项目自评")["count"] == 34  # the count the report states
    budgets = {f.subject_key: f.value for f in projects if f.measure == "budget"}
    assert len(budgets) == 34
    # “项目 2023 年预算数 90 0 万元”: a number wrapped by the conversion; its scorecard prints 900
    assert budgets["2023 年车管证照成本项目"] == Decimal("900")
    assert values(report, "evaluated_project", "2023 年车管证照成本项目")["executed"] == Decimal("80")
    assert values(report, "evaluated_project", "涉密项目") == {"budget": Decimal("292.25"),
                                                           "note": "财政未拨付资金，未形成支付"}
    department = values(report, "performance", "部门整体")
    assert (department["funds_executed"], department["score"]) == (Decimal("87277.33"), Decimal("98.13"))


def test_units_and_internal_bodies_of_part_one(report):
    assert values(report, "organisation", "内设机构") == {"count": 11}
    assert facts_of(report, "organisation", "内设机构")[0].text_value == "四部七支队"
    assert values(report, "organisation", "预算单位") == {"count": 14}
    assert len(report.budget_units) == 14
    assert {f.part for f in facts_of(report, "organisation")} == {"概况"}


def test_every_fact_keeps_its_sentence_and_line(report, sample_lines):
    assert len(report.narrative_facts) > 200
    for f in report.narrative_facts:
        assert f.sentence and f.where.line, f
        assert f.value is not None or f.text_value, f
        assert f.value is None or isinstance(f.value, Decimal)
        if f.raw_text:  # the number as printed stands on the line the fact points to
            assert f.raw_text in sample_lines[f.where.line - 1], f
    # a sentence broken over two lines keeps the line each figure was printed on
    pension = [f for f in facts_of(report, "subject_execution") if f.item_no == 9]
    lines = {f.measure: f.where.line for f in pension}
    assert sample_lines[lines["initial_budget"] - 1].startswith("为 3303.10 万元")
    assert "年初预算" in sample_lines[lines["initial_budget"] - 3]


def wrapped(*texts: str) -> list[TextLine]:
    return [TextLine(text, Where(page=1, line=n)) for n, text in enumerate(texts, start=1)]


def test_text_wrapped_like_a_pdf():
    """Lines broken mid-sentence, a number alone at a line start, items whose figures follow on later lines."""
    lines = wrapped(
        "第三部分 某部门 2024 年度部门决算情况",
        "说明",
        "一、收入支出决算总体情况说明",
        "某部门2024年度收入支出总计307.82",
        "万元。与 2023 年度相比，收入支出总计增加 307.82 万元，增长",
        "100.00%。主要原因：单位于 2024 年成立。",
        "三、支出决算情况说明",
        "本年支出合计 307.82 万元，其中：基本支出 105.58 万元，占",
        "34.30%；项目支出 202.24 万元，占 65.70%。",
        "五、一般公共预算财政拨款支出决算情况说明",
        "（三）一般公共预算财政拨款支出决算具体情况",
        "1、卫生健康支出（类）行政事业单位医疗（款）行政单位医疗（项）。",
        "主要用于：行政单位医疗保险支出。全年预算为 2.23 万元，支出",
        "决算为 2.22 万元，完成全年预算数的 99.55%。决算数小于全年预算数的主要原因：人员变动。",
        "七、财政拨款“三公”经费支出决算情况说明",
        "某部门 2024 年度无“三公”经费财政",
        "拨款支出。",
        "第四部分 名词解释",
    )
    assert [p.item_no for p in paragraphs(lines[10:14])] == [1]
    facts = read_narrative(lines, {})
    got = {(f.fact_type, f.subject_key, f.measure): f.value if f.value is not None else f.text_value for f in facts}
    assert got[("prior_year_comparison", "支出总计", "amount")] == Decimal("307.82")
    assert got[("prior_year_comparison", "支出总计", "change_pct")] == Decimal("100.00")
    assert got[("prior_year_comparison", "支出总计", "reason")] == "单位于 2024 年成立"
    assert got[("expenditure_structure", "基本支出", "share_pct")] == Decimal("34.30")
    item = "卫生健康支出/行政事业单位医疗/行政单位医疗"
    assert got[("subject_execution", item, "full_year_budget")] == Decimal("2.23")
    assert got[("subject_execution", item, "final_amount")] == Decimal("2.22")
    assert got[("subject_execution", item, "reason")] == "人员变动"
    assert ("subject_execution", item, "initial_budget") not in got  # 全年预算 is not 年初预算
    assert got[("three_public", "合计", "actual")] == 0
    assert {f.where.page for f in facts} == {1}
    final = next(f for f in facts if f.measure == "final_amount")
    assert final.where.line == 14  # printed on the line after the one its sentence starts on


def test_a_report_without_a_narrative_has_no_facts():
    lines = wrapped("第一部分 概况", "一、部门职责", "负责全市公安工作。")
    assert read_narrative(lines, {}) == []


# -- 部门职责 and 名词解释, kept as text --------------------------------------------------------

def test_duties_and_glossary_are_kept_as_text(report):
    duties = [t for t in report.narrative_texts if t.kind == "部门职责"]
    glossary = [t for t in report.narrative_texts if t.kind == "名词解释"]
    # lines 52-88: an introduction and the duties （一）…（十六）; （六） is printed over two lines (64, 66)
    assert [t.label for t in duties] == [None] + [f"（{n}）" for n in (
        "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五", "十六")]
    six = duties[6]
    assert six.where.line == 64 and six.text == (
        "负责全市消防工作并承担相应责任。指导、监督、协调全市消防监督、火灾预防、火灾扑救和公安应急抢险救援工作。")
    assert duties[-1].text == "承办市委、市政府交办的其他事项。"
    # lines 2006-2041: 十八 terms; the last one's explanation runs over two lines
    assert [t.term for t in glossary][:3] == ["财政拨款收入", "事业收入", "上级补助收入"] and len(glossary) == 18
    assert (glossary[0].label, glossary[0].text, glossary[0].where.line) == (
        "一、", "单位从同级政府财政部门取得的财政预算资金。", 2006)
    assert glossary[-1].term == "机关运行经费" and glossary[-1].text.endswith("公务用车运行维护费以及其他费用。")
