-- The department's organisation as its report states it (第一部分 概况), one row per current report:
-- 内设机构 (count and what they are), the budget units its final accounts cover (count as stated, and
-- the units listed).
with stated as (
    select
        document_id,
        max(value) filter (where subject_key = '内设机构') as internal_body_count,
        max(text_value) filter (where subject_key = '内设机构') as internal_bodies,
        max(value) filter (where subject_key = '预算单位') as budget_unit_count,
        max(sentence) filter (where subject_key = '内设机构') as sentence,
        max(source_line) filter (where subject_key = '内设机构') as source_line,
        max(source_page) filter (where subject_key = '内设机构') as source_page
    from {{ ref('int_analysis__narrative_statements') }}
    where fact_type = 'organisation' and measure = 'count'
    group by document_id
),

units as (
    select document_id, count(*) as listed_unit_count, string_agg(unit_name, '、' order by unit_seq) as unit_names
    from {{ ref('stg_raw__budget_units') }}
    group by document_id
)

select
    documents.department_id,
    documents.department_name,
    documents.fiscal_year,
    make_date(documents.fiscal_year, 1, 1) as fiscal_year_start,
    stated.internal_body_count::integer as internal_body_count,
    stated.internal_bodies,
    stated.budget_unit_count::integer as budget_unit_count,
    coalesce(units.listed_unit_count, 0)::integer as listed_unit_count,
    units.unit_names,
    documents.document_id,
    stated.sentence,
    stated.source_line,
    stated.source_page
from {{ ref('int_analysis__current_documents') }} as documents
left join stated
    on stated.document_id = documents.document_id
left join units
    on units.document_id = documents.document_id
where stated.document_id is not null or units.document_id is not null
