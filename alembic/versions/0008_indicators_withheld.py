"""withheld is not empty: a scorecard whose indicator lines are withheld but whose funding and scores are printed

Revision ID: 0008
Revises: 0006
Create Date: 2026-12-02

A 项目支出绩效自评情况表 printing “项目绩效表依法不公开” over its indicator lines still prints
its funding and management scores; it is no longer an empty form (is_template), it is
indicators_withheld. is_template stays for forms with nothing printed (涉密).
"""
from alembic import op
import sqlalchemy as sa

revision = "0008"
down_revision = "0006"
branch_labels = None
depends_on = None

S = "raw"


def upgrade() -> None:
    op.add_column("scorecards", sa.Column("indicators_withheld", sa.Boolean, nullable=False,
                                          server_default="false"), schema=S)


def downgrade() -> None:
    op.drop_column("scorecards", "indicators_withheld", schema=S)
