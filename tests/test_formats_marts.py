"""One report in three formats gives the same marts; the real Shanghai PDF loads completely.

The shared warehouse loads the sample printed as PDF, .xlsx and .xls (three older versions of
its report) before the text report (the current version), and the real Shanghai PDF; one dbt
build of the whole project. marts.fct_final_accounts_history keeps every version's amounts:
each printed format must give exactly the amounts of the text.
"""
from __future__ import annotations

from decimal import Decimal

import pytest

from conftest import SAMPLE, SAMPLE_FORMATS, SHANGHAI
from juesuan.loaders.app.resources import dbt_project_dir

ANYANG, PUTUO = "安阳市公安局", "中共上海市普陀区委社会工作部"
VERSION_ROWS = """
    select table_code, section, line_label, line_no, subject_code, econ_code, measure, amount, raw_text
    from marts.fct_final_accounts_history h join marts.report_versions v using (document_id)
    where h.department_name = %s and h.fiscal_year = 2023 and v.source_path = %s
    order by table_code, row_seq, col_seq
"""


def test_the_whole_project_builds_and_tests_green(warehouse):
    result = warehouse.build
    assert result.success and result.tests_failed == 0 and result.errors == []
    # every model of the project was built: none skipped after a failure upstream
    assert result.models_built == len(list((dbt_project_dir() / "models").rglob("*.sql")))
    assert result.tests_passed > 0


def test_the_shanghai_pdf_is_in_the_marts_completely(warehouse):
    rows = warehouse.query("select table_code, count(*), sum(amount) from marts.fct_final_accounts"
                           " where department_name = %s group by table_code order by 1", PUTUO)
    assert [(code, n) for code, n, _ in rows] == [("01", 9), ("02", 36), ("03", 39), ("04", 15), ("05", 39),
                                                  ("06", 67)]
    assert warehouse.query("select region from marts.dim_department where department_name = %s", PUTUO) == [
        ("上海市普陀区",)]
    [(amount, page, printed)] = warehouse.query("""
        select f.amount, f.source_page, t.printed_number from marts.fct_final_accounts f
        join raw.report_tables t using (document_id, table_code)
        where f.department_name = %s and f.table_code = '05' and f.subject_code = '2210201'
          and f.measure = '基本支出'""", PUTUO)
    assert (amount, page, printed) == (Decimal("17.70"), 12, "05")
    # 三公 printed as table 7 is stored as 09, with its 说明 and no invented amount
    assert warehouse.query("select t.printed_number, t.note like '注：%%说明：%%故本表无数据。' from raw.report_tables t"
                           " join raw.documents d using (document_id) where t.table_code = '09'"
                           " and d.source_path = %s", str(SHANGHAI)) == [("07", True)]
    completeness = warehouse.query("select table_code, status, note like '%%故本表无数据。' from marts.report_completeness"
                                   " where department_name = %s order by table_code", PUTUO)
    assert completeness == [(c, "found", False) for c in ("01", "02", "03", "04", "05", "06")] + [
        (c, "empty_with_note", True) for c in ("07", "08", "09")]
    subjects = dict(warehouse.query("select subject_code, subject_name from marts.dim_subject"
                                    " where subject_code in ('2013999', '20139', '221')"))
    assert subjects == {"2013999": "其他社会工作事务支出", "20139": "社会工作事务", "221": "住房保障支出"}


def test_the_text_report_is_the_current_version(warehouse):
    assert warehouse.query("select v.source_path, v.version_no, v.version_count from marts.report_versions v"
                           " where v.department_name = %s and v.fiscal_year = 2023 and v.is_current", ANYANG) == [
        (str(SAMPLE), 4, 4)]


@pytest.mark.parametrize("printed", SAMPLE_FORMATS, ids=lambda p: p.suffix)
def test_the_sample_in_another_format_gives_the_same_marts(warehouse, printed):
    from_text = warehouse.query(VERSION_ROWS, ANYANG, str(SAMPLE))
    assert len(from_text) == 701
    assert warehouse.query(VERSION_ROWS, ANYANG, str(printed)) == from_text
    [outcome] = [o for o in warehouse.outcomes if o.path == str(printed)]
    # one warning: the fixtures print the sample only up to its nine tables, before the parts its 目录 lists
    assert (outcome.status, outcome.amounts, outcome.warnings) == ("loaded", 701, 1)
