"""Parsing many files at once: worker processes, results in the given order, refusals kept as errors."""
from __future__ import annotations

from pathlib import Path

from loaders.errors import ReportError
from loaders.parallel import MANY_FILES, parse_many, worker_count
from loaders.report import Report

DATA = Path(__file__).resolve().parent / "data"


def test_workers_are_used_when_the_work_pays_for_them():
    text = Path("a.txt")
    assert worker_count([text]) == 1
    assert worker_count([text, text]) == 1  # two text files parse faster than workers start
    assert worker_count([text] * MANY_FILES) == 2
    assert worker_count([text, Path("b.pdf")]) == 2
    assert worker_count([Path("b.PDF")]) == 1


def test_two_workers_give_every_result_in_the_given_order(sample_path, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    paths = [DATA / "anyang-police-2023-final-accounts.xlsx", empty, Path(sample_path),
             DATA / "scanned-page.pdf", tmp_path / "missing.pdf", DATA / "anyang-police-2023-final-accounts.xls"]
    results = list(parse_many(paths, workers=2))
    assert [path for path, _ in results] == paths
    kinds = [type(result).__name__ for _, result in results]
    assert kinds == ["Report", "ReportError", "Report", "ReportError", "ReportError", "Report"]
    reasons = {path.name: result.reason for path, result in results if isinstance(result, ReportError)}
    assert reasons == {"empty.txt": "the file is empty",
                       "scanned-page.pdf": reasons["scanned-page.pdf"],
                       "missing.pdf": "no such file"}
    assert reasons["scanned-page.pdf"].startswith("a scanned PDF")
    refused = results[1][1]
    assert refused.path == str(empty) and str(refused) == f"{empty}: the file is empty"
    reports = [result for _, result in results if isinstance(result, Report)]
    assert [r.source_format for r in reports] == ["xlsx", "text", "xls"]
    assert {len(r.amounts) for r in reports} == {701}


def test_one_file_is_parsed_in_the_calling_process(sample_path):
    [(path, report)] = list(parse_many([Path(sample_path)]))
    assert path == Path(sample_path) and len(report.amounts) == 701
