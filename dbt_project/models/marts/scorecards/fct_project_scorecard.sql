-- indexes on what dashboards filter by (department, year, document), kept across rebuilds
{{ config(indexes=[{'columns': ['department_id', 'fiscal_year']}, {'columns': ['department_name', 'fiscal_year']}, {'columns': ['document_id']}]) }}
-- One row per 项目支出绩效自评情况表 of the current version of each report.
select
    scorecard_id,
    document_id,
    department_id,
    department_name,
    fiscal_year,
    scorecard_seq,
    project_name,
    competent_department,
    implementing_unit,
    evaluation_text,
    evaluated_on,
    initial_budget,
    full_year_budget,
    executed,
    execution_rate,
    reported_execution_rate,
    funding_weight,
    funding_score,
    management_weight,
    management_score,
    indicator_count,
    deviated_indicator_count,
    indicator_weight,
    indicator_score,
    total_weight,
    total_score,
    is_template,
    disclosure_note,
    unit_as_printed,
    source_line,
    source_page,
    source_sheet
from {{ ref('int_scorecards__summary') }}
where scorecard_kind = 'project'
