"""parse warnings keep the sheet of a workbook they came from

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02

Every printed value and every warning has one provenance (page or sheet, line,
text as printed); warnings lacked the sheet, so a workbook's warnings lost where
they came from.
"""
from alembic import op
import sqlalchemy as sa

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("parse_warnings", sa.Column("source_sheet", sa.Text), schema="raw")


def downgrade() -> None:
    op.drop_column("parse_warnings", "source_sheet", schema="raw")
