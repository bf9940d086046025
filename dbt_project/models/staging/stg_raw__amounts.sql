-- Every printed amount, converted to 万元 (reports printed in 元 are divided by 10000).
select
    amount_id,
    document_id,
    table_code::text as table_code,
    row_seq,
    col_seq,
    section,
    line_label,
    line_no,
    subject_code::text as subject_code,
    econ_code::text as econ_code,
    measure,
    case when unit = '元' then amount / 10000 else amount end as amount,
    amount as amount_as_printed,
    unit,
    raw_text,
    source_line,
    source_page,
    source_sheet
from {{ source('raw', 'amounts') }}
