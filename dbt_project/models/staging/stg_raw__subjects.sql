select
    subject_code::text as subject_code,
    subject_name,
    level::integer as level,
    parent_code::text as parent_code
from {{ source('raw', 'subjects') }}
