"""Property-based tests: damage the sample's cells, lines and bytes; nothing is invented, nothing shifts.

Each example takes one of the sample's nine tables as printed (its title, 部门, year,
number, unit, header, rows and note, under the report's cover lines), damages it one
way, parses the result with the real reader and compares it with the parse of the
undamaged table by (table, line, column):

- a **cell** replaced by any text: the file is refused with the project's own error
  (``ReportError``), or every other amount is read exactly, and the damaged cell gives
  either no amount (a warning names it, unless it is now blank or a dash) or exactly
  the number its new text prints. When the damaged cell was an amount, the rest of its
  row is read exactly; when it was the row's label or code, the row's amounts may be
  lost, and then only with a warning naming the line (an amount is never stored
  without knowing which row it belongs to);
- a **line**: a data row deleted, duplicated, or a blank line inserted: every amount
  of every other row is read exactly; a duplicated row reads as its original;
- a **byte** of a data row replaced by any other (tabs and line ends kept: joining or
  splitting cells is not this property's damage): every amount on the other lines is
  read exactly; on the damaged line an amount is either what the undamaged parse
  read there or a number printed in the damaged line, and an amount of that line that
  is no longer read is covered by a parse warning naming the line.

Damage to a table's title or header rows is not among these properties: a damaged
header may cost the table's first rows (see docs/robustness.md, known limits).

No amount is invented anywhere: an amount at a (table, line, column) the undamaged
parse has none at is allowed only for the damaged cell, reading its new text.

The default run tries a few hundred examples; ``pytest -m slow tests/test_properties.py``
tries JUESUAN_PROPERTY_EXAMPLES (default 10,000) in one run of all three kinds.
"""
from __future__ import annotations

import atexit
import json
import os
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from juesuan.loaders.errors import ReportError
from juesuan.loaders.normalise import is_blank, is_placeholder
from juesuan.loaders.numbers import is_number, parse_number
from juesuan.loaders.parse import parse_file

SAMPLE = Path(__file__).resolve().parent.parent / "examples" / "anyang-police-2023-final-accounts.txt"
CODES = ("01", "02", "03", "04", "05", "06", "07", "09")   # 08 prints no amount
COVER = ["安阳市公安局", "2023 年度部门决算", ""]
WORK = Path(tempfile.mkdtemp(prefix="juesuan-properties-"))
atexit.register(shutil.rmtree, WORK, True)
SETTINGS = dict(deadline=None, suppress_health_check=list(HealthCheck), database=None)


@dataclass(frozen=True)
class Parsed:
    amounts: dict[tuple[str, int, int], tuple[Decimal, str]]   # (table, line, column) → (amount, raw text)
    warned_lines: frozenset[int]


@lru_cache(maxsize=None)
def table_lines(code: str) -> tuple[str, ...]:
    """The cover lines and one table as the sample prints it, title to note."""
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    mark = lines.index(f"公开 {code} 表")
    start = next(i for i in range(mark - 1, 0, -1) if lines[i].endswith("表") and not lines[i].startswith("公开"))
    end = next(i for i in range(mark, len(lines)) if lines[i].startswith("注："))
    return tuple(COVER + lines[start:end + 1])


def parse_lines(lines: list[str] | tuple[str, ...], name: str = "example") -> Parsed | ReportError:
    return parse_bytes(("\n".join(lines) + "\n").encode("utf-8"), name)


def parse_bytes(data: bytes, name: str = "example") -> Parsed | ReportError:
    path = WORK / f"{name}-{os.getpid()}.txt"
    path.write_bytes(data)
    try:
        report = parse_file(path)
    except ReportError as refused:
        return refused
    amounts = {}
    for a in report.amounts:
        key = (a.table_code, a.where.line, a.col_seq)
        assert key not in amounts, f"two amounts at one place: {key}"
        amounts[key] = (a.amount, a.raw_text)
    return Parsed(amounts, frozenset(w.where.line for w in report.warnings if w.where.line))


@lru_cache(maxsize=None)
def base(code: str) -> Parsed:
    parsed = parse_lines(table_lines(code), f"base-{code}")
    assert isinstance(parsed, Parsed) and parsed.amounts
    return parsed


def data_lines(code: str) -> list[int]:
    """Indexes (0-based) of the lines that carry amounts."""
    return sorted({line - 1 for (_, line, _) in base(code).amounts})


# -- the three kinds of damage -------------------------------------------------------------------------

