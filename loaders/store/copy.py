"""Rows into raw tables by COPY, their column lists taken from the SQLAlchemy tables in juesuan.models.

A row is a dict keyed by column name; a key that is not a column of the table,
or a required column left out, is a programming error and fails at once.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

import psycopg
from psycopg import sql
from sqlalchemy import Table

from juesuan.loaders.provenance import Where


def provenance(where: Where) -> dict:
    """The provenance columns every raw table of printed values has."""
    return {"raw_text": where.raw_text, "source_line": where.line, "source_page": where.page,
            "source_sheet": where.sheet}


def columns_of(table: Table, keys: Iterable[str]) -> list[str]:
    """The table's columns that ``keys`` name, in the table's order; unknown or missing required keys raise."""
    keys = set(keys)
    names = [c.name for c in table.columns]
    unknown = keys - set(names)
    if unknown:
        raise KeyError(f"raw.{table.name} has no column(s) {', '.join(sorted(unknown))}")
    required = {c.name for c in table.columns if not c.nullable and c.server_default is None
                and c is not table.autoincrement_column}
    missing = required - keys
    if missing:
        raise KeyError(f"raw.{table.name}: required column(s) {', '.join(sorted(missing))} not given")
    return [name for name in names if name in keys]


def qualified(table: Table) -> sql.Composed:
    return sql.Identifier(table.schema or "raw", table.name)


def copy_rows(conn: psycopg.Connection, table: Table, rows: Sequence[dict]) -> int:
    """COPY the rows into the table; returns how many."""
    if not rows:
        return 0
    columns = columns_of(table, rows[0])
    statement = sql.SQL("copy {} ({}) from stdin").format(
        qualified(table), sql.SQL(", ").join(map(sql.Identifier, columns)))
    with conn.cursor() as cur, cur.copy(statement) as copy:
        for row in rows:
            copy.write_row([row[name] for name in columns])
    return len(rows)


def insert_returning(conn: psycopg.Connection, table: Table, row: dict, returning: str):
    """INSERT one row and return one column of it (the generated key)."""
    columns = columns_of(table, row)
    statement = sql.SQL("insert into {} ({}) values ({}) returning {}").format(
        qualified(table), sql.SQL(", ").join(map(sql.Identifier, columns)),
        sql.SQL(", ").join(sql.Placeholder() * len(columns)), sql.Identifier(returning))
    return conn.execute(statement, [row[name] for name in columns]).fetchone()[0]


def next_ids(conn: psycopg.Connection, table: Table, column: str, count: int) -> list[int]:
    """``count`` new values of a serial key column, to COPY parents and children in one go."""
    if not count:
        return []
    rows = conn.execute("select nextval(pg_get_serial_sequence(%s, %s)) from generate_series(1, %s)",
                        (f"{table.schema}.{table.name}", column, count)).fetchall()
    return [r[0] for r in rows]
