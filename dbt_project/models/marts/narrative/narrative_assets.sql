-- 国有资产占有使用情况 as the narrative states it, one row per department, year and item: the vehicles
-- (车辆, then each kind: 执法执勤用车, 特种专业技术用车 … adding up to it) and the equipment of unit value
-- over a threshold (单位价值100万元以上设备).
with stated as (
    select
        document_id,
        fact_type,
        subject_key as asset_item,
        value,
        unit,
        first_fact_seq,
        sentence,
        source_line,
        source_page
    from {{ ref('int_analysis__narrative_statements') }}
    where fact_type in ('state_assets', 'vehicles_by_kind')
        and measure = 'count'
)

select
    documents.department_id,
    documents.department_name,
    documents.fiscal_year,
    make_date(documents.fiscal_year, 1, 1) as fiscal_year_start,
    stated.asset_item,
    case
        when stated.fact_type = 'vehicles_by_kind' then 'vehicles'
        when stated.asset_item = '车辆' then 'vehicles'
        else 'equipment'
    end as asset_kind,
    case when stated.fact_type = 'vehicles_by_kind' then '车辆' end as parent_item,
    case when stated.fact_type = 'vehicles_by_kind' then 2 else 1 end as item_level,
    row_number() over (partition by stated.document_id order by stated.first_fact_seq)::integer as item_order,
    stated.value::integer as item_count,
    stated.unit,
    stated.document_id,
    stated.sentence,
    stated.source_line,
    stated.source_page
from stated
inner join {{ ref('int_analysis__current_documents') }} as documents
    on documents.document_id = stated.document_id
