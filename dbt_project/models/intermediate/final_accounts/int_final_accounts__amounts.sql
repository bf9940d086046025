-- Every printed amount of tables 01–09 of every loaded document, in 万元, with its table
-- title and 科目 names: what fct_final_accounts (current versions) and
-- fct_final_accounts_history (all versions) both read.
select
    amounts.amount_id,
    amounts.document_id,
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
left join {{ ref('stg_raw__report_tables') }} as report_tables
    on report_tables.document_id = amounts.document_id
    and report_tables.table_code = amounts.table_code
left join {{ ref('stg_raw__subjects') }} as subjects
    on subjects.subject_code = amounts.subject_code
left join {{ ref('stg_raw__econ_subjects') }} as econ_subjects
    on econ_subjects.econ_code = amounts.econ_code
