-- 资金管理情况 items of the scorecards.
select
    scorecard_id,
    item_seq::integer as item_seq,
    item_name,
    description,
    weight,
    score,
    problems,
    raw_text,
    source_line,
    source_page,
    source_sheet
from {{ source('raw_scorecards', 'scorecard_management_items') }}
