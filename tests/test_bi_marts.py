"""Marts a BI tool can sum safely, their contracts and keys, withheld forms, the narrative's facts, and the
README's analyst questions (dbt tier: the shared warehouse, and for the README one small warehouse of its own).

Expected values are read from examples/anyang-police-2023-final-accounts.txt (line numbers given)."""
from __future__ import annotations

import datetime
import re
from decimal import Decimal
from urllib.parse import urlsplit

import psycopg
import pytest

from conftest import ROOT, SAMPLE, SECOND_YEAR, SHANGHAI, query, with_database

pytestmark = pytest.mark.dbt

ANYANG, SHANGHAI_DEPT = "安阳市公安局", "中共上海市普陀区委社会工作部"
REAL = (ANYANG, SHANGHAI_DEPT)   # the other departments of the warehouse are the sample broken on purpose

# the marts this work publishes or changed, with their primary key and the foreign keys they must carry
KEYS = {
    "dim_department": (["department_id"], {}),
    "dim_subject": (["subject_code"], {}),
    "dim_econ_subject": (["econ_code"], {}),
    "fct_expenditure_by_subject": (["document_id", "subject_code", "expenditure_kind"],
                                   {"department_id": "dim_department", "subject_code": "dim_subject",
                                    "class_code": "dim_subject"}),
    "fct_income_by_subject": (["document_id", "subject_code", "income_source"],
                              {"department_id": "dim_department", "subject_code": "dim_subject",
                               "class_code": "dim_subject"}),
    "fct_basic_expenditure_by_econ": (["document_id", "econ_code"],
                                      {"department_id": "dim_department", "econ_code": "dim_econ_subject",
                                       "class_code": "dim_econ_subject"}),
    "three_public_expenses": (["department_id", "fiscal_year", "category"], {"department_id": "dim_department"}),
    "yoy_department_totals": (["department_id", "fiscal_year", "measure", "source"],
                              {"department_id": "dim_department"}),
    "fct_project_scorecard": (["scorecard_id"], {"department_id": "dim_department"}),
    "fct_department_scorecard": (["scorecard_id"], {"department_id": "dim_department"}),
    "fct_scorecard_goal": (["scorecard_id", "goal_seq"], {"department_id": "dim_department"}),
    "narrative_procurement": (["department_id", "fiscal_year", "category"], {"department_id": "dim_department"}),
    "narrative_assets": (["department_id", "fiscal_year", "asset_item"], {"department_id": "dim_department"}),
    "narrative_performance_summary": (["department_id", "fiscal_year", "item", "measure"],
                                      {"department_id": "dim_department"}),
    "narrative_evaluated_projects": (["department_id", "fiscal_year", "project_name"],
                                     {"department_id": "dim_department"}),
    "narrative_organisation": (["department_id", "fiscal_year"], {"department_id": "dim_department"}),
    "narrative_budget_units": (["department_id", "fiscal_year", "unit_seq"], {"department_id": "dim_department"}),
    "narrative_texts": (["department_id", "fiscal_year", "kind", "text_seq"], {"department_id": "dim_department"}),
    "execution_rate_by_subject": (["department_id", "fiscal_year", "fund", "subject_path"],
                                  {"department_id": "dim_department", "subject_code": "dim_subject"}),
    "fct_scorecard_indicator": (["scorecard_id", "indicator_seq"], {"department_id": "dim_department"}),
    "report_completeness": (["document_id", "table_code"],
                            {"department_id": "dim_department", "document_id": "report_versions"}),
    "report_versions": (["document_id"], {"department_id": "dim_department"}),
    "fct_final_accounts": (["amount_id"], {"department_id": "dim_department", "subject_code": "dim_subject",
                                           "econ_code": "dim_econ_subject", "document_id": "report_versions"}),
    "fct_final_accounts_history": (["amount_id"], {"document_id": "report_versions"}),
}
# the printed cells keep their exact amounts (a report in 元 has more than two decimals in 万元); the
# relations about reports, not years, have no time axis
EXACT = {"fct_final_accounts", "fct_final_accounts_history"}
NO_TIME_AXIS = {"dim_department", "dim_subject", "dim_econ_subject", "report_versions", "report_completeness",
                "fct_scorecard_indicator"}
