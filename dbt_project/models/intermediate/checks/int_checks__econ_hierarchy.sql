-- 'econ_hierarchy' rules: every 经济分类 类 (301 …) against the sum of its 款 (30101 …).
-- The 款 are summed by a window over their 类 code, so each 类 row reads its own sum in one pass
-- (joining the 款 sums back to the 类 rows made the planner loop over every pair).
with rules as (
    select * from {{ ref('reconciliation_rules') }} where shape = 'econ_hierarchy'
),

facts as (
    select
        document_id,
        table_code,
        measure,
        econ_code,
        econ_level,
        amount,
        rounding_allowance,
        sum(amount) filter (where econ_level = 2) over per_class as children_amount,
        count(*) filter (where econ_level = 2) over per_class as children_terms,
        sum(rounding_allowance) filter (where econ_level = 2) over per_class as children_tolerance
    from {{ ref('int_checks__facts') }}
    where econ_code is not null and table_code in (select table_code from rules)
    window per_class as (partition by document_id, table_code, measure, left(econ_code, 3))
)

select
    rules.rule_id,
    parents.document_id,
    parents.econ_code || ' ' || parents.measure as item_key,
    parents.amount as left_value,
    parents.children_amount as right_value,
    parents.children_terms + 1 as terms,
    parents.children_tolerance + parents.rounding_allowance as tolerance
from facts as parents
inner join rules on rules.table_code = parents.table_code
where parents.econ_level = 1
    and parents.econ_code = left(parents.econ_code, 3)
    and parents.children_terms > 0
