"""the report's text lines: what the wording rules read and cite

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02

Every line a report printed outside its tables (headings, the narrative, notes), in
printed order with its line or page, so that the review rules can find placeholders,
wrong years, unfinished sentences and old 科目 names, and cite the line they found.
"""
from alembic import op
import sqlalchemy as sa

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

S = "raw"


def upgrade() -> None:
    op.create_table(
        "text_lines",
        sa.Column("document_id", sa.Integer, sa.ForeignKey(f"{S}.documents.document_id", ondelete="CASCADE",
                  name="fk_text_lines_document_id"), nullable=False),
        sa.Column("line_seq", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("source_line", sa.Integer),
        sa.Column("source_page", sa.Integer),
        sa.Column("source_sheet", sa.Text),
        sa.PrimaryKeyConstraint("document_id", "line_seq", name="pk_text_lines"),
        schema=S,
    )
    op.execute("do $$ begin if exists (select 1 from pg_roles where rolname = 'juesuan_loader') then "
               "grant all on raw.text_lines to juesuan_loader; "
               "alter table raw.text_lines owner to juesuan_loader; end if; end $$")


def downgrade() -> None:
    op.drop_table("text_lines", schema=S)
