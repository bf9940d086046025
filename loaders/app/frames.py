"""The marts as pandas DataFrames, for notebooks.

    from juesuan.loaders.app.frames import mart, sql
    spending = mart("fct_final_accounts", department="安阳市公安局", year=2023)
    sql("select category, actual from marts.three_public_expenses where fiscal_year = %(y)s", y=2023)

The database is the one juesuan uses (JUESUAN_DATABASE_URL, or the embedded
server, started if needed); pass ``url=`` to read another. Amounts arrive as
``decimal.Decimal`` (object columns), exactly as stored: call
``.astype(float)`` yourself where a chart needs floats.
"""
from __future__ import annotations

import pandas as pd
import psycopg
from psycopg import sql as pgsql

from juesuan.loaders.app.database import resolve_url

SCHEMA = "marts"


def marts(url: str | None = None) -> list[str]:
    """The relations analysts may read."""
    with psycopg.connect(url or resolve_url()) as conn:
        return [r[0] for r in conn.execute(
            "select table_name from information_schema.tables where table_schema = %s order by 1", (SCHEMA,))]


def mart(name: str, department: str | None = None, year: int | None = None, url: str | None = None) -> pd.DataFrame:
    """One mart, optionally of one department (exact name) and one fiscal year."""
    url = url or resolve_url()
    if name not in marts(url):
        raise KeyError(f"no mart named {name!r}; the marts are: {', '.join(marts(url))}")
    conditions, params = [], {}
    if department is not None:
        conditions.append(pgsql.SQL("department_name = %(department)s"))
        params["department"] = department
    if year is not None:
        conditions.append(pgsql.SQL("fiscal_year = %(year)s"))
        params["year"] = year
    statement = pgsql.SQL("select * from {}").format(pgsql.Identifier(SCHEMA, name))
    if conditions:
        statement += pgsql.SQL(" where ") + pgsql.SQL(" and ").join(conditions)
    return _frame(url, statement, params)


def sql(query: str, url: str | None = None, **params) -> pd.DataFrame:
    """Any SELECT, with %(name)s parameters."""
    return _frame(url or resolve_url(), query, params)


def _frame(url: str, statement, params: dict) -> pd.DataFrame:
    with psycopg.connect(url) as conn:
        cursor = conn.execute(statement, params or None)
        columns = [c.name for c in cursor.description]
        return pd.DataFrame(cursor.fetchall(), columns=columns)
