"""SIGTERM, SIGINT and SIGHUP as an exception, so that a stopped run cleans up as an error does.

Inside ``stopping_on_signals()`` the first of these signals raises ``Stopped`` in the main thread: the
transaction being written is rolled back, parse workers are terminated (juesuan.loaders.app.parallel),
the nightly run is marked interrupted with what it loaded, and the command prints one line and exits with
128 + the signal number. Further signals during that clean-up are ignored.
"""
from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator

SIGNALS = tuple(s for s in (getattr(signal, "SIGTERM", None), signal.SIGINT, getattr(signal, "SIGHUP", None)) if s)


class Stopped(KeyboardInterrupt):
    """The run was stopped by a signal."""

    def __init__(self, signum: int):
        self.signum = signum
        super().__init__(f"stopped by {signal.Signals(signum).name}")

    def __str__(self) -> str:
        return self.args[0]


@contextlib.contextmanager
def stopping_on_signals() -> Iterator[None]:
    def stop(signum, frame):
        for s in SIGNALS:
            signal.signal(s, signal.SIG_IGN)  # one stop is enough; let the clean-up finish
        raise Stopped(signum)

    try:
        previous = {s: signal.signal(s, stop) for s in SIGNALS}
    except ValueError:  # not the main thread: signals stay as they are
        yield
        return
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
