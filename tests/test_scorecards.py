"""The performance self-evaluations (绩效自评情况表) of the Anyang sample, against what the report prints.

PROJECTS was written by reading the sample report by eye: for each of its 34
项目支出绩效自评情况表, the line of its title, the project name, the 年度资金总额 row
(年初预算数, 全年预算数, 全年执行数, 执行率 as printed, 得分), the 总分 as printed and
the number of indicator lines (rows that print a 分值 and a 得分). A blank means
the form prints nothing there.
"""
from __future__ import annotations

import functools
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from juesuan.loaders.adapters import text as text_adapter
from juesuan.loaders.grids import Document, Grid, Row, TextLine, Where
from juesuan.loaders.scorecards.forms import read_scorecards
from juesuan.loaders.scorecards.targets import parse_target

# title line | project name | 年初预算数 | 全年预算数 | 全年执行数 | 执行率 | 得分 | 总分 | indicator lines
PROJECTS = """
491  | 2021年临时居民身份证制证经费 | 0 | 10.82 | 10.82 | 100.0 | 10.00 | 98 | 6
521  | 2022年市区新开办企业免费刻章（欠款） | 175 | 175 | 74.75 | 42.71 | 4.27 | 93.44 | 13
559  | 2023年机动车驾驶人考试考场购买服务（政府购买服务） | 1500 | 1500 | 798.26 | 53.22 | 5.32 | 92.65 | 14
598  | 2023 年省级平安河南建设专项资金 | 0 | 50 | 0 | 0.0 | 0.00 | 90 | 4
626  | 2023年市区新开办企业免费刻章 | 430 | 430 | 0 | 0.0 | 0.00 | 90 | 14
665  | 2023 年司法救助资金（第二批） | 0 | 6 | 0 | 0.0 | 0.00 | 90 | 6
695  | 安阳市公安局机动车和驾驶人业务用房 | 200 | 200 | 200 | 100.0 | 10.00 | 95 | 17
737  | 安阳市公安局业务技术用房 | 0 | 200 | 200 | 100.0 | 10.00 | 97.5 | 5
766  | 安阳市治安管理信息系统运行维护费用（旅馆业、娱乐场所） | 100 | 100 | 0 | 0.0 | 0.00 | 90 | 15
809  | 安阳市治安管理信息系统运行维护费用（印章业） | 50 | 50 | 0 | 0.0 | 0.00 | 90 | 15
853  | 辅警招录经费 | 24.5 | 24.5 | 24.5 | 100.0 | 10.00 | 96.73 | 13
891  | 公安信息网络移动终端专项租赁及运维(警务通) | 580 | 580 | 444.6 | 76.66 | 7.67 | 93 | 15
931  | 见义勇为奖励 | 50 | 50 | 0 | 0.0 | 0.00 | 88 | 17
975  | 涉毒人员智能人像识别网络服务 | 60 | 60 | 59.9 | 99.83 | 9.98 | 96.11 | 13
1013 | 市公安局红旗渠机场公安分局开办费 | 0 | 260 | 79.86 | 30.72 | 3.07 | 93.07 | 4
1041 | 市公安局视频监控运行维护服务 | 350 | 350 | 200 | 57.14 | 5.71 | 95.62 | 13
1079 | 市公安局殷墟遗址保护区“天眼”技防项目 | 0 | 300 | 300 | 100.0 | 10.00 | 100 | 4
1108 |  |  |  |  |  |  |  | 0
1160 | 殷墟遗址保护区“天眼”技防系统 | 655 | 655 | 355 | 54.2 | 5.42 | 95.42 | 13
1199 | “智慧视频云”视频监控系统服务 | 1000 | 1000 | 0 | 0.0 | 0.00 | 87.33 | 13
1237 | 安阳高速智能卡口系统服务及视频调度系统服务 | 100 | 100 | 0 | 0.0 | 0.00 | 90 | 16
1281 | 还购置空调欠款 | 48 | 48 | 48 | 100.0 | 10.00 | 97 | 12
1319 | 西北绕城高速公路卡口及视频调度系统 | 100 | 100 | 0 | 0.0 | 0.00 | 72 | 19
1366 | 新增人员服装购置 | 58 | 58 | 58 | 100.0 | 10.00 | 98.8 | 15
1407 | 看守所围墙倒塌抢修 | 49.55 | 49.55 | 49.55 | 100 | 10 |  | 0
1444 | 安阳市看守所医疗社会化购买服务 | 128 | 128 | 64 | 50 | 5 |  | 0
1483 | 2023年车管证照成本 | 900 | 900 | 800 | 88.89 | 8.89 | 94.73 | 17
1525 | 12123 语音服务平台 | 34.97 | 34.97 | 0 | 0.0 | 0.00 | 80.16 | 13
1563 | 公安交通集成指挥平台运维服务（2021 年） | 18.17 | 18.17 | 0 | 0.0 | 0.00 | 90 | 13
1601 | “视频共享平台”服务 | 59 | 59 | 36.73 | 62.25 | 6.23 | 96.23 | 13
1640 | 新增路口电子警察设备和交通设施 | 1000 | 1000 | 0 | 0.0 | 0.00 | 90 | 13
1679 | 窞井盖治理提升 | 43.87 | 43.87 | 0 | 0.0 | 0.00 | 88 | 13
1718 | 原电子警察光纤服务项目 | 24 | 24 | 0 | 0.0 | 0.00 | 88 | 13
1757 | 政府购买电子警察服务 | 650 | 650 | 0 | 0.0 | 0.00 | 88 | 13
"""


