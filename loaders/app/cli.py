"""The ``juesuan`` command line: a thin layer over the library.

Commands: run, load, build, migrate, nightly, check, review, recall, db start|stop|url|status|grant, remove,
docs, dashboards superset. Every loading command uses the one load job (juesuan.loaders.app.load_job); no SQL here.
Every error ends as one line (what failed, the cause, what to do) and an exit status, as JSON under
--json: the group class ``_OneLineErrors`` maps them (juesuan.loaders.app.errors says what each means).
"""
from __future__ import annotations

import contextlib
import json
import os
import sys
import time

import click

from juesuan.loaders.app import database


def _url() -> str:
    try:
        return database.resolve_url()
    except database.DatabaseError as err:
        raise click.ClickException(database.masked(str(err))) from err


@contextlib.contextmanager
def _stoppable():
    """A load stopped by a signal, or by the database going away, ends with one line and a non-zero exit."""
    from juesuan.loaders.app.load_job import DatabaseGone
    from juesuan.loaders.app.signals import Stopped, stopping_on_signals

    try:
        with stopping_on_signals():
            yield
    except Stopped as err:
        click.echo(f"juesuan: {err}; files stored before it stay stored, the one being written was rolled back",
                   err=True)
        sys.exit(128 + err.signum)
    except DatabaseGone as err:
        click.echo(f"juesuan: {database.masked(str(err))}", err=True)
        sys.exit(1)


def _emit_json(payload: dict) -> None:
    click.echo(json.dumps(payload, ensure_ascii=False, indent=2, default=str))


class _OneLineErrors(click.Group):
    """Every failure of every command as one line and a non-zero exit status, JSON under --json.

    JUESUAN_DEBUG=1 lets unexpected exceptions through with their traceback.
    """

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        argv = list(sys.argv[1:] if args is None else args)
        try:
            code = super().main(argv, prog_name, complete_var, standalone_mode=False, **extra)
        except click.Abort:
            code = _fail(argv, "interrupted", "", "", 130)
        except Exception as err:  # noqa: BLE001 - the one place every error becomes one line
            from juesuan.loaders.app.errors import explain

            if os.environ.get("JUESUAN_DEBUG") and not isinstance(err, click.ClickException):
                raise
            failure = explain(err)
            code = _fail(argv, failure.what, failure.cause, failure.todo, failure.exit_code, failure.kind)
        sys.exit(code if isinstance(code, int) else 0)


def _fail(argv: list[str], what: str, cause: str, todo: str, exit_code: int, kind: str = "error") -> int:
    what, cause, todo = (database.masked(str(text)) if text else text for text in (what, cause, todo))
    words = {name for cmd in main.commands.values() for name in [cmd.name, *getattr(cmd, "commands", {})]}
    command = " ".join(a for a in argv[:2] if not a.startswith("-") and a in words) or "juesuan"
    if "--json" in argv:
        _emit_json({"error": f"{what}: {cause}" if cause else what, "command": command, "kind": kind,
                    "cause": cause, "todo": todo, "exit_code": exit_code})
    else:
        line = f"juesuan {command}: {what}" if command != "juesuan" else f"juesuan: {what}"
        click.echo(line + (f": {cause}" if cause else "") + (f" — {todo}" if todo else ""), err=True)
    return exit_code


@click.group(cls=_OneLineErrors, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="juesuan")
def main() -> None:
    """juesuan — a PostgreSQL warehouse of department final accounts (部门决算).

    With no JUESUAN_DATABASE_URL an embedded PostgreSQL under JUESUAN_HOME is
    started on first use and reused; with it, that server is used.
    """


# -- migrate ------------------------------------------------------------------------

@main.command()
def migrate() -> None:
    """Create or upgrade the raw schema to the newest migration."""
    from juesuan.loaders.app import migrate as m

    url = _url()
    m.upgrade(url)
    click.echo(f"raw schema at revision {m.current(url)}")


# -- the load job -------------------------------------------------------------------

class _FileLines:
    """Each file's line as it finishes; under a progress bar (stderr a terminal) the lines follow the bar."""

    def __init__(self, as_json: bool, label: str):
        self.as_json = as_json
        self.label = label
        self.held: list = []
        self.bar = None
        self._scope = contextlib.ExitStack()

    def start(self, total: int) -> None:
        if not self.as_json and sys.stderr.isatty() and total > 1:
            self.bar = self._scope.enter_context(
                click.progressbar(length=total, label=self.label, file=sys.stderr))

    def __call__(self, outcome) -> None:
        if self.bar is not None:
            self.held.append(outcome)
            self.bar.update(1)
        elif not self.as_json:
            click.echo(outcome.line(), err=outcome.status == "failed")

    def close(self) -> None:
        self._scope.close()
        self.bar = None
        for outcome in self.held:
            click.echo(outcome.line(), err=outcome.status == "failed")
        self.held.clear()


