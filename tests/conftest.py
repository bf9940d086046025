"""A real PostgreSQL for the test session: JUESUAN_TEST_DATABASE_URL, or a throwaway embedded server."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import psycopg
import pytest

from loaders.database import EmbeddedServer

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "anyang-police-2023-final-accounts.txt"
SCHEMAS = ("marts", "intermediate", "staging", "reference", "raw")


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


def reset_database(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        for schema in SCHEMAS:
            conn.execute(f"drop schema if exists {schema} cascade")


@pytest.fixture
def empty_db(database_url):
    """A database with no juesuan schemas at all."""
    reset_database(database_url)
    return database_url


@pytest.fixture
def migrated_db(empty_db):
    """A database with the raw schema at head and nothing loaded."""
    from loaders.migrate import upgrade

    upgrade(empty_db)
    return empty_db


@pytest.fixture
def sample_path():
    return SAMPLE
