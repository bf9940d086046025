"""A report's performance self-evaluations into the raw schema, by COPY. No parsing here.

Called by ``store_report`` inside its transaction, after the document row exists:
either the whole report is stored, scorecards included, or nothing. The keys of
the forms are drawn from their sequence first, so parents and children are
copied in one pass each.
"""
from __future__ import annotations

import psycopg

from juesuan.loaders.report import Scorecard
from juesuan.loaders.store.copy import copy_rows, next_ids, provenance
from juesuan.models import tables as t


def write_scorecards(conn: psycopg.Connection, document_id: int, scorecards: list[Scorecard]) -> int:
    """Insert the scorecards of one document and everything printed in them; return how many."""
    ids = next_ids(conn, t.scorecards, "scorecard_id", len(scorecards))
    cards, funding, management, goals, tasks, indicators = [], [], [], [], [], []
    for scorecard_id, card in zip(ids, scorecards):
        cards.append({
            "scorecard_id": scorecard_id, "document_id": document_id, "scorecard_seq": card.scorecard_seq,
            "scorecard_kind": card.kind, "title": card.title, "project_name": card.project_name,
            "competent_department": card.competent_department, "implementing_unit": card.implementing_unit,
            "evaluated_unit": card.evaluated_unit, "evaluation_text": card.evaluation_text,
            "evaluated_on": card.evaluated_on, "money_unit": card.money_unit, "is_template": card.is_template,
            "indicators_withheld": card.indicators_withheld,
            "disclosure_note": card.disclosure_note, "total_weight": card.total_weight,
            "total_score": card.total_score, "total_raw_text": card.total_raw_text,
            "source_line": card.where.line, "source_page": card.where.page, "source_sheet": card.where.sheet})
        key = {"scorecard_id": scorecard_id}
        funding += [{**key, "row_seq": f.row_seq, "funding_source": f.funding_source, "line_label": f.line_label,
                     "initial_budget": f.initial_budget, "full_year_budget": f.full_year_budget,
                     "executed": f.executed, "weight": f.weight, "execution_rate": f.execution_rate,
                     "score": f.score, **provenance(f.where)} for f in card.funding]
        management += [{**key, "item_seq": m.item_seq, "item_name": m.item_name, "description": m.description,
                        "weight": m.weight, "score": m.score, "problems": m.problems, **provenance(m.where)}
                       for m in card.management]
        goals += [{**key, "goal_seq": g.goal_seq, "goal_kind": g.goal_kind, "expected_text": g.expected,
                   "actual_text": g.actual, **provenance(g.where)} for g in card.goals]
        tasks += [{**key, "task_seq": k.task_seq, "task_name": k.task_name, "content": k.content,
                   "result": k.result, **provenance(k.where)} for k in card.tasks]
        indicators += [{**key, "indicator_seq": i.indicator_seq, "level1": i.level1, "level2": i.level2,
                        "level3": i.level3, "target_text": i.target_text, "target_operator": i.target_operator,
                        "target_value": i.target_value, "target_upper_value": i.target_upper,
                        "target_unit": i.target_unit, "actual_text": i.actual_text,
                        "actual_operator": i.actual_operator, "actual_value": i.actual_value,
                        "actual_unit": i.actual_unit, "weight": i.weight, "score": i.score,
                        "deviation": i.deviation, "deviation_text": i.deviation_text,
                        "deviation_reason": i.deviation_reason, **provenance(i.where)} for i in card.indicators]
    copy_rows(conn, t.scorecards, cards)
    for table, rows in ((t.scorecard_funding, funding), (t.scorecard_management_items, management),
                        (t.scorecard_goals, goals), (t.scorecard_tasks, tasks), (t.scorecard_indicators, indicators)):
        copy_rows(conn, table, rows)
    return len(scorecards)
