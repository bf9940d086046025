"""Scorecards in a real PostgreSQL: migration 0002, the load with provenance, the marts, the analyst's question."""
from __future__ import annotations

import dataclasses
from decimal import Decimal

import psycopg
import pytest

from juesuan.loaders.app import migrate
from juesuan.loaders.app.dbt_runner import build
from juesuan.loaders.app.load_job import load_files
from juesuan.loaders.parse import parse_file
from juesuan.loaders.store import store_report

SCORECARD_TABLES = {"scorecards", "scorecard_funding", "scorecard_management_items", "scorecard_goals",
                    "scorecard_tasks", "scorecard_indicators"}
# these marts, what they are built from, and dim_department (their relationships tests point to it)
MARTS = ["+fct_project_scorecard", "+fct_department_scorecard", "+fct_scorecard_indicator", "+dim_department"]

# The analyst's question, in one query: which projects executed under 60 % of their full-year
# budget yet scored 90 or more, and which of their indicators deviated, with the reasons given.
ANALYST_QUERY = """
    select p.project_name, p.execution_rate, p.total_score, i.level3, i.deviation, i.deviation_reason
    from marts.fct_project_scorecard p
    left join marts.fct_scorecard_indicator i on i.scorecard_id = p.scorecard_id and i.is_deviated
    where p.execution_rate < 60 and p.total_score >= 90
      and p.department_name = '安阳市公安局' and p.fiscal_year = 2023
    order by p.scorecard_seq, i.indicator_seq
"""
# read off the sample by eye: 全年执行数 / 全年预算数 under 60 % and 总分 ≥ 90, and their lines with a 偏差度
ANSWER = [
    ("2022年市区新开办企业免费刻章（欠款）", Decimal("42.71"), Decimal("93.44"), "市区免费刻章数量", Decimal("-8.44"),
     "受疫情影响，开办企业减少"),
    ("2022年市区新开办企业免费刻章（欠款）", Decimal("42.71"), Decimal("93.44"), "新办企业家数", Decimal("-8.16"),
     "受疫情影响，开办企业减少"),
    ("2023年机动车驾驶人考试考场购买服务（政府购买服务）", Decimal("53.22"), Decimal("92.65"), "支付以前年度服务费",
     Decimal("-88.85"), "前期目标值填写错误"),
    ("2023 年省级平安河南建设专项资金", Decimal("0.00"), Decimal("90"), None, None, None),
    ("2023年市区新开办企业免费刻章", Decimal("0.00"), Decimal("90"), None, None, None),
    ("2023 年司法救助资金（第二批）", Decimal("0.00"), Decimal("90"), None, None, None),
    ("安阳市治安管理信息系统运行维护费用（旅馆业、娱乐场所）", Decimal("0.00"), Decimal("90"), None, None, None),
    ("安阳市治安管理信息系统运行维护费用（印章业）", Decimal("0.00"), Decimal("90"), None, None, None),
    ("市公安局红旗渠机场公安分局开办费", Decimal("30.72"), Decimal("93.07"), None, None, None),
    ("市公安局视频监控运行维护服务", Decimal("57.14"), Decimal("95.62"), "系统终端运行成本", Decimal("-3.02"),
     "合同成本调整"),
    ("殷墟遗址保护区“天眼”技防系统", Decimal("54.20"), Decimal("95.42"), None, None, None),
    ("安阳高速智能卡口系统服务及视频调度系统服务", Decimal("0.00"), Decimal("90"), None, None, None),
    ("公安交通集成指挥平台运维服务（2021 年）", Decimal("0.00"), Decimal("90"), None, None, None),
    ("新增路口电子警察设备和交通设施", Decimal("0.00"), Decimal("90"), None, None, None),
]


def query(url, sql, params=()):
    with psycopg.connect(url) as conn:
        return conn.execute(sql, params or None).fetchall()


def raw_tables(url):
    return {r[0] for r in query(url, "select table_name from information_schema.tables where table_schema = 'raw'")}


def counts(url):
    return {table: query(url, f"select count(*) from raw.{table}")[0][0] for table in sorted(SCORECARD_TABLES)}


@pytest.fixture
def loaded_db(migrated_db, sample_path):
    [outcome] = load_files(migrated_db, [sample_path])
    assert outcome.status == "loaded", outcome
    return migrated_db


# -- schema ------------------------------------------------------------------------------------

