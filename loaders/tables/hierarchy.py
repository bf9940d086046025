"""The 科目 hierarchies a report prints: 功能分类 类/款/项 and 经济分类 类/款.

2011105 → 20111 → 201; a name one table truncates (“…安排的支”) and another
prints whole (“…安排的支出”) is reconciled to the whole name.
"""
from __future__ import annotations

import csv
from collections import Counter, defaultdict
from functools import lru_cache
from importlib import resources

from juesuan.loaders.normalise import header_key
from juesuan.loaders.report import Amount, ExpenseGroup, Subject
from juesuan.loaders.tables.specs import PERSONNEL_ECON_CLASSES

SUBJECT_LEVELS = {3: 1, 5: 2, 7: 3}
ECON_LEVELS = {3: 1, 5: 2}


@lru_cache(maxsize=1)
def function_classes() -> dict[str, str]:
    """The national 功能分类 类 codes and names (reference data)."""
    with resources.files("juesuan.loaders.tables.reference").joinpath("function_classes.csv").open(encoding="utf-8") as f:
        return {row["code"]: row["name"] for row in csv.DictReader(f)}


def class_codes_by_name() -> dict[str, str]:
    return {header_key(name): code for code, name in function_classes().items()}


def best_name(names: list[str]) -> str | None:
    """The fullest of the printed names: a name that others are prefixes of wins."""
    if not names:
        return None
    counts = Counter(names)
    candidates = sorted(counts, key=lambda n: (-len(n), -counts[n]))
    for name in candidates:
        if all(name.startswith(other) or other.startswith(name) for other in counts):
            return name
    return max(counts, key=lambda n: (counts[n], len(n)))


def _parent(code: str) -> str | None:
    return {5: code[:3], 7: code[:5]}.get(len(code))


def subject_hierarchy(amounts: list[Amount]) -> dict[str, Subject]:
    names: dict[str, list[str]] = defaultdict(list)
    for a in amounts:
        if a.subject_code and len(a.subject_code) in SUBJECT_LEVELS:
            if a.table_code not in ("01", "04"):
                names[a.subject_code].append(a.line_label)
            else:
                names.setdefault(a.subject_code, [])
    codes = set(names)
    for code in list(codes):  # every printed code gets its ancestors, printed or not
        parent = _parent(code)
        while parent:
            codes.add(parent)
            parent = _parent(parent)
    out = {}
    for code in sorted(codes):
        name = best_name(names.get(code, []))
        if name is None and len(code) == 3:
            name = function_classes().get(code)
        out[code] = Subject(code, name, SUBJECT_LEVELS[len(code)], _parent(code))
    return out


def econ_hierarchy(amounts: list[Amount]) -> dict[str, Subject]:
    names: dict[str, list[str]] = defaultdict(list)
    for a in amounts:
        if a.econ_code and len(a.econ_code) in ECON_LEVELS:
            names[a.econ_code].append(a.line_label)
    codes = set(names) | {c[:3] for c in names}
    return {code: Subject(code, best_name(names.get(code, [])), ECON_LEVELS[len(code)],
                          code[:3] if len(code) == 5 else None, expense_group(code))
            for code in sorted(codes)}


def expense_group(econ_code: str) -> ExpenseGroup:
    return "人员经费" if econ_code[:3] in PERSONNEL_ECON_CLASSES else "公用经费"
