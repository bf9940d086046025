-- Departments with at least one current document, with the years they cover.
with current_documents as (
    select * from {{ ref('stg_raw__documents') }}
    where is_current
),

coverage as (
    select
        department_id,
        min(fiscal_year) as first_fiscal_year,
        max(fiscal_year) as last_fiscal_year,
        count(*) as document_count
    from current_documents
    group by department_id
)

select
    departments.department_id,
    departments.department_name,
    departments.region,
    coverage.first_fiscal_year,
    coverage.last_fiscal_year,
    coverage.document_count
from {{ ref('stg_raw__departments') }} as departments
inner join coverage
    on coverage.department_id = departments.department_id
