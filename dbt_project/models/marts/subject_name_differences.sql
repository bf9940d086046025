-- Where a report prints a 科目 under another name than the dimension's: a finding, never a change to
-- marts.dim_subject. A name cut short by a narrow column (a prefix of the dimension's name, or the other
-- way round) is not a difference.
with printed as (
    select
        document_id,
        table_code,
        subject_code,
        line_label as printed_name,
        min(row_seq) as row_seq,
        min(raw_text) as raw_text
    from {{ ref('stg_raw__amounts') }}
    where subject_code is not null
      and table_code not in ('01', '04')   -- their lines are totals by class, not 科目 names
      and line_label is not null
    group by document_id, table_code, subject_code, line_label
)

select
    printed.document_id,
    departments.department_name,
    documents.fiscal_year,
    documents.is_current,
    printed.table_code,
    printed.row_seq,
    printed.subject_code,
    printed.printed_name,
    dim.subject_name as dimension_name,
    dim.name_source
from printed
inner join {{ ref('dim_subject') }} as dim
    on dim.subject_code = printed.subject_code
inner join {{ ref('stg_raw__documents') }} as documents
    on documents.document_id = printed.document_id
inner join {{ ref('stg_raw__departments') }} as departments
    on departments.department_id = documents.department_id
where dim.subject_name is not null
  and regexp_replace(printed.printed_name, '\s', '', 'g') <> regexp_replace(dim.subject_name, '\s', '', 'g')
  and not starts_with(dim.subject_name, printed.printed_name)
  and not starts_with(printed.printed_name, dim.subject_name)
