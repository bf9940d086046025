"""Alembic: the migrated database is exactly the models (types, keys, constraints, indexes, comments)."""
import psycopg
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, pool

from juesuan.loaders.app import migrate
from juesuan.loaders.app.database import sqlalchemy_url
from juesuan.models import metadata

pytestmark = pytest.mark.db


def raw_tables(url):
    with psycopg.connect(url) as conn:
        rows = conn.execute("select table_name from information_schema.tables "
                            "where table_schema = 'raw' and table_name <> 'alembic_version'").fetchall()
    return {r[0] for r in rows}


def drift(url) -> list:
    """What autogenerate would write to make the database match the models: nothing, when they agree."""
    engine = create_engine(sqlalchemy_url(url), poolclass=pool.NullPool)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={
            "compare_type": True, "compare_server_default": True, "include_schemas": True,
            "version_table_schema": "raw",
            "include_name": lambda name, kind, parent: kind != "schema" or name == "raw",
        })
        return compare_metadata(context, metadata)


def test_the_migrated_schema_is_the_models(empty_db):
    migrate.upgrade(empty_db)
    assert raw_tables(empty_db) == {t.name for t in metadata.sorted_tables}
    assert drift(empty_db) == []
    assert migrate.current(empty_db) == migrate.heads()


def test_drift_is_detected(empty_db):
    """The drift test is not blind: a changed type, a dropped constraint and a changed comment all show."""
    migrate.upgrade(empty_db)
    with psycopg.connect(empty_db, autocommit=True) as conn:
        conn.execute("alter table raw.amounts alter column row_seq type bigint")
        conn.execute("alter table raw.amounts drop constraint uq_amounts_cell")
        conn.execute("comment on column raw.documents.fiscal_year is 'something else'")
    kinds = {diff[0][0] if isinstance(diff, list) else diff[0] for diff in drift(empty_db)}
    assert {"modify_type", "add_constraint", "modify_comment"} <= kinds


def test_downgrade_to_base_and_back(empty_db):
    migrate.upgrade(empty_db)
    migrate.downgrade(empty_db, "base")
    assert raw_tables(empty_db) == set()
    assert migrate.current(empty_db) is None
    migrate.upgrade(empty_db)
    assert drift(empty_db) == []


def test_upgrade_is_idempotent(empty_db):
    migrate.upgrade(empty_db)
    migrate.upgrade(empty_db)
    assert migrate.current(empty_db) == migrate.heads()
