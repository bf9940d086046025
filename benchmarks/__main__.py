"""The benchmark: load, build and query the synthetic corpus at each size, beside the floors, in one run.

    python -m benchmarks [--sizes 100,1000,10000] [--no-docs] [--json FILE]

Against a throwaway embedded PostgreSQL (in a temporary folder, stopped at the end):
the corpus of benchmarks/corpus.py (distinct departments, years chaining), then

- parse CPU per report (in this process, one file after another);
- the writer against its floors, on the same parsed reports: store_report, a bare
  psycopg COPY of the very rows it wrote, pandas ``to_sql`` of them; ms per report
  and the ratios;
- at every size N: the end-to-end load (the one load job, parallel parse) in
  reports/s and raw rows/s beside a read-and-tab-split of the same files; the full
  ``dbt build`` (models and tests) and each model's seconds, flagged when it grows
  faster than N between two sizes; the build again after one new report; p50/p95
  of the dashboard queries alone and with 20 concurrent sessions;
- peak memory (RSS) of this process and its children (the parse workers), per phase;
- the load average beside every figure (the machine is shared: read figures with it).

Prints the figures as JSON and rewrites the generated section of docs/benchmarks.md.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "benchmarks.md"
BEGIN, END = "<!-- benchmark:begin (written by python -m benchmarks) -->", "<!-- benchmark:end -->"

# the dashboard queries: the README's examples, one department's facts and findings, sums by year and 类
QUERIES = {
    "readme_subject_by_year": """select measure, amount from marts.fct_final_accounts
        where subject_code = '2040201' and table_code = '03' and fiscal_year = %(year)s""",
    "readme_projects_deviated": """select p.project_name, p.execution_rate, p.total_score, i.level3, i.deviation,
        i.deviation_reason from marts.fct_project_scorecard p
        left join marts.fct_scorecard_indicator i on i.scorecard_id = p.scorecard_id and i.is_deviated
        where p.execution_rate < 60 and p.total_score >= 90
        order by p.department_name, p.fiscal_year, p.scorecard_seq, i.indicator_seq""",
    "readme_yoy": """select amount, prior_year_amount, change_amount, change_pct, source
        from marts.yoy_department_totals
        where department_name = %(name)s and fiscal_year = %(year)s and measure = '支出总计'""",
    "readme_execution_rate": """select subject_name, initial_budget, final_amount, variance_amount, completion_rate,
        reason from marts.execution_rate_by_subject
        where department_name = %(name)s and fiscal_year = %(year)s and line_kind = '科目'
        order by abs(variance_amount) desc""",
    "readme_three_public": """select category, budget, actual, execution_rate, basic_expenditure_amount
        from marts.three_public_expenses
        where department_name = %(name)s and fiscal_year = %(year)s order by category_order""",
    "readme_mismatches": """select department_name, fiscal_year, rule_id, item_key, left_value, right_value,
        difference, rule_description, caveat from marts.consistency_checks where status = 'mismatch'
        order by abs(difference) desc""",
    "department_facts": """select * from marts.fct_final_accounts
        where department_id = %(id)s and fiscal_year = %(year)s""",
    "department_findings": """select rule_id, item_key, left_value, right_value, difference, status
        from marts.consistency_checks where department_id = %(id)s and status in ('mismatch', 'rounding')""",
    "sums_by_year_and_class": """select fiscal_year, subject_code, sum(amount) from marts.fct_final_accounts
        where table_code = '03' and measure = '本年支出合计' and length(subject_code) = 3
        group by fiscal_year, subject_code order by fiscal_year, subject_code""",
}
CONCURRENT_SESSIONS = 20


def load_average() -> float:
    return round(os.getloadavg()[0], 2)


# -- memory of the process tree ----------------------------------------------------------------------

class MemoryMonitor(threading.Thread):
    """Samples the resident memory of this process and its descendants (Linux /proc) every 0.2 s."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak = 0
        self._halt = threading.Event()
        self._page = os.sysconf("SC_PAGE_SIZE")

    def tree_rss(self) -> int:
        parents: dict[int, int] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/stat", "rb") as f:
                        fields = f.read().rsplit(b")", 1)[1].split()
                    parents[int(entry)] = int(fields[1])
                except (OSError, IndexError, ValueError):
                    pass
        tree, frontier = {os.getpid()}, [os.getpid()]
        while frontier:
            pid = frontier.pop()
            for child, parent in parents.items():
                if parent == pid and child not in tree:
                    tree.add(child)
                    frontier.append(child)
        total = 0
        for pid in tree:
            try:
                with open(f"/proc/{pid}/statm", "rb") as f:
                    total += int(f.read().split()[1]) * self._page
            except (OSError, IndexError, ValueError):
                pass
        return total

    def run(self) -> None:
        while not self._halt.wait(0.2):
            self.peak = max(self.peak, self.tree_rss())

    def phase_peak(self) -> int:
        """The peak since the last call, in MiB; starts the next phase."""
        peak, self.peak = max(self.peak, self.tree_rss()), 0
        return round(peak / 2**20)

    def stop(self) -> None:
        self._halt.set()


