-- The report's 部门职责 and 名词解释, one row per duty or term, as printed.
select
    document_id,
    kind,
    text_seq,
    label,
    term,
    text,
    source_line,
    source_page,
    source_sheet
from {{ source('raw_narrative', 'narrative_texts') }}
