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
        primary_key=True)


def _provenance() -> list[sa.Column]:
    return [
        sa.Column("raw_text", sa.Text, nullable=False),
        sa.Column("source_line", sa.Integer),
        sa.Column("source_page", sa.Integer),
        sa.Column("source_sheet", sa.Text),
    ]


def upgrade() -> None:
    op.create_table(
        "scorecards",
        sa.Column("scorecard_id", sa.BigInteger, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey(f"{S}.documents.document_id", ondelete="CASCADE",
                  name="fk_scorecards_document_id"), nullable=False),
        sa.Column("scorecard_seq", sa.SmallInteger, nullable=False),
        sa.Column("scorecard_kind", sa.Text, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("project_name", sa.Text),
        sa.Column("competent_department", sa.Text),
        sa.Column("implementing_unit", sa.Text),
        sa.Column("evaluated_unit", sa.Text),
        sa.Column("evaluation_text", sa.Text),
        sa.Column("evaluated_on", sa.Date),
        sa.Column("money_unit", sa.Text, nullable=False),
        sa.Column("is_template", sa.Boolean, nullable=False),
        sa.Column("disclosure_note", sa.Text),
        sa.Column("total_weight", sa.Numeric),
        sa.Column("total_score", sa.Numeric),
        sa.Column("total_raw_text", sa.Text),
        sa.Column("source_line", sa.Integer),
        sa.Column("source_page", sa.Integer),
        sa.Column("source_sheet", sa.Text),
        sa.UniqueConstraint("document_id", "scorecard_seq", name="uq_scorecards_document_seq"),
        sa.CheckConstraint(f"scorecard_kind in {KINDS}", name="ck_scorecards_kind"),
        schema=S,
    )
    op.create_index("ix_scorecards_document_id", "scorecards", ["document_id"], schema=S)
    op.create_table(
        "scorecard_funding",
        _scorecard_fk("scorecard_funding"),
        sa.Column("row_seq", sa.SmallInteger, primary_key=True),
        sa.Column("funding_source", sa.Text, nullable=False),
        sa.Column("line_label", sa.Text, nullable=False),
        sa.Column("initial_budget", sa.Numeric),
        sa.Column("full_year_budget", sa.Numeric),
        sa.Column("executed", sa.Numeric),
        sa.Column("weight", sa.Numeric),
        sa.Column("execution_rate", sa.Numeric),
        sa.Column("score", sa.Numeric),
        *_provenance(),
        sa.CheckConstraint(f"funding_source in {SOURCES}", name="ck_scorecard_funding_source"),
        schema=S,
    )
    op.create_table(
        "scorecard_management_items",
        _scorecard_fk("scorecard_management_items"),
        sa.Column("item_seq", sa.SmallInteger, primary_key=True),
        sa.Column("item_name", sa.Text, nullable=False),
        sa.Column("description", sa.Text),
        sa.Column("weight", sa.Numeric),
        sa.Column("score", sa.Numeric),
        sa.Column("problems", sa.Text),
        *_provenance(),
        schema=S,
    )
    op.create_table(
        "scorecard_goals",
        _scorecard_fk("scorecard_goals"),
        sa.Column("goal_seq", sa.SmallInteger, primary_key=True),
        sa.Column("goal_kind", sa.Text, nullable=False),
        sa.Column("expected_text", sa.Text),
        sa.Column("actual_text", sa.Text),
        *_provenance(),
        schema=S,
    )
    op.create_table(
        "scorecard_tasks",
        _scorecard_fk("scorecard_tasks"),
        sa.Column("task_seq", sa.SmallInteger, primary_key=True),
        sa.Column("task_name", sa.Text, nullable=False),
        sa.Column("content", sa.Text),
        sa.Column("result", sa.Text),
        *_provenance(),
        schema=S,
    )
    op.create_table(
        "scorecard_indicators",
        _scorecard_fk("scorecard_indicators"),
        sa.Column("indicator_seq", sa.SmallInteger, primary_key=True),
        sa.Column("level1", sa.Text),
        sa.Column("level2", sa.Text),
        sa.Column("level3", sa.Text),
        sa.Column("target_text", sa.Text),
        sa.Column("target_operator", sa.Text),
        sa.Column("target_value", sa.Numeric),
        sa.Column("target_upper_value", sa.Numeric),
        sa.Column("target_unit", sa.Text),
        sa.Column("actual_text", sa.Text),
        sa.Column("actual_operator", sa.Text),
        sa.Column("actual_value", sa.Numeric),
        sa.Column("actual_unit", sa.Text),
        sa.Column("weight", sa.Numeric),
        sa.Column("score", sa.Numeric),
        sa.Column("deviation", sa.Numeric),
        sa.Column("deviation_text", sa.Text),
        sa.Column("deviation_reason", sa.Text),
        *_provenance(),
        sa.CheckConstraint(f"target_operator in {OPERATORS}", name="ck_scorecard_indicators_target_operator"),
        sa.CheckConstraint(f"actual_operator in {OPERATORS}", name="ck_scorecard_indicators_actual_operator"),
        schema=S,
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
