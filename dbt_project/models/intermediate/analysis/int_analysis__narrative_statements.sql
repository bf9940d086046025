-- One row per (document, fact type, subject, measure): what the narrative states, first as printed.
-- A figure stated twice (三公 totals are printed in the overview and again per category) keeps the
-- first statement, with the number of statements and whether they agree.
select
    document_id,
    fact_type,
    subject_key,
    measure,
    (array_agg(value order by fact_seq))[1] as value,
    (array_agg(unit order by fact_seq))[1] as unit,
    (array_agg(text_value order by fact_seq))[1] as text_value,
    max(subject_code) as subject_code,
    min(item_no) as item_no,
    (array_agg(section order by fact_seq))[1] as section,
    (array_agg(sentence order by fact_seq))[1] as sentence,
    (array_agg(source_line order by fact_seq))[1] as source_line,
    (array_agg(source_page order by fact_seq))[1] as source_page,
    min(fact_seq) as first_fact_seq,
    count(*) as statements,
    count(distinct value) <= 1 and count(distinct text_value) <= 1 as statements_agree
from {{ ref('stg_raw__narrative_facts') }}
group by document_id, fact_type, subject_key, measure
