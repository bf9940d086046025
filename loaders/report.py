"""The in-memory report: what every reader fills and the writer reads.

Pure Python, no database: the writer (``juesuan.loaders.store``) persists it, tests
read it. Amounts are exact decimals as printed, in the table's money unit. Every
value carries a ``Where``: the page, sheet or line it was printed on and the text
exactly as printed.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

from juesuan.loaders.grids import SourceFormat, TextLine
from juesuan.loaders.provenance import Where

PARSER_VERSION = "0.2.0"

ExpenseGroup = Literal["人员经费", "公用经费"]
# what a report printed of a table its table set expects
TableStatus = Literal["found", "incomplete", "empty_with_note", "empty", "missing"]
ScorecardKind = Literal["department", "project"]
NarrativePart = Literal["概况", "情况说明"]


@dataclass(frozen=True, slots=True)
class Amount:
    """One printed amount of a public table (公开01–09); ``where.raw_text`` is the cell as printed."""

    table_code: str          # national 公开 code: '01'…'09'
    row_seq: int             # ordinal of the data row within the table (0-based)
    col_seq: int             # ordinal of the cell within the row
    line_label: str          # row label as printed (repaired), e.g. 行政运行, 合计, 因公出国(境)费
    measure: str             # normalised column, e.g. 本年支出合计, 基本支出, 决算数, 金额
    amount: Decimal
    where: Where
    section: str | None = None       # 收入/支出 for two-sided tables, 人员经费/公用经费 for 06
    line_no: int | None = None       # 行次 where printed
    subject_code: str | None = None  # 功能分类科目 code
    econ_code: str | None = None     # 经济分类科目 code

    @property
    def raw_text(self) -> str:
        return self.where.raw_text or ""


@dataclass(frozen=True)
class TableInfo:
    """A recognised table: its national code and what the document printed."""

    table_code: str
    title: str                   # the title as printed
    printed_number: str | None   # the number the report printed (公开 06 表 → '06'), may differ
    unit: str                    # 万元 or 元
    measures: tuple[str, ...]    # normalised value columns in printed order
    where: Where = Where()       # where the title was printed
    note: str | None = None      # 说明 printed under the table (e.g. why 08 is empty)


@dataclass(frozen=True)
class Subject:
    """A 功能分类科目 (类/款/项) or 经济分类科目 code; econ codes carry their expense group."""

    code: str
    name: str | None
    level: int
    parent_code: str | None
    expense_group: ExpenseGroup | None = None   # 经济分类 only: 301 and 303 are 人员经费, the rest 公用经费


@dataclass(frozen=True)
class TableCompleteness:
    """One expected table of a report, and what the report printed of it."""

    table_code: str
    table_name: str
    status: TableStatus
    note: str | None = None          # the note printed with it (why it is empty)
    title: str | None = None         # the title as printed
    detail: str | None = None        # what is missing of an incomplete table
    where: Where = Where()


@dataclass(frozen=True)
class ParseWarning:
    """Something printed that could not be read; ``where.raw_text`` is the row or cell as printed."""

    message: str
    table_code: str | None = None
    where: Where = Where()


@dataclass
class Report:
    source_path: str
    source_format: SourceFormat
    content_sha256: str
    department_name: str
    fiscal_year: int
    kind: str = "部门决算"
    region: str | None = None    # city/district prefix of the department name, e.g. 安阳市
    money_unit: str = "万元"
    publication_text: str | None = None
    published_on: date | None = None
    parser_version: str = PARSER_VERSION
    tables: dict[str, TableInfo] = field(default_factory=dict)
    amounts: list[Amount] = field(default_factory=list)
    subjects: dict[str, Subject] = field(default_factory=dict)
    econ_subjects: dict[str, Subject] = field(default_factory=dict)
    budget_units: list[str] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)
    scorecards: list[Scorecard] = field(default_factory=list)
    narrative_facts: list[NarrativeFact] = field(default_factory=list)
    narrative_texts: list[NarrativeText] = field(default_factory=list)
    profile: str = "national"                 # the table set the report was read against
    completeness: list[TableCompleteness] = field(default_factory=list)
    truncated: str | None = None              # where the file ends too early, when it does
    text_lines: list[TextLine] = field(default_factory=list)  # every line printed outside the tables

    def amounts_of(self, table_code: str) -> list[Amount]:
        return [a for a in self.amounts if a.table_code == table_code]


# -- performance self-evaluations (绩效自评情况表) ------------------------------------
# The ``where`` of each part is its row (cells tab-separated) and the line it was printed on.


@dataclass(frozen=True)
class ScorecardFunding:
    """One funding row of a scorecard: 年度资金总额, 财政拨款 (or 政府预算资金), 财政专户管理资金, 单位资金."""

    row_seq: int
    funding_source: str                 # normalised: 年度资金总额, 财政拨款, 财政专户管理资金, 单位资金, 其他资金
    line_label: str                     # the row label as printed (repaired), e.g. 其中：政府预算资金
    initial_budget: Decimal | None      # 年初预算数
    full_year_budget: Decimal | None    # 全年预算数
    executed: Decimal | None            # 全年执行数
    weight: Decimal | None              # 分值
    execution_rate: Decimal | None      # 执行率 as printed, a percent number (88.18 means 88.18 %)
    score: Decimal | None               # 得分
    where: Where


@dataclass(frozen=True)
class ScorecardManagementItem:
    """One 资金管理情况 item: 安排科学性, 拨付合规性, 使用规范性, 预算绩效管理情况."""

    item_seq: int
    item_name: str
    description: str | None             # 情况说明
    weight: Decimal | None              # 分值
    score: Decimal | None               # 得分
    problems: str | None                # 存在问题和改进措施
    where: Where


@dataclass(frozen=True)
class ScorecardGoal:
    """The yearly goal (年度总体目标 / 年度履职目标): what was expected against what was done."""

    goal_seq: int
    goal_kind: str                      # 年度总体目标 (project) or 年度履职目标 (department)
    expected: str | None                # 预期目标
    actual: str | None                  # 实际完成情况
    where: Where


@dataclass(frozen=True)
class ScorecardTask:
    """One 年度主要任务 of the department-level form."""

    task_seq: int
    task_name: str
    content: str | None                 # 主要内容
    result: str | None                  # 实际完成情况
    where: Where


@dataclass(frozen=True)
class ScorecardIndicator:
    """One line of the indicator tree, its 一级/二级 labels carried down from merged cells."""

    indicator_seq: int
    level1: str | None                  # 一级指标, e.g. 产出指标
    level2: str | None                  # 二级指标, e.g. 数量指标
    level3: str | None                  # 三级指标, the indicator itself
    target_text: str | None             # 年度指标值 as printed (markup removed)
    target_operator: str | None         # =, ≥, ≤, >, <, between, increase, decrease, text (None: bare number)
    target_value: Decimal | None
    target_upper: Decimal | None        # upper bound of a range target (600-700)
    target_unit: str | None
    actual_text: str | None             # 实际完成值 as printed
    actual_operator: str | None
    actual_value: Decimal | None
    actual_unit: str | None
    weight: Decimal | None              # 分值
    score: Decimal | None               # 得分
    deviation: Decimal | None           # 偏差度 as printed, a percent number (broken numbers repaired)
    deviation_text: str | None          # 偏差度 cell as printed
    deviation_reason: str | None        # 偏差原因分析及改进措施
    where: Where


@dataclass
class Scorecard:
    """A 部门整体支出绩效自评情况表 (kind 'department') or a 项目支出绩效自评情况表 (kind 'project')."""

    scorecard_seq: int                  # 1-based order in the document
    kind: ScorecardKind
    title: str
    where: Where = Where()                    # where the title was printed
    project_name: str | None = None
    competent_department: str | None = None   # 主管部门
    implementing_unit: str | None = None      # 实施单位
    evaluated_unit: str | None = None         # 部门（单位）名称 of a department-level form
    evaluation_text: str | None = None        # the month printed under the title, e.g. 2024年04月
    evaluated_on: date | None = None          # first day of that month
    money_unit: str = "万元"
    is_template: bool = False                 # nothing printed: an empty form, or one withheld whole (涉密)
    indicators_withheld: bool = False         # the indicator lines are withheld (项目绩效表依法不公开) while
                                              # funding and management scores are printed
    disclosure_note: str | None = None        # the printed reason it is empty, e.g. 项目绩效表依法不公开
    total_weight: Decimal | None = None       # 总分 row: 分值
    total_score: Decimal | None = None        # 总分 row: 得分
    total_raw_text: str | None = None
    funding: list[ScorecardFunding] = field(default_factory=list)
    management: list[ScorecardManagementItem] = field(default_factory=list)
    goals: list[ScorecardGoal] = field(default_factory=list)
    tasks: list[ScorecardTask] = field(default_factory=list)
    indicators: list[ScorecardIndicator] = field(default_factory=list)


# -- narrative facts (第三部分 情况说明, and counts of 第一部分 概况) ------------------------


@dataclass(frozen=True)
class NarrativeText:
    """One entry of the report's running text kept as text: a duty (部门职责) or a term (名词解释)."""

    kind: str                           # 部门职责 or 名词解释
    seq: int                            # 1-based order within its kind
    label: str | None                   # the number as printed: （一）, 一、
    term: str | None                    # 名词解释: the term explained, e.g. 财政拨款收入
    text: str                           # the duty, or the term's explanation
    where: Where = Where()


