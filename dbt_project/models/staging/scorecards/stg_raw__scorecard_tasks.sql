-- 年度主要任务 of the department-level scorecards.
select
    scorecard_id,
    task_seq::integer as task_seq,
    task_name,
    content,
    result,
    raw_text,
    source_line,
    source_page,
    source_sheet
from {{ source('raw_scorecards', 'scorecard_tasks') }}
