-- 'three_public' rules: 三公 spending above zero with the narrative's breakdown saying nobody came
-- or went: 公务接待费 with 0 delegations and 0 visitors, 因公出国(境)费 with 0 delegations and 0 person-times.
with spent as (
    select document_id, line_label, amount
    from {{ ref('int_checks__facts') }}
    where table_code = '09' and measure = '决算数' and line_label in ('公务接待费', '因公出国(境)费')
),

stated as (
    select facts.document_id,
        case when facts.fact_type = 'three_public_reception' then '公务接待费' else facts.subject_key end
            as line_label,
        sum(facts.value) as people,
        string_agg(distinct narrative.sentence, ' ') as sentence,
        min(narrative.source_line) as source_line,
        min(narrative.source_page) as source_page
    from {{ ref('int_checks__narrative_facts') }} as facts
    inner join {{ ref('stg_raw__narrative_facts') }} as narrative on narrative.fact_id = facts.fact_id
    where (facts.fact_type = 'three_public_reception' and facts.measure in ('delegations', 'visitors'))
        or (facts.fact_type = 'three_public' and facts.subject_key = '因公出国(境)费'
            and facts.measure in ('delegations', 'person_times'))
    group by 1, 2
)

select
    case spent.line_label when '公务接待费' then 'T09_RECEPTION_VISITORS' else 'T09_ABROAD_DELEGATIONS' end
        as rule_id,
    spent.document_id,
    spent.line_label as item_key,
    spent.amount as left_value,
    case when stated.people > 0 or spent.amount = 0 then spent.amount else 0 end as right_value,
    2 as terms,
    0::numeric as tolerance,
    stated.sentence as cite_text,
    stated.source_line as cite_line,
    stated.source_page as cite_page
from spent
inner join stated on stated.document_id = spent.document_id and stated.line_label = spent.line_label
