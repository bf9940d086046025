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
    documents.report_kind,
    amounts.table_code,
    report_tables.table_title,
    amounts.section,
    amounts.line_label,
    amounts.line_no,
    amounts.row_seq,
    amounts.col_seq,
    amounts.subject_code,
    subjects.subject_name,
    amounts.econ_code,
    econ_subjects.econ_name,
    amounts.measure,
    amounts.amount,
    amounts.amount_as_printed,
    amounts.unit as unit_as_printed,
    amounts.raw_text,
    amounts.source_line,
    amounts.source_page,
    amounts.source_sheet
from {{ ref('stg_raw__amounts') }} as amounts
inner join current_documents as documents
    on documents.document_id = amounts.document_id
inner join {{ ref('stg_raw__departments') }} as departments
    on departments.department_id = documents.department_id
left join {{ ref('stg_raw__report_tables') }} as report_tables
    on report_tables.document_id = amounts.document_id
    and report_tables.table_code = amounts.table_code
left join {{ ref('stg_raw__subjects') }} as subjects
    on subjects.subject_code = amounts.subject_code
left join {{ ref('stg_raw__econ_subjects') }} as econ_subjects
    on econ_subjects.econ_code = amounts.econ_code
