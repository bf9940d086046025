"""The shipped Superset dashboard, rendered for real: Superset 6.1 in its own virtualenv, the shared warehouse,
`juesuan dashboards superset` imports the export, headless Chromium opens the dashboard.

Superset pins SQLAlchemy 1.4, so it never goes into the project's environment: it is installed once into
.pytest_cache/juesuan-superset-venv (reused while its package list is unchanged; JUESUAN_SUPERSET_VENV
puts it elsewhere). Chromium and CJK fonts come from Debian (`apt-get install chromium fonts-noto-cjk`).
With JUESUAN_UPDATE_SCREENSHOTS=1 the screenshot replaces docs/dashboard.png.
"""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, juesuan

pytestmark = pytest.mark.dashboards

SUPERSET_PACKAGES = ["apache-superset==6.1.0", "rich", "cachetools", "flask-caching<2.4", "psycopg2-binary",
                     "playwright"]
EXPORT = ROOT / "deploy" / "superset" / "export"
ADMIN = ("admin", "juesuan-test-admin")
DEPARTMENT, YEAR = "安阳市公安局", 2023   # the sample report, the one the screenshot shows


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def superset_venv(request) -> Path:
    if not (shutil.which("chromium") or shutil.which("chromium-browser")):
        pytest.skip("headless Chromium is not installed: apt-get install -y chromium fonts-noto-cjk (.ci/run does)")
    venv = Path(os.environ.get("JUESUAN_SUPERSET_VENV")
                or Path(request.config.rootpath) / ".pytest_cache" / "juesuan-superset-venv")
    marker = venv / "juesuan-packages.txt"
    wanted = "\n".join(SUPERSET_PACKAGES)
    if marker.exists() and marker.read_text() == wanted and (venv / "bin" / "superset").exists():
        return venv
    shutil.rmtree(venv, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    done = subprocess.run([str(venv / "bin" / "pip"), "install", "-q", *SUPERSET_PACKAGES],
                          capture_output=True, text=True, timeout=3600)
    assert done.returncode == 0, done.stderr[-3000:]
    marker.write_text(wanted)
    return venv


@pytest.fixture(scope="session")
def superset(superset_venv, tmp_path_factory):
    """A Superset on a free port, metadata in SQLite, one admin; stopped at the end of the session."""
    home = tmp_path_factory.mktemp("superset")
    (home / "superset_config.py").write_text(
        'SECRET_KEY = "juesuan-test-only-not-a-secret-0123456789abcdef"\n'
        f'SQLALCHEMY_DATABASE_URI = "sqlite:///{home / "superset.db"}"\n'
        'FEATURE_FLAGS = {"DASHBOARD_VIRTUALIZATION": False}\n'
        "TALISMAN_ENABLED = False\n")
    env = dict(os.environ, SUPERSET_CONFIG_PATH=str(home / "superset_config.py"), FLASK_APP="superset",
               SUPERSET_HOME=str(home))
    env.pop("JUESUAN_DATABASE_URL", None)
    exe = str(superset_venv / "bin" / "superset")
    # an initialised metadata database is kept beside the virtualenv: `superset init` takes a minute
    template = superset_venv / "superset-initialised.db"
    if template.exists():
        shutil.copy(template, home / "superset.db")
    else:
        for args in (["db", "upgrade"],
                     ["fab", "create-admin", "--username", ADMIN[0], "--password", ADMIN[1], "--firstname", "juesuan",
                      "--lastname", "test", "--email", "admin@example.org"],
                     ["init"]):
            done = subprocess.run([exe, *args], env=env, capture_output=True, text=True, timeout=900)
            assert done.returncode == 0, f"superset {args[0]}: {done.stderr[-3000:]}"
        shutil.copy(home / "superset.db", template)
    port = _free_port()
    log = (home / "superset.log").open("w")
    server = subprocess.Popen([exe, "run", "-h", "127.0.0.1", "-p", str(port), "--with-threads"], env=env,
                              stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    try:
        while True:
            try:
                with urllib.request.urlopen(base + "/health", timeout=5) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            assert server.poll() is None, (home / "superset.log").read_text()[-3000:]
            assert time.monotonic() < deadline, "Superset did not answer /health within 3 minutes"
            time.sleep(1)
        yield base, home
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def test_the_dashboard_renders_every_chart_with_data(superset, superset_venv, warehouse, tmp_path):
    base, home = superset
    env = dict(os.environ, JUESUAN_DATABASE_URL=warehouse.url)
    done = juesuan("dashboards", "superset", "--url", base, "--user", ADMIN[0], "--password", ADMIN[1],
                   "--database-url", warehouse.url, "--json", env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    imported = json.loads(done.stdout)
    assert imported["charts"] == len(list((EXPORT / "charts").glob("*.yaml")))
    again = juesuan("dashboards", "superset", "--url", base, "--user", ADMIN[0], "--password", ADMIN[1],
                    "--database-url", warehouse.url, "--json", env=env)
    assert again.returncode == 0, again.stdout + again.stderr   # overwrite: installing twice is harmless
    assert json.loads(again.stdout)["dashboard_id"] == imported["dashboard_id"]

    dashboard = yaml.safe_load(next((EXPORT / "dashboards").glob("*.yaml")).read_text(encoding="utf-8"))
    filters = {f["id"]: (f["targets"][0]["column"]["name"], [DEPARTMENT] if f["name"] == "部门" else [YEAR])
               for f in dashboard["metadata"]["native_filter_configuration"]}
    screenshot = tmp_path / "dashboard.png"
    rendered = subprocess.run(
        [str(superset_venv / "bin" / "python"), str(ROOT / "tests" / "render_dashboard.py"), base, *ADMIN,
         str(imported["dashboard_id"]), json.dumps(filters, ensure_ascii=False), str(screenshot)],
        capture_output=True, text=True, timeout=600)
    assert rendered.returncode == 0, rendered.stderr[-3000:] + (home / "superset.log").read_text()[-2000:]
    report = json.loads(rendered.stdout.strip().splitlines()[-1])

    charts = {c["id"]: c["name"] for c in report["charts"]}
    assert len(charts) == imported["charts"]
    by_chart = {}
    for response in report["responses"]:
        assert response["status"] == 200, response
        assert all(not q["error"] for q in response["results"]), response
        if response["slice_id"] in charts:
            by_chart[response["slice_id"]] = response
    missing = {charts[i] for i in charts if i not in by_chart}
    assert not missing, f"charts that never asked for data: {missing}"
    empty = {charts[i] for i, r in by_chart.items() if not r["results"] or not all(q["rowcount"] for q in r["results"])}
    assert not empty, f"charts without rows for {DEPARTMENT} {YEAR}: {empty}"
    assert len(report["drawn"]) == len(charts)
    assert all(c["drawn"] for c in report["drawn"]), report["drawn"]
    assert not [c for c in report["drawn"] if c["error"]], report["drawn"]
    assert screenshot.stat().st_size > 50_000
    if os.environ.get("JUESUAN_UPDATE_SCREENSHOTS") == "1":
        shutil.copy(screenshot, ROOT / "docs" / "dashboard.png")
