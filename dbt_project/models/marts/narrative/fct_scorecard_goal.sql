-- The goals of each self-evaluation form of current reports (年度总体目标 of a project, 年度履职目标 of the
-- department): what was expected and what the form says was achieved, one row per goal.
select
    goals.scorecard_id,
    goals.goal_seq,
    scorecards.department_id,
    scorecards.department_name,
    scorecards.fiscal_year,
    make_date(scorecards.fiscal_year, 1, 1) as fiscal_year_start,
    scorecards.scorecard_kind,
    scorecards.project_name,
    goals.goal_kind,
    goals.expected_text,
    goals.actual_text,
    scorecards.document_id,
    goals.source_line,
    goals.source_page,
    goals.source_sheet
from {{ ref('stg_raw__scorecard_goals') }} as goals
inner join {{ ref('int_scorecards__summary') }} as scorecards
    on scorecards.scorecard_id = goals.scorecard_id
