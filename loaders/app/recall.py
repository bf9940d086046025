"""How much of a corpus of hand-read reports the loader reads back: amounts expected, found, wrong, missing.

A corpus is a manifest (YAML) listing files, each with a CSV of the amounts its
tables print (table_code, section, line_label, line_no, subject_code, econ_code,
measure, amount), read by hand or made up by the script that printed the file,
never by the parser; and the status each table must get (found, empty_with_note …),
or the reason a file must be refused. ``juesuan recall MANIFEST`` parses every file
(no database) and compares:

- found: an expected amount read back exactly;
- wrong: read back with another value (the worst outcome: a wrong number);
- missing: not read back;
- extra: read although not expected (an amount invented, or moved to another cell).

An amount is matched by its table, side (收入/支出), what it is about (its 科目 or
经济分类 code; otherwise its row label without numbering, and its 行次) and its measure.
"""
from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml

from juesuan.loaders.errors import ReportError
from juesuan.loaders.normalise import header_key
from juesuan.loaders.parse import parse_file

_ORDINAL = re.compile(r"^[一二三四五六七八九十]+[、.．]|^[（(][一二三四五六七八九十]+[)）]")


def amount_key(table_code: str, section: str | None, line_label: str, line_no, subject_code: str | None,
               econ_code: str | None, measure: str) -> tuple:
    what = subject_code or econ_code or _ORDINAL.sub("", header_key(line_label))
    return (table_code, section or "", what, str(line_no or "") if not (subject_code or econ_code) else "",
            measure)


@dataclass
class TableRecall:
    table_code: str
    expected: int = 0
    found: int = 0
    wrong: int = 0
    missing: int = 0
    extra: int = 0
    status: str | None = None            # what the loader said of the table
    expected_status: str | None = None
    examples: list[str] = field(default_factory=list)  # a few wrong/missing/extra amounts, for the reader

    @property
    def ok(self) -> bool:
        return (self.wrong == self.missing == self.extra == 0
                and (self.expected_status is None or self.status == self.expected_status))


@dataclass
class FixtureRecall:
    name: str
    file: str
    producer: str
    classes: list[str]
    tables: list[TableRecall] = field(default_factory=list)
    refused: str | None = None            # the loader's reason, when it refused the file
    expected_refusal: str | None = None
    error: str | None = None               # what went wrong, when the outcome is not the expected one

    def total(self, attribute: str) -> int:
        return sum(getattr(t, attribute) for t in self.tables)

    @property
    def ok(self) -> bool:
        if self.expected_refusal is not None:
            return self.refused is not None and self.refused.startswith(self.expected_refusal)
        return self.refused is None and all(t.ok for t in self.tables)

    @property
    def recall(self) -> float | None:
        expected = self.total("expected")
        return self.total("found") / expected if expected else None


def read_expected(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def measure_fixture(base: Path, entry: dict) -> FixtureRecall:
    result = FixtureRecall(entry["name"], entry["file"], entry.get("producer", ""), list(entry.get("classes", [])),
                           expected_refusal=entry.get("refused"))
    try:
        report = parse_file(base / entry["file"])
    except ReportError as err:
        result.refused = err.reason
        if result.expected_refusal is None:
            result.error = f"refused: {err.reason}"
        return result
    if result.expected_refusal is not None:
        result.error = "loaded although it must be refused"
        return result
    expected: dict[tuple, list[Decimal]] = defaultdict(list)
    for row in read_expected(base / entry["expected"]):
        key = amount_key(row["table_code"], row["section"], row["line_label"], row["line_no"], row["subject_code"],
                         row["econ_code"], row["measure"])
        expected[key].append(Decimal(row["amount"]))
    found: dict[tuple, list[Decimal]] = defaultdict(list)
    for a in report.amounts:
        found[amount_key(a.table_code, a.section, a.line_label, a.line_no, a.subject_code, a.econ_code,
                         a.measure)].append(a.amount)
    statuses = {c.table_code: c.status for c in report.completeness}
    wanted_status = {str(k).zfill(2) if str(k).isdigit() else str(k): v for k, v in (entry.get("tables") or {}).items()}
    codes = sorted({k[0] for k in expected} | {k[0] for k in found} | set(wanted_status))
    by_code = {code: TableRecall(code, status=statuses.get(code), expected_status=wanted_status.get(code))
               for code in codes}
    for key in set(expected) | set(found):
        table = by_code[key[0]]
        want, got = Counter(expected.get(key, [])), Counter(found.get(key, []))
        same = sum((want & got).values())
        table.expected += sum(want.values())
        table.found += same
        left_want, left_got = want - got, got - want
        pairs = min(sum(left_want.values()), sum(left_got.values()))
        table.wrong += pairs
        table.missing += sum(left_want.values()) - pairs
        table.extra += sum(left_got.values()) - pairs
        if (left_want or left_got) and len(table.examples) < 3:
            table.examples.append(f"{'/'.join(str(k) for k in key[1:] if k)}: expected "
                                  f"{sorted(left_want.elements()) or '—'}, read {sorted(left_got.elements()) or '—'}")
    result.tables = [by_code[c] for c in codes]
    if not result.ok:
        bad = [t for t in result.tables if not t.ok]
        result.error = "; ".join(
            f"{t.table_code}: {t.wrong} wrong, {t.missing} missing, {t.extra} extra"
            + (f", status {t.status} (expected {t.expected_status})" if t.status != t.expected_status else "")
            for t in bad)
    return result


def measure(manifest: Path) -> list[FixtureRecall]:
    data = yaml.safe_load(manifest.read_text(encoding="utf-8"))
    return [measure_fixture(manifest.parent, entry) for entry in data["fixtures"]]


def markdown(results: list[FixtureRecall], manifest: str) -> str:
    """The recall table for docs/."""
    lines = [
        "# Recall of the layout corpus",
        "",
        f"Measured by `juesuan recall {manifest}`: every file of the corpus parsed, its amounts",
        "compared with the amounts its tables print (read by hand, or made up by the script that",
        "printed the file; never read by the parser). *Wrong* is an amount read with another value,",
        "*extra* one read that was not printed there; both must be 0.",
        "",
        "| fixture | producer | classes | expected | found | wrong | missing | extra | recall | tables |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        if r.expected_refusal is not None:
            outcome = f"refused as expected: {r.refused}" if r.ok else f"**{r.error}**"
            lines.append(f"| {r.name} | {r.producer} | {'; '.join(r.classes)} | – | – | – | – | – | – | {outcome} |")
            continue
        recall = r.recall
        tables = "all as expected" if r.ok else f"**{r.error}**"
        lines.append(f"| {r.name} | {r.producer} | {'; '.join(r.classes)} | {r.total('expected')} | "
                     f"{r.total('found')} | {r.total('wrong')} | {r.total('missing')} | {r.total('extra')} | "
                     f"{'' if recall is None else f'{recall:.1%}'} | {tables} |")
    lines += ["", "## Per table", "",
              "| fixture | table | status (expected) | expected | found | wrong | missing | extra |",
              "|---|---|---|---:|---:|---:|---:|---:|"]
    for r in results:
        for t in r.tables:
            status = t.status or "—"
            if t.expected_status and t.expected_status != t.status:
                status += f" (**{t.expected_status}**)"
            lines.append(f"| {r.name} | {t.table_code} | {status} | {t.expected} | {t.found} | {t.wrong} | "
                         f"{t.missing} | {t.extra} |")
    return "\n".join(lines) + "\n"
