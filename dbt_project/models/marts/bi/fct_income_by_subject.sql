-- Income by 功能分类科目 at one grain: department × year × 科目 × source (合计, 财政拨款收入, 事业收入 …),
-- from table 02 (收入决算表) of the current reports, with the 科目's level, its 类/款/项 codes and names,
-- and is_leaf: SUM(amount) over is_leaf rows of one source never counts a figure twice.
with sources (measure, income_source, income_source_name, source_order) as (
    values
        ('本年收入合计', 'total', '合计', 1),
        ('财政拨款收入', 'fiscal', '财政拨款收入', 2),
        ('上级补助收入', 'superior_subsidy', '上级补助收入', 3),
        ('事业收入', 'public_service', '事业收入', 4),
        ('经营收入', 'business', '经营收入', 5),
        ('附属单位上缴收入', 'affiliates', '附属单位上缴收入', 6),
        ('其他收入', 'other', '其他收入', 7)
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
    sources.income_source,
    sources.income_source_name,
    sources.source_order,
    lines.amount::numeric(18, 2) as amount,
    lines.document_id,
    lines.amount_id,
    lines.source_line,
    lines.source_page
from {{ ref('int_final_accounts__subject_lines') }} as lines
inner join sources
    on sources.measure = lines.measure
inner join {{ ref('int_analysis__current_documents') }} as documents
    on documents.document_id = lines.document_id
inner join {{ ref('dim_subject') }} as subjects
    on subjects.subject_code = lines.subject_code
left join {{ ref('dim_subject') }} as subclasses
    on subclasses.subject_code = left(lines.subject_code, 5)
    and subjects.level >= 2
where lines.table_code = '02'
