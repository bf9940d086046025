"""One report in three formats gives the same marts; the real Shanghai PDF loads completely.

The sample text report and the real Shanghai PDF are loaded together (in parallel) and the whole
dbt project is built and tested. Then the generated PDF and workbooks of the sample are loaded in
turn (each becomes the current version of the sample's report) and marts.fct_final_accounts must
hold exactly the amounts the text path gave it.
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import psycopg
import pytest

from loaders.dbt_runner import build
from loaders.load import load_files
from loaders.migrate import upgrade

DATA = Path(__file__).resolve().parent / "data"
SHANGHAI = DATA / "shanghai-putuo-social-work-dept-2024-final-accounts.pdf"
SAMPLE_FORMATS = [DATA / "anyang-police-2023-final-accounts.pdf", DATA / "anyang-police-2023-final-accounts.xlsx",
                  DATA / "anyang-police-2023-final-accounts.xls"]
ANYANG, PUTUO = "安阳市公安局", "中共上海市普陀区委社会工作部"
MART_ROWS = """
    select table_code, section, line_label, line_no, subject_code, econ_code, measure, amount, raw_text
    from marts.fct_final_accounts where department_name = %s
    order by table_code, row_seq, col_seq
"""


def query(url, sql, *params):
    with psycopg.connect(url) as conn:
        return conn.execute(sql, params).fetchall()


@pytest.fixture(scope="module")
def warehouse(database_url, tmp_path_factory, sample_path_module):
    """The sample (text) and the Shanghai PDF loaded and built: the baseline of this module."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JUESUAN_HOME", str(tmp_path_factory.mktemp("juesuan-home")))
        with psycopg.connect(database_url, autocommit=True) as conn:
            for schema in ("marts", "intermediate", "staging", "raw"):
                conn.execute(f"drop schema if exists {schema} cascade")
        upgrade(database_url)
        outcomes = load_files(database_url, [sample_path_module, SHANGHAI])
        assert [(o.status, o.amounts) for o in outcomes] == [("loaded", 701), ("loaded", 205)], outcomes
        result = build(database_url)
        yield database_url, result, query(database_url, MART_ROWS, ANYANG)


@pytest.fixture(scope="module")
def sample_path_module():
    return Path(__file__).resolve().parent.parent / "examples" / "anyang-police-2023-final-accounts.txt"


def test_the_whole_project_builds_and_tests_green_with_the_shanghai_pdf(warehouse):
    _, result, _ = warehouse
    assert result.success and result.tests_failed == 0, result.errors


def test_the_shanghai_pdf_is_in_the_marts_completely(warehouse):
    url, _, _ = warehouse
    rows = query(url, "select table_code, count(*), sum(amount) from marts.fct_final_accounts"
                      " where department_name = %s group by table_code order by 1", PUTUO)
    assert [(code, n) for code, n, _ in rows] == [("01", 9), ("02", 36), ("03", 39), ("04", 15), ("05", 39),
                                                  ("06", 67)]
    assert query(url, "select region from marts.dim_department where department_name = %s", PUTUO) == [
        ("上海市普陀区",)]
    [(amount, page, printed)] = query(url, """
        select f.amount, f.source_page, t.printed_number from marts.fct_final_accounts f
        join raw.report_tables t using (document_id, table_code)
        where f.department_name = %s and f.table_code = '05' and f.subject_code = '2210201'
          and f.measure = '基本支出'""", PUTUO)
    assert (amount, page, printed) == (Decimal("17.70"), 12, "05")
    # 三公 printed as table 7 is stored as 09, with its 说明 and no invented amount
    assert query(url, "select printed_number, note like '说明：%%故本表无数据。' from raw.report_tables t"
                      " join raw.documents d using (document_id) where t.table_code = '09' and d.source_format = 'pdf'") == [
        ("07", True)]
    subjects = dict(query(url, "select subject_code, subject_name from marts.dim_subject"
                               " where subject_code in ('2013999', '20139', '221')"))
    assert subjects == {"2013999": "其他社会工作事务支出", "20139": "社会工作事务", "221": "住房保障支出"}


@pytest.mark.parametrize("printed", SAMPLE_FORMATS, ids=lambda p: p.suffix)
def test_the_sample_in_another_format_gives_the_same_marts(warehouse, printed):
    url, _, from_text = warehouse
    [outcome] = load_files(url, [printed])
    assert (outcome.status, outcome.amounts, outcome.warnings) == ("loaded", 701, 0)
    result = build(url, select=["+fct_final_accounts", "+dim_subject", "+dim_econ_subject"])
    assert result.success, result.errors
    assert query(url, MART_ROWS, ANYANG) == from_text
    [(fmt, current)] = query(url, "select d.source_format, count(*) from marts.fct_final_accounts f"
                                  " join raw.documents d using (document_id) where f.department_name = %s"
                                  " group by 1", ANYANG)
    assert (fmt, current) == (printed.suffix.lstrip("."), 701)
