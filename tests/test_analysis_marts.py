"""Narrative facts in PostgreSQL and the analysis marts built on them by dbt, on the sample and two years of it."""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import psycopg
import pytest

from conftest import SECOND_YEAR
from juesuan.loaders.app import migrate
from juesuan.loaders.app.load_job import load_files
from juesuan.loaders.parse import parse_file
from juesuan.loaders.report import NarrativeFact
from juesuan.loaders.store import store_report

DEPARTMENT = "安阳市公安局"


def query(url, sql, params=()):
    with psycopg.connect(url) as conn:
        return conn.execute(sql, params).fetchall()


def test_migration_0003_upgrades_and_downgrades(empty_db):
    migrate.upgrade(empty_db)
    assert migrate.current(empty_db) == migrate.heads()
    comment = query(empty_db, "select obj_description('raw.narrative_facts'::regclass, 'pg_class')")[0][0]
    assert "情况说明" in comment and "narrative" in comment
    migrate.downgrade(empty_db, "0002")  # the revisions after 0002 come off
    assert "0003" not in (migrate.current(empty_db) or "").split(",")
    assert query(empty_db, "select to_regclass('raw.narrative_facts'), to_regclass('raw.documents')") == [
        (None, "raw.documents")]
    migrate.upgrade(empty_db)
    assert migrate.current(empty_db) == migrate.heads()


def test_loading_stores_every_fact_with_its_sentence(migrated_db, sample_path):
    report = parse_file(sample_path)
    load_files(migrated_db, [sample_path])
    assert query(migrated_db, "select count(*) from raw.narrative_facts") == [(len(report.narrative_facts),)]
    [(value, raw_text, line, sentence, code, name)] = query(migrated_db, """
        select f.value, f.raw_text, f.source_line, f.sentence, f.subject_code, s.subject_name
        from raw.narrative_facts f join raw.subjects s using (subject_code)
        where f.fact_type = 'subject_execution' and f.measure = 'initial_budget' and f.subject_code = '2040201'""")
    assert (value, raw_text, code, name) == (Decimal("59749.74"), "59749.74", "2040201", "行政运行")
    assert raw_text in sample_path.read_text(encoding="utf-8").splitlines()[line - 1]
    assert sentence.startswith("4. 公共安全支出（类）公安（款）行政运行（项）年初预算为 59749.74 万元")
    # loading the same file again adds nothing
    load_files(migrated_db, [sample_path])
    assert query(migrated_db, "select count(*) from raw.narrative_facts") == [(len(report.narrative_facts),)]


def test_a_fact_the_database_refuses_leaves_nothing_of_the_report(migrated_db, sample_path):
    report = parse_file(sample_path)
    broken = NarrativeFact("three_public", "合计", "actual", None, "万元", "无数值的句子。", "情况说明")
    with psycopg.connect(migrated_db) as conn, pytest.raises(psycopg.errors.CheckViolation):
        store_report(conn, replace(report, narrative_facts=[*report.narrative_facts, broken]))
    assert query(migrated_db, "select (select count(*) from raw.documents), (select count(*) from raw.amounts),"
                              " (select count(*) from raw.narrative_facts)") == [(0, 0, 0)]


