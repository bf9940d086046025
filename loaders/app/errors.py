"""What an error means to the person at the command line: what failed, the cause, what to do.

The command line (cli.py) turns every exception into one line (or a JSON object) with
``explain``; nothing here prints. Database errors arrive from psycopg directly or wrapped
by SQLAlchemy (Alembic); both are read the same way.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass

import click

from juesuan.loaders.app.database import DatabaseError
from juesuan.loaders.errors import ReportError

URL_HINT = "set JUESUAN_DATABASE_URL to postgresql://user:password@host:port/database (or unset it for the embedded server)"
DEBUG_HINT = "rerun with JUESUAN_DEBUG=1 for the traceback"


class NoDatabase(DatabaseError):
    """A command that only reads found no database to read (none was created under JUESUAN_HOME)."""


class CommandFailed(click.ClickException):
    """A command's own refusal, with what to do about it."""

    def __init__(self, what: str, cause: str = "", todo: str = "", exit_code: int = 1):
        super().__init__(what)
        self.what, self.cause, self.todo, self.exit_code = what, cause, todo, exit_code


@dataclass(frozen=True)
class Failure:
    what: str
    cause: str
    todo: str
    exit_code: int = 1
    kind: str = "error"


def one_line(text: str) -> str:
    return " ".join(str(text).split())


def explain(err: BaseException) -> Failure:
    """The one-line account of an error raised by any command."""
    if isinstance(err, CommandFailed) or all(hasattr(err, a) for a in ("what", "cause", "todo")):
        return Failure(err.what, err.cause, err.todo, getattr(err, "exit_code", 1), "refused")
    if isinstance(err, click.UsageError):
        command = err.ctx.command_path if err.ctx else "juesuan"
        return Failure("wrong usage", one_line(err.format_message()), f"see `{command} --help`", err.exit_code, "usage")
    if isinstance(err, click.ClickException) and isinstance(err.__cause__, DatabaseError):
        err = err.__cause__  # _url(): a bad JUESUAN_DATABASE_URL, an embedded server that did not start
    elif isinstance(err, click.ClickException):
        return Failure(one_line(err.format_message()), "", "", err.exit_code, "refused")
    err = _unwrap(err)
    if isinstance(err, NoDatabase):
        return Failure("no database", one_line(err), "create one with `juesuan db start` (or load reports with "
                       "`juesuan run PATH`), or set JUESUAN_DATABASE_URL to an existing one", 1, "no_database")
    if isinstance(err, DatabaseError):
        text = one_line(err)
        todo = URL_HINT if "not a PostgreSQL URL" in text else "see the server log under JUESUAN_HOME"
        return Failure("the database is not available", text, todo, 1, "database")
    if isinstance(err, ReportError):
        return Failure(f"cannot read {err.path}", err.reason, "check the file", 1, "report")
    failure = _database(err)
    if failure:
        return failure
    if _is_alembic(err):
        return Failure("migration failed", one_line(err),
                       "the database's raw schema is of a version this juesuan does not know: upgrade juesuan", 1,
                       "migration")
    if isinstance(err, FileNotFoundError):
        return Failure("no such file or folder", str(err.filename or one_line(err)), "check the path", 1, "os")
    if isinstance(err, PermissionError):
        return Failure("permission denied", str(err.filename or one_line(err)),
                       "check the permissions of the file or JUESUAN_HOME", 1, "os")
    if isinstance(err, OSError):
        cause = err.strerror or one_line(err)
        return Failure("system error", f"{cause}: {err.filename}" if err.filename else cause, DEBUG_HINT, 1, "os")
    return Failure("unexpected error", f"{type(err).__name__}: {one_line(err)}", DEBUG_HINT + " and report it", 1,
                   "unexpected")


def _unwrap(err: BaseException) -> BaseException:
    """SQLAlchemy's DBAPIError wraps the psycopg error that says what happened."""
    orig = getattr(err, "orig", None)
    if orig is not None and type(err).__module__.startswith("sqlalchemy"):
        return orig
    return err


def _is_alembic(err: BaseException) -> bool:
    return type(err).__module__.startswith("alembic")


_CONNECT_CAUSES = [
    # (pattern in the message, what to do)
    (r"password authentication failed[^\n]*|no password supplied|password is required[^\n]*",
     "check the user and password in JUESUAN_DATABASE_URL"),
    (r'role "[^"]+" does not exist',
     "check the user in JUESUAN_DATABASE_URL, or create that login as a superuser "
     "(`juesuan db grant --login NAME --role loader|analyst`)"),
    (r'database "[^"]+" does not exist',
     "create the database (createdb NAME) or fix its name in JUESUAN_DATABASE_URL"),
    (r"could not translate host name[^\n]*|name or service not known|temporary failure in name resolution",
     "check the host name in JUESUAN_DATABASE_URL"),
    (r"connection refused", None),
    (r"timeout expired|timed out", None),
    (r"no route to host|network is unreachable", None),
    (r"permission denied for[^\n]*|must be owner of[^\n]*",
     "connect as a login acting as juesuan_loader (`juesuan db grant --login NAME --role loader`), or as the owner"),
]


def _database(err: BaseException) -> Failure | None:
    try:
        import psycopg
    except ImportError:  # pragma: no cover
        return None
    if not isinstance(err, psycopg.Error):
        return None
    text = str(err)
    lowered = text.lower()
    diag = getattr(err, "diag", None)
    primary = (diag.message_primary if diag is not None else None) or ""
    if isinstance(err, psycopg.errors.InsufficientPrivilege):
        return Failure("the database refused", primary or _first(text),
                       "connect as a login acting as juesuan_loader (`juesuan db grant --login NAME --role loader`)",
                       1, "privilege")
    if isinstance(err, (psycopg.errors.UndefinedTable, psycopg.errors.InvalidSchemaName)):
        return Failure("the warehouse is not set up", primary or _first(text),
                       "run `juesuan run PATH` (or `juesuan migrate`, `juesuan load`, `juesuan build`)", 1, "schema")
    if isinstance(err, psycopg.ProgrammingError) and ("invalid" in lowered or "missing" in lowered) \
            and ("connection" in lowered or "uri" in lowered or "dsn" in lowered or '"="' in lowered):
        return Failure("wrong database URL", _first(text), URL_HINT, 1, "url")
    if isinstance(err, psycopg.OperationalError):
        for pattern, todo in _CONNECT_CAUSES:
            found = re.search(pattern, text, re.IGNORECASE)
            if found:
                server = re.search(r'server at "([^"]+)"(?:\s*\([^)]*\))?, port (\d+)', text)
                where = f"{server.group(1)}:{server.group(2)} " if server else ""
                return Failure("cannot connect to the database", where + one_line(found.group(0)),
                               todo or _unreachable_hint(), 1, "connection")
        return Failure("cannot connect to the database", _first(text), _unreachable_hint(), 1, "connection")
    return Failure("the database refused", primary or _first(text), DEBUG_HINT, 1, "database")


def _unreachable_hint() -> str:
    if os.environ.get("JUESUAN_DATABASE_URL"):
        return "check the host and port in JUESUAN_DATABASE_URL and that PostgreSQL runs there"
    return "start the embedded server with `juesuan db start`"


def _first(text: str) -> str:
    lines = [line.strip() for line in str(text).splitlines() if line.strip()]
    return one_line(re.sub(r"^connection (failed|is bad):\s*", "", lines[0])) if lines else ""
