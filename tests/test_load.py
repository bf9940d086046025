"""Loading into a real PostgreSQL: provenance, hierarchy, idempotency, versions, bad input."""
import shutil
from dataclasses import replace
from decimal import Decimal

import psycopg
import pytest

from juesuan.loaders.app.load_job import find_reports, load_files
from juesuan.loaders.parse import parse_file
from juesuan.loaders.store import store_report


def scalar(url, sql, *args):
    with psycopg.connect(url) as conn:
        return conn.execute(sql, args).fetchone()[0]


def counts(url):
    with psycopg.connect(url) as conn:
        return conn.execute(
            "select (select count(*) from raw.documents), (select count(*) from raw.amounts),"
            " (select count(*) from raw.departments), (select count(*) from raw.budget_units),"
            " (select count(*) from raw.report_tables), (select count(*) from raw.parse_warnings)").fetchone()


def test_sample_loads_every_amount_with_provenance(migrated_db, sample_path):
    [outcome] = load_files(migrated_db, [sample_path])
    assert outcome.status == "loaded" and outcome.amounts == 701 and outcome.warnings == 0
    assert counts(migrated_db) == (1, 701, 1, 14, 9, 0)
    with psycopg.connect(migrated_db) as conn:
        row = conn.execute(
            "select a.amount, a.raw_text, a.source_line, a.unit, d.source_path, d.fiscal_year, d.money_unit,"
            " d.published_on, dep.department_name, dep.region"
            " from raw.amounts a join raw.documents d using (document_id) join raw.departments dep using (department_id)"
            " where a.table_code = '05' and a.subject_code = '2040201' and a.measure = '基本支出'").fetchone()
        assert row[0] == Decimal("67479.00") and row[1] == "67,479.00"
        assert sample_path.read_text(encoding="utf-8").splitlines()[row[2] - 1].startswith("2040201\t行政运行")
        assert row[3:] == ("万元", str(sample_path), 2023, "万元", row[7], "安阳市公安局", "安阳市")
        assert str(row[7]) == "2024-09-01"
        # numeric, not float: the printed scale survives the round trip
        assert scalar(migrated_db, "select amount::text from raw.amounts where raw_text = '200.00' limit 1") == "200.00"
        units = conn.execute("select unit_name from raw.budget_units order by unit_seq").fetchall()
        assert units[0][0] == "安阳市公安局(本级)" and units[-1][0] == "安阳市第一强制隔离戒毒所"
        note = conn.execute("select note from raw.report_tables where table_code = '08'").fetchone()[0]
        assert "故本表无数据" in note


def test_hierarchy_has_levels_parents_and_reconciled_names(migrated_db, sample_path):
    load_files(migrated_db, [sample_path])
    with psycopg.connect(migrated_db) as conn:
        rows = dict((r[0], r[1:]) for r in conn.execute(
            "select subject_code, subject_name, level, parent_code from raw.subjects"))
        assert rows["2011105"] == ("派驻派出机构", 3, "20111")
        assert rows["20111"] == ("纪检监察事务", 2, "201")
        assert rows["201"] == ("一般公共服务支出", 1, None)
        # 02 and 03 truncate 2120899's name; 07 prints it whole
        assert rows["2120899"][0] == "其他国有土地使用权出让收入安排的支出"
        orphans = conn.execute("select count(*) from raw.subjects where level > 1 and parent_code is null").fetchone()
        assert orphans[0] == 0
        econ = dict((r[0], r[1:]) for r in conn.execute(
            "select econ_code, econ_name, level, parent_code, expense_group from raw.econ_subjects"))
        assert econ["30101"] == ("基本工资", 2, "301", "人员经费")
        assert econ["303"] == ("对个人和家庭的补助", 1, None, "人员经费")
        assert econ["30217"] == ("公务接待费", 2, "302", "公用经费")
        assert econ["31002"][3] == "公用经费"


def test_loading_the_same_file_again_adds_nothing(migrated_db, sample_path, tmp_path):
    load_files(migrated_db, [sample_path])
    before = counts(migrated_db)
    copy = tmp_path / "same-content.txt"
    shutil.copy(sample_path, copy)
    outcomes = load_files(migrated_db, [sample_path, copy])
    assert [o.status for o in outcomes] == ["skipped", "skipped"]
    assert counts(migrated_db) == before


