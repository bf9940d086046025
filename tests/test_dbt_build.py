"""dbt build: staging views and marts tables from hand-written raw rows, with their tests."""
from __future__ import annotations

from decimal import Decimal

import psycopg
import pytest

from juesuan.loaders.app.dbt_runner import build

RAW_ROWS = """
insert into raw.departments (department_id, department_name, region)
values (1, '安阳市公安局', '安阳市');

insert into raw.documents (document_id, content_sha256, source_path, source_format, department_id,
                           fiscal_year, report_kind, money_unit, publication_text, published_on,
                           parser_version, is_current, superseded_by)
values (1, repeat('a', 64), 'examples/anyang-police-2023-final-accounts.txt', 'text', 1,
        2023, '部门决算', '万元', '二〇二四年九月', date '2024-09-01', '0.1.0', true, null),
       (2, repeat('b', 64), 'inbox/anyang-police-2023-final-accounts-old.txt', 'text', 1,
        2023, '部门决算', '万元', '二〇二四年九月', date '2024-09-01', '0.1.0', false, 1);

insert into raw.budget_units (document_id, unit_seq, unit_name)
values (1, 1, '安阳市公安局本级'), (1, 2, '安阳市公安局文峰分局');

insert into raw.report_tables (document_id, table_code, title, printed_number, unit, source_line)
values (1, '03', '支出决算表', '03', '万元', 400),
       (1, '06', '一般公共预算财政拨款基本支出决算明细表', '06', '万元', 600),
       (2, '03', '支出决算表', '03', '万元', 400);

insert into raw.subjects (subject_code, subject_name, level, parent_code)
values ('204', '公共安全支出', 1, null),
       ('20402', '公安', 2, '204'),
       ('2040201', '行政运行', 3, '20402');

insert into raw.econ_subjects (econ_code, econ_name, level, parent_code, expense_group)
values ('301', '工资福利支出', 1, null, '人员经费'),
       ('30101', '基本工资', 2, '301', '人员经费');

insert into raw.amounts (amount_id, document_id, table_code, row_seq, col_seq, section, line_label,
                         line_no, subject_code, econ_code, measure, amount, unit, raw_text, source_line)
values (1, 1, '03', 5, 0, null, '行政运行', null, '2040201', null, '本年支出合计', 67479.00, '万元', '67479.00', 412),
       (2, 1, '03', 5, 1, null, '行政运行', null, '2040201', null, '基本支出', 67479.00, '万元', '67479.00', 412),
       (3, 1, '03', 5, 2, null, '行政运行', null, '2040201', null, '项目支出', 0, '万元', '0.00', 412),
       (4, 1, '06', 1, 0, '人员经费', '基本工资', null, null, '30101', '决算数', 12345.67, '万元', '12345.67', 610),
       (5, 2, '03', 5, 0, null, '行政运行', null, '2040201', null, '本年支出合计', 99999.99, '万元', '99999.99', 412),
       (6, 2, '03', 5, 1, null, '行政运行', null, '2040201', null, '基本支出', 99999.99, '万元', '99999.99', 412);

insert into raw.parse_warnings (warning_id, document_id, table_code, message, raw_text, source_line)
values (1, 1, '09', '无法识别的数字 unreadable number', '1 2.3', 900);
"""


pytestmark = pytest.mark.dbt
# the marts these rows reach, and what they are built from
MARTS = ["+fct_final_accounts", "+dim_department", "+dim_subject", "+dim_econ_subject"]


@pytest.fixture
def loaded_db(migrated_db):
    with psycopg.connect(migrated_db, autocommit=True) as conn:
        conn.execute(RAW_ROWS)
    return migrated_db


def query(url, sql, params=()):
    with psycopg.connect(url) as conn:
        return conn.execute(sql, params).fetchall()


