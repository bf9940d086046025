-- 经济分类科目: 类 (3 digits, e.g. 301 工资福利支出) → 款 (5, e.g. 30101 基本工资).
with econ_subjects as (
    select * from {{ ref('stg_raw__econ_subjects') }}
)

select
    econ_subjects.econ_code,
    econ_subjects.econ_name,
    econ_subjects.level,
    case econ_subjects.level when 1 then '类' when 2 then '款' end as level_name,
    econ_subjects.parent_code,
    left(econ_subjects.econ_code, 3) as class_code,
    classes.econ_name as class_name,
    econ_subjects.expense_group
from econ_subjects
left join econ_subjects as classes
    on classes.econ_code = left(econ_subjects.econ_code, 3)
