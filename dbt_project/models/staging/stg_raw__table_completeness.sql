select
    document_id,
    table_code::text as table_code,
    table_name,
    status,
    note,
    title as printed_title,
    detail,
    source_line,
    source_page,
    source_sheet
from {{ source('raw', 'table_completeness') }}
