"""performance self-evaluations: scorecards, funding rows, 资金管理情况 items, goals, tasks, indicators

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-05

One raw.scorecards row per 部门整体支出绩效自评情况表 (kind 'department') or
项目支出绩效自评情况表 (kind 'project') of a document; its funding rows, 资金管理情况
items, goals, 年度主要任务 and indicator lines hang off it. Every value keeps the
row text as printed and its line/page, like raw.amounts. Deleting a document
deletes its scorecards (on delete cascade).
"""
from alembic import op
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

S = "raw"
KINDS = "('department', 'project')"
SOURCES = "('年度资金总额', '财政拨款', '财政专户管理资金', '单位资金', '其他资金')"
OPERATORS = "('=', '≥', '≤', '>', '<', 'between', 'increase', 'decrease', 'text')"
TABLES = ("scorecards", "scorecard_funding", "scorecard_management_items", "scorecard_goals", "scorecard_tasks",
          "scorecard_indicators")


def _scorecard_fk(table: str) -> sa.Column:
    return sa.Column("scorecard_id", sa.BigInteger, sa.ForeignKey(
        f"{S}.scorecards.scorecard_id", ondelete="CASCADE", name=f"fk_{table}_scorecard_id"),
        primary_key=True, comment="自评表编号 scorecard id")


def _provenance() -> list[sa.Column]:
    return [
        sa.Column("raw_text", sa.Text, nullable=False, comment="原始行文本 the row as printed (cells tab-separated)"),
        sa.Column("source_line", sa.Integer, comment="文本行号 line in a text file"),
        sa.Column("source_page", sa.Integer, comment="页码 page in a PDF"),
        sa.Column("source_sheet", sa.Text, comment="工作表 sheet of a workbook"),
    ]


