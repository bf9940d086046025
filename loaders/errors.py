"""Errors that name the file and the reason, for the command line to print in one line."""
from __future__ import annotations


class ReportError(Exception):
    """A file could not be read as a report. Nothing of it is stored."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
