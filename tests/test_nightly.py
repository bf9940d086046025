"""`juesuan nightly`: re-runs are harmless, failures loud and isolated, versions kept, runs locked.

Real PostgreSQL, real dbt builds. One test runs the command as a scheduler does and builds the
whole project end to end; the others call the same job in-process (or, where the command line
itself is under test, run it) building only the marts they look at.
"""
from __future__ import annotations

import json
import os
import pty
import shutil
import signal
import subprocess
import sys
import threading
import time
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest

from conftest import juesuan
from juesuan.loaders.app import nightly, parallel
from juesuan.loaders.app.database import EmbeddedServer
from juesuan.loaders.app.dbt_runner import build

CORRECTED_CELL = ("\t9\t\t九、卫生健康支出\t40\t1,578.22", "\t9\t\t九、卫生健康支出\t40\t1,578.23")


pytestmark = pytest.mark.dbt
# what these tests look at, and what it is built from: a fast build
MARTS = ["+fct_final_accounts", "+fct_final_accounts_history", "+report_versions", "+dim_department"]
FAST = [f"--select={m}" for m in MARTS]


# dbt's own switch: build the selected models without running their tests (the end-to-end test runs them)
MODELS_ONLY = {"DBT_EXCLUDE_RESOURCE_TYPES": "test"}


def nightly_run(inbox, *args, env, **kwargs):
    """`juesuan nightly` building only the marts these tests look at."""
    return juesuan("nightly", "--inbox", str(inbox), *FAST, *args, env=dict(env, **MODELS_ONLY), **kwargs)


def fast_build(url):
    """The marts these tests look at, without their dbt tests."""
    saved = os.environ.get("DBT_EXCLUDE_RESOURCE_TYPES")
    os.environ.update(MODELS_ONLY)
    try:
        return build(url, select=MARTS)
    finally:
        if saved is None:
            os.environ.pop("DBT_EXCLUDE_RESOURCE_TYPES")
        else:
            os.environ["DBT_EXCLUDE_RESOURCE_TYPES"] = saved


def run_nightly(url, inbox):
    """The nightly job in-process, with a fast build; returns the run and the lines the command prints."""
    lines: list[str] = []
    run = nightly.run_nightly(url, inbox, on_file=lambda outcome: lines.append(outcome.line()), build=fast_build)
    return run, lines


def variant(sample: Path, target: Path, department: str | None = None, corrected: bool = False) -> Path:
    """The sample report as another department's, or with one printed amount corrected."""
    text = sample.read_text(encoding="utf-8")
    if department:
        text = text.replace("安阳市公安局", department)
    if corrected:
        assert CORRECTED_CELL[0] in text
        text = text.replace(*CORRECTED_CELL, 1)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


def rows(url, sql, *args):
    with psycopg.connect(url) as conn:
        return conn.execute(sql, args).fetchall()


def snapshot(url) -> dict:
    """Everything a run could change in the warehouse, except the run records themselves."""
    with psycopg.connect(url) as conn:
        return {
            "counts": conn.execute(
                "select (select count(*) from raw.documents), (select count(*) from raw.amounts),"
                " (select count(*) from raw.departments), (select count(*) from raw.subjects),"
                " (select count(*) from raw.parse_warnings)").fetchone(),
            "documents": conn.execute("select document_id, content_sha256, is_current, superseded_by, loaded_at"
                                      " from raw.documents order by 1").fetchall(),
            "marts": conn.execute(
                "select md5(string_agg(f::text, '|' order by amount_id)) from marts.fct_final_accounts f").fetchone(),
            "history": conn.execute(
                "select md5(string_agg(h::text, '|' order by amount_id)) from marts.fct_final_accounts_history h"
            ).fetchone(),
        }


@pytest.fixture
def env(empty_db):
    """An external database; JUESUAN_HOME (dbt's work folder) is the session's."""
    return dict(os.environ, JUESUAN_DATABASE_URL=empty_db)


