"""Parse many report files at once: worker processes (one per core, capped by memory), results in the order given.

Parsing (PDF pages above all) is CPU work, so files are parsed in worker
processes while the caller stores what is ready. Workers are forked from a
clean fork server rather than from the caller, which may hold threads (OpenCV's
pool, a database connection) that a plain fork would copy half-alive. No
database here: a worker returns the Report, or the ReportError that refused the file.

No process outlives the run: when the caller stops iterating (an error, Ctrl-C, SIGTERM turned into an
exception by the command line) the queued files are cancelled and the workers terminated; when the caller
is killed outright (kill -9) every worker sees it go (a thread waits on the caller's pidfd) and exits; the
fork server, which lives as long as a worker does, and the resource tracker then exit too. Workers ignore
SIGINT: Ctrl-C reaches the whole process group, and the caller alone decides what to do with it.
"""
from __future__ import annotations

import multiprocessing
import os
import select
import signal
import sys
import threading
import time
from concurrent.futures import InvalidStateError
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from juesuan.loaders.errors import ReportError
from juesuan.loaders.parse import parse_file
from juesuan.loaders.report import Report

Parsed = Report | ReportError

HEAVY_SUFFIXES = (".pdf",)   # formats whose parsing takes the longest
MANY_FILES = 8                # light files worth a pool of workers when there are this many
WORKER_MEMORY = 1 << 30       # memory one worker may need on a large PDF: workers are capped by what is free


@dataclass(frozen=True)
class _Refused:
    """A ReportError in a form that crosses process boundaries (its two fields, not its message)."""

    path: str
    reason: str


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def available_memory() -> int | None:
    """Bytes of memory available to new processes (Linux: MemAvailable), None when unknown."""
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def worker_count(paths: list[Path]) -> int:
    """One worker per core when the work pays for starting them (about a second): PDFs, or many files.

    Never more workers than files, nor than the free memory holds.
    """
    heavy = any(p.suffix.lower() in HEAVY_SUFFIXES for p in paths)
    if len(paths) < 2 or not (heavy or len(paths) >= MANY_FILES):
        return 1
    memory = available_memory()
    by_memory = max(1, memory // WORKER_MEMORY) if memory else cores()
    return max(1, min(len(paths), cores(), by_memory))


def parse_many(paths: Iterable[Path], workers: int | None = None) -> Iterator[tuple[Path, Parsed, int]]:
    """Yield (path, Report or ReportError, parse milliseconds) for every path, in the given order."""
    paths = [Path(p) for p in paths]
    workers = worker_count(paths) if workers is None else workers
    if workers <= 1 or len(paths) <= 1 or not _workers_can_start():
        for path in paths:
            result, ms = _parse_one(path)
            yield path, _restore(result), ms
        return
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["juesuan.loaders.parse"])
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_worker_start,
                               initargs=(os.getpid(),))
    finished = False
    try:
        for path, (result, ms) in zip(paths, pool.map(_parse_one, paths)):
            yield path, _restore(result), ms
        finished = True
    finally:
        if finished:
            pool.shutdown(wait=True)
        else:
            _stop_workers(pool)


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """The caller stopped early: cancel what is queued and end the workers now (a PDF may take minutes).

    The pool's manager thread then finds its workers gone and fails the futures it still holds; one it
    finds already cancelled makes it raise InvalidStateError (CPython < 3.12), harmless here: kept quiet."""
    previous = threading.excepthook

    def quiet(args) -> None:
        if not issubclass(args.exc_type, InvalidStateError):
            previous(args)

    threading.excepthook = quiet
    try:
        pool.shutdown(wait=False, cancel_futures=True)
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            if process.is_alive():
                process.terminate()
        pool.shutdown(wait=True, cancel_futures=True)
    finally:
        threading.excepthook = previous


def _worker_start(caller: int) -> None:
    """In each worker: exit when the caller does (however it ends); leave Ctrl-C to the caller.

    A worker is a child of the fork server, not of the caller, and holds both ends of its task queue: it
    would wait for work forever once the caller is gone (and keep the fork server alive with it)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with, args=(caller,), name="juesuan-exit-with-caller", daemon=True).start()


def _exit_with(caller: int) -> None:
    try:
        handle = os.pidfd_open(caller)  # Linux 5.3+: readable once the caller has exited
    except (AttributeError, OSError):
        handle = None
    if handle is not None:
        select.select([handle], [], [])
        os._exit(1)
    while True:  # pragma: no cover - no pidfd: look every second
        time.sleep(1)
        try:
            os.kill(caller, 0)
        except ProcessLookupError:
            os._exit(1)
        except PermissionError:
            pass


def _workers_can_start() -> bool:
    """Worker processes import the caller's main module again: impossible for a script read from stdin."""
    main_file = getattr(sys.modules.get("__main__"), "__file__", None)
    return main_file is None or os.path.exists(main_file)


def _parse_one(path: Path) -> tuple[Report | _Refused, int]:
    clock = time.monotonic()
    if not path.exists():
        return _Refused(str(path), "no such file"), 0
    try:
        result = parse_file(path)
    except ReportError as err:
        result = _Refused(err.path, err.reason)
    except Exception as err:  # a reader bug on one odd file must not stop the others
        result = _Refused(str(path), f"internal error while reading the file: {type(err).__name__}: {err}")
    return result, round((time.monotonic() - clock) * 1000)


def _restore(result: Report | _Refused) -> Parsed:
    return ReportError(result.path, result.reason) if isinstance(result, _Refused) else result
