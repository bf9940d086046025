select
    document_id,
    content_sha256,
    source_path,
    source_format,
    department_id,
    fiscal_year::integer as fiscal_year,
    report_kind,
    money_unit,
    publication_text,
    published_on,
    parser_version,
    loaded_at,
    is_current,
    superseded_by,
    table_set,
    truncated
from {{ source('raw', 'documents') }}
