"""How long loading a real 24-page PDF report takes: parse (camelot + text layer + recognisers) and store.

    python benchmarks/bench_pdf_load.py [PDF] [--runs N]

Uses JUESUAN_DATABASE_URL when set (its raw schema is dropped and recreated for
each run), otherwise a throwaway embedded PostgreSQL. Prints the seconds of
each run, parse alone and parse + store, and the best and median of them; the
figure goes to docs/benchmarks.md. The target: a 25-page report under 10 s.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from juesuan.loaders.app.database import EmbeddedServer  # noqa: E402
from juesuan.loaders.app.load_job import load_files  # noqa: E402
from juesuan.loaders.app.migrate import upgrade  # noqa: E402
from juesuan.loaders.parse import parse_file  # noqa: E402

DEFAULT_PDF = ROOT / "tests" / "data" / "shanghai-putuo-social-work-dept-2024-final-accounts.pdf"


def fresh_schema(url: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        for schema in ("marts", "intermediate", "staging", "raw"):
            conn.execute(f"drop schema if exists {schema} cascade")
    upgrade(url)


def run(url: str, pdf: Path, runs: int) -> None:
    import pypdfium2 as pdfium

    pages = len(pdfium.PdfDocument(str(pdf)))
    print(f"{pdf.name}: {pages} pages, {os.cpu_count()} cores")
    parse_times, load_times = [], []
    for number in range(1, runs + 1):
        started = time.perf_counter()
        report = parse_file(pdf)
        parse_times.append(time.perf_counter() - started)
        fresh_schema(url)
        started = time.perf_counter()
        [outcome] = load_files(url, [pdf])
        load_times.append(time.perf_counter() - started)
        if outcome.status != "loaded":
            raise SystemExit(f"run {number}: {outcome.status}: {outcome.error}")
        print(f"run {number}: parse {parse_times[-1]:.2f} s, load (parse + store) {load_times[-1]:.2f} s,"
              f" {len(report.amounts)} amounts")
    print(f"parse: best {min(parse_times):.2f} s, median {statistics.median(parse_times):.2f} s")
    print(f"load:  best {min(load_times):.2f} s, median {statistics.median(load_times):.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdf", nargs="?", type=Path, default=DEFAULT_PDF)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    url = os.environ.get("JUESUAN_DATABASE_URL")
    if url:
        run(url, args.pdf, args.runs)
        return
    home = Path(tempfile.mkdtemp(prefix="juesuan-bench-"))
    server = EmbeddedServer(home)
    try:
        run(server.start(), args.pdf, args.runs)
    finally:
        server.stop()
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
