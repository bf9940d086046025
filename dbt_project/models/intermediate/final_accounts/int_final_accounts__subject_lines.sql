-- The 科目 rows of tables 02 (收入决算表) and 03 (支出决算表) of current reports, one per document,
-- table, 科目 and column, with the row's place in the 类/款/项 tree: is_leaf when no deeper 科目
-- of the same table and document is printed under it (a 项, or a 类/款 printed without its parts).
-- Descendants are counted per document and ancestor code (a GROUP BY joined back on the keys), so the
-- plan stays linear in the number of reports.
with documents as (
    select * from {{ ref('int_analysis__current_documents') }}
),

lines as (
    select distinct on (amounts.document_id, amounts.table_code, amounts.subject_code, amounts.measure)
        amounts.amount_id,
        amounts.document_id,
        amounts.table_code,
        amounts.subject_code,
        amounts.measure,
        amounts.amount,
        amounts.row_seq,
        amounts.source_line,
        amounts.source_page
    from {{ ref('stg_raw__amounts') }} as amounts
    inner join documents
        on documents.document_id = amounts.document_id
    where amounts.table_code in ('02', '03')
        and amounts.subject_code is not null
    order by amounts.document_id, amounts.table_code, amounts.subject_code, amounts.measure, amounts.row_seq
),

printed as (
    select distinct document_id, table_code, subject_code
    from lines
),

descendants as (
    select document_id, table_code, left(subject_code, 3) as ancestor_code, count(*) as descendant_count
    from printed
    where length(subject_code) > 3
    group by document_id, table_code, left(subject_code, 3)
    union all
    select document_id, table_code, left(subject_code, 5) as ancestor_code, count(*) as descendant_count
    from printed
    where length(subject_code) > 5
    group by document_id, table_code, left(subject_code, 5)
)

select
    lines.*,
    coalesce(descendants.descendant_count, 0) as descendant_count,
    descendants.descendant_count is null as is_leaf
from lines
left join descendants
    on descendants.document_id = lines.document_id
    and descendants.table_code = lines.table_code
    and descendants.ancestor_code = lines.subject_code
