-- indexes on what dashboards filter by (department, year, document), kept across rebuilds
{{ config(indexes=[{'columns': ['department_id', 'fiscal_year']}, {'columns': ['department_name', 'fiscal_year']}, {'columns': ['document_id']}]) }}
-- One row per printed amount of tables 01–09 of every loaded version of each report, in 万元:
-- fct_final_accounts keeps the current versions only; this keeps the superseded ones too.
select
    amounts.amount_id,
    amounts.document_id,
    versions.version_no,
    versions.is_current,
    versions.superseded_by,
    versions.loaded_at as document_loaded_at,
    versions.department_id,
    versions.department_name,
    versions.fiscal_year,
    make_date(versions.fiscal_year, 1, 1) as fiscal_year_start,
    versions.report_kind,
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
inner join {{ ref('report_versions') }} as versions
    on versions.document_id = amounts.document_id
