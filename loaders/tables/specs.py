"""What the public tables look like, as data: the national set and the regional profiles.

The data lives in profiles/national.yml (the nine tables 公开01–09, their title
synonyms, header words and column names, the vocabulary of headers, the 三公
categories) and profiles/regional.yml (regional table sets: what each expects,
the extra tables it prints). A regional variant is a matter of editing those
files, not code. This module only loads them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Literal

import yaml

Layout = Literal["subject", "two_sided", "econ_groups", "category_matrix", "matrix"]
RowSignature = Literal["function_codes", "econ_codes", "two_sided", "three_public", "any"]


@dataclass(frozen=True)
class TableSpec:
    code: str                      # '01'…'09' (national), 'X1'… (a regional extra table)
    name: str
    titles: tuple[str, ...]
    layout: Layout
    header_requires: tuple[str, ...]
    rows: RowSignature = "any"
    # rows whose label is one of these must be present for the table to be complete
    closing_labels: tuple[str, ...] = ()
    # printed header (path joined with '/') → normalised measure
    measure_aliases: dict[str, str] = field(default_factory=dict)

    @property
    def national(self) -> bool:
        return not self.code.startswith("X")


@dataclass(frozen=True)
class Profile:
    name: str
    description: str
    expected: tuple[str, ...]
    detect_titles: tuple[str, ...] = ()
    detect_min: int = 1


def _load(name: str) -> dict:
    with resources.files("juesuan.loaders.tables.profiles").joinpath(name).open(encoding="utf-8") as f:
        return yaml.safe_load(f)


def _spec(code: str, data: dict) -> TableSpec:
    return TableSpec(code, data["name"], tuple(data["titles"]), data["layout"], tuple(data.get("header") or ()),
                     data.get("rows", "any"), tuple(data.get("closing") or ()), dict(data.get("measures") or {}))


_NATIONAL = _load("national.yml")
_REGIONAL = _load("regional.yml")

SPECS: tuple[TableSpec, ...] = tuple(_spec(code, data) for code, data in _NATIONAL["tables"].items())
EXTRA_SPECS: tuple[TableSpec, ...] = tuple(_spec(code, data) for code, data in _REGIONAL["extra_tables"].items())
ALL_SPECS: tuple[TableSpec, ...] = SPECS + EXTRA_SPECS
BY_CODE = {spec.code: spec for spec in ALL_SPECS}

NATIONAL = Profile(_NATIONAL["name"], _NATIONAL["description"], tuple(_NATIONAL["expected"]))
PROFILES: tuple[Profile, ...] = tuple(
    Profile(p["name"], p["description"], tuple(p["expected"]), tuple(p["detect"]["titles"]), p["detect"].get("min", 1))
    for p in _REGIONAL["profiles"])

_VOCABULARY = _NATIONAL["vocabulary"]
CODE_HEADERS = tuple(_VOCABULARY["code"])
CODE_PART_HEADERS = tuple(_VOCABULARY["code_part"])
LABEL_HEADERS = tuple(_VOCABULARY["label"])
LINE_NO_HEADERS = tuple(_VOCABULARY["line_no"])
TOTAL_LABELS = tuple(_VOCABULARY["total"])
NOTE_PREFIXES = tuple(_VOCABULARY["note_prefixes"])

THREE_PUBLIC_CATEGORIES: dict[str, str] = dict(_NATIONAL["three_public"]["categories"])
THREE_PUBLIC_MEASURES = tuple(_NATIONAL["three_public"]["measures"])
THREE_PUBLIC_MEASURE_SYNONYMS: dict[str, str] = dict(_NATIONAL["three_public"]["measure_synonyms"])

# 经济分类 classes whose spending is 人员经费; every other class is 公用经费
PERSONNEL_ECON_CLASSES = tuple(_NATIONAL["personnel_econ_classes"])


@lru_cache(maxsize=1)
def profile_names() -> tuple[str, ...]:
    return (NATIONAL.name, *(p.name for p in PROFILES))