def _expected_projects() -> list[tuple]:
    rows = []
    for line in PROJECTS.strip().splitlines():
        cells = [c.strip() for c in line.split("|")]
        numbers = [Decimal(c) if c else None for c in cells[2:8]]
        rows.append((int(cells[0]), cells[1] or None, *numbers, int(cells[8])))
    return rows


@functools.lru_cache(maxsize=None)
def _sample_cards(path: str):
    warnings: list = []
    cards = read_scorecards(text_adapter.read(Path(path)), warnings)
    return tuple(cards), tuple(warnings)


@pytest.fixture
def cards(sample_path):
    return _sample_cards(str(sample_path))[0]


@pytest.fixture
def projects(cards):
    return {c.project_name: c for c in cards if c.kind == "project"}


def _indicator(projects, project: str, level3: str):
    [found] = [i for i in projects[project].indicators if i.level3 == level3]
    return found


# -- the forms ------------------------------------------------------------------------------

def test_sample_has_one_department_form_and_34_project_forms_and_nothing_unread(sample_path, cards):
    assert [c.kind for c in cards] == ["department"] + ["project"] * 34
    assert [c.scorecard_seq for c in cards] == list(range(1, 36))
    assert _sample_cards(str(sample_path))[1] == ()  # every value of the sample could be read


def _total(card):
    return next((f for f in card.funding if f.funding_source == "年度资金总额"), None)


def test_every_project_with_its_funding_row_total_score_and_indicator_count(cards):
    read = []
    for card in cards[1:]:
        total = _total(card)
        read.append((card.where.line, card.project_name,
                     *((total.initial_budget, total.full_year_budget, total.executed, total.execution_rate,
                        total.score) if total else (None,) * 5),
                     card.total_score, len(card.indicators)))
    assert read == _expected_projects()


def test_project_header_fields(projects):
    card = projects["安阳高速智能卡口系统服务及视频调度系统服务"]
    assert (card.competent_department, card.implementing_unit) == ("安阳市公安局", "安阳市高速公路公安交通警察支队")
    assert (card.evaluation_text, card.evaluated_on) == ("2024年04月", date(2024, 4, 1))
    assert projects["新增人员服装购置"].implementing_unit == "安阳市公安局留置看护支队"
    assert projects["2023 年司法救助资金（第二批）"].evaluation_text == "2024 年 04 月"
    # the title and month printed again inside the grid are not taken for a second form
    assert projects["西北绕城高速公路卡口及视频调度系统"].where.line == 1319


