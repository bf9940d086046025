"""The one load job of `juesuan run`, `juesuan load` and `juesuan nightly`.

Find the files; hash each and skip, without parsing, every file whose content is
already stored; parse the rest in parallel (workers = cores, capped by memory);
store each in its own transaction as it comes back, in the order given; report
every file's outcome as it finishes. One bad file never stops the others: its
error names the file and the reason, and nothing of it is written.
"""
from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

import psycopg

from juesuan.loaders.adapters import SUPPORTED
from juesuan.loaders.app.parallel import parse_many
from juesuan.loaders.errors import ReportError
from juesuan.loaders.store import store_report

FileStatus = Literal["loaded", "skipped", "failed"]


class DatabaseGone(RuntimeError):
    """The connection to the database was lost mid-run: the run stops (every remaining file would fail)."""


@dataclass(frozen=True)
class FileOutcome:
    path: str
    status: FileStatus
    document_id: int | None = None
    department: str | None = None
    fiscal_year: int | None = None
    amounts: int = 0
    warnings: int = 0
    error: str | None = None
    content_sha256: str | None = None
    superseded_document_id: int | None = None  # the version this file replaced as current
    elapsed_ms: int = 0
    held_back: str | None = None  # stored but not made current (it holds less than the current version): why

    def line(self) -> str:
        """The one line a command prints for the file."""
        if self.status == "failed":
            return f"error  {self.path}: {self.error}"
        if self.status == "skipped":
            return f"skip   {self.path}: already loaded (document {self.document_id})"
        line = (f"loaded {self.path}: {self.department} {self.fiscal_year}, {self.amounts} amounts, "
                f"{self.warnings} warnings, document {self.document_id}")
        if self.superseded_document_id:
            line += f", replaces document {self.superseded_document_id} as the current version"
        if self.held_back:
            line += f"; {self.held_back}"
        return line

    def as_dict(self) -> dict:
        return asdict(self)


def find_reports(paths: Iterable[str | Path]) -> list[Path]:
    """Files named directly are taken as they are; folders are searched for supported files."""
    found: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED
                                and not p.name.startswith(".")))
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def load_files(url: str, paths: list[Path], on_file: Callable[[FileOutcome], None] | None = None,
               workers: int | None = None, accept_smaller: bool = False) -> list[FileOutcome]:
    """Load the files; ``on_file`` hears of each outcome as it is known. Returns them in the order given.

    ``accept_smaller``: a new version becomes current even when it holds less than the current one."""
    outcomes: dict[Path, FileOutcome] = {}

    def done(path: Path, outcome: FileOutcome) -> None:
        outcomes[path] = outcome
        if on_file:
            on_file(outcome)

    conn = psycopg.connect(url, autocommit=True)
    try:
        _load(conn, paths, done, workers, accept_smaller)
    except psycopg.OperationalError as err:
        if not _gone_away(conn):
            raise
        raise DatabaseGone(_gone(err, outcomes, paths)) from err
    finally:
        conn.close()
    return [outcomes[p] for p in paths]


def _gone_away(conn: psycopg.Connection) -> bool:
    """The server is unreachable (not merely one statement refused): the loader's own connection is lost,
    or cannot run a trivial query (the error came from another connection, e.g. the nightly record's)."""
    if conn.broken or conn.closed:
        return True
    try:
        conn.execute("select 1")
    except psycopg.Error:
        return True
    return False


def _gone(err: psycopg.Error, outcomes: dict[Path, FileOutcome], paths: list[Path]) -> str:
    reason = (str(err).strip().splitlines() or [type(err).__name__])[-1]
    stored = sum(1 for o in outcomes.values() if o.status in ("loaded", "skipped"))
    return (f"the database went away ({reason}); the run stopped: {stored} of {len(paths)} files were loaded or "
            "already stored before, the others were not loaded (nothing was half-written)")


def _load(conn: psycopg.Connection, paths: list[Path], done: Callable[[Path, FileOutcome], None],
          workers: int | None, accept_smaller: bool) -> None:
    hashes: dict[Path, str] = {}
    for path in paths:
        clock = time.monotonic()
        try:
            hashes[path] = file_sha256(path)
        except FileNotFoundError:
            done(path, FileOutcome(str(path), "failed", error="no such file"))
        except OSError as err:
            done(path, FileOutcome(str(path), "failed", error=f"cannot read the file: {err.strerror or err}",
                                   elapsed_ms=_ms(clock)))
    stored = _stored(conn, set(hashes.values()), accept_smaller)
    to_parse = []
    for path, digest in hashes.items():
        if digest in stored:
            document_id, department, year = stored[digest]
            done(path, FileOutcome(str(path), "skipped", document_id, department, year, content_sha256=digest))
        else:
            to_parse.append(path)
    for path, parsed, parse_ms in parse_many(to_parse, workers):
        clock = time.monotonic()
        done(path, _store(conn, path, parsed, hashes[path], parse_ms, clock, accept_smaller))


def _stored(conn: psycopg.Connection, digests: set[str], accept_smaller: bool = False) -> dict[str, tuple]:
    """Documents already holding these bytes; a held-back one is not skipped when the caller accepts it."""
    if not digests:
        return {}
    rows = conn.execute(
        "select d.content_sha256, d.document_id, dep.department_name, d.fiscal_year from raw.documents d"
        " join raw.departments dep using (department_id) where d.content_sha256 = any(%s)"
        " and not (%s and d.held_back_reason is not null and not d.is_current)",
        (list(digests), accept_smaller)).fetchall()
    return {row[0]: row[1:] for row in rows}


def _store(conn: psycopg.Connection, path: Path, parsed, digest: str, parse_ms: int, clock: float,
           accept_smaller: bool = False) -> FileOutcome:
    if isinstance(parsed, ReportError):
        return FileOutcome(str(path), "failed", error=parsed.reason, content_sha256=digest, elapsed_ms=parse_ms)
    report = parsed
    try:
        result = store_report(conn, report, accept_smaller)
    except psycopg.Error as err:
        if conn.broken or conn.closed:
            raise  # the database went away: load_files stops the run with one line
        reason = (getattr(err, "diag", None) and err.diag.message_primary) or str(err).splitlines()[0]
        return FileOutcome(str(path), "failed", department=report.department_name, fiscal_year=report.fiscal_year,
                           error=f"database refused the report: {reason}", content_sha256=digest,
                           elapsed_ms=parse_ms + _ms(clock))
    return FileOutcome(str(path), result.status, result.document_id, report.department_name, report.fiscal_year,
                       result.amounts, result.warnings, content_sha256=digest,
                       superseded_document_id=result.superseded, elapsed_ms=parse_ms + _ms(clock),
                       held_back=result.held_back)


def _ms(clock: float) -> int:
    return round((time.monotonic() - clock) * 1000)
