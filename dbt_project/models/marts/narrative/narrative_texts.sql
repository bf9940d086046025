-- 部门职责 and 名词解释 of the current reports, one row per duty or term.
select
    documents.department_id,
    documents.department_name,
    documents.fiscal_year,
    make_date(documents.fiscal_year, 1, 1) as fiscal_year_start,
    texts.kind,
    texts.text_seq,
    texts.label,
    texts.term,
    texts.text,
    documents.document_id,
    texts.source_line,
    texts.source_page,
    texts.source_sheet
from {{ ref('stg_raw__narrative_texts') }} as texts
inner join {{ ref('int_analysis__current_documents') }} as documents
    on documents.document_id = texts.document_id
