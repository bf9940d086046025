"""The 科目 reference the project ships (the dbt seed reference/function_subjects.csv). No parsing here.

Shared reference data is not rewritten by reports: raw.subjects takes a code's name from this reference
first, then from the first report that printed the code; a later report's different name stays on its own
rows (raw.amounts.line_label) and is a finding (marts.subject_name_differences), never a change here.
"""
from __future__ import annotations

import csv
from functools import lru_cache

from juesuan.loaders.app.resources import dbt_project_dir

SEED = ("seeds", "reference", "function_subjects.csv")


@lru_cache(maxsize=1)
def subject_names() -> dict[str, str]:
    """功能分类科目 code → name, from the shipped reference."""
    with dbt_project_dir().joinpath(*SEED).open(encoding="utf-8", newline="") as f:
        return {row["subject_code"]: row["subject_name"] for row in csv.DictReader(f)}
