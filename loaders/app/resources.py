"""Where the migrations and the dbt project live: the installed packages juesuan.migrations and juesuan.dbt_project."""
from __future__ import annotations

import importlib.util
from pathlib import Path


def _package_dir(package: str, marker: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(f"cannot find the package {package}; is juesuan installed?")
    for location in spec.submodule_search_locations:
        if (Path(location) / marker).exists():
            return Path(location)
    raise FileNotFoundError(f"the package {package} has no {marker}; the installation is incomplete")


def migrations_dir() -> Path:
    return _package_dir("juesuan.migrations", "env.py")


def dbt_project_dir() -> Path:
    return _package_dir("juesuan.dbt_project", "dbt_project.yml")


def superset_export_dir() -> Path:
    """The Superset dashboard export (deploy/superset/export), installed as juesuan.dashboards."""
    return _package_dir("juesuan.dashboards", "export/metadata.yaml") / "export"
