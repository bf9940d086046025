"""completeness as a finding: each expected table's status; the table set and truncation of a document

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02

A report with a table missing or printed empty is loaded, not refused: what it
printed of each table its table set expects is stored (found, incomplete,
empty_with_note, empty, missing), with the note that says why a table is empty.
"""
from alembic import op
import sqlalchemy as sa

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

S = "raw"


def upgrade() -> None:
    op.add_column("documents", sa.Column("table_set", sa.Text), schema=S)
    op.add_column("documents", sa.Column("truncated", sa.Text), schema=S)
    op.create_table(
        "table_completeness",
        sa.Column("document_id", sa.Integer, sa.ForeignKey(f"{S}.documents.document_id", ondelete="CASCADE",
                  name="fk_table_completeness_document_id"), primary_key=True),
        sa.Column("table_code", sa.String(2), primary_key=True),
        sa.Column("table_name", sa.Text, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("note", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("detail", sa.Text),
        sa.Column("source_line", sa.Integer),
        sa.Column("source_page", sa.Integer),
        sa.Column("source_sheet", sa.Text),
        sa.CheckConstraint("status in ('found', 'incomplete', 'empty_with_note', 'empty', 'missing')",
                           name="ck_table_completeness_status"),
        sa.PrimaryKeyConstraint("document_id", "table_code", name="pk_table_completeness"),
        schema=S,
    )
    # the loader role writes every raw table (default privileges of 0004 cover tables created later by it;
    # grant explicitly for a migration run by another user)
    op.execute("do $$ begin if exists (select 1 from pg_roles where rolname = 'juesuan_loader') then "
               "grant all on raw.table_completeness to juesuan_loader; "
               "alter table raw.table_completeness owner to juesuan_loader; end if; end $$")


def downgrade() -> None:
    op.drop_table("table_completeness", schema=S)
    op.drop_column("documents", "truncated", schema=S)
    op.drop_column("documents", "table_set", schema=S)
