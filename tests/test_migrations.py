"""Alembic: upgrade to head creates the raw schema, downgrade to base removes it."""
import psycopg

from loaders import migrate

TABLES = {"departments", "documents", "budget_units", "report_tables", "subjects",
          "econ_subjects", "amounts", "parse_warnings"}


def raw_tables(url):
    with psycopg.connect(url) as conn:
        rows = conn.execute("select table_name from information_schema.tables "
                            "where table_schema = 'raw' and table_name <> 'alembic_version'").fetchall()
    return {r[0] for r in rows}


def test_upgrade_creates_every_table(empty_db):
    migrate.upgrade(empty_db)
    assert TABLES <= raw_tables(empty_db)
    assert migrate.current(empty_db) == migrate.heads()


def test_downgrade_to_base_and_back(empty_db):
    migrate.upgrade(empty_db)
    migrate.downgrade(empty_db, "base")
    assert raw_tables(empty_db) == set()
    assert migrate.current(empty_db) is None
    migrate.upgrade(empty_db)
    assert TABLES <= raw_tables(empty_db)


def test_upgrade_is_idempotent(empty_db):
    migrate.upgrade(empty_db)
    migrate.upgrade(empty_db)
    assert migrate.current(empty_db) == migrate.heads()


def test_schema_matches_models(empty_db):
    """The migration and models/ describe the same tables and columns."""
    from sqlalchemy import create_engine, inspect

    from loaders.database import sqlalchemy_url
    from models import metadata

    migrate.upgrade(empty_db)
    insp = inspect(create_engine(sqlalchemy_url(empty_db)))
    for table in metadata.sorted_tables:
        db_cols = {c["name"] for c in insp.get_columns(table.name, schema="raw")}
        assert db_cols == {c.name for c in table.columns}, table.name