# -- pieces ----------------------------------------------------------------------------------------------

def fresh_database(url: str, name: str) -> str:
    import psycopg

    from juesuan.loaders.app.migrate import upgrade

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'drop database if exists "{name}" with (force)')
        conn.execute(f'create database "{name}"')
    db = url.rsplit("/", 1)[0] + "/" + name
    upgrade(db)
    return db


def raw_rows(url: str) -> dict[str, int]:
    import psycopg

    with psycopg.connect(url) as conn:
        tables = [r[0] for r in conn.execute(
            "select table_name from information_schema.tables where table_schema = 'raw'"
            " and table_type = 'BASE TABLE' and table_name not in ('alembic_version', 'load_runs', 'load_run_files')"
            " order by 1").fetchall()]
        counts = {t: conn.execute(f'select count(*) from raw."{t}"').fetchone()[0] for t in tables}
    return {t: n for t, n in counts.items() if n}


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def parse_cpu(paths: list[Path]) -> dict:
    """CPU per report of parse_file, one after another in this process (after one warm-up file)."""
    from juesuan.loaders.parse import parse_file

    parse_file(paths[0])
    cpu = []
    reports = []
    for path in paths:
        clock = time.process_time()
        reports.append(parse_file(path))
        cpu.append(time.process_time() - clock)
    return {"reports": len(paths), "cpu_ms_per_report_median": ms(statistics.median(cpu)),
            "cpu_ms_per_report_mean": ms(statistics.mean(cpu)), "load_average": load_average()}, reports


def writer_and_floors(url: str, reports: list) -> dict:
    """store_report against a bare COPY and pandas to_sql of the very rows it wrote (ms per report)."""
    import pandas as pd
    import psycopg
    from psycopg import sql
    from sqlalchemy import create_engine

    from juesuan.loaders.app.database import sqlalchemy_url
    from juesuan.loaders.store import store_report

    db = fresh_database(url, "bench_writer")
    with psycopg.connect(db, autocommit=True) as conn:
        wall, cpu = time.perf_counter(), time.process_time()
        for report in reports:
            store_report(conn, report)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    rows = raw_rows(db)
    with psycopg.connect(db, autocommit=True) as conn:
        conn.execute("create schema floor_copy")
        conn.execute("create schema floor_pandas")
        data, columns = {}, {}
        for table in rows:
            cur = conn.execute(f'select * from raw."{table}"')
            data[table], columns[table] = cur.fetchall(), [d.name for d in cur.description]
            conn.execute(f'create table floor_copy."{table}" (like raw."{table}")')
        copy_wall, copy_cpu = time.perf_counter(), time.process_time()
        for table, values in data.items():
            statement = sql.SQL("copy {} ({}) from stdin").format(
                sql.Identifier("floor_copy", table), sql.SQL(", ").join(map(sql.Identifier, columns[table])))
            with conn.cursor() as cur, cur.copy(statement) as copy:
                for row in values:
                    copy.write_row(row)
        copy_wall, copy_cpu = time.perf_counter() - copy_wall, time.process_time() - copy_cpu
    frames = {t: pd.DataFrame(v, columns=columns[t]) for t, v in data.items()}
    engine = create_engine(sqlalchemy_url(db))
    pandas_wall, pandas_cpu = time.perf_counter(), time.process_time()
    with engine.begin() as conn:
        for table, frame in frames.items():
            frame.to_sql(table, conn, schema="floor_pandas", index=False)   # tables as pandas makes them
    pandas_wall, pandas_cpu = time.perf_counter() - pandas_wall, time.process_time() - pandas_cpu
    engine.dispose()
    n = len(reports)
    return {
        "reports": n, "rows": sum(rows.values()), "rows_per_report": round(sum(rows.values()) / n),
        "writer_ms_per_report": ms(wall / n), "writer_cpu_ms_per_report": ms(cpu / n),
        "copy_ms_per_report": ms(copy_wall / n), "copy_cpu_ms_per_report": ms(copy_cpu / n),
        "to_sql_ms_per_report": ms(pandas_wall / n), "to_sql_cpu_ms_per_report": ms(pandas_cpu / n),
        "writer_over_copy": round(wall / copy_wall, 1), "to_sql_over_copy": round(pandas_wall / copy_wall, 1),
        "load_average": load_average(),
    }


