"""The raw schema's descriptions, read from the dbt docs blocks where they are written once.

dbt_project/models/docs/raw.md holds a block per raw table (``raw__<table>``)
and per column (``raw__<table>__<column>``, or ``raw__col__<column>`` for a column
that means the same in every table). dbt shows them in the sources and staging
models; here they become the PostgreSQL comments of the tables the migrations create.
"""
from __future__ import annotations

import importlib.util
import re
from functools import lru_cache
from pathlib import Path

from sqlalchemy import MetaData

_BLOCK = re.compile(r"{%\s*docs\s+(\w+)\s*%}(.*?){%\s*enddocs\s*%}", re.S)
DOCS_FILE = Path("models") / "docs" / "raw.md"


def _docs_path() -> Path:
    spec = importlib.util.find_spec("juesuan.dbt_project")
    for location in (spec.submodule_search_locations if spec else None) or []:
        if (Path(location) / DOCS_FILE).exists():
            return Path(location) / DOCS_FILE
    raise FileNotFoundError(f"the dbt project's {DOCS_FILE} is missing; is juesuan installed?")


@lru_cache(maxsize=1)
def blocks() -> dict[str, str]:
    return {name: " ".join(text.split()) for name, text in _BLOCK.findall(_docs_path().read_text(encoding="utf-8"))}


def describe(metadata: MetaData) -> None:
    """Set every table's and column's comment from its docs block; a missing block is an error."""
    docs = blocks()
    missing = []
    for table in metadata.tables.values():
        table.comment = docs.get(f"raw__{table.name}")
        if table.comment is None:
            missing.append(f"raw__{table.name}")
        for column in table.columns:
            column.comment = docs.get(f"raw__{table.name}__{column.name}") or docs.get(f"raw__col__{column.name}")
            if column.comment is None:
                missing.append(f"raw__col__{column.name} (raw.{table.name})")
    if missing:
        raise KeyError(f"{DOCS_FILE} has no description for: {', '.join(missing)}")
