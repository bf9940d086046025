"""The nine public tables (公开01–09) of the Anyang sample, against an independent record.

tests/data/anyang_2023_tables.csv was written by reading the sample report by eye:
one row per printed, non-blank amount cell of tables 01–09 (a printed 0 is an
amount, a blank cell is not; 行次 and 栏次 numbers are not). The parser must find
every one of them, with the same labels, codes and measures, and nothing else.
"""
from __future__ import annotations

import csv
import functools
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent / "data" / "anyang_2023_tables.csv"
TABLE_CODES = [f"{n:02d}" for n in range(1, 10)]
HEADER = ["table_code", "section", "line_label", "line_no", "subject_code", "econ_code", "measure", "amount"]

# Rows per table in the CSV (08 is printed empty in the sample).
EXPECTED_COUNTS = {"01": 42, "02": 189, "03": 162, "04": 125, "05": 66,
                   "06": 83, "07": 24, "08": 0, "09": 10}


# ---------------------------------------------------------------------------
# helpers


def _none_if_blank(value):
    if value is None:
        return None
    if isinstance(value, str) and value.strip() == "":
        return None
    return value


def _key(section, line_label, line_no, subject_code, econ_code, measure, amount):
    """The compared identity of one amount; '' and None are the same 'not set'."""
    line_no = _none_if_blank(line_no)
    return (
        _none_if_blank(section),
        line_label,
        None if line_no is None else int(line_no),
        _none_if_blank(subject_code),
        _none_if_blank(econ_code),
        measure,
        Decimal(amount) if not isinstance(amount, Decimal) else amount,
    )


def _show(key) -> str:
    section, label, line_no, subject, econ, measure, amount = key
    parts = [f"section={section}" if section else None,
             f"line_no={line_no}" if line_no is not None else None,
             f"subject={subject}" if subject else None,
             f"econ={econ}" if econ else None]
    where = ", ".join(p for p in parts if p)
    return f"{label!s} [{where}] {measure} = {amount}"


@functools.lru_cache(maxsize=None)
def _expected_rows() -> tuple[dict, ...]:
    with DATA.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == HEADER, reader.fieldnames
        return tuple(reader)


def _expected(table_code: str) -> Counter:
    return Counter(
        _key(r["section"], r["line_label"], r["line_no"], r["subject_code"], r["econ_code"],
             r["measure"], r["amount"])
        for r in _expected_rows() if r["table_code"] == table_code
    )


@functools.lru_cache(maxsize=None)
def _parse(path: str):
    from juesuan.loaders.parse import parse_file

    return parse_file(Path(path))


@pytest.fixture
def report(sample_path):
    return _parse(str(sample_path))


@pytest.fixture
def sample_lines(sample_path):
    # 1-based line n is sample_lines[n - 1]; the sample has '\n' line ends only.
    return Path(sample_path).read_text(encoding="utf-8").split("\n")


def _find(report, table_code, measure, *, line_label=None, subject_code=None, econ_code=None,
          section=None, line_no=None):
    hits = [a for a in report.amounts
            if a.table_code == table_code and a.measure == measure
            and (line_label is None or a.line_label == line_label)
            and (subject_code is None or a.subject_code == subject_code)
            and (econ_code is None or a.econ_code == econ_code)
            and (section is None or a.section == section)
            and (line_no is None or a.line_no == line_no)]
    assert len(hits) == 1, (
        f"expected exactly one amount of table {table_code} {line_label or subject_code or econ_code} "
        f"{measure}, found {len(hits)}: {hits}")
    return hits[0]


# ---------------------------------------------------------------------------
# the test data itself


def test_csv_is_well_formed():
    rows = _expected_rows()
    counts = Counter(r["table_code"] for r in rows)
    assert {t: counts.get(t, 0) for t in TABLE_CODES} == EXPECTED_COUNTS
    for r in rows:
        assert r["table_code"] in TABLE_CODES, r
        assert r["line_label"] and r["measure"], r
        assert "," not in r["amount"] and r["amount"].strip() == r["amount"], r
        Decimal(r["amount"])  # parses
        if r["table_code"] in ("01", "04"):
            assert r["section"] in ("收入", "支出") and r["line_no"].isdigit(), r
        else:
            assert r["line_no"] == "", r
    # no duplicated identity within the record (each printed cell once)
    keys = Counter((r["table_code"], r["section"], r["line_label"], r["line_no"], r["subject_code"],
                    r["econ_code"], r["measure"]) for r in rows)
    assert [k for k, n in keys.items() if n > 1] == []


# ---------------------------------------------------------------------------
# the parsed report against the record


@pytest.mark.parametrize("table_code", TABLE_CODES)
def test_table_amounts_match_the_printed_record(report, table_code):
    expected = _expected(table_code)
    got = Counter(
        _key(a.section, a.line_label, a.line_no, a.subject_code, a.econ_code, a.measure, a.amount)
        for a in report.amounts if a.table_code == table_code
    )
    missing = expected - got
    unexpected = got - expected
    if missing or unexpected:
        lines = [f"table {table_code}: {sum(got.values())} amounts parsed, "
                 f"{sum(expected.values())} printed"]
        if missing:
            lines.append(f"missing ({sum(missing.values())}), printed but not parsed:")
            lines += [f"  - {_show(k)}" + (f"  x{n}" if n > 1 else "") for k, n in sorted(missing.items(), key=str)]
        if unexpected:
            lines.append(f"unexpected ({sum(unexpected.values())}), parsed but not printed:")
            lines += [f"  + {_show(k)}" + (f"  x{n}" if n > 1 else "") for k, n in sorted(unexpected.items(), key=str)]
        pytest.fail("\n".join(lines))