def read_and_split(paths: list[Path]) -> float:
    clock = time.perf_counter()
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            line.split("\t")
    return time.perf_counter() - clock


def query_params(url: str) -> list[dict]:
    import psycopg

    with psycopg.connect(url) as conn:
        return [{"id": r[0], "name": r[1], "year": r[2]} for r in conn.execute(
            "select department_id, department_name, fiscal_year from marts.report_versions where is_current"
            " order by 1, 3").fetchall()]


def run_queries(url: str, params: list[dict], rounds: int, seed: int) -> dict[str, list[float]]:
    import psycopg

    rng = random.Random(seed)
    times: dict[str, list[float]] = {name: [] for name in QUERIES}
    with psycopg.connect(url, autocommit=True) as conn:
        for _ in range(rounds):
            names = list(QUERIES)
            rng.shuffle(names)
            for name in names:
                clock = time.perf_counter()
                conn.execute(QUERIES[name], rng.choice(params)).fetchall()
                times[name].append(time.perf_counter() - clock)
    return times


def dashboard(url: str) -> dict:
    params = query_params(url)
    run_queries(url, params, 1, 0)   # warm the cache once
    alone = run_queries(url, params, 10, 1)
    results: list[dict[str, list[float]]] = [None] * CONCURRENT_SESSIONS
    def session(i: int) -> None:
        results[i] = run_queries(url, params, 3, 100 + i)
    threads = [threading.Thread(target=session, args=(i,)) for i in range(CONCURRENT_SESSIONS)]
    clock = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    concurrent_wall = time.perf_counter() - clock
    together = {name: [t for r in results for t in r[name]] for name in QUERIES}
    def summary(times: dict[str, list[float]]) -> dict:
        every = [t for v in times.values() for t in v]
        return {"p50_ms": ms(percentile(every, 50)), "p95_ms": ms(percentile(every, 95)),
                "queries": {name: {"p50_ms": ms(percentile(v, 50)), "p95_ms": ms(percentile(v, 95))}
                            for name, v in times.items()}}
    return {"alone": summary(alone), f"concurrent_{CONCURRENT_SESSIONS}": summary(together)
            | {"wall_s": round(concurrent_wall, 1)}, "load_average": load_average()}


