"""The team deployment (docker-compose.yml) is closed by default: ports on loopback, no placeholder secrets,
the superuser's URL only in the one-shot migrate service. Read from the files themselves; the secret check
is the shell script the check-env service runs, run here with sh."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
SECRETS = ("POSTGRES_PASSWORD", "LOADER_PASSWORD", "ANALYST_PASSWORD", "MB_ADMIN_PASSWORD", "SUPERSET_ADMIN_PASSWORD",
           "SUPERSET_SECRET_KEY")


def example_env() -> dict[str, str]:
    pairs = (line.split("=", 1) for line in (ROOT / ".env.example").read_text().splitlines()
             if line.strip() and not line.startswith("#"))
    return {key.strip(): value.strip() for key, value in pairs}


def check_env(values: dict[str, str]) -> subprocess.CompletedProcess:
    sh = shutil.which("sh")
    return subprocess.run([sh, str(ROOT / "deploy" / "check-env.sh")], env={"PATH": "/usr/bin:/bin", **values},
                          capture_output=True, text=True, timeout=30)


def test_every_published_port_listens_on_loopback_by_default():
    published = [(name, port) for name, service in SERVICES.items() for port in service.get("ports", [])]
    assert {name for name, _ in published} == {"db", "metabase", "superset", "citus-coordinator"}
    for name, port in published:
        assert port.startswith(("127.0.0.1:", "${BIND_ADDRESS:-127.0.0.1}:")), (name, port)


def test_the_example_placeholders_are_refused_and_real_secrets_pass():
    example = example_env()
    assert set(SECRETS) <= set(example)
    refused = check_env(example)
    assert refused.returncode == 1
    for name in SECRETS:
        assert f"{name} is still the placeholder of .env.example" in refused.stderr
    unset = check_env({})
    assert unset.returncode == 1 and all(f"{name} is not set" in unset.stderr for name in SECRETS)
    short = check_env({name: "short-1" for name in SECRETS})
    assert short.returncode == 1 and "shorter than 12 characters" in short.stderr
    good = check_env({name: f"{name.lower()}-Xq7vPz2kLm" for name in SECRETS})
    assert good.returncode == 0, good.stderr


def _needs(name: str) -> set[str]:
    depends = SERVICES[name].get("depends_on", {})
    direct = set(depends) if isinstance(depends, (dict, list)) else set()
    return direct.union(*(_needs(d) for d in direct)) if direct else set()


@pytest.mark.parametrize("service", sorted(set(SERVICES) - {"check-env"}))
def test_no_service_starts_before_the_secrets_are_checked(service):
    assert "check-env" in _needs(service)


def test_only_the_one_shot_migrate_service_holds_the_superuser_url():
    holders = {name for name, service in SERVICES.items()
               for key, value in (service.get("environment") or {}).items()
               if "postgres:${POSTGRES_PASSWORD" in str(value) or key == "POSTGRES_PASSWORD"}
    # the citus profile's servers are database servers of their own (their superuser is theirs)
    assert holders == {"check-env", "db", "migrate", "citus-coordinator", "citus-worker-1", "citus-worker-2"}
    assert SERVICES["migrate"]["restart"] == "no" and SERVICES["check-env"]["restart"] == "no"
    loader = SERVICES["loader"]["environment"]
    assert loader["JUESUAN_DATABASE_URL"].startswith("postgresql://juesuan_nightly:${LOADER_PASSWORD}@")
    assert not {"JUESUAN_ADMIN_URL", "ANALYST_PASSWORD", "LOADER_PASSWORD"} & set(loader)
    assert SERVICES["loader"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert "JUESUAN_ADMIN_URL" not in (ROOT / "deploy" / "nightly-loop.sh").read_text()
