-- indexes on what dashboards filter by (department, year, document), kept across rebuilds
{{ config(indexes=[{'columns': ['department_id', 'fiscal_year']}, {'columns': ['department_name', 'fiscal_year']}, {'columns': ['document_id']}]) }}
-- Every loaded version of every report (current and superseded), numbered in load order.
with documents as (
    select * from {{ ref('stg_raw__documents') }}
),

amount_counts as (
    select document_id, count(*) as amount_count
    from {{ ref('stg_raw__amounts') }}
    group by document_id
)

select
    documents.document_id,
    documents.department_id,
    departments.department_name,
    documents.fiscal_year,
    documents.report_kind,
    row_number() over (
        partition by documents.department_id, documents.fiscal_year, documents.report_kind
        order by documents.loaded_at, documents.document_id
    ) as version_no,
    count(*) over (
        partition by documents.department_id, documents.fiscal_year, documents.report_kind
    ) as version_count,
    documents.is_current,
    documents.superseded_by,
    documents.held_back_reason,
    documents.loaded_at,
    documents.published_on,
    documents.source_path,
    documents.source_format,
    documents.content_sha256,
    documents.parser_version,
    coalesce(amount_counts.amount_count, 0) as amount_count
from documents
inner join {{ ref('stg_raw__departments') }} as departments
    on departments.department_id = documents.department_id
left join amount_counts
    on amount_counts.document_id = documents.document_id
