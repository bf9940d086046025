"""The benchmark corpus (benchmarks/corpus.py): deterministic by seed, years that chain, amounts scaled
exactly, and reports that reconcile as the repaired sample does (one real build at a small N)."""
from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import corpus  # noqa: E402


@pytest.fixture(scope="module")
def template():
    return corpus.Template()


def test_same_seed_same_bytes_other_seed_other_corpus(template):
    first, again, other = corpus.specs(12, seed=3), corpus.specs(12, seed=3), corpus.specs(12, seed=4)
    assert first == again and first != other
    assert [template.render(s) for s in first[:3]] == [template.render(s) for s in again[:3]]


def test_departments_have_consecutive_years_and_varied_factors():
    specs = corpus.specs(23, years=5, seed=15)
    assert len(specs) == 23 and len({(s.department, s.fiscal_year) for s in specs}) == 23
    by_department: dict[str, list[int]] = {}
    for s in specs:
        by_department.setdefault(s.department, []).append(s.fiscal_year)
        assert Decimal("0.30") <= s.factor <= 1 and s.factor == s.factor.quantize(Decimal("0.01"))
    assert len(by_department) == 5
    for years in by_department.values():
        assert years == list(range(years[0], years[0] + len(years))) and years[-1] <= corpus.BASE_YEAR
    assert len({s.factor for s in specs}) > 5


def test_a_generated_report_reads_back_as_the_base_times_its_factor(template, tmp_path):
    from juesuan.loaders.parse import parse_file

    base = corpus._parse(corpus.repaired_lines())
    spec = corpus.Spec("许昌市文峰区审计局", 2021, Decimal("0.67"))
    path = tmp_path / spec.file_name
    path.write_text(template.render(spec), encoding="utf-8")
    report = parse_file(path)
    assert (report.department_name, report.fiscal_year) == (spec.department, spec.fiscal_year)
    assert [(a.table_code, a.row_seq, a.col_seq, a.amount) for a in report.amounts] == \
        [(a.table_code, a.row_seq, a.col_seq, a.amount * spec.factor) for a in base.amounts]
    assert [f.executed for c in report.scorecards for f in c.funding] == \
        [f.executed * spec.factor if f.executed is not None else None for c in base.scorecards for f in c.funding]
    assert [c.total_score for c in report.scorecards] == [c.total_score for c in base.scorecards]
    stated = {(f.fact_type, f.subject_key, f.measure): f.value for f in report.narrative_facts}
    for fact in base.narrative_facts:
        if fact.value is not None and fact.unit != "万元":   # rates, counts, scores as printed
            assert stated[(fact.fact_type, fact.subject_key, fact.measure)] == fact.value, fact


def test_a_small_corpus_reconciles_and_chains_its_years(migrated_db, tmp_path):
    from juesuan.loaders.app.dbt_runner import build
    from juesuan.loaders.app.load_job import load_files
    from conftest import query

    paths = corpus.write_corpus(tmp_path / "corpus", reports=4, years=2, seed=7)
    outcomes = load_files(migrated_db, paths, workers=1)
    assert [o.status for o in outcomes] == ["loaded"] * 4 and not any(o.warnings for o in outcomes)
    result = build(migrated_db, select=["+consistency_checks", "+yoy_department_totals"])
    assert result.success, result.errors
    statuses = query(migrated_db, "select rule_id, status from marts.consistency_checks where status = 'mismatch'")
    assert {rule for rule, _ in statuses} == set(corpus.KEPT_MISMATCHES)
    assert query(migrated_db, "select count(*) from marts.consistency_checks where status = 'ok'")[0][0] > 1000
    chained = query(migrated_db, "select count(*) from marts.yoy_department_totals"
                                 " where source = 'reports' and measure = '支出总计'")
    assert chained == [(2,)]
