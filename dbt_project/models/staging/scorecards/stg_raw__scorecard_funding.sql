-- Funding rows of the scorecards, amounts converted to 万元 (forms printed in 元 are divided by 10000).
with funding as (
    select * from {{ source('raw_scorecards', 'scorecard_funding') }}
),

scorecards as (
    select scorecard_id, money_unit from {{ source('raw_scorecards', 'scorecards') }}
)

select
    funding.scorecard_id,
    funding.row_seq::integer as row_seq,
    funding.funding_source,
    funding.line_label,
    case when scorecards.money_unit = '元' then funding.initial_budget / 10000 else funding.initial_budget end
        as initial_budget,
    case when scorecards.money_unit = '元' then funding.full_year_budget / 10000 else funding.full_year_budget end
        as full_year_budget,
    case when scorecards.money_unit = '元' then funding.executed / 10000 else funding.executed end as executed,
    funding.weight,
    funding.execution_rate,
    funding.score,
    scorecards.money_unit as unit_as_printed,
    funding.raw_text,
    funding.source_line,
    funding.source_page,
    funding.source_sheet
from funding
inner join scorecards
    on scorecards.scorecard_id = funding.scorecard_id
