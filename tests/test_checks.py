"""Reconciliation rules (marts.consistency_checks) on the sample and on deliberately broken copies.

Every rule has a passing case (the sample, or a repaired copy where the sample itself
does not reconcile) and a failing case: a copy of the sample with one printed figure
changed, loaded as a department of its own (check_cases.py). The shared warehouse holds
them all; its one dbt build evaluates them.
"""
from decimal import Decimal

import pytest

from check_cases import BREAKS, DEPARTMENT, REPAIRS

# rules the sample has no inputs for (公开08 empty, no 因公出国 spending): their failing case gives them inputs
NOT_IN_SAMPLE = {"T08_ROW_SUM", "X04_08_SOE", "X09_06_TRAVEL_ABROAD", "T09_ABROAD_DELEGATIONS"}
from conftest import juesuan

pytestmark = pytest.mark.dbt


@pytest.fixture(scope="module")
def checked(warehouse):
    """{department: {rule_id: [(status, item, difference)]}} of the warehouse's one build."""
    out: dict = {}
    for dept, rule, status, item, diff in warehouse.query(
            "select department_name, rule_id, status, item_key, difference from marts.consistency_checks"
            " where fiscal_year = 2023"):
        out.setdefault(dept, {}).setdefault(rule, []).append((status, item, diff))
    return out


def statuses(checked, department, rule):
    return {status for status, _, _ in checked[department][rule]}


def test_every_rule_of_the_catalogue_is_evaluated_for_every_report(checked, warehouse):
    rules = {r[0] for r in warehouse.query("select rule_id from reference.reconciliation_rules")}
    assert set(checked[DEPARTMENT]) == rules
    assert set(BREAKS) == rules, "every rule needs a failing case"


@pytest.mark.parametrize("rule", sorted(BREAKS))
def test_rule_catches_a_broken_figure(checked, rule):
    assert "mismatch" in statuses(checked, f"坏{rule}", rule)


@pytest.mark.parametrize("rule", sorted(BREAKS))
def test_rule_passes_where_the_report_reconciles(checked, rule):
    department = f"好{rule}" if rule in REPAIRS else DEPARTMENT
    assert statuses(checked, department, rule) <= {"ok", "rounding", "explained", "not_applicable"}, \
        checked[department][rule]
    assert statuses(checked, department, rule) & {"ok", "rounding", "explained"} or rule in NOT_IN_SAMPLE


def test_sample_rounding_differences_are_rounding_not_mismatch(checked):
    sample = checked[DEPARTMENT]
    # 201 一般公共服务支出 54.64 printed against 40.85 + 13.80 = 54.65
    assert ("rounding", "201 本年收入合计", Decimal("-0.01")) in sample["T02_HIERARCHY"]
    # 05 基本支出 76,238.99 against 06 人员经费合计 66,282.80 + 公用经费合计 9,956.18
    assert sample["X05_06_BASIC"] == [("rounding", None, Decimal("0.01"))]
    # 01 income lines add up to 87,277.33 against 本年收入合计 87,277.34
    assert sample["T01_INCOME_TOTAL"] == [("rounding", None, Decimal("0.01"))]
    assert sample["T01_SIDES"] == [("ok", None, Decimal("0"))]


def test_sample_differences_of_scope_are_explained_with_the_amount_that_explains_them(warehouse):
    rows = dict((r[0], r[1:]) for r in warehouse.query(
        "select rule_id, status, difference, explained_amount, explained_by from marts.consistency_checks"
        " where department_name = %s and fiscal_year = 2023 and rule_id like 'X09_06_VEHICLE%%'", DEPARTMENT))
    # 09 reports 904.82 of vehicle operation, 06 (basic spending only) 903.22: the 1.60 is exactly
    # the 项目支出 of 2040220 执法办案 in 公开05
    status, difference, amount, where = rows["X09_06_VEHICLE_OPERATION"]
    assert (status, difference, amount) == ("explained", Decimal("1.60"), Decimal("1.60"))
    assert "2040220" in where and "项目支出" in where and "323" in where
    # 09 reports 614.47 of vehicle purchase; 06 prints 0 for 31013 公务用车购置: bought with project money
    status, difference, amount, where = rows["X09_06_VEHICLE_PURCHASE"]
    assert (status, difference) == ("explained", Decimal("614.47")) and amount >= difference


