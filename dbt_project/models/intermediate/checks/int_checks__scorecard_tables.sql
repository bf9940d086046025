-- 'scorecard_tables' rules: the self-evaluation forms against the tables and the narrative.
-- The department form's executed total and appropriation against 公开01 and 公开04, its initial
-- budget against the initial budgets the narrative states per fund, the rates the narrative states
-- of the department (预算执行率, 政府采购执行率) against the form, the form's 三公 control rate against
-- 公开09, and the narrative's figures on the evaluated projects (their share of 项目支出, their count).
with departments as (
    select document_id, scorecard_id, initial_budget, executed, reported_execution_rate,
        source_line, source_page
    from {{ ref('fct_department_scorecard') }}
    where not is_template
),

appropriation as (
    select cards.document_id, funding.executed, funding.raw_text, funding.source_line, funding.source_page
    from {{ ref('stg_raw__scorecard_funding') }} as funding
    inner join {{ ref('stg_raw__scorecards') }} as cards on cards.scorecard_id = funding.scorecard_id
    where cards.scorecard_kind = 'department' and not cards.is_template and funding.funding_source = '财政拨款'
),

department_indicators as (
    select document_id, regexp_replace(level3, '[“”"\s]', '', 'g') as name, actual_value, raw_text,
        source_line, source_page
    from {{ ref('fct_scorecard_indicator') }}
    where scorecard_kind = 'department' and actual_value is not null
),

table_facts as (
    select document_id, table_code, section, line_label, measure, amount, rounding_allowance
    from {{ ref('int_checks__facts') }}
    where (table_code = '01' and section = '支出' and line_label = '本年支出合计')
        or (table_code = '04' and section = '支出' and line_label = '本年支出合计' and measure = '合计')
        or (table_code = '09' and line_label = '合计')
        or (table_code = '03' and line_label = '合计' and measure = '项目支出')
),

narrative as (
    select facts.document_id, facts.fact_type, facts.subject_key, facts.measure, facts.value,
        stated.sentence, stated.source_line, stated.source_page
    from {{ ref('int_checks__narrative_facts') }} as facts
    inner join {{ ref('stg_raw__narrative_facts') }} as stated on stated.fact_id = facts.fact_id
),

executed as (
    select 'S_DEPT_EXECUTED' as rule_id, departments.document_id, '部门预算总额 全年执行数' as item_key,
        departments.executed as left_value, facts.amount as right_value, 2 as terms, 0.01::numeric as tolerance,
        '部门整体支出绩效自评表 部门预算总额 全年执行数 ' || departments.executed as cite_text,
        departments.source_line as cite_line, departments.source_page as cite_page
    from departments
    inner join table_facts as facts
        on facts.document_id = departments.document_id and facts.table_code = '01'
    where departments.executed is not null
),

appropriated as (
    select 'S_DEPT_APPROPRIATION' as rule_id, appropriation.document_id, '财政拨款 全年执行数' as item_key,
        appropriation.executed as left_value, facts.amount as right_value, 2 as terms, 0.01::numeric as tolerance,
        appropriation.raw_text as cite_text, appropriation.source_line as cite_line,
        appropriation.source_page as cite_page
    from appropriation
    inner join table_facts as facts
        on facts.document_id = appropriation.document_id and facts.table_code = '04'
    where appropriation.executed is not null
),

initial_budgets as (
    select document_id, sum(value) as value, count(*) as terms,
        string_agg(subject_key || ' 年初预算 ' || value, '；' order by subject_key) as stated
    from narrative
    where fact_type = 'budget_execution' and measure = 'initial_budget'
    group by document_id
),

initial as (
    select 'S_DEPT_INITIAL_BUDGET' as rule_id, departments.document_id, '年初预算数' as item_key,
        departments.initial_budget as left_value, initial_budgets.value as right_value,
        1 + initial_budgets.terms as terms, 0.01::numeric as tolerance,
        '自评表 ' || departments.initial_budget || '；情况说明 ' || initial_budgets.stated as cite_text,
        departments.source_line as cite_line, departments.source_page as cite_page
    from departments
    inner join initial_budgets on initial_budgets.document_id = departments.document_id
    where departments.initial_budget is not null
),