def test_funding_rows_by_source(projects):
    card = projects["2023年机动车驾驶人考试考场购买服务（政府购买服务）"]
    assert [(f.funding_source, f.line_label, f.initial_budget, f.full_year_budget, f.executed, f.weight,
             f.execution_rate, f.score) for f in card.funding] == [
        ("年度资金总额", "年度资金总额", Decimal("1500"), Decimal("1500"), Decimal("798.26"), Decimal("10"),
         Decimal("53.22"), Decimal("5.32")),
        ("财政拨款", "财政拨款", Decimal("1500"), Decimal("1500"), Decimal("798.26"), None, Decimal("53.22"), None),
        ("财政专户管理资金", "财政专户管理资金", Decimal("0"), Decimal("0"), Decimal("0"), None, Decimal("0.00"), None),
        ("单位资金", "单位资金", Decimal("0"), Decimal("0"), Decimal("0"), None, Decimal("0.00"), None)]
    assert card.funding[0].where.line == 566
    # “年度资金 总额:” and “100. 0 %” spread over the cell by the conversion
    total = _total(projects["新增人员服装购置"])
    assert (total.line_label, total.execution_rate) == ("年度资金总额", Decimal("100.0"))
    # 政府预算资金 is the newer template's name for 财政拨款
    assert [(f.funding_source, f.line_label) for f in projects["看守所围墙倒塌抢修"].funding] == [
        ("年度资金总额", "年度资金总额"), ("财政拨款", "其中：政府预算资金")]


def test_management_items_with_scores_and_problems(projects):
    items = projects["2021年临时居民身份证制证经费"].management
    assert [(m.item_name, m.weight, m.score) for m in items] == [
        ("安排科学性", 5, 5), ("拨付合规性", 5, 5), ("使用规范性", 5, 5), ("预算绩效管理情况", 5, 3)]
    assert items[3].problems == "但是部分绩效指标设置数量偏少，未严格按照文件规定设置。"
    assert items[0].description == "经过科学论证，有明确标准，资金额度与年度目标相适应"
    shifted = projects["西北绕城高速公路卡口及视频调度系统"].management
    assert [(m.item_name, m.score, m.problems) for m in shifted] == [
        ("安排科学性", 5, None), ("拨付合规性", 0, "尚未开始"), ("使用规范性", 0, "尚未开始"),
        ("预算绩效管理情况", 5, None)]
    assert all(m.description == "项目资金未拨付, 该项目无支出。" for m in shifted)


def test_goals_expected_against_actual(projects):
    [goal] = projects["2023 年省级平安河南建设专项资金"].goals
    assert (goal.goal_kind, goal.expected, goal.actual) == (
        "年度总体目标", "2023 年省级平安河南建设专项资金", "基本能够按照绩效目标值完成。")
    # the expected goal continues on a line of its own after a rule and a page break; HTML removed
    [goal] = projects["安阳市治安管理信息系统运行维护费用（旅馆业、娱乐场所）"].goals
    assert goal.expected.startswith("目标一： 1、维护旅馆业、娱乐场所社会管理综合信息平台。")
    assert goal.expected.endswith("2023年12月1日-2023年12月31日：合同支付")
    assert "<p>" not in goal.expected and goal.actual == "基本能够按照绩效目标值完成。"
    [goal] = projects["西北绕城高速公路卡口及视频调度系统"].goals
    assert goal.actual == "项目资金未拨付, 该项目无支出。"
    assert "确定供应 商 8月-合同备案" in goal.expected


# -- the indicator tree ------------------------------------------------------------------------

