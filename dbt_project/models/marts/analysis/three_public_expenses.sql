-- indexes on what dashboards filter by (department, year, document), kept across rebuilds
{{ config(indexes=[{'columns': ['department_id', 'fiscal_year']}, {'columns': ['department_name', 'fiscal_year']}, {'columns': ['document_id']}]) }}
-- 三公 expenses per department, year and category: table 09's 预算数 and 决算数 (the narrative's when
-- the table leaves a category empty), the narrative's details (vehicles, fleet, delegations, visitors),
-- table 06's related economic lines (basic expenditure only) and the prior year's actual.
with documents as (
    select * from {{ ref('int_analysis__current_documents') }}
),

-- parent_category and category_level place each category in table 09's tree (合计 → 因公出国(境)费,
-- 公务用车购置及运行维护费 → 公务用车购置费 and 公务用车运行维护费, 公务接待费); is_leaf rows sum to 合计
categories (category, category_order, econ_codes, parent_category, category_level, is_leaf) as (
    values
        ('合计', 1, array['30212', '31013', '30231', '30217'], null, 1, false),
        ('因公出国(境)费', 2, array['30212'], '合计', 2, true),
        ('公务用车购置及运行维护费', 3, array['31013', '30231'], '合计', 2, false),
        ('公务用车购置费', 4, array['31013'], '公务用车购置及运行维护费', 3, true),
        ('公务用车运行维护费', 5, array['30231'], '公务用车购置及运行维护费', 3, true),
        ('公务接待费', 6, array['30217'], '合计', 2, true)
),

table_09 as (
    select
        document_id,
        line_label as category,
        min(amount) filter (where measure = '预算数') as budget,
        min(amount) filter (where measure = '决算数') as actual
    from {{ ref('stg_raw__amounts') }}
    where table_code = '09'
    group by document_id, line_label
),

basic_lines as (
    select
        amounts.document_id,
        categories.category,
        sum(amounts.amount) as amount
    from {{ ref('stg_raw__amounts') }} as amounts
    inner join categories
        on amounts.econ_code = any(categories.econ_codes)
    where amounts.table_code = '06'
    group by amounts.document_id, categories.category
),

statements as (
    select * from {{ ref('int_analysis__narrative_statements') }}
    where fact_type in ('three_public', 'three_public_reception')
),

stated as (
    select
        document_id,
        subject_key as category,
        max(value) filter (where measure = 'budget') as budget,
        max(value) filter (where measure = 'actual') as actual,
        max(value) filter (where measure = 'completion_rate') as completion_rate,
        max(value) filter (where measure = 'share_pct') as share_pct,
        max(value) filter (where measure = 'change_amount') as change_amount,
        max(value) filter (where measure = 'vehicles_purchased') as vehicles_purchased,
        max(value) filter (where measure = 'fleet_size') as fleet_size,
        max(value) filter (where measure = 'delegations') as delegations,
        max(value) filter (where measure = 'person_times') as person_times,
        max(source_line) filter (where measure = 'actual') as source_line,
        max(source_page) filter (where measure = 'actual') as source_page
    from statements
    where fact_type = 'three_public'
    group by document_id, subject_key
),

reception as (
    select
        document_id,
        '公务接待费' as category,
        sum(value) filter (where measure = 'delegations') as delegations,
        sum(value) filter (where measure = 'visitors') as person_times,
        max(value) filter (where measure = 'amount' and subject_key = '外宾接待') as foreign_reception_amount,
        max(value) filter (where measure = 'amount' and subject_key = '国内公务接待') as domestic_reception_amount
    from statements
    where fact_type = 'three_public_reception'
    group by document_id
),

