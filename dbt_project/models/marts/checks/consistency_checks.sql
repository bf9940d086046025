-- indexes on what dashboards filter by (department, year, document), kept across rebuilds
{{ config(indexes=[{'columns': ['department_id', 'fiscal_year']}, {'columns': ['department_name', 'fiscal_year']}, {'columns': ['document_id']}, {'columns': ['status']}]) }}
-- One evaluation of one reconciliation rule on one report (and item: class, column or row).
-- difference = left - right; within the rounding a sum of that many printed figures can
-- carry (尾差) it is 'rounding', beyond it 'mismatch'; a rule with no inputs in a report is
-- 'not_applicable', so that no rule is ever silently skipped.
with evaluations as (
    select * from {{ ref('int_checks__sum_rules') }}
    union all
    select * from {{ ref('int_checks__row_sums') }}
    union all
    select * from {{ ref('int_checks__class_pairs') }}
    union all
    select * from {{ ref('int_checks__subject_hierarchy') }}
    union all
    select * from {{ ref('int_checks__econ_hierarchy') }}
    union all
    select * from {{ ref('int_checks__narrative_pairs') }}
    union all
    select * from {{ ref('int_checks__narrative_rates') }}
    union all
    select * from {{ ref('int_checks__scorecards') }}
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

evaluated as (
    select
        documents.document_id,
        rules.rule_id,
        coalesce(evaluations.item_key, '') as item_key,
        evaluations.left_value,
        evaluations.right_value,
        evaluations.terms,
        evaluations.tolerance
    from documents
    cross join rules
    left join evaluations
        on evaluations.document_id = documents.document_id
        and evaluations.rule_id = rules.rule_id
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
    rules.description_zh as rule_description,
    rules.description_en as rule_description_en,
    nullif(evaluated.item_key, '') as item_key,
    evaluated.left_value,
    evaluated.right_value,
    evaluated.left_value - evaluated.right_value as difference,
    evaluated.terms,
    evaluated.tolerance,
    case
        when evaluated.terms is null then 'not_applicable'
        when evaluated.left_value = evaluated.right_value then 'ok'
        when abs(evaluated.left_value - evaluated.right_value) <= evaluated.tolerance then 'rounding'
        else 'mismatch'
    end as status,
    rules.caveat
from evaluated
inner join documents on documents.document_id = evaluated.document_id
inner join rules on rules.rule_id = evaluated.rule_id
