"""raw.narrative_facts rows of a report's narrative facts. No parsing here."""
from __future__ import annotations

from juesuan.loaders.report import NarrativeFact


def narrative_rows(document_id: int, facts: list[NarrativeFact]) -> list[dict]:
    return [{"document_id": document_id, "fact_seq": seq, "part": f.part, "section": f.section,
             "fact_type": f.fact_type, "subject_key": f.subject_key, "subject_code": f.subject_code,
             "measure": f.measure, "value": f.value, "unit": f.unit, "text_value": f.text_value,
             "item_no": f.item_no, "raw_text": f.where.raw_text, "sentence": f.sentence,
             "source_line": f.where.line, "source_page": f.where.page}
            for seq, f in enumerate(facts, start=1)]
