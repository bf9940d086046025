"""The ``juesuan`` command line: run, load, build, migrate, db."""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click

from loaders import database


def _url() -> str:
    try:
        return database.resolve_url()
    except database.DatabaseError as err:
        raise click.ClickException(str(err)) from err


def _emit_json(payload: dict) -> None:
    click.echo(json.dumps(payload, ensure_ascii=False, indent=2, default=str))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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
    from loaders import migrate as m

    url = _url()
    m.upgrade(url)
    click.echo(f"raw schema at revision {m.current(url)}")


# -- load ---------------------------------------------------------------------------

def _load(url: str, paths: tuple[str, ...], as_json: bool):
    from loaders.load import find_reports, load_files

    files = find_reports(paths)
    if not files:
        raise click.ClickException("no report files found under " + ", ".join(paths))
    show_bar = not as_json and sys.stderr.isatty() and len(files) > 1
    lines: list[str] = []

    def report_line(outcome) -> None:
        if outcome.status == "failed":
            line = f"error  {outcome.path}: {outcome.error}"
        elif outcome.status == "skipped":
            line = f"skip   {outcome.path}: already loaded (document {outcome.document_id})"
        else:
            line = (f"loaded {outcome.path}: {outcome.department} {outcome.fiscal_year}, "
                    f"{outcome.amounts} amounts, {outcome.warnings} warnings")
        lines.append(line)
        if not as_json and not show_bar:
            click.echo(line, err=outcome.status == "failed")

    if show_bar:
        with click.progressbar(length=len(files), label="loading", file=sys.stderr) as bar:
            outcomes = load_files(url, files, lambda o: (report_line(o), bar.update(1)))
        for line in lines:
            click.echo(line, err=line.startswith("error"))
    else:
        outcomes = load_files(url, files, report_line)
    return outcomes


def _counts(outcomes) -> dict:
    return {status: sum(1 for o in outcomes if o.status == status) for status in ("loaded", "skipped", "failed")}


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def load(paths: tuple[str, ...], as_json: bool) -> None:
    """Load report files (or folders of them) into the raw schema."""
    from loaders import migrate as m

    url = _url()
    m.upgrade(url)
    outcomes = _load(url, paths, as_json)
    counts = _counts(outcomes)
    if as_json:
        _emit_json({"files": [o.as_dict() for o in outcomes], **counts})
    else:
        click.echo(f"{counts['loaded']} loaded, {counts['skipped']} skipped, {counts['failed']} failed")
    sys.exit(1 if counts["failed"] else 0)


# -- build --------------------------------------------------------------------------

def _build(url: str):
    from loaders.dbt_runner import build as dbt_build

    return dbt_build(url)


def _build_line(result) -> str:
    state = "ok" if result.success else "FAILED"
    return (f"dbt build {state}: {result.models_built} models, {result.tests_passed} tests passed, "
            f"{result.tests_failed} failed, {result.tests_warned} warned")


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def build(as_json: bool) -> None:
    """Build and test the dbt models (staging and marts)."""
    result = _build(_url())
    if as_json:
        _emit_json({"success": result.success, "models_built": result.models_built,
                    "tests_passed": result.tests_passed, "tests_failed": result.tests_failed,
                    "tests_warned": result.tests_warned, "errors": result.errors})
    else:
        click.echo(_build_line(result))
        for error in result.errors:
            click.echo(f"  {error}", err=True)
    sys.exit(0 if result.success else 1)


# -- run ----------------------------------------------------------------------------

@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def run(paths: tuple[str, ...], as_json: bool) -> None:
    """The main job: migrate, load every report under PATHS, build and test the marts."""
    import psycopg

    from loaders import migrate as m

    started = time.monotonic()
    url = _url()
    m.upgrade(url)
    outcomes = _load(url, paths, as_json)
    if not as_json:
        click.echo("building marts …", err=True)
    result = _build(url)
    counts = _counts(outcomes)
    with psycopg.connect(url) as conn:
        totals = conn.execute(
            "select (select count(*) from raw.documents where is_current),"
            " (select count(*) from raw.amounts a join raw.documents d using (document_id) where d.is_current),"
            " (select count(*) from raw.parse_warnings w join raw.documents d using (document_id)"
            "  where d.is_current)").fetchone()
    seconds = time.monotonic() - started
    if as_json:
        _emit_json({"files": [o.as_dict() for o in outcomes], **counts,
                    "documents": totals[0], "amounts": totals[1], "warnings": totals[2],
                    "dbt": {"success": result.success, "models_built": result.models_built,
                            "tests_passed": result.tests_passed, "tests_failed": result.tests_failed,
                            "errors": result.errors},
                    "seconds": round(seconds, 1)})
    else:
        click.echo(f"files: {counts['loaded']} loaded, {counts['skipped']} skipped, {counts['failed']} failed")
        click.echo(f"warehouse: {totals[0]} documents, {totals[1]} amounts, {totals[2]} parse warnings")
        click.echo(_build_line(result))
        for error in result.errors:
            click.echo(f"  {error}", err=True)
        click.echo(f"done in {seconds:.1f}s; query marts.fct_final_accounts at {database.libpq_url(url)}")
    sys.exit(0 if result.success and not counts["failed"] else 1)


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
    """Start (or reuse) the embedded server and print its URL."""
    server = _embedded()
    try:
        click.echo(server.start())
    except database.DatabaseError as err:
        raise click.ClickException(str(err)) from err


@db.command()
def stop() -> None:
    """Stop the embedded server."""
    server = _embedded()
    click.echo("stopped" if server.stop() else "not running")


@db.command()
def url() -> None:
    """Print the libpq URL of the database juesuan uses (starting the embedded server if needed)."""
    click.echo(database.libpq_url(_url()))


@db.command()
def status() -> None:
    """Say which server is used and whether it is running."""
    if database.external_url():
        click.echo(f"external: {database.libpq_url(database.external_url())}")
        return
    server = database.EmbeddedServer(database.juesuan_home())
    if server.is_running():
        click.echo(f"embedded, running: {server.url()} (data in {server.pgdata})")
    else:
        click.echo(f"embedded, stopped (data in {server.pgdata})")


if __name__ == "__main__":  # pragma: no cover
    main()