def test_the_three_questions_on_the_sample(warehouse):
    url = warehouse.url

    # 1. How much did total spending grow over 2022? The 2022 report is not loaded: the narrative says.
    [(amount, prior, change, pct, reported_pct, source)] = query(url, """
        select amount, prior_year_amount, change_amount, change_pct, reported_change_pct, source
        from marts.yoy_department_totals
        where department_name = %s and fiscal_year = 2023 and measure = '支出总计'""", (DEPARTMENT,))
    assert (amount, change, reported_pct, source) == (
        Decimal("87277.34"), Decimal("5355.63"), Decimal("6.54"), "narrative")
    assert prior == amount - change == Decimal("81921.71")
    assert pct == (change / prior * 100).quantize(Decimal("0.01")) == reported_pct
    # the stated amount is the one table 01 prints
    assert query(url, """select amount from marts.fct_final_accounts where department_name = '安阳市公安局'
                         and fiscal_year = 2023
                         and table_code = '01' and section = '支出' and line_label = '总计'""") == [(amount,)]
    # 机关运行经费: the report's 26.45 % is not the change over the prior year (20.92 %); both stay visible
    assert query(url, """select change_amount, change_pct, reported_change_pct from marts.yoy_department_totals
                         where department_name = '安阳市公安局'
                         and fiscal_year = 2023 and measure = '机关运行经费支出'""") == [
        (Decimal("-2771.93"), Decimal("-20.92"), Decimal("-26.45"))]

    # 2. Which 科目 ran furthest over or under their initial budget, and why?
    rows = query(url, """
        select subject_code, subject_name, initial_budget, final_amount, variance_amount, completion_rate,
               reported_completion_rate, reason
        from marts.execution_rate_by_subject
        where department_name = %s and fiscal_year = 2023 and line_kind = '科目'
        order by abs(variance_amount) desc""", (DEPARTMENT,))
    assert len(rows) == 11
    code, name, budget, final, variance, rate, reported, reason = rows[0]
    assert (code, name, budget, final, reason) == (
        "2040201", "行政运行", Decimal("59749.74"), Decimal("67479.00"), "增人增资等")
    assert variance == final - budget == Decimal("7729.26") and rate == reported == Decimal("112.94")
    furthest_under = min(rows, key=lambda r: r[4])
    assert furthest_under[1:5] == ("一般行政管理事务", Decimal("3464.96"), Decimal("2717.00"), Decimal("-747.96"))
    assert furthest_under[7].startswith("部分项目进展缓慢")
    for code, name, budget, final, variance, rate, reported, reason in rows:
        assert reason, name
        assert rate == reported, name  # the printed rates are the computed ones
    # the 决算 joined from table 05 is the table's printed amount
    table_05 = dict(query(url, """select subject_code, amount from marts.fct_final_accounts where department_name = '安阳市公安局'
                         and fiscal_year = 2023
                                  and table_code = '05' and measure = '本年支出合计' and subject_code is not null"""))
    assert all(table_05[r[0]] == r[3] for r in rows if r[0])
    fund = query(url, """select initial_budget, final_amount, final_amount_source, completion_rate
                         from marts.execution_rate_by_subject where department_name = '安阳市公安局'
                         and fiscal_year = 2023
                         and fund = '政府性基金预算财政拨款' and line_kind = '合计'""")
    assert fund == [(Decimal("8254.56"), Decimal("3621.36"), "table_07", Decimal("43.87"))]

    # 3. How do the 三公 categories compare with budget?
    rows = query(url, """
        select category, budget, actual, execution_rate, budget_source, basic_expenditure_amount
        from marts.three_public_expenses
        where department_name = %s and fiscal_year = 2023 order by category_order""", (DEPARTMENT,))
    assert [r[0] for r in rows] == ["合计", "因公出国(境)费", "公务用车购置及运行维护费", "公务用车购置费",
                                    "公务用车运行维护费", "公务接待费"]
    table_09 = {(label, measure): amount for label, measure, amount in query(url, """
        select line_label, measure, amount from marts.fct_final_accounts
        where department_name = '安阳市公安局'
                         and fiscal_year = 2023 and table_code = '09'""")}
    table_06 = {code: amount for code, amount in query(url, """
        select econ_code, amount from marts.fct_final_accounts where department_name = '安阳市公安局'
                         and fiscal_year = 2023 and table_code = '06'
        and econ_code in ('30212', '31013', '30231', '30217')""")}
    for category, budget, actual, rate, budget_source, basic in rows:
        if category == "因公出国(境)费":  # table 09 leaves it empty; the narrative states 0.00 and 0.00
            assert (budget, actual, rate, budget_source) == (Decimal("0.00"), Decimal("0.00"), None, "narrative")
            continue
        assert (budget, actual) == (table_09[(category, "预算数")], table_09[(category, "决算数")]), category
        assert rate == Decimal("100.00") and budget_source == "table_09"
    basic = {r[0]: r[5] for r in rows}
    assert basic["公务用车运行维护费"] == table_06["30231"] == Decimal("903.22")
    assert basic["合计"] == sum(table_06.values())
    details = query(url, """select category, vehicles_purchased, fleet_size, delegations, person_times
                            from marts.three_public_expenses where department_name = '安阳市公安局'
                         and fiscal_year = 2023 and category in
                            ('公务用车购置费', '公务用车购置及运行维护费', '公务接待费') order by category_order""")
    assert details == [("公务用车购置及运行维护费", None, Decimal("807"), None, None),
                       ("公务用车购置费", Decimal("46"), None, None, None),
                       ("公务接待费", None, None, Decimal("0"), Decimal("0"))]

    # descriptions are persisted as comments, in Chinese and English
    for relation in ("yoy_department_totals", "execution_rate_by_subject", "three_public_expenses"):
        [(comment,)] = query(url, "select obj_description(%s::regclass, 'pg_class')", (f"marts.{relation}",))
        assert comment and any("\u4e00" <= c <= "\u9fff" for c in comment) and any(c.isascii() and c.isalpha()
                                                                               for c in comment), relation
        undocumented = query(url, """
            select a.attname from pg_attribute a
            left join pg_description d on d.objoid = a.attrelid and d.objsubid = a.attnum
            where a.attrelid = %s::regclass and a.attnum > 0 and not a.attisdropped and d.description is null""",
                             (f"marts.{relation}",))
        assert undocumented == [], relation