# the findings marts (one row per finding, columns grow with the rules): tested by their own key tests
CHECKS = {"consistency_checks", "subject_name_differences"}


# -- facts a BI tool can sum ------------------------------------------------------------------------

def _printed(warehouse, department, year, table_code, line_label, measure):
    [(amount,)] = warehouse.query(
        "select amount from marts.fct_final_accounts where department_name = %s and fiscal_year = %s"
        " and table_code = %s and line_label = %s and measure = %s", department, year, table_code, line_label, measure)
    return amount


@pytest.mark.parametrize("mart, kind_column, table_code, measures", [
    ("fct_expenditure_by_subject", "expenditure_kind", "03",
     {"total": "本年支出合计", "basic": "基本支出", "project": "项目支出"}),
    ("fct_income_by_subject", "income_source", "02", {"total": "本年收入合计", "fiscal": "财政拨款收入"}),
])
def test_a_sum_over_leaves_is_the_printed_total(warehouse, mart, kind_column, table_code, measures):
    for department, year in ((ANYANG, 2023), (ANYANG, 2024), (SHANGHAI_DEPT, 2024)):
        for kind, measure in measures.items():
            [(leaves, leaf_count, everything, classes)] = warehouse.query(
                f"select sum(amount) filter (where is_leaf), count(*) filter (where is_leaf), sum(amount),"
                f" sum(amount) filter (where subject_level = 1)"
                f" from marts.{mart} where department_name = %s and fiscal_year = %s and {kind_column} = %s",
                department, year, kind)
            printed = _printed(warehouse, department, year, table_code, "合计", measure)
            # each printed figure is rounded to 0.01 万元: the leaves may differ from 合计 by that much each
            assert abs(leaves - printed) <= Decimal("0.005") * leaf_count, (department, year, kind)
            assert abs(classes - printed) <= Decimal("0.005") * leaf_count, (department, year, kind)
            if printed:
                assert everything > Decimal("1.5") * printed  # what a SUM without is_leaf would count
    # the sample: 本年支出合计 87277.34 (line 220); its 项 add up to 87277.36, its 类 to 87277.33
    assert warehouse.query(
        "select sum(amount) filter (where is_leaf), sum(amount) filter (where subject_level = 1)"
        " from marts.fct_expenditure_by_subject where department_name = %s and fiscal_year = 2023"
        " and expenditure_kind = 'total'", ANYANG) == [(Decimal("87277.36"), Decimal("87277.33"))]


def test_basic_expenditure_by_econ_adds_up_to_the_printed_groups(warehouse):
    for department, year in ((ANYANG, 2023), (SHANGHAI_DEPT, 2024)):
        rows = warehouse.query(
            "select expense_group, sum(amount) filter (where is_leaf), count(*) filter (where is_leaf),"
            " sum(amount) filter (where econ_level = 1)"
            " from marts.fct_basic_expenditure_by_econ where department_name = %s and fiscal_year = %s"
            " group by 1 order by 1", department, year)
        assert [r[0] for r in rows] == ["人员经费", "公用经费"]
        for group, leaves, leaf_count, classes in rows:
            printed = _printed(warehouse, department, year, "06", f"{group}合计", "决算数")
            assert abs(leaves - printed) <= Decimal("0.005") * leaf_count
            assert abs(classes - printed) <= Decimal("0.005") * leaf_count
    # the sample (line 378): 人员经费合计 66282.80, 公用经费合计 9956.18
    assert warehouse.query(
        "select expense_group, sum(amount) filter (where econ_level = 1) from marts.fct_basic_expenditure_by_econ"
        " where department_name = %s and fiscal_year = 2023 group by 1 order by 1", ANYANG) == [
        ("人员经费", Decimal("66282.80")), ("公用经费", Decimal("9956.18"))]