def _load(url: str, paths: tuple[str, ...], as_json: bool, accept_smaller: bool = False):
    from juesuan.loaders.app.load_job import find_reports, load_files

    files = find_reports(paths)
    if not files:
        raise click.ClickException("no report files found under " + ", ".join(paths))
    lines = _FileLines(as_json, "loading")
    lines.start(len(files))
    try:
        return load_files(url, files, lines, accept_smaller=accept_smaller)
    finally:
        lines.close()


def _counts(outcomes) -> dict:
    return {status: sum(1 for o in outcomes if o.status == status) for status in ("loaded", "skipped", "failed")}


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option("--accept-smaller", is_flag=True,
              help="Make a new version current even when it holds fewer tables, scorecards or narrative parts "
                   "than the current one (by default it is stored but held back).")
def load(paths: tuple[str, ...], as_json: bool, accept_smaller: bool) -> None:
    """Load report files (or folders of them) into the raw schema."""
    from juesuan.loaders.app import migrate as m

    url = _url()
    m.upgrade(url)
    with _stoppable():
        outcomes = _load(url, paths, as_json, accept_smaller)
    counts = _counts(outcomes)
    if as_json:
        _emit_json({"files": [o.as_dict() for o in outcomes], **counts})
    else:
        held = sum(1 for o in outcomes if o.held_back)
        click.echo(f"{counts['loaded']} loaded, {counts['skipped']} skipped, {counts['failed']} failed"
                   + (f"; {held} held back (not current: they hold less than the current version)" if held else ""))
    sys.exit(1 if counts["failed"] else 0)


# -- build --------------------------------------------------------------------------

def _build_line(result) -> str:
    state = "ok" if result.success else "FAILED"
    return (f"dbt build {state}: {result.models_built} models, {result.tests_passed} tests passed, "
            f"{result.tests_failed} failed, {result.tests_warned} warned")


def _build_dict(result) -> dict:
    return {"success": result.success, "models_built": result.models_built, "tests_passed": result.tests_passed,
            "tests_failed": result.tests_failed, "tests_warned": result.tests_warned, "errors": result.errors}


