"""Parsing many files at once: worker processes, results in the order given, refusals kept as errors."""
from __future__ import annotations

from pathlib import Path

import pytest

from juesuan.loaders.app import parallel
from juesuan.loaders.app.parallel import MANY_FILES, parse_many, worker_count
from juesuan.loaders.errors import ReportError
from juesuan.loaders.report import Report

DATA = Path(__file__).resolve().parent / "data"
pytestmark = pytest.mark.parsing


@pytest.mark.parametrize("cores", [1, 2, 8])
def test_workers_are_one_per_core_when_the_work_pays_for_them(monkeypatch, cores):
    monkeypatch.setattr(parallel, "cores", lambda: cores)
    monkeypatch.setattr(parallel, "available_memory", lambda: 64 << 30)
    text = Path("a.txt")
    assert worker_count([text]) == 1
    assert worker_count([text, text]) == 1  # two text files parse faster than workers start
    assert worker_count([text] * MANY_FILES) == min(cores, MANY_FILES)
    assert worker_count([text, Path("b.pdf")]) == min(cores, 2)  # never more workers than files
    assert worker_count([Path("b.PDF")]) == 1


def test_workers_are_capped_by_free_memory(monkeypatch):
    monkeypatch.setattr(parallel, "cores", lambda: 16)
    monkeypatch.setattr(parallel, "available_memory", lambda: 3 * parallel.WORKER_MEMORY + 1)
    assert worker_count([Path("a.pdf")] * 20) == 3
    monkeypatch.setattr(parallel, "available_memory", lambda: 1)
    assert worker_count([Path("a.pdf")] * 20) == 1


def test_the_machine_s_cores_are_counted():
    assert parallel.cores() >= 1


def test_two_workers_give_every_result_in_the_given_order(sample_path, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    paths = [DATA / "anyang-police-2023-final-accounts.xlsx", empty, Path(sample_path),
             DATA / "scanned-page.pdf", tmp_path / "missing.pdf", DATA / "anyang-police-2023-final-accounts.xls"]
    results = list(parse_many(paths, workers=2))
    assert [path for path, _, _ in results] == paths
    kinds = [type(result).__name__ for _, result, _ in results]
    assert kinds == ["Report", "ReportError", "Report", "ReportError", "ReportError", "Report"]
    reasons = {path.name: result.reason for path, result, _ in results if isinstance(result, ReportError)}
    assert reasons == {"empty.txt": "the file is empty",
                       "scanned-page.pdf": reasons["scanned-page.pdf"],
                       "missing.pdf": "no such file"}
    assert reasons["scanned-page.pdf"].startswith("a scanned PDF")
    refused = results[1][1]
    assert refused.path == str(empty) and str(refused) == f"{empty}: the file is empty"
    reports = [result for _, result, _ in results if isinstance(result, Report)]
    assert [r.source_format for r in reports] == ["xlsx", "text", "xls"]
    assert {len(r.amounts) for r in reports} == {701}
    assert all(ms >= 0 for _, _, ms in results)


def test_one_file_is_parsed_in_the_calling_process(sample_path):
    [(path, report, _)] = list(parse_many([Path(sample_path)]))
    assert path == Path(sample_path) and len(report.amounts) == 701
