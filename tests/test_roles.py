"""Roles: juesuan_loader owns and writes the warehouse, juesuan_analyst reads marts and writes nowhere.

Real PostgreSQL: the analyst's privileges are checked by acting as the role
(SET ROLE, and through a login created by `juesuan db grant`), never by
reading catalogue flags alone.
"""
from __future__ import annotations

import os
import shutil
from urllib.parse import quote, urlsplit, urlunsplit

import psycopg
import pytest
from psycopg import errors

from conftest import juesuan
from juesuan.loaders.app import migrate, roles
from juesuan.loaders.app.dbt_runner import build
from juesuan.loaders.app.load_job import load_files

# a login name unlikely to clash with anything on a shared test server
NIGHTLY_LOGIN, ANALYST_LOGIN = "juesuan_test_nightly", "juesuan_test_analyst"

OWN_TABLES = ("alembic_version", "departments", "documents", "budget_units", "report_tables", "subjects",
              "econ_subjects", "amounts", "parse_warnings", "load_runs", "load_run_files")

FORBIDDEN = [
    "select count(*) from raw.documents",
    "select count(*) from raw.amounts",
    "select count(*) from raw.load_runs",
    "select count(*) from staging.stg_raw__amounts",
    "insert into marts.dim_department (department_id, department_name) values (999, 'x')",
    "update marts.fct_final_accounts set amount = 0",
    "delete from marts.fct_final_accounts_history",
    "truncate marts.dim_subject",
    "drop table marts.fct_final_accounts",
    "alter table marts.dim_department add column x int",
    "comment on table marts.fct_final_accounts is 'x'",
    "create table marts.scratch (a int)",
    "create table public.scratch (a int)",
    "create table raw.scratch (a int)",
    "create view marts.scratch as select 1",
    "create temporary table scratch (a int)",
    "create schema scratch",
    "insert into raw.documents (content_sha256) values ('x')",
]


