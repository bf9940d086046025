-- Spending by 功能分类科目 at one grain: department × year × 科目 × kind (合计, 基本支出, 项目支出 …),
-- from table 03 (支出决算表) of the current reports, with the 科目's level, its 类/款/项 codes and names,
-- and is_leaf: SUM(amount) over is_leaf rows of one kind never counts a figure twice.
with kinds (measure, expenditure_kind, expenditure_kind_name, kind_order) as (
    values
        ('本年支出合计', 'total', '合计', 1),
        ('基本支出', 'basic', '基本支出', 2),
        ('项目支出', 'project', '项目支出', 3),
        ('上缴上级支出', 'remitted', '上缴上级支出', 4),
        ('经营支出', 'business', '经营支出', 5),
        ('对附属单位补助支出', 'affiliates', '对附属单位补助支出', 6)
)

select
    documents.department_id,
    documents.department_name,
    documents.fiscal_year,
    make_date(documents.fiscal_year, 1, 1) as fiscal_year_start,
    lines.subject_code,
    subjects.subject_name,
    subjects.level as subject_level,
    subjects.level_name as subject_level_name,
    subjects.parent_code,
    subjects.class_code,
    subjects.class_name,
    case when subjects.level >= 2 then left(lines.subject_code, 5) end as subclass_code,
    subclasses.subject_name as subclass_name,
    case when subjects.level = 3 then lines.subject_code end as item_code,
    case when subjects.level = 3 then subjects.subject_name end as item_name,
    lines.is_leaf,
    kinds.expenditure_kind,
    kinds.expenditure_kind_name,
    kinds.kind_order,
    lines.amount::numeric(18, 2) as amount,
    lines.document_id,
    lines.amount_id,
    lines.source_line,
    lines.source_page
from {{ ref('int_final_accounts__subject_lines') }} as lines
inner join kinds
    on kinds.measure = lines.measure
inner join {{ ref('int_analysis__current_documents') }} as documents
    on documents.document_id = lines.document_id
inner join {{ ref('dim_subject') }} as subjects
    on subjects.subject_code = lines.subject_code
left join {{ ref('dim_subject') }} as subclasses
    on subclasses.subject_code = left(lines.subject_code, 5)
    and subjects.level >= 2
where lines.table_code = '03'
