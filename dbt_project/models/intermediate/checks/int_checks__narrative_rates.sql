-- 'narrative_rate' rules: a percentage the narrative states against the one computed from the
-- amounts it states: completion (actual / budget), growth (change / (amount - change)) and
-- share (amount / total). The tolerance is the printed rate's own rounding (0.005) plus what
-- the rounding of the two amounts (0.005 each) can move the computed rate.
with rate_rules as (
    select * from {{ ref('reconciliation_rate_rules') }}
),

facts as (
    select * from {{ ref('int_checks__narrative_facts') }}
),

inputs as (
    select
        rate_rules.rule_id,
        rate.document_id,
        rate.fact_type,
        rate.subject_key,
        rate.value as stated_rate,
        rate.fact_id as rate_fact_id,
        numerator.value as numerator,
        case rate_rules.kind
            when 'growth' then denominator.value - numerator.value
            else denominator.value
        end as denominator,
        case rate_rules.kind when 'growth' then 0.01 else 0.005 end as denominator_allowance
    from rate_rules
    inner join facts as rate
        on rate.fact_type = rate_rules.fact_type
        and rate.measure = rate_rules.rate_measure
    inner join facts as numerator
        on numerator.document_id = rate.document_id
        and numerator.fact_type = rate.fact_type
        and numerator.subject_key = rate.subject_key
        and numerator.measure = rate_rules.numerator_measure
    inner join facts as denominator
        on denominator.document_id = rate.document_id
        and denominator.fact_type = rate.fact_type
        and denominator.subject_key = coalesce(rate_rules.total_subject_key, rate.subject_key)
        and denominator.measure = rate_rules.denominator_measure
)

select
    inputs.rule_id,
    inputs.document_id,
    inputs.fact_type || ' ' || inputs.subject_key as item_key,
    inputs.stated_rate as left_value,
    round(100 * inputs.numerator / inputs.denominator, 2) as right_value,
    3 as terms,
    0.005 + 0.005
        + 100 * (0.005 / abs(denominator) + abs(numerator) * denominator_allowance / (denominator * denominator))
        as tolerance,
    stated.sentence as cite_text,
    stated.source_line as cite_line,
    stated.source_page as cite_page
from inputs
left join {{ ref('stg_raw__narrative_facts') }} as stated on stated.fact_id = inputs.rate_fact_id
where inputs.denominator <> 0
