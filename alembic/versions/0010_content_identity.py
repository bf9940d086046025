"""content identity and safe supersession: documents keyed by what they say; smaller versions held back

Revision ID: 0010
Revises: 0008
Create Date: 2026-12-02

A document's identity is its content fingerprint (department, year, format and every parsed value), so
the same report re-encoded is recognised as already loaded. A new version that holds fewer tables,
scorecards or narrative parts than the current one is stored but not made current: held_back_reason
says why (on the document and on the nightly run's file row).
"""
from alembic import op
import sqlalchemy as sa

revision = "0010"
down_revision = "0008"
branch_labels = None
depends_on = None

S = "raw"


def upgrade() -> None:
    op.add_column("documents", sa.Column("content_fingerprint", sa.String(64)), schema=S)
    op.add_column("documents", sa.Column("held_back_reason", sa.Text), schema=S)
    op.create_index("ix_documents_content_fingerprint", "documents", ["content_fingerprint"], unique=True, schema=S)
    op.add_column("load_run_files", sa.Column("held_back_reason", sa.Text), schema=S)


def downgrade() -> None:
    op.drop_column("load_run_files", "held_back_reason", schema=S)
    op.drop_index("ix_documents_content_fingerprint", table_name="documents", schema=S)
    op.drop_column("documents", "held_back_reason", schema=S)
    op.drop_column("documents", "content_fingerprint", schema=S)
