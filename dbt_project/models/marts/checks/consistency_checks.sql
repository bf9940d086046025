-- indexes on what dashboards filter by (department, year, document), kept across rebuilds
{{ config(indexes=[{'columns': ['department_id', 'fiscal_year']}, {'columns': ['department_name', 'fiscal_year']}, {'columns': ['document_id']}, {'columns': ['status', 'severity']}]) }}
-- One evaluation of one reconciliation rule on one report (and item: class, column, row, line).
-- difference = left - right; within the rounding a sum of that many printed figures can
-- carry (尾差) it is 'rounding'; a difference another printed amount explains exactly (the
-- 项目支出 of a 科目 that 公开06, basic spending only, does not carry) is 'explained', with that
-- amount and where it is printed; beyond that 'mismatch'. A rule with no inputs in a report is
-- 'not_applicable', so that no rule is ever silently skipped. Each row has the rule's severity
-- and cites the sentence, line or table where a reviewer can open the report.
{% set uncited = ['int_checks__sum_rules', 'int_checks__row_sums', 'int_checks__class_pairs',
                  'int_checks__subject_hierarchy', 'int_checks__econ_hierarchy'] %}
{% set cited = ['int_checks__narrative_pairs', 'int_checks__narrative_rates', 'int_checks__scorecards',
                'int_checks__completeness', 'int_checks__text', 'int_checks__scorecard_tables',
                'int_checks__indicators', 'int_checks__three_public'] %}
with evaluations as (
    {% for model in uncited %}
    select document_id, rule_id, item_key, left_value, right_value, terms, tolerance,
        null::text as cite_text, null::integer as cite_line, null::integer as cite_page
    from {{ ref(model) }}
    union all
    {% endfor %}
    {% for model in cited %}
    select document_id, rule_id, item_key, left_value, right_value, terms, tolerance,
        cite_text, cite_line, cite_page
    from {{ ref(model) }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

documents as (
    select documents.document_id, documents.department_id, documents.fiscal_year, departments.department_name
    from {{ ref('stg_raw__documents') }} as documents
    inner join {{ ref('stg_raw__departments') }} as departments
        on departments.department_id = documents.department_id
    where documents.is_current
),

rules as (
    select * from {{ ref('reconciliation_rules') }}
),

-- where a rule's table is printed: the citation of a finding that has none of its own
printed_tables as (
    select document_id, table_code, coalesce(printed_title, table_name) as title, source_line, source_page
    from {{ ref('stg_raw__table_completeness') }}
),

evaluated as (
    select
        documents.document_id,
        rules.rule_id,
        coalesce(evaluations.item_key, '') as item_key,
        evaluations.left_value,
        evaluations.right_value,
        evaluations.left_value - evaluations.right_value as difference,
        evaluations.terms,
        evaluations.tolerance,
        evaluations.cite_text,
        evaluations.cite_line,
        evaluations.cite_page
    from documents
    cross join rules
    left join evaluations
        on evaluations.document_id = documents.document_id
        and evaluations.rule_id = rules.rule_id
),

-- the closest explaining amount of a difference beyond rounding, when there is one
explained as (
    select distinct on (evaluated.document_id, evaluated.rule_id, evaluated.item_key)
        evaluated.document_id,
        evaluated.rule_id,
        evaluated.item_key,
        candidates.amount as explained_amount,
        candidates.explained_by,
        candidates.description_zh as explanation
    from evaluated
    inner join {{ ref('int_checks__explanations') }} as candidates
        on candidates.document_id = evaluated.document_id
        and candidates.rule_id = evaluated.rule_id
        and (
            (candidates.kind = 'equals_amount' and candidates.amount = evaluated.difference)
            or (candidates.kind = 'within_total' and evaluated.right_value = 0
                and evaluated.difference > 0 and evaluated.difference <= candidates.amount)
        )
    where abs(evaluated.difference) > evaluated.tolerance
    order by evaluated.document_id, evaluated.rule_id, evaluated.item_key, candidates.kind, candidates.amount
)

select
    md5(evaluated.document_id || '|' || evaluated.rule_id || '|' || evaluated.item_key) as check_id,
    evaluated.document_id,
    documents.department_id,
    documents.department_name,
    documents.fiscal_year,
    evaluated.rule_id,
    rules.rule_group,
    rules.table_code,
    rules.severity,
    rules.description_zh as rule_description,
    rules.description_en as rule_description_en,
    nullif(evaluated.item_key, '') as item_key,
    evaluated.left_value,
    evaluated.right_value,
    evaluated.difference,
    evaluated.terms,
    evaluated.tolerance,
    case
        when evaluated.terms is null then 'not_applicable'
        when evaluated.left_value = evaluated.right_value then 'ok'
        when abs(evaluated.difference) <= evaluated.tolerance then 'rounding'
        when explained.explained_by is not null then 'explained'
        else 'mismatch'
    end as status,
    explained.explained_amount,
    explained.explained_by,
    explained.explanation,
    coalesce(evaluated.cite_text, printed_tables.title) as cite_text,
    coalesce(evaluated.cite_line, printed_tables.source_line) as cite_line,
    coalesce(evaluated.cite_page, printed_tables.source_page) as cite_page,
    rules.caveat
from evaluated
inner join documents on documents.document_id = evaluated.document_id
inner join rules on rules.rule_id = evaluated.rule_id
left join explained
    on explained.document_id = evaluated.document_id
    and explained.rule_id = evaluated.rule_id
    and explained.item_key = evaluated.item_key
left join printed_tables
    on printed_tables.document_id = evaluated.document_id
    and printed_tables.table_code = rules.table_code
