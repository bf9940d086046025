"""Parse many report files at once: one worker process per core, results in the order given.

Parsing (camelot above all) is CPU work, so files are parsed in worker
processes while the caller stores what is ready. Workers are forked from a
clean fork server rather than from the caller, which may hold threads (OpenCV's
pool, a database connection) that a plain fork would copy half-alive. No
database here: a worker returns the Report, or the ReportError that refused the file.
"""
from __future__ import annotations

import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from loaders.errors import ReportError
from loaders.pipeline import parse_file
from loaders.report import Report

Parsed = Report | ReportError


@dataclass(frozen=True)
class _Refused:
    """A ReportError in a form that crosses process boundaries (its two fields, not its message)."""

    path: str
    reason: str


HEAVY_SUFFIXES = (".pdf",)   # formats whose parsing takes seconds (camelot)
MANY_FILES = 8                # light files worth a pool of workers when there are this many


def worker_count(paths: list[Path]) -> int:
    """Both cores when the work pays for starting workers (about a second): PDFs, or many files."""
    heavy = any(p.suffix.lower() in HEAVY_SUFFIXES for p in paths)
    if len(paths) < 2 or not (heavy or len(paths) >= MANY_FILES):
        return 1
    return max(1, min(len(paths), os.cpu_count() or 1))


def parse_many(paths: Iterable[Path], workers: int | None = None) -> Iterator[tuple[Path, Parsed]]:
    """Yield (path, Report or ReportError) for every path, in the given order, as each is ready."""
    paths = [Path(p) for p in paths]
    workers = worker_count(paths) if workers is None else workers
    if workers <= 1 or len(paths) <= 1 or not _workers_can_start():
        for path in paths:
            yield path, _restore(_parse_one(path))
        return
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["loaders.pipeline"])
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        for path, result in zip(paths, pool.map(_parse_one, paths)):
            yield path, _restore(result)


def _workers_can_start() -> bool:
    """Worker processes import the caller's main module again: impossible for a script read from stdin."""
    main_file = getattr(sys.modules.get("__main__"), "__file__", None)
    return main_file is None or os.path.exists(main_file)


def _parse_one(path: Path) -> Report | _Refused:
    if not path.exists():
        return _Refused(str(path), "no such file")
    try:
        return parse_file(path)
    except ReportError as err:
        return _Refused(err.path, err.reason)


def _restore(result: Report | _Refused) -> Parsed:
    return ReportError(result.path, result.reason) if isinstance(result, _Refused) else result