# characters that end a line (str.splitlines) are line damage, not cell damage
LINE_ENDS = "\t\r\n\x00\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
SEPARATORS = b"\t\r\n\x0b\x0c\x1c\x1d\x1e"
cell_text = st.one_of(
    st.text(st.characters(blacklist_characters=LINE_ENDS, blacklist_categories=("Cs",)), max_size=12),
    st.decimals(allow_nan=True, allow_infinity=True, places=2).map(str),
    st.decimals(allow_nan=False, allow_infinity=False, places=2).map(lambda d: f"({abs(d):,})"),
    st.sampled_from(["", "-", "－", "——", "/", "0", "1e308", "NaN", "(2,728.56)", "２，７２８．５６", "26,O16.91",
                     "30201", "2040201", "合计", "见附表", "1,2,3", "..", "-.5", " 12 ", "12 34", "<p>1</p>"]),
)


def check_cell(code: str, line_index: int, cell_index: int, new: str) -> None:
    lines = list(table_lines(code))
    cells = lines[line_index].split("\t")
    cell_index %= len(cells)
    old = cells[cell_index]
    cells[cell_index] = new
    lines[line_index] = "\t".join(cells)
    got = parse_lines(lines)
    if isinstance(got, ReportError):
        return "refused"
    line = line_index + 1
    before = base(code).amounts
    # the damaged cell's place: the amount read there from the old text (one of them when a row repeats it)
    candidates = {k for k, (_, raw) in before.items() if k[1] == line and raw == old.strip()}
    new_reads = parse_number(new) if is_number(new) and not is_placeholder(new) else None
    changed = {k for k in set(before) | set(got.amounts) if before.get(k) != got.amounts.get(k)}
    for key in changed:
        was, now = before.get(key), got.amounts.get(key)
        assert key[1] == line, f"an amount off the damaged line changed: {key} {was} → {now}"
        if now is not None:   # something read: only the damaged cell's new number, at a place the old text stood
            assert new_reads is not None and now == (new_reads, new.strip()), f"invented at {key}: {now}"
            assert was is None or key in candidates, f"shifted onto {key}: {was} → {now}"
        elif key in candidates:  # the damaged cell's old amount, lost: a warning says so unless nothing is printed
            if not is_blank(new) and not is_placeholder(new) and new_reads is None:
                assert line in got.warned_lines, f"{old!r} → {new!r} lost without a warning"
        else:                    # another amount of the row: only when the row's label or code was damaged,
            assert not candidates, f"lost {key}: {was} after {old!r} → {new!r}"  # never silently
            assert line in got.warned_lines, f"lost {key}: {was} after {old!r} → {new!r} without a warning"
    if candidates:
        assert len([k for k in changed if k in before]) <= 1, f"more than one amount changed: {sorted(changed)}"


def check_line(code: str, index: int, action: str) -> None:
    lines = list(table_lines(code))
    rows = data_lines(code)
    target = rows[index % len(rows)] if action != "blank" else 3 + index % (len(lines) - 3)
    if action == "delete":
        lines.pop(target)
        moved = {i + 1: (i + 1 if i < target else i + 2) for i in range(len(lines))}   # new line → old line
    elif action == "duplicate":
        lines.insert(target, lines[target])
        moved = {i + 1: (i + 1 if i <= target else i) for i in range(len(lines))}
    else:
        lines.insert(target, "")
        moved = {i + 1: (i + 1 if i < target else i) for i in range(len(lines))}
    got = parse_lines(lines)
    if isinstance(got, ReportError):
        return "refused"
    back = {(t, moved[line], col): value for (t, line, col), value in got.amounts.items()}
    expected = dict(base(code).amounts)
    if action == "delete":
        expected = {k: v for k, v in expected.items() if k[1] != target + 1}
    assert back == expected, _diff(expected, back)


