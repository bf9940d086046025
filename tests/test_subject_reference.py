"""Reference data is not rewritten by reports: the 科目 dimension takes its names from the shipped reference,
then from the first report that printed a code; a different name is a finding, never a rename."""
from __future__ import annotations

import csv

import psycopg
import pytest

from conftest import ROOT, query
from juesuan.loaders.app.dbt_runner import build
from juesuan.loaders.app.load_job import load_files
from juesuan.loaders.store.reference import subject_names
from juesuan.loaders.tables.hierarchy import function_classes

SEED = ROOT / "dbt_project" / "seeds" / "reference" / "function_subjects.csv"
MARTS = ["+dim_subject", "+subject_name_differences"]


def test_the_reference_holds_every_class_and_every_code_of_the_sample_and_fixtures():
    with SEED.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    codes = {row["subject_code"]: row for row in rows}
    assert len(codes) == len(rows)
    classes = {code: row["subject_name"] for code, row in codes.items() if row["level"] == "1"}
    assert classes == function_classes()  # the parser's 类 names and the reference agree
    assert {"201", "204", "229", "233"} <= set(classes) and classes["204"] == "公共安全支出"
    assert codes["2040201"]["subject_name"] == "行政运行" and codes["2040201"]["parent_code"] == "20402"
    for row in rows:
        assert row["parent_code"] == {1: "", 2: row["subject_code"][:3], 3: row["subject_code"][:5]}[
            int(row["level"])]
    assert subject_names()["20402"] == "公安"


def variant(sample_path, tmp_path, department, replacements):
    text = sample_path.read_text(encoding="utf-8").replace("安阳市公安局", department)
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / f"{department}.txt"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.dbt
def test_a_report_never_renames_a_code_and_its_own_name_is_a_finding(migrated_db, sample_path, tmp_path):
    first = variant(sample_path, tmp_path, "安阳市交通运输局", [
        ("2040201\t行政运行\t", "2040201\t公安行政运行\t"),           # a code the reference names
        ("2040299\t其他公安支出\t", "2040298\t其他公安支出甲\t")])      # a code only reports name
    second = variant(sample_path, tmp_path, "安阳市司法局", [
        ("2040299\t其他公安支出\t", "2040298\t其他公安支出乙\t")])
    outcomes = load_files(migrated_db, [sample_path, first, second])
    assert [o.status for o in outcomes] == ["loaded"] * 3
    assert dict(query(migrated_db, "select subject_code, subject_name from raw.subjects"
                                   " where subject_code in ('2040201', '2040298')")) == {
        "2040201": "行政运行", "2040298": "其他公安支出甲"}
    # each report keeps its own name on its rows
    assert query(migrated_db, "select distinct line_label from raw.amounts a join raw.documents d using (document_id)"
                              " join raw.departments using (department_id) where subject_code = '2040298'"
                              " and department_name = '安阳市司法局'") == [("其他公安支出乙",)]

    result = build(migrated_db, select=MARTS)
    assert result.success and result.tests_failed == 0, result.errors
    dim = {row[0]: row[1:] for row in query(migrated_db, "select subject_code, subject_name, name_source"
                                                         " from marts.dim_subject")}
    assert dim["2040201"] == ("行政运行", "reference")
    assert dim["2040298"] == ("其他公安支出甲", "first_report")
    assert dim["204"] == ("公共安全支出", "reference")
    findings = query(migrated_db, "select department_name, table_code, subject_code, printed_name, dimension_name,"
                                  " name_source from marts.subject_name_differences order by 1, 2, 3")
    tables = ("02", "03", "05")  # the tables printing 科目 rows by name
    assert findings == [("安阳市交通运输局", code, "2040201", "公安行政运行", "行政运行", "reference") for code in tables] + [
        ("安阳市司法局", code, "2040298", "其他公安支出乙", "其他公安支出甲", "first_report") for code in tables]
    with psycopg.connect(migrated_db) as conn:  # the sample itself prints every name as the reference does
        assert conn.execute("select count(*) from marts.subject_name_differences where department_name = %s",
                            ("安阳市公安局",)).fetchone() == (0,)
