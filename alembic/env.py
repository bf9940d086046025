"""Alembic environment: migrations run against the URL juesuan resolves.

Run from the command line with ``juesuan migrate`` (or plain ``alembic upgrade head``
with ``-x url=postgresql+psycopg://...`` / JUESUAN_DATABASE_URL set).

The tables' descriptions are not repeated in the migrations: after every online
upgrade the comments of the raw schema are set from juesuan.models (which reads
them from the dbt docs blocks), in the same transaction.
"""
from alembic import context
from sqlalchemy import create_engine, pool, text

from juesuan.models import RAW_SCHEMA, metadata
from juesuan.models.comments import apply_comments

config = context.config


def _url() -> str:
    url = config.attributes.get("url") or context.get_x_argument(as_dictionary=True).get("url")
    if url:
        return url
    from juesuan.loaders.app.database import resolve_url, sqlalchemy_url
    return sqlalchemy_url(resolve_url())


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine(_url(), poolclass=pool.NullPool)
    with engine.begin() as conn:
        _run(conn)


def _run(connection) -> None:
    connection.execute(text(f"CREATE SCHEMA IF NOT EXISTS {RAW_SCHEMA}"))
    context.configure(
        connection=connection,
        target_metadata=metadata,
        version_table_schema=RAW_SCHEMA,
        include_schemas=True,
    )
    with context.begin_transaction():
        context.run_migrations()
        apply_comments(connection, metadata)


if context.is_offline_mode():
    context.configure(url=_url(), target_metadata=metadata, literal_binds=True,
                      version_table_schema=RAW_SCHEMA)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations_online()