CARRIED = [
    # merged cells printed once and carried down
    ("2021年临时居民身份证制证经费", "经费补助测算时间", "产出指标", "时效指标"),
    ("见义勇为奖励", "慰问见义勇为人员", "产出指标", "数量指标"),
    # a label cut over two rows: “成本 | 经济” above “指标 | 成本指标”, “满意 | 服务” above “度指标 | 对象满意度指标”
    ("2023年机动车驾驶人考试考场购买服务（政府购买服务）", "市区考场按考试人次收费额付费", "成本指标", "经济成本指标"),
    ("2023年机动车驾驶人考试考场购买服务（政府购买服务）", "支付以前年度服务费", "成本指标", "经济成本指标"),
    ("2023年机动车驾驶人考试考场购买服务（政府购买服务）", "各县考场按考试人次收费额付费", "成本指标", "经济成本指标"),
    ("2023年机动车驾驶人考试考场购买服务（政府购买服务）", "市区及各县考场收益", "效益指标", "经济效益指标"),
    ("2023年机动车驾驶人考试考场购买服务（政府购买服务）", "年均收费总额", "效益指标", "经济效益指标"),
    ("辅警招录经费", "辅警积极性", "满意度指标", "服务对象满意度指标"),
    ("辅警招录经费", "辅警社会认可度", "满意度指标", "服务对象满意度指标"),
    ("见义勇为奖励", "日常办公成本", "成本指标", "社会成本指标"),
    ("见义勇为奖励", "表彰见义勇为模范成本", "成本指标", "社会成本指标"),
    # the end of a label on a row of its own: “经济效益指” … “标”, “服务对象满” … “意度指标”
    ("见义勇为奖励", "维护社会稳定", "效益指标", "经济效益指标"),
    ("殷墟遗址保护区“天眼”技防系统", "投入路面警力减少", "效益指标", "经济效益指标"),
    ("市公安局殷墟遗址保护区“天眼”技防项目", "质量合格", "产出指标", "质量指标"),
    ("“视频共享平台”服务", "群众投诉下降率", "满意度指标", "服务对象满意度指标"),
    ("还购置空调欠款", "直接对象满意度", "满意度指标", "服务对象满意度指标"),
    # shifted cells: a row missing its 一级 cell, a 三级指标 printed in the first column
    ("公安信息网络移动终端专项租赁及运维(警务通)", "第6次支付时间", "产出指标", "时效指标"),
    ("公安信息网络移动终端专项租赁及运维(警务通)", "公安机关信息化水平", "效益指标", "社会效益指标"),
    ("殷墟遗址保护区“天眼”技防系统", "建设高清摄像头数量", "产出指标", "数量指标"),
    ("殷墟遗址保护区“天眼”技防系统", "系统终端完好率", "产出指标", "质量指标"),
    ("见义勇为奖励", "慰问人员时间", "产出指标", "时效指标"),
    ("西北绕城高速公路卡口及视频调度系统", "指标 1: 日常管理成本降低", "效益指标", "经济效益指标"),
    ("西北绕城高速公路卡口及视频调度系统", "指标 2: 监控覆盖率增加率", "效益指标", "社会效益指标"),
    ("西北绕城高速公路卡口及视频调度系统", "指标 3: 视频会议系统", "产出指标", "数量指标"),
    # a 二级指标 printed in the 三级 cell: “社会效益指标 公共服务水平”
    ("12123 语音服务平台", "公共服务水平", "效益指标", "社会效益指标"),
]


@pytest.mark.parametrize("project, level3, level1, level2", CARRIED, ids=[f"{c[0][:8]}-{c[1]}" for c in CARRIED])
def test_merged_cells_are_carried_down(projects, project, level3, level1, level2):
    line = _indicator(projects, project, level3)
    assert (line.level1, line.level2) == (level1, level2)


def test_every_indicator_line_has_its_three_levels_and_numbers(cards):
    for card in cards:
        for line in card.indicators:
            assert line.level1 and line.level2 and line.level3, (card.project_name, line)
            assert line.level1 in {"投入管理指标", "成本指标", "产出指标", "效益指标", "满意度指标"}, line
            assert line.weight is not None and line.score is not None, line
            assert line.level3.replace(" ", "") in line.where.raw_text.replace(" ", "").replace("\t", ""), line


def test_broken_numbers_are_repaired(projects):
    cases = [("2023年机动车驾驶人考试考场购买服务（政府购买服务）", "支付以前年度服务费", "-88.8 5", "-88.85"),
             ("安阳市公安局机动车和驾驶人业务用房", "道路一般事故下降", "-50.0 0", "-50.00"),
             ("涉毒人员智能人像识别网络服务", "交通事故经济损失下降", "-12.5 0", "-12.50"),
             ("“智慧视频云”视频监控系统服务", "项目总金额", "-14.9 7", "-14.97"),
             ("“智慧视频云”视频监控系统服务", "项目服务周期", "-33.3 3", "-33.33")]
    for project, level3, printed, value in cases:
        line = _indicator(projects, project, level3)
        assert (line.deviation_text, line.deviation) == (printed, Decimal(value))
    line = _indicator(projects, "公安交通集成指挥平台运维服务（2021 年）", "验收结算时间")
    assert (line.target_operator, line.target_value, line.target_unit) == ("=", Decimal("2023.2"), "月")


