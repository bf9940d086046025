-- indexes on what dashboards filter by (department, year, document), kept across rebuilds
{{ config(indexes=[{'columns': ['department_id', 'fiscal_year']}, {'columns': ['department_name', 'fiscal_year']}, {'columns': ['document_id']}]) }}
-- Budget execution per 科目: the narrative's 年初预算 (section 五(三)) joined to the table's 决算.
-- One row per 科目 the narrative lists, plus one '合计' row per fund whose 年初预算 the narrative states
-- (一般公共预算, 政府性基金预算 (section 七), 国有资本经营预算 (section 八)).
{% set rounding_allowance = 0.02 %}

with documents as (
    select * from {{ ref('int_analysis__current_documents') }}
),

stated as (
    select
        document_id,
        fact_type,
        subject_key,
        max(subject_code) as subject_code,
        min(item_no) as item_no,
        min(section) as section,
        max(value) filter (where measure = 'initial_budget') as initial_budget,
        max(value) filter (where measure = 'full_year_budget') as full_year_budget,
        max(value) filter (where measure = 'final_amount') as narrative_final_amount,
        max(value) filter (where measure = 'completion_rate') as reported_completion_rate,
        max(text_value) filter (where measure = 'reason') as reason,
        (array_agg(sentence order by first_fact_seq))[1] as sentence,
        (array_agg(source_line order by first_fact_seq))[1] as source_line,
        (array_agg(source_page order by first_fact_seq))[1] as source_page
    from {{ ref('int_analysis__narrative_statements') }}
    where fact_type in ('subject_execution', 'budget_execution')
    group by document_id, fact_type, subject_key
),

lines as (
    select
        stated.*,
        case
            when fact_type = 'budget_execution' then replace(subject_key, '支出', '')
            when section like '%政府性基金%' then '政府性基金预算财政拨款'
            when section like '%国有资本经营%' then '国有资本经营预算财政拨款'
            else '一般公共预算财政拨款'
        end as fund,
        case when fact_type = 'budget_execution' then '合计' else '科目' end as line_kind
    from stated
),

fund_tables (fund, table_code) as (
    values
        ('一般公共预算财政拨款', '05'),
        ('政府性基金预算财政拨款', '07'),
        ('国有资本经营预算财政拨款', '08')
),

-- keyed by line: a 科目's code, or '合计' for the fund's total row; one equality join reads both
-- (two conditional joins on the same rows made the planner loop over every pair)
table_spending as (
    select
        document_id,
        table_code,
        case when subject_code is not null then subject_code when line_label = '合计' then '合计' end
            as line_key,
        amount
    from {{ ref('stg_raw__amounts') }}
    where table_code in ('05', '07', '08') and measure = '本年支出合计'
),

joined as (
    select
        lines.*,
        fund_tables.table_code,
        spending.amount as table_final_amount
    from lines
    inner join fund_tables
        on fund_tables.fund = lines.fund
    left join table_spending as spending
        on spending.document_id = lines.document_id
        and spending.table_code = fund_tables.table_code
        and spending.line_key = case when lines.line_kind = '科目' then lines.subject_code else '合计' end
),

measured as (
    select
        joined.*,
        coalesce(joined.initial_budget, joined.full_year_budget) as budget,
        case
            when joined.initial_budget is not null then '年初预算'
            when joined.full_year_budget is not null then '全年预算'
        end as budget_basis,
        coalesce(joined.table_final_amount, joined.narrative_final_amount) as final_amount,
        case
            when joined.table_final_amount is not null then 'table_' || joined.table_code
            when joined.narrative_final_amount is not null then 'narrative'
        end as final_amount_source
    from joined
)

select
    documents.department_id,
    documents.department_name,
    documents.fiscal_year,
    make_date(documents.fiscal_year, 1, 1) as fiscal_year_start,
    measured.fund,
    measured.line_kind,
    measured.item_no,
    measured.subject_code,
    case
        when measured.line_kind = '合计' then measured.subject_key
        else coalesce(subjects.subject_name, split_part(measured.subject_key, '/', 3))
    end as subject_name,
    measured.subject_key as subject_path,
    measured.budget_basis,
    measured.initial_budget::numeric(18, 2) as initial_budget,
    measured.full_year_budget::numeric(18, 2) as full_year_budget,
    measured.final_amount::numeric(18, 2) as final_amount,
    measured.final_amount_source,
    measured.narrative_final_amount::numeric(18, 2) as narrative_final_amount,
    case when measured.table_final_amount is not null and measured.narrative_final_amount is not null
        then abs(measured.table_final_amount - measured.narrative_final_amount) <= {{ rounding_allowance }}
    end as narrative_matches_table,
    (measured.final_amount - measured.budget)::numeric(18, 2) as variance_amount,
    case when measured.budget <> 0 then round(measured.final_amount / measured.budget * 100, 2) end::numeric(9, 2)
        as completion_rate,
    measured.reported_completion_rate::numeric(9, 2) as reported_completion_rate,
    measured.reason,
    measured.document_id,
    measured.sentence,
    measured.source_line,
    measured.source_page
from measured
inner join documents
    on documents.document_id = measured.document_id
left join {{ ref('dim_subject') }} as subjects
    on subjects.subject_code = measured.subject_code
