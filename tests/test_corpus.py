"""The layout corpus: the sample's tables printed the ways other producers and regions print them
(tests/corpus/make_corpus.py), and the real reports at hand. Every file is read back completely:
no amount wrong, missing or invented; every table with the status it must get; refusals as expected."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from juesuan.loaders.app.recall import markdown, measure_fixture
from juesuan.loaders.parse import parse_file

CORPUS = Path(__file__).resolve().parent / "corpus"
MANIFEST = yaml.safe_load((CORPUS / "manifest.yml").read_text(encoding="utf-8"))
FIXTURES = {entry["name"]: entry for entry in MANIFEST["fixtures"]}


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_every_fixture_is_read_back_exactly(name):
    result = measure_fixture(CORPUS, FIXTURES[name])
    assert result.ok, result.error + "\n" + "\n".join(e for t in result.tables for e in t.examples)
    if result.expected_refusal is None:
        assert result.recall == 1.0 and result.total("wrong") == result.total("extra") == 0


def test_the_corpus_reproduces_every_class_of_the_reading_issue():
    classes = " ".join(c for entry in MANIFEST["fixtures"] for c in entry["classes"])
    for wanted in ("crosses a cell ruling", "split across ruled rows", "fused with the 合计 row",
                   "empty tables kept", "wrapped over two lines", "without rulings", "表1–表9 numbering",
                   "14-table regional set", "调整预算数", "other wordings", "damaged amount", "filled rectangles",
                   "two tables on one sheet", "one table over two sheets"):
        assert wanted in classes, wanted
    producers = {entry["producer"] for entry in MANIFEST["fixtures"]}
    assert len(producers) >= 5 and any("LibreOffice Writer" in p for p in producers)


def test_a_damaged_cell_is_a_warning_and_nothing_shifts_into_its_place():
    report = parse_file(CORPUS / FIXTURES["damaged_cells"]["file"])
    warned = {w.message.split(":")[0] for w in report.warnings}
    assert warned == {"公开06 row 基本工资, column 决算数", "公开02 row 卫生健康支出, column 本年收入合计"}
    assert [w.where.raw_text for w in report.warnings if w.table_code == "06"] == ["26,O16.91"]
    econ = {a.econ_code: a.amount for a in report.amounts_of("06")}
    assert "30101" not in econ and econ["30201"] == Decimal("609.90")  # 办公费 keeps its own amount
    assert not any(a.amount in (Decimal(30201), Decimal(30101)) for a in report.amounts)


def test_a_regional_table_set_is_detected_and_its_extra_tables_read():
    report = parse_file(CORPUS / FIXTURES["fourteen_tables"]["file"])
    assert report.profile == "fourteen_tables"
    assert {c.table_code: c.status for c in report.completeness} == {
        **{code: "found" for code in ("01", "02", "03", "04", "05", "06", "07", "09", "X1", "X2", "X3")},
        "08": "empty_with_note"}
    office = {a.measure: a.amount for a in report.amounts_of("09") if a.line_label == "机关运行经费"}
    assert set(office) == {"预算数", "决算数"}


def test_the_recall_table_for_docs_names_every_fixture():
    text = markdown([measure_fixture(CORPUS, FIXTURES[n]) for n in ("sample_text", "template_refused")],
                    "tests/corpus/manifest.yml")
    assert "| sample_text |" in text and "refused as expected: a blank template" in text
