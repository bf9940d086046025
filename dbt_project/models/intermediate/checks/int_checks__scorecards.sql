-- 'scorecard' rules on every self-evaluation form (project and department level):
-- the printed execution rate against executed / full-year budget, the funding score against
-- weight x rate (capped at the weight), the total score against the sum of its parts;
-- and the budget and executed amount the narrative lists for each evaluated project against
-- its form, matched on the project name (spaces, bracket widths and a trailing 项目 ignored).
with forms as (
    select
        document_id,
        '项目 ' || project_name || ' #' || scorecard_id as item_key,
        full_year_budget, executed, reported_execution_rate, funding_weight, funding_score,
        management_score, indicator_score, total_score
    from {{ ref('fct_project_scorecard') }}
    where not is_template
    union all
    select
        document_id,
        '部门整体 #' || scorecard_id as item_key,
        full_year_budget, executed, reported_execution_rate, funding_weight, funding_score,
        null as management_score, indicator_score, total_score
    from {{ ref('fct_department_scorecard') }}
    where not is_template
),

rates as (
    select
        'S_EXECUTION_RATE' as rule_id,
        document_id,
        item_key,
        reported_execution_rate as left_value,
        round(100 * executed / full_year_budget, 2) as right_value,
        3 as terms,
        0.05 + 100 * (0.005 / full_year_budget + executed * 0.005 / (full_year_budget * full_year_budget))
            as tolerance
    from forms
    where reported_execution_rate is not null and executed is not null and full_year_budget > 0
),

funding as (
    select
        'S_FUNDING_SCORE' as rule_id,
        document_id,
        item_key,
        funding_score as left_value,
        round(funding_weight * least(executed / full_year_budget, 1), 2) as right_value,
        3 as terms,
        0.05::numeric as tolerance
    from forms
    where funding_score is not null and funding_weight is not null and executed is not null
        and full_year_budget > 0
),

totals as (
    select
        'S_TOTAL_SCORE' as rule_id,
        document_id,
        item_key,
        total_score as left_value,
        coalesce(funding_score, 0) + coalesce(management_score, 0) + coalesce(indicator_score, 0) as right_value,
        1 + (funding_score is not null)::int + (management_score is not null)::int
            + (indicator_score is not null)::int as terms,
        0.005 * (1 + (funding_score is not null)::int + (management_score is not null)::int
            + (indicator_score is not null)::int) as tolerance
    from forms
    where total_score is not null and indicator_score is not null
),

project_forms as (
    select distinct on (document_id, name_key)
        document_id, project_name, full_year_budget, executed, name_key
    from (
        select *, regexp_replace(translate(project_name, '（）', '()'), '\s|项目$', '', 'g') as name_key
        from {{ ref('fct_project_scorecard') }}
    ) as cards
    order by document_id, name_key, scorecard_id
),

evaluated as (
    select
        'N_EVALUATED_PROJECTS' as rule_id,
        facts.document_id,
        facts.subject_key || ' ' || facts.measure as item_key,
        facts.value as left_value,
        case facts.measure when 'budget' then forms.full_year_budget else forms.executed end as right_value,
        2 as terms,
        0.01::numeric as tolerance
    from {{ ref('int_checks__narrative_facts') }} as facts
    inner join project_forms as forms
        on forms.document_id = facts.document_id
        and forms.name_key = regexp_replace(translate(facts.subject_key, '（）', '()'), '\s|项目$', '', 'g')
    where facts.fact_type = 'evaluated_project'
        and facts.measure in ('budget', 'executed')
        and case facts.measure when 'budget' then forms.full_year_budget else forms.executed end is not null
)

select * from evaluated
union all
select * from rates
union all
select * from funding
union all
select * from totals
