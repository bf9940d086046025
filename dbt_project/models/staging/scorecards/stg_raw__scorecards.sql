-- One performance self-evaluation form (部门整体 or 项目) per row, all document versions.
select
    scorecard_id,
    document_id,
    scorecard_seq::integer as scorecard_seq,
    scorecard_kind,
    title,
    project_name,
    competent_department,
    implementing_unit,
    evaluated_unit,
    evaluation_text,
    evaluated_on,
    money_unit,
    is_template,
    indicators_withheld,
    disclosure_note,
    total_weight,
    total_score,
    total_raw_text,
    source_line,
    source_page,
    source_sheet
from {{ source('raw_scorecards', 'scorecards') }}
