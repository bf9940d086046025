"""Reconciliation rules (marts.consistency_checks) on the sample and on deliberately broken copies.

Every rule has a passing case (the sample, or a repaired copy where the sample itself
does not reconcile) and a failing case: a copy of the sample with one printed figure
changed, loaded as a department of its own (check_cases.py). The shared warehouse holds
them all; its one dbt build evaluates them.
"""
from decimal import Decimal

import pytest

from check_cases import BREAKS, DEPARTMENT, REPAIRS
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
    assert statuses(checked, department, rule) <= {"ok", "rounding"}, checked[department][rule]


def test_sample_rounding_differences_are_rounding_not_mismatch(checked):
    sample = checked[DEPARTMENT]
    # 201 一般公共服务支出 54.64 printed against 40.85 + 13.80 = 54.65
    assert ("rounding", "201 本年收入合计", Decimal("-0.01")) in sample["T02_HIERARCHY"]
    # 05 基本支出 76,238.99 against 06 人员经费合计 66,282.80 + 公用经费合计 9,956.18
    assert sample["X05_06_BASIC"] == [("rounding", None, Decimal("0.01"))]
    # 01 income lines add up to 87,277.33 against 本年收入合计 87,277.34
    assert sample["T01_INCOME_TOTAL"] == [("rounding", None, Decimal("0.01"))]
    assert sample["T01_SIDES"] == [("ok", None, Decimal("0"))]


def test_sample_real_cross_table_differences_are_found(checked):
    sample = checked[DEPARTMENT]
    # 09 reports 904.82 of vehicle operation, 06 (basic spending only) 903.22
    assert sample["X09_06_VEHICLE_OPERATION"] == [("mismatch", None, Decimal("1.60"))]
    # 09 reports 614.47 of vehicle purchase, 06 item 31013 公务用车购置 is 0
    assert sample["X09_06_VEHICLE_PURCHASE"] == [("mismatch", None, Decimal("614.47"))]


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
    assert lines[0].split() == ["department", "year", "rule", "item", "left", "right", "difference", "status"]
    assert any("X09_06_VEHICLE_OPERATION" in line and "1.60" in line and "mismatch" in line for line in lines)
    assert not any(line.startswith("坏") for line in lines)  # --department filters
