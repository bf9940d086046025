-- 'narrative_pair' rules: each figure the narrative states for a class, 科目, 三公 category or
-- income source against the printed table amount it repeats.
with pairs as (
    select * from {{ ref('reconciliation_narrative_pairs') }}
),

facts as (
    select * from {{ ref('int_checks__narrative_facts') }}
),

table_amounts as (
    select * from {{ ref('int_checks__facts') }}
),

matched as (
    select
        pairs.rule_id,
        facts.document_id,
        facts.subject_key || ' ' || facts.measure as item_key,
        facts.value as left_value,
        sum(amounts.amount) as right_value,
        count(*) + 1 as terms,
        sum(amounts.rounding_allowance) + facts.rounding_allowance as tolerance,
        facts.fact_id
    from pairs
    inner join facts
        on facts.fact_type = pairs.fact_type
        and facts.measure = pairs.fact_measure
    inner join table_amounts as amounts
        on amounts.document_id = facts.document_id
        and amounts.table_code = pairs.table_code
        and (pairs.table_line_label is null or amounts.line_label = pairs.table_line_label)
        and (pairs.subject_level is null or amounts.subject_level = pairs.subject_level)
        and (
            (pairs.match_on = 'line_label' and amounts.line_label = facts.subject_key
                and amounts.measure = pairs.table_measure)
            or (pairs.match_on = 'subject_code' and amounts.subject_code = facts.subject_code
                and amounts.measure = pairs.table_measure)
            or (pairs.match_on = 'measure' and amounts.measure = facts.subject_key)
        )
    group by pairs.rule_id, facts.document_id, facts.subject_key, facts.measure, facts.value,
             facts.rounding_allowance, facts.fact_id
)

select
    matched.rule_id, matched.document_id, matched.item_key, matched.left_value, matched.right_value,
    matched.terms, matched.tolerance,
    stated.sentence as cite_text, stated.source_line as cite_line, stated.source_page as cite_page
from matched
left join {{ ref('stg_raw__narrative_facts') }} as stated on stated.fact_id = matched.fact_id
