-- 预算绩效管理情况 as the narrative states it, one row per department, year, item and measure: how many
-- projects were evaluated (市本级项目, 二级单位项目, 项目重点评价 …), the department's self-evaluation
-- (部门整体: funds available and executed, score) and the projects' self-evaluation (项目自评: count,
-- amount, share of the project spending).
with measures (measure, measure_name) as (
    values
        ('count', '数量'),
        ('funds_available', '实际到位资金'),
        ('funds_executed', '实际执行资金'),
        ('score', '自评得分'),
        ('amount', '金额'),
        ('share_pct', '占比')
)

select
    documents.department_id,
    documents.department_name,
    documents.fiscal_year,
    make_date(documents.fiscal_year, 1, 1) as fiscal_year_start,
    stated.subject_key as item,
    stated.measure,
    measures.measure_name,
    stated.value::numeric(18, 2) as value,
    stated.unit,
    stated.document_id,
    stated.sentence,
    stated.source_line,
    stated.source_page
from {{ ref('int_analysis__narrative_statements') }} as stated
inner join measures
    on measures.measure = stated.measure
inner join {{ ref('int_analysis__current_documents') }} as documents
    on documents.document_id = stated.document_id
where stated.fact_type = 'performance'
    and stated.value is not null
