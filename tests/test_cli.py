"""The command line end to end: `juesuan run examples/` against a real PostgreSQL and dbt."""
import json
import os
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest

from conftest import juesuan

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def cli_env(empty_db):
    """An external database; JUESUAN_HOME (dbt's work folder) is the session's."""
    return dict(os.environ, JUESUAN_DATABASE_URL=empty_db)


@pytest.mark.dbt
def test_run_loads_builds_and_answers_from_the_marts(cli_env, empty_db):
    """The README's first command, end to end: every model built, every test run."""
    done = juesuan("run", str(ROOT / "examples"), env=cli_env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "files: 1 loaded, 0 skipped, 0 failed" in done.stdout
    assert "warehouse: 1 documents, 701 amounts, 0 parse warnings" in done.stdout
    assert "dbt build ok" in done.stdout
    with psycopg.connect(empty_db) as conn:
        rows = dict(conn.execute(
            "select measure, amount from marts.fct_final_accounts"
            " where subject_code = '2040201' and table_code = '03' and fiscal_year = 2023"
            " and measure in ('本年支出合计', '基本支出', '项目支出')").fetchall())
        assert rows == {"本年支出合计": Decimal("67479.00"), "基本支出": Decimal("67479.00"), "项目支出": Decimal("0")}
        assert conn.execute("select count(*) from marts.fct_final_accounts").fetchone()[0] == 701
    again = juesuan("run", str(ROOT / "examples"), "--json", "--select", "+fct_final_accounts", env=cli_env)
    assert again.returncode == 0, again.stderr
    summary = json.loads(again.stdout)
    assert (summary["loaded"], summary["skipped"], summary["amounts"]) == (0, 1, 701)
    assert summary["dbt"]["success"] and summary["dbt"]["tests_passed"] > 0


def test_load_reports_bad_files_in_one_line_each_and_exits_non_zero(cli_env, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    done = juesuan("load", str(empty), str(ROOT / "examples"), env=cli_env)
    assert done.returncode == 1
    assert f"error  {empty}: the file is empty" in done.stderr
    assert "1 loaded, 0 skipped, 1 failed" in done.stdout


def test_embedded_server_start_url_stop(server_home):
    env = {k: v for k, v in os.environ.items() if k != "JUESUAN_DATABASE_URL"}
    env["JUESUAN_HOME"] = str(server_home / "home")
    started = juesuan("db", "start", env=env)
    assert started.returncode == 0, started.stderr
    shown = started.stdout.strip()
    try:
        assert shown.startswith("postgresql://postgres:***@127.0.0.1:")  # the password is masked
        url = juesuan("db", "url", env=env).stdout.strip()  # reused, not restarted; with the password
        assert url.split("@", 1)[1] == shown.split("@", 1)[1] and "***" not in url
        with psycopg.connect(url) as conn:
            assert conn.execute("select current_database()").fetchone()[0] == "juesuan"
        assert "running" in juesuan("db", "status", env=env).stdout
    finally:
        stopped = juesuan("db", "stop", env=env)
    assert stopped.stdout.strip() == "stopped"
    assert "stopped" in juesuan("db", "status", env=env).stdout