def test_migration_0002_upgrades_and_downgrades(empty_db):
    migrate.upgrade(empty_db)
    assert SCORECARD_TABLES <= raw_tables(empty_db)
    assert migrate.current(empty_db) == migrate.heads()
    migrate.downgrade(empty_db, "0001")  # back to 0001: the revisions from 0002 on come off
    assert not SCORECARD_TABLES & raw_tables(empty_db)
    assert "documents" in raw_tables(empty_db) and "0002" not in (migrate.current(empty_db) or "").split(",")
    migrate.upgrade(empty_db)
    assert SCORECARD_TABLES <= raw_tables(empty_db)
    comments = dict(query(empty_db, "select c.relname, obj_description(c.oid, 'pg_class') from pg_class c"
                                    " where c.relnamespace = 'raw'::regnamespace and c.relname like 'scorecard%'"))
    assert "绩效自评" in comments["scorecards"] and "indicator" in comments["scorecard_indicators"]


# -- load ------------------------------------------------------------------------------------

def test_sample_scorecards_are_stored_with_provenance(loaded_db, sample_path):
    assert counts(loaded_db) == {"scorecards": 35, "scorecard_funding": 4 * 32 + 2 * 2,
                                 "scorecard_management_items": 4 * 33, "scorecard_goals": 32,
                                 "scorecard_tasks": 5, "scorecard_indicators": 26 + 384}
    # the row as the text adapter reads it: the line's cells, stripped
    printed = sample_path.read_text(encoding="utf-8").splitlines()
    lines = ["\t".join(c.strip() for c in line.split("\t")) for line in printed]
    [(raw_text, source_line, deviation, deviation_text)] = query(loaded_db, """
        select i.raw_text, i.source_line, i.deviation, i.deviation_text
        from raw.scorecard_indicators i join raw.scorecards s using (scorecard_id)
        where s.project_name = '2023年机动车驾驶人考试考场购买服务（政府购买服务）' and i.level3 = '支付以前年度服务费'""")
    assert lines[source_line - 1] == raw_text and (deviation, deviation_text) == (Decimal("-88.85"), "-88.8 5")
    # exact decimals as printed, not floats
    assert query(loaded_db, "select executed::text, execution_rate::text from raw.scorecard_funding f"
                            " join raw.scorecards s using (scorecard_id)"
                            " where s.project_name = '“视频共享平台”服务' and f.funding_source = '年度资金总额'") == [
        ("36.73", "62.25")]
    for table in sorted(SCORECARD_TABLES - {"scorecards"}):
        for raw_text, source_line in query(loaded_db, f"select raw_text, source_line from raw.{table}"):
            assert raw_text.splitlines()[0] == lines[source_line - 1], (table, source_line)
    titles = query(loaded_db, "select title, source_line from raw.scorecards order by scorecard_seq")
    assert all(lines[line - 1].startswith(title) for title, line in titles)
    # nothing printed: the 涉密 form; indicators withheld but funding and scores printed: two forms
    assert query(loaded_db, "select is_template, indicators_withheld, count(*) from raw.scorecards"
                            " group by 1, 2 order by 1, 2") == [(False, False, 32), (False, True, 2), (True, False, 1)]


def test_loading_twice_changes_nothing(loaded_db, sample_path):
    before = counts(loaded_db)
    [outcome] = load_files(loaded_db, [sample_path])
    assert outcome.status == "skipped" and counts(loaded_db) == before


def test_a_scorecard_the_database_refuses_leaves_nothing_of_the_document(migrated_db, sample_path):
    report = parse_file(sample_path)
    bad = dataclasses.replace(report.scorecards[5], kind="programme")  # violates the kind check
    report = dataclasses.replace(report, scorecards=[*report.scorecards[:5], bad, *report.scorecards[6:]])
    with psycopg.connect(migrated_db, autocommit=True) as conn, pytest.raises(psycopg.errors.CheckViolation):
        store_report(conn, report)
    assert set(counts(migrated_db).values()) == {0}
    assert query(migrated_db, "select count(*) from raw.documents") == [(0,)]


# -- marts -----------------------------------------------------------------------------------

def test_marts_answer_the_analyst_question(warehouse):
    assert warehouse.query(ANALYST_QUERY) == ANSWER


