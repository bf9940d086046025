select
    document_id,
    unit_seq::integer as unit_seq,
    unit_name
from {{ source('raw', 'budget_units') }}
