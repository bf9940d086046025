"""Where the migrations and the dbt project live, in a checkout or an installed wheel."""
from __future__ import annotations

import importlib.util
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parent.parent


def _locate(checkout_name: str, package: str, marker: str) -> Path:
    candidate = _CHECKOUT / checkout_name
    if (candidate / marker).exists():
        return candidate
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(f"cannot find {checkout_name}/ (package {package}); is juesuan installed?")
    return Path(list(spec.submodule_search_locations)[0])


def migrations_dir() -> Path:
    return _locate("alembic", "juesuan_migrations", "env.py")


def dbt_project_dir() -> Path:
    return _locate("dbt_project", "juesuan_dbt", "dbt_project.yml")


def sample_report() -> Path:
    return _CHECKOUT / "examples" / "anyang-police-2023-final-accounts.txt"