def test_build_creates_marts_from_current_documents(loaded_db):
    result = build(loaded_db, select=MARTS)
    assert result.success, result.errors
    assert result.errors == []
    assert result.tests_passed > 0
    assert result.tests_failed == 0

    # 2040201 行政运行: all basic expenditure, no project expenditure (table 03).
    rows = query(loaded_db, """
        select measure, amount from marts.fct_final_accounts
        where subject_code = '2040201' and table_code = '03' and fiscal_year = 2023
          and department_name = '安阳市公安局'
        order by measure""")
    assert dict(rows) == {"本年支出合计": Decimal("67479.00"), "基本支出": Decimal("67479.00"),
                          "项目支出": Decimal("0")}

    # The superseded document (2) is history: none of its amounts reach the marts.
    assert query(loaded_db, "select distinct document_id from marts.fct_final_accounts") == [(1,)]
    assert query(loaded_db, "select count(*) from marts.fct_final_accounts") == [(4,)]

    # Joined names and the economic classification of table 06.
    assert query(loaded_db, """
        select table_title, subject_name, unit_as_printed, raw_text, source_line
        from marts.fct_final_accounts where amount_id = 2""") == [
        ("支出决算表", "行政运行", "万元", "67479.00", 412)]
    assert query(loaded_db, """
        select f.econ_code, f.econ_name, e.expense_group, f.amount
        from marts.fct_final_accounts f join marts.dim_econ_subject e using (econ_code)
        where f.table_code = '06'""") == [("30101", "基本工资", "人员经费", Decimal("12345.67"))]

    assert query(loaded_db, """
        select department_id, department_name, region, first_fiscal_year, last_fiscal_year, document_count
        from marts.dim_department""") == [(1, "安阳市公安局", "安阳市", 2023, 2023, 1)]
    assert query(loaded_db, """
        select subject_code, level, level_name, parent_code, class_code
        from marts.dim_subject order by subject_code""") == [
        ("204", 1, "类", None, "204"),
        ("20402", 2, "款", "204", "204"),
        ("2040201", 3, "项", "20402", "204")]


def test_descriptions_become_comments(warehouse):
    loaded_db = warehouse.url
    comments = dict(query(loaded_db, """
        select a.attname, d.description
        from pg_description d
        join pg_attribute a on a.attrelid = d.objoid and a.attnum = d.objsubid
        where d.objoid = 'marts.fct_final_accounts'::regclass"""))
    assert "功能分类科目编码" in comments["subject_code"]
    assert "万元" in comments["amount"]
    table_comment = query(loaded_db, "select obj_description('marts.fct_final_accounts'::regclass, 'pg_class')")
    assert "部门决算" in table_comment[0][0]


def test_amounts_printed_in_yuan_are_converted(loaded_db):
    with psycopg.connect(loaded_db, autocommit=True) as conn:
        conn.execute("""
            insert into raw.amounts (amount_id, document_id, table_code, row_seq, col_seq, line_label,
                                     subject_code, measure, amount, unit, raw_text)
            values (7, 1, '05', 1, 0, '行政运行', '2040201', '基本支出', 674790000.00, '元', '674,790,000.00')""")
    assert build(loaded_db, select=MARTS).success
    assert query(loaded_db, """
        select amount, amount_as_printed, unit_as_printed from marts.fct_final_accounts
        where amount_id = 7""") == [(Decimal("67479"), Decimal("674790000.00"), "元")]


BROKEN = {
    "invalid table code": (
        """insert into raw.amounts (amount_id, document_id, table_code, row_seq, col_seq, line_label,
                                    measure, amount, unit, raw_text)
           values (8, 1, '10', 1, 0, '合计', '金额', 1.00, '万元', '1.00')""",
        ["+fct_final_accounts"], "accepted_values_fct_final_accounts_table_code"),
    "款 without a parent": (
        "insert into raw.subjects (subject_code, subject_name, level, parent_code) values ('20403', '国家安全', 2, null)",
        ["+dim_subject"], "assert_subject_has_parent"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_data_fails_the_build(loaded_db, case):
    statement, select, failing_test = BROKEN[case]
    with psycopg.connect(loaded_db, autocommit=True) as conn:
        conn.execute(statement)
    result = build(loaded_db, select=select)
    assert not result.success
    assert result.tests_failed == 1
    assert result.tests_passed > 0
    assert [error.split(":")[0] for error in result.errors] == [failing_test], result.errors
