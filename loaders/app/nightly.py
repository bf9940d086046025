"""The scheduled job: the load job over an inbox, the marts built once, the run recorded.

One run, under a PostgreSQL advisory lock so that two runs cannot interleave:
migrate, find the reports under the inbox (recursively, oldest file first), load
them with the one load job (already-stored content skipped without parsing, the
rest parsed in parallel; a bad file is recorded with its reason and never stops
the others), build and test the dbt models once, and write the run and every
file's outcome to raw.load_runs and raw.load_run_files. A run that finds the
lock taken touches nothing.
"""
from __future__ import annotations

import contextlib
import socket
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal

import psycopg

from juesuan.loaders.app import migrate
from juesuan.loaders.app.dbt_runner import BuildResult
from juesuan.loaders.app.load_job import FileOutcome, find_reports, load_files

# the two-key advisory lock space, apart from the single-key locks the writer takes per report
LOCK_KEY = (0x6A75, 0x6E74)   # "ju", "nt"
EXIT_LOCKED = 75              # EX_TEMPFAIL: another run is in progress; try again later

RunStatus = Literal["running", "succeeded", "failed", "interrupted"]


class NightlyLocked(RuntimeError):
    """Another nightly run holds the lock; the message names it."""


@dataclass
class NightlyRun:
    run_id: int
    inbox: str
    started_at: datetime
    finished_at: datetime | None = None
    status: RunStatus = "running"
    files: list[FileOutcome] = field(default_factory=list)
    build: BuildResult | None = None
    seconds: float = 0.0

    def count(self, status: str) -> int:
        return sum(1 for f in self.files if f.status == status)

    @property
    def ok(self) -> bool:
        return self.status == "succeeded"

    def summary(self) -> str:
        return (f"nightly run {self.run_id} {self.status}: {len(self.files)} files, {self.count('loaded')} loaded, "
                f"{self.count('skipped')} skipped, {self.count('failed')} failed")

    def as_dict(self) -> dict:
        build = asdict(self.build) if self.build else None
        return {"run_id": self.run_id, "status": self.status, "inbox": self.inbox,
                "started_at": self.started_at.isoformat(),
                "finished_at": self.finished_at.isoformat() if self.finished_at else None,
                "seen": len(self.files), "loaded": self.count("loaded"), "skipped": self.count("skipped"),
                "failed": self.count("failed"), "files": [f.as_dict() for f in self.files], "dbt": build,
                "seconds": round(self.seconds, 1)}


def inbox_files(inbox: Path) -> list[Path]:
    """The reports under the inbox, oldest first: of two versions arriving together, the newer is loaded last."""
    files = find_reports([inbox])
    return sorted(files, key=lambda p: (_mtime(p), str(p)))


def run_nightly(url: str, inbox: str | Path,
                on_start: Callable[[int], None] | None = None,
                on_file: Callable[[FileOutcome], None] | None = None,
                on_build: Callable[[], None] | None = None,
                build: Callable[[str], BuildResult] | None = None,
                workers: int | None = None, accept_smaller: bool = False) -> NightlyRun:
    """One nightly run; raises NightlyLocked, without writing anything, when another run is in progress.

    ``build`` replaces the dbt build (tests inject a fast one); ``workers`` the number of parsing processes.
    """
    inbox = Path(inbox)
    if not inbox.is_dir():
        raise FileNotFoundError(f"the inbox {inbox} is not a folder")
    clock = time.monotonic()
    with psycopg.connect(url, autocommit=True, application_name="juesuan nightly") as conn:
        if not conn.execute("select pg_try_advisory_lock(%s, %s)", LOCK_KEY).fetchone()[0]:
            raise NightlyLocked(_holder(conn))
        run = None
        try:
            migrate.upgrade(url)
            run = _start(conn, inbox)
            files = inbox_files(inbox)
            conn.execute("update raw.load_runs set files_seen = %s where run_id = %s", (len(files), run.run_id))
            if on_start:
                on_start(len(files))

            def recorded(outcome: FileOutcome) -> None:
                run.files.append(outcome)
                _record_file(conn, run.run_id, len(run.files), outcome)
                if on_file:
                    on_file(outcome)

            load_files(url, files, recorded, workers, accept_smaller)
            if on_build:
                on_build()
            run.build = _build(url, build)
            run.seconds = time.monotonic() - clock
            _finish(conn, run)
        except BaseException:
            if run is not None and not conn.broken:  # e.g. interrupted by a signal: say so in the record
                with contextlib.suppress(psycopg.Error):
                    conn.execute("update raw.load_runs set status = 'interrupted', finished_at = clock_timestamp()"
                                 " where run_id = %s", (run.run_id,))
            raise
        finally:
            if not conn.closed and not conn.broken:
                with contextlib.suppress(psycopg.Error):
                    conn.execute("select pg_advisory_unlock(%s, %s)", LOCK_KEY)
    return run


