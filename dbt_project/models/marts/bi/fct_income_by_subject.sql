-- Income by 功能分类科目 at one grain: department × year × 科目 × source (合计, 财政拨款收入, 事业收入 …),
-- from table 02 (收入决算表) of the current reports, with the 科目's level, its 类/款/项 codes and names,
-- and is_leaf: SUM(amount) over is_leaf rows of one source never counts a figure twice.
with sources (measure, income_source, income_source_name, source_order) as (
    values
        ('本年收入合计', 'total', '合计', 1),
        ('财政拨款收入', 'fiscal', '财政拨款收入', 2),
        ('上级补助收入', 'superior_subsidy', '上级补助收入', 3),
        ('事业收入', 'public_service', '事业收入', 4),
        ('经营收入', 'business', '经营收入', 5),
        ('附属单位上缴收入', 'affiliates', '附属单位上缴收入', 6),
        ('其他收入', 'other', '其他收入', 7)
)

{{ subject_fact('02', 'sources', 'income_source', 'source_order') }}
