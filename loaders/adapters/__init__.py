"""Format adapters: a file in, a ``Document`` (grids of cell strings and text lines) out.

One module per format behind one interface, ``read(path) -> Document``; each
refuses what it cannot read with a ``ReportError`` naming the file and the
reason. Recognising what a table is stays with the recognisers. Adapters are
imported when a file of their format is first read (the PDF one pulls in
pypdfium2).
"""
from __future__ import annotations

import importlib
from pathlib import Path

from juesuan.loaders.errors import ReportError
from juesuan.loaders.grids import Document

# file suffix → adapter module (juesuan.loaders.adapters.<name>)
ADAPTERS = {".txt": "text", ".text": "text", ".md": "text", ".pdf": "pdf", ".xlsx": "excel", ".xls": "excel"}
SUPPORTED = tuple(ADAPTERS)


def read_document(path: Path) -> Document:
    """The file as grids and text lines, by the adapter of its suffix."""
    name = ADAPTERS.get(path.suffix.lower())
    if name is None:
        raise ReportError(str(path), f"unsupported file type {path.suffix or '(none)'}; "
                          f"this version reads {', '.join(SUPPORTED)}")
    adapter = importlib.import_module(f"{__name__}.{name}")
    try:
        return adapter.read(path)
    except OSError as err:
        raise ReportError(str(path), f"cannot read the file: {err.strerror or err}") from err
