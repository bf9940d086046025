"""No command line path prints a traceback: every error is one line (what failed, the cause, what to do) and a
non-zero exit status, a JSON object under --json. Real embedded PostgreSQL; an unreachable URL is a closed port."""
from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

from conftest import SAMPLE, SAMPLE_FORMATS, juesuan

ROOT = Path(__file__).resolve().parent.parent
UNREACHABLE = "postgresql://u:p@127.0.0.1:1/x"


def one_line_error(done, command: str, exit_code: int = 1) -> str:
    """The command failed with exactly one line on stderr, nothing on stdout, no traceback."""
    assert done.returncode == exit_code, done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(f"juesuan {command}: "), lines[0]
    assert " — " in lines[0], lines[0]   # ... what to do
    return lines[0]


def json_error(done, exit_code: int = 1) -> dict:
    assert done.returncode == exit_code, done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    payload = json.loads(done.stdout)
    assert payload["error"] and payload["todo"] and payload["exit_code"] == exit_code
    return payload


def env_with(**values) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "JUESUAN_DATABASE_URL"}
    env.update(values)
    return env


@pytest.mark.parametrize("command", [
    ["load", str(SAMPLE)], ["check"], ["db", "status"], ["build"], ["run", str(SAMPLE)],
    ["nightly", "--inbox", str(ROOT / "examples")], ["migrate"], ["remove", "--document", "1"], ["docs"],
])
def test_an_unreachable_database_is_one_line_and_json(command):
    env = env_with(JUESUAN_DATABASE_URL=UNREACHABLE)
    line = one_line_error(juesuan(*command, env=env, timeout=120), " ".join(command[:2] if command[0] == "db"
                                                                            else command[:1]))
    assert "cannot connect to the database" in line and "Connection refused" in line
    assert "p@" not in line   # no password printed
    if command[0] not in ("migrate", "docs", "db"):
        payload = json_error(juesuan(*command, "--json", env=env, timeout=120))
        assert payload["kind"] == "connection"


def test_a_wrong_url_an_unknown_role_and_an_unknown_database(database_url):
    parts = urlsplit(database_url)
    cases = {
        "mysql://u@h/x": "not a PostgreSQL URL",
        urlunsplit(parts._replace(query="nonsense=1")): "wrong database URL",
        # scram-sha-256 does not tell an unknown role from a wrong password
        urlunsplit(parts._replace(netloc=f"nobody_here:wrong@{parts.hostname}:{parts.port}")):
            'password authentication failed for user "nobody_here"',
        urlunsplit(parts._replace(path="/no_such_db")): 'database "no_such_db" does not exist',
    }
    for url, expected in cases.items():
        env = env_with(JUESUAN_DATABASE_URL=url)
        for command in (["load", str(SAMPLE)], ["check"]):
            line = one_line_error(juesuan(*command, env=env), command[0])
            assert expected in line, line
        assert expected in json_error(juesuan("check", "--json", env=env))["error"]


def test_run_with_a_missing_path_stops_before_loading(migrated_db):
    env = env_with(JUESUAN_DATABASE_URL=migrated_db)
    line = one_line_error(juesuan("run", str(SAMPLE), "/nonexistent/reports", env=env), "run")
    assert "/nonexistent/reports" in line and "nothing was loaded" in line
    with psycopg.connect(migrated_db) as conn:
        assert conn.execute("select count(*) from raw.documents").fetchone()[0] == 0
    assert json_error(juesuan("run", "--json", "/nonexistent", env=env))["cause"] == "/nonexistent"


def test_usage_errors_are_one_line_too():
    one_line_error(juesuan("run", env=env_with()), "run", exit_code=2)
    one_line_error(juesuan("remove", env=env_with()), "remove", exit_code=2)
    assert json_error(juesuan("remove", "--json", env=env_with()), exit_code=2)["kind"] == "usage"


def test_commands_that_only_read_never_create_a_database(tmp_path):
    home = tmp_path / "new-home"
    env = env_with(JUESUAN_HOME=str(home))
    for command in (["db", "url"], ["db", "status"], ["check"]):
        line = one_line_error(juesuan(*command, env=env), " ".join(command[:2] if command[0] == "db" else command[:1]))
        assert "no embedded server has been created" in line and "juesuan db start" in line
    assert json_error(juesuan("check", "--json", env=env))["kind"] == "no_database"
    assert not (home / "pgdata").exists()


