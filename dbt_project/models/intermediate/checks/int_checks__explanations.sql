-- Amounts that could explain a difference of a rule (reconciliation_explanations): every row of the
-- named table and measure for equals_amount, the table's 合计 row for within_total; with where they
-- are printed, for the citation of an 'explained' finding.
select
    explanations.rule_id,
    explanations.kind,
    explanations.description_zh,
    facts.document_id,
    facts.amount,
    '公开' || facts.table_code || ' ' || coalesce(facts.subject_code || ' ', '') || coalesce(facts.subject_name, facts.line_label)
        || ' ' || facts.measure || ' ' || facts.amount
        || coalesce('（第 ' || facts.source_page || ' 页）', '（第 ' || facts.source_line || ' 行）', '') as explained_by
from {{ ref('reconciliation_explanations') }} as explanations
inner join {{ ref('fct_final_accounts') }} as facts
    on facts.table_code = explanations.table_code
    and facts.measure = explanations.measure
    and (
        (explanations.kind = 'equals_amount' and facts.subject_code is not null and facts.amount > 0)
        or (explanations.kind = 'within_total' and facts.line_label = '合计')
    )
