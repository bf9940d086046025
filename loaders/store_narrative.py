"""Write a report's narrative facts into raw.narrative_facts, inside the caller's transaction. No parsing here."""
from __future__ import annotations

import psycopg

from loaders.report import NarrativeFact
from models import tables as t

COLUMNS = ("document_id", "fact_seq", "part", "section", "fact_type", "subject_key", "subject_code", "measure",
           "value", "unit", "text_value", "item_no", "raw_text", "sentence", "source_line", "source_page")
assert set(COLUMNS) <= {c.name for c in t.narrative_facts.columns}


def write_narrative_facts(conn: psycopg.Connection, document_id: int, facts: list[NarrativeFact]) -> None:
    if not facts:
        return
    with conn.cursor().copy(f"copy raw.narrative_facts ({', '.join(COLUMNS)}) from stdin") as copy:
        for seq, f in enumerate(facts, start=1):
            copy.write_row((document_id, seq, f.part, f.section, f.fact_type, f.subject_key, f.subject_code,
                            f.measure, f.value, f.unit, f.text_value, f.item_no, f.raw_text, f.sentence,
                            f.source_line, f.source_page))
