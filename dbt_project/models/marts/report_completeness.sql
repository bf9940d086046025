-- indexes on what dashboards filter by (department, year, document), kept across rebuilds
{{ config(indexes=[{'columns': ['department_id', 'fiscal_year']}, {'columns': ['department_name', 'fiscal_year']}, {'columns': ['document_id']}]) }}
-- For every current report, each table its table set expects and what the report printed of it.
select
    documents.department_id,
    departments.department_name,
    documents.fiscal_year,
    documents.document_id,
    documents.table_set,
    completeness.table_code,
    completeness.table_name,
    completeness.table_code ~ '^[0-9]{2}$' as is_national_table,
    completeness.status,
    completeness.status in ('found', 'empty_with_note') as is_complete,
    completeness.note,
    completeness.detail,
    completeness.printed_title,
    completeness.source_page,
    completeness.source_line,
    documents.truncated as document_truncated
from {{ ref('stg_raw__table_completeness') }} as completeness
inner join {{ ref('stg_raw__documents') }} as documents
    on documents.document_id = completeness.document_id
inner join {{ ref('stg_raw__departments') }} as departments
    on departments.department_id = documents.department_id
where documents.is_current
