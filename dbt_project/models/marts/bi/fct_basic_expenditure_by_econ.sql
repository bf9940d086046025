-- Basic expenditure (一般公共预算财政拨款基本支出, table 06) by 经济分类科目 at one grain: department × year
-- × 经济分类科目, with 人员经费/公用经费 as the table groups it, the 类/款 codes and names, the level and
-- is_leaf: SUM(amount) over is_leaf rows never counts a figure twice (a 款 is summed, not its 类).
with documents as (
    select * from {{ ref('int_analysis__current_documents') }}
),

lines as (
    select distinct on (amounts.document_id, amounts.econ_code)
        amounts.amount_id,
        amounts.document_id,
        amounts.econ_code,
        amounts.section,
        amounts.amount,
        amounts.source_line,
        amounts.source_page
    from {{ ref('stg_raw__amounts') }} as amounts
    inner join documents
        on documents.document_id = amounts.document_id
    where amounts.table_code = '06'
        and amounts.econ_code is not null
    order by amounts.document_id, amounts.econ_code, amounts.row_seq, amounts.col_seq
),

descendants as (
    select document_id, left(econ_code, 3) as ancestor_code, count(*) as descendant_count
    from lines
    where length(econ_code) > 3
    group by document_id, left(econ_code, 3)
)

select
    documents.department_id,
    documents.department_name,
    documents.fiscal_year,
    make_date(documents.fiscal_year, 1, 1) as fiscal_year_start,
    lines.econ_code,
    econ.econ_name,
    econ.level as econ_level,
    econ.level_name as econ_level_name,
    econ.parent_code,
    econ.class_code,
    econ.class_name,
    case when econ.level = 2 then lines.econ_code end as subclass_code,
    case when econ.level = 2 then econ.econ_name end as subclass_name,
    coalesce(lines.section, econ.expense_group) as expense_group,
    descendants.descendant_count is null as is_leaf,
    lines.amount::numeric(18, 2) as amount,
    lines.document_id,
    lines.amount_id,
    lines.source_line,
    lines.source_page
from lines
inner join documents
    on documents.document_id = lines.document_id
inner join {{ ref('dim_econ_subject') }} as econ
    on econ.econ_code = lines.econ_code
left join descendants
    on descendants.document_id = lines.document_id
    and descendants.ancestor_code = lines.econ_code
