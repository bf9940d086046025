-- yoy_department_totals: exactly one is_preferred row per department, fiscal year and measure.
select department_id, fiscal_year, measure, count(*) filter (where is_preferred) as preferred_rows
from {{ ref('yoy_department_totals') }}
group by department_id, fiscal_year, measure
having count(*) filter (where is_preferred) <> 1