def upgrade() -> None:
    op.create_table(
        "scorecards",
        sa.Column("scorecard_id", sa.BigInteger, primary_key=True, comment="自评表编号 scorecard id"),
        sa.Column("document_id", sa.Integer, sa.ForeignKey(f"{S}.documents.document_id", ondelete="CASCADE",
                  name="fk_scorecards_document_id"), nullable=False, comment="文档编号 document id"),
        sa.Column("scorecard_seq", sa.SmallInteger, nullable=False, comment="序号 order of the form in the document"),
        sa.Column("scorecard_kind", sa.Text, nullable=False,
                  comment="类型 department (部门整体支出绩效自评) or project (项目支出绩效自评)"),
        sa.Column("title", sa.Text, nullable=False, comment="表名 title as printed"),
        sa.Column("project_name", sa.Text, comment="项目名称 project name (null for a department form or a withheld one)"),
        sa.Column("competent_department", sa.Text, comment="主管部门 competent department"),
        sa.Column("implementing_unit", sa.Text, comment="实施单位 implementing unit"),
        sa.Column("evaluated_unit", sa.Text, comment="部门（单位）名称 unit named on a department form"),
        sa.Column("evaluation_text", sa.Text, comment="评价月份原文 month printed under the title, e.g. 2024年04月"),
        sa.Column("evaluated_on", sa.Date, comment="评价月份 first day of that month"),
        sa.Column("money_unit", sa.Text, nullable=False, comment="金额单位 money unit of the funding rows (万元 or 元)"),
        sa.Column("is_template", sa.Boolean, nullable=False,
                  comment="是否空表 an empty or withheld form (涉密, 依法不公开): no values were invented"),
        sa.Column("disclosure_note", sa.Text, comment="不公开说明 the printed reason the form is empty"),
        sa.Column("total_weight", sa.Numeric, comment="总分分值 total weight of the 总分 row"),
        sa.Column("total_score", sa.Numeric, comment="总分得分 total score as printed"),
        sa.Column("total_raw_text", sa.Text, comment="总分行原文 the 总分 row as printed"),
        sa.Column("source_line", sa.Integer, comment="文本行号 line of the title in a text file"),
        sa.Column("source_page", sa.Integer, comment="页码 page of the title in a PDF"),
        sa.Column("source_sheet", sa.Text, comment="工作表 sheet of a workbook"),
        sa.UniqueConstraint("document_id", "scorecard_seq", name="uq_scorecards_document_seq"),
        sa.CheckConstraint(f"scorecard_kind in {KINDS}", name="ck_scorecards_kind"),
        schema=S, comment="绩效自评表 one performance self-evaluation form (部门整体或项目) of a document",
    )
    op.create_index("ix_scorecards_document_id", "scorecards", ["document_id"], schema=S)
    op.create_table(
        "scorecard_funding",
        _scorecard_fk("scorecard_funding"),
        sa.Column("row_seq", sa.SmallInteger, primary_key=True, comment="行序 order of the funding row"),
        sa.Column("funding_source", sa.Text, nullable=False,
                  comment="资金来源 年度资金总额, 财政拨款 (also printed 政府预算资金), 财政专户管理资金, 单位资金, 其他资金"),
        sa.Column("line_label", sa.Text, nullable=False, comment="项目 row label as printed"),
        sa.Column("initial_budget", sa.Numeric, comment="年初预算数 initial budget"),
        sa.Column("full_year_budget", sa.Numeric, comment="全年预算数 full-year (adjusted) budget"),
        sa.Column("executed", sa.Numeric, comment="全年执行数 executed in the year"),
        sa.Column("weight", sa.Numeric, comment="分值 weight"),
        sa.Column("execution_rate", sa.Numeric, comment="执行率 execution rate as printed, percent (88.18 = 88.18 %)"),
        sa.Column("score", sa.Numeric, comment="得分 score"),
        *_provenance(),
        sa.CheckConstraint(f"funding_source in {SOURCES}", name="ck_scorecard_funding_source"),
        schema=S, comment="自评表项目资金 funding rows of a scorecard, by source",
    )
    op.create_table(
        "scorecard_management_items",
        _scorecard_fk("scorecard_management_items"),
        sa.Column("item_seq", sa.SmallInteger, primary_key=True, comment="序号 order of the item"),
        sa.Column("item_name", sa.Text, nullable=False, comment="项目 e.g. 安排科学性, 拨付合规性, 使用规范性, 预算绩效管理情况"),
        sa.Column("description", sa.Text, comment="情况说明 description"),
        sa.Column("weight", sa.Numeric, comment="分值 weight"),
        sa.Column("score", sa.Numeric, comment="得分 score"),
        sa.Column("problems", sa.Text, comment="存在问题和改进措施 problems and remedies"),
        *_provenance(),
        schema=S, comment="自评表资金管理情况 fund-management items of a scorecard",
    )
    op.create_table(
        "scorecard_goals",
        _scorecard_fk("scorecard_goals"),
        sa.Column("goal_seq", sa.SmallInteger, primary_key=True, comment="序号 order of the goal"),
        sa.Column("goal_kind", sa.Text, nullable=False, comment="目标类型 年度总体目标 (project) or 年度履职目标 (department)"),
        sa.Column("expected_text", sa.Text, comment="预期目标 expected goal"),
        sa.Column("actual_text", sa.Text, comment="实际完成情况 what was achieved"),
        *_provenance(),
        schema=S, comment="自评表年度目标 yearly goals of a scorecard, expected against achieved",
    )
    op.create_table(
        "scorecard_tasks",
        _scorecard_fk("scorecard_tasks"),
        sa.Column("task_seq", sa.SmallInteger, primary_key=True, comment="序号 order of the task"),
        sa.Column("task_name", sa.Text, nullable=False, comment="任务名称 task name"),
        sa.Column("content", sa.Text, comment="主要内容 main content"),
        sa.Column("result", sa.Text, comment="实际完成情况 what was achieved"),
        *_provenance(),
        schema=S, comment="部门整体自评表年度主要任务 main tasks of a department-level scorecard",
    )
    op.create_table(
        "scorecard_indicators",
        _scorecard_fk("scorecard_indicators"),
        sa.Column("indicator_seq", sa.SmallInteger, primary_key=True, comment="序号 order of the indicator line"),
        sa.Column("level1", sa.Text, comment="一级指标 first-level indicator (carried down from a merged cell)"),
        sa.Column("level2", sa.Text, comment="二级指标 second-level indicator (carried down from a merged cell)"),
        sa.Column("level3", sa.Text, comment="三级指标 the indicator itself"),
        sa.Column("target_text", sa.Text, comment="年度指标值 target as printed (markup removed)"),
        sa.Column("target_operator", sa.Text, comment="目标运算符 =, ≥, ≤, >, <, between, increase, decrease, text"),
        sa.Column("target_value", sa.Numeric, comment="目标值 target number (lower bound of a range)"),
        sa.Column("target_upper_value", sa.Numeric, comment="目标上限 upper bound of a range target"),
        sa.Column("target_unit", sa.Text, comment="目标单位 unit printed after the target number"),
        sa.Column("actual_text", sa.Text, comment="实际完成值 actual value as printed"),
        sa.Column("actual_operator", sa.Text, comment="实际值运算符 operator printed with the actual value, if any"),
        sa.Column("actual_value", sa.Numeric, comment="实际值 actual number"),
        sa.Column("actual_unit", sa.Text, comment="实际值单位 unit printed after the actual number"),
        sa.Column("weight", sa.Numeric, comment="分值 weight"),
        sa.Column("score", sa.Numeric, comment="得分 score"),
        sa.Column("deviation", sa.Numeric, comment="偏差度 deviation as printed, percent (broken numbers repaired)"),
        sa.Column("deviation_text", sa.Text, comment="偏差度原文 deviation cell as printed"),
        sa.Column("deviation_reason", sa.Text, comment="偏差原因分析及改进措施 reason for the deviation and remedy"),
        *_provenance(),
        sa.CheckConstraint(f"target_operator in {OPERATORS}", name="ck_scorecard_indicators_target_operator"),
        sa.CheckConstraint(f"actual_operator in {OPERATORS}", name="ck_scorecard_indicators_actual_operator"),
        schema=S, comment="自评表绩效指标 indicator lines of a scorecard (一级/二级/三级指标)",
    )
    _give_to_loader()


def _give_to_loader() -> None:
    """Where the juesuan_loader role already exists (revision 0004 applied first), it owns the raw tables."""
    tables = ", ".join(f"'{t}'" for t in TABLES)
    op.execute(f"""
        do $$
        declare t text;
        begin
            if exists (select from pg_roles where rolname = 'juesuan_loader') then
                foreach t in array array[{tables}] loop
                    execute format('alter table {S}.%I owner to juesuan_loader', t);
                end loop;
            end if;
        end $$""")


def downgrade() -> None:
    for table in TABLES[:0:-1]:
        op.drop_table(table, schema=S)
    op.drop_index("ix_scorecards_document_id", table_name="scorecards", schema=S)
    op.drop_table("scorecards", schema=S)
