"""Tables of the raw schema. Comments are the Chinese/English descriptions."""
from sqlalchemy import (
    BigInteger, Boolean, Index, CheckConstraint, Column, Date, DateTime, ForeignKey,
    Integer, MetaData, Numeric, SmallInteger, String, Table, Text, UniqueConstraint,
    func,
)

RAW_SCHEMA = "raw"

metadata = MetaData(
    schema=RAW_SCHEMA,
    naming_convention={
        "pk": "pk_%(table_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "ix": "ix_%(table_name)s_%(column_0_name)s",
    },
)

departments = Table(
    "departments", metadata,
    Column("department_id", Integer, primary_key=True),
    Column("department_name", Text, nullable=False, unique=True, comment="部门名称 department name as printed"),
    Column("region", Text, comment="地区 region (city/district prefix of the name)"),
    comment="部门 departments that publish final accounts",
)

documents = Table(
    "documents", metadata,
    Column("document_id", Integer, primary_key=True),
    Column("content_sha256", String(64), nullable=False, unique=True, comment="文件内容哈希 SHA-256 of the file bytes"),
    Column("source_path", Text, nullable=False, comment="来源路径 path the file was loaded from"),
    Column("source_format", Text, nullable=False, comment="格式 text, pdf, xlsx or xls"),
    Column("department_id", Integer, ForeignKey("departments.department_id"), nullable=False),
    Column("fiscal_year", SmallInteger, nullable=False, comment="决算年度 fiscal year"),
    Column("report_kind", Text, nullable=False, comment="报告类型 kind of report, e.g. 部门决算"),
    Column("money_unit", Text, nullable=False, comment="金额单位 money unit printed on the tables"),
    Column("publication_text", Text, comment="发布日期原文 publication date as printed"),
    Column("published_on", Date, comment="发布日期 publication date (first day of the printed month)"),
    Column("parser_version", Text, nullable=False, comment="解析器版本 parser version"),
    Column("loaded_at", DateTime(timezone=True), nullable=False, server_default=func.now(), comment="加载时间 load time"),
    Column("is_current", Boolean, nullable=False, server_default="true", comment="是否当前版本 current version of its report"),
    Column("superseded_by", Integer, ForeignKey("documents.document_id"), comment="被替代为 the document that superseded this one"),
    comment="文档 one loaded report file",
)

budget_units = Table(
    "budget_units", metadata,
    Column("document_id", Integer, ForeignKey("documents.document_id", ondelete="CASCADE"), primary_key=True),
    Column("unit_seq", SmallInteger, primary_key=True, comment="序号 position in the printed list"),
    Column("unit_name", Text, nullable=False, comment="单位名称 budget unit name"),
    comment="纳入决算编制范围的预算单位 budget units consolidated into the report",
)

report_tables = Table(
    "report_tables", metadata,
    Column("document_id", Integer, ForeignKey("documents.document_id", ondelete="CASCADE"), primary_key=True),
    Column("table_code", String(2), primary_key=True, comment="公开表号 national table code 01–09"),
    Column("title", Text, nullable=False, comment="表名 title as printed"),
    Column("printed_number", Text, comment="报告所印表号 table number as printed"),
    Column("unit", Text, nullable=False, comment="金额单位 money unit"),
    Column("source_line", Integer),
    Column("source_page", Integer),
    Column("note", Text, comment="说明 note printed under the table"),
    comment="报告中识别到的公开表 tables recognised in a document",
)

subjects = Table(
    "subjects", metadata,
    Column("subject_code", String(7), primary_key=True, comment="功能分类科目编码"),
    Column("subject_name", Text, comment="科目名称 (the fullest name printed)"),
    Column("level", SmallInteger, nullable=False, comment="级次 1 类, 2 款, 3 项"),
    Column("parent_code", String(7), ForeignKey("subjects.subject_code"), comment="上级科目"),
    CheckConstraint("level between 1 and 3", name="level"),
    comment="功能分类科目 functional classification of expenditure",
)

econ_subjects = Table(
    "econ_subjects", metadata,
    Column("econ_code", String(5), primary_key=True, comment="经济分类科目编码"),
    Column("econ_name", Text, comment="科目名称"),
    Column("level", SmallInteger, nullable=False, comment="级次 1 类, 2 款"),
    Column("parent_code", String(5), ForeignKey("econ_subjects.econ_code"), comment="上级科目"),
    Column("expense_group", Text, nullable=False, comment="人员经费 or 公用经费"),
    CheckConstraint("level between 1 and 2", name="level"),
    CheckConstraint("expense_group in ('人员经费', '公用经费')", name="expense_group"),
    comment="经济分类科目 economic classification of expenditure",
)

amounts = Table(
    "amounts", metadata,
    Column("amount_id", BigInteger, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.document_id", ondelete="CASCADE"), nullable=False),
    Column("table_code", String(2), nullable=False, comment="公开表号 national table code"),
    Column("row_seq", Integer, nullable=False, comment="行序 data row ordinal in the table"),
    Column("col_seq", Integer, nullable=False, comment="列序 cell ordinal in the row"),
    Column("section", Text, comment="栏 收入/支出 side, or 人员经费/公用经费 group"),
    Column("line_label", Text, nullable=False, comment="项目 row label as printed"),
    Column("line_no", Integer, comment="行次 line number as printed"),
    Column("subject_code", String(7), ForeignKey("subjects.subject_code"), comment="功能分类科目编码"),
    Column("econ_code", String(5), ForeignKey("econ_subjects.econ_code"), comment="经济分类科目编码"),
    Column("measure", Text, nullable=False, comment="指标 normalised column"),
    Column("amount", Numeric, nullable=False, comment="金额 exact decimal in the table's unit"),
    Column("unit", Text, nullable=False, comment="金额单位"),
    Column("raw_text", Text, nullable=False, comment="原始单元格文本 cell text as printed"),
    Column("source_line", Integer, comment="文本行号 line in a text file"),
    Column("source_page", Integer, comment="页码 page in a PDF"),
    Column("source_sheet", Text, comment="工作表 sheet of a workbook"),
    UniqueConstraint("document_id", "table_code", "row_seq", "col_seq", name="uq_amounts_cell"),
    Index("ix_amounts_document_id", "document_id"),
    comment="公开01–09表的每一个印出金额 every printed amount of tables 01–09",
)

parse_warnings = Table(
    "parse_warnings", metadata,
    Column("warning_id", BigInteger, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.document_id", ondelete="CASCADE"), nullable=False),
    Column("table_code", String(2)),
    Column("message", Text, nullable=False, comment="说明 what could not be read"),
    Column("raw_text", Text, comment="原文"),
    Column("source_line", Integer),
    Column("source_page", Integer),
    comment="解析警告 values that could not be read",
)
