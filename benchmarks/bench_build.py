"""How long the dbt build (all marts, the reconciliation checks and every test) takes as reports pile up.

    python benchmarks/bench_build.py [--reports N ...]

Loads N copies of the sample report, each as a department of its own, into a
fresh database (JUESUAN_DATABASE_URL, or a throwaway embedded PostgreSQL), then
times one `dbt build` and prints the seconds, the slowest nodes and the
reconciliation status counts. The figures go to docs/benchmarks.md.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from juesuan.loaders.app.warehouse import status_counts  # noqa: E402
from juesuan.loaders.app.database import EmbeddedServer, juesuan_home  # noqa: E402
from juesuan.loaders.app.dbt_runner import build  # noqa: E402
from juesuan.loaders.app.load_job import load_files  # noqa: E402
from juesuan.loaders.app.migrate import upgrade  # noqa: E402

SAMPLE = ROOT / "examples" / "anyang-police-2023-final-accounts.txt"


def fresh(url: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        for schema in ("marts", "intermediate", "staging", "reference", "raw"):
            conn.execute(f"drop schema if exists {schema} cascade")
    upgrade(url)


def copies(n: int, folder: Path) -> list[Path]:
    text = SAMPLE.read_text(encoding="utf-8")
    paths = []
    for i in range(n):
        path = folder / f"copy-{i:03d}.txt"
        path.write_text(text.replace("安阳市公安局", f"基准测试部门{i:03d}"), encoding="utf-8")
        paths.append(path)
    return paths


def measure(url: str, n: int, folder: Path) -> None:
    fresh(url)
    started = time.perf_counter()
    outcomes = load_files(url, copies(n, folder))
    loaded = time.perf_counter() - started
    assert all(o.status == "loaded" for o in outcomes)
    started = time.perf_counter()
    result = build(url)
    built = time.perf_counter() - started
    results = json.loads((juesuan_home() / "dbt" / "target" / "run_results.json").read_text())
    slowest = sorted(results["results"], key=lambda r: -r["execution_time"])[:3]
    print(f"{n:4d} reports, {sum(o.amounts for o in outcomes):6d} amounts: load {loaded:6.1f} s, "
          f"dbt build {built:6.1f} s ({'ok' if result.success else 'FAILED'}, {result.models_built} models, "
          f"{result.tests_passed} tests)")
    print("      slowest: " + ", ".join(f"{r['unique_id'].split('.')[-1]} {r['execution_time']:.1f} s"
                                       for r in slowest))
    print(f"      checks: {status_counts(url)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, nargs="+", default=[1, 25, 100])
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="juesuan-bench-"))
    os.environ.setdefault("JUESUAN_HOME", str(work / "home"))
    server = None
    url = os.environ.get("JUESUAN_DATABASE_URL")
    if not url:
        server = EmbeddedServer(work / "pg")
        url = server.start()
    try:
        for n in args.reports:
            measure(url, n, work)
    finally:
        if server:
            server.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