def test_indicator_values_and_reasons(projects):
    line = _indicator(projects, "2023年机动车驾驶人考试考场购买服务（政府购买服务）", "支付以前年度服务费")
    assert (line.target_text, line.target_operator, line.target_value, line.target_unit) == (
        "=12380.9 万", "=", Decimal("12380.9"), "万")
    assert (line.actual_text, line.actual_value, line.actual_unit) == ("1380.9 万", Decimal("1380.9"), "万")
    assert (line.weight, line.score, line.deviation_reason) == (Decimal("3"), Decimal("0.33"), "前期目标值填写错误")
    assert line.where.line == 582
    # a reason continued on a row of its own
    line = _indicator(projects, "见义勇为奖励", "发放见义勇为人员奖励金")
    assert line.deviation_reason == ("根据平安建设考核要求，表彰见义勇为人员奖金必须由政府财政发放，2023年安阳市"
                                     "见义勇为协会预算资金，于2024年2月发放到位，定于5月发放举行表彰大会。")
    line = _indicator(projects, "2023年市区新开办企业免费刻章", "间接服务对象满意度")
    assert (line.target_text, line.target_operator, line.target_value, line.target_unit) == (
        "≥ 100%", "≥", Decimal("100"), "%")
    line = _indicator(projects, "新增人员服装购置", "执行走读式谈话任务数量")
    assert (line.target_operator, line.target_value, line.target_upper, line.actual_value) == (
        "between", Decimal("600"), Decimal("700"), Decimal("605"))


# -- empty and withheld forms -----------------------------------------------------------------

def test_classified_template_is_recorded_without_invented_values(cards):
    [card] = [c for c in cards if c.where.line == 1108]
    assert card.is_template and not card.indicators_withheld and card.disclosure_note == "本项目涉密依法不公开"
    assert card.project_name is None and card.competent_department is None and card.evaluated_on is None
    assert card.funding == [] and card.management == [] and card.goals == [] and card.indicators == []
    assert (card.total_weight, card.total_score) == (Decimal("100"), None)


def test_withheld_indicator_tables_keep_what_is_printed(projects):
    for name, executed in (("看守所围墙倒塌抢修", Decimal("49.55")), ("安阳市看守所医疗社会化购买服务", Decimal("64"))):
        card = projects[name]
        # not an empty form: its funding and management scores are printed, only the indicators are withheld
        assert not card.is_template and card.indicators_withheld and card.disclosure_note == "项目绩效表依法不公开"
        assert _total(card).executed == executed and len(card.funding) == 2
        assert [m.score for m in card.management] == [5, 5, 5, 5]
        assert card.indicators == [] and card.total_score is None
        assert card.competent_department is None and card.implementing_unit is None


# -- the department-level form ---------------------------------------------------------------

def test_department_form(cards):
    card = cards[0]
    assert (card.kind, card.title, card.evaluated_unit, card.evaluated_on) == (
        "department", "部门整体支出绩效自评情况表", "安阳市公安局", date(2024, 9, 1))
    assert [(f.funding_source, f.initial_budget, f.full_year_budget, f.executed, f.execution_rate)
            for f in card.funding] == [
        ("年度资金总额", Decimal("77984.98"), Decimal("98772.2"), Decimal("87100.85"), Decimal("88.18")),
        ("财政拨款", Decimal("77984.98"), Decimal("95973.56"), Decimal("85101.91"), Decimal("88.67")),
        ("财政专户管理资金", Decimal("0"), Decimal("0"), Decimal("0"), Decimal("0.00")),
        ("单位资金", Decimal("0"), Decimal("2798.64"), Decimal("1998.94"), Decimal("71.43"))]
    assert (card.funding[0].line_label, card.funding[0].score) == ("部门预算总额", Decimal("9.8"))
    assert [t.task_name for t in card.tasks] == ["加强队伍建设", "维护国家安全", "打击防范违法犯罪", "提升服务群众水平",
                                                 "深入推进执法规范化"]
    assert all(t.result == "基本按照绩效目标完成" for t in card.tasks)
    [goal] = card.goals
    assert goal.goal_kind == "年度履职目标" and goal.expected.startswith("贯彻落实国家公安工作法律")
    assert goal.expected.endswith("承办省公安厅和市政府交办的其他事项。")
    assert len(card.indicators) == 26 and (card.total_weight, card.total_score) == (100, Decimal("98.13"))
    deviated = [(i.level2, i.level3, i.deviation, i.deviation_reason) for i in card.indicators if i.deviation]
    assert deviated == [("预算和财务管理", "预算调整率", Decimal("16.30"), "增人增资"),
                        ("预算和财务管理", "“三公经费”控制率", Decimal("66.77"), "购置公务车辆超预算")]


# -- what the conversion can scramble beyond repair -----------------------------------------

