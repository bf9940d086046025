-- Figures stated in the narrative of current documents, one per (topic, subject, measure):
-- where the text states the same figure twice, the first statement is checked.
with facts as (
    select
        facts.*,
        row_number() over (
            partition by facts.document_id, facts.fact_type, facts.subject_key, facts.measure
            order by facts.fact_seq
        ) as statement_no
    from {{ ref('stg_raw__narrative_facts') }} as facts
    inner join {{ ref('stg_raw__documents') }} as documents
        on documents.document_id = facts.document_id
    where documents.is_current and facts.value is not null
)

select
    fact_id,
    document_id,
    fact_type,
    subject_key,
    subject_code,
    measure,
    value,
    source_line,
    0.005::numeric as rounding_allowance
from facts
where statement_no = 1
