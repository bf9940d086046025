-- 'text' rules (reconciliation_text_rules) on every text line of current documents: placeholders,
-- doubled full stops, unfinished reasons, 科目 names of an older edition, years that are not the
-- fiscal year, and comparing words (大于/小于/等于/增加/减少/持平) that contradict their two amounts.
-- Every hit is a finding citing its line; a document with text and no hit gets one 'ok' row.
with documents as (
    select document_id, fiscal_year from {{ ref('stg_raw__documents') }} where is_current
),

lines as (
    select text_lines.*, documents.fiscal_year
    from {{ ref('stg_raw__text_lines') }} as text_lines
    inner join documents on documents.document_id = text_lines.document_id
),

rules as (
    select text_rules.*
    from {{ ref('reconciliation_text_rules') }} as text_rules
    inner join {{ ref('reconciliation_rules') }} as catalogue
        on catalogue.rule_id = text_rules.rule_id and catalogue.shape = 'text'
),

matched as (
    select rules.rule_id, lines.*, 1::numeric as left_value, 0::numeric as right_value,
        substring(lines.line_text from rules.pattern) as found
    from rules
    inner join lines on lines.line_text ~ rules.pattern
    where rules.shape = 'match'
),

editions as (
    select rules.rule_id, lines.*, 1::numeric as left_value, 0::numeric as right_value,
        editions.old_name || ' → ' || editions.current_name as found
    from rules
    inner join {{ ref('reference_subject_editions') }} as editions on true
    inner join lines on strpos(lines.line_text, editions.old_name) > 0
    where rules.shape = 'edition'
),

years as (
    select rules.rule_id, lines.*, hit[rules.left_group]::numeric as left_value,
        lines.fiscal_year::numeric as right_value, array_to_string(hit, ' ') as found
    from rules
    inner join lines on lines.line_text ~ rules.pattern
    cross join lateral regexp_matches(lines.line_text, rules.pattern, 'g') as hit
    where rules.shape = 'year'
),

relations as (
    select rules.rule_id, lines.*,
        case when hit[rules.verb_group] in ('大于', '高于', '多于', '增加', '增长') then 1
             when hit[rules.verb_group] in ('小于', '低于', '少于', '减少', '下降') then -1
             else 0 end::numeric as left_value,
        sign(replace(hit[rules.left_group], ',', '')::numeric - replace(hit[rules.right_group], ',', '')::numeric)
            as right_value,
        hit[rules.left_group] || ' ' || hit[rules.verb_group] || ' ' || hit[rules.right_group] as found
    from rules
    inner join lines on lines.line_text ~ rules.pattern
    cross join lateral regexp_matches(lines.line_text, rules.pattern, 'g') as hit
    where rules.shape = 'relation'
),

hits as (
    select rule_id, document_id, line_seq, line_text, source_line, source_page, left_value, right_value, found
    from matched
    union all
    select rule_id, document_id, line_seq, line_text, source_line, source_page, left_value, right_value, found
    from editions
    union all
    select rule_id, document_id, line_seq, line_text, source_line, source_page, left_value, right_value, found
    from years
    union all
    select rule_id, document_id, line_seq, line_text, source_line, source_page, left_value, right_value, found
    from relations
),

documents_with_text as (
    select distinct document_id from lines
)

select
    hits.rule_id,
    hits.document_id,
    '第 ' || hits.line_seq || ' 行 ' || left(hits.found, 60) as item_key,
    hits.left_value,
    hits.right_value,
    1 as terms,
    0::numeric as tolerance,
    hits.line_text as cite_text,
    hits.source_line as cite_line,
    hits.source_page as cite_page
from hits

union all

select
    rules.rule_id,
    documents_with_text.document_id,
    '' as item_key,
    0::numeric as left_value,
    0::numeric as right_value,
    1 as terms,
    0::numeric as tolerance,
    null as cite_text,
    null::integer as cite_line,
    null::integer as cite_page
from rules
cross join documents_with_text
where not exists (
    select 1 from hits where hits.rule_id = rules.rule_id and hits.document_id = documents_with_text.document_id
)
