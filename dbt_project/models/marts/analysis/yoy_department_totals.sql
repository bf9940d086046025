-- indexes on what dashboards filter by (department, year, document), kept across rebuilds
{{ config(indexes=[{'columns': ['department_id', 'fiscal_year']}, {'columns': ['department_name', 'fiscal_year']}, {'columns': ['document_id']}]) }}
-- Year-over-year totals per department, year and measure.
-- source 'reports': both years' reports are loaded (current versions); the amounts come from their tables
--   (机关运行经费, which no table prints, from each report's own narrative).
-- source 'narrative': the report's own stated change against the prior year (“增加 5355.63 万元，增长 6.54%”)
--   when the prior year's report is not loaded, or when it is and the two prior-year figures disagree.
{% set rounding_allowance = 0.02 %}  {# two printed figures, each rounded to 0.01 万元 #}

with documents as (
    select * from {{ ref('int_analysis__current_documents') }}
),

-- the printed cell of each measure: table, side, row label and column
measure_lines (measure, table_code, section, line_label, column_measure) as (
    values
        ('收入总计', '01', '收入', '总计', '金额'),
        ('支出总计', '01', '支出', '总计', '金额'),
        ('本年收入合计', '01', '收入', '本年收入合计', '金额'),
        ('本年支出合计', '01', '支出', '本年支出合计', '金额'),
        ('财政拨款收入总计', '04', '收入', '总计', '金额'),
        ('财政拨款支出总计', '04', '支出', '总计', '合计'),
        ('一般公共预算财政拨款支出', '04', '支出', '本年支出合计', '一般公共预算财政拨款'),
        ('政府性基金预算财政拨款支出', '04', '支出', '本年支出合计', '政府性基金预算财政拨款'),
        ('三公经费支出', '09', null, '合计', '决算数')
),

table_amounts as (
    select
        amounts.document_id,
        measure_lines.measure,
        min(amounts.amount) as amount
    from {{ ref('stg_raw__amounts') }} as amounts
    inner join measure_lines
        on measure_lines.table_code = amounts.table_code
        and measure_lines.line_label = amounts.line_label
        and measure_lines.column_measure = amounts.measure
        and measure_lines.section is not distinct from amounts.section
    inner join documents
        on documents.document_id = amounts.document_id
    group by amounts.document_id, measure_lines.measure
),

stated as (
    select
        document_id,
        subject_key as measure,
        max(value) filter (where measure = 'amount') as amount,
        max(value) filter (where measure = 'change_amount') as change_amount,
        max(value) filter (where measure = 'change_pct') as change_pct,
        max(text_value) filter (where measure = 'reason') as reason,
        max(sentence) filter (where measure = 'change_amount') as sentence,
        max(source_line) filter (where measure = 'change_amount') as source_line,
        max(source_page) filter (where measure = 'change_amount') as source_page
    from {{ ref('int_analysis__narrative_statements') }}
    where fact_type = 'prior_year_comparison'
    group by document_id, subject_key
),

year_amounts as (
    select document_id, measure, amount from table_amounts
    union all
    select stated.document_id, stated.measure, stated.amount
    from stated
    where stated.amount is not null
        and not exists (
            select 1 from table_amounts
            where table_amounts.document_id = stated.document_id and table_amounts.measure = stated.measure
        )
),

from_reports as (
    select
        documents.document_id,
        current_year.measure,
        current_year.amount,
        prior_year.amount as prior_year_amount,
        current_year.amount - prior_year.amount as change_amount,
        case when prior_year.amount <> 0
            then round((current_year.amount - prior_year.amount) / prior_year.amount * 100, 2)
        end as change_pct,
        'reports' as source,
        documents.prior_year_document_id
    from documents
    inner join year_amounts as current_year
        on current_year.document_id = documents.document_id
    inner join year_amounts as prior_year
        on prior_year.document_id = documents.prior_year_document_id
        and prior_year.measure = current_year.measure
),

from_narrative as (
    select
        stated.document_id,
        stated.measure,
        stated.amount,
        stated.amount - stated.change_amount as prior_year_amount,
        stated.change_amount,
        case when stated.amount - stated.change_amount <> 0
            then round(stated.change_amount / (stated.amount - stated.change_amount) * 100, 2)
        end as change_pct,
        'narrative' as source,
        null::integer as prior_year_document_id
    from stated
    inner join documents
        on documents.document_id = stated.document_id
    where stated.amount is not null and stated.change_amount is not null
),

compared as (
    select
        from_reports.document_id,
        from_reports.measure,
        from_reports.prior_year_amount as reports_prior_year_amount,
        from_narrative.prior_year_amount as narrative_prior_year_amount,
        abs(from_reports.prior_year_amount - from_narrative.prior_year_amount)
            <= {{ rounding_allowance }} as sources_agree
    from from_reports
    inner join from_narrative
        on from_narrative.document_id = from_reports.document_id
        and from_narrative.measure = from_reports.measure
),

both_ways as (
    select
        from_reports.*,
        compared.narrative_prior_year_amount as other_source_prior_year_amount,
        compared.sources_agree
    from from_reports
    left join compared
        on compared.document_id = from_reports.document_id
        and compared.measure = from_reports.measure
    union all
    select
        from_narrative.*,
        compared.reports_prior_year_amount as other_source_prior_year_amount,
        compared.sources_agree
    from from_narrative
    left join compared
        on compared.document_id = from_narrative.document_id
        and compared.measure = from_narrative.measure
    where compared.sources_agree is null or not compared.sources_agree
)

-- is_preferred: the one row per department, year and measure to chart, the reports' figures over the
-- narrative's when both exist
select
    documents.department_id,
    documents.department_name,
    documents.fiscal_year,
    make_date(documents.fiscal_year, 1, 1) as fiscal_year_start,
    both_ways.measure,
    both_ways.amount::numeric(18, 2) as amount,
    both_ways.prior_year_amount::numeric(18, 2) as prior_year_amount,
    both_ways.change_amount::numeric(18, 2) as change_amount,
    both_ways.change_pct::numeric(9, 2) as change_pct,
    both_ways.source,
    row_number() over (
        partition by both_ways.document_id, both_ways.measure
        order by case both_ways.source when 'reports' then 1 else 2 end
    ) = 1 as is_preferred,
    stated.change_pct::numeric(9, 2) as reported_change_pct,
    both_ways.other_source_prior_year_amount::numeric(18, 2) as other_source_prior_year_amount,
    both_ways.sources_agree,
    stated.reason,
    both_ways.document_id,
    both_ways.prior_year_document_id,
    stated.sentence,
    stated.source_line,
    stated.source_page
from both_ways
inner join documents
    on documents.document_id = both_ways.document_id
left join stated
    on stated.document_id = both_ways.document_id
    and stated.measure = both_ways.measure
