-- 功能分类科目: 类 (3 digits) → 款 (5) → 项 (7).
-- A code's name comes from the shipped reference (seed function_subjects) first, then from the first
-- report that printed it (raw.subjects); no report renames a code (see subject_name_differences).
with subjects as (
    select * from {{ ref('stg_raw__subjects') }}
),

reference as (
    select subject_code::text as subject_code, subject_name from {{ ref('function_subjects') }}
),

named as (
    select
        subjects.subject_code,
        coalesce(reference.subject_name, subjects.subject_name) as subject_name,
        case when reference.subject_name is not null then 'reference' else 'first_report' end as name_source,
        subjects.level,
        subjects.parent_code
    from subjects
    left join reference
        on reference.subject_code = subjects.subject_code
)

select
    named.subject_code,
    named.subject_name,
    named.level,
    case named.level when 1 then '类' when 2 then '款' when 3 then '项' end as level_name,
    named.parent_code,
    left(named.subject_code, 3) as class_code,
    classes.subject_name as class_name,
    named.name_source
from named
left join named as classes
    on classes.subject_code = left(named.subject_code, 3)
