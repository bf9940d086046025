-- 'indicators' rules on the indicator lines of the self-evaluation forms: a cost indicator that
-- reports an amount spent on a project that executed nothing; a printed deviation (偏差度) that is not
-- (actual − target) / target for an “=” target; a completion date earlier than the start date.
with indicators as (
    select
        indicators.*,
        regexp_replace(indicators.level1, '\s', '', 'g') as level1_key,
        regexp_replace(indicators.level3, '\s', '', 'g') as name,
        (regexp_match(indicators.actual_text, '([0-9]{4})\s*[.．年]\s*([0-9]{1,2})')) as actual_date
    from {{ ref('fct_scorecard_indicator') }} as indicators
),

forms as (
    select scorecard_id, document_id, executed from {{ ref('fct_project_scorecard') }} where not is_template
    union all
    select scorecard_id, document_id, executed from {{ ref('fct_department_scorecard') }} where not is_template
),

cost as (
    select 'I_COST_WITHOUT_SPENDING' as rule_id, forms.document_id,
        coalesce(indicators.project_name, '部门整体') || ' / ' || indicators.name as item_key,
        indicators.actual_value as left_value, 0::numeric as right_value, 2 as terms, 0::numeric as tolerance,
        indicators.raw_text as cite_text, indicators.source_line as cite_line, indicators.source_page as cite_page
    from indicators
    inner join forms on forms.scorecard_id = indicators.scorecard_id
    where indicators.level1_key like '成本%' and indicators.actual_unit ~ '万|元'
        and indicators.actual_value > 0 and forms.executed = 0
),

deviations as (
    select 'I_DEVIATION' as rule_id, forms.document_id,
        coalesce(indicators.project_name, '部门整体') || ' / ' || indicators.name as item_key,
        abs(indicators.deviation) as left_value,
        abs(round(100 * (indicators.actual_value - indicators.target_value) / indicators.target_value, 2))
            as right_value,
        3 as terms, 0.02::numeric as tolerance,
        indicators.raw_text as cite_text, indicators.source_line as cite_line, indicators.source_page as cite_page
    from indicators
    inner join forms on forms.scorecard_id = indicators.scorecard_id
    where indicators.target_operator = '=' and indicators.target_value <> 0 and indicators.actual_value is not null
        and indicators.deviation is not null
        and coalesce(indicators.target_unit, '') = coalesce(indicators.actual_unit, '')
),

dates as (
    select
        indicators.scorecard_id,
        indicators.project_name,
        indicators.name,
        indicators.raw_text,
        indicators.source_line,
        indicators.source_page,
        indicators.actual_date[1]::int * 12 + indicators.actual_date[2]::int as month_no,
        case when indicators.name ~ '(开始|启动|开工)(时间|日期)' then 'start'
             when indicators.name ~ '(完成|竣工|结束|完工)(时间|日期)' then 'end' end as kind
    from indicators
    where indicators.actual_date is not null and indicators.actual_date[2]::int between 1 and 12
),

date_order as (
    select 'I_DATES_ORDER' as rule_id, forms.document_id,
        coalesce(finish.project_name, '部门整体') || ' / ' || finish.name || ' < ' || start.name as item_key,
        finish.month_no::numeric as left_value, start.month_no::numeric as right_value, 2 as terms,
        0::numeric as tolerance,
        finish.raw_text || ' ／ ' || start.raw_text as cite_text,
        finish.source_line as cite_line, finish.source_page as cite_page
    from dates as finish
    inner join dates as start on start.scorecard_id = finish.scorecard_id and start.kind = 'start'
    inner join forms on forms.scorecard_id = finish.scorecard_id
    where finish.kind = 'end' and finish.month_no < start.month_no
),

documents_with_forms as (
    select distinct document_id from forms
),

found as (
    select * from cost
    union all
    select * from deviations
    union all
    select * from date_order
)

select * from found
union all
-- a rule that found nothing on a document with forms was evaluated and holds
select rules.rule_id, documents_with_forms.document_id, '', 0, 0, 1, 0, null, null, null
from (values ('I_COST_WITHOUT_SPENDING'), ('I_DATES_ORDER')) as rules (rule_id)
cross join documents_with_forms
where not exists (
    select 1 from found
    where found.rule_id = rules.rule_id and found.document_id = documents_with_forms.document_id
)
