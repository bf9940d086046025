"""Write a report's performance self-evaluations into the raw schema. No parsing here.

Called by ``store_report`` inside its transaction, after the document row exists:
either the whole report is stored, scorecards included, or nothing.
"""
from __future__ import annotations

import psycopg

from loaders.report import Provenance, Scorecard
from models import tables as t

SCORECARD_COLUMNS = ("document_id", "scorecard_seq", "scorecard_kind", "title", "project_name",
                     "competent_department", "implementing_unit", "evaluated_unit", "evaluation_text",
                     "evaluated_on", "money_unit", "is_template", "disclosure_note", "total_weight", "total_score",
                     "total_raw_text", "source_line", "source_page", "source_sheet")
PROVENANCE = ("raw_text", "source_line", "source_page", "source_sheet")
CHILDREN = {
    "scorecard_funding": ("row_seq", "funding_source", "line_label", "initial_budget", "full_year_budget",
                          "executed", "weight", "execution_rate", "score"),
    "scorecard_management_items": ("item_seq", "item_name", "description", "weight", "score", "problems"),
    "scorecard_goals": ("goal_seq", "goal_kind", "expected_text", "actual_text"),
    "scorecard_tasks": ("task_seq", "task_name", "content", "result"),
    "scorecard_indicators": ("indicator_seq", "level1", "level2", "level3", "target_text", "target_operator",
                             "target_value", "target_upper_value", "target_unit", "actual_text", "actual_operator",
                             "actual_value", "actual_unit", "weight", "score", "deviation", "deviation_text",
                             "deviation_reason"),
}
assert set(SCORECARD_COLUMNS) <= {c.name for c in t.scorecards.columns}
assert all({"scorecard_id", *columns, *PROVENANCE} == {c.name for c in t.metadata.tables[f"raw.{table}"].columns}
           for table, columns in CHILDREN.items())


def write_scorecards(conn: psycopg.Connection, document_id: int, scorecards: list[Scorecard]) -> int:
    """Insert the scorecards of one document and everything printed in them; return how many."""
    rows: dict[str, list[tuple]] = {table: [] for table in CHILDREN}
    for card in scorecards:
        scorecard_id = conn.execute(
            f"insert into raw.scorecards ({', '.join(SCORECARD_COLUMNS)})"
            f" values ({', '.join(['%s'] * len(SCORECARD_COLUMNS))}) returning scorecard_id",
            (document_id, card.scorecard_seq, card.kind, card.title, card.project_name, card.competent_department,
             card.implementing_unit, card.evaluated_unit, card.evaluation_text, card.evaluated_on, card.money_unit,
             card.is_template, card.disclosure_note, card.total_weight, card.total_score, card.total_raw_text,
             card.source_line, card.source_page, card.source_sheet)).fetchone()[0]
        rows["scorecard_funding"] += [
            (scorecard_id, f.row_seq, f.funding_source, f.line_label, f.initial_budget, f.full_year_budget,
             f.executed, f.weight, f.execution_rate, f.score, *_where(f.where)) for f in card.funding]
        rows["scorecard_management_items"] += [
            (scorecard_id, m.item_seq, m.item_name, m.description, m.weight, m.score, m.problems, *_where(m.where))
            for m in card.management]
        rows["scorecard_goals"] += [
            (scorecard_id, g.goal_seq, g.goal_kind, g.expected, g.actual, *_where(g.where)) for g in card.goals]
        rows["scorecard_tasks"] += [
            (scorecard_id, k.task_seq, k.task_name, k.content, k.result, *_where(k.where)) for k in card.tasks]
        rows["scorecard_indicators"] += [
            (scorecard_id, i.indicator_seq, i.level1, i.level2, i.level3, i.target_text, i.target_operator,
             i.target_value, i.target_upper, i.target_unit, i.actual_text, i.actual_operator, i.actual_value,
             i.actual_unit, i.weight, i.score, i.deviation, i.deviation_text, i.deviation_reason, *_where(i.where))
            for i in card.indicators]
    for table, columns in CHILDREN.items():
        if not rows[table]:
            continue
        with conn.cursor().copy(f"copy raw.{table} (scorecard_id, {', '.join(columns)}, {', '.join(PROVENANCE)})"
                                " from stdin") as copy:
            for row in rows[table]:
                copy.write_row(row)
    return len(scorecards)


def _where(where: Provenance) -> tuple:
    return where.raw_text, where.source_line, where.source_page, where.source_sheet
