{# The body of a fact by 功能分类科目 at one grain (marts/bi/fct_expenditure_by_subject, fct_income_by_subject):
   one row per current report × 科目 × kind of the table, with the 科目's level, 类/款/项 codes and names
   and is_leaf. `kinds` is the model's CTE naming the table's measures (measure, <kind_column>,
   <kind_column>_name, <order_column>). #}
{% macro subject_fact(table_code, kinds, kind_column, order_column) %}
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
    {{ kinds }}.{{ kind_column }},
    {{ kinds }}.{{ kind_column }}_name,
    {{ kinds }}.{{ order_column }},
    lines.amount::numeric(18, 2) as amount,
    lines.document_id,
    lines.amount_id,
    lines.source_line,
    lines.source_page
from {{ ref('int_final_accounts__subject_lines') }} as lines
inner join {{ kinds }}
    on {{ kinds }}.measure = lines.measure
inner join {{ ref('int_analysis__current_documents') }} as documents
    on documents.document_id = lines.document_id
inner join {{ ref('dim_subject') }} as subjects
    on subjects.subject_code = lines.subject_code
left join {{ ref('dim_subject') }} as subclasses
    on subclasses.subject_code = left(lines.subject_code, 5)
    and subjects.level >= 2
where lines.table_code = '{{ table_code }}'
{% endmacro %}