@main.command()
@click.option("--select", "select", multiple=True, metavar="SELECTOR",
              help="Build only these dbt models and their tests (dbt selection syntax, e.g. +fct_final_accounts).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def build(select: tuple[str, ...], as_json: bool) -> None:
    """Build and test the dbt models (staging and marts)."""
    from juesuan.loaders.app.dbt_runner import build as dbt_build

    url = _url()
    _reachable(url)
    result = dbt_build(url, select=list(select) or None)
    if as_json:
        _emit_json(_build_dict(result))
    else:
        click.echo(_build_line(result))
        for error in result.errors:
            click.echo(f"  {error}", err=True)
    sys.exit(0 if result.success else 1)


# -- run ----------------------------------------------------------------------------

@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option("--select", "select", multiple=True, metavar="SELECTOR",
              help="Build only these dbt models and their tests (dbt selection syntax, e.g. +fct_final_accounts).")
@click.option("--accept-smaller", is_flag=True,
              help="Make a new version current even when it holds fewer tables, scorecards or narrative parts "
                   "than the current one (by default it is stored but held back).")
def run(paths: tuple[str, ...], as_json: bool, select: tuple[str, ...], accept_smaller: bool) -> None:
    """The main job: migrate, load every report under PATHS, build and test the marts."""
    from juesuan.loaders.app import migrate as m
    from juesuan.loaders.app import warehouse
    from juesuan.loaders.app.dbt_runner import build as dbt_build

    started = time.monotonic()
    _paths_exist(paths)
    url = _url()
    m.upgrade(url)
    with _stoppable():
        outcomes = _load(url, paths, as_json, accept_smaller)
        if not as_json:
            click.echo("building marts …", err=True)
        result = dbt_build(url, select=list(select) or None)
    counts = _counts(outcomes)
    totals = warehouse.totals(url)
    check_counts = warehouse.status_counts(url)
    seconds = time.monotonic() - started
    if as_json:
        _emit_json({"files": [o.as_dict() for o in outcomes], **counts,
                    "documents": totals.documents, "amounts": totals.amounts, "warnings": totals.warnings,
                    "dbt": _build_dict(result), "checks": check_counts, "seconds": round(seconds, 1)})
    else:
        click.echo(f"files: {counts['loaded']} loaded, {counts['skipped']} skipped, {counts['failed']} failed")
        click.echo(f"warehouse: {totals.documents} documents, {totals.amounts} amounts, "
                   f"{totals.warnings} parse warnings")
        click.echo(_build_line(result))
        for error in result.errors:
            click.echo(f"  {error}", err=True)
        if check_counts:
            click.echo(warehouse.summary_line(check_counts))
        shown = database.masked(database.libpq_url(url))
        click.echo(f"done in {seconds:.1f}s; query marts.fct_final_accounts at {shown}"
                   " (`juesuan db url` prints it with the password)")
    sys.exit(0 if result.success and not counts["failed"] else 1)


# -- nightly ------------------------------------------------------------------------

@main.command()
@click.option("--inbox", required=True, type=click.Path(file_okay=False),
              help="Folder searched recursively for reports.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option("--select", "select", multiple=True, metavar="SELECTOR",
              help="Build only these dbt models and their tests (dbt selection syntax, e.g. +fct_final_accounts).")
@click.option("--accept-smaller", is_flag=True,
              help="Make a new version current even when it holds fewer tables, scorecards or narrative parts "
                   "than the current one (by default it is stored but held back).")
def nightly(inbox: str, as_json: bool, select: tuple[str, ...], accept_smaller: bool) -> None:
    """The scheduled job: load what is new under the inbox, build and test the marts once, record the run.

    Files already loaded (same content) are skipped; a bad file is reported and the
    others still load. Exit status 0 when all went well, 1 when a file or the dbt
    build failed, 75 when another run holds the lock (this one then does nothing).
    """
    import psycopg
    from alembic.util.exc import CommandError

    from juesuan.loaders.app import nightly as n
    from juesuan.loaders.app.dbt_runner import build as dbt_build

    url = _url()
    lines = _FileLines(as_json, "nightly")

    def on_build() -> None:
        lines.close()
        if not as_json:
            click.echo("building marts …", err=True)

    try:
        with _stoppable():
            result = n.run_nightly(url, inbox, lines.start, lines, on_build,
                                   build=lambda u: dbt_build(u, select=list(select) or None),
                                   accept_smaller=accept_smaller)
    except n.NightlyLocked as err:
        if as_json:
            _emit_json({"status": "locked", "message": str(err)})
        else:
            click.echo(f"juesuan nightly: {err}", err=True)
        sys.exit(n.EXIT_LOCKED)
    except (FileNotFoundError, psycopg.Error, CommandError):  # no inbox, no database, no migration
        raise  # one line, by the group (_OneLineErrors)
    finally:
        lines.close()
    if as_json:
        _emit_json(result.as_dict())
    else:
        click.echo(result.summary())
        click.echo(_build_line(result.build))
        for error in result.build.errors:
            click.echo(f"  {error}", err=True)
        click.echo(f"done in {result.seconds:.1f}s")
    sys.exit(0 if result.ok else 1)


# -- check --------------------------------------------------------------------------

@main.command()
@click.option("--department", help="Only departments whose name contains this text.")
@click.option("--year", type=int, help="Only this fiscal year.")
@click.option("--all", "show_all", is_flag=True,
              help="Also list differences explained by another printed amount and those within rounding (尾差).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def check(department: str | None, year: int | None, show_all: bool, as_json: bool) -> None:
    """List where reports do not reconcile (勾稽关系), from marts.consistency_checks, errors first."""
    from juesuan.loaders.app import warehouse

    statuses = ("mismatch", "explained", "rounding") if show_all else ("mismatch",)
    url = _existing_url()
    found = warehouse.findings(url, department, year, statuses)
    if found is None:
        raise click.ClickException("no reconciliation results yet: run `juesuan build` (or `juesuan run`) first")
    if as_json:
        _emit_json({"findings": [f.as_dict() for f in found], "counts": warehouse.status_counts(url)})
        return
    if not found:
        click.echo("no mismatches" + (" or explained or rounding differences" if show_all else ""))
        return
    header = ("department", "year", "severity", "rule", "item", "left", "right", "difference", "status", "where")
    rows = [(f.department_name, str(f.fiscal_year), f.severity, f.rule_id, _short(f.item_key or "", 40),
             _num(f.left_value), _num(f.right_value), _num(f.difference), f.status, f.where) for f in found]
    widths = [max(_width(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        click.echo("  ".join(_pad(cell, widths[i], numeric=i in (5, 6, 7)) for i, cell in enumerate(row)).rstrip())
    click.echo("")
    for rule_id, description, caveat in dict.fromkeys((f.rule_id, f.rule_description, f.caveat) for f in found):
        click.echo(f"{rule_id}: {description}" + (f" — {caveat}" if caveat else ""))


def _short(text: str, width: int) -> str:
    return text if _width(text) <= width else text[:width // 2 - 1] + "…"


# -- review -------------------------------------------------------------------------

@main.command()
@click.argument("department")
@click.argument("year", type=int)
@click.option("--format", "fmt", type=click.Choice(["html", "md"]), default="html", show_default=True,
              help="A self-contained HTML page or Markdown.")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Write the page here (default: review-DEPARTMENT-YEAR.html or .md in the current folder).")
@click.option("--json", "as_json", is_flag=True, help="Print the review's content as JSON instead of a page.")
def review(department: str, year: int, fmt: str, output: str | None, as_json: bool) -> None:
    """Write a review page for one report: completeness, findings by severity with citations, what was verified."""
    from juesuan.loaders.app import review as r
    from juesuan.loaders.app.review_page import render_html, render_markdown

    try:
        data = r.gather(_existing_url(), department, year)
    except r.ReviewError as err:
        raise click.ClickException(str(err)) from err
    if as_json:
        _emit_json(data.as_dict())
        return
    page = render_html(data) if fmt == "html" else render_markdown(data)
    path = output or f"review-{data.department_name}-{data.fiscal_year}.{fmt}"
    with open(path, "w", encoding="utf-8") as out:
        out.write(page)
    counts = data.severity_counts()
    click.echo(f"{path}: {data.department_name} {data.fiscal_year}, {counts['error']} errors, "
               f"{counts['warning']} warnings, {counts['note']} notes, {len(data.explained)} explained, "
               f"{data.verified_count} checks verified")


def _num(value) -> str:
    return "" if value is None else f"{value:,.2f}"


def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int, numeric: bool = False) -> str:
    fill = " " * (width - _width(text))
    return fill + text if numeric else text + fill


# -- recall -------------------------------------------------------------------------

@main.command()
@click.argument("manifest", type=click.Path(exists=True, dir_okay=False))
@click.option("--markdown", "markdown_path", type=click.Path(dir_okay=False),
              help="Also write the table as Markdown to this file (e.g. docs/recall.md).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def recall(manifest: str, markdown_path: str | None, as_json: bool) -> None:
    """How much of a hand-read corpus the loader reads back: per file and table, amounts expected, found,
    wrong, missing and extra (no database needed). Exit status 1 when any file is not read as expected."""
    from pathlib import Path

    from juesuan.loaders.app import recall as r

    results = r.measure(Path(manifest))
    if markdown_path:
        Path(markdown_path).write_text(r.markdown(results, manifest), encoding="utf-8")
    if as_json:
        _emit_json({"fixtures": [{"name": f.name, "ok": f.ok, "expected": f.total("expected"),
                                  "found": f.total("found"), "wrong": f.total("wrong"),
                                  "missing": f.total("missing"), "extra": f.total("extra"), "refused": f.refused,
                                  "error": f.error} for f in results]})
    else:
        header = ("fixture", "expected", "found", "wrong", "missing", "extra", "recall", "outcome")
        rows = [(f.name, str(f.total("expected")), str(f.total("found")), str(f.total("wrong")),
                 str(f.total("missing")), str(f.total("extra")),
                 "" if f.recall is None else f"{f.recall:.1%}",
                 "ok" if f.ok else f"FAILED: {f.error}") for f in results]
        widths = [max(_width(row[i]) for row in [header, *rows]) for i in range(len(header))]
        for row in [header, *rows]:
            click.echo("  ".join(_pad(cell, widths[i], numeric=0 < i < 7) for i, cell in enumerate(row)))
    sys.exit(0 if all(f.ok for f in results) else 1)


# -- db -----------------------------------------------------------------------------

@main.group()
def db() -> None:
    """The embedded PostgreSQL server (for psql and BI tools)."""


def _embedded() -> database.EmbeddedServer:
    if database.external_url():
        raise click.ClickException("JUESUAN_DATABASE_URL is set: juesuan uses that server and manages none")
    return database.EmbeddedServer(database.juesuan_home())


@db.command()
def start() -> None:
    """Start (or reuse) the embedded server and print its URL (password masked: `juesuan db url` prints it)."""
    server = _embedded()
    try:
        click.echo(database.masked(server.start()))
    except database.DatabaseError as err:
        raise click.ClickException(database.masked(str(err))) from err


@db.command()
def stop() -> None:
    """Stop the embedded server."""
    server = _embedded()
    click.echo("stopped" if server.stop() else "not running")


@db.command()
def url() -> None:
    """Print the libpq URL of the database juesuan uses, password included (starting the embedded server if it
    exists but is stopped; never creating one). The only command that prints the password: the embedded one is in
    JUESUAN_HOME/superuser.password."""
    click.echo(database.libpq_url(_existing_url()))


@db.command()
def status() -> None:
    """Say which server is used and whether it is running."""
    if database.external_url():
        url = database.libpq_url(database.external_url())
        _reachable(url)
        click.echo(f"external, reachable: {database.masked(url)}")
        return
    server = database.EmbeddedServer(database.juesuan_home())
    if not (server.pgdata / "PG_VERSION").exists():
        from juesuan.loaders.app.errors import NoDatabase

        raise NoDatabase(f"no embedded server has been created under {server.home}")
    if server.is_running():
        click.echo(f"embedded, running: {database.masked(server.url())} (data in {server.pgdata})")
    else:
        click.echo(f"embedded, stopped (data in {server.pgdata})")


@db.command()
@click.option("--login", help="Also create or update this login user, acting as --role.")
@click.option("--role", type=click.Choice(["loader", "analyst"]), help="What the login may do.")
@click.option("--password-env", default="JUESUAN_LOGIN_PASSWORD", show_default=True,
              help="Environment variable holding the login's password (unset: the login gets none).")
def grant(login: str | None, role: str | None, password_env: str) -> None:
    """Roles juesuan_loader (owns and writes the warehouse) and juesuan_analyst (reads marts only).

    Creates them if absent and applies their privileges to what exists now;
    with --login and --role, a login user whose sessions act as that role.
    """
    import psycopg

    from juesuan.loaders.app import roles

    if bool(login) != bool(role):
        raise click.UsageError("--login and --role go together")
    try:
        result, created = roles.grant(_url(), login, role, os.environ.get(password_env))
    except (roles.GrantError, psycopg.Error) as err:
        raise click.ClickException(database.masked(str(err).strip())) from err
    click.echo(f"{roles.LOADER} owns {', '.join(result.schemas)} ({result.relations} relations); "
               f"{roles.ANALYST} reads {result.analyst_tables} relations in {roles.ANALYST_SCHEMA}")
    if login:
        note = "" if os.environ.get(password_env) else f" without a password (${password_env} is not set)"
        click.echo(f"login {login} {created}{note}, acting as {roles.ROLES[role]}")


# -- helpers of the error handling and of the commands below --------------------------

def _paths_exist(paths: tuple[str, ...]) -> None:
    from pathlib import Path

    from juesuan.loaders.app.errors import CommandFailed

    missing = [p for p in paths if not Path(p).exists()]
    if missing:
        raise CommandFailed("no such file or folder", ", ".join(missing),
                            "check the path; nothing was loaded or built")


def _existing_url() -> str:
    """The database's URL for a command that only reads: an embedded server is started if it exists, never created."""
    if not database.external_url():
        server = database.EmbeddedServer(database.juesuan_home())
        if not (server.pgdata / "PG_VERSION").exists():
            from juesuan.loaders.app.errors import NoDatabase

            raise NoDatabase(f"no embedded server has been created under {server.home}")
    return _url()


def _reachable(url: str) -> None:
    """Connect once, so that an unreachable database is one error before any work starts."""
    import psycopg

    with psycopg.connect(url, connect_timeout=10):
        pass


def _without_password(url: str) -> str:
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(":" + parts.password + "@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


# -- remove -------------------------------------------------------------------------

@main.command()
@click.option("--document", "document_ids", type=int, multiple=True, metavar="ID",
              help="A document (report version) by its id (marts.report_versions.document_id); repeatable.")
@click.option("--department", help="Every document of this department (its exact name).")
@click.option("--year", type=int, help="With --department: only this fiscal year.")
@click.option("--no-build", is_flag=True, help="Do not rebuild the marts; run `juesuan build` later.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def remove(document_ids: tuple[int, ...], department: str | None, year: int | None, no_build: bool,
           as_json: bool) -> None:
    """Remove loaded documents from the raw schema, then rebuild the marts.

    When a removed document was the current version of its report, the version
    loaded before it becomes current again; everything stored for the document
    goes with it. The marts are rebuilt and tested right after (as `juesuan build`
    does) unless --no-build is given: then they show the removed documents until
    `juesuan build` runs.
    """
    import psycopg

    from juesuan.loaders.app.dbt_runner import build as dbt_build
    from juesuan.loaders.app.errors import CommandFailed
    from juesuan.loaders.store import remove as r

    if bool(document_ids) == bool(department):
        raise click.UsageError("give either --document ID or --department NAME")
    if year is not None and not department:
        raise click.UsageError("--year goes with --department")
    url = _existing_url()
    with psycopg.connect(url, autocommit=True) as conn:
        ids = list(document_ids) or r.documents_of(conn, department, year)
        if not ids:
            raise CommandFailed("nothing to remove", f"no document of {department!r}"
                                + (f" for {year}" if year else "") + " is stored",
                                "check the name in marts.dim_department (the exact name)")
        try:
            removed = r.remove_documents(conn, ids)
        except r.NothingToRemove as err:
            raise CommandFailed("nothing removed", str(err), "see marts.report_versions for the ids") from err
    result = None if no_build else dbt_build(url)
    if as_json:
        _emit_json({"removed": [x.as_dict() for x in removed],
                    "dbt": None if result is None else _build_dict(result)})
    else:
        for x in removed:
            line = f"removed document {x.document_id}: {x.department_name} {x.fiscal_year}"
            if x.now_current:
                line += f"; document {x.now_current} is the current version again"
            click.echo(line)
        if result is None:
            click.echo("the marts still show them: run `juesuan build`")
        else:
            click.echo(_build_line(result))
            for error in result.errors:
                click.echo(f"  {error}", err=True)
    sys.exit(0 if result is None or result.success else 1)


# -- docs ---------------------------------------------------------------------------

@main.command()
@click.option("--serve", is_flag=True, help="Also serve the docs site (dbt docs serve) until interrupted.")
@click.option("--port", type=int, default=8080, show_default=True, help="The port of --serve.")
def docs(serve: bool, port: int) -> None:
    """Generate the dbt documentation of the warehouse (models, columns, lineage) and optionally serve it."""
    from juesuan.loaders.app import dbt_runner
    from juesuan.loaders.app.errors import CommandFailed

    url = _existing_url()
    _reachable(url)
    if serve:
        click.echo(f"serving the docs on http://localhost:{port} (Ctrl-C stops)", err=True)
    result = dbt_runner.docs(url, serve=serve, port=port)
    if not result.success:
        raise CommandFailed("dbt docs generate failed", "; ".join(result.errors) or "see the dbt log",
                            "run `juesuan build` first, then try again")
    if not serve:
        click.echo(f"docs generated: {dbt_runner.work_dir(url) / 'target' / 'index.html'}; "
                   "`juesuan docs --serve` serves them")


# -- dashboards ---------------------------------------------------------------------

@main.group()
def dashboards() -> None:
    """The dashboards shipped with juesuan (deploy/superset), installed into a BI tool."""


@dashboards.command()
@click.option("--url", "superset_url", required=True, help="Superset's address, e.g. http://localhost:8088")
@click.option("--user", default="admin", show_default=True, help="A Superset user allowed to import dashboards.")
@click.option("--password", envvar="SUPERSET_PASSWORD", required=True,
              help="That user's password (or $SUPERSET_PASSWORD).")
@click.option("--database-url", envvar="JUESUAN_SUPERSET_DATABASE_URL",
              help="The warehouse as Superset reaches it (default: the one juesuan uses; in Docker, e.g. "
                   "postgresql://metabase:…@postgres:5432/juesuan). An analyst login is enough.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def superset(superset_url: str, user: str, password: str, database_url: str | None, as_json: bool) -> None:
    """Import the 部门决算 dashboard (charts, datasets, the warehouse connection) into Superset, replacing an older
    import of it."""
    from juesuan.loaders.app import dashboards as d

    warehouse_url = database_url or database.libpq_url(_existing_url())
    imported = d.install_superset(superset_url, user, password, warehouse_url)
    if as_json:
        _emit_json(imported.as_dict())
    else:
        click.echo(f"imported dashboard {imported.title!r} ({imported.charts} charts, {imported.datasets} datasets) "
                   f"into {superset_url}: {imported.dashboard_url}")


if __name__ == "__main__":  # pragma: no cover
    main()
