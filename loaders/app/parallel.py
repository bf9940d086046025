"""Parse many report files at once: worker processes (one per core, capped by memory), results in the order given.

Parsing (PDF pages above all) is CPU work, so files are parsed in worker
processes while the caller stores what is ready. Workers are forked from a
clean fork server rather than from the caller, which may hold threads (OpenCV's
pool, a database connection) that a plain fork would copy half-alive. No
database here: a worker returns the Report, or the ReportError that refused the file.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import wait
from pathlib import Path

from juesuan.loaders.errors import ReportError
from juesuan.loaders.limits import parse_timeout, shown
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


def parse_many(paths: Iterable[Path], workers: int | None = None,
               timeout: float | None = None) -> Iterator[tuple[Path, Parsed, int]]:
    """Yield (path, Report or ReportError, parse milliseconds) for every path, in the given order.

    Reading one file may take at most ``timeout`` seconds (JUESUAN_PARSE_TIMEOUT_S): a worker
    that takes longer is stopped and replaced, and that file is refused; a worker that dies
    (out of memory, killed) costs only the file it was reading.
    """
    paths = [Path(p) for p in paths]
    workers = worker_count(paths) if workers is None else workers
    timeout = parse_timeout() if timeout is None else timeout
    if workers <= 1 or len(paths) <= 1 or not _workers_can_start():
        for path in paths:
            result, ms = _parse_in_time(path, timeout)
            yield path, _restore(result), ms
        return
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["juesuan.loaders.parse"])
    pool: list[_Worker] = []
    waiting = deque(enumerate(paths))
    results: dict[int, tuple[Report | _Refused, int]] = {}
    next_out = 0
    try:
        while next_out < len(paths):
            idle = [w for w in pool if w.index is None]
            while len(waiting) > len(idle) and len(pool) < workers:
                idle.append(_Worker(context))
                pool.append(idle[-1])
            for worker in pool:
                if worker.index is None and waiting:
                    worker.give(*waiting.popleft())
            busy = [w for w in pool if w.index is not None]
            if busy:
                now = time.monotonic()
                wait_for = max(0.0, min(w.started + timeout for w in busy) - now)
                wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout=wait_for)
                for worker in busy:
                    outcome = worker.collect(timeout)
                    if outcome is not None:
                        results[worker.index] = outcome
                        worker.index = None
                        if not worker.alive():
                            pool.remove(worker)
            while next_out in results:
                result, ms = results.pop(next_out)
                yield paths[next_out], _restore(result), ms
                next_out += 1
    finally:
        for worker in pool:
            worker.stop()


class _Worker:
    """One parsing process, fed one path at a time through a pipe."""

    def __init__(self, context):
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child,), daemon=True)
        self.process.start()
        child.close()
        self.index: int | None = None
        self.path: Path | None = None
        self.started = 0.0

    def give(self, index: int, path: Path) -> None:
        self.index, self.path, self.started = index, path, time.monotonic()
        self.conn.send(str(path))

    def alive(self) -> bool:
        return self.process.is_alive()

    def collect(self, timeout: float) -> tuple[Report | _Refused, int] | None:
        """The result when it is ready; a refusal when the worker died or ran out of time; else None."""
        ms = round((time.monotonic() - self.started) * 1000)
        name = shown(self.path)
        try:
            if self.conn.poll():
                return self.conn.recv()
        except (EOFError, OSError):
            self.stop()
            return _Refused(name, _died(self.process)), ms
        if not self.process.is_alive():
            self.stop()
            return _Refused(name, _died(self.process)), ms
        if time.monotonic() - self.started > timeout:
            self.stop()
            return _Refused(name, f"reading the file took longer than {timeout:g} s (JUESUAN_PARSE_TIMEOUT_S); "
                                  "it was stopped and nothing of it is stored"), ms
        return None

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(2)
            if self.process.is_alive():
                self.process.kill()
        self.process.join(2)
        self.conn.close()


def _serve(conn) -> None:
    """A worker: parse each path it is sent, send back the result, until the pipe closes (the caller stopped
    or died: no worker outlives it). Ctrl-C is the caller's to handle."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    while True:
        try:
            path = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(_parse_one(Path(path)))


def _died(process) -> str:
    code = process.exitcode
    how = f"killed by signal {-code}" if code is not None and code < 0 else f"exit code {code}"
    return f"the process reading the file stopped ({how}), perhaps out of memory; nothing of it is stored"


def _workers_can_start() -> bool:
    """Worker processes import the caller's main module again: impossible for a script read from stdin."""
    main_file = getattr(sys.modules.get("__main__"), "__file__", None)
    return main_file is None or os.path.exists(main_file)


class _OutOfTime(BaseException):
    """Raised by the alarm inside a file's reading; a BaseException so that no reader's handler swallows it."""


def _parse_in_time(path: Path, timeout: float) -> tuple[Report | _Refused, int]:
    """Parse in this process, stopped by an alarm after ``timeout`` seconds where alarms are available."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        return _parse_one(path)

    def out_of_time(signum, frame):
        raise _OutOfTime

    clock = time.monotonic()
    previous = signal.signal(signal.SIGALRM, out_of_time)
    try:
        signal.setitimer(signal.ITIMER_REAL, timeout)
        try:
            return _parse_one(path)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except _OutOfTime:
        return (_Refused(shown(path), f"reading the file took longer than {timeout:g} s (JUESUAN_PARSE_TIMEOUT_S); "
                                      "it was stopped and nothing of it is stored"),
                round((time.monotonic() - clock) * 1000))
    finally:
        signal.signal(signal.SIGALRM, previous)


def _parse_one(path: Path) -> tuple[Report | _Refused, int]:
    clock = time.monotonic()
    name = shown(path)
    try:
        result = parse_file(path)
    except ReportError as err:
        result = _Refused(name, err.reason)
    except RecursionError:
        result = _Refused(name, "internal error while reading the file: too deeply nested to read")
    except MemoryError:
        result = _Refused(name, "the file needs more memory to read than there is; nothing of it is stored")
    except Exception as err:  # noqa: BLE001 - a reader bug on one odd file must not stop the others
        result = _Refused(name, f"internal error while reading the file: {type(err).__name__}: {err}")
    return result, round((time.monotonic() - clock) * 1000)


def _restore(result: Report | _Refused) -> Parsed:
    return ReportError(result.path, result.reason) if isinstance(result, _Refused) else result
