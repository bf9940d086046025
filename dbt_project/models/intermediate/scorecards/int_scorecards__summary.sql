-- One row per scorecard of the current version of each report: its department and year,
-- the 年度资金总额 funding row, and sums over its 资金管理情况 items and indicator lines.
with current_documents as (
    select * from {{ ref('stg_raw__documents') }}
    where is_current
),

scorecards as (
    select * from {{ ref('stg_raw__scorecards') }}
),

total_funding as (
    select * from {{ ref('stg_raw__scorecard_funding') }}
    where funding_source = '年度资金总额'
),

management as (
    select
        scorecard_id,
        sum(weight) as management_weight,
        sum(score) as management_score,
        count(*) as management_item_count
    from {{ ref('stg_raw__scorecard_management_items') }}
    group by scorecard_id
),

indicators as (
    select
        scorecard_id,
        count(*) as indicator_count,
        count(*) filter (where deviation <> 0) as deviated_indicator_count,
        sum(weight) as indicator_weight,
        sum(score) as indicator_score
    from {{ ref('stg_raw__scorecard_indicators') }}
    group by scorecard_id
),

tasks as (
    select scorecard_id, count(*) as task_count
    from {{ ref('stg_raw__scorecard_tasks') }}
    group by scorecard_id
)

select
    scorecards.scorecard_id,
    scorecards.document_id,
    documents.department_id,
    departments.department_name,
    documents.fiscal_year,
    scorecards.scorecard_kind,
    scorecards.scorecard_seq,
    scorecards.title,
    scorecards.project_name,
    scorecards.competent_department,
    scorecards.implementing_unit,
    scorecards.evaluated_unit,
    scorecards.evaluation_text,
    scorecards.evaluated_on,
    total_funding.initial_budget,
    total_funding.full_year_budget,
    total_funding.executed,
    round(total_funding.executed / nullif(total_funding.full_year_budget, 0) * 100, 2) as execution_rate,
    total_funding.execution_rate as reported_execution_rate,
    total_funding.weight as funding_weight,
    total_funding.score as funding_score,
    management.management_weight,
    management.management_score,
    coalesce(management.management_item_count, 0) as management_item_count,
    coalesce(indicators.indicator_count, 0) as indicator_count,
    coalesce(indicators.deviated_indicator_count, 0) as deviated_indicator_count,
    indicators.indicator_weight,
    indicators.indicator_score,
    coalesce(tasks.task_count, 0) as task_count,
    scorecards.total_weight,
    scorecards.total_score,
    scorecards.is_template,
    scorecards.indicators_withheld,
    scorecards.disclosure_note,
    scorecards.money_unit as unit_as_printed,
    scorecards.source_line,
    scorecards.source_page,
    scorecards.source_sheet
from scorecards
inner join current_documents as documents
    on documents.document_id = scorecards.document_id
inner join {{ ref('stg_raw__departments') }} as departments
    on departments.department_id = documents.department_id
left join total_funding
    on total_funding.scorecard_id = scorecards.scorecard_id
left join management
    on management.scorecard_id = scorecards.scorecard_id
left join indicators
    on indicators.scorecard_id = scorecards.scorecard_id
left join tasks
    on tasks.scorecard_id = scorecards.scorecard_id
