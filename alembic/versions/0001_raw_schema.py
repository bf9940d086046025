"""raw schema: documents, departments, budget units, 科目 dimensions, amounts, warnings

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""
from alembic import op
import sqlalchemy as sa

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

S = "raw"


def upgrade() -> None:
    op.execute(f"CREATE SCHEMA IF NOT EXISTS {S}")
    op.create_table(
        "departments",
        sa.Column("department_id", sa.Integer, primary_key=True),
        sa.Column("department_name", sa.Text, nullable=False),
        sa.Column("region", sa.Text),
        sa.UniqueConstraint("department_name", name="uq_departments_department_name"),
        schema=S,
    )
    op.create_table(
        "documents",
        sa.Column("document_id", sa.Integer, primary_key=True),
        sa.Column("content_sha256", sa.String(64), nullable=False),
        sa.Column("source_path", sa.Text, nullable=False),
        sa.Column("source_format", sa.Text, nullable=False),
        sa.Column("department_id", sa.Integer, sa.ForeignKey(f"{S}.departments.department_id",
                  name="fk_documents_department_id"), nullable=False),
        sa.Column("fiscal_year", sa.SmallInteger, nullable=False),
        sa.Column("report_kind", sa.Text, nullable=False),
        sa.Column("money_unit", sa.Text, nullable=False),
        sa.Column("publication_text", sa.Text),
        sa.Column("published_on", sa.Date),
        sa.Column("parser_version", sa.Text, nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("is_current", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("superseded_by", sa.Integer, sa.ForeignKey(f"{S}.documents.document_id",
                  name="fk_documents_superseded_by")),
        sa.UniqueConstraint("content_sha256", name="uq_documents_content_sha256"),
        schema=S,
    )
    op.create_table(
        "budget_units",
        sa.Column("document_id", sa.Integer, sa.ForeignKey(f"{S}.documents.document_id", ondelete="CASCADE",
                  name="fk_budget_units_document_id"), primary_key=True),
        sa.Column("unit_seq", sa.SmallInteger, primary_key=True),
        sa.Column("unit_name", sa.Text, nullable=False),
        schema=S,
    )
    op.create_table(
        "report_tables",
        sa.Column("document_id", sa.Integer, sa.ForeignKey(f"{S}.documents.document_id", ondelete="CASCADE",
                  name="fk_report_tables_document_id"), primary_key=True),
        sa.Column("table_code", sa.String(2), primary_key=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("printed_number", sa.Text),
        sa.Column("unit", sa.Text, nullable=False),
        sa.Column("source_line", sa.Integer),
        sa.Column("source_page", sa.Integer),
        sa.Column("note", sa.Text),
        schema=S,
    )
    op.create_table(
        "subjects",
        sa.Column("subject_code", sa.String(7), primary_key=True),
        sa.Column("subject_name", sa.Text),
        sa.Column("level", sa.SmallInteger, nullable=False),
        sa.Column("parent_code", sa.String(7), sa.ForeignKey(f"{S}.subjects.subject_code",
                  name="fk_subjects_parent_code")),
        sa.CheckConstraint("level between 1 and 3", name="ck_subjects_level"),
        schema=S,
    )
    op.create_table(
        "econ_subjects",
        sa.Column("econ_code", sa.String(5), primary_key=True),
        sa.Column("econ_name", sa.Text),
        sa.Column("level", sa.SmallInteger, nullable=False),
        sa.Column("parent_code", sa.String(5), sa.ForeignKey(f"{S}.econ_subjects.econ_code",
                  name="fk_econ_subjects_parent_code")),
        sa.Column("expense_group", sa.Text, nullable=False),
        sa.CheckConstraint("level between 1 and 2", name="ck_econ_subjects_level"),
        sa.CheckConstraint("expense_group in ('人员经费', '公用经费')", name="ck_econ_subjects_expense_group"),
        schema=S,
    )
    op.create_table(
        "amounts",
        sa.Column("amount_id", sa.BigInteger, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey(f"{S}.documents.document_id", ondelete="CASCADE",
                  name="fk_amounts_document_id"), nullable=False),
        sa.Column("table_code", sa.String(2), nullable=False),
        sa.Column("row_seq", sa.Integer, nullable=False),
        sa.Column("col_seq", sa.Integer, nullable=False),
        sa.Column("section", sa.Text),
        sa.Column("line_label", sa.Text, nullable=False),
        sa.Column("line_no", sa.Integer),
        sa.Column("subject_code", sa.String(7), sa.ForeignKey(f"{S}.subjects.subject_code",
                  name="fk_amounts_subject_code")),
        sa.Column("econ_code", sa.String(5), sa.ForeignKey(f"{S}.econ_subjects.econ_code",
                  name="fk_amounts_econ_code")),
        sa.Column("measure", sa.Text, nullable=False),
        sa.Column("amount", sa.Numeric, nullable=False),
        sa.Column("unit", sa.Text, nullable=False),
        sa.Column("raw_text", sa.Text, nullable=False),
        sa.Column("source_line", sa.Integer),
        sa.Column("source_page", sa.Integer),
        sa.Column("source_sheet", sa.Text),
        sa.UniqueConstraint("document_id", "table_code", "row_seq", "col_seq", name="uq_amounts_cell"),
        schema=S,
    )
    op.create_index("ix_amounts_document_id", "amounts", ["document_id"], schema=S)
    op.create_table(
        "parse_warnings",
        sa.Column("warning_id", sa.BigInteger, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey(f"{S}.documents.document_id", ondelete="CASCADE",
                  name="fk_parse_warnings_document_id"), nullable=False),
        sa.Column("table_code", sa.String(2)),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("raw_text", sa.Text),
        sa.Column("source_line", sa.Integer),
        sa.Column("source_page", sa.Integer),
        schema=S,
    )


def downgrade() -> None:
    for table in ("parse_warnings", "amounts", "econ_subjects", "subjects", "report_tables",
                  "budget_units", "documents", "departments"):
        op.drop_table(table, schema=S)
