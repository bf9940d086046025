-- 'completeness' rules: each table the report's table set expects is printed, not cut short, and,
-- when printed empty, carries a note saying why (empty_with_note is complete).
select
    rules.rule_id,
    completeness.document_id,
    completeness.status as item_key,
    case when completeness.status in ('missing', 'empty', 'incomplete') then 1 else 0 end::numeric as left_value,
    0::numeric as right_value,
    1 as terms,
    0::numeric as tolerance,
    coalesce(completeness.printed_title, completeness.table_name)
        || coalesce('（' || completeness.note || '）', '')
        || coalesce('：' || completeness.detail, '') as cite_text,
    completeness.source_line as cite_line,
    completeness.source_page as cite_page
from {{ ref('reconciliation_rules') }} as rules
inner join {{ ref('stg_raw__table_completeness') }} as completeness
    on completeness.table_code = rules.table_code
inner join {{ ref('stg_raw__documents') }} as documents
    on documents.document_id = completeness.document_id
where rules.shape = 'completeness' and documents.is_current