per_document as (
    select
        documents.document_id,
        documents.prior_year_document_id,
        categories.category,
        categories.category_order,
        categories.parent_category,
        categories.category_level,
        categories.is_leaf,
        coalesce(table_09.budget, stated.budget) as budget,
        case
            when table_09.budget is not null then 'table_09'
            when stated.budget is not null then 'narrative'
        end as budget_source,
        coalesce(table_09.actual, stated.actual) as actual,
        case
            when table_09.actual is not null then 'table_09'
            when stated.actual is not null then 'narrative'
        end as actual_source,
        stated.budget as narrative_budget,
        stated.actual as narrative_actual,
        stated.completion_rate as reported_execution_rate,
        stated.share_pct as reported_share_pct,
        stated.change_amount as narrative_change_amount,
        basic_lines.amount as basic_expenditure_amount,
        stated.vehicles_purchased,
        stated.fleet_size,
        coalesce(stated.delegations, reception.delegations) as delegations,
        coalesce(stated.person_times, reception.person_times) as person_times,
        reception.foreign_reception_amount,
        reception.domestic_reception_amount,
        stated.source_line,
        stated.source_page
    from documents
    cross join categories
    left join table_09
        on table_09.document_id = documents.document_id
        and table_09.category = categories.category
    left join stated
        on stated.document_id = documents.document_id
        and stated.category = categories.category
    left join basic_lines
        on basic_lines.document_id = documents.document_id
        and basic_lines.category = categories.category
    left join reception
        on reception.document_id = documents.document_id
        and reception.category = categories.category
    where exists (select 1 from table_09 where table_09.document_id = documents.document_id)
        or exists (select 1 from stated as any_stated where any_stated.document_id = documents.document_id)
),

with_prior_year as (
    select
        per_document.*,
        case when per_document.budget <> 0
            then round(per_document.actual / per_document.budget * 100, 2)
        end as execution_rate,
        coalesce(prior_year.actual, per_document.actual - per_document.narrative_change_amount)
            as prior_year_actual,
        case
            when prior_year.actual is not null then 'reports'
            when per_document.narrative_change_amount is not null then 'narrative'
        end as prior_year_source
    from per_document
    left join per_document as prior_year
        on prior_year.document_id = per_document.prior_year_document_id
        and prior_year.category = per_document.category
)

select
    documents.department_id,
    documents.department_name,
    documents.fiscal_year,
    make_date(documents.fiscal_year, 1, 1) as fiscal_year_start,
    with_prior_year.category,
    with_prior_year.category_order,
    with_prior_year.parent_category,
    with_prior_year.category_level,
    with_prior_year.is_leaf,
    with_prior_year.budget::numeric(18, 2) as budget,
    with_prior_year.actual::numeric(18, 2) as actual,
    with_prior_year.execution_rate::numeric(9, 2) as execution_rate,
    with_prior_year.reported_execution_rate::numeric(9, 2) as reported_execution_rate,
    (with_prior_year.actual - with_prior_year.budget)::numeric(18, 2) as variance_amount,
    with_prior_year.budget_source,
    with_prior_year.actual_source,
    with_prior_year.narrative_budget::numeric(18, 2) as narrative_budget,
    with_prior_year.narrative_actual::numeric(18, 2) as narrative_actual,
    with_prior_year.reported_share_pct::numeric(9, 2) as reported_share_pct,
    with_prior_year.basic_expenditure_amount::numeric(18, 2) as basic_expenditure_amount,
    with_prior_year.prior_year_actual::numeric(18, 2) as prior_year_actual,
    with_prior_year.prior_year_source,
    case when with_prior_year.prior_year_actual <> 0
        then round((with_prior_year.actual - with_prior_year.prior_year_actual)
                   / with_prior_year.prior_year_actual * 100, 2)
    end::numeric(9, 2) as yoy_change_pct,
    with_prior_year.vehicles_purchased::integer as vehicles_purchased,
    with_prior_year.fleet_size::integer as fleet_size,
    with_prior_year.delegations::integer as delegations,
    with_prior_year.person_times::integer as person_times,
    with_prior_year.foreign_reception_amount::numeric(18, 2) as foreign_reception_amount,
    with_prior_year.domestic_reception_amount::numeric(18, 2) as domestic_reception_amount,
    with_prior_year.document_id,
    with_prior_year.prior_year_document_id,
    with_prior_year.source_line,
    with_prior_year.source_page
from with_prior_year
inner join documents
    on documents.document_id = with_prior_year.document_id
