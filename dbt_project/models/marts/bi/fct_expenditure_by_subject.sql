-- Spending by 功能分类科目 at one grain: department × year × 科目 × kind (合计, 基本支出, 项目支出 …),
-- from table 03 (支出决算表) of the current reports, with the 科目's level, its 类/款/项 codes and names,
-- and is_leaf: SUM(amount) over is_leaf rows of one kind never counts a figure twice.
with kinds (measure, expenditure_kind, expenditure_kind_name, kind_order) as (
    values
        ('本年支出合计', 'total', '合计', 1),
        ('基本支出', 'basic', '基本支出', 2),
        ('项目支出', 'project', '项目支出', 3),
        ('上缴上级支出', 'remitted', '上缴上级支出', 4),
        ('经营支出', 'business', '经营支出', 5),
        ('对附属单位补助支出', 'affiliates', '对附属单位补助支出', 6)
)

{{ subject_fact('03', 'kinds', 'expenditure_kind', 'kind_order') }}
