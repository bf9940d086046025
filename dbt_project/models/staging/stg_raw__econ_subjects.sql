select
    econ_code::text as econ_code,
    econ_name,
    level::integer as level,
    parent_code::text as parent_code,
    expense_group
from {{ source('raw', 'econ_subjects') }}
