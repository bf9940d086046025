select
    warning_id,
    document_id,
    table_code::text as table_code,
    message,
    raw_text,
    source_line,
    source_page
from {{ source('raw', 'parse_warnings') }}
