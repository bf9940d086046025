"""The one load job of `juesuan run`, `juesuan load` and `juesuan nightly`.

Find the files; hash each and skip, without parsing, every file whose content is
already stored; parse the rest in parallel (workers = cores, capped by memory);
store each in its own transaction as it comes back, in the order given; report
every file's outcome as it finishes. One bad file never stops the others: its
error names the file and the reason, and nothing of it is written.
"""
from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

import psycopg

from juesuan.loaders.adapters import SUPPORTED
from juesuan.loaders.app.parallel import parse_many
from juesuan.loaders.errors import ReportError
from juesuan.loaders.limits import problem, read_bytes, shown
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
    """Files named directly are taken as they are; folders are searched for supported files.

    A search never stops on a bad entry: a folder it cannot enter (a path longer than the
    system allows, no permission), a loop of symbolic links, a FIFO or a device named like a
    report are returned like any file, and the load job refuses each with its reason.
    Symbolic links to folders are not followed; hidden files are skipped.
    """
    found: list[Path] = []
    for given in paths:
        path = Path(given)
        if _is_dir(path):
            found.extend(sorted(_search(path)))
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # a path too long, a loop: not a folder to search, a file the job refuses
        return False


def _search(folder: Path) -> list[Path]:
    found: list[Path] = []

    def unreadable(err: OSError) -> None:
        found.append(Path(err.filename) if err.filename else folder)

    for top, dirs, files in os.walk(folder, onerror=unreadable):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(Path(top, name) for name in files
                     if not name.startswith(".") and Path(name).suffix.lower() in SUPPORTED)
    return found


def file_sha256(path: Path) -> str:
    """The hash of a regular file's bytes (raises ReportError for anything else, or a file over the limit)."""
    return hashlib.sha256(read_bytes(path)).hexdigest()


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
        reason = problem(path)  # only regular files within the size limit are read
        if reason is None:
            try:
                hashes[path] = file_sha256(path)
            except ReportError as err:
                reason = err.reason
            except Exception as err:  # noqa: BLE001 - one odd file never stops the others
                reason = f"cannot read the file: {type(err).__name__}: {err}"
        if reason is not None:
            done(path, FileOutcome(shown(path), "failed", error=reason, elapsed_ms=_ms(clock)))
    stored = _stored(conn, set(hashes.values()), accept_smaller)
    to_parse = []
    for path, digest in hashes.items():
        if digest in stored:
            document_id, department, year = stored[digest]
            done(path, FileOutcome(shown(path), "skipped", document_id, department, year, content_sha256=digest))
        else:
            to_parse.append(path)
    for path, parsed, parse_ms in parse_many(to_parse, workers):
        clock = time.monotonic()
        try:
            outcome = _store(conn, path, parsed, hashes[path], parse_ms, clock, accept_smaller)
        except psycopg.Error:
            raise
        except Exception as err:  # noqa: BLE001 - the transaction rolled back; the other files go on
            outcome = FileOutcome(shown(path), "failed", error=f"internal error while storing the report: "
                                  f"{type(err).__name__}: {err}", content_sha256=hashes[path],
                                  elapsed_ms=parse_ms + _ms(clock))
        done(path, outcome)


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
        return FileOutcome(shown(path), "failed", error=parsed.reason, content_sha256=digest, elapsed_ms=parse_ms)
    report = parsed
    try:
        result = store_report(conn, report, accept_smaller)
    except psycopg.Error as err:
        if conn.broken or conn.closed:
            raise  # the database went away: load_files stops the run with one line
        reason = (getattr(err, "diag", None) and err.diag.message_primary) or str(err).splitlines()[0]
        return FileOutcome(shown(path), "failed", department=report.department_name, fiscal_year=report.fiscal_year,
                           error=f"database refused the report: {reason}", content_sha256=digest,
                           elapsed_ms=parse_ms + _ms(clock))
    return FileOutcome(shown(path), result.status, result.document_id, report.department_name, report.fiscal_year,
                       result.amounts, result.warnings, content_sha256=digest,
                       superseded_document_id=result.superseded, elapsed_ms=parse_ms + _ms(clock),
                       held_back=result.held_back)


def _ms(clock: float) -> int:
    return round((time.monotonic() - clock) * 1000)
