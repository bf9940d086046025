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
        sa.Column("fact_id", sa.BigInteger, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey(f"{S}.documents.document_id", ondelete="CASCADE",
                  name="fk_narrative_facts_document_id"), nullable=False),
        sa.Column("fact_seq", sa.Integer, nullable=False),
        sa.Column("part", sa.Text, nullable=False),
        sa.Column("section", sa.Text),
        sa.Column("fact_type", sa.Text, nullable=False),
        sa.Column("subject_key", sa.Text, nullable=False),
        sa.Column("subject_code", sa.String(7), sa.ForeignKey(f"{S}.subjects.subject_code",
                  name="fk_narrative_facts_subject_code")),
        sa.Column("measure", sa.Text, nullable=False),
        sa.Column("value", sa.Numeric),
        sa.Column("unit", sa.Text),
        sa.Column("text_value", sa.Text),
        sa.Column("item_no", sa.Integer),
        sa.Column("raw_text", sa.Text),
        sa.Column("sentence", sa.Text, nullable=False),
        sa.Column("source_line", sa.Integer),
        sa.Column("source_page", sa.Integer),
        sa.UniqueConstraint("document_id", "fact_seq", name="uq_narrative_facts_fact"),
        sa.CheckConstraint("value is not null or text_value is not null", name="ck_narrative_facts_has_value"),
        schema=S,
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
