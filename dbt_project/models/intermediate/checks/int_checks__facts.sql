-- Printed amounts of current documents with the attributes the reconciliation rules select on.
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
    -- half a unit in the last printed place (0.01) is the most rounding one figure can carry
    case when facts.unit_as_printed = '元' then 0.005 / 10000 else 0.005 end as rounding_allowance
from {{ ref('fct_final_accounts') }} as facts
left join {{ ref('dim_econ_subject') }} as econ
    on econ.econ_code = facts.econ_code
