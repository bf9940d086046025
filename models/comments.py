"""Set the PostgreSQL comments of the raw tables that exist from juesuan.models (idempotent)."""
from __future__ import annotations

from sqlalchemy import MetaData, text
from sqlalchemy.engine import Connection


def apply_comments(connection: Connection, metadata: MetaData) -> int:
    """COMMENT ON every existing raw table and column whose comment differs; returns how many were set."""
    current = {(row.table, row.column): row.comment for row in connection.execute(text(
        "select c.relname as table, a.attname as column,"
        " coalesce(col_description(c.oid, a.attnum), '') as comment"
        " from pg_class c join pg_namespace n on n.oid = c.relnamespace"
        " join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped"
        " where n.nspname = :schema and c.relkind = 'r'"
        " union all select c.relname, null, coalesce(obj_description(c.oid, 'pg_class'), '')"
        " from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = :schema and c.relkind = 'r'"
    ), {"schema": metadata.schema})}
    changed = 0
    preparer = connection.dialect.identifier_preparer
    for table in metadata.tables.values():
        qualified = f"{preparer.quote_schema(table.schema)}.{preparer.quote(table.name)}"
        if (table.name, None) not in current:
            continue  # not created (yet) by the migrations applied
        if current[(table.name, None)] != (table.comment or ""):
            connection.exec_driver_sql(f"comment on table {qualified} is {_literal(table.comment)}")
            changed += 1
        for column in table.columns:
            if (table.name, column.name) in current and current[(table.name, column.name)] != (column.comment or ""):
                connection.exec_driver_sql(
                    f"comment on column {qualified}.{preparer.quote(column.name)} is {_literal(column.comment)}")
                changed += 1
    return changed


def _literal(value: str | None) -> str:
    """A string literal (COMMENT takes no bind parameters); % doubled for the driver's paramstyle."""
    if value is None:
        return "null"
    return "'" + value.replace("'", "''").replace("%", "%%") + "'"