def test_two_years_of_one_department(warehouse):
    assert SECOND_YEAR.read_text(encoding="utf-8").startswith("【测试数据 TEST FIXTURE")
    url = warehouse.url

    # both reports loaded: 2024 compares with the 2023 report's tables; the 2024 narrative agrees
    rows = query(url, """
        select amount, prior_year_amount, change_amount, change_pct, source, other_source_prior_year_amount,
               sources_agree, prior_year_document_id is not null
        from marts.yoy_department_totals
        where department_name = %s and fiscal_year = 2024 and measure = '支出总计'""", (DEPARTMENT,))
    assert rows == [(Decimal("88277.34"), Decimal("87277.34"), Decimal("1000.00"), Decimal("1.15"), "reports",
                     Decimal("87277.34"), True, True)]
    # 2023 still has no loaded prior year
    assert query(url, """select distinct source from marts.yoy_department_totals where department_name = '安阳市公安局'
                         and fiscal_year = 2023""") == [
        ("narrative",)]
    # the fixture's 机关运行经费 comparison disagrees with the 2023 report: both rows stay visible
    office = query(url, """
        select source, amount, prior_year_amount, change_amount, sources_agree
        from marts.yoy_department_totals
        where department_name = '安阳市公安局'
                         and fiscal_year = 2024 and measure = '机关运行经费支出' order by source""")
    assert office == [
        ("narrative", Decimal("11000.00"), Decimal("10400.00"), Decimal("600.00"), False),
        ("reports", Decimal("11000.00"), Decimal("10480.64"), Decimal("519.36"), False)]
    # measures only tables print (三公 total) come from the reports path alone
    assert query(url, """select amount, prior_year_amount, source from marts.yoy_department_totals
                         where department_name = '安阳市公安局'
                         and fiscal_year = 2024 and measure = '三公经费支出'""") == [
        (Decimal("1573.07"), Decimal("1523.07"), "reports")]

    three_public = query(url, """
        select category, actual, prior_year_actual, prior_year_source, yoy_change_pct
        from marts.three_public_expenses where department_name = '安阳市公安局'
                         and fiscal_year = 2024 and category in ('合计', '公务用车运行维护费')
        order by category_order""")
    assert three_public == [
        ("合计", Decimal("1573.07"), Decimal("1523.07"), "reports", (Decimal(50) / Decimal("1523.07") * 100).quantize(
            Decimal("0.01"))),
        ("公务用车运行维护费", Decimal("954.82"), Decimal("904.82"), "reports",
         (Decimal(50) / Decimal("904.82") * 100).quantize(Decimal("0.01")))]

    # each year's execution rows come from its own current report
    assert query(url, """select fiscal_year, final_amount from marts.execution_rate_by_subject
                         where department_name = '安阳市公安局'
                         and subject_code = '2040299' order by fiscal_year""") == [
        (2023, Decimal("4491.82")), (2024, Decimal("5491.82"))]
