-- 'hierarchy' rules: every 类 (款) against the sum of its 款 (项), per column;
-- 'grand_total' rules: the 合计 row against the sum of the 类, per column.
with rules as (
    select * from {{ ref('reconciliation_rules') }} where shape in ('hierarchy', 'grand_total')
),

children as (
    select
        document_id,
        table_code,
        measure,
        parent_subject_code,
        sum(amount) as amount,
        count(*) as terms,
        sum(rounding_allowance) as tolerance
    from {{ ref('int_checks__facts') }}
    where parent_subject_code is not null
        and table_code in (select table_code from rules where shape = 'hierarchy')
    group by document_id, table_code, measure, parent_subject_code
),

hierarchy as (
    select
        rules.rule_id,
        parents.document_id,
        parents.subject_code || ' ' || parents.measure as item_key,
        parents.amount as left_value,
        children.amount as right_value,
        children.terms + 1 as terms,
        children.tolerance + parents.rounding_allowance as tolerance
    from {{ ref('int_checks__facts') }} as parents
    inner join children
        on children.document_id = parents.document_id
        and children.table_code = parents.table_code
        and children.measure = parents.measure
        and children.parent_subject_code = parents.subject_code
    inner join rules
        on rules.table_code = parents.table_code and rules.shape = 'hierarchy'
),

classes as (
    select document_id, table_code, measure, sum(amount) as amount, count(*) as terms,
           sum(rounding_allowance) as tolerance
    from {{ ref('int_checks__facts') }}
    where subject_level = 1
        and table_code in (select table_code from rules where shape = 'grand_total')
    group by document_id, table_code, measure
),

grand_total as (
    select
        rules.rule_id,
        totals.document_id,
        totals.measure as item_key,
        totals.amount as left_value,
        classes.amount as right_value,
        classes.terms + 1 as terms,
        classes.tolerance + totals.rounding_allowance as tolerance
    from {{ ref('int_checks__facts') }} as totals
    inner join classes
        on classes.document_id = totals.document_id
        and classes.table_code = totals.table_code
        and classes.measure = totals.measure
    inner join rules
        on rules.table_code = totals.table_code and rules.shape = 'grand_total'
    where totals.subject_code is null and totals.line_label in ('合计', '总计')
)

select * from hierarchy
union all
select * from grand_total
