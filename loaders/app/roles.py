"""Database roles of a team deployment: juesuan_loader writes, juesuan_analyst reads marts.

Migration 0004 creates both (NOLOGIN) roles and their privileges. ``juesuan db
grant`` applies them again to what exists now — schemas and relations dbt
created as another user, schemas added since — and creates login users that act
as one of the roles (each session of such a login starts as that role, so what
the nightly loader creates belongs to juesuan_loader and stays readable by the
analysts through the default privileges).
"""
from __future__ import annotations

from dataclasses import dataclass

import psycopg
from psycopg import sql

LOADER = "juesuan_loader"
ANALYST = "juesuan_analyst"
ROLES = {"loader": LOADER, "analyst": ANALYST}
# what juesuan writes: raw by the loader, the others by dbt; analysts read marts only
WAREHOUSE_SCHEMAS = ("raw", "staging", "intermediate", "reference", "marts")
ANALYST_SCHEMA = "marts"
_ALTER = {"r": "table", "p": "table", "v": "view", "m": "materialized view"}


class GrantError(RuntimeError):
    """A grant cannot be applied as asked; the message says why."""


@dataclass(frozen=True)
class GrantResult:
    schemas: tuple[str, ...]      # warehouse schemas now owned by the loader
    relations: int                # relations in them now owned by the loader
    analyst_tables: int           # relations in marts the analyst can read


def apply_grants(conn: psycopg.Connection) -> GrantResult:
    """Idempotent: the roles exist, the loader owns the warehouse, the analyst reads marts."""
    with conn.transaction():
        for role in (LOADER, ANALYST):
            if not conn.execute("select 1 from pg_roles where rolname = %s", (role,)).fetchone():
                conn.execute(sql.SQL("create role {} nologin").format(sql.Identifier(role)))
        database = sql.Identifier(conn.execute("select current_database()").fetchone()[0])
        conn.execute(sql.SQL("grant connect, create, temporary on database {} to {}").format(
            database, sql.Identifier(LOADER)))
        conn.execute(sql.SQL("grant connect on database {} to {}").format(database, sql.Identifier(ANALYST)))
        conn.execute(sql.SQL("revoke temporary on database {} from public").format(database))
        _connect_here_only(conn, database)
        conn.execute(sql.SQL("create schema if not exists {}").format(sql.Identifier(ANALYST_SCHEMA)))
        schemas = tuple(s for s in WAREHOUSE_SCHEMAS
                        if conn.execute("select 1 from pg_namespace where nspname = %s", (s,)).fetchone())
        relations = 0
        for schema in schemas:
            relations += _own_schema(conn, schema)
        loader, analyst, marts = sql.Identifier(LOADER), sql.Identifier(ANALYST), sql.Identifier(ANALYST_SCHEMA)
        for statement in (
            "grant all on all tables in schema raw to {loader}",
            "grant all on all sequences in schema raw to {loader}",
            "alter default privileges in schema raw grant all on tables to {loader}",
            "alter default privileges in schema raw grant all on sequences to {loader}",
            "grant usage on schema {marts} to {analyst}",
            "grant select on all tables in schema {marts} to {analyst}",
            "alter default privileges in schema {marts} grant select on tables to {analyst}",
            "alter default privileges for role {loader} in schema {marts} grant select on tables to {analyst}",
        ):
            if "schema raw" in statement and "raw" not in schemas:
                continue
            conn.execute(sql.SQL(statement).format(loader=loader, analyst=analyst, marts=marts))
        readable = conn.execute(
            "select count(*) from pg_class where relnamespace = %s::regnamespace and relkind in ('r', 'p', 'v', 'm')"
            " and has_table_privilege(%s, oid, 'select')", (ANALYST_SCHEMA, ANALYST)).fetchone()[0]
    return GrantResult(schemas, relations, readable)


