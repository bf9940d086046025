-- 'row_sum' rules: in every printed row, the total column against the signed sum of its part columns.
with rules as (
    select * from {{ ref('reconciliation_rules') }} where shape = 'row_sum'
),

matched as (
    select
        terms.rule_id,
        terms.role,
        facts.document_id,
        facts.row_seq,
        coalesce(facts.subject_code || ' ' || facts.line_label, facts.line_label) as row_label,
        terms.sign * facts.amount as amount,
        facts.rounding_allowance
    from {{ ref('reconciliation_row_terms') }} as terms
    inner join rules on rules.rule_id = terms.rule_id
    inner join {{ ref('int_checks__facts') }} as facts
        on facts.table_code = rules.table_code
        and facts.measure = terms.measure
        and (terms.section is null or facts.section = terms.section)
)

select
    rule_id,
    document_id,
    min(row_label) || ' (row ' || row_seq || ')' as item_key,
    sum(amount) filter (where role = 'total') as left_value,
    sum(amount) filter (where role = 'part') as right_value,
    count(*) as terms,
    sum(rounding_allowance) as tolerance
from matched
group by rule_id, document_id, row_seq
having count(*) filter (where role = 'total') > 0
    and count(*) filter (where role = 'part') > 0
