-- The projects the narrative lists as evaluated (预算绩效情况说明), one row per department, year and
-- project: its budget, what was executed (or the note printed instead, e.g. 财政未拨付资金), the rate.
with stated as (
    select
        document_id,
        subject_key as project_name,
        max(value) filter (where measure = 'budget') as budget,
        max(value) filter (where measure = 'executed') as executed,
        max(text_value) filter (where measure = 'note') as note,
        min(item_no) as item_no,
        min(first_fact_seq) as first_fact_seq,
        max(sentence) filter (where measure = 'budget') as sentence,
        max(source_line) filter (where measure = 'budget') as source_line,
        max(source_page) filter (where measure = 'budget') as source_page
    from {{ ref('int_analysis__narrative_statements') }}
    where fact_type = 'evaluated_project'
    group by document_id, subject_key
)

select
    documents.department_id,
    documents.department_name,
    documents.fiscal_year,
    make_date(documents.fiscal_year, 1, 1) as fiscal_year_start,
    row_number() over (partition by stated.document_id order by stated.first_fact_seq)::integer as project_order,
    stated.project_name,
    stated.budget::numeric(18, 2) as budget,
    stated.executed::numeric(18, 2) as executed,
    case when stated.budget <> 0 then round(stated.executed / stated.budget * 100, 2) end::numeric(9, 2)
        as execution_rate,
    stated.note,
    stated.document_id,
    stated.sentence,
    stated.source_line,
    stated.source_page
from stated
inner join {{ ref('int_analysis__current_documents') }} as documents
    on documents.document_id = stated.document_id