def _connect_here_only(conn: psycopg.Connection, database: sql.Identifier) -> None:
    """The roles connect to the warehouse database alone: CONNECT is revoked from PUBLIC here (the two roles
    and the owner keep it) and on the cluster's other databases that juesuan may close (``postgres``,
    ``template1``: those owned by a superuser or by the warehouse's owner; other applications' databases are
    left alone), so that an analyst login cannot reach them, nor create temporary tables there."""
    conn.execute(sql.SQL("revoke connect on database {} from public").format(database))
    others = conn.execute(
        "select d.datname from pg_database d join pg_roles o on o.oid = d.datdba"
        " where d.datallowconn and d.datname <> current_database()"
        " and (o.rolsuper or d.datdba = (select datdba from pg_database where datname = current_database()))"
        " and ((select rolsuper from pg_roles where rolname = current_user) or pg_has_role(d.datdba, 'usage'))"
        " order by d.datname").fetchall()
    for (name,) in others:
        conn.execute(sql.SQL("revoke connect, temporary on database {} from public").format(sql.Identifier(name)))


def _own_schema(conn: psycopg.Connection, schema: str) -> int:
    conn.execute(sql.SQL("alter schema {} owner to {}").format(sql.Identifier(schema), sql.Identifier(LOADER)))
    rows = conn.execute(
        "select relname, relkind from pg_class where relnamespace = %s::regnamespace"
        " and relkind in ('r', 'p', 'v', 'm') and relowner <> %s::regrole", (schema, LOADER)).fetchall()
    for name, kind in rows:
        conn.execute(sql.SQL("alter {} {}.{} owner to {}").format(
            sql.SQL(_ALTER[kind]), sql.Identifier(schema), sql.Identifier(name), sql.Identifier(LOADER)))
    return conn.execute("select count(*) from pg_class where relnamespace = %s::regnamespace"
                        " and relkind in ('r', 'p', 'v', 'm')", (schema,)).fetchone()[0]


def ensure_login(conn: psycopg.Connection, name: str, role: str, password: str | None = None) -> str:
    """Create (or update) login ``name`` acting as ``role`` ('loader' or 'analyst'); returns created/updated."""
    if role not in ROLES:
        raise GrantError(f"unknown role {role!r}: choose {' or '.join(ROLES)}")
    group = ROLES[role]
    if name in ROLES.values():
        raise GrantError(f"{name} is a group role; give the login a name of its own")
    with conn.transaction():
        existing = conn.execute("select rolsuper from pg_roles where rolname = %s", (name,)).fetchone()
        if existing and existing[0]:
            raise GrantError(f"{name} is a superuser; refusing to make it a login of {group}")
        if name == conn.execute("select session_user").fetchone()[0]:
            raise GrantError(f"{name} is the user running this grant; use another login name")
        login = sql.Identifier(name)
        conn.execute(sql.SQL("create role {} login" if not existing else "alter role {} login").format(login))
        if password is not None:
            conn.execute(sql.SQL("alter role {} password {}").format(login, sql.Literal(password)))
        other = ROLES["analyst" if role == "loader" else "loader"]
        if conn.execute("select pg_has_role(%s, %s, 'member')", (name, other)).fetchone()[0]:
            conn.execute(sql.SQL("revoke {} from {}").format(sql.Identifier(other), login))
        conn.execute(sql.SQL("grant {} to {}").format(sql.Identifier(group), login))
        # every session of the login acts as the group role: what it creates belongs to the group
        conn.execute(sql.SQL("alter role {} set role = {}").format(login, sql.Literal(group)))
    return "updated" if existing else "created"


def grant(url: str, login: str | None = None, role: str | None = None,
          password: str | None = None) -> tuple[GrantResult, str | None]:
    """``juesuan db grant``: the roles' privileges, and optionally a login acting as one of them."""
    with psycopg.connect(url, autocommit=True) as conn:
        result = apply_grants(conn)
        created = ensure_login(conn, login, role, password) if login else None
    return result, created
