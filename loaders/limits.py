"""What a file must be before any reader opens it, and the limits on what reading it may cost.

Pure functions, no database. Only regular files are read (a FIFO would hang the
reader, a device such as /dev/zero would never end), and never more than the
size limit; a workbook is measured by what it unpacks to before it is unpacked.
A limit that is exceeded refuses the file with a ``ReportError`` naming the
limit and the setting that raises it:

- ``JUESUAN_MAX_FILE_MB`` (default 100): the size of a file;
- ``JUESUAN_MAX_UNPACKED_MB`` (default 200): what a workbook (.xlsx) unpacks to;
- ``JUESUAN_MAX_CELLS`` (default 1,000,000): the cells of a workbook;
- ``JUESUAN_PARSE_TIMEOUT_S`` (default 600): the time reading one file may take.

File names are shown as text even when they are not valid UTF-8: the bytes that
are not are escaped (``\\xff``), so a name can always be printed and stored.
"""
from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from juesuan.loaders.errors import ReportError

DEFAULTS = {"JUESUAN_MAX_FILE_MB": 100, "JUESUAN_MAX_UNPACKED_MB": 200, "JUESUAN_MAX_CELLS": 1_000_000,
            "JUESUAN_PARSE_TIMEOUT_S": 600}
_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def limit(name: str) -> float:
    """The limit a setting gives (a positive number), or its default when unset or not a positive number."""
    try:
        value = float(os.environ.get(name, ""))
    except ValueError:
        return DEFAULTS[name]
    return value if value > 0 else DEFAULTS[name]


def max_file_bytes() -> int:
    return int(limit("JUESUAN_MAX_FILE_MB") * (1 << 20))


def max_unpacked_bytes() -> int:
    return int(limit("JUESUAN_MAX_UNPACKED_MB") * (1 << 20))


def max_cells() -> int:
    return int(limit("JUESUAN_MAX_CELLS"))


def parse_timeout() -> float:
    return limit("JUESUAN_PARSE_TIMEOUT_S")


def shown(path: str | os.PathLike | bytes) -> str:
    """The path as printable text: bytes that are not UTF-8 escaped as ``\\xNN``, never an error."""
    raw = os.fsencode(path)
    return raw.decode("utf-8", "backslashreplace")


def megabytes(size: int) -> str:
    return f"{size / (1 << 20):.1f} MB"


def problem(path: Path) -> str | None:
    """Why the path cannot be read as a report file, or None when it is a regular file within the size limit."""
    try:
        info = os.stat(path)
    except OSError as err:
        return os_reason(err)
    for test, kind in _KINDS:
        if test(info.st_mode):
            return f"not a regular file ({kind}): not read"
    if not stat.S_ISREG(info.st_mode):
        return "not a regular file: not read"
    if info.st_size > max_file_bytes():
        return too_big(info.st_size)
    return None


def too_big(size: int) -> str:
    return (f"the file is {megabytes(size)}, over the limit of {megabytes(max_file_bytes())} "
            "(JUESUAN_MAX_FILE_MB); not read")


def os_reason(err: OSError) -> str:
    """An operating system's refusal in words, without the path (the caller names the file)."""
    if err.errno == errno.ENOENT:
        return "no such file"
    if err.errno == errno.ENAMETOOLONG:
        return "the path is too long for the system (File name too long): not read"
    if err.errno == errno.ELOOP:
        return "a loop of symbolic links: not read"
    if err.errno in (errno.EACCES, errno.EPERM):
        return "permission denied: not read"
    return f"cannot read the file: {err.strerror or err}"


def read_bytes(path: Path) -> bytes:
    """The content of a regular file, at most the size limit; raises ReportError otherwise.

    Opened without blocking (a FIFO put in place of the file cannot hang the reader) and
    checked again once open, so what is read is what was checked.
    """
    name = shown(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as err:
        raise ReportError(name, os_reason(err)) from err
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = next((k for test, k in _KINDS if test(info.st_mode)), None)
            raise ReportError(name, f"not a regular file{f' ({kind})' if kind else ''}: not read")
        most = max_file_bytes()
        if info.st_size > most:
            raise ReportError(name, too_big(info.st_size))
        chunks, size = [], 0
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
            size += len(chunk)
            if size > most:  # grew while read
                raise ReportError(name, too_big(size))
        return b"".join(chunks)
    except OSError as err:
        raise ReportError(name, os_reason(err)) from err
    finally:
        os.close(fd)
