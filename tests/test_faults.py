"""Faults: kill -9 and SIGTERM during a load, the database stopping mid-load, two loads of the same files.

The command line runs as an operator (or a scheduler) runs it, against a real PostgreSQL; processes are
found with ps. What must hold: nothing half-written, no orphan process (fork server, workers, resource
tracker), one line and a non-zero exit when stopped, the nightly record agreeing with its per-file rows,
and a concurrent load of the same file skipping it instead of failing.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg
import pytest

from conftest import query
from juesuan.loaders.app import nightly
from juesuan.loaders.app.database import EmbeddedServer
from juesuan.loaders.app.dbt_runner import BuildResult
from juesuan.loaders.app.load_job import load_files
from juesuan.loaders.parse import parse_file
from juesuan.loaders.store import store_report
from juesuan.loaders.store.versions import lock_report

FILES = 10          # enough text files for a pool of parse workers (parallel.MANY_FILES)
AMOUNTS = 701       # every amount of the sample's nine tables


def versions(sample_path: Path, folder: Path, count: int = FILES) -> list[Path]:
    """``count`` versions of the sample, each with one amount corrected: each loads as a document of its own."""
    folder.mkdir(parents=True, exist_ok=True)
    text = sample_path.read_text(encoding="utf-8")
    assert "1,578.22" in text
    paths = []
    for i in range(count):
        path = folder / f"version-{i:02d}.txt"
        path.write_text(text.replace("1,578.22", f"1,{600 + i}.22", 1), encoding="utf-8")
        paths.append(path)
    return paths


def command(*args) -> list[str]:
    exe = shutil.which("juesuan", path=str(Path(sys.executable).parent))
    return [exe, *args]


def environment(url: str, home: Path) -> dict[str, str]:
    return dict(os.environ, JUESUAN_DATABASE_URL=url, JUESUAN_HOME=str(home))


def descendants(pid: int) -> set[int]:
    """Every process below ``pid``, from ps."""
    table = subprocess.run(["ps", "-e", "-o", "pid=,ppid="], capture_output=True, text=True, check=True).stdout
    children: dict[int, list[int]] = {}
    for line in table.splitlines():
        child, parent = map(int, line.split())
        children.setdefault(parent, []).append(child)
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def alive(pids: set[int]) -> set[int]:
    """Of these pids, those ps still lists as running (zombies waiting for their parent do not count)."""
    if not pids:
        return set()
    listed = subprocess.run(["ps", "-o", "pid=,stat=", "-p", ",".join(map(str, pids))],
                            capture_output=True, text=True).stdout
    return {int(line.split()[0]) for line in listed.splitlines() if not line.split()[1].startswith("Z")}


def wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def stored_documents(url: str) -> int:
    try:
        return query(url, "select count(*) from raw.documents")[0][0]
    except psycopg.Error:
        return 0


def assert_nothing_half_written(url: str) -> int:
    """Every stored document has all its amounts; returns how many documents there are."""
    partial = query(url, "select d.document_id, count(a.*) from raw.documents d left join raw.amounts a"
                         " using (document_id) group by 1 having count(a.*) <> %s", AMOUNTS)
    assert partial == []
    return query(url, "select count(*) from raw.documents")[0][0]


def start_load(url: str, home: Path, paths: list[Path], *extra) -> subprocess.Popen:
    return subprocess.Popen(command("load", *extra, *map(str, paths)), env=environment(url, home),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)


def workers_started(process: subprocess.Popen) -> set[int]:
    """The fork server, its workers and the resource tracker, once two workers at least run."""
    below = descendants(process.pid)
    return below if len(below) >= 3 else set()


@pytest.fixture
def reap():
    """Whatever a test started is gone at its end, even when it fails."""
    started: list[subprocess.Popen] = []
    yield started.append
    for process in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(30)


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_stops_the_load_its_workers_and_leaves_nothing_half_written(
        migrated_db, sample_path, tmp_path, reap, how):
    paths = versions(sample_path, tmp_path / "inbox")
    process = start_load(migrated_db, tmp_path / "home", paths)
    reap(process)
    family = wait_for(lambda: workers_started(process), 120, "the parse workers")
    wait_for(lambda: stored_documents(migrated_db) >= 1, 120, "a first stored document")
    family |= descendants(process.pid)
    process.send_signal(how)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 128 + how, (out, err)
    assert "Traceback" not in err
    assert err.strip().splitlines()[-1].startswith(f"juesuan: stopped by {how.name}")
    wait_for(lambda: not alive(family), 20, f"no orphan processes (still alive: {alive(family)})")
    stored = assert_nothing_half_written(migrated_db)
    assert 1 <= stored < FILES
    # a run afterwards loads the rest and skips what was stored
    again = subprocess.run(command("load", *map(str, paths)), env=environment(migrated_db, tmp_path / "home"),
                           capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    assert f"{FILES - stored} loaded, {stored} skipped, 0 failed" in again.stdout
    assert assert_nothing_half_written(migrated_db) == FILES


def test_kill_9_during_a_load_leaves_no_partial_document_and_no_orphans(migrated_db, sample_path, tmp_path, reap):
    paths = versions(sample_path, tmp_path / "inbox")
    process = start_load(migrated_db, tmp_path / "home", paths)
    reap(process)
    family = wait_for(lambda: workers_started(process), 120, "the parse workers")
    wait_for(lambda: stored_documents(migrated_db) >= 1, 120, "a first stored document")
    family |= descendants(process.pid)
    process.kill()
    process.wait(30)
    # the fork server sees its pipe close and exits; the workers die with it (PR_SET_PDEATHSIG)
    wait_for(lambda: not alive(family), 30, f"no orphan processes (still alive: {alive(family)})")
    stored = assert_nothing_half_written(migrated_db)
    again = subprocess.run(command("load", *map(str, paths)), env=environment(migrated_db, tmp_path / "home"),
                           capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    assert f"{FILES - stored} loaded, {stored} skipped, 0 failed" in again.stdout
    assert assert_nothing_half_written(migrated_db) == FILES


@pytest.mark.db
def test_the_database_stopping_mid_load_stops_the_run_with_one_line(sample_path, tmp_path, reap, server_home):
    server = EmbeddedServer(server_home / "server")
    url = server.start()
    try:
        from juesuan.loaders.app.migrate import upgrade

        upgrade(url)
        paths = versions(sample_path, tmp_path / "inbox")
        process = start_load(url, tmp_path / "home", paths)
        reap(process)
        wait_for(lambda: stored_documents(url) >= 1, 120, "a first stored document")
        assert server.stop()
        out, err = process.communicate(timeout=120)
    finally:
        server.stop()
    assert process.returncode == 1, (out, err)
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len([line for line in lines if "the database went away" in line]) == 1, err
    assert lines[-1].startswith("juesuan: the database went away")
    assert "database refused the report" not in out + err
    assert f"of {FILES} files were loaded or already stored before" in lines[-1]


def test_two_loads_of_the_same_files_at_once_store_each_once_and_skip_the_rest(
        migrated_db, sample_path, tmp_path, reap):
    paths = versions(sample_path, tmp_path / "inbox", count=3)
    first = start_load(migrated_db, tmp_path / "home1", paths)
    second = start_load(migrated_db, tmp_path / "home2", paths)
    reap(first)
    reap(second)
    outputs = [process.communicate(timeout=600) for process in (first, second)]
    assert (first.returncode, second.returncode) == (0, 0), outputs
    text = "".join(out + err for out, err in outputs)
    assert "duplicate key" not in text and "error" not in text
    assert text.count("loaded /") + text.count("skip   /") == 6
    assert assert_nothing_half_written(migrated_db) == 3
    assert query(migrated_db, "select count(*) from raw.documents where is_current") == [(1,)]


def test_a_store_waiting_on_a_concurrent_store_of_the_same_report_skips_it(migrated_db, sample_path):
    report = parse_file(sample_path)
    outcome = {}
    with psycopg.connect(migrated_db, autocommit=True) as first, \
            psycopg.connect(migrated_db, autocommit=True) as second:
        with first.transaction():
            written = store_report(first, report)  # inside an open transaction: not yet committed
            waiting = threading.Thread(target=lambda: outcome.update(result=store_report(second, report)))
            waiting.start()
            time.sleep(1.5)
            assert waiting.is_alive(), "the second store waits for the first one's lock"
        waiting.join(60)
    assert written.status == "loaded"
    assert (outcome["result"].status, outcome["result"].document_id) == ("skipped", written.document_id)
    assert query(migrated_db, "select count(*) from raw.documents") == [(1,)]
    with psycopg.connect(migrated_db, autocommit=True) as conn, conn.transaction():
        lock_report(conn, report)  # the lock is free again


def ok_build(url):
    return BuildResult(success=True)


def run_counts(url: str, run_id: int):
    return query(url, "select r.status, r.files_loaded, r.files_skipped, r.files_failed,"
                      " (select count(*) filter (where status = 'loaded') from raw.load_run_files f"
                      "   where f.run_id = r.run_id),"
                      " (select count(*) filter (where status = 'skipped') from raw.load_run_files f"
                      "   where f.run_id = r.run_id)"
                      " from raw.load_runs r where run_id = %s", run_id)[0]


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_a_nightly_run_stopped_mid_load_records_what_it_loaded(migrated_db, sample_path, tmp_path, reap, how):
    inbox = tmp_path / "inbox"
    versions(sample_path, inbox)
    env = dict(environment(migrated_db, tmp_path / "home"), DBT_EXCLUDE_RESOURCE_TYPES="test")
    process = subprocess.Popen(command("nightly", "--inbox", str(inbox), "--select", "dim_department"), env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    reap(process)
    wait_for(lambda: query(migrated_db, "select count(*) from raw.load_run_files where status = 'loaded'")[0][0]
             >= 2, 180, "two loaded files recorded")
    family = descendants(process.pid)
    process.send_signal(how)
    out, err = process.communicate(timeout=60)
    assert process.returncode == (-9 if how == signal.SIGKILL else 128 + how), (out, err)
    wait_for(lambda: not alive(family), 30, f"no orphan processes (still alive: {alive(family)})")
    status, loaded, skipped, failed, loaded_rows, skipped_rows = run_counts(migrated_db, 1)
    assert status == ("running" if how == signal.SIGKILL else "interrupted")
    assert (loaded, skipped, failed) == (loaded_rows, skipped_rows, 0) and loaded >= 2
    assert assert_nothing_half_written(migrated_db) >= loaded

    after = nightly.run_nightly(migrated_db, inbox, build=ok_build)
    assert run_counts(migrated_db, 1) == ("interrupted", loaded, skipped, 0, loaded_rows, skipped_rows)
    assert after.status == "succeeded" and after.count("failed") == 0
    assert assert_nothing_half_written(migrated_db) == FILES


@pytest.mark.db
def test_the_database_stopping_mid_nightly_stops_the_run_with_one_line(sample_path, tmp_path, reap, server_home):
    server = EmbeddedServer(server_home / "server")
    url = server.start()
    try:
        inbox = tmp_path / "inbox"
        versions(sample_path, inbox)
        process = subprocess.Popen(command("nightly", "--inbox", str(inbox)), env=environment(url, tmp_path / "home"),
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
        reap(process)
        wait_for(lambda: stored_documents(url) >= 1, 180, "a first stored document")
        family = descendants(process.pid)
        assert server.stop()
        out, err = process.communicate(timeout=120)
    finally:
        server.stop()
    assert process.returncode == 1, (out, err)
    assert "Traceback" not in err and "database refused the report" not in out + err
    gone = [line for line in err.splitlines() if "the database went away" in line]
    assert len(gone) == 1 and err.strip().splitlines()[-1] == gone[0], err
    wait_for(lambda: not alive(family), 30, f"no orphan processes (still alive: {alive(family)})")