def as_role(url, role, sql):
    """Run one statement as ``role``; the error class when refused, else the first row."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"set role {role}")
        try:
            cursor = conn.execute(sql)
            return cursor.fetchone() if cursor.description else "done"
        except psycopg.Error as err:
            return type(err)


def login_url(url, user, password=None):
    """The same server and database, as another user."""
    parts = urlsplit(url)
    auth = f"{quote(user)}:{quote(password)}" if password else quote(user)
    return urlunsplit(parts._replace(netloc=f"{auth}@{parts.hostname}:{parts.port or 5432}"))


# the marts the privilege checks touch, and what they are built from
MARTS = ["+fct_final_accounts", "+fct_final_accounts_history", "+report_versions", "+dim_department", "+dim_subject"]


@pytest.fixture
def built(migrated_db, sample_path):
    """The sample loaded and the marts built, as the migrating (super)user — the test default."""
    load_files(migrated_db, [sample_path])
    result = build(migrated_db, select=MARTS)
    assert result.success, result.errors
    return migrated_db


@pytest.fixture
def logins(database_url):
    yield NIGHTLY_LOGIN, ANALYST_LOGIN
    with psycopg.connect(database_url, autocommit=True) as conn:
        for name in (NIGHTLY_LOGIN, ANALYST_LOGIN):
            conn.execute(f"drop role if exists {name}")


def test_the_migration_creates_both_roles_and_gives_the_loader_the_raw_schema(migrated_db):
    with psycopg.connect(migrated_db) as conn:
        assert conn.execute("select rolname, rolcanlogin, rolsuper from pg_roles where rolname like 'juesuan\\_%%'"
                            " and rolname in (%s, %s) order by 1", (roles.ANALYST, roles.LOADER)).fetchall() == [
            (roles.ANALYST, False, False), (roles.LOADER, False, False)]
        owners = dict(conn.execute("select nspname, nspowner::regrole::text from pg_namespace"
                                   " where nspname in ('raw', 'staging', 'marts')").fetchall())
        assert owners == {"raw": roles.LOADER, "staging": roles.LOADER, "marts": roles.LOADER}
        # the tables of 0001 and 0004 belong to the loader; a branch migrated after 0004 keeps its creator as
        # owner (until `juesuan db grant`), and the loader can write every raw table either way
        owned = dict(conn.execute("select relname, relowner::regrole::text from pg_class"
                                  " where relnamespace = 'raw'::regnamespace and relkind = 'r'").fetchall())
        assert {t: owned[t] for t in OWN_TABLES} == {t: roles.LOADER for t in OWN_TABLES}
        unwritable = conn.execute(
            "select relname from pg_class where relnamespace = 'raw'::regnamespace and relkind = 'r'"
            " and not has_table_privilege(%s, oid, 'select, insert, update, delete')", (roles.LOADER,)).fetchall()
        assert unwritable == []
        privileges = conn.execute(
            "select has_schema_privilege(%(a)s, 'marts', 'usage'), has_schema_privilege(%(a)s, 'raw', 'usage'),"
            " has_schema_privilege(%(a)s, 'staging', 'usage'), has_database_privilege(%(a)s, current_database(),"
            " 'create'), has_database_privilege(%(a)s, current_database(), 'temporary'),"
            " has_database_privilege(%(l)s, current_database(), 'create'),"
            " has_table_privilege(%(l)s, 'raw.load_runs', 'insert')",
            {"a": roles.ANALYST, "l": roles.LOADER}).fetchone()
        assert privileges == (True, False, False, False, False, True, True)


@pytest.mark.dbt
def test_the_analyst_reads_marts_built_later_and_nothing_else(built):
    assert as_role(built, roles.ANALYST, "select count(*) from marts.fct_final_accounts") == (701,)
    assert as_role(built, roles.ANALYST, "select count(*) from marts.fct_final_accounts_history") == (701,)
    assert as_role(built, roles.ANALYST, "select count(*), bool_and(is_current) from marts.report_versions") == (
        1, True)
    refused = {sql: as_role(built, roles.ANALYST, sql) for sql in FORBIDDEN}
    assert refused == {sql: errors.InsufficientPrivilege for sql in FORBIDDEN}
    # the superuser who built the marts can still do all of it: the refusals are the role's
    assert as_role(built, "postgres", "select count(*) from raw.documents") == (1,)


@pytest.mark.dbt
def test_db_grant_hands_what_another_user_created_to_the_loader(built, tmp_path):
    with psycopg.connect(built, autocommit=True) as conn:
        conn.execute("create table marts.made_by_hand (a int)")
        conn.execute("revoke select on marts.made_by_hand from juesuan_analyst")
        owners_before = conn.execute("select count(*) from pg_class where relnamespace = 'marts'::regnamespace"
                                     " and relkind = 'r' and relowner = 'postgres'::regrole").fetchone()[0]
    assert owners_before > 1  # dbt ran as postgres in this test
    env = dict(os.environ, JUESUAN_DATABASE_URL=built, JUESUAN_HOME=str(tmp_path / "home"))
    done = juesuan("db", "grant", env=env)
    assert done.returncode == 0, done.stderr
    assert f"{roles.LOADER} owns raw, staging" in done.stdout
    with psycopg.connect(built) as conn:
        assert conn.execute("select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace"
                            " where n.nspname in ('raw', 'staging', 'marts') and c.relkind in ('r', 'v')"
                            " and c.relowner <> %s::regrole", (roles.LOADER,)).fetchone() == (0,)
    assert as_role(built, roles.ANALYST, "select count(*) from marts.made_by_hand") == (0,)
    again = juesuan("db", "grant", env=env)  # idempotent
    assert again.returncode == 0 and again.stdout == done.stdout


@pytest.mark.dbt
def test_a_loader_login_runs_the_nightly_and_an_analyst_login_reads_what_it_built(
        migrated_db, logins, sample_path, tmp_path):
    nightly_login, analyst_login = logins
    env = dict(os.environ, JUESUAN_DATABASE_URL=migrated_db, JUESUAN_HOME=str(tmp_path / "home"),
               JUESUAN_LOGIN_PASSWORD="nightly-secret")
    created = juesuan("db", "grant", "--login", nightly_login, "--role", "loader", env=env)
    assert created.returncode == 0, created.stderr
    assert f"login {nightly_login} created, acting as {roles.LOADER}" in created.stdout
    env.pop("JUESUAN_LOGIN_PASSWORD")
    analyst = juesuan("db", "grant", "--login", analyst_login, "--role", "analyst", env=env)
    assert f"login {analyst_login} created without a password" in analyst.stdout
    with psycopg.connect(migrated_db) as conn:
        assert conn.execute("select rolname, rolpassword is not null from pg_authid where rolname in (%s, %s)"
                            " order by 1", (analyst_login, nightly_login)).fetchall() == [
            (analyst_login, False), (nightly_login, True)]

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(sample_path, inbox / "police.txt")
    run = juesuan("nightly", "--inbox", str(inbox), *[f"--select={m}" for m in MARTS],
                  env=dict(env, JUESUAN_DATABASE_URL=login_url(migrated_db, nightly_login, "nightly-secret")))
    assert run.returncode == 0, run.stdout + run.stderr
    with psycopg.connect(migrated_db) as conn:
        owners = conn.execute("select distinct relowner::regrole::text from pg_class"
                              " where relnamespace = 'marts'::regnamespace and relkind = 'r'").fetchall()
        assert owners == [(roles.LOADER,)]  # built by the nightly login, owned by its role
        assert conn.execute("select count(*) from raw.documents").fetchone() == (1,)

    # a login without a password cannot log in (every connection authenticates); with one it can
    with pytest.raises(psycopg.OperationalError, match="password"):
        psycopg.connect(login_url(migrated_db, analyst_login), connect_timeout=5)
    given = juesuan("db", "grant", "--login", analyst_login, "--role", "analyst",
                    env=dict(env, JUESUAN_LOGIN_PASSWORD="analyst-secret"))
    assert f"login {analyst_login} updated" in given.stdout, given.stderr
    with psycopg.connect(login_url(migrated_db, analyst_login, "analyst-secret"), autocommit=True) as conn:
        assert conn.execute("select current_user, session_user").fetchone() == (roles.ANALYST, analyst_login)
        assert conn.execute("select count(*) from marts.fct_final_accounts").fetchone() == (701,)
        for sql in ("select 1 from raw.documents", "delete from marts.fct_final_accounts",
                    "create table marts.scratch (a int)", "set role juesuan_loader"):
            with pytest.raises(errors.InsufficientPrivilege):
                conn.execute(sql)
            conn.execute("select 1")  # autocommit: the session stays usable

    changed = juesuan("db", "grant", "--login", analyst_login, "--role", "loader", env=env)
    assert f"login {analyst_login} updated" in changed.stdout
    with psycopg.connect(migrated_db) as conn:
        assert conn.execute("select pg_has_role(%s, %s, 'member'), pg_has_role(%s, %s, 'member')",
                            (analyst_login, roles.LOADER, analyst_login, roles.ANALYST)).fetchone() == (True, False)


def test_db_grant_refuses_superusers_group_roles_and_half_an_option(migrated_db, tmp_path):
    env = dict(os.environ, JUESUAN_DATABASE_URL=migrated_db, JUESUAN_HOME=str(tmp_path / "home"))
    superuser = juesuan("db", "grant", "--login", "postgres", "--role", "analyst", env=env)
    assert superuser.returncode == 1
    assert "postgres is a superuser; refusing to make it a login of juesuan_analyst" in superuser.stderr
    group = juesuan("db", "grant", "--login", roles.LOADER, "--role", "analyst", env=env)
    assert group.returncode == 1 and "is a group role" in group.stderr
    half = juesuan("db", "grant", "--login", "someone", env=env)
    assert half.returncode == 2 and "--login and --role go together" in half.stderr
    with psycopg.connect(migrated_db) as conn:
        assert conn.execute("select rolsuper from pg_roles where rolname = 'postgres'").fetchone() == (True,)
        assert conn.execute("select count(*) from pg_db_role_setting s join pg_roles r on r.oid = s.setrole"
                            " where r.rolname = 'postgres'").fetchone() == (0,)


def test_revision_0004_downgrades_and_upgrades(migrated_db):
    migrate.downgrade(migrated_db, "0003")
    with psycopg.connect(migrated_db) as conn:
        assert "0004" not in (migrate.current(migrated_db) or "")
        assert conn.execute("select to_regclass('raw.load_runs'), to_regclass('raw.load_run_files')").fetchone() == (
            None, None)
        assert conn.execute("select to_regclass('raw.documents') is not null").fetchone() == (True,)
        assert conn.execute("select nspowner::regrole::text from pg_namespace where nspname = 'raw'").fetchone() \
            != (roles.LOADER,)
        # roles are cluster-wide: they go unless another database (the shared test warehouse) still uses them
        others = conn.execute("select count(*) from pg_database where datname not in"
                              " (current_database(), 'postgres', 'template0', 'template1')").fetchone()[0]
        assert conn.execute("select count(*) from pg_roles where rolname in (%s, %s)",
                            (roles.LOADER, roles.ANALYST)).fetchone() == ((2,) if others else (0,))
        assert conn.execute("select count(*) from pg_default_acl").fetchone() == (0,)
        assert conn.execute("select has_database_privilege('public', current_database(), 'temporary')").fetchone() \
            == (True,)
    migrate.upgrade(migrated_db)
    assert migrate.current(migrated_db) == migrate.heads()
    with psycopg.connect(migrated_db) as conn:
        assert conn.execute("select to_regclass('raw.load_runs') is not null").fetchone() == (True,)
        assert conn.execute("select has_schema_privilege(%s, 'marts', 'usage')", (roles.ANALYST,)).fetchone() == (
            True,)