def test_every_row_carries_its_level_and_ancestors(warehouse):
    rows = warehouse.query("""
        select subject_code, subject_level, subject_level_name, parent_code, class_code, class_name, subclass_code,
               subclass_name, item_code, item_name, is_leaf, amount, fiscal_year_start
        from marts.fct_expenditure_by_subject
        where department_name = %s and fiscal_year = 2023 and expenditure_kind = 'basic'
          and subject_code in ('204', '20402', '2040201') order by subject_code""", ANYANG)
    start = datetime.date(2023, 1, 1)
    assert rows == [
        ("204", 1, "类", None, "204", "公共安全支出", None, None, None, None, False, Decimal("72525.73"), start),
        ("20402", 2, "款", "204", "204", "公共安全支出", "20402", "公安", None, None, False, Decimal("72525.73"), start),
        ("2040201", 3, "项", "20402", "204", "公共安全支出", "20402", "公安", "2040201", "行政运行", True,
         Decimal("67479.00"), start)]
    # a 款 of table 06 is a leaf, its 类 is not (line 350: 30101 基本工资)
    assert warehouse.query(
        "select econ_code, econ_level, class_code, class_name, expense_group, is_leaf from marts.fct_basic_expenditure_by_econ"
        " where department_name = %s and fiscal_year = 2023 and econ_code in ('301', '30101') order by 1", ANYANG) == [
        ("301", 1, "301", "工资福利支出", "人员经费", False), ("30101", 2, "301", "工资福利支出", "人员经费", True)]


def test_three_public_categories_form_a_tree_whose_leaves_add_up(warehouse):
    rows = warehouse.query("""
        select category, parent_category, category_level, is_leaf, actual
        from marts.three_public_expenses where department_name = %s and fiscal_year = 2023 order by category_order""",
        ANYANG)
    # table 09, line 433: 合计 1523.07 = 0 + (614.47 + 904.82) + 3.78
    assert rows == [
        ("合计", None, 1, False, Decimal("1523.07")),
        ("因公出国(境)费", "合计", 2, True, Decimal("0.00")),
        ("公务用车购置及运行维护费", "合计", 2, False, Decimal("1519.30")),
        ("公务用车购置费", "公务用车购置及运行维护费", 3, True, Decimal("614.47")),
        ("公务用车运行维护费", "公务用车购置及运行维护费", 3, True, Decimal("904.82")),
        ("公务接待费", "合计", 2, True, Decimal("3.78"))]
    assert sum(r[4] for r in rows if r[3]) == rows[0][4]


def test_one_preferred_yoy_row_per_department_year_and_measure(warehouse):
    assert warehouse.query("""
        select count(*) from (
            select department_id, fiscal_year, measure from marts.yoy_department_totals
            group by 1, 2, 3 having count(*) filter (where is_preferred) <> 1) as wrong""") == [(0,)]
    # 2024's 机关运行经费: the reports give 10480.64 for 2023, the 2024 narrative implies 10400: reports preferred
    assert warehouse.query("""
        select source, prior_year_amount, is_preferred from marts.yoy_department_totals
        where department_name = %s and fiscal_year = 2024 and measure = '机关运行经费支出' order by source""",
        ANYANG) == [("narrative", Decimal("10400.00"), False), ("reports", Decimal("10480.64"), True)]


# -- contracts and keys in PostgreSQL ---------------------------------------------------------------

def test_contracts_create_primary_and_foreign_keys(warehouse):
    primary = dict(warehouse.query("""
        select tc.table_name, array_agg(kcu.column_name::text order by kcu.ordinal_position)
        from information_schema.table_constraints tc
        join information_schema.key_column_usage kcu
          on kcu.constraint_schema = tc.constraint_schema and kcu.constraint_name = tc.constraint_name
        where tc.table_schema = 'marts' and tc.constraint_type = 'PRIMARY KEY' group by tc.table_name"""))
    foreign = warehouse.query("""
        select tc.table_name, kcu.column_name, ccu.table_name
        from information_schema.table_constraints tc
        join information_schema.key_column_usage kcu
          on kcu.constraint_schema = tc.constraint_schema and kcu.constraint_name = tc.constraint_name
        join information_schema.constraint_column_usage ccu
          on ccu.constraint_schema = tc.constraint_schema and ccu.constraint_name = tc.constraint_name
        where tc.table_schema = 'marts' and tc.constraint_type = 'FOREIGN KEY'""")
    for mart, (key, references) in KEYS.items():
        assert primary.get(mart) == key, mart
        assert {(column, target) for table, column, target in foreign if table == mart} == set(references.items()), mart
    # every public mart but the checks has its contract
    marts = {name for (name,) in warehouse.query(
        "select table_name from information_schema.tables where table_schema = 'marts'")}
    assert marts - CHECKS == set(KEYS) == set(primary)