def test_project_scorecard_mart(warehouse):
    loaded_db = warehouse.url
    rows = query(loaded_db, """
        select count(*), count(*) filter (where is_template), sum(indicator_count),
               count(*) filter (where execution_rate is distinct from reported_execution_rate
                                and reported_execution_rate is not null)
        from marts.fct_project_scorecard where department_name = '安阳市公安局' and fiscal_year = 2023""")
    # the computed execution rate agrees with the printed one on every form of the sample
    assert rows == [(34, 1, 384, 0)]
    assert query(loaded_db, """
        select project_name, initial_budget, full_year_budget, executed, execution_rate, reported_execution_rate,
               funding_score, management_score, total_score, indicator_count, deviated_indicator_count
        from marts.fct_project_scorecard where department_name = '安阳市公安局' and fiscal_year = 2023 and project_name = '公安信息网络移动终端专项租赁及运维(警务通)'""") == [
        ("公安信息网络移动终端专项租赁及运维(警务通)", Decimal("580"), Decimal("580"), Decimal("444.6"),
         Decimal("76.66"), Decimal("76.66"), Decimal("7.67"), Decimal("20"), Decimal("93"), 15, 3)]
    assert query(loaded_db, """
        select project_name, is_template, indicators_withheld, disclosure_note, executed, execution_rate,
               funding_score, management_score, total_score, indicator_count
        from marts.fct_project_scorecard where department_name = '安阳市公安局' and fiscal_year = 2023
            and (is_template or indicators_withheld) order by scorecard_seq""") == [
        (None, True, False, "本项目涉密依法不公开", None, None, None, None, None, 0),
        ("看守所围墙倒塌抢修", False, True, "项目绩效表依法不公开", Decimal("49.55"), Decimal("100.00"),
         Decimal("10"), Decimal("20"), None, 0),
        ("安阳市看守所医疗社会化购买服务", False, True, "项目绩效表依法不公开", Decimal("64"), Decimal("50.00"),
         Decimal("5"), Decimal("20"), None, 0)]
    assert query(loaded_db, """
        select evaluated_unit, executed, execution_rate, reported_execution_rate, total_score, task_count,
               indicator_count, deviated_indicator_count
        from marts.fct_department_scorecard where department_name = '安阳市公安局' and fiscal_year = 2023""") == [
        ("安阳市公安局", Decimal("87100.85"), Decimal("88.18"), Decimal("88.18"), Decimal("98.13"), 5, 26, 2)]


def test_indicator_mart(warehouse):
    loaded_db = warehouse.url
    assert query(loaded_db, "select scorecard_kind, count(*) from marts.fct_scorecard_indicator"
                            " where department_name = \'安阳市公安局\' and fiscal_year = 2023 group by 1 order by 1") == [("department", 26), ("project", 384)]
    assert query(loaded_db, """
        select project_name, level1, level2, level3, target_text, target_operator, target_value, target_unit,
               actual_value, weight, score, points_lost, deviation, is_deviated, deviation_reason, source_line
        from marts.fct_scorecard_indicator where department_name = '安阳市公安局' and fiscal_year = 2023 and level3 = '市区免费刻章数量' order by scorecard_id""") == [
        ("2022年市区新开办企业免费刻章（欠款）", "产出指标", "数量指标", "市区免费刻章数量", "≥36500 枚", "≥",
         Decimal("36500"), "枚", Decimal("33418"), Decimal("5"), Decimal("4.58"), Decimal("0.42"),
         Decimal("-8.44"), True, "受疫情影响，开办企业减少", 545),
        ("2023年市区新开办企业免费刻章", "产出指标", "数量指标", "市区免费刻章数量", "≥36500 枚", "≥",
         Decimal("36500"), "枚", Decimal("39507"), Decimal("5"), Decimal("5"), Decimal("0"),
         Decimal("0.00"), False, None, 651)]
    assert query(loaded_db, """
        select level3, target_operator from marts.fct_scorecard_indicator
        where department_name = '安阳市公安局' and fiscal_year = 2023 and project_name is null and target_operator = '≤' order by indicator_seq""") == [
        ("预算调整率", "≤"), ("结转结余率", "≤"), ("“三公经费”控制率", "≤")]
    comments = dict(query(loaded_db, """
        select a.attname, d.description from pg_description d
        join pg_attribute a on a.attrelid = d.objoid and a.attnum = d.objsubid
        where d.objoid = 'marts.fct_project_scorecard'::regclass"""))
    assert "执行率" in comments["execution_rate"] and "printed" in comments["reported_execution_rate"]
    table_comment = query(loaded_db, "select obj_description('marts.fct_scorecard_indicator'::regclass, 'pg_class')")
    assert "绩效指标" in table_comment[0][0]


@pytest.mark.dbt
def test_marts_read_the_current_version_only(loaded_db, sample_path, tmp_path):
    corrected = tmp_path / "anyang-police-2023-final-accounts-corrected.txt"
    # another file of the same report, one stated figure corrected: it becomes the current version
    # (a copy that says the same, even in other bytes, is recognised as the same report and skipped)
    text = sample_path.read_text(encoding="utf-8")
    corrected.write_text(text.replace("自评得分 98.13 分", "自评得分 98.14 分", 1), encoding="utf-8")
    [outcome] = load_files(loaded_db, [corrected])
    assert outcome.status == "loaded"
    assert build(loaded_db, select=MARTS).success
    assert query(loaded_db, "select count(*), count(distinct document_id), min(document_id)"
                            " from marts.fct_project_scorecard") == [(34, 1, outcome.document_id)]
    assert query(loaded_db, "select count(*) from marts.fct_scorecard_indicator") == [(410,)]
    assert query(loaded_db, "select count(*) from raw.scorecards") == [(70,)]
