-- Printed amounts of current documents with the attributes the reconciliation rules select on.
-- block: in 公开04 the rows after 年初财政拨款结转和结余 (before 总计) are the carryover block; some
-- producers label them like the income rows (“一、一般公共预算财政拨款”), so rules tell the two
-- apart by block, never by label alone.
with facts as (
    select
        facts.*,
        max(case when facts.line_label ~ '^年初.*结转和结余$' then facts.row_seq end)
            over (partition by facts.document_id, facts.table_code, facts.section) as carryover_row
    from {{ ref('fct_final_accounts') }} as facts
)

select
    facts.amount_id,
    facts.document_id,
    facts.table_code,
    facts.row_seq,
    facts.section,
    facts.line_label,
    facts.subject_code,
    case length(facts.subject_code) when 3 then 1 when 5 then 2 when 7 then 3 end as subject_level,
    case length(facts.subject_code) when 5 then left(facts.subject_code, 3)
        when 7 then left(facts.subject_code, 5) end as parent_subject_code,
    facts.econ_code,
    econ.level as econ_level,
    econ.expense_group,
    facts.measure,
    facts.amount,
    case when facts.row_seq > facts.carryover_row and facts.line_label <> '总计' then 'carryover' else 'current' end
        as block,
    -- half a unit in the last printed place (0.01) is the most rounding one figure can carry
    case when facts.unit_as_printed = '元' then 0.005 / 10000 else 0.005 end as rounding_allowance
from facts
left join {{ ref('dim_econ_subject') }} as econ
    on econ.econ_code = facts.econ_code