def test_the_facts_by_subject_are_indexed_on_what_dashboards_filter(warehouse):
    indexes = warehouse.query("select tablename, indexdef from pg_indexes where schemaname = 'marts'"
                              " and tablename in ('fct_expenditure_by_subject', 'fct_income_by_subject',"
                              " 'fct_basic_expenditure_by_econ')")
    for table in ("fct_expenditure_by_subject", "fct_income_by_subject", "fct_basic_expenditure_by_econ"):
        assert any(t == table and d.endswith("(department_id, fiscal_year)") for t, d in indexes), table


def test_amounts_have_two_decimals_rates_too_and_years_a_date(warehouse):
    columns = warehouse.query("""
        select table_name, column_name, data_type, numeric_precision, numeric_scale
        from information_schema.columns where table_schema = 'marts' and table_name = any(%s)""", list(KEYS))
    types = {(t, c): (d, p, s) for t, c, d, p, s in columns}
    for mart in set(KEYS) - NO_TIME_AXIS:
        assert types[(mart, "fiscal_year_start")] == ("date", None, None), mart
    for (table, column), (data_type, precision, scale) in types.items():
        if table in EXACT:
            assert (column, data_type, precision) != ("amount", "numeric", 18)
            continue
        if column in ("amount", "budget", "actual", "executed", "prior_year_amount", "change_amount",
                      "initial_budget", "full_year_budget", "final_amount", "variance_amount"):
            assert (data_type, precision, scale) == ("numeric", 18, 2), (table, column)
        if column.endswith("_rate") or column.endswith("_pct"):
            assert (data_type, precision, scale) == ("numeric", 9, 2), (table, column)


def test_every_column_of_the_new_marts_is_described_in_chinese(warehouse):
    undescribed = warehouse.query("""
        select c.relname, a.attname, col_description(c.oid, a.attnum)
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
        where n.nspname = 'marts' and c.relname = any(%s)""", list(KEYS))
    assert undescribed and all(d and re.search(r"[\u4e00-\u9fff]", d) for _, _, d in undescribed), [
        (t, c) for t, c, d in undescribed if not (d and re.search(r"[\u4e00-\u9fff]", d))]


# -- withheld is not empty --------------------------------------------------------------------------

def test_withheld_indicators_are_not_an_empty_form(warehouse):
    rows = warehouse.query("""
        select project_name, is_template, indicators_withheld, executed, execution_rate, funding_score, management_score
        from marts.fct_project_scorecard where department_name = %s and fiscal_year = 2023
          and (is_template or indicators_withheld) order by scorecard_seq""", ANYANG)
    # lines 1108-1125: the 涉密 form prints nothing; lines 1412-1432 and the next form print funding and
    # management scores above “项目绩效表依法不公开”
    assert rows == [
        (None, True, False, None, None, None, None),
        ("看守所围墙倒塌抢修", False, True, Decimal("49.55"), Decimal("100.00"), Decimal("10"), Decimal("20")),
        ("安阳市看守所医疗社会化购买服务", False, True, Decimal("64.00"), Decimal("50.00"), Decimal("5"), Decimal("20"))]
    # both now count in an analysis of the forms that are not templates
    assert warehouse.query("select count(*), sum(executed) filter (where indicators_withheld)"
                           " from marts.fct_project_scorecard where department_name = %s and fiscal_year = 2023"
                           " and not is_template", ANYANG) == [(33, Decimal("113.55"))]


# -- the narrative's facts --------------------------------------------------------------------------

def _sample(warehouse, sql):
    return warehouse.query(sql + " where department_name = %s and fiscal_year = 2023", ANYANG)


