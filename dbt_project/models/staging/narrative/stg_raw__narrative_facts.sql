-- Facts stated in the reports' running text (情况说明, and the counts of 概况), one row per printed figure or reason.
select
    fact_id,
    document_id,
    fact_seq,
    part,
    section,
    fact_type,
    subject_key,
    subject_code::text as subject_code,
    measure,
    value,
    unit,
    text_value,
    item_no,
    raw_text,
    sentence,
    source_line,
    source_page
from {{ source('raw_narrative', 'narrative_facts') }}
