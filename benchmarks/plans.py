"""EXPLAIN every dbt model on a loaded warehouse and flag the plans that grow faster than the data.

    python -m benchmarks.plans [--url URL] [--big 20000] [--all]

Compiles the project (``dbt compile``), EXPLAINs each model's compiled SELECT
against the warehouse at URL (default: JUESUAN_DATABASE_URL, else the embedded
server) and flags every nested loop whose inner side scans a big relation
without an index: a sequential scan of a table of at least ``--big`` rows, or a
scan of a CTE or subquery that itself reads one (a CTE is materialised whole,
however few rows the planner expects of it). Such a loop reads the big
relation once per outer row, which a test at a small N never shows. Exits 1
when a plan is flagged, so it can guard a change.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

SCANS = {"Seq Scan", "CTE Scan", "Subquery Scan", "Function Scan", "WorkTable Scan", "Values Scan"}
PASS_THROUGH = {"Materialize", "Memoize", "Sort", "Hash", "Gather", "Result", "Unique", "Aggregate",
                "Subquery Scan", "Append", "Limit", "WindowAgg", "Incremental Sort"}


def compile_project(url: str) -> Path:
    """``dbt compile`` into the warehouse's dbt work folder; returns the folder of compiled models."""
    from dbt.cli.main import dbtRunner

    from juesuan.loaders.app.dbt_runner import connection_env, work_dir
    from juesuan.loaders.app.resources import dbt_project_dir

    project, work = str(dbt_project_dir()), work_dir(url)
    env = connection_env(url) | {"DO_NOT_TRACK": "1"}
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        outcome = dbtRunner().invoke(["compile", "--project-dir", project, "--profiles-dir", project,
                                      "--target-path", str(work / "target"), "--log-path", str(work / "logs"),
                                      "--quiet", "--no-use-colors", "--select", "resource_type:model"])
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    if not outcome.success:
        raise SystemExit(f"dbt compile failed: {outcome.exception}")
    return work / "target" / "compiled" / "juesuan" / "models"


def big_relations(conn, threshold: int) -> set[str]:
    rows = conn.execute("select n.nspname || '.' || c.relname from pg_class c join pg_namespace n"
                        " on n.oid = c.relnamespace where c.relkind in ('r', 'm', 'p') and c.reltuples >= %s",
                        (threshold,)).fetchall()
    return {r[0] for r in rows}


INDEX_SCANS = {"Index Scan", "Index Only Scan", "Bitmap Heap Scan"}


def reads_big(node: dict, big: set[str], ctes: dict[str, dict], in_cte: bool = False) -> str | None:
    """The big relation a subtree reads in full (not through an index), or None.

    A CTE is materialised whole whatever its estimate (the quadratic plans had CTEs of big
    relations estimated at 1 row), so inside one any scan of a big relation counts.
    """
    kind = node.get("Node Type")
    relation = f"{node.get('Schema')}.{node.get('Relation Name')}"
    if relation in big and (kind == "Seq Scan" or (in_cte and kind in INDEX_SCANS)):
        return relation
    if kind == "CTE Scan" and node.get("CTE Name") in ctes:
        inner = reads_big(ctes[node["CTE Name"]], big, ctes, True)
        return f"CTE {node['CTE Name']} (reads {inner})" if inner else None
    if kind in SCANS or kind in PASS_THROUGH or kind in ("Hash Join", "Merge Join", "Nested Loop") or in_cte:
        for child in node.get("Plans", []):
            if child.get("Parent Relationship") in ("InitPlan", "SubPlan"):
                continue
            found = reads_big(child, big, ctes, in_cte)
            if found:
                return found
    return None


def collect_ctes(node: dict, ctes: dict[str, dict]) -> None:
    for child in node.get("Plans", []):
        if child.get("Parent Relationship") == "InitPlan" and child.get("Subplan Name", "").startswith("CTE "):
            ctes[child["Subplan Name"][4:]] = child
        collect_ctes(child, ctes)


def flagged_loops(plan: dict, big: set[str]) -> list[str]:
    ctes: dict[str, dict] = {}
    collect_ctes(plan, ctes)
    found: list[str] = []

    def walk(node: dict) -> None:
        if node.get("Node Type") == "Nested Loop":
            children = [c for c in node.get("Plans", []) if c.get("Parent Relationship") in ("Outer", "Inner")]
            if len(children) == 2:
                inner = reads_big(children[1], big, ctes)
                if inner:
                    found.append(f"nested loop ({node.get('Join Type')} join, outer ~{children[0].get('Plan Rows')} "
                                 f"rows) rescans {inner}")
        for child in node.get("Plans", []):
            walk(child)

    walk(plan)
    return found


def explain_all(url: str, threshold: int) -> dict[str, list[str]]:
    import psycopg

    compiled = compile_project(url)
    results: dict[str, list[str]] = {}
    with psycopg.connect(url, autocommit=True) as conn:
        big = big_relations(conn, threshold)
        for path in sorted(compiled.rglob("*.sql")):
            if any(part.endswith(".yml") for part in path.relative_to(compiled).parts):
                continue   # a schema test, not a model
            sql = path.read_text(encoding="utf-8")
            try:
                plan = conn.execute("explain (format json, verbose) " + sql).fetchone()[0][0]["Plan"]
            except psycopg.Error as err:
                results[path.stem] = [f"cannot explain: {str(err).splitlines()[0]}"]
                continue
            results[path.stem] = flagged_loops(plan, big)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.plans", description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="the warehouse (default: JUESUAN_DATABASE_URL or the embedded server)")
    parser.add_argument("--big", type=int, default=20000, help="rows from which a relation counts as big")
    parser.add_argument("--all", action="store_true", help="list every model, flagged or not")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.url:
        url = args.url
    else:
        from juesuan.loaders.app.database import resolve_url
        url = resolve_url()
    results = explain_all(url, args.big)
    flagged = {m: f for m, f in results.items() if f}
    if args.json:
        print(json.dumps(results if args.all else flagged, ensure_ascii=False, indent=2))
    else:
        for model, findings in sorted(results.items()):
            if findings or args.all:
                print(f"{model}: " + ("; ".join(findings) if findings else "ok"))
        print(f"{len(results)} models explained, {len(flagged)} with a nested loop over a big relation")
    sys.exit(1 if flagged else 0)


if __name__ == "__main__":
    main()