def test_procurement_as_the_narrative_states_it(warehouse):
    # line 1898: 总额 10404.80 万元: 货物 1042.53, 工程 0.00, 服务 9362.26; 授予中小企业合同 0.00, 0.00%
    rows = _sample(warehouse, "select category, parent_category, category_level, amount, reported_share_pct"
                              " from marts.narrative_procurement")
    assert sorted(rows) == sorted([
        ("合计", None, 1, Decimal("10404.80"), None),
        ("货物", "合计", 2, Decimal("1042.53"), None),
        ("工程", "合计", 2, Decimal("0.00"), None),
        ("服务", "合计", 2, Decimal("9362.26"), None),
        ("授予中小企业合同", "合计", 2, Decimal("0.00"), Decimal("0.00")),
        ("授予小微企业合同", "授予中小企业合同", 3, Decimal("0.00"), Decimal("0.00"))])
    assert sum(r[3] for r in rows if r[0] in ("货物", "工程", "服务")) == Decimal("10404.79")  # as printed


def test_assets_as_the_narrative_states_them(warehouse):
    # line 1902: 车辆 862: 省级领导干部用车 0, 主要领导干部用车 0, 机要通信用车 4, 应急保障车 40, 执法执勤用车 534,
    # 特种专业技术用车 87, 离退休干部用车 0, 其他用车 197; 单位价值 100 万元（含）以上设备 51 台（套）
    rows = warehouse.query("""
        select asset_item, asset_kind, parent_item, item_count, unit from marts.narrative_assets
        where department_name = %s and fiscal_year = 2023 order by item_order""", ANYANG)
    assert rows == [
        ("车辆", "vehicles", None, 862, "辆"),
        ("省级领导干部用车", "vehicles", "车辆", 0, "辆"), ("主要领导干部用车", "vehicles", "车辆", 0, "辆"),
        ("机要通信用车", "vehicles", "车辆", 4, "辆"), ("应急保障车", "vehicles", "车辆", 40, "辆"),
        ("执法执勤用车", "vehicles", "车辆", 534, "辆"), ("特种专业技术用车", "vehicles", "车辆", 87, "辆"),
        ("离退休干部用车", "vehicles", "车辆", 0, "辆"), ("其他用车", "vehicles", "车辆", 197, "辆"),
        ("单位价值100万元以上设备", "equipment", None, 51, "台(套)")]
    assert sum(r[3] for r in rows if r[2] == "车辆") == 862


def test_performance_summary_and_evaluated_projects(warehouse):
    rows = dict(((item, measure), value) for item, measure, value in _sample(
        warehouse, "select item, measure, value from marts.narrative_performance_summary"))
    # line 1908: 20 市本级项目, 14 二级单位项目; line 1914: 到位 and 执行 87,277.33 万元, 自评得分 98.13;
    # line 1918: 34 projects self-evaluated, 3803.97 万元, 40.01 %
    assert rows[("市本级项目", "count")] == 20 and rows[("二级单位项目", "count")] == 14
    assert rows[("部门整体", "funds_available")] == rows[("部门整体", "funds_executed")] == Decimal("87277.33")
    assert rows[("部门整体", "score")] == Decimal("98.13")
    assert (rows[("项目自评", "count")], rows[("项目自评", "amount")], rows[("项目自评", "share_pct")]) == (
        34, Decimal("3803.97"), Decimal("40.01"))
    projects = {name: (budget, executed, rate, note) for name, budget, executed, rate, note in _sample(
        warehouse, "select project_name, budget, executed, execution_rate, note from marts.narrative_evaluated_projects")}
    assert len(projects) == 34
    assert projects["公安信息网络移动终端专项租赁及运维(警务通)项目"] == (
        Decimal("580.00"), Decimal("444.60"), Decimal("76.66"), None)
    assert projects["见义勇为奖励项目"] == (Decimal("50.00"), None, None, "财政未拨付资金，未形成支付")


def test_organisation_and_budget_units(warehouse):
    # line 92: 内设机构 11 个，包括：四部七支队; line 96: 单位共 14 个
    [(bodies, composition, units, listed)] = _sample(
        warehouse, "select internal_body_count, internal_bodies, budget_unit_count, listed_unit_count"
                   " from marts.narrative_organisation")
    assert (bodies, composition, units, listed) == (11, "四部七支队", 14, 14)
    first = _sample(warehouse, "select unit_seq, unit_name from marts.narrative_budget_units")
    assert sorted(first)[0] == (1, "安阳市公安局(本级)") and len(first) == 14


