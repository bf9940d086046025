select
    document_id,
    table_code::text as table_code,
    title as table_title,
    printed_number,
    unit,
    source_line,
    source_page,
    note
from {{ source('raw', 'report_tables') }}