def _document(lines: list[str]) -> Document:
    """A tiny text extraction: lines with tabs are grid rows, the others running text."""
    blocks: list = []
    for number, line in enumerate(lines, start=1):
        where = Where(line=number)
        if "\t" in line:
            if not blocks or not isinstance(blocks[-1], Grid):
                blocks.append(Grid())
            blocks[-1].rows.append(Row(tuple(line.split("\t")), where))
        else:
            blocks.append(TextLine(line, where))
    return Document("scrambled.txt", "text", "0" * 64, blocks)


SCRAMBLED = [
    "项目支出绩效自评情况表",
    "2024年04月",
    "项目名称\t测试项目\t\t",
    "主管部门\t某局\t实施单位\t某中心",
    "项目资金 (万元)\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分",
    "\t年度资金总额:\t100\t1O0\t50\t10\t50%\t5",
    "财政拨款\t100\t100\t50",
    "绩效指标\t\t\t\t\t\t\t\t",
    "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差度\t偏差原因分析及改进措施",
    "产出指标\t数量指标\t完成数量\t=10 个\t8 个\t10\t8\t-20.00\t未完成",
    "\t\t\t\t\t\t\t\t另见附件",
    "\t\t\t\t9 个\t\t\t\t",
    "总分\t\t\t\t\t100\t90\t80\t",
]


def test_scrambled_form_is_read_as_far_as_the_evidence_allows():
    warnings: list = []
    [card] = read_scorecards(_document(SCRAMBLED), warnings)
    assert (card.project_name, card.competent_department, card.implementing_unit) == ("测试项目", "某局", "某中心")
    # “1O0” is not a number, and a row with 3 values under 6 columns cannot be placed: neither is stored
    assert card.funding == []
    [line] = card.indicators
    assert (line.level3, line.actual_value, line.deviation, line.deviation_reason) == (
        "完成数量", Decimal("8"), Decimal("-20.00"), "未完成另见附件")
    assert card.total_score is None  # three numbers in the 总分 row: which is the score is not evident
    messages = [w.message for w in warnings]
    assert any("'年度资金总额'" in m and "'1O0'" in m for m in messages), messages
    assert any("'财政拨款'" in m and "do not match" in m for m in messages), messages
    assert any("'9 个'" in m for m in messages), messages
    assert any("总分 row prints 3 numbers" in m for m in messages), messages
    assert all(w.where.line for w in warnings if "row" in w.message)


def test_truncated_form_and_a_title_in_the_contents_are_not_forms():
    lines = ["- 十一、项目支出绩效自评情况表"] + [f"正文第{n}行" for n in range(8)] + SCRAMBLED[2:7]
    warnings: list = []
    assert read_scorecards(_document(lines), warnings) == []
    warnings = []
    [card] = read_scorecards(_document(SCRAMBLED[:7]), warnings)
    assert card.indicators == [] and card.total_score is None
    assert any("no 绩效指标, 总分 found" in w.message for w in warnings), [w.message for w in warnings]


# -- targets ----------------------------------------------------------------------------------

TARGETS = [
    ("≥36500 枚", "≥", "36500", None, "枚"),
    ("=2020.7 月", "=", "2020.7", None, "月"),
    ("$\\geq 90\\%$", "≥", "90", None, "%"),
    ("≤1.36 亿元", "≤", "1.36", None, "亿元"),
    ("≤12 元/月/户", "≤", "12", None, "元/月/户"),
    (">45 天", ">", "45", None, "天"),
    ("600-700", "between", "600", "700", None),
    ("33418 枚", None, "33418", None, "枚"),
    ("0.57 万人次", None, "0.57", None, "万人次"),
    ("同比提升", "increase", None, None, None),
    ("明显降低", "decrease", None, None, None),
    ("完整", "text", None, None, None),
    ("不晚于 2023 年 12 月 31 日", "text", None, None, None),
    ("资金下达后 6 个月内", "text", None, None, None),
]


@pytest.mark.parametrize("printed, operator, value, upper, unit", TARGETS)
def test_targets_are_parsed_and_the_printed_text_kept(printed, operator, value, upper, unit):
    target = parse_target(printed)
    assert (target.operator, target.value, target.upper, target.unit) == (
        operator, Decimal(value) if value else None, Decimal(upper) if upper else None, unit)
    assert target.text == printed.replace("$\\geq 90\\%$", "≥ 90%")


def test_a_blank_target_is_none():
    assert parse_target("") is None and parse_target(None) is None