def _holder(conn: psycopg.Connection) -> str:
    """Who holds the lock, as far as the server can tell."""
    row = conn.execute(
        "select a.pid, a.application_name, a.client_addr, a.backend_start from pg_locks l"
        " join pg_stat_activity a using (pid)"
        " where l.locktype = 'advisory' and l.granted and l.classid = %s and l.objid = %s and l.objsubid = 2",
        LOCK_KEY).fetchone()
    running = None
    if conn.execute("select to_regclass('raw.load_runs')").fetchone()[0]:
        running = conn.execute("select run_id, started_at, hostname from raw.load_runs where status = 'running'"
                               " order by run_id desc limit 1").fetchone()
    parts = ["another nightly run holds the lock"]
    if running:
        parts.append(f"run {running[0]} started {running[1]:%Y-%m-%d %H:%M:%S%z} on {running[2]}")
    if row:
        parts.append(f"server process {row[0]} ({row[1] or 'unnamed'}) connected since {row[3]:%Y-%m-%d %H:%M:%S%z}")
    return "; ".join(parts) + "; this run exits without loading anything"


def _start(conn: psycopg.Connection, inbox: Path) -> NightlyRun:
    from importlib.metadata import PackageNotFoundError, version

    try:
        juesuan_version = version("juesuan")
    except PackageNotFoundError:  # pragma: no cover - a checkout that is not installed
        juesuan_version = None
    # holding the lock proves no other run is alive: a run still marked running ended without finishing
    ended = [r[0] for r in conn.execute("update raw.load_runs set status = 'interrupted' where status = 'running'"
                                        " returning run_id").fetchall()]
    if ended:
        _count_files(conn, "run_id = any(%s)", ended)
    run_id, started_at = conn.execute(
        "insert into raw.load_runs (inbox, hostname, juesuan_version) values (%s, %s, %s)"
        " returning run_id, started_at", (str(inbox), socket.gethostname(), juesuan_version)).fetchone()
    return NightlyRun(run_id, str(inbox), started_at)


def _count_files(conn: psycopg.Connection, which: str, *params) -> None:
    """A run's file counts, from its per-file rows (the truth, even for a run that was killed)."""
    conn.execute(
        "update raw.load_runs r set files_loaded = c.loaded, files_skipped = c.skipped, files_failed = c.failed"
        " from (select run_id, count(*) filter (where status = 'loaded') as loaded,"
        "       count(*) filter (where status = 'skipped') as skipped,"
        "       count(*) filter (where status = 'failed') as failed from raw.load_run_files group by run_id) c"
        f" where c.run_id = r.run_id and r.{which}", params or None)


def _record_file(conn: psycopg.Connection, run_id: int, seq: int, o: FileOutcome) -> None:
    """The file's row and the run's counts in one transaction: killed at any moment, they agree."""
    with conn.transaction():
        _insert_file(conn, run_id, seq, o)
        _count_files(conn, "run_id = %s", run_id)


def _insert_file(conn: psycopg.Connection, run_id: int, seq: int, o: FileOutcome) -> None:
    conn.execute(
        "insert into raw.load_run_files (run_id, file_seq, path, content_sha256, status, document_id,"
        " superseded_document_id, department_name, fiscal_year, amounts, warnings, error, elapsed_ms,"
        " held_back_reason) values (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
        (run_id, seq, o.path, o.content_sha256, o.status, o.document_id, o.superseded_document_id,
         o.department, o.fiscal_year, o.amounts, o.warnings, o.error, o.elapsed_ms, o.held_back))


def _build(url: str, build: Callable[[str], BuildResult] | None) -> BuildResult:
    if build is None:
        from juesuan.loaders.app.dbt_runner import build
    try:
        return build(url)
    except Exception as err:  # the run record must still say what happened
        return BuildResult(success=False, errors=[f"dbt could not run: {type(err).__name__}: {err}"])


def _finish(conn: psycopg.Connection, run: NightlyRun) -> None:
    build = run.build
    run.status = "succeeded" if build.success and not run.count("failed") else "failed"
    run.finished_at = conn.execute(
        "update raw.load_runs set finished_at = clock_timestamp(), status = %s, files_loaded = %s,"
        " files_skipped = %s, files_failed = %s, dbt_success = %s, dbt_models_built = %s, dbt_tests_passed = %s,"
        " dbt_tests_failed = %s, dbt_errors = %s where run_id = %s returning finished_at",
        (run.status, run.count("loaded"), run.count("skipped"), run.count("failed"), build.success,
         build.models_built, build.tests_passed, build.tests_failed, "\n".join(build.errors) or None,
         run.run_id)).fetchone()[0]


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
