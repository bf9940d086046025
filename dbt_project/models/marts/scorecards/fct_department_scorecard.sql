-- indexes on what dashboards filter by (department, year, document), kept across rebuilds
{{ config(indexes=[{'columns': ['department_id', 'fiscal_year']}, {'columns': ['department_name', 'fiscal_year']}, {'columns': ['document_id']}]) }}
-- One row per 部门整体支出绩效自评情况表 of the current version of each report.
select
    scorecard_id,
    document_id,
    department_id,
    department_name,
    fiscal_year,
    make_date(fiscal_year, 1, 1) as fiscal_year_start,
    evaluated_unit,
    evaluation_text,
    evaluated_on,
    initial_budget::numeric(18, 2) as initial_budget,
    full_year_budget::numeric(18, 2) as full_year_budget,
    executed::numeric(18, 2) as executed,
    execution_rate::numeric(9, 2) as execution_rate,
    reported_execution_rate::numeric(9, 2) as reported_execution_rate,
    funding_weight,
    funding_score,
    task_count,
    indicator_count,
    deviated_indicator_count,
    indicator_weight,
    indicator_score,
    total_weight,
    total_score,
    is_template,
    indicators_withheld,
    disclosure_note,
    unit_as_printed,
    source_line,
    source_page,
    source_sheet
from {{ ref('int_scorecards__summary') }}
where scorecard_kind = 'department'
