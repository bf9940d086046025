-- Current reports with their department and the current report of the year before, when it is loaded.
with documents as (
    select * from {{ ref('stg_raw__documents') }}
    where is_current
)

select
    documents.document_id,
    documents.department_id,
    departments.department_name,
    documents.fiscal_year,
    documents.report_kind,
    prior_year.document_id as prior_year_document_id
from documents
inner join {{ ref('stg_raw__departments') }} as departments
    on departments.department_id = documents.department_id
left join documents as prior_year
    on prior_year.department_id = documents.department_id
    and prior_year.report_kind = documents.report_kind
    and prior_year.fiscal_year = documents.fiscal_year - 1
