-- 'econ_hierarchy' rules: every 经济分类 类 (301 …) against the sum of its 款 (30101 …).
with rules as (
    select * from {{ ref('reconciliation_rules') }} where shape = 'econ_hierarchy'
),

facts as (
    select *
    from {{ ref('int_checks__facts') }}
    where econ_code is not null and table_code in (select table_code from rules)
),

children as (
    select document_id, table_code, measure, left(econ_code, 3) as parent_code,
           sum(amount) as amount, count(*) as terms, sum(rounding_allowance) as tolerance
    from facts
    where econ_level = 2
    group by 1, 2, 3, 4
)

select
    rules.rule_id,
    parents.document_id,
    parents.econ_code || ' ' || parents.measure as item_key,
    parents.amount as left_value,
    children.amount as right_value,
    children.terms + 1 as terms,
    children.tolerance + parents.rounding_allowance as tolerance
from facts as parents
inner join children
    on children.document_id = parents.document_id
    and children.table_code = parents.table_code
    and children.measure = parents.measure
    and children.parent_code = parents.econ_code
inner join rules on rules.table_code = parents.table_code
where parents.econ_level = 1