def check_byte(code: str, position: int, new_byte: int) -> None:
    lines = [line.encode("utf-8") for line in table_lines(code)]
    data = b"\n".join(lines) + b"\n"
    rows = data_lines(code)
    row = rows[position % len(rows)]
    start = sum(len(line) + 1 for line in lines[:row])
    position = start + (position // len(rows)) % len(lines[row])
    if data[position] in SEPARATORS or new_byte in SEPARATORS:
        return "not_damaged"  # a byte that ends a line or a cell, or makes one: not this property's damage
    damaged = data[:position] + bytes([new_byte]) + data[position + 1:]
    got = parse_bytes(damaged)
    if isinstance(got, ReportError):
        return "refused"
    line = data[:position].count(b"\n") + 1
    damaged_line = damaged.split(b"\n")[line - 1].decode("utf-8", "replace")
    column = data[start:position].count(b"\t")
    old_cell = lines[row].split(b"\t")[column].decode("utf-8").strip()
    new_cell = damaged_line.split("\t")[column]
    before = base(code).amounts
    for key in set(before) | set(got.amounts):
        was, now = before.get(key), got.amounts.get(key)
        if was == now:
            continue
        assert key[1] == line, f"an amount off the damaged line changed: {key} {was} → {now}"
        if now is not None:
            assert now[1] in damaged_line and now[0] == parse_number(now[1]), f"invented at {key}: {now}"
        else:
            now_blank = was[1] == old_cell and (is_blank(new_cell) or is_placeholder(new_cell))
            assert line in got.warned_lines or now_blank or _not_an_amount_now(was, damaged_line), \
                f"lost {key} {was} without a warning"


def _not_an_amount_now(was: tuple[Decimal, str], damaged_line: str) -> bool:
    """The byte damaged the amount itself: its printed text is no longer on the line."""
    return was[1] not in damaged_line.split("\t")


def _diff(expected: dict, got: dict) -> str:
    keys = sorted(k for k in set(expected) | set(got) if expected.get(k) != got.get(k))
    return "; ".join(f"{k}: {expected.get(k)} → {got.get(k)}" for k in keys[:8])


# -- the default run: a few hundred examples ------------------------------------------------------------

@settings(max_examples=150, **SETTINGS)
@given(code=st.sampled_from(CODES), row=st.integers(0, 400), cell=st.integers(0, 40), new=cell_text)
def test_a_damaged_cell_loses_only_itself(code, row, cell, new):
    check_cell(code, data_lines(code)[row % len(data_lines(code))], cell, new)


@settings(max_examples=75, **SETTINGS)
@given(code=st.sampled_from(CODES), index=st.integers(0, 400), action=st.sampled_from(["delete", "duplicate", "blank"]))
def test_a_line_deleted_duplicated_or_inserted_moves_no_amount(code, index, action):
    check_line(code, index, action)


@settings(max_examples=100, **SETTINGS)
@given(code=st.sampled_from(CODES), position=st.integers(0, 1 << 16), new_byte=st.integers(0, 255))
def test_a_damaged_byte_invents_no_amount(code, position, new_byte):
    check_byte(code, position, new_byte)


def test_the_tables_alone_read_as_in_the_whole_sample():
    """The examples parse one table under the cover lines: it reads as it does inside the whole report."""
    whole = parse_file(SAMPLE)
    for code in CODES:
        alone = sorted((a.line_label, a.measure, a.amount) for a in whole.amounts if a.table_code == code)
        report = parse_file(_write(table_lines(code)))
        assert sorted((a.line_label, a.measure, a.amount) for a in report.amounts) == alone, code


def _write(lines) -> Path:
    path = WORK / f"alone-{os.getpid()}.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# -- the long run ------------------------------------------------------------------------------------------

damage = st.one_of(
    st.tuples(st.just("cell"), st.sampled_from(CODES), st.integers(0, 400), st.integers(0, 40), cell_text),
    st.tuples(st.just("line"), st.sampled_from(CODES), st.integers(0, 400),
              st.sampled_from(["delete", "duplicate", "blank"])),
    st.tuples(st.just("byte"), st.sampled_from(CODES), st.integers(0, 1 << 16), st.integers(0, 255)),
)


@pytest.mark.slow
def test_ten_thousand_damages():
    """All three kinds in one run of JUESUAN_PROPERTY_EXAMPLES examples (default 10,000), counted.

    Every example runs (a violation is counted, not stopped at); the figures are printed and,
    with JUESUAN_PROPERTY_REPORT set, written there as JSON; the test fails on any violation.
    """
    tally: Counter = Counter()
    failures: list[str] = []

    @settings(max_examples=int(os.environ.get("JUESUAN_PROPERTY_EXAMPLES", "10000")), **SETTINGS)
    @given(damage)
    def run(example):
        kind, code, *rest = example
        tally["examples"] += 1
        tally[f"examples_{kind}"] += 1
        try:
            if kind == "cell":
                row, cell, new = rest
                outcome = check_cell(code, data_lines(code)[row % len(data_lines(code))], cell, new)
            elif kind == "line":
                outcome = check_line(code, *rest)
            else:
                outcome = check_byte(code, *rest)
            tally[outcome or "loaded"] += 1
        except AssertionError as violation:
            tally["violations"] += 1
            failures.append(f"{example!r}: {str(violation).splitlines()[0]}")
        except Exception as crash:  # noqa: BLE001 - counted: the project's own error is the only refusal
            tally["exceptions"] += 1
            failures.append(f"{example!r}: {type(crash).__name__}: {crash}")

    run()
    figures = dict(sorted(tally.items()))
    print(json.dumps(figures, ensure_ascii=False))
    if target := os.environ.get("JUESUAN_PROPERTY_REPORT"):
        Path(target).write_text(json.dumps({"figures": figures, "failures": failures[:50]}, ensure_ascii=False,
                                           indent=1), encoding="utf-8")
    assert not failures, f"{len(failures)} of {tally['examples']}: " + "; ".join(failures[:10])