def test_a_corrected_file_becomes_the_current_version(migrated_db, sample_path, tmp_path):
    load_files(migrated_db, [sample_path])
    corrected = tmp_path / "corrected.txt"
    corrected.write_text(sample_path.read_text(encoding="utf-8").replace("1,578.22", "1,578.23", 1), encoding="utf-8")
    [outcome] = load_files(migrated_db, [corrected])
    assert outcome.status == "loaded"
    with psycopg.connect(migrated_db) as conn:
        docs = conn.execute("select document_id, is_current, superseded_by from raw.documents order by 1").fetchall()
    assert docs == [(1, False, 2), (2, True, None)]


def test_bad_files_are_refused_with_reasons_and_others_still_load(migrated_db, sample_path, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    not_report = tmp_path / "notes.txt"
    not_report.write_text("会议纪要\n今天讨论了预算。\n", encoding="utf-8")
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"\x00\x01\x02PDF")
    pdf = tmp_path / "report.doc"
    pdf.write_bytes(b"whatever")
    outcomes = load_files(migrated_db, [empty, not_report, binary, pdf, tmp_path / "missing.txt", sample_path])
    reasons = {o.path.split("/")[-1]: o.error for o in outcomes}
    assert [o.status for o in outcomes] == ["failed"] * 5 + ["loaded"]
    assert reasons["empty.txt"] == "the file is empty"
    assert "none of the public tables" in reasons["notes.txt"]
    assert "binary" in reasons["scan.txt"]
    assert "unsupported file type .doc" in reasons["report.doc"]
    assert reasons["missing.txt"] == "no such file"
    assert counts(migrated_db)[:2] == (1, 701)


def test_a_report_cut_short_loads_what_it_printed_and_says_what_is_missing(migrated_db, sample_path, tmp_path):
    """A missing or cut table is a finding, not a reason to load nothing."""
    lines = sample_path.read_text(encoding="utf-8").splitlines()
    cut = tmp_path / "cut-in-05.txt"
    cut.write_text("\n".join(lines[:320]), encoding="utf-8")  # ends inside 公开05
    [outcome] = load_files(migrated_db, [cut])
    assert outcome.status == "loaded" and outcome.amounts == 545
    with psycopg.connect(migrated_db) as conn:
        assert conn.execute("select truncated, table_set from raw.documents").fetchone() == (
            "the file ends inside 公开05", "national")
        statuses = conn.execute("select table_code, status, detail from raw.table_completeness"
                                " order by table_code").fetchall()
    assert statuses == [("01", "found", None), ("02", "found", None), ("03", "found", None), ("04", "found", None),
                        ("05", "incomplete", "the file ends inside it"), ("06", "missing", None),
                        ("07", "missing", None), ("08", "missing", None), ("09", "missing", None)]


def test_a_table_printed_without_its_data_row_is_an_empty_table(migrated_db, sample_path, tmp_path):
    lines = sample_path.read_text(encoding="utf-8").splitlines()
    cut = tmp_path / "cut-in-09.txt"
    cut.write_text("\n".join(lines[:431]), encoding="utf-8")  # 三公 header printed, data row lost
    [outcome] = load_files(migrated_db, [cut])
    assert outcome.status == "loaded"
    with psycopg.connect(migrated_db) as conn:
        rows = dict(conn.execute("select table_code, status from raw.table_completeness").fetchall())
        note = conn.execute("select note from raw.table_completeness where table_code = '08'").fetchone()[0]
    # the last table of the set, printed without its data row and without a note saying why
    assert rows["09"] == "empty" and rows["08"] == "empty_with_note" and "故本表无数据" in note
    assert {rows[c] for c in ("01", "02", "03", "04", "05", "06", "07")} == {"found"}


def test_a_failure_while_writing_leaves_nothing_behind(migrated_db, sample_path):
    report = parse_file(sample_path)
    broken = replace(report, amounts=report.amounts[:-1] + [replace(report.amounts[-1], table_code="999")])
    with psycopg.connect(migrated_db, autocommit=True) as conn:
        with pytest.raises(psycopg.errors.StringDataRightTruncation):
            store_report(conn, broken)
    assert counts(migrated_db) == (0, 0, 0, 0, 0, 0)
    assert scalar(migrated_db, "select count(*) from raw.subjects") == 0
    with psycopg.connect(migrated_db, autocommit=True) as conn:
        assert store_report(conn, report).status == "loaded"


def test_find_reports_walks_folders(sample_path, tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    shutil.copy(sample_path, tmp_path / "a" / "b" / "r.txt")
    (tmp_path / "a" / "ignore.png").write_bytes(b"x")
    assert [p.name for p in find_reports([tmp_path])] == ["r.txt"]