@pytest.fixture
def inbox(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    return folder


def test_a_second_run_with_nothing_new_changes_nothing(empty_db, inbox, sample_path, monkeypatch):
    shutil.copy(sample_path, inbox / sample_path.name)
    variant(sample_path, inbox / "2024" / "traffic" / "report.txt", department="安阳市交通运输局")
    first, lines = run_nightly(empty_db, inbox)
    assert first.status == "succeeded", lines
    assert f"loaded {inbox / sample_path.name}: 安阳市公安局 2023, 701 amounts, 0 warnings, document 1" in lines
    assert first.summary() == "nightly run 1 succeeded: 2 files, 2 loaded, 0 skipped, 0 failed"
    assert first.build.success
    before = snapshot(empty_db)
    assert before["counts"][:3] == (2, 1402, 2)

    def never(path):
        raise AssertionError(f"{path} was parsed although its content is stored")

    monkeypatch.setattr(parallel, "parse_file", never)  # an unchanged file is skipped by its hash alone
    second, _ = run_nightly(empty_db, inbox)
    run = second.as_dict()
    assert (run["status"], run["seen"], run["loaded"], run["skipped"], run["failed"]) == ("succeeded", 2, 0, 2, 0)
    assert {f["document_id"] for f in run["files"]} == {1, 2}
    assert run["dbt"]["success"] and run["dbt"]["tests_failed"] == 0
    assert snapshot(empty_db) == before
    runs = rows(empty_db, "select run_id, status, files_seen, files_loaded, files_skipped, files_failed,"
                          " finished_at >= started_at from raw.load_runs order by run_id")
    assert runs == [(1, "succeeded", 2, 2, 0, 0, True), (2, "succeeded", 2, 0, 2, 0, True)]


def test_a_corrupt_file_among_good_ones_fails_loudly_and_alone(env, empty_db, inbox, sample_path):
    """The end-to-end run: the whole project built and tested, with a bad file among good ones."""
    good = shutil.copy(sample_path, inbox / "a-police.txt")
    notes = inbox / "b-notes.txt"
    notes.write_text("会议纪要\n一、关于2023年度部门决算公开工作的安排。\n", encoding="utf-8")  # not a report
    empty = inbox / "c" / "empty.txt"
    empty.parent.mkdir()
    empty.write_text("")
    other = variant(sample_path, inbox / "d" / "finance.txt", department="安阳市财政局")
    done = juesuan("nightly", "--inbox", str(inbox), env=env)
    assert done.returncode == 1
    assert f"error  {notes}: not a final-accounts report" in done.stderr
    assert f"error  {empty}: the file is empty" in done.stderr
    assert f"loaded {good}" in done.stdout and f"loaded {other}" in done.stdout
    assert "failed: 4 files, 2 loaded, 0 skipped, 2 failed" in done.stdout
    assert "dbt build ok" in done.stdout  # the good files reached the marts
    assert rows(empty_db, "select department_name, count(*) from marts.fct_final_accounts group by 1 order by 1") == [
        ("安阳市公安局", 701), ("安阳市财政局", 701)]
    recorded = rows(empty_db, "select path, status, document_id, error from raw.load_run_files order by file_seq")
    by_path = {r[0]: r[1:] for r in recorded}
    assert by_path[str(notes)][:2] == ("failed", None)
    assert by_path[str(notes)][2].startswith("not a final-accounts report: none of the public tables")
    assert by_path[str(empty)] == ("failed", None, "the file is empty")
    assert by_path[str(good)][0] == by_path[str(other)][0] == "loaded"
    assert rows(empty_db, "select status, files_failed, dbt_success from raw.load_runs") == [("failed", 2, True)]


def test_a_replaced_report_version_becomes_current_and_the_old_stays_as_history(empty_db, inbox, sample_path):
    original = shutil.copy(sample_path, inbox / "police-2023.txt")
    assert run_nightly(empty_db, inbox)[0].status == "succeeded"
    corrected = variant(sample_path, inbox / "corrections" / "police-2023-v2.txt", corrected=True)
    run, lines = run_nightly(empty_db, inbox)
    assert run.status == "succeeded", lines
    assert f"skip   {original}: already loaded (document 1)" in lines
    assert f"loaded {corrected}: 安阳市公安局 2023, 701 amounts, 0 warnings, document 2, " \
           "replaces document 1 as the current version" in lines

    cell = ("select document_id, amount from marts.{} where table_code = '01' and subject_code = '210'"
            " and measure = '金额' order by document_id")
    assert rows(empty_db, cell.format("fct_final_accounts")) == [(2, Decimal("1578.23"))]
    assert rows(empty_db, cell.format("fct_final_accounts_history")) == [(1, Decimal("1578.22")),
                                                                        (2, Decimal("1578.23"))]
    assert rows(empty_db, "select document_id, count(*) from marts.fct_final_accounts group by 1") == [(2, 701)]
    assert rows(empty_db, "select document_id, version_no, is_current, superseded_by, count(*)"
                          " from marts.fct_final_accounts_history group by 1, 2, 3, 4 order by 1") == [
        (1, 1, False, 2, 701), (2, 2, True, None, 701)]
    assert rows(empty_db, "select document_id, version_no, version_count, is_current, superseded_by, source_path,"
                          " amount_count from marts.report_versions order by 1") == [
        (1, 1, 2, False, 2, str(original), 701), (2, 2, 2, True, None, str(corrected), 701)]
    assert rows(empty_db, "select document_count from marts.dim_department") == [(1,)]
    assert rows(empty_db, "select status, document_id, superseded_document_id from raw.load_run_files"
                          " where run_id = 2 order by file_seq") == [("skipped", 1, None), ("loaded", 2, 1)]


def test_two_versions_arriving_together_load_oldest_file_first(empty_db, inbox, sample_path):
    newer = variant(sample_path, inbox / "a-corrected.txt", corrected=True)
    older = shutil.copy(sample_path, inbox / "z-original.txt")
    os.utime(older, (time.time() - 3600, time.time() - 3600))  # published an hour before the correction
    run, _ = run_nightly(empty_db, inbox)
    assert run.status == "succeeded"
    assert [f["path"] for f in run.as_dict()["files"]] == [str(older), str(newer)]
    assert rows(empty_db, "select source_path from raw.documents where is_current") == [(str(newer),)]


def test_two_concurrent_runs_cannot_interleave(env, empty_db, inbox, sample_path):
    shutil.copy(sample_path, inbox / "police.txt")
    variant(sample_path, inbox / "traffic.txt", department="安阳市交通运输局")
    first_file_done, carry_on = threading.Event(), threading.Event()
    outcome = {}

    def pause_after_the_first_file(done):
        first_file_done.set()
        assert carry_on.wait(120)

    def first_run():
        try:
            outcome["run"] = nightly.run_nightly(empty_db, inbox, on_file=pause_after_the_first_file,
                                                 build=fast_build, workers=1)
        except BaseException as err:  # surfaced by the assertions below
            outcome["error"] = err

    runner = threading.Thread(target=first_run)
    runner.start()
    try:
        assert first_file_done.wait(120), outcome
        second = nightly_run(inbox, env=env)
        second_json = nightly_run(inbox, "--json", env=env)
        # while the first run holds the lock, it is the only run and has loaded one file
        assert rows(empty_db, "select run_id, status from raw.load_runs") == [(1, "running")]
        assert rows(empty_db, "select count(*) from raw.documents") == [(1,)]
    finally:
        carry_on.set()
        runner.join(300)
    assert second.returncode == second_json.returncode == nightly.EXIT_LOCKED
    assert "another nightly run holds the lock; run 1 started" in second.stderr
    assert "this run exits without loading anything" in second.stderr and second.stdout == ""
    assert json.loads(second_json.stdout)["status"] == "locked"
    assert "error" not in outcome, outcome.get("error")
    assert outcome["run"].status == "succeeded" and outcome["run"].count("loaded") == 2
    assert rows(empty_db, "select run_id, status, files_loaded from raw.load_runs") == [(1, "succeeded", 2)]
    assert rows(empty_db, "select count(*) from raw.documents") == [(2,)]
    # the lock is released: the next run proceeds
    third, _ = run_nightly(empty_db, inbox)
    assert third.summary().endswith("0 loaded, 2 skipped, 0 failed")


def test_a_killed_run_is_marked_interrupted_and_the_next_run_proceeds(env, empty_db, inbox, sample_path):
    shutil.copy(sample_path, inbox / "police.txt")
    exe = shutil.which("juesuan", path=str(Path(sys.executable).parent)) or "juesuan"
    killed = subprocess.Popen([exe, "nightly", "--inbox", str(inbox), *FAST], env=dict(env, **MODELS_ONLY),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        with psycopg.connect(empty_db) as conn:
            started = conn.execute("select to_regclass('raw.load_runs') is not null").fetchone()[0] and \
                conn.execute("select count(*) from raw.load_runs where status = 'running'").fetchone()[0]
        if started:
            break
        time.sleep(0.05)
    killed.send_signal(signal.SIGKILL)
    killed.wait(30)
    assert started, "the run never started"
    done = nightly_run(inbox, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert rows(empty_db, "select run_id, status from raw.load_runs order by run_id") == [
        (1, "interrupted"), (2, "succeeded")]
    assert rows(empty_db, "select count(*) from marts.fct_final_accounts") == [(701,)]


def test_a_database_restart_between_runs(tmp_path, sample_path, server_home):
    """The embedded server is stopped between two runs; the next run starts it again and carries on."""
    home = server_home / "home"
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(sample_path, inbox / "police.txt")
    environment = {k: v for k, v in os.environ.items() if k != "JUESUAN_DATABASE_URL"}
    environment["JUESUAN_HOME"] = str(home)
    server = EmbeddedServer(home)
    try:
        first = nightly_run(inbox, env=environment)
        assert first.returncode == 0, first.stdout + first.stderr
        url = server.url()
        assert server.stop() and not server.is_running()
        variant(sample_path, inbox / "later" / "traffic.txt", department="安阳市交通运输局")
        second = nightly_run(inbox, env=environment)
        assert second.returncode == 0, second.stdout + second.stderr
        assert "2 files, 1 loaded, 1 skipped, 0 failed" in second.stdout
        assert server.is_running()
        url = server.url()
        assert rows(url, "select run_id, status, files_loaded, files_skipped from raw.load_runs order by 1") == [
            (1, "succeeded", 1, 0), (2, "succeeded", 1, 1)]
        assert rows(url, "select count(*), count(distinct department_name) from marts.fct_final_accounts") == [
            (1402, 2)]
    finally:
        server.stop()
        shutil.rmtree(home, ignore_errors=True)


def test_a_progress_bar_when_stderr_is_a_terminal(env, inbox, sample_path):
    shutil.copy(sample_path, inbox / "police.txt")
    variant(sample_path, inbox / "traffic.txt", department="安阳市交通运输局")
    controller, terminal = pty.openpty()
    try:
        exe = shutil.which("juesuan", path=str(Path(sys.executable).parent)) or "juesuan"
        done = subprocess.run([exe, "nightly", "--inbox", str(inbox), *FAST], env=dict(env, **MODELS_ONLY),
                              stdout=subprocess.PIPE,
                              stderr=terminal, text=True, timeout=600)
        os.close(terminal)
        shown = b""
        while True:
            try:
                chunk = os.read(controller, 4096)
            except OSError:  # the terminal side is closed and drained
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(controller)
    assert done.returncode == 0
    assert "nightly" in shown.decode() and "100%" in shown.decode()
    # the per-file lines still reach the log, after the bar
    assert "loaded " in done.stdout and "2 loaded, 0 skipped" in done.stdout


def test_the_inbox_must_be_a_folder(env, tmp_path):
    done = juesuan("nightly", "--inbox", str(tmp_path / "nowhere"), env=env)
    assert done.returncode == 1
    assert f"the inbox {tmp_path / 'nowhere'} is not a folder" in done.stderr