@dataclass(frozen=True)
class NarrativeFact:
    """One figure (or reason) the report states in its running text, with the sentence it came from.

    ``value`` is the number as printed (signed for a decrease: “减少 2771.93 万元” → -2771.93);
    a reason or note has no value and carries ``text_value``. ``where.raw_text`` is the
    number as printed (5355.63, 87,277.33, “90 0”), ``where.line`` the line it stands on.
    """

    fact_type: str                      # topic, e.g. prior_year_comparison, subject_execution, three_public
    subject_key: str                    # what it is about: 支出总计, a 科目 path, 公务接待费, 执法执勤用车 …
    measure: str                        # amount, change_amount, change_pct, initial_budget, reason, count …
    value: Decimal | None
    unit: str | None                    # 万元, %, 个, 人次, 辆, 台, 台(套), 分; None for text
    sentence: str                       # the sentence as printed (cleaned of markup)
    part: NarrativePart                 # 概况 (part one) or 情况说明 (part three)
    section: str | None = None          # heading path, e.g. 五、一般公共预算财政拨款支出决算情况说明 / （三）具体情况
    text_value: str | None = None       # reason, note or composition text
    subject_code: str | None = None     # 功能分类科目 code when the subject is a 科目 the tables print
    item_no: int | None = None          # number of the item in a printed list (科目 items, projects)
    where: Where = Where()

    @property
    def raw_text(self) -> str | None:
        return self.where.raw_text
