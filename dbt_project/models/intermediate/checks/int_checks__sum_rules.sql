-- 'sum' rules: per document (and per measure where the rule says so),
-- the signed sum of the left terms against the signed sum of the right terms.
-- A term reads printed table amounts, or a figure stated in the narrative when fact_type is set.
with rules as (
    select * from {{ ref('reconciliation_rules') }} where shape = 'sum'
),

terms as (
    select * from {{ ref('reconciliation_sum_terms') }}
),

table_terms as (
    select
        terms.rule_id,
        terms.side,
        facts.document_id,
        case when rules.per_measure then facts.measure else '' end as item_key,
        terms.sign * facts.amount as amount,
        facts.rounding_allowance
    from terms
    inner join rules on rules.rule_id = terms.rule_id
    inner join {{ ref('int_checks__facts') }} as facts
        on facts.table_code = terms.table_code
        and (terms.section is null or facts.section = terms.section)
        and (terms.line_label is null or facts.line_label = terms.line_label)
        and (terms.line_label_regex is null or facts.line_label ~ terms.line_label_regex)
        and (terms.subject_code is null or facts.subject_code = terms.subject_code)
        and (terms.econ_code is null or facts.econ_code = terms.econ_code)
        and (terms.econ_level is null or facts.econ_level = terms.econ_level)
        and (terms.expense_group is null or facts.expense_group = terms.expense_group)
        and (terms.measure is null or facts.measure = terms.measure)
        and (terms.block is null or facts.block = terms.block)
    where terms.fact_type is null
),

narrative_terms as (
    select
        terms.rule_id,
        terms.side,
        facts.document_id,
        '' as item_key,
        terms.sign * facts.value as amount,
        facts.rounding_allowance
    from terms
    inner join {{ ref('int_checks__narrative_facts') }} as facts
        on facts.fact_type = terms.fact_type
        and facts.subject_key = terms.subject_key
        and facts.measure = terms.measure
),

matched as (
    select * from table_terms
    union all
    select * from narrative_terms
)

select
    rule_id,
    document_id,
    item_key,
    sum(amount) filter (where side = 'left') as left_value,
    sum(amount) filter (where side = 'right') as right_value,
    count(*) as terms,
    sum(rounding_allowance) as tolerance
from matched
group by rule_id, document_id, item_key
having count(*) filter (where side = 'left') > 0
    and count(*) filter (where side = 'right') > 0
