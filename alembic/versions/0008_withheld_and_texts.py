"""withheld is not empty (a scorecard whose indicators are withheld but whose funding and scores are printed); 部门职责 and 名词解释 as text

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02

A 项目支出绩效自评情况表 printing “项目绩效表依法不公开” over its indicator lines still prints
its funding and management scores; it is no longer an empty form (is_template), it is
indicators_withheld. is_template stays for forms with nothing printed (涉密).

The report's 部门职责 and 名词解释 are kept as text (raw.narrative_texts), one row per duty or term.
"""
from alembic import op
import sqlalchemy as sa

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

S = "raw"


def upgrade() -> None:
    op.add_column("scorecards", sa.Column("indicators_withheld", sa.Boolean, nullable=False,
                                          server_default="false"), schema=S)
    op.create_table(
        "narrative_texts",
        sa.Column("document_id", sa.Integer, sa.ForeignKey(f"{S}.documents.document_id", ondelete="CASCADE",
                  name="fk_narrative_texts_document_id"), primary_key=True),
        sa.Column("kind", sa.Text, primary_key=True),
        sa.Column("text_seq", sa.Integer, primary_key=True),
        sa.Column("label", sa.Text),
        sa.Column("term", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("source_line", sa.Integer),
        sa.Column("source_page", sa.Integer),
        sa.Column("source_sheet", sa.Text),
        sa.CheckConstraint("kind in ('部门职责', '名词解释')", name="ck_narrative_texts_kind"),
        sa.PrimaryKeyConstraint("document_id", "kind", "text_seq", name="pk_narrative_texts"),
        schema=S,
    )
    # the loader role writes every raw table (see 0006)
    op.execute("do $$ begin if exists (select 1 from pg_roles where rolname = 'juesuan_loader') then "
               "grant all on raw.narrative_texts to juesuan_loader; "
               "alter table raw.narrative_texts owner to juesuan_loader; end if; end $$")


def downgrade() -> None:
    op.drop_table("narrative_texts", schema=S)
    op.drop_column("scorecards", "indicators_withheld", schema=S)
