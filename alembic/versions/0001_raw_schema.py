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
        sa.Column("department_name", sa.Text, nullable=False, comment="部门名称 department name as printed"),
        sa.Column("region", sa.Text, comment="地区 region (city/district prefix of the name)"),
        sa.UniqueConstraint("department_name", name="uq_departments_department_name"),
        schema=S, comment="部门 departments that publish final accounts",
    )
    op.create_table(
        "documents",
        sa.Column("document_id", sa.Integer, primary_key=True),
        sa.Column("content_sha256", sa.String(64), nullable=False, comment="文件内容哈希 SHA-256 of the file bytes"),
        sa.Column("source_path", sa.Text, nullable=False, comment="来源路径 path the file was loaded from"),
        sa.Column("source_format", sa.Text, nullable=False, comment="格式 text, pdf, xlsx or xls"),
        sa.Column("department_id", sa.Integer, sa.ForeignKey(f"{S}.departments.department_id",
                  name="fk_documents_department_id"), nullable=False),
        sa.Column("fiscal_year", sa.SmallInteger, nullable=False, comment="决算年度 fiscal year"),
        sa.Column("report_kind", sa.Text, nullable=False, comment="报告类型 kind of report, e.g. 部门决算"),
        sa.Column("money_unit", sa.Text, nullable=False, comment="金额单位 money unit printed on the tables"),
        sa.Column("publication_text", sa.Text, comment="发布日期原文 publication date as printed"),
        sa.Column("published_on", sa.Date, comment="发布日期 publication date (first day of the printed month)"),
        sa.Column("parser_version", sa.Text, nullable=False, comment="解析器版本 parser version"),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now(),
                  comment="加载时间 load time"),
        sa.Column("is_current", sa.Boolean, nullable=False, server_default=sa.true(),
                  comment="是否当前版本 current version of its report"),
        sa.Column("superseded_by", sa.Integer, sa.ForeignKey(f"{S}.documents.document_id",
                  name="fk_documents_superseded_by"), comment="被替代为 the document that superseded this one"),
        sa.UniqueConstraint("content_sha256", name="uq_documents_content_sha256"),
        schema=S, comment="文档 one loaded report file",
    )
    op.create_table(
        "budget_units",
        sa.Column("document_id", sa.Integer, sa.ForeignKey(f"{S}.documents.document_id", ondelete="CASCADE",
                  name="fk_budget_units_document_id"), primary_key=True),
        sa.Column("unit_seq", sa.SmallInteger, primary_key=True, comment="序号 position in the printed list"),
        sa.Column("unit_name", sa.Text, nullable=False, comment="单位名称 budget unit name"),
        schema=S, comment="纳入决算编制范围的预算单位 budget units consolidated into the report",
    )
    op.create_table(
        "report_tables",
        sa.Column("document_id", sa.Integer, sa.ForeignKey(f"{S}.documents.document_id", ondelete="CASCADE",
                  name="fk_report_tables_document_id"), primary_key=True),
        sa.Column("table_code", sa.String(2), primary_key=True, comment="公开表号 national table code 01–09"),
        sa.Column("title", sa.Text, nullable=False, comment="表名 title as printed"),
        sa.Column("printed_number", sa.Text, comment="报告所印表号 table number as printed"),
        sa.Column("unit", sa.Text, nullable=False, comment="金额单位 money unit"),
        sa.Column("source_line", sa.Integer),
        sa.Column("source_page", sa.Integer),
        sa.Column("note", sa.Text, comment="说明 note printed under the table"),
        schema=S, comment="报告中识别到的公开表 tables recognised in a document",
    )
    op.create_table(
        "subjects",
        sa.Column("subject_code", sa.String(7), primary_key=True, comment="功能分类科目编码"),
        sa.Column("subject_name", sa.Text, comment="科目名称 (the fullest name printed)"),
        sa.Column("level", sa.SmallInteger, nullable=False, comment="级次 1 类, 2 款, 3 项"),
        sa.Column("parent_code", sa.String(7), sa.ForeignKey(f"{S}.subjects.subject_code",
                  name="fk_subjects_parent_code"), comment="上级科目"),
        sa.CheckConstraint("level between 1 and 3", name="ck_subjects_level"),
        schema=S, comment="功能分类科目 functional classification of expenditure",
    )
    op.create_table(
        "econ_subjects",
        sa.Column("econ_code", sa.String(5), primary_key=True, comment="经济分类科目编码"),
        sa.Column("econ_name", sa.Text, comment="科目名称"),
        sa.Column("level", sa.SmallInteger, nullable=False, comment="级次 1 类, 2 款"),
        sa.Column("parent_code", sa.String(5), sa.ForeignKey(f"{S}.econ_subjects.econ_code",
                  name="fk_econ_subjects_parent_code"), comment="上级科目"),
        sa.Column("expense_group", sa.Text, nullable=False, comment="人员经费 or 公用经费"),
        sa.CheckConstraint("level between 1 and 2", name="ck_econ_subjects_level"),
        sa.CheckConstraint("expense_group in ('人员经费', '公用经费')", name="ck_econ_subjects_expense_group"),
        schema=S, comment="经济分类科目 economic classification of expenditure",
    )
    op.create_table(
        "amounts",
        sa.Column("amount_id", sa.BigInteger, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey(f"{S}.documents.document_id", ondelete="CASCADE",
                  name="fk_amounts_document_id"), nullable=False),
        sa.Column("table_code", sa.String(2), nullable=False, comment="公开表号 national table code"),
        sa.Column("row_seq", sa.Integer, nullable=False, comment="行序 data row ordinal in the table"),
        sa.Column("col_seq", sa.Integer, nullable=False, comment="列序 cell ordinal in the row"),
        sa.Column("section", sa.Text, comment="栏 收入/支出 side, or 人员经费/公用经费 group"),
        sa.Column("line_label", sa.Text, nullable=False, comment="项目 row label as printed"),
        sa.Column("line_no", sa.Integer, comment="行次 line number as printed"),
        sa.Column("subject_code", sa.String(7), sa.ForeignKey(f"{S}.subjects.subject_code",
                  name="fk_amounts_subject_code"), comment="功能分类科目编码"),
        sa.Column("econ_code", sa.String(5), sa.ForeignKey(f"{S}.econ_subjects.econ_code",
                  name="fk_amounts_econ_code"), comment="经济分类科目编码"),
        sa.Column("measure", sa.Text, nullable=False, comment="指标 normalised column"),
        sa.Column("amount", sa.Numeric, nullable=False, comment="金额 exact decimal in the table's unit"),
        sa.Column("unit", sa.Text, nullable=False, comment="金额单位"),
        sa.Column("raw_text", sa.Text, nullable=False, comment="原始单元格文本 cell text as printed"),
        sa.Column("source_line", sa.Integer, comment="文本行号 line in a text file"),
        sa.Column("source_page", sa.Integer, comment="页码 page in a PDF"),
        sa.Column("source_sheet", sa.Text, comment="工作表 sheet of a workbook"),
        sa.UniqueConstraint("document_id", "table_code", "row_seq", "col_seq", name="uq_amounts_cell"),
        schema=S, comment="公开01–09表的每一个印出金额 every printed amount of tables 01–09",
    )
    op.create_index("ix_amounts_document_id", "amounts", ["document_id"], schema=S)
    op.create_table(
        "parse_warnings",
        sa.Column("warning_id", sa.BigInteger, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey(f"{S}.documents.document_id", ondelete="CASCADE",
                  name="fk_parse_warnings_document_id"), nullable=False),
        sa.Column("table_code", sa.String(2)),
        sa.Column("message", sa.Text, nullable=False, comment="说明 what could not be read"),
        sa.Column("raw_text", sa.Text, comment="原文"),
        sa.Column("source_line", sa.Integer),
        sa.Column("source_page", sa.Integer),
        schema=S, comment="解析警告 values that could not be read",
    )


def downgrade() -> None:
    for table in ("parse_warnings", "amounts", "econ_subjects", "subjects", "report_tables",
                  "budget_units", "documents", "departments"):
        op.drop_table(table, schema=S)
