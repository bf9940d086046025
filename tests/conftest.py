"""Shared test fixtures: a real PostgreSQL, one warehouse built once for every test that only reads it.

Tiers (markers, given here by what a test uses):
- ``parsing``: no database; seconds.
- ``db``: a real PostgreSQL (the raw schema, the writer, roles), no dbt.
- ``dbt``: runs dbt, or reads the shared warehouse dbt built.

``pytest -m "not dbt"`` runs the first two; ``pytest`` runs all.

The database is JUESUAN_TEST_DATABASE_URL when set (its juesuan schemas are dropped and
recreated; the user needs CREATEDB for the shared warehouse's database beside it),
otherwise a throwaway embedded server.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

from juesuan.loaders.app.database import EmbeddedServer

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
SAMPLE = ROOT / "examples" / "anyang-police-2023-final-accounts.txt"
SECOND_YEAR = DATA / "anyang-police-2024-TEST-FIXTURE.txt"
SHANGHAI = DATA / "shanghai-putuo-social-work-dept-2024-final-accounts.pdf"
SAMPLE_FORMATS = [DATA / "anyang-police-2023-final-accounts.pdf", DATA / "anyang-police-2023-final-accounts.xlsx",
                  DATA / "anyang-police-2023-final-accounts.xls"]
SCHEMAS = ("marts", "intermediate", "staging", "reference", "raw")
DB_FIXTURES = {"database_url", "empty_db", "migrated_db", "warehouse"}


# -- tiers ----------------------------------------------------------------------------------------

def pytest_configure(config):
    for name, text in (("parsing", "pure parsing, no database"), ("db", "a real PostgreSQL, no dbt"),
                       ("dbt", "runs dbt or reads the warehouse dbt built"),
                       ("slow", "long property runs, not in the default run"),
                       ("dashboards", "Superset (own virtualenv) and headless Chromium render the shipped dashboard")):
        config.addinivalue_line("markers", f"{name}: {text}")


def pytest_collection_modifyitems(config, items):
    run_slow = "slow" in (config.getoption("markexpr", "") or "")
    for item in items:
        if item.get_closest_marker("slow") and not run_slow:
            item.add_marker(pytest.mark.skip(reason="a long property run: pytest -m slow"))
        names = set(getattr(item, "fixturenames", ()))
        if item.get_closest_marker("dbt") or "warehouse" in names:
            item.add_marker(pytest.mark.dbt)
        elif item.get_closest_marker("db") or names & DB_FIXTURES:
            item.add_marker(pytest.mark.db)
        else:
            item.add_marker(pytest.mark.parsing)


# -- helpers --------------------------------------------------------------------------------------

def juesuan(*args, env, timeout=600, **kwargs) -> subprocess.CompletedProcess:
    """The installed command line, as a user or a scheduler runs it."""
    exe = shutil.which("juesuan", path=str(Path(sys.executable).parent)) or "juesuan"
    return subprocess.run([exe, *args], env=env, capture_output=True, text=True, timeout=timeout, **kwargs)


def query(url: str, sql: str, *params) -> list[tuple]:
    with psycopg.connect(url) as conn:
        return conn.execute(sql, params or None).fetchall()


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


def reset_database(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        for schema in SCHEMAS:
            conn.execute(f"drop schema if exists {schema} cascade")


# -- the server -----------------------------------------------------------------------------------

@pytest.fixture(scope="session", autouse=True)
def dbt_home(tmp_path_factory):
    """dbt's target/ (its partial-parse cache) and logs/ in one folder for the whole session."""
    home = tmp_path_factory.mktemp("juesuan-home")
    saved = os.environ.get("JUESUAN_HOME")
    os.environ["JUESUAN_HOME"] = str(home)
    yield home
    if saved is None:
        os.environ.pop("JUESUAN_HOME", None)
    else:
        os.environ["JUESUAN_HOME"] = saved


@pytest.fixture(scope="session")
def database_url():
    given = os.environ.get("JUESUAN_TEST_DATABASE_URL")
    if given:
        yield given
        return
    home = Path(tempfile.mkdtemp(prefix="juesuan-test-"))
    server = EmbeddedServer(home)
    url = server.start()
    try:
        yield url
    finally:
        server.stop()
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture
def server_home():
    """A folder for an embedded server's home outside pytest's tmp folder: every pytest session on the
    machine makes /tmp/pytest-of-<user> 0700 again, and as root the server's user must traverse it."""
    home = Path(tempfile.mkdtemp(prefix="juesuan-home-"))
    yield home
    shutil.rmtree(home, ignore_errors=True)


@pytest.fixture
def empty_db(database_url):
    """A database with no juesuan schemas at all."""
    reset_database(database_url)
    return database_url


@pytest.fixture
def migrated_db(empty_db):
    """A database with the raw schema at head and nothing loaded."""
    from juesuan.loaders.app.migrate import upgrade

    upgrade(empty_db)
    return empty_db


@pytest.fixture
def sample_path():
    return SAMPLE


# -- the shared warehouse -------------------------------------------------------------------------

@dataclass(frozen=True)
class Warehouse:
    url: str
    outcomes: list          # FileOutcome of every file loaded, in order
    build: object           # the BuildResult of the one full dbt build

    def query(self, sql: str, *params) -> list[tuple]:
        return query(self.url, sql, *params)


@pytest.fixture(scope="session")
def warehouse(database_url, tmp_path_factory) -> Warehouse:
    """One warehouse, built once, for every test that only reads it. Read only: tests must not write to it.

    In it: the sample in its three printed formats (older versions) and as text (the current version);
    its 2024 test fixture (a second year); the real Shanghai PDF; and the sample broken for every
    reconciliation rule (坏<rule>) and repaired where it does not reconcile (好<rule>).
    """
    from check_cases import variants

    from juesuan.loaders.app.dbt_runner import build
    from juesuan.loaders.app.load_job import load_files
    from juesuan.loaders.app.migrate import upgrade

    name = (urlsplit(database_url).path.lstrip("/") or "juesuan") + "_warehouse"
    with psycopg.connect(with_database(database_url, "postgres"), autocommit=True) as conn:
        conn.execute(f'drop database if exists "{name}" with (force)')
        conn.execute(f'create database "{name}"')
    url = with_database(database_url, name)
    upgrade(url)
    files = [*SAMPLE_FORMATS, SAMPLE, SECOND_YEAR, SHANGHAI,
             *variants(SAMPLE, tmp_path_factory.mktemp("check-variants"))]
    outcomes = load_files(url, files)
    assert [o.status for o in outcomes] == ["loaded"] * len(files), [o for o in outcomes if o.status != "loaded"]
    result = build(url)
    assert result.success and result.tests_failed == 0, result.errors
    return Warehouse(url, outcomes, result)
