-- 政府采购 as the narrative states it, one row per department, year and category:
-- 合计 (政府采购支出总额) → 货物 / 工程 / 服务 (adding up to 合计), and 授予中小企业合同 (其中, part of
-- 合计) → 授予小微企业合同 (part of the 中小企业 amount).
with categories (category, category_order, parent_category, category_level) as (
    values
        ('合计', 1, null, 1),
        ('货物', 2, '合计', 2),
        ('工程', 3, '合计', 2),
        ('服务', 4, '合计', 2),
        ('授予中小企业合同', 5, '合计', 2),
        ('授予小微企业合同', 6, '授予中小企业合同', 3)
),

stated as (
    select
        document_id,
        subject_key as category,
        max(value) filter (where measure = 'amount') as amount,
        max(value) filter (where measure = 'share_pct') as reported_share_pct,
        max(text_value) filter (where measure = 'share_pct') as share_of,
        max(sentence) filter (where measure = 'amount') as sentence,
        max(source_line) filter (where measure = 'amount') as source_line,
        max(source_page) filter (where measure = 'amount') as source_page
    from {{ ref('int_analysis__narrative_statements') }}
    where fact_type = 'procurement'
    group by document_id, subject_key
)

select
    documents.department_id,
    documents.department_name,
    documents.fiscal_year,
    make_date(documents.fiscal_year, 1, 1) as fiscal_year_start,
    stated.category,
    categories.category_order,
    categories.parent_category,
    categories.category_level,
    stated.amount::numeric(18, 2) as amount,
    case when parents.amount <> 0 then round(stated.amount / parents.amount * 100, 2) end::numeric(9, 2)
        as share_of_parent_pct,
    stated.reported_share_pct::numeric(9, 2) as reported_share_pct,
    stated.share_of,
    stated.document_id,
    stated.sentence,
    stated.source_line,
    stated.source_page
from stated
inner join categories
    on categories.category = stated.category
inner join {{ ref('int_analysis__current_documents') }} as documents
    on documents.document_id = stated.document_id
left join stated as parents
    on parents.document_id = stated.document_id
    and parents.category = categories.parent_category
where stated.amount is not null
