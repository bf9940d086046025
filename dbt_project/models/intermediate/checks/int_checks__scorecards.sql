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
        management_score, indicator_score, total_score,
        coalesce(project_name, '') || ' 绩效自评表' as cite_text, source_line as cite_line, source_page as cite_page
    from {{ ref('fct_project_scorecard') }}
    where not is_template
    union all
    select
        document_id,
        '部门整体 #' || scorecard_id as item_key,
        full_year_budget, executed, reported_execution_rate, funding_weight, funding_score,
        null as management_score, indicator_score, total_score,
        '部门整体支出绩效自评表' as cite_text, source_line as cite_line, source_page as cite_page
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
            as tolerance,
        cite_text, cite_line, cite_page
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
        0.05::numeric as tolerance,
        cite_text, cite_line, cite_page
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
            + (indicator_score is not null)::int) as tolerance,
        cite_text, cite_line, cite_page
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

listed as (
    select facts.*, regexp_replace(translate(facts.subject_key, '（）', '()'), '\s|项目$', '', 'g') as name_key,
        stated.sentence, stated.source_page
    from {{ ref('int_checks__narrative_facts') }} as facts
    inner join {{ ref('stg_raw__narrative_facts') }} as stated on stated.fact_id = facts.fact_id
    where facts.fact_type = 'evaluated_project' and facts.measure in ('budget', 'executed')
),

-- a listed project is matched to its form by name: exactly (spaces, bracket widths, a trailing 项目
-- ignored), else loosely (one name contains the other, e.g. without the city's name), the closest first
matches as (
    select distinct on (listed.fact_id)
        listed.*,
        forms.project_name,
        forms.full_year_budget,
        forms.executed,
        forms.name_key <> listed.name_key as is_loose
    from listed
    inner join project_forms as forms
        on forms.document_id = listed.document_id
        and (forms.name_key = listed.name_key
            or (length(listed.name_key) >= 4 and strpos(forms.name_key, listed.name_key) > 0)
            or (length(forms.name_key) >= 4 and strpos(listed.name_key, forms.name_key) > 0))
    order by listed.fact_id, forms.name_key <> listed.name_key, abs(length(forms.name_key) - length(listed.name_key))
),

evaluated as (
    select
        'N_EVALUATED_PROJECTS' as rule_id,
        document_id,
        subject_key || case when is_loose then ' ≈ ' || project_name else '' end || ' ' || measure as item_key,
        value as left_value,
        case measure when 'budget' then full_year_budget else executed end as right_value,
        2 as terms,
        0.01::numeric as tolerance,
        sentence as cite_text,
        source_line as cite_line,
        source_page as cite_page
    from matches
    where case measure when 'budget' then full_year_budget else executed end is not null
),

unmatched as (
    select distinct on (listed.document_id, listed.subject_key)
        'N_EVALUATED_UNMATCHED' as rule_id,
        listed.document_id,
        listed.subject_key as item_key,
        1::numeric as left_value,
        0::numeric as right_value,
        1 as terms,
        0::numeric as tolerance,
        listed.sentence as cite_text,
        listed.source_line as cite_line,
        listed.source_page as cite_page
    from listed
    where not exists (select 1 from matches where matches.fact_id = listed.fact_id)
        -- a classified project (涉密) is listed without its name; its form is printed withheld
        and not (listed.subject_key ~ '涉密' and exists (
            select 1 from {{ ref('fct_project_scorecard') }} as withheld
            where withheld.document_id = listed.document_id and withheld.is_template))
    order by listed.document_id, listed.subject_key
),

documents_listing as (
    select distinct document_id from listed
),

unmatched_or_ok as (
    select * from unmatched
    union all
    select 'N_EVALUATED_UNMATCHED', documents_listing.document_id, '', 0::numeric, 0::numeric, 1, 0::numeric,
        null, null::integer, null::integer
    from documents_listing
    where not exists (select 1 from unmatched where unmatched.document_id = documents_listing.document_id)
)

select * from evaluated
union all
select * from unmatched_or_ok
union all
select * from rates
union all
select * from funding
union all
select * from totals