stated_rates as (
    select 'S_STATED_EXECUTION_RATE' as rule_id, narrative.document_id, '预算执行率' as item_key,
        narrative.value as left_value, departments.reported_execution_rate as right_value, 2 as terms,
        0.01::numeric as tolerance, narrative.sentence as cite_text, narrative.source_line as cite_line,
        narrative.source_page as cite_page
    from narrative
    inner join departments on departments.document_id = narrative.document_id
    where narrative.fact_type = 'performance' and narrative.subject_key = '预算执行率'
        and narrative.measure = 'rate_pct' and departments.reported_execution_rate is not null
    union all
    select 'S_STATED_PROCUREMENT_RATE', narrative.document_id, '政府采购执行率',
        narrative.value, indicators.actual_value, 2, 0.01::numeric,
        narrative.sentence, narrative.source_line, narrative.source_page
    from narrative
    inner join department_indicators as indicators
        on indicators.document_id = narrative.document_id and indicators.name = '政府采购执行率'
    where narrative.fact_type = 'performance' and narrative.subject_key = '政府采购执行率'
        and narrative.measure = 'rate_pct'
),

three_public as (
    select 'S_THREE_PUBLIC_CONTROL' as rule_id, indicators.document_id, '三公经费控制率' as item_key,
        indicators.actual_value as left_value,
        round(100 * actual.amount / budget.amount, 2) as right_value, 3 as terms,
        0.01 + 100 * (0.005 / budget.amount + actual.amount * 0.005 / (budget.amount * budget.amount))
            as tolerance,
        indicators.raw_text as cite_text, indicators.source_line as cite_line, indicators.source_page as cite_page
    from department_indicators as indicators
    inner join table_facts as actual
        on actual.document_id = indicators.document_id and actual.table_code = '09' and actual.measure = '决算数'
    inner join table_facts as budget
        on budget.document_id = indicators.document_id and budget.table_code = '09' and budget.measure = '预算数'
    where indicators.name like '%三公%控制率%' and budget.amount > 0
),

project_share as (
    select 'N_PROJECT_SHARE' as rule_id, share.document_id, '自评项目资金占项目支出比例' as item_key,
        share.value as left_value, round(100 * amount.value / facts.amount, 2) as right_value, 3 as terms,
        0.01 + 100 * (0.005 / facts.amount + amount.value * 0.005 / (facts.amount * facts.amount)) as tolerance,
        share.sentence as cite_text, share.source_line as cite_line, share.source_page as cite_page
    from narrative as share
    inner join narrative as amount
        on amount.document_id = share.document_id and amount.fact_type = 'performance'
        and amount.subject_key = '项目自评' and amount.measure = 'amount'
    inner join table_facts as facts
        on facts.document_id = share.document_id and facts.table_code = '03'
    where share.fact_type = 'performance' and share.subject_key = '项目自评' and share.measure = 'share_pct'
        and facts.amount > 0
),

form_counts as (
    select document_id, count(*) as forms
    from {{ ref('fct_project_scorecard') }}
    group by document_id
),

project_count as (
    select 'N_SELF_EVALUATED_COUNT' as rule_id, stated.document_id, '自评项目个数' as item_key,
        stated.value as left_value, coalesce(form_counts.forms, 0)::numeric as right_value, 2 as terms,
        0::numeric as tolerance, stated.sentence as cite_text, stated.source_line as cite_line,
        stated.source_page as cite_page
    from narrative as stated
    left join form_counts on form_counts.document_id = stated.document_id
    where stated.fact_type = 'performance' and stated.subject_key = '项目自评' and stated.measure = 'count'
)

select * from executed
union all
select * from appropriated
union all
select * from initial
union all
select * from stated_rates
union all
select * from three_public
union all
select * from project_share
union all
select * from project_count