def test_a_difference_nothing_explains_stays_a_mismatch(checked):
    # the broken copy's 09 purchase (624.47 against 0) still fits in 项目支出; the operation one does not
    assert "mismatch" in statuses(checked, "坏X09_06_VEHICLE_OPERATION", "X09_06_VEHICLE_OPERATION")


# The sample's findings: exactly its real errors (hand audit), nothing else.
SAMPLE_MISMATCHES = {
    ("N_EVALUATED_PROJECTS", "2023 年车管证照成本项目 executed"),             # 80 vs 800
    ("N_EVALUATED_PROJECTS", "安阳市治安管理信息系统运行维护费用（印章业） budget"),  # budget copied from another item
    ("N_EVALUATED_PROJECTS", "窞井盖治理提升项目 budget"),                      # 43.83 vs 43.87
    ("N_GROWTH_RATES", "prior_year_comparison 机关运行经费支出"),              # -26.45 % over the current year
    ("S_FUNDING_SCORE", "部门整体 #1"),                                        # 9.8 where its rule gives 8.82
    ("T09_RECEPTION_SPLIT", None),                                            # 3.78 vs 外宾 0 + 国内 0
    ("T09_RECEPTION_VISITORS", "公务接待费"),                                  # 0 groups, 0 visitors
    ("S_DEPT_EXECUTED", "部门预算总额 全年执行数"),                             # 87,100.85 vs 01's 87,277.34
    ("S_DEPT_APPROPRIATION", "财政拨款 全年执行数"),                            # 85,101.91 vs 04's 84,936.39
    ("S_DEPT_INITIAL_BUDGET", "年初预算数"),                                    # 77,984.98 vs 78,184.98
    ("S_STATED_EXECUTION_RATE", "预算执行率"),                                  # 100 % vs 88.18 %
    ("S_STATED_PROCUREMENT_RATE", "政府采购执行率"),                            # 100 % vs 90 %
    ("S_THREE_PUBLIC_CONTROL", "三公经费控制率"),                               # 158.43 % vs 100 %
    ("N_PROJECT_SHARE", "自评项目资金占项目支出比例"),                          # 40.01 % vs 40.64 %
    ("I_DATES_ORDER", "新增人员服装购置 / 辅警服装采购项目完成时间 < 项目启动时间"),
    ("I_DEVIATION", "安阳高速智能卡口系统服务及视频调度系统服务 / 每年支出服务费"),  # =120万, 100万, 0.00
    ("I_DEVIATION", "窞井盖治理提升 / 2023年支付金额"),                          # actual 0, deviation 0.00
    ("I_DEVIATION", "政府购买电子警察服务 / 2022年支付金额"),
    ("I_DEVIATION", "新增路口电子警察设备和交通设施 / 群众交通投诉下降率"),     # =80 %, 85 %, 0.00
}


def test_sample_mismatches_are_exactly_its_real_errors(checked):
    sample = checked[DEPARTMENT]
    found = {(rule, item) for rule, rows in sample.items() for status, item, _ in rows if status == "mismatch"}
    # cost indicators claiming amounts spent on projects that executed nothing: 23 lines of 13 forms
    cost = {f for f in found if f[0] == "I_COST_WITHOUT_SPENDING"}
    assert len(cost) == 23
    assert ("I_COST_WITHOUT_SPENDING", "安阳高速智能卡口系统服务及视频调度系统服务 / 每年支出服务费") in cost
    assert found - cost == SAMPLE_MISMATCHES
    explained = {rule for rule, rows in sample.items() for status, _, _ in rows if status == "explained"}
    assert explained == {"X09_06_VEHICLE_OPERATION", "X09_06_VEHICLE_PURCHASE"}