def test_no_amounts_outside_the_nine_tables(report):
    assert {a.table_code for a in report.amounts} <= set(TABLE_CODES)


def test_amounts_are_decimals_never_floats(report):
    assert report.amounts, "no amounts parsed"
    bad = [a for a in report.amounts if isinstance(a.amount, float) or not isinstance(a.amount, Decimal)]
    assert bad == []


def test_amounts_trace_back_to_their_printed_cell(report, sample_lines):
    assert report.amounts, "no amounts parsed"
    problems = []
    for a in report.amounts:
        cleaned = (a.raw_text or "").replace(",", "").replace(" ", "")
        try:
            same_value = Decimal(cleaned) == a.amount
        except ArithmeticError:
            same_value = False
        if not same_value or str(a.amount) != cleaned:
            problems.append(f"{a.table_code} {a.line_label} {a.measure}: raw_text {a.raw_text!r} "
                            f"is not the amount {a.amount!r} as printed")
        if a.where.line is None:
            problems.append(f"{a.table_code} {a.line_label} {a.measure}: no source_line")
        elif not 1 <= a.where.line <= len(sample_lines):
            problems.append(f"{a.table_code} {a.line_label} {a.measure}: source_line {a.where.line} "
                            f"outside the file")
        elif not a.raw_text or a.raw_text not in sample_lines[a.where.line - 1]:
            problems.append(f"{a.table_code} {a.line_label} {a.measure}: raw_text {a.raw_text!r} "
                            f"not on line {a.where.line}: {sample_lines[a.where.line - 1]!r}")
    assert problems == [], "\n".join(problems[:50])


# ---------------------------------------------------------------------------
# spot checks, written out literally from the printed report


def test_spot_05_administrative_operation_basic(report):
    a = _find(report, "05", "基本支出", subject_code="2040201")
    assert a.line_label == "行政运行"
    assert a.amount == Decimal("67479.00")
    assert a.raw_text == "67,479.00"
    assert a.where.line == 320  # after the page break at line 319


def test_spot_03_public_security_project(report):
    a = _find(report, "03", "项目支出", subject_code="204")
    assert a.line_label == "公共安全支出"
    assert a.amount == Decimal("5721.13")
    assert a.where.line == 226


def test_spot_03_truncated_name_kept_as_printed(report):
    a = _find(report, "03", "项目支出", subject_code="2120899")
    assert a.line_label == "其他国有土地使用权出让收入安排的支"
    assert a.amount == Decimal("3096.90")
    whole = _find(report, "07", "项目支出", subject_code="2120899")
    assert whole.line_label == "其他国有土地使用权出让收入安排的支出"


def test_spot_06_footers(report):
    public = _find(report, "06", "决算数", line_label="公用经费合计")
    assert public.section == "公用经费" and public.econ_code is None
    assert public.amount == Decimal("9956.18")  # printed shifted two cells right, line 378
    assert public.where.line == 378
    personnel = _find(report, "06", "决算数", line_label="人员经费合计")
    assert personnel.section == "人员经费" and personnel.econ_code is None
    assert personnel.amount == Decimal("66282.80")


def test_spot_06_detail_lines(report):
    a = _find(report, "06", "决算数", econ_code="30299")  # alone in the middle group, line 377
    assert (a.section, a.line_label, a.amount) == ("公用经费", "其他商品和服务支出", Decimal("372.11"))
    b = _find(report, "06", "决算数", econ_code="30301")  # after the page break at line 364
    assert (b.section, b.line_label, b.amount) == ("人员经费", "离休费", Decimal("26.83"))
    c = _find(report, "06", "决算数", econ_code="31099")
    assert (c.section, c.amount) == ("公用经费", Decimal("0.63"))


def test_spot_09_three_public_expenses(report):
    a = _find(report, "09", "预算数", line_label="公务用车购置费")
    assert a.amount == Decimal("614.47")
    b = _find(report, "09", "决算数", line_label="公务用车购置及运行维护费")
    assert b.amount == Decimal("1519.30")
    # 因公出国(境)费 is blank in both halves: no amount at all
    assert [x for x in report.amounts_of("09") if x.line_label == "因公出国(境)费"] == []


def test_spot_01_totals(report):
    a = _find(report, "01", "金额", section="收入", line_label="总计")
    assert a.line_no == 31 and a.amount == Decimal("87277.34")
    b = _find(report, "01", "金额", section="支出", line_label="四、公共安全支出")
    assert b.line_no == 35 and b.subject_code == "204" and b.amount == Decimal("78246.86")
    c = _find(report, "01", "金额", section="支出", line_label="十三、交通运输支出")
    assert c.line_no == 44 and c.subject_code == "214" and c.amount == Decimal("0")
    assert c.where.line == 141  # after the page break at line 140


def test_spot_04_fund_columns(report):
    a = _find(report, "04", "政府性基金预算财政拨款", section="支出", line_label="十一、城乡社区支出")
    assert a.line_no == 43 and a.subject_code == "212" and a.amount == Decimal("3621.36")
    b = _find(report, "04", "金额", section="收入", line_label="一般公共预算财政拨款")
    assert b.line_no == 29 and b.amount == Decimal("0")


def test_spot_08_printed_empty(report):
    assert report.amounts_of("08") == []
