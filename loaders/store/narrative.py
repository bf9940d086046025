"""raw.narrative_facts and raw.narrative_texts rows of a report's narrative. No parsing here."""
from __future__ import annotations

from juesuan.loaders.report import NarrativeFact, NarrativeText


def narrative_text_rows(document_id: int, texts: list[NarrativeText]) -> list[dict]:
    return [{"document_id": document_id, "kind": t.kind, "text_seq": t.seq, "label": t.label, "term": t.term,
             "text": t.text, "source_line": t.where.line, "source_page": t.where.page,
             "source_sheet": t.where.sheet} for t in texts]


def narrative_rows(document_id: int, facts: list[NarrativeFact]) -> list[dict]:
    return [{"document_id": document_id, "fact_seq": seq, "part": f.part, "section": f.section,
             "fact_type": f.fact_type, "subject_key": f.subject_key, "subject_code": f.subject_code,
             "measure": f.measure, "value": f.value, "unit": f.unit, "text_value": f.text_value,
             "item_no": f.item_no, "raw_text": f.where.raw_text, "sentence": f.sentence,
             "source_line": f.where.line, "source_page": f.where.page}
            for seq, f in enumerate(facts, start=1)]
