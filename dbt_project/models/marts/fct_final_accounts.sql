-- indexes on what dashboards filter by (department, year, document), kept across rebuilds
{{ config(indexes=[{'columns': ['department_id', 'fiscal_year']}, {'columns': ['department_name', 'fiscal_year']}, {'columns': ['document_id']}, {'columns': ['subject_code', 'fiscal_year']}]) }}
-- One row per printed amount of tables 01–09 of the current version of each report, in 万元.
with current_documents as (
    select * from {{ ref('stg_raw__documents') }}
    where is_current
)

select
    amounts.amount_id,
    amounts.document_id,
    documents.department_id,
    departments.department_name,
    documents.fiscal_year,
    make_date(documents.fiscal_year, 1, 1) as fiscal_year_start,
    documents.report_kind,
    amounts.table_code,
    amounts.table_title,
    amounts.section,
    amounts.line_label,
    amounts.line_no,
    amounts.row_seq,
    amounts.col_seq,
    amounts.subject_code,
    amounts.subject_name,
    amounts.econ_code,
    amounts.econ_name,
    amounts.measure,
    amounts.amount,
    amounts.amount_as_printed,
    amounts.unit_as_printed,
    amounts.raw_text,
    amounts.source_line,
    amounts.source_page,
    amounts.source_sheet
from {{ ref('int_final_accounts__amounts') }} as amounts
inner join current_documents as documents
    on documents.document_id = amounts.document_id
inner join {{ ref('stg_raw__departments') }} as departments
    on departments.department_id = documents.department_id
