-- 'class_pair' rules: one column of two tables compared class (类) by class.
-- A class printed on one side only is compared with zero unless that side prints zero.
with rules as (
    select * from {{ ref('reconciliation_rules') }} where shape = 'class_pair'
),

sides as (
    select
        pairs.rule_id,
        pairs.side,
        facts.document_id,
        facts.subject_code,
        sum(facts.amount) as amount,
        count(*) as terms,
        sum(facts.rounding_allowance) as tolerance
    from {{ ref('reconciliation_class_pairs') }} as pairs
    inner join rules on rules.rule_id = pairs.rule_id
    inner join {{ ref('int_checks__facts') }} as facts
        on facts.table_code = pairs.table_code
        and facts.measure = pairs.measure
        and facts.subject_level = 1
        and (pairs.section is null or facts.section = pairs.section)
    group by pairs.rule_id, pairs.side, facts.document_id, facts.subject_code
),

documents_with_both_sides as (
    select rule_id, document_id
    from sides
    group by rule_id, document_id
    having count(distinct side) = 2
),

paired as (
    select
        coalesce(l.rule_id, r.rule_id) as rule_id,
        coalesce(l.document_id, r.document_id) as document_id,
        coalesce(l.subject_code, r.subject_code) as subject_code,
        coalesce(l.amount, 0) as left_value,
        coalesce(r.amount, 0) as right_value,
        coalesce(l.terms, 0) + coalesce(r.terms, 0) as terms,
        coalesce(l.tolerance, 0) + coalesce(r.tolerance, 0) as tolerance,
        l.amount is not null and r.amount is not null as both_printed
    from (select * from sides where side = 'left') as l
    full outer join (select * from sides where side = 'right') as r
        on r.rule_id = l.rule_id
        and r.document_id = l.document_id
        and r.subject_code = l.subject_code
)

select
    paired.rule_id,
    paired.document_id,
    paired.subject_code as item_key,
    paired.left_value,
    paired.right_value,
    paired.terms,
    paired.tolerance
from paired
inner join documents_with_both_sides as docs
    on docs.rule_id = paired.rule_id
    and docs.document_id = paired.document_id
where paired.both_printed or paired.left_value <> 0 or paired.right_value <> 0
