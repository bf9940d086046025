"""Security: the embedded server is its owner's alone, passwords are enforced and never printed, and the
analyst role reaches the warehouse database only.

Real servers throughout: a throwaway embedded PostgreSQL per test where its set-up is what is tested, the
session's server for the roles. The tests that need a second OS user (or root's view of the server's
processes) are skipped, with the reason, when not run as root.
"""
from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import psycopg
import pytest
from psycopg import errors

from conftest import juesuan, with_database
from juesuan.loaders.app import roles
from juesuan.loaders.app.database import EmbeddedServer, _pg_commands, masked

INTRUDER = "juesuan_intruder"
ANALYST_LOGIN = "juesuan_test_sec_analyst"
AS_ROOT = pytest.mark.skipif(os.name != "posix" or os.geteuid() != 0,
                             reason="needs root: to create a second OS user and to run the server as another user")


def without_password(url: str) -> str:
    head, rest = url.split("://", 1)
    auth, host = rest.split("@", 1)
    return f"{head}://{auth.split(':', 1)[0]}@{host}"


def hba_rules(server: EmbeddedServer) -> list[list[str]]:
    return [line.split() for line in server.hba_file.read_text().splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


pytestmark = pytest.mark.db  # real servers; the URL masking test alone needs none


@pytest.fixture
def server(server_home):
    server = EmbeddedServer(server_home / "home")
    server.start()
    yield server
    server.stop()


@pytest.mark.parsing
def test_masked_hides_every_password_and_keeps_the_rest():
    assert masked("postgresql://u:s3cret@h:5432/d") == "postgresql://u:***@h:5432/d"
    assert masked("postgresql+psycopg://u:a%40b@h/d?sslmode=require") == (
        "postgresql+psycopg://u:***@h/d?sslmode=require")
    assert masked("postgresql://u@h/d") == "postgresql://u@h/d"
    assert masked("host=h dbname=d") == "host=h dbname=d"
    assert masked("postgresql://h/d?user=u&password=pw&sslmode=x") == "postgresql://h/d?user=u&password=***&sslmode=x"
    assert masked("cannot reach postgresql://u:pw@h/d: refused") == "cannot reach postgresql://u:***@h/d: refused"


def test_the_embedded_server_asks_every_connection_for_its_generated_password(server):
    password = server.password_file.read_text().strip()
    assert len(password) >= 32
    assert stat.S_IMODE(server.password_file.stat().st_mode) == 0o600
    assert server.password_file.stat().st_uid == os.geteuid()
    rules = hba_rules(server)
    assert rules and {rule[-1] for rule in rules} == {"scram-sha-256"}
    url = server.url()
    with psycopg.connect(url) as conn:
        assert conn.execute("select rolpassword like 'SCRAM-SHA-256$%%' from pg_authid"
                            " where rolname = 'postgres'").fetchone() == (True,)
    with pytest.raises(psycopg.OperationalError, match="password"):
        psycopg.connect(without_password(url), connect_timeout=5)
    wrong = url.replace(password, "not-the-password")
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(wrong, connect_timeout=5)


def test_db_url_prints_the_working_url_and_every_other_command_masks_it(server, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "JUESUAN_DATABASE_URL"}
    env["JUESUAN_HOME"] = str(server.home)
    password = server.password_file.read_text().strip()
    url = juesuan("db", "url", env=env)
    assert url.returncode == 0, url.stderr
    with psycopg.connect(url.stdout.strip()) as conn:
        assert conn.execute("select current_database()").fetchone() == ("juesuan",)
    for command in (("db", "status"), ("db", "start")):
        done = juesuan(*command, env=env)
        assert done.returncode == 0, done.stderr
        assert password not in done.stdout + done.stderr and "postgres:***@127.0.0.1" in done.stdout, done.stdout
    external = dict(env, JUESUAN_DATABASE_URL="postgresql://someone:topsecret@127.0.0.1:1/nowhere")
    status = juesuan("db", "status", env=external)  # unreachable: one line, the URL masked
    assert status.returncode != 0 and "topsecret" not in status.stdout + status.stderr
    (tmp_path / "r.txt").write_text("x", encoding="utf-8")
    refused = juesuan("load", str(tmp_path / "r.txt"), env=external)
    assert refused.returncode != 0 and "topsecret" not in refused.stdout + refused.stderr


def test_a_home_made_with_trust_is_upgraded_in_place_on_the_next_start(server):
    url = server.url()
    # what an older juesuan left: trust for everyone, no password on file, and the server running that way
    server.hba_file.write_text("local all all trust\nhost all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\n")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("select pg_reload_conf()")
        conn.execute("alter role postgres password null")
    server.password_file.unlink()
    with psycopg.connect(without_password(url)) as conn:  # the hole the upgrade closes
        assert conn.execute("select 1").fetchone() == (1,)
    assert not server.is_secured()

    new_url = server.start()
    assert server.is_secured() and new_url != without_password(url)
    assert {rule[-1] for rule in hba_rules(server)} == {"scram-sha-256"}
    assert stat.S_IMODE(server.password_file.stat().st_mode) == 0o600
    with psycopg.connect(new_url) as conn:
        assert conn.execute("select count(*) from pg_database where datname = 'juesuan'").fetchone() == (1,)
    with pytest.raises(psycopg.OperationalError, match="password"):
        psycopg.connect(without_password(url), connect_timeout=5)
    # and a stopped home made with trust is upgraded before it listens
    server.stop()
    server.hba_file.write_text("host all all 127.0.0.1/32 trust\n")
    server.password_file.unlink()
    again = server.start()
    assert {rule[-1] for rule in hba_rules(server)} == {"scram-sha-256"}
    with psycopg.connect(again) as conn:
        assert conn.execute("select 1").fetchone() == (1,)
    with pytest.raises(psycopg.OperationalError, match="password"):
        psycopg.connect(without_password(again), connect_timeout=5)


def _proc_ids(pid: int) -> dict[str, list[int]]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("Uid", "Gid", "Groups"):
            fields[key] = [int(v) for v in value.split()]
    return fields


@AS_ROOT
def test_as_root_the_server_runs_as_another_user_without_group_root(server):
    pid = server.postmaster_pid()
    children = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout.split()
    assert children, "the postmaster has its background processes"
    for process in [pid, *map(int, children)]:
        ids = _proc_ids(process)
        assert 0 not in ids["Uid"], ids
        assert 0 not in ids["Gid"], ids
        assert 0 not in ids["Groups"], ids


@AS_ROOT
def test_a_second_local_user_cannot_connect_nor_read_the_password(server):
    if subprocess.run(["id", INTRUDER], capture_output=True).returncode != 0:
        subprocess.run(["useradd", "--no-create-home", "--shell", "/usr/sbin/nologin", INTRUDER], check=True)
    psql = str(_pg_commands().POSTGRES_BIN_PATH / "psql")
    bare = without_password(server.url())

    runuser = shutil.which("runuser")
    if runuser is None:
        pytest.skip("runuser (util-linux) is not installed")

    def as_intruder(*command):
        return subprocess.run([runuser, "-u", INTRUDER, "--", *command], capture_output=True, text=True,
                              timeout=60, env={"PATH": "/usr/bin:/bin", "HOME": "/tmp"})

    # the intruder can run psql (so a refusal is the server's), but gets no session as any user
    assert as_intruder(psql, "--version").returncode == 0
    for user in ("postgres", "embedded_postgres", INTRUDER):
        tried = as_intruder(psql, bare.replace("postgres@", f"{user}@", 1), "-w", "-tAc", "select 1")
        assert tried.returncode != 0 and "password" in tried.stderr, tried.stderr
    read = as_intruder("cat", str(server.password_file))
    assert read.returncode != 0 and "Permission denied" in read.stderr
    # while the owner connects with the password on file
    with psycopg.connect(server.url()) as conn:
        assert conn.execute("select 1").fetchone() == (1,)


@pytest.fixture
def analyst_login(migrated_db):
    yield ANALYST_LOGIN
    with psycopg.connect(migrated_db, autocommit=True) as conn:
        conn.execute(f"drop role if exists {ANALYST_LOGIN}")


def _login_url(url: str, user: str, password: str) -> str:
    head, rest = url.split("://", 1)
    return f"{head}://{user}:{password}@{rest.split('@', 1)[1]}"


def test_login_passwords_are_enforced_and_the_analyst_reaches_the_warehouse_database_only(
        migrated_db, analyst_login):
    roles.grant(migrated_db, analyst_login, "analyst", "right-password")
    good = _login_url(migrated_db, analyst_login, "right-password")
    with psycopg.connect(good, autocommit=True) as conn:
        assert conn.execute("select current_user, session_user").fetchone() == (roles.ANALYST, analyst_login)
        with pytest.raises(errors.InsufficientPrivilege):
            conn.execute("create temporary table scratch (a int)")
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(_login_url(migrated_db, analyst_login, "wrong-password"), connect_timeout=5)
    for other in ("postgres", "template1"):
        with pytest.raises(psycopg.OperationalError, match="permission denied for database"):
            psycopg.connect(with_database(good, other), connect_timeout=5)
    with psycopg.connect(migrated_db) as conn:
        assert conn.execute(
            "select has_database_privilege(%s, current_database(), 'connect'),"
            " has_database_privilege('public', current_database(), 'connect'),"
            " has_database_privilege(%s, current_database(), 'connect')",
            (roles.ANALYST, roles.LOADER)).fetchone() == (True, False, True)
    # the superuser still reaches every database
    with psycopg.connect(with_database(migrated_db, "postgres")) as conn:
        assert conn.execute("select 1").fetchone() == (1,)
