-- indexes on what dashboards filter by (department, year, document), kept across rebuilds
{{ config(indexes=[{'columns': ['department_id', 'fiscal_year']}, {'columns': ['department_name', 'fiscal_year']}, {'columns': ['document_id']}, {'columns': ['scorecard_id']}]) }}
-- One row per indicator line of the scorecards (project and department level) of current reports.
with scorecards as (
    select * from {{ ref('int_scorecards__summary') }}
)

select
    indicators.scorecard_id,
    indicators.indicator_seq,
    scorecards.document_id,
    scorecards.department_id,
    scorecards.department_name,
    scorecards.fiscal_year,
    scorecards.scorecard_kind,
    scorecards.project_name,
    indicators.level1,
    indicators.level2,
    indicators.level3,
    indicators.target_text,
    indicators.target_operator,
    indicators.target_value,
    indicators.target_upper_value,
    indicators.target_unit,
    indicators.actual_text,
    indicators.actual_operator,
    indicators.actual_value,
    indicators.actual_unit,
    indicators.weight,
    indicators.score,
    indicators.weight - indicators.score as points_lost,
    indicators.deviation,
    coalesce(indicators.deviation <> 0, false) as is_deviated,
    indicators.deviation_text,
    indicators.deviation_reason,
    indicators.raw_text,
    indicators.source_line,
    indicators.source_page,
    indicators.source_sheet
from {{ ref('stg_raw__scorecard_indicators') }} as indicators
inner join scorecards
    on scorecards.scorecard_id = indicators.scorecard_id
