"""Load report files: find them, parse each, store each in its own transaction.

One bad file never stops the others: its error names the file and the reason,
and nothing of it is written.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable, Iterable

import psycopg

from loaders.errors import ReportError
from loaders.parallel import Parsed, parse_many
from loaders.pipeline import SUPPORTED, parse_file
from loaders.store import StoreResult, store_report


@dataclass(frozen=True)
class FileOutcome:
    path: str
    status: str                 # loaded, skipped, failed
    document_id: int | None = None
    department: str | None = None
    fiscal_year: int | None = None
    amounts: int = 0
    warnings: int = 0
    error: str | None = None

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


def load_file(conn: psycopg.Connection, path: Path, parsed: Parsed | None = None) -> FileOutcome:
    """Store one file; ``parsed`` is its Report or ReportError when it was parsed already."""
    try:
        if not path.exists():
            raise ReportError(str(path), "no such file")
        if isinstance(parsed, ReportError):
            raise parsed
        report = parsed if parsed is not None else parse_file(path)
    except ReportError as err:
        return FileOutcome(str(path), "failed", error=err.reason)
    try:
        result: StoreResult = store_report(conn, report)
    except psycopg.Error as err:
        reason = (getattr(err, "diag", None) and err.diag.message_primary) or str(err).splitlines()[0]
        return FileOutcome(str(path), "failed", department=report.department_name,
                           fiscal_year=report.fiscal_year, error=f"database refused the report: {reason}")
    return FileOutcome(str(path), result.status, result.document_id, report.department_name, report.fiscal_year,
                       result.amounts, result.warnings)


def load_files(url: str, paths: list[Path],
               progress: Callable[[FileOutcome], None] | None = None) -> list[FileOutcome]:
    outcomes = []
    with psycopg.connect(url, autocommit=True) as conn:
        for path, parsed in parse_many(paths):  # parsed in parallel, stored in order
            outcome = load_file(conn, path, parsed)
            outcomes.append(outcome)
            if progress:
                progress(outcome)
    return outcomes
