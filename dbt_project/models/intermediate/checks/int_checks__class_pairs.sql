-- 'class_pair' rules: one column of two tables compared class (类) by class.
-- A class printed on one side only is compared with zero unless that side prints zero.
-- Both sides are summed in one pass (conditional aggregation) and a window tells which documents
-- print both sides: joining one side to the other made the planner loop over every pair.
with rules as (
    select * from {{ ref('reconciliation_rules') }} where shape = 'class_pair'
),

by_class as (
    select
        pairs.rule_id,
        facts.document_id,
        facts.subject_code,
        sum(facts.amount) filter (where pairs.side = 'left') as left_amount,
        sum(facts.amount) filter (where pairs.side = 'right') as right_amount,
        count(*) filter (where pairs.side = 'left') as left_terms,
        count(*) filter (where pairs.side = 'right') as right_terms,
        count(*) as terms,
        sum(facts.rounding_allowance) as tolerance
    from {{ ref('reconciliation_class_pairs') }} as pairs
    inner join rules on rules.rule_id = pairs.rule_id
    inner join {{ ref('int_checks__facts') }} as facts
        on facts.table_code = pairs.table_code
        and facts.measure = pairs.measure
        and facts.subject_level = 1
        and (pairs.section is null or facts.section = pairs.section)
    group by pairs.rule_id, facts.document_id, facts.subject_code
),

paired as (
    select
        rule_id,
        document_id,
        subject_code,
        coalesce(left_amount, 0) as left_value,
        coalesce(right_amount, 0) as right_value,
        terms,
        tolerance,
        left_terms > 0 and right_terms > 0 and left_amount is not null and right_amount is not null
            as both_printed,
        max(left_terms) over per_document > 0 and max(right_terms) over per_document > 0
            as document_has_both_sides
    from by_class
    window per_document as (partition by rule_id, document_id)
)

select
    rule_id,
    document_id,
    subject_code as item_key,
    left_value,
    right_value,
    terms,
    tolerance
from paired
where document_has_both_sides
    and (both_printed or left_value <> 0 or right_value <> 0)
