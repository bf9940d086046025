-- Every 款 (level 2) and 项 (level 3) has a parent one level up whose code it extends.
select
    child.subject_code,
    child.level,
    child.parent_code
from {{ ref('dim_subject') }} as child
left join {{ ref('dim_subject') }} as parent
    on parent.subject_code = child.parent_code
where child.level in (2, 3)
  and (
      parent.subject_code is null
      or parent.level <> child.level - 1
      or left(child.subject_code, length(parent.subject_code)) <> parent.subject_code
  )
