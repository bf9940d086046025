"""What the nine public tables (公开01–09) look like, as data.

A table is recognised by its title (any alias below) and confirmed by its header
(every ``header_requires`` keyword appears; “A|B” accepts either, for regions
that head the same column differently). A regional variant is a matter of
adding aliases and header synonyms here, not new code: Shanghai's titles
(基本支出决算表 without 明细, 国有资本经营…收入支出决算表), its 01 without 行次,
its 06 headed by 经济分类科目编码 rather than 人员经费/公用经费. ``layout``
selects how rows are read:

- ``subject``: rows of 科目代码, 科目名称 and value columns (02, 03, 05, 07, 08)
- ``two_sided``: income lines on the left, expenditure lines on the right (01, 04)
- ``econ_groups``: 经济分类 code/name/amount printed in side-by-side groups (06)
- ``category_matrix``: one row, columns are (预算数|决算数) × 三公 category (09)
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class TableSpec:
    code: str
    name: str
    titles: tuple[str, ...]
    layout: str
    header_requires: tuple[str, ...]
    # rows whose label is one of these must be present for the table to be complete
    closing_labels: tuple[str, ...] = ()
    # printed header (path joined with '/') → normalised measure
    measure_aliases: dict[str, str] = field(default_factory=dict)


SPECS: tuple[TableSpec, ...] = (
    TableSpec(
        "01", "收入支出决算总表", ("收入支出决算总表", "部门收支决算总表"),
        "two_sided", ("收入", "支出", "行次|决算数|金额"), closing_labels=("总计",),
        measure_aliases={"收入/金额": "金额", "支出/金额": "金额", "收入/决算数": "金额", "支出/决算数": "金额"},
    ),
    TableSpec(
        "02", "收入决算表", ("收入决算表", "部门收入决算表"),
        "subject", ("本年收入合计", "财政拨款收入"), closing_labels=("合计",),
        measure_aliases={"本年收入": "本年收入合计", "合计": "本年收入合计",
                         "一般公共预算财政拨款收入": "财政拨款收入"},
    ),
    TableSpec(
        "03", "支出决算表", ("支出决算表", "部门支出决算表"),
        "subject", ("本年支出合计", "基本支出", "项目支出"), closing_labels=("合计",),
        measure_aliases={"本年支出": "本年支出合计", "合计": "本年支出合计"},
    ),
    TableSpec(
        "04", "财政拨款收入支出决算总表", ("财政拨款收入支出决算总表", "财政拨款收支决算总表"),
        "two_sided", ("收入", "支出", "一般公共预算财政拨款"), closing_labels=("总计",),
        measure_aliases={"收入/金额": "金额", "收入/决算数": "金额", "支出/小计": "合计"},
    ),
    TableSpec(
        "05", "一般公共预算财政拨款支出决算表", ("一般公共预算财政拨款支出决算表",),
        "subject", ("基本支出", "项目支出"), closing_labels=("合计",),
        measure_aliases={"本年支出/小计": "本年支出合计", "本年支出/合计": "本年支出合计",
                         "小计": "本年支出合计", "合计": "本年支出合计"},
    ),
    TableSpec(
        "06", "一般公共预算财政拨款基本支出决算明细表",
        ("一般公共预算财政拨款基本支出决算明细表", "一般公共预算财政拨款基本支出决算表"),
        "econ_groups", ("人员经费|经济分类科目", "公用经费|决算数"), closing_labels=("人员经费合计", "公用经费合计"),
        measure_aliases={"决算数": "决算数", "金额": "决算数"},
    ),
    TableSpec(
        "07", "政府性基金预算财政拨款收入支出决算表",
        ("政府性基金预算财政拨款收入支出决算表", "政府性基金预算财政拨款支出决算表"),
        "subject", ("本年支出",), closing_labels=("合计",),
        measure_aliases={"本年支出/小计": "本年支出合计", "本年支出/合计": "本年支出合计",
                         "本年支出/基本支出": "基本支出", "本年支出/项目支出": "项目支出"},
    ),
    TableSpec(
        "08", "国有资本经营预算财政拨款支出决算表",
        ("国有资本经营预算财政拨款支出决算表", "国有资本经营预算财政拨款收入支出决算表"),
        "subject", ("基本支出", "项目支出"), closing_labels=("合计",),
        measure_aliases={"本年支出/小计": "本年支出合计", "本年支出/合计": "本年支出合计",
                         "合计": "本年支出合计", "小计": "本年支出合计"},
    ),
    TableSpec(
        "09", "财政拨款“三公”经费支出决算表",
        ("财政拨款“三公”经费支出决算表", "财政拨款\"三公\"经费支出决算表", "“三公”经费支出决算表",
         "财政拨款三公经费支出决算表"),
        "category_matrix", ("预算数", "决算数", "公务接待费"),
    ),
)


# header cells that name the key columns rather than a measure
CODE_HEADERS = ("科目代码", "科目编码", "功能分类科目编码", "经济分类科目编码", "代码", "编码",
                "功能分类科目代码", "经济分类科目代码")
# a code printed in three columns under 科目编码: 类 | 款 | 项 (“201 | 06 | 01” is 2010601)
CODE_PART_HEADERS = ("类", "款", "项")
LABEL_HEADERS = ("项目", "科目名称", "科目", "项目名称", "名称", "功能分类科目名称", "经济分类科目名称")
LINE_NO_HEADERS = ("行次",)
# a total row label some layouts print inside the header, under the code header (Shanghai's 合计)
TOTAL_LABELS = ("合计", "总计")

# 三公 categories (table 09): printed header → category
THREE_PUBLIC_CATEGORIES = {
    "合计": "合计",
    "因公出国(境)费": "因公出国(境)费",
    "因公出国(境)费用": "因公出国(境)费",
    "公务用车购置及运行维护费": "公务用车购置及运行维护费",
    "公务用车购置费": "公务用车购置费",
    "购置费": "公务用车购置费",
    "公务用车运行维护费": "公务用车运行维护费",
    "运行维护费": "公务用车运行维护费",
    "公务接待费": "公务接待费",
}
THREE_PUBLIC_MEASURES = ("预算数", "决算数")

# 经济分类 classes whose spending is 人员经费; every other class is 公用经费
PERSONNEL_ECON_CLASSES = ("301", "303")