def one_size(url: str, paths: list[Path], new_report: Path, memory: MemoryMonitor) -> dict:
    from juesuan.loaders.app.dbt_runner import build
    from juesuan.loaders.app.load_job import load_files

    n = len(paths)
    db = fresh_database(url, f"bench_{n}")
    out: dict = {"reports": n}
    memory.phase_peak()
    clock = time.perf_counter()
    outcomes = load_files(db, paths)
    load_s = time.perf_counter() - clock
    failed = [o for o in outcomes if o.status != "loaded"]
    rows = raw_rows(db)
    split_s = read_and_split(paths)
    out["load"] = {"seconds": round(load_s, 1), "reports_per_s": round(n / load_s, 2),
                   "raw_rows": sum(rows.values()), "rows_per_s": round(sum(rows.values()) / load_s),
                   "amounts": rows.get("amounts", 0), "failed": len(failed),
                   "read_and_split_s": round(split_s, 2), "load_over_read_and_split": round(load_s / split_s),
                   "peak_memory_mib": memory.phase_peak(), "load_average": load_average()}
    clock = time.perf_counter()
    result = build(db)
    build_s = time.perf_counter() - clock
    out["build"] = {"seconds": round(build_s, 1), "success": result.success, "models": result.models_built,
                    "tests": result.tests_passed + result.tests_failed + result.tests_warned,
                    "tests_failed": result.tests_failed, "errors": result.errors[:5],
                    "model_seconds": {k: round(v, 2) for k, v in sorted(result.seconds.items(),
                                                                           key=lambda kv: -kv[1])},
                    "peak_memory_mib": memory.phase_peak(), "load_average": load_average()}
    clock = time.perf_counter()
    load_files(db, [new_report])
    loaded_s = time.perf_counter() - clock
    clock = time.perf_counter()
    after = build(db)
    out["build_after_one_new_report"] = {"load_s": round(loaded_s, 2), "build_s": round(time.perf_counter() - clock, 1),
                                         "success": after.success, "load_average": load_average()}
    out["queries"] = dashboard(db)
    out["queries"]["peak_memory_mib"] = memory.phase_peak()
    return out


def growth_flags(sizes: dict) -> list[dict]:
    """Models whose time grows faster than N between consecutive sizes (ignoring those under 2 s)."""
    flags = []
    ns = sorted(sizes, key=int)
    for small, large in zip(ns, ns[1:]):
        a, b = sizes[small]["build"]["model_seconds"], sizes[large]["build"]["model_seconds"]
        for model, seconds in b.items():
            before = a.get(model)
            if before and seconds >= 2:
                growth = (seconds / before) / (int(large) / int(small))
                if growth > 1.5:
                    flags.append({"model": model, "from_n": small, "to_n": large, "seconds": [before, seconds],
                                  "growth_over_linear": round(growth, 1)})
    return flags


# -- the report -----------------------------------------------------------------------------------------

