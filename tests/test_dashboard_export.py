"""The committed Superset export is what deploy/superset/generate.py writes from the dbt descriptions, its labels
are Chinese, and the bundle `juesuan dashboards superset` sends holds the warehouse URL without its password."""
from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import yaml

from juesuan.loaders.app.dashboards import MASK, export_bundle

ROOT = Path(__file__).resolve().parent.parent
EXPORT = ROOT / "deploy" / "superset" / "export"


def test_the_committed_export_is_generated_from_the_dbt_descriptions(tmp_path):
    out = tmp_path / "export"
    subprocess.run([sys.executable, str(ROOT / "deploy" / "superset" / "generate.py"), str(out)], check=True,
                   capture_output=True)
    generated = {p.relative_to(out): p.read_text(encoding="utf-8") for p in out.rglob("*.yaml")}
    committed = {p.relative_to(EXPORT): p.read_text(encoding="utf-8") for p in EXPORT.rglob("*.yaml")}
    assert generated == committed, "run python deploy/superset/generate.py and commit deploy/superset/export"


def test_every_dataset_column_has_its_chinese_label_and_every_chart_its_dataset():
    datasets = {}
    for path in (EXPORT / "datasets").rglob("*.yaml"):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        datasets[doc["uuid"]] = doc
        assert doc["schema"] == "marts"
        names = {c["column_name"] for c in doc["columns"]}
        assert {"department_name", "fiscal_year"} <= names, path   # the dashboard's two filters
        unlabelled = [c["column_name"] for c in doc["columns"] if not c["verbose_name"]]
        assert unlabelled in ([], ["rule_description_en"]), (path.name, unlabelled)
    labels = {c["column_name"]: c["verbose_name"] for d in datasets.values() for c in d["columns"]}
    assert labels["fiscal_year"] == "决算年度" and labels["actual"] == "决算数（万元）"
    charts = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in (EXPORT / "charts").glob("*.yaml")]
    assert len(charts) >= 6 and all(c["dataset_uuid"] in datasets for c in charts)
    dashboard = yaml.safe_load(next((EXPORT / "dashboards").glob("*.yaml")).read_text(encoding="utf-8"))
    placed = {v["meta"]["uuid"] for v in dashboard["position"].values() if isinstance(v, dict) and v.get("type") == "CHART"}
    assert placed == {c["uuid"] for c in charts}
    filters = {f["name"]: f["targets"][0]["column"]["name"] for f in dashboard["metadata"]["native_filter_configuration"]}
    assert filters == {"部门": "department_name", "决算年度": "fiscal_year"}


def test_the_bundle_carries_the_warehouse_url_and_the_password_apart():
    bundle, passwords = export_bundle("postgresql://analyst:s3cret@db.example.org:5432/juesuan", EXPORT)
    with zipfile.ZipFile(io.BytesIO(bundle)) as z:
        names = z.namelist()
        database = yaml.safe_load(z.read("juesuan_dashboard/databases/juesuan.yaml"))
        assert all(b"s3cret" not in z.read(n) for n in names)
    assert "juesuan_dashboard/metadata.yaml" in names
    assert database["sqlalchemy_uri"] == f"postgresql://analyst:{MASK}@db.example.org:5432/juesuan"
    assert passwords == {"databases/juesuan.yaml": "s3cret"}
    _, none = export_bundle("postgresql://postgres@127.0.0.1:5432/juesuan", EXPORT)
    assert none == {}
