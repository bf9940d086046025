select
    department_id,
    department_name,
    region
from {{ source('raw', 'departments') }}