def markdown(figures: dict) -> str:
    p, w = figures["parse"], figures["writer"]
    lines = [BEGIN, "", f"Measured {figures['started']} by `python -m benchmarks --sizes "
             f"{','.join(map(str, figures['sizes']))}` ({figures['machine']['cores']} cores, "
             f"{figures['machine']['memory_gib']} GiB, load average {figures['load_average_start']} at the start; "
             "the machine is shared, so each figure carries the load average it was measured under).", "",
             f"- parse: **{p['cpu_ms_per_report_median']} ms CPU per text report** (median of {p['reports']}; "
             f"mean {p['cpu_ms_per_report_mean']} ms; load {p['load_average']})",
             f"- writer ({w['rows_per_report']} raw rows per report): store_report {w['writer_ms_per_report']} ms "
             f"per report ({w['writer_cpu_ms_per_report']} ms CPU in Python); bare psycopg COPY of the same rows "
             f"{w['copy_ms_per_report']} ms; pandas to_sql {w['to_sql_ms_per_report']} ms: the writer is "
             f"**{w['writer_over_copy']}× COPY**, to_sql {w['to_sql_over_copy']}× COPY (load {w['load_average']})", "",
             "| reports | load | reports/s | rows/s | × read-and-split | load peak memory | dbt build | "
             "build after one new report | query p50/p95 alone | p95 with 20 sessions |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for n, s in figures["sizes"].items():
        ld, b, a, q = s["load"], s["build"], s["build_after_one_new_report"], s["queries"]
        lines.append(
            f"| {int(n):,} | {ld['seconds']} s (load avg {ld['load_average']}) | {ld['reports_per_s']} | "
            f"{ld['rows_per_s']:,} | {ld['load_over_read_and_split']}× | {ld['peak_memory_mib']} MiB | "
            f"{b['seconds']} s, {b['models']} models, {b['tests']} tests (load avg {b['load_average']}) | "
            f"{a['build_s']} s | {q['alone']['p50_ms']} / {q['alone']['p95_ms']} ms | "
            f"{q['concurrent_20']['p95_ms']} ms (load avg {q['load_average']}) |")
    lines += ["", "Slowest models (seconds) at each size:", "",
              "| model | " + " | ".join(f"{int(n):,}" for n in figures["sizes"]) + " |",
              "|---|" + "---|" * len(figures["sizes"])]
    last = list(figures["sizes"].values())[-1]["build"]["model_seconds"]
    for model in list(last)[:12]:
        lines.append(f"| {model} | " + " | ".join(
            str(s["build"]["model_seconds"].get(model, "")) for s in figures["sizes"].values()) + " |")
    lines += ["", "Dashboard queries, p50 / p95 ms (alone; with 20 concurrent sessions) at the largest size:", "",
              "| query | alone | 20 sessions |", "|---|---|---|"]
    q = list(figures["sizes"].values())[-1]["queries"]
    for name in QUERIES:
        a, c = q["alone"]["queries"][name], q["concurrent_20"]["queries"][name]
        lines.append(f"| {name} | {a['p50_ms']} / {a['p95_ms']} | {c['p50_ms']} / {c['p95_ms']} |")
    flags = figures["growth_flags"]
    lines += ["", "Models growing faster than N: " + (", ".join(
        f"{f['model']} ({f['from_n']}→{f['to_n']}: {f['seconds'][0]} → {f['seconds'][1]} s, "
        f"{f['growth_over_linear']}× linear)" for f in flags) if flags else "none") + ".", "", END]
    return "\n".join(lines)


def write_docs(text: str) -> None:
    current = DOCS.read_text(encoding="utf-8")
    if BEGIN in current and END in current:
        head, rest = current.split(BEGIN, 1)
        current = head + text + rest.split(END, 1)[1]
    else:
        current = current.replace("\n## Loading a real", "\n## The benchmark at scale\n\n" + text
                                  + "\n\n## Loading a real", 1)
    DOCS.write_text(current, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000", help="corpus sizes, comma-separated (default 100,1000)")
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--parse-sample", type=int, default=30, help="reports parsed for the CPU figure")
    parser.add_argument("--writer-sample", type=int, default=50, help="reports stored for the writer's floors")
    parser.add_argument("--no-docs", action="store_true", help="do not rewrite docs/benchmarks.md")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))

    from juesuan.loaders.app.database import EmbeddedServer

    from benchmarks.corpus import write_corpus

    work = Path(tempfile.mkdtemp(prefix="juesuan-bench-"))
    os.environ["JUESUAN_HOME"] = str(work / "home")
    memory = MemoryMonitor()
    memory.start()
    server = EmbeddedServer(work / "pg")
    figures: dict = {"started": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                     "machine": {"cores": os.cpu_count(),
                                 "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30)},
                     "load_average_start": load_average()}
    try:
        url = server.start()
        clock = time.perf_counter()
        paths = write_corpus(work / "corpus", max(sizes) + 1, seed=args.seed)
        figures["corpus"] = {"reports": len(paths), "seconds": round(time.perf_counter() - clock, 1)}
        print(f"corpus: {len(paths)} reports in {figures['corpus']['seconds']} s", file=sys.stderr)
        figures["parse"], reports = parse_cpu(paths[:args.parse_sample])
        print(f"parse: {figures['parse']}", file=sys.stderr)
        figures["writer"] = writer_and_floors(url, reports[:args.writer_sample])
        print(f"writer: {figures['writer']}", file=sys.stderr)
        del reports
        figures["sizes"] = {}
        for n in sizes:
            figures["sizes"][n] = one_size(url, paths[:n], paths[max(sizes)], memory)
            print(f"{n}: " + json.dumps({k: v for k, v in figures["sizes"][n].items() if k != "queries"},
                                        ensure_ascii=False)[:1500], file=sys.stderr)
        figures["growth_flags"] = growth_flags(figures["sizes"])
        figures["peak_memory_mib"] = memory.phase_peak()
        figures["load_average_end"] = load_average()
    finally:
        memory.stop()
        server.stop()
        shutil.rmtree(work, ignore_errors=True)
    text = json.dumps(figures, ensure_ascii=False, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text, encoding="utf-8")
    if not args.no_docs:
        write_docs(markdown(figures))


if __name__ == "__main__":
    main()
