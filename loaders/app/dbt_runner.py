"""Build and test the dbt models (staging → marts) against a PostgreSQL URL, in-process.

The project (and its profiles.yml, which reads JUESUAN_DB_* from the environment)
ships with juesuan; dbt's target/ and logs/ go under JUESUAN_HOME/dbt because the
installed project folder may be read-only.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from juesuan.loaders.app.database import juesuan_home, libpq_url
from juesuan.loaders.app.resources import dbt_project_dir


@dataclass
class BuildResult:
    success: bool
    models_built: int = 0
    tests_passed: int = 0
    tests_failed: int = 0
    tests_warned: int = 0
    errors: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)   # model → seconds it took (benchmarks)


def connection_env(url: str) -> dict[str, str]:
    """The JUESUAN_DB_* variables profiles.yml reads, from a libpq URL."""
    parts = urlsplit(libpq_url(url))
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    user = unquote(parts.username or "") or query.get("user") or os.environ.get("USER", "postgres")
    return {
        "JUESUAN_DB_HOST": parts.hostname or query.get("host", "localhost"),
        "JUESUAN_DB_PORT": str(parts.port or query.get("port", 5432)),
        "JUESUAN_DB_USER": user,
        "JUESUAN_DB_PASSWORD": unquote(parts.password or "") or query.get("password", ""),
        "JUESUAN_DB_NAME": unquote(parts.path.lstrip("/")) or query.get("dbname") or user,
    }


def work_dir(url: str) -> Path:
    """dbt's target/ and logs/ for one database: each keeps its own partial-parse cache warm
    (dbt parses the whole project again whenever the connection it was parsed for changes)."""
    env = connection_env(url)
    key = re.sub(r"[^A-Za-z0-9_.-]", "_", f"{env['JUESUAN_DB_HOST']}_{env['JUESUAN_DB_PORT']}_{env['JUESUAN_DB_NAME']}")
    return juesuan_home() / "dbt" / key


def build(url: str, select: list[str] | None = None, indirect_selection: str | None = None) -> BuildResult:
    """Run ``dbt build`` (models and their tests) and summarise the outcome.

    ``select`` limits the build to some models (dbt's selection syntax) and the tests whose
    every parent is selected (``indirect_selection`` 'cautious', unless told otherwise).
    """
    from dbt.cli.main import dbtRunner

    project = str(dbt_project_dir())
    work = work_dir(url)
    work.mkdir(parents=True, exist_ok=True)
    args = [
        "build",
        "--project-dir", project,
        "--profiles-dir", project,
        "--target-path", str(work / "target"),
        "--log-path", str(work / "logs"),
        "--quiet",
        "--no-use-colors",
        "--no-send-anonymous-usage-stats",
        "--no-write-json",   # the outcome is read from the result object; a manifest.json costs a second
    ]
    if select:
        args += ["--select", *select, "--indirect-selection", indirect_selection or "cautious"]

    env = connection_env(url) | {"DO_NOT_TRACK": "1"}
    saved = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    try:
        outcome = dbtRunner().invoke(args)
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value

    result = BuildResult(success=outcome.success)
    if outcome.exception is not None:
        result.errors.append(f"dbt: {_one_line(str(outcome.exception))}")
    for node_result in getattr(outcome.result, "results", None) or []:
        node = node_result.node
        status = str(node_result.status)
        kind = str(node.resource_type)
        if kind == "model":
            result.seconds[node.name] = getattr(node_result, "execution_time", 0.0) or 0.0
        if kind == "model" and status == "success":
            result.models_built += 1
        elif kind == "test":
            if status == "pass":
                result.tests_passed += 1
            elif status == "warn":
                result.tests_warned += 1
            elif status in ("fail", "error"):
                result.tests_failed += 1
        if status in ("fail", "error"):
            result.errors.append(f"{node.name}: {_one_line(node_result.message or status)}")
    return result


def _one_line(message: str) -> str:
    return " ".join(message.split())


def docs(url: str, serve: bool = False, port: int = 8080) -> BuildResult:
    """``dbt docs generate`` into the database's work folder (target/index.html, catalog.json); with
    ``serve``, then ``dbt docs serve`` on the port until interrupted."""
    from dbt.cli.main import dbtRunner

    project = str(dbt_project_dir())
    work = work_dir(url)
    work.mkdir(parents=True, exist_ok=True)
    common = ["--project-dir", project, "--profiles-dir", project, "--target-path", str(work / "target")]
    env = connection_env(url) | {"DO_NOT_TRACK": "1"}
    saved = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    try:
        outcome = dbtRunner().invoke(["--log-path", str(work / "logs"), "--quiet", "--no-use-colors",
                                      "--no-send-anonymous-usage-stats", "docs", "generate", *common])
        result = BuildResult(success=outcome.success)
        if outcome.exception is not None:
            result.errors.append(f"dbt: {_one_line(str(outcome.exception))}")
        if outcome.success and serve:
            dbtRunner().invoke(["--log-path", str(work / "logs"), "--no-use-colors", "docs", "serve", *common,
                                "--port", str(port), "--no-browser"])
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return result
