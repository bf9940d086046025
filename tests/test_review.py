"""The review page (juesuan review): one self-contained page per report, read back from the shared
warehouse, rendered by a real headless Chromium."""
from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
from decimal import Decimal

import pytest

from conftest import juesuan
from juesuan.loaders.app.review import Review, TableStatus, VerifiedGroup
from juesuan.loaders.app.review_page import render_html, render_markdown
from juesuan.loaders.app.warehouse import Finding

DEPARTMENT = "安阳市公安局"


def _finding(rule: str, severity: str, item: str, cite: str | None = None, line: int | None = None) -> Finding:
    return Finding(DEPARTMENT, 2023, rule, item, Decimal("1.00"), Decimal("2.00"), Decimal("-1.00"), "mismatch",
                   "说明 <b>", None, severity, cite, line, None)


def test_page_groups_findings_by_severity_and_escapes_what_the_report_printed():
    review = Review(DEPARTMENT, 2023, 1, "a<b>.txt", "text", "national", None, "2026-12-02 10:00", 0)
    review.completeness = [TableStatus("08", "国有资本经营预算财政拨款支出决算表", "empty_with_note", "本部门无此项", "第 401 行"),
                           TableStatus("09", "财政拨款“三公”经费支出决算表", "missing", None, "")]
    review.findings = [_finding("W_PLACEHOLDER", "error", "第 3 行 XX局", "<script>XX局</script>", 3),
                       _finding("I_DEVIATION", "warning", "项目 / 指标")]
    review.verified = [VerifiedGroup("within_table", "表内勾稽", 31, 600, 0)]
    page = render_html(review)
    assert page.index("错误（1）") < page.index("警告（1）")
    assert "<script>" not in page and "&lt;script&gt;XX局&lt;/script&gt;" in page and "a&lt;b&gt;.txt" in page
    assert "第 3 行" in page and "缺失" in page and "空表（有说明）" in page
    markdown = render_markdown(review)
    assert "| 公开09 | 财政拨款“三公”经费支出决算表 | 缺失 |" in markdown
    assert "**W_PLACEHOLDER**" in markdown and markdown.index("### 错误") < markdown.index("### 警告")


@pytest.fixture(scope="module")
def env(warehouse, tmp_path_factory):
    return dict(os.environ, JUESUAN_DATABASE_URL=warehouse.url, JUESUAN_HOME=str(tmp_path_factory.mktemp("home")))


def test_review_command_writes_the_sample_review(env, tmp_path):
    page = tmp_path / "review.html"
    done = juesuan("review", DEPARTMENT, "2023", "-o", str(page), env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"{page}: {DEPARTMENT} 2023, 12 errors, ")
    html = page.read_text(encoding="utf-8")
    # completeness, findings with their citations, explained differences, what was verified
    assert "一、报表完整性" in html and "空表（有说明）" in html
    assert "S_DEPT_EXECUTED" in html and "87,100.85" in html and "第 437 行" in html
    assert "三、已解释的差异" in html and "2040220 执法办案 项目支出 1.60" in html
    assert "四、核对无误的项目" in html and "表内勾稽" in html
    assert "<link" not in html and "<script" not in html  # self-contained


def test_review_as_markdown_and_json(env, tmp_path):
    done = juesuan("review", DEPARTMENT, "2023", "--format", "md", "-o", str(tmp_path / "r.md"), env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "## 二、发现的问题" in (tmp_path / "r.md").read_text(encoding="utf-8")
    done = juesuan("review", DEPARTMENT, "2023", "--json", env=env, timeout=120)
    data = json.loads(done.stdout)
    assert data["severity_counts"]["error"] == 12
    assert {f["rule_id"] for f in data["explained"]} == {"X09_06_VEHICLE_OPERATION", "X09_06_VEHICLE_PURCHASE"}
    assert all(f["status"] == "mismatch" for f in data["findings"])


def test_review_of_an_unknown_report_is_one_line(env):
    done = juesuan("review", "没有这个部门", "2023", env=env, timeout=120)
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert "没有这个部门" in done.stderr and "2023" in done.stderr


def _png_size(path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", head[16:24])


def test_review_page_renders_in_a_real_browser(env, tmp_path):
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if not browser:
        pytest.skip("Debian chromium is not installed (.ci/run installs it)")
    page = tmp_path / "review.html"
    assert juesuan("review", DEPARTMENT, "2023", "-o", str(page), env=env, timeout=120).returncode == 0
    shot = tmp_path / "review.png"
    subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    "--window-size=1200,2400", f"--screenshot={shot}", page.as_uri()],
                   check=True, capture_output=True, timeout=120)
    assert _png_size(shot) == (1200, 2400)
    # a blank or error page compresses to a few kB; the rendered review (CJK text, tables) is far larger
    assert shot.stat().st_size > 100_000
    if os.environ.get("JUESUAN_UPDATE_SCREENSHOTS") == "1":
        from conftest import ROOT
        shutil.copy(shot, ROOT / "docs" / "review.png")
        shutil.copy(page, ROOT / "docs" / "review-example.html")