def test_a_project_listed_under_a_shorter_name_is_matched_and_the_match_reported(checked):
    items = {item for _, item, _ in checked[DEPARTMENT]["N_EVALUATED_PROJECTS"]}
    assert "看守所医疗社会化购买服务项目 ≈ 安阳市看守所医疗社会化购买服务 budget" in items
    assert checked[DEPARTMENT]["N_EVALUATED_UNMATCHED"] == [("ok", None, Decimal("0"))]


def test_carryover_rows_labelled_like_income_rows_are_not_added_to_income(checked):
    for rule in ("T04_INCOME_TOTAL", "T04_CARRYOVER"):
        assert statuses(checked, "标号04", rule) == {"ok"}, checked["标号04"][rule]


def test_every_finding_has_a_severity_and_cites_where_to_look(warehouse):
    rows = warehouse.query(
        "select rule_id, severity, cite_text, cite_line from marts.consistency_checks"
        " where department_name = %s and fiscal_year = 2023 and status = 'mismatch'", DEPARTMENT)
    assert rows and all(severity in ("error", "warning", "note") for _, severity, _, _ in rows)
    uncited = [r for r in rows if not r[2] or not r[3]]
    assert uncited == [], uncited


def test_the_catalogue_has_at_least_100_rules_each_with_a_severity(warehouse):
    rows = warehouse.query("select count(*), count(*) filter (where severity in ('error', 'warning', 'note'))"
                           " from reference.reconciliation_rules")
    assert rows[0][0] >= 100 and rows[0][0] == rows[0][1]


def test_sample_narrative_and_scorecard_findings(checked):
    sample = checked[DEPARTMENT]
    # “较 2022 年度减少 2771.93 万元，下降 26.45%”: over the implied prior year 13252.57 it is 20.92 %
    assert ("mismatch", "prior_year_comparison 机关运行经费支出", Decimal("-5.53")) in sample["N_GROWTH_RATES"]
    assert ("ok", "prior_year_comparison 支出总计", Decimal("0.00")) in sample["N_GROWTH_RATES"]
    # the department-level form awards 9.8 of 10 for an 88.18 % execution rate
    assert [d for s, _, d in sample["S_FUNDING_SCORE"] if s == "mismatch"] == [Decimal("0.98")]
    assert statuses(checked, DEPARTMENT, "N_SUBJECT_FINAL") == {"ok"}
    # the narrative's list of evaluated projects against the forms: 32 of 34 names match
    evaluated = {item: diff for status, item, diff in sample["N_EVALUATED_PROJECTS"] if status == "mismatch"}
    assert evaluated == {"安阳市治安管理信息系统运行维护费用（印章业） budget": Decimal("50"),
                         "2023 年车管证照成本项目 executed": Decimal("-720"),
                         "窞井盖治理提升项目 budget": Decimal("-0.04")}
    assert len(sample["S_EXECUTION_RATE"]) >= 30  # every form that prints a rate


def test_rules_without_inputs_are_not_applicable_never_skipped(checked):
    sample = checked[DEPARTMENT]
    # 公开08 is printed empty and 09 prints no 因公出国(境)费
    for rule in ("T08_ROW_SUM", "X04_08_SOE", "X09_06_TRAVEL_ABROAD"):
        assert sample[rule] == [("not_applicable", None, None)]


def test_check_command_lists_the_mismatches(checked, warehouse, tmp_path):
    import os

    env = dict(os.environ, JUESUAN_DATABASE_URL=warehouse.url, JUESUAN_HOME=str(tmp_path))
    done = juesuan("check", "--department", DEPARTMENT, "--year", "2023", env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].split() == ["department", "year", "severity", "rule", "item", "left", "right", "difference",
                                "status", "where"]
    assert any("S_DEPT_EXECUTED" in line and "-176.49" in line and "mismatch" in line and "第 437 行" in line
               for line in lines)
    assert not any("X09_06_VEHICLE_OPERATION" in line for line in lines)  # explained: listed with --all
    done = juesuan("check", "--department", DEPARTMENT, "--year", "2023", "--all", env=env, timeout=120)
    assert any("X09_06_VEHICLE_OPERATION" in line and "explained" in line for line in done.stdout.splitlines())
    assert not any(line.startswith("坏") for line in lines)  # --department filters