def test_remove_keeps_report_versions_consistent(migrated_db):
    """Three versions of one report; removing the current one makes the previous current, removing a middle one
    splices the chain; --department removes the rest."""
    env = env_with(JUESUAN_DATABASE_URL=migrated_db)
    xlsx, xls = SAMPLE_FORMATS[1], SAMPLE_FORMATS[2]
    loaded = juesuan("load", str(xlsx), str(xls), str(SAMPLE), "--json", env=env)
    assert loaded.returncode == 0, loaded.stderr
    first, middle, last = (f["document_id"] for f in json.loads(loaded.stdout)["files"])

    def versions():
        with psycopg.connect(migrated_db) as conn:
            return conn.execute("select document_id, is_current, superseded_by from raw.documents"
                                " order by document_id").fetchall()

    assert versions() == [(first, False, middle), (middle, False, last), (last, True, None)]
    done = juesuan("remove", "--document", str(last), "--no-build", env=env)
    assert done.returncode == 0, done.stderr
    assert f"document {middle} is the current version again" in done.stdout
    assert "juesuan build" in done.stdout
    assert versions() == [(first, False, middle), (middle, True, None)]

    again = juesuan("load", str(SAMPLE), "--json", env=env)   # loaded again: a new current version
    newest = json.loads(again.stdout)["files"][0]["document_id"]
    removed = juesuan("remove", "--document", str(middle), "--no-build", "--json", env=env)
    assert removed.returncode == 0, removed.stderr
    assert json.loads(removed.stdout)["removed"][0]["was_current"] is False
    assert versions() == [(first, False, newest), (newest, True, None)]

    gone = juesuan("remove", "--department", "安阳市公安局", "--year", "2023", "--no-build", env=env)
    assert gone.returncode == 0, gone.stderr
    assert versions() == []
    line = one_line_error(juesuan("remove", "--department", "安阳市公安局", "--no-build", env=env), "remove")
    assert "nothing to remove" in line


@pytest.mark.dbt
def test_remove_rebuilds_the_marts(migrated_db):
    env = env_with(JUESUAN_DATABASE_URL=migrated_db)
    loaded = juesuan("load", str(SAMPLE_FORMATS[1]), str(SAMPLE), "--json", env=env)
    newer = json.loads(loaded.stdout)["files"][1]["document_id"]
    done = juesuan("remove", "--document", str(newer), "--json", env=env, timeout=1200)
    assert done.returncode == 0, done.stdout + done.stderr
    outcome = json.loads(done.stdout)
    assert outcome["dbt"]["success"] and outcome["removed"][0]["now_current"] is not None
    with psycopg.connect(migrated_db) as conn:
        current = conn.execute("select distinct document_id from marts.fct_final_accounts").fetchall()
    assert current == [(outcome["removed"][0]["now_current"],)]


def test_unexpected_errors_are_one_line_with_a_debug_hint(tmp_path):
    """A JUESUAN_HOME that is a file is nothing juesuan expects: one line, and JUESUAN_DEBUG=1 shows the traceback."""
    home = tmp_path / "a-file"
    home.write_text("")
    env = env_with(JUESUAN_HOME=str(home))
    done = juesuan("db", "start", env=env)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    debug = juesuan("db", "start", env=dict(env, JUESUAN_DEBUG="1"))
    assert debug.returncode != 0 and "Traceback" in debug.stderr


@pytest.mark.dbt
def test_docs_generates_the_dbt_documentation(migrated_db):
    env = env_with(JUESUAN_DATABASE_URL=migrated_db)
    done = juesuan("docs", env=env, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    index = Path(done.stdout.split("docs generated: ", 1)[1].split(";", 1)[0])
    assert index.name == "index.html" and index.exists()
    manifest = json.loads((index.parent / "manifest.json").read_text())
    assert "exposure.juesuan.final_accounts_dashboard" in manifest["exposures"]
    assert (index.parent / "catalog.json").exists()
