"""benchmarks/plans.py reads an EXPLAIN plan and flags nested loops that rescan a big relation
(the shapes of the quadratic plans issue 15 removed), and nothing else."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.plans import flagged_loops  # noqa: E402

BIG = {"intermediate.int_checks__facts", "raw.amounts"}


def scan(kind, relation=None, schema="intermediate", role="Outer", **extra):
    node = {"Node Type": kind, "Parent Relationship": role, "Plan Rows": 1, **extra}
    if relation:
        node |= {"Relation Name": relation, "Schema": schema}
    return node


def loop(outer, inner, *init):
    return {"Node Type": "Nested Loop", "Join Type": "Inner", "Plans": [*init, outer, inner]}


def cte(name, *plans):
    return {"Node Type": "Aggregate", "Parent Relationship": "InitPlan", "Subplan Name": f"CTE {name}",
            "Plans": list(plans)}


def test_a_loop_rescanning_a_cte_of_a_big_table_is_flagged_however_small_its_estimate():
    # int_checks__class_pairs before: the CTE `sides` (estimated 1 row) scanned again inside the loop
    plan = loop(scan("CTE Scan", **{"CTE Name": "sides"}),
                {"Node Type": "Aggregate", "Parent Relationship": "Inner",
                 "Plans": [scan("CTE Scan", **{"CTE Name": "sides"})]},
                cte("sides", scan("Seq Scan", "int_checks__facts")))
    assert flagged_loops(plan, BIG) == [
        "nested loop (Inner join, outer ~1 rows) rescans CTE sides (reads intermediate.int_checks__facts)"]


def test_a_cte_reading_a_big_table_through_an_index_counts_too():
    # execution_rate_by_subject before: the CTE of raw.amounts was read by a bitmap scan
    plan = loop(scan("Seq Scan", "documents", "raw"), scan("CTE Scan", role="Inner", **{"CTE Name": "spending"}),
                cte("spending", scan("Bitmap Heap Scan", "amounts", "raw")))
    assert len(flagged_loops(plan, BIG)) == 1


def test_index_lookups_small_tables_and_hash_joins_are_not_flagged():
    by_index = loop(scan("Seq Scan", "documents", "raw"), scan("Index Scan", "amounts", "raw", role="Inner"))
    small = loop(scan("Seq Scan", "int_checks__facts"), scan("Seq Scan", "reconciliation_rules", "reference",
                                                              role="Inner"))
    hashed = {"Node Type": "Hash Join", "Plans": [scan("Seq Scan", "int_checks__facts"),
                                                  scan("Seq Scan", "amounts", "raw", role="Inner")]}
    assert flagged_loops(by_index, BIG) == flagged_loops(small, BIG) == flagged_loops(hashed, BIG) == []


def test_a_loop_over_a_full_scan_of_a_big_table_is_flagged():
    plan = loop(scan("Seq Scan", "documents", "raw"),
                {"Node Type": "Materialize", "Parent Relationship": "Inner",
                 "Plans": [scan("Seq Scan", "amounts", "raw")]})
    assert flagged_loops(plan, BIG) == ["nested loop (Inner join, outer ~1 rows) rescans raw.amounts"]
