"""The corpus of malformed inputs (tests/malformed/manifest.yml) through the real load job and database.

Every case gives what its manifest entry says: refused with its reason (and nothing of it
written), or loaded with its amounts, warnings and truncation mark; the folder scan never
raises, and the files that can be loaded still load beside the ones refused.
"""
from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import psycopg
import pytest
import yaml

from juesuan.loaders.adapters import SUPPORTED
from juesuan.loaders.app.load_job import find_reports, load_files
from juesuan.loaders.app.parallel import parse_many
from juesuan.loaders.errors import ReportError
from juesuan.loaders.limits import shown
from juesuan.loaders.numbers import is_number, parse_number
from juesuan.loaders.parse import parse_file

HERE = Path(__file__).resolve().parent
MALFORMED = HERE / "malformed"
MANIFEST = yaml.safe_load((MALFORMED / "manifest.yml").read_text(encoding="utf-8"))
CASES = MANIFEST["cases"]
SAMPLE = HERE.parent / "examples" / "anyang-police-2023-final-accounts.txt"


def make_special(kind: str, folder: Path) -> Path:
    """A case no repository can hold, made in ``folder``; returns the path the scan will meet it under."""
    if kind == "fifo":
        os.mkfifo(folder / "fifo.txt")
        return folder / "fifo.txt"
    if kind == "link_dev_zero":
        os.symlink("/dev/zero", folder / "dev-zero.txt")
        return folder / "dev-zero.txt"
    if kind == "link_loop":
        os.symlink("loop.txt", folder / "loop.txt")
        return folder / "loop.txt"
    if kind == "dangling_link":
        os.symlink("gone.txt", folder / "dangling.txt")
        return folder / "dangling.txt"
    if kind == "name_not_utf8":
        target = Path(os.fsdecode(os.fsencode(folder) + b"/report-\xff\xfe.txt"))
        shutil.copy(SAMPLE, target)
        return target
    if kind == "over_size_limit":
        with open(folder / "huge.txt", "wb") as f:
            f.truncate(101 << 20)  # sparse: 101 MB of size, no disk used
        return folder / "huge.txt"
    if kind == "path_too_long":
        top = folder / "deep"
        top.mkdir()
        fd = os.open(top, os.O_RDONLY)
        for _ in range(24):  # 24 × 201 characters: beyond PATH_MAX (4096)
            os.mkdir("d" * 200, dir_fd=fd)
            inner = os.open("d" * 200, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
        with open(os.open("report.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd), "wb") as f:
            f.write(SAMPLE.read_bytes())
        os.close(fd)
        return top
    raise AssertionError(kind)


def build_inbox(root: Path) -> dict[str, dict]:
    """Every case in one folder; returns the case of each path (shown) the scan will meet."""
    inbox = root / "inbox"
    inbox.mkdir()
    by_path: dict[str, dict] = {}
    for case in CASES:
        if "make" in case:
            by_path[shown(make_special(case["make"], inbox))] = case
            continue
        source = MALFORMED / case["file"]
        target = inbox / f"{case['name']}{source.suffix}"
        shutil.copy(source, target)
        by_path[shown(target)] = case
    return by_path


def case_of(path: str, by_path: dict[str, dict]) -> dict:
    if path in by_path:
        return by_path[path]
    deep = [case for known, case in by_path.items() if case.get("make") == "path_too_long" and path.startswith(known)]
    assert deep, f"an outcome for a path no case made: {path}"
    return deep[0]


def test_the_corpus_covers_the_issue(tmp_path):
    names = {case["name"] for case in CASES}
    assert len(CASES) >= 60
    issue_cases = {"name_not_utf8", "path_too_long", "xlsx_zip_bomb", "fifo", "dev_zero_link", "over_size_limit",
                   "cut_after_nine_tables", "cell_text", "cell_1e308", "cell_nan", "cell_accounting_negative",
                   "cell_06_damaged", "table_twice_same", "table_twice_different", "encoding_gb18030"}
    assert issue_cases <= names, issue_cases - names
    assert all(case["outcome"] in ("refused", "loaded") for case in CASES)


def test_every_malformed_input_gives_what_its_manifest_says(migrated_db, tmp_path):
    by_path = build_inbox(tmp_path)
    # a folder scan passes over files of other types; named directly, they are refused with the reason
    named = [Path(p) for p in by_path if Path(p).suffix.lower() not in SUPPORTED and Path(p).is_file()]
    files = find_reports([tmp_path / "inbox", *named])  # never raises on a bad entry
    outcomes = load_files(migrated_db, files)
    seen: dict[str, list] = {}
    for outcome in outcomes:
        seen.setdefault(case_of(outcome.path, by_path)["name"], []).append(outcome)
    assert set(seen) == {case["name"] for case in CASES}, "every case met, none lost by the scan"
    crashes = [o for o in outcomes if o.error and "internal error" in o.error]
    assert crashes == []
    with psycopg.connect(migrated_db) as conn:
        documents = dict(conn.execute("select source_path, document_id from raw.documents").fetchall())
        for case in CASES:
            [outcome] = seen[case["name"]]
            label = f"{case['name']}: {outcome.line()}"
            if case["outcome"] == "refused":
                assert outcome.status == "failed", label
                assert case["reason"] in outcome.error, label
                assert outcome.path not in documents, label  # a refused file wrote nothing
                continue
            # loaded; a file whose content another case already stored is skipped as the same report
            assert outcome.status in ("loaded", "skipped"), label
            if outcome.status == "skipped":
                continue
            document_id = documents[outcome.path]
            stored = conn.execute("select count(*) from raw.amounts where document_id = %s",
                                  (document_id,)).fetchone()[0]
            assert stored == outcome.amounts == case["amounts"], label
            messages = [m for (m,) in conn.execute(
                "select message from raw.parse_warnings where document_id = %s", (document_id,))]
            for phrase in case["warnings"]:
                assert any(phrase in m for m in messages), (label, phrase, messages)
            if not case.get("more_warnings"):
                assert len(messages) == len(case["warnings"]), (label, messages)
            truncated = conn.execute("select truncated from raw.documents where document_id = %s",
                                     (document_id,)).fetchone()[0]
            if case.get("truncated"):
                assert truncated and case["truncated"] in truncated, (label, truncated)
            else:
                assert truncated is None, (label, truncated)
        # no partial writes: every stored document is a file that loaded, with all its amounts
        loaded = {o.path: o for o in outcomes if o.status == "loaded"}
        assert set(documents) == set(loaded)
        per_document = dict(conn.execute("select d.source_path, count(a.*) from raw.documents d"
                                         " left join raw.amounts a using (document_id) group by 1").fetchall())
        assert per_document == {path: o.amounts for path, o in loaded.items()}
    # a name that is not UTF-8 is shown escaped (stored so when its content is new; a copy of a report
    # already loaded is skipped by content identity)
    assert any("\\xff\\xfe" in o.path for o in outcomes if o.status in ("loaded", "skipped")), \
        "a name that is not UTF-8 is shown escaped"


# -- parsing tier: limits and the grammar of a cell --------------------------------------------------

def test_a_zip_bomb_is_refused_in_well_under_a_second():
    bomb = MALFORMED / "files" / "xlsx_zip_bomb.xlsx"
    clock = time.monotonic()
    with pytest.raises(ReportError) as refused:
        parse_file(bomb)
    assert time.monotonic() - clock < 1.0
    assert "unpacks to" in refused.value.reason and "JUESUAN_MAX_UNPACKED_MB" in refused.value.reason


@pytest.mark.parametrize("workers", [1, 2])
def test_a_file_over_its_time_is_stopped_and_the_next_still_parses(tmp_path, workers):
    slow = [tmp_path / "a.txt", tmp_path / "b.txt"]
    for path in slow:
        shutil.copy(SAMPLE, path)
    results = list(parse_many(slow, workers=workers, timeout=0.01))
    assert [type(r).__name__ for _, r, _ in results] == ["ReportError", "ReportError"]
    assert all("took longer than 0.01 s" in r.reason for _, r, _ in results)
    [(_, report, _)] = list(parse_many([slow[0]], workers=workers, timeout=60))
    assert len(report.amounts) == MANIFEST["sample_amounts"]


def test_the_size_limit_is_a_setting(tmp_path, monkeypatch):
    big = tmp_path / "big.txt"
    shutil.copy(SAMPLE, big)
    monkeypatch.setenv("JUESUAN_MAX_FILE_MB", "0.1")
    with pytest.raises(ReportError) as refused:
        parse_file(big)
    assert "over the limit of 0.1 MB (JUESUAN_MAX_FILE_MB)" in refused.value.reason


def test_a_folder_scan_never_raises(tmp_path):
    for kind in ("fifo", "link_dev_zero", "link_loop", "dangling_link", "path_too_long", "name_not_utf8"):
        make_special(kind, tmp_path)
    found = find_reports([tmp_path])
    assert len(found) == 6


@pytest.mark.parametrize("printed, value", [
    ("(2,728.56)", "-2728.56"), ("（2,728.56）", "-2728.56"), ("２，７２８．５６", "2728.56"), ("－１２．５", "-12.5"),
    ("−2,728.56", "-2728.56"), ("( 1.50 )", "-1.50"), ("81,315.03", "81315.03"), ("-88.8 5", "-88.85"),
])
def test_a_cell_reads_as_the_number_it_prints(printed, value):
    assert is_number(printed) and str(parse_number(printed)) == value


@pytest.mark.parametrize("printed", ["(3)", "（一）", "1e308", "NaN", "inf", "26,O16.91", "(-2.5)", "2.728.56", "0x1F"])
def test_what_is_not_a_number_is_none(printed):
    assert not is_number(printed)
    with pytest.raises(ValueError):
        parse_number(printed)
