"""Content identity and safe supersession: a report is what it says, not its bytes, and a version that holds
less than the current one is stored but not made current unless the caller accepts it."""
from __future__ import annotations

import os
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest

from conftest import juesuan
from juesuan.loaders.app import nightly
from juesuan.loaders.app.dbt_runner import build
from juesuan.loaders.app.load_job import load_files
from juesuan.loaders.identity import content_fingerprint, report_size
from juesuan.loaders.parse import parse_file

SCORECARDS_START = "部门整体支出绩效自评情况表"


def documents(url):
    with psycopg.connect(url) as conn:
        return conn.execute("select document_id, is_current, superseded_by, held_back_reason is not null"
                            " from raw.documents order by 1").fetchall()


def only_the_tables(sample_path, tmp_path, name="broken-download.txt"):
    """The sample cut off after its nine tables, as a broken download leaves it."""
    lines = sample_path.read_text(encoding="utf-8").splitlines()
    end = next(i for i, line in enumerate(lines) if i > 100 and line.strip() == SCORECARDS_START)
    cut = tmp_path / name
    cut.write_text("\n".join(lines[:end]) + "\n", encoding="utf-8")
    return cut


def test_the_fingerprint_is_the_content_not_the_bytes(sample_path, tmp_path):
    report = parse_file(sample_path)
    gb = tmp_path / "gb18030.txt"
    gb.write_bytes(sample_path.read_text(encoding="utf-8").encode("gb18030"))
    crlf = tmp_path / "crlf.txt"
    crlf.write_bytes(sample_path.read_text(encoding="utf-8").replace("\n", "\r\n").encode("utf-8"))
    for other in (parse_file(gb), parse_file(crlf)):
        assert other.content_sha256 != report.content_sha256
        assert content_fingerprint(other) == content_fingerprint(report)
    # one amount corrected by a cent is another content
    first = report.amounts[0]
    corrected = replace(report, amounts=[replace(first, amount=first.amount + Decimal("0.01")), *report.amounts[1:]])
    assert content_fingerprint(corrected) != content_fingerprint(report)
    assert report_size(report).smaller_than(report_size(report)) == []


def test_the_same_report_re_encoded_is_recognised_as_already_loaded(migrated_db, sample_path, tmp_path):
    [first] = load_files(migrated_db, [sample_path])
    gb = tmp_path / "same-report-gb18030.txt"
    gb.write_bytes(sample_path.read_text(encoding="utf-8").encode("gb18030"))
    [again] = load_files(migrated_db, [gb])
    assert (again.status, again.document_id) == ("skipped", first.document_id)
    assert documents(migrated_db) == [(first.document_id, True, None, False)]


def test_a_version_holding_less_is_stored_but_not_made_current_until_accepted(migrated_db, sample_path, tmp_path):
    [full] = load_files(migrated_db, [sample_path])
    cut = only_the_tables(sample_path, tmp_path)
    [smaller] = load_files(migrated_db, [cut])
    assert smaller.status == "loaded" and smaller.superseded_document_id is None
    assert smaller.held_back and "scorecards 0 < 35" in smaller.held_back
    assert "stored but not made current" in smaller.line() and "--accept-smaller" in smaller.line()
    assert documents(migrated_db) == [(full.document_id, True, None, False), (smaller.document_id, False, None, True)]
    with psycopg.connect(migrated_db) as conn:  # stored whole, as history
        assert conn.execute("select count(*) from raw.amounts where document_id = %s",
                            (smaller.document_id,)).fetchone() == (701,)

    [again] = load_files(migrated_db, [cut])  # loading it again without the flag changes nothing
    assert (again.status, again.document_id) == ("skipped", smaller.document_id)
    [accepted] = load_files(migrated_db, [cut], accept_smaller=True)
    assert (accepted.status, accepted.document_id, accepted.superseded_document_id) == (
        "loaded", smaller.document_id, full.document_id)
    assert documents(migrated_db) == [(full.document_id, False, smaller.document_id, False),
                                      (smaller.document_id, True, None, False)]
    # the full report back: it holds more, so it becomes current again
    restored = sample_path.read_text(encoding="utf-8").replace("1,578.22", "1,578.23", 1)
    (tmp_path / "corrected.txt").write_text(restored, encoding="utf-8")
    [bigger] = load_files(migrated_db, [tmp_path / "corrected.txt"])
    assert bigger.superseded_document_id == smaller.document_id and not bigger.held_back


def test_the_command_line_says_so_and_accept_smaller_makes_it_current(migrated_db, sample_path, tmp_path):
    env = dict(os.environ, JUESUAN_DATABASE_URL=migrated_db, JUESUAN_HOME=str(tmp_path / "home"))
    assert juesuan("load", str(sample_path), env=env).returncode == 0
    cut = only_the_tables(sample_path, tmp_path)
    held = juesuan("load", str(cut), env=env)
    assert held.returncode == 0, held.stderr
    assert "stored but not made current" in held.stdout and "--accept-smaller" in held.stdout
    accepted = juesuan("load", "--accept-smaller", str(cut), env=env)
    assert accepted.returncode == 0, accepted.stderr
    assert "replaces document 1 as the current version" in accepted.stdout
    assert documents(migrated_db) == [(1, False, 2, False), (2, True, None, False)]


@pytest.mark.dbt
def test_a_nightly_run_records_the_held_back_version_and_report_versions_says_why(
        migrated_db, sample_path, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    full = inbox / "full.txt"
    full.write_bytes(sample_path.read_bytes())
    cut = only_the_tables(sample_path, inbox)
    os.utime(full, (1_700_000_000, 1_700_000_000))  # the full report arrived first
    run = nightly.run_nightly(migrated_db, inbox, build=lambda url: build(url, select=["+report_versions"]))
    assert run.status == "succeeded", run.build.errors
    assert [(Path(f.path).name, f.status, bool(f.held_back)) for f in run.files] == [
        ("full.txt", "loaded", False), (cut.name, "loaded", True)]
    with psycopg.connect(migrated_db) as conn:
        recorded = conn.execute("select path, held_back_reason from raw.load_run_files order by file_seq").fetchall()
        versions = conn.execute("select version_no, is_current, held_back_reason from marts.report_versions"
                                " order by version_no").fetchall()
    assert recorded[0][1] is None and "stored but not made current" in recorded[1][1]
    assert versions[0] == (1, True, None)
    assert versions[1][:2] == (2, False) and "scorecards 0 < 35" in versions[1][2]
