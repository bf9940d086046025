"""raw.narrative_facts: figures and reasons a report states in its narrative (情况说明) and overview (概况)

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

S = "raw"


def upgrade() -> None:
    op.create_table(
        "narrative_facts",
        sa.Column("fact_id", sa.BigInteger, primary_key=True, comment="事实编号 fact id (surrogate key)"),
        sa.Column("document_id", sa.Integer, sa.ForeignKey(f"{S}.documents.document_id", ondelete="CASCADE",
                  name="fk_narrative_facts_document_id"), nullable=False, comment="文档编号 document id"),
        sa.Column("fact_seq", sa.Integer, nullable=False, comment="序号 order of the fact in the document"),
        sa.Column("part", sa.Text, nullable=False, comment="部分 概况 (part one) or 情况说明 (part three)"),
        sa.Column("section", sa.Text, comment="章节 heading path, e.g. 五、一般公共预算财政拨款支出决算情况说明 / （三）具体情况"),
        sa.Column("fact_type", sa.Text, nullable=False,
                  comment="事实类型 topic, e.g. prior_year_comparison, subject_execution, three_public"),
        sa.Column("subject_key", sa.Text, nullable=False,
                  comment="对象 what the fact is about: 支出总计, a 科目 path, a 三公 category, a vehicle kind"),
        sa.Column("subject_code", sa.String(7), sa.ForeignKey(f"{S}.subjects.subject_code",
                  name="fk_narrative_facts_subject_code"), comment="功能分类科目编码 when the subject is a printed 科目"),
        sa.Column("measure", sa.Text, nullable=False,
                  comment="指标 amount, change_amount, change_pct, initial_budget, final_amount, reason, count …"),
        sa.Column("value", sa.Numeric, comment="数值 exact decimal as printed (signed for a decrease)"),
        sa.Column("unit", sa.Text, comment="单位 万元, %, 个, 人次, 辆, 台, 台(套), 分"),
        sa.Column("text_value", sa.Text, comment="文字 reason, note or composition as printed"),
        sa.Column("item_no", sa.Integer, comment="条目号 number of the item in a printed list"),
        sa.Column("raw_text", sa.Text, comment="原文数字 the number as printed"),
        sa.Column("sentence", sa.Text, nullable=False, comment="原句 the sentence the fact came from"),
        sa.Column("source_line", sa.Integer, comment="文本行号 line in a text file"),
        sa.Column("source_page", sa.Integer, comment="页码 page in a PDF"),
        sa.UniqueConstraint("document_id", "fact_seq", name="uq_narrative_facts_fact"),
        sa.CheckConstraint("value is not null or text_value is not null", name="ck_narrative_facts_has_value"),
        schema=S, comment="情况说明中的事实 figures and reasons stated in a report's narrative, with their sentences",
    )
    op.create_index("ix_narrative_facts_document_id", "narrative_facts", ["document_id"], schema=S)
    _give_to_loader()


def _give_to_loader() -> None:
    """Where the juesuan_loader role already exists (revision 0004 applied first), it owns the raw tables."""
    op.execute(f"""
        do $$
        begin
            if exists (select from pg_roles where rolname = 'juesuan_loader') then
                alter table {S}.narrative_facts owner to juesuan_loader;
            end if;
        end $$""")


def downgrade() -> None:
    op.drop_index("ix_narrative_facts_document_id", table_name="narrative_facts", schema=S)
    op.drop_table("narrative_facts", schema=S)
