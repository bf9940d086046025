-- Yearly goals of the scorecards: 预期目标 against 实际完成情况.
select
    scorecard_id,
    goal_seq::integer as goal_seq,
    goal_kind,
    expected_text,
    actual_text,
    raw_text,
    source_line,
    source_page,
    source_sheet
from {{ source('raw_scorecards', 'scorecard_goals') }}
