-- 功能分类科目: 类 (3 digits) → 款 (5) → 项 (7).
with subjects as (
    select * from {{ ref('stg_raw__subjects') }}
)

select
    subjects.subject_code,
    subjects.subject_name,
    subjects.level,
    case subjects.level when 1 then '类' when 2 then '款' when 3 then '项' end as level_name,
    subjects.parent_code,
    left(subjects.subject_code, 3) as class_code,
    classes.subject_name as class_name
from subjects
left join subjects as classes
    on classes.subject_code = left(subjects.subject_code, 3)
