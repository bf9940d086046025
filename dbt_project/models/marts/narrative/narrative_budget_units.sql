-- The budget units a department's final accounts cover, as its report lists them: one row per unit.
select
    documents.department_id,
    documents.department_name,
    documents.fiscal_year,
    make_date(documents.fiscal_year, 1, 1) as fiscal_year_start,
    units.unit_seq::integer as unit_seq,
    units.unit_name,
    documents.document_id
from {{ ref('stg_raw__budget_units') }} as units
inner join {{ ref('int_analysis__current_documents') }} as documents
    on documents.document_id = units.document_id