def test_project_goals(warehouse):
    goals = _sample(warehouse, "select scorecard_kind, goal_kind, expected_text from marts.fct_scorecard_goal")
    assert {(kind, goal_kind) for kind, goal_kind, _ in goals} == {("department", "年度履职目标"), ("project", "年度总体目标")}
    # line 683: 对一名信访人开展司法救助，救助 6 万元。
    assert ("project", "年度总体目标", "对一名信访人开展司法救助，救助 6 万元。") in goals


def test_duties_and_glossary(warehouse):
    counts = warehouse.query("select kind, count(*) from marts.narrative_texts where department_name = %s"
                             " and fiscal_year = 2023 group by 1 order by 1", ANYANG)
    assert dict(counts) == {"部门职责": 17, "名词解释": 18}   # lines 52-88 and 2006-2041
    # line 2006: 一、财政拨款收入：单位从同级政府财政部门取得的财政预算资金。
    assert warehouse.query("select label, text, source_line from marts.narrative_texts where department_name = %s"
                           " and fiscal_year = 2023 and term = '财政拨款收入'", ANYANG) == [
        ("一、", "单位从同级政府财政部门取得的财政预算资金。", 2006)]
    # Shanghai prints its duties under 一、主要职能, and eleven terms
    assert dict(warehouse.query("select kind, count(*) from marts.narrative_texts where department_name = %s"
                                " group by 1", SHANGHAI_DEPT)) == {"部门职责": 1, "名词解释": 11}


# -- the README's analyst questions -----------------------------------------------------------------

QUESTION_FILES = [SAMPLE, SECOND_YEAR, SHANGHAI]
QUESTION_MARTS = ["+fct_expenditure_by_subject", "+fct_income_by_subject", "+fct_basic_expenditure_by_econ"]


def readme_questions() -> list[tuple[str, str, list[tuple[str, ...]]]]:
    """(title, SQL, answer rows) of every question of the README's “Questions analysts ask”."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Questions analysts ask\n", 1)[1].split("\n## ", 1)[0]
    found = []
    for match in re.finditer(r"\*\*(.+?)\*\*.*?```sql\n(.*?)```\s*\n((?:\|[^\n]*\|\n)+)", section, re.S):
        title, sql, table = match.groups()
        rows = [tuple(cell.strip() for cell in line.strip().strip("|").split("|")) for line in table.splitlines()]
        found.append((title, sql.strip().rstrip(";"), rows[2:]))  # header and rule lines left out
    return found


@pytest.fixture(scope="module")
def questions_db(database_url):
    """The sample, its 2024 test fixture and the Shanghai report, alone, with the marts the questions read."""
    import os

    from juesuan.loaders.app.dbt_runner import build
    from juesuan.loaders.app.load_job import load_files
    from juesuan.loaders.app.migrate import upgrade

    name = (urlsplit(database_url).path.lstrip("/") or "juesuan") + "_questions"
    with psycopg.connect(with_database(database_url, "postgres"), autocommit=True) as conn:
        conn.execute(f'drop database if exists "{name}" with (force)')
        conn.execute(f'create database "{name}"')
    url = with_database(database_url, name)
    upgrade(url)
    assert {o.status for o in load_files(url, QUESTION_FILES)} == {"loaded"}
    saved = os.environ.get("DBT_EXCLUDE_RESOURCE_TYPES")
    os.environ["DBT_EXCLUDE_RESOURCE_TYPES"] = "test"   # the shared warehouse runs them
    try:
        result = build(url, select=QUESTION_MARTS)
    finally:
        if saved is None:
            os.environ.pop("DBT_EXCLUDE_RESOURCE_TYPES")
        else:
            os.environ["DBT_EXCLUDE_RESOURCE_TYPES"] = saved
    assert result.success, result.errors
    return url


def test_the_readme_answers_its_analyst_questions(questions_db):
    questions = readme_questions()
    assert len(questions) == 5, [q[0] for q in questions]
    for title, sql, answer in questions:
        assert "join" not in sql.lower(), title  # one plain SELECT on one mart
        rows = [tuple("" if v is None else str(v) for v in row) for row in query(questions_db, sql)]
        assert sorted(rows) == sorted(answer), title  # sorted: names order by the server's collation
