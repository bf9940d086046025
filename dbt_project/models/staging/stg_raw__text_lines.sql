select
    document_id,
    line_seq,
    text as line_text,
    source_line,
    source_page,
    source_sheet
from {{ source('raw', 'text_lines') }}
