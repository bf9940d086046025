"""Tables of the raw schema, once: migrations create them, the writer takes its column lists from them,
a test compares the migrated database with them. Their descriptions (PostgreSQL comments) are the dbt
docs blocks in dbt_project/models/docs/raw.md, read by juesuan.models.descriptions."""
from sqlalchemy import (
    BigInteger, Boolean, Index, CheckConstraint, Column, Date, DateTime, ForeignKey,
    Integer, MetaData, Numeric, SmallInteger, String, Table, Text, UniqueConstraint,
    func,
)

from juesuan.models.descriptions import describe

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
    Column("department_name", Text, nullable=False, unique=True),
    Column("region", Text),
)

documents = Table(
    "documents", metadata,
    Column("document_id", Integer, primary_key=True),
    Column("content_sha256", String(64), nullable=False, unique=True),
    Column("source_path", Text, nullable=False),
    Column("source_format", Text, nullable=False),
    Column("department_id", Integer, ForeignKey("departments.department_id"), nullable=False),
    Column("fiscal_year", SmallInteger, nullable=False),
    Column("report_kind", Text, nullable=False),
    Column("money_unit", Text, nullable=False),
    Column("publication_text", Text),
    Column("published_on", Date),
    Column("parser_version", Text, nullable=False),
    Column("loaded_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("is_current", Boolean, nullable=False, server_default="true"),
    Column("superseded_by", Integer, ForeignKey("documents.document_id")),
    Column("table_set", Text),
    Column("truncated", Text),
    Column("content_fingerprint", String(64)),  # revision 0010: identity by content (juesuan.loaders.identity)
    Column("held_back_reason", Text),           # revision 0010: stored but not made current, and why
    Index("ix_documents_content_fingerprint", "content_fingerprint", unique=True),
)

budget_units = Table(
    "budget_units", metadata,
    Column("document_id", Integer, ForeignKey("documents.document_id", ondelete="CASCADE"), primary_key=True),
    Column("unit_seq", SmallInteger, primary_key=True),
    Column("unit_name", Text, nullable=False),
)

report_tables = Table(
    "report_tables", metadata,
    Column("document_id", Integer, ForeignKey("documents.document_id", ondelete="CASCADE"), primary_key=True),
    Column("table_code", String(2), primary_key=True),
    Column("title", Text, nullable=False),
    Column("printed_number", Text),
    Column("unit", Text, nullable=False),
    Column("source_line", Integer),
    Column("source_page", Integer),
    Column("note", Text),
)

table_completeness = Table(
    "table_completeness", metadata,
    Column("document_id", Integer, ForeignKey("documents.document_id", ondelete="CASCADE"), primary_key=True),
    Column("table_code", String(2), primary_key=True),
    Column("table_name", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("note", Text),
    Column("title", Text),
    Column("detail", Text),
    Column("source_line", Integer),
    Column("source_page", Integer),
    Column("source_sheet", Text),
    CheckConstraint("status in ('found', 'incomplete', 'empty_with_note', 'empty', 'missing')", name="status"),
)

text_lines = Table(
    "text_lines", metadata,
    Column("document_id", Integer, ForeignKey("documents.document_id", ondelete="CASCADE"), primary_key=True),
    Column("line_seq", Integer, primary_key=True),
    Column("text", Text, nullable=False),
    Column("source_line", Integer),
    Column("source_page", Integer),
    Column("source_sheet", Text),
)

subjects = Table(
    "subjects", metadata,
    Column("subject_code", String(7), primary_key=True),
    Column("subject_name", Text),
    Column("level", SmallInteger, nullable=False),
    Column("parent_code", String(7), ForeignKey("subjects.subject_code")),
    CheckConstraint("level between 1 and 3", name="level"),
)

econ_subjects = Table(
    "econ_subjects", metadata,
    Column("econ_code", String(5), primary_key=True),
    Column("econ_name", Text),
    Column("level", SmallInteger, nullable=False),
    Column("parent_code", String(5), ForeignKey("econ_subjects.econ_code")),
    Column("expense_group", Text, nullable=False),
    CheckConstraint("level between 1 and 2", name="level"),
    CheckConstraint("expense_group in ('人员经费', '公用经费')", name="expense_group"),
)

amounts = Table(
    "amounts", metadata,
    Column("amount_id", BigInteger, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.document_id", ondelete="CASCADE"), nullable=False),
    Column("table_code", String(2), nullable=False),
    Column("row_seq", Integer, nullable=False),
    Column("col_seq", Integer, nullable=False),
    Column("section", Text),
    Column("line_label", Text, nullable=False),
    Column("line_no", Integer),
    Column("subject_code", String(7), ForeignKey("subjects.subject_code")),
    Column("econ_code", String(5), ForeignKey("econ_subjects.econ_code")),
    Column("measure", Text, nullable=False),
    Column("amount", Numeric, nullable=False),
    Column("unit", Text, nullable=False),
    Column("raw_text", Text, nullable=False),
    Column("source_line", Integer),
    Column("source_page", Integer),
    Column("source_sheet", Text),
    UniqueConstraint("document_id", "table_code", "row_seq", "col_seq", name="uq_amounts_cell"),
    Index("ix_amounts_document_id", "document_id"),
)

parse_warnings = Table(
    "parse_warnings", metadata,
    Column("warning_id", BigInteger, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.document_id", ondelete="CASCADE"), nullable=False),
    Column("table_code", String(2)),
    Column("message", Text, nullable=False),
    Column("raw_text", Text),
    Column("source_line", Integer),
    Column("source_page", Integer),
    Column("source_sheet", Text),
)

# -- nightly job (revision 0004) ---------------------------------------------------------

load_runs = Table(
    "load_runs", metadata,
    Column("run_id", Integer, primary_key=True),
    Column("started_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("finished_at", DateTime(timezone=True)),
    Column("status", Text, nullable=False, server_default="running"),
    Column("inbox", Text, nullable=False),
    Column("hostname", Text),
    Column("juesuan_version", Text),
    Column("files_seen", Integer, nullable=False, server_default="0"),
    Column("files_loaded", Integer, nullable=False, server_default="0"),
    Column("files_skipped", Integer, nullable=False, server_default="0"),
    Column("files_failed", Integer, nullable=False, server_default="0"),
    Column("dbt_success", Boolean),
    Column("dbt_models_built", Integer),
    Column("dbt_tests_passed", Integer),
    Column("dbt_tests_failed", Integer),
    Column("dbt_errors", Text),
    CheckConstraint("status in ('running', 'succeeded', 'failed', 'interrupted')", name="status"),
)

load_run_files = Table(
    "load_run_files", metadata,
    Column("run_id", Integer, ForeignKey("load_runs.run_id", ondelete="CASCADE"), primary_key=True),
    Column("file_seq", Integer, primary_key=True),
    Column("path", Text, nullable=False),
    Column("content_sha256", String(64)),
    Column("status", Text, nullable=False),
    Column("document_id", Integer, ForeignKey("documents.document_id", ondelete="SET NULL")),
    Column("superseded_document_id", Integer, ForeignKey("documents.document_id", ondelete="SET NULL")),
    Column("department_name", Text),
    Column("fiscal_year", SmallInteger),
    Column("amounts", Integer, nullable=False, server_default="0"),
    Column("warnings", Integer, nullable=False, server_default="0"),
    Column("error", Text),
    Column("elapsed_ms", Integer),
    Column("held_back_reason", Text),           # revision 0010
    CheckConstraint("status in ('loaded', 'skipped', 'failed')", name="status"),
)

# -- performance self-evaluations (revision 0002) ------------------------------------------

_SCORECARD_OPERATORS = "('=', '≥', '≤', '>', '<', 'between', 'increase', 'decrease', 'text')"


def _scorecard_provenance() -> list[Column]:
    return [Column("raw_text", Text, nullable=False),
            Column("source_line", Integer),
            Column("source_page", Integer),
            Column("source_sheet", Text)]


def _scorecard_key() -> Column:
    return Column("scorecard_id", BigInteger, ForeignKey("scorecards.scorecard_id", ondelete="CASCADE"),
                  primary_key=True)


scorecards = Table(
    "scorecards", metadata,
    Column("scorecard_id", BigInteger, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.document_id", ondelete="CASCADE"), nullable=False),
    Column("scorecard_seq", SmallInteger, nullable=False),
    Column("scorecard_kind", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("project_name", Text),
    Column("competent_department", Text),
    Column("implementing_unit", Text),
    Column("evaluated_unit", Text),
    Column("evaluation_text", Text),
    Column("evaluated_on", Date),
    Column("money_unit", Text, nullable=False),
    Column("is_template", Boolean, nullable=False),
    Column("indicators_withheld", Boolean, nullable=False, server_default="false"),
    Column("disclosure_note", Text),
    Column("total_weight", Numeric),
    Column("total_score", Numeric),
    Column("total_raw_text", Text),
    Column("source_line", Integer),
    Column("source_page", Integer),
    Column("source_sheet", Text),
    UniqueConstraint("document_id", "scorecard_seq", name="uq_scorecards_document_seq"),
    CheckConstraint("scorecard_kind in ('department', 'project')", name="kind"),
    Index("ix_scorecards_document_id", "document_id"),
)

scorecard_funding = Table(
    "scorecard_funding", metadata,
    _scorecard_key(),
    Column("row_seq", SmallInteger, primary_key=True),
    Column("funding_source", Text, nullable=False),
    Column("line_label", Text, nullable=False),
    Column("initial_budget", Numeric),
    Column("full_year_budget", Numeric),
    Column("executed", Numeric),
    Column("weight", Numeric),
    Column("execution_rate", Numeric),
    Column("score", Numeric),
    *_scorecard_provenance(),
    CheckConstraint("funding_source in ('年度资金总额', '财政拨款', '财政专户管理资金', '单位资金', '其他资金')",
                    name="source"),
)

scorecard_management_items = Table(
    "scorecard_management_items", metadata,
    _scorecard_key(),
    Column("item_seq", SmallInteger, primary_key=True),
    Column("item_name", Text, nullable=False),
    Column("description", Text),
    Column("weight", Numeric),
    Column("score", Numeric),
    Column("problems", Text),
    *_scorecard_provenance(),
)

scorecard_goals = Table(
    "scorecard_goals", metadata,
    _scorecard_key(),
    Column("goal_seq", SmallInteger, primary_key=True),
    Column("goal_kind", Text, nullable=False),
    Column("expected_text", Text),
    Column("actual_text", Text),
    *_scorecard_provenance(),
)

scorecard_tasks = Table(
    "scorecard_tasks", metadata,
    _scorecard_key(),
    Column("task_seq", SmallInteger, primary_key=True),
    Column("task_name", Text, nullable=False),
    Column("content", Text),
    Column("result", Text),
    *_scorecard_provenance(),
)

scorecard_indicators = Table(
    "scorecard_indicators", metadata,
    _scorecard_key(),
    Column("indicator_seq", SmallInteger, primary_key=True),
    Column("level1", Text),
    Column("level2", Text),
    Column("level3", Text),
    Column("target_text", Text),
    Column("target_operator", Text),
    Column("target_value", Numeric),
    Column("target_upper_value", Numeric),
    Column("target_unit", Text),
    Column("actual_text", Text),
    Column("actual_operator", Text),
    Column("actual_value", Numeric),
    Column("actual_unit", Text),
    Column("weight", Numeric),
    Column("score", Numeric),
    Column("deviation", Numeric),
    Column("deviation_text", Text),
    Column("deviation_reason", Text),
    *_scorecard_provenance(),
    CheckConstraint(f"target_operator in {_SCORECARD_OPERATORS}", name="target_operator"),
    CheckConstraint(f"actual_operator in {_SCORECARD_OPERATORS}", name="actual_operator"),
)

# -- narrative facts (revision 0003) -------------------------------------------------------

narrative_facts = Table(
    "narrative_facts", metadata,
    Column("fact_id", BigInteger, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.document_id", ondelete="CASCADE"), nullable=False),
    Column("fact_seq", Integer, nullable=False),
    Column("part", Text, nullable=False),
    Column("section", Text),
    Column("fact_type", Text, nullable=False),
    Column("subject_key", Text, nullable=False),
    Column("subject_code", String(7), ForeignKey("subjects.subject_code")),
    Column("measure", Text, nullable=False),
    Column("value", Numeric),
    Column("unit", Text),
    Column("text_value", Text),
    Column("item_no", Integer),
    Column("raw_text", Text),
    Column("sentence", Text, nullable=False),
    Column("source_line", Integer),
    Column("source_page", Integer),
    UniqueConstraint("document_id", "fact_seq", name="uq_narrative_facts_fact"),
    CheckConstraint("value is not null or text_value is not null", name="has_value"),
    Index("ix_narrative_facts_document_id", "document_id"),
)

narrative_texts = Table(
    "narrative_texts", metadata,
    Column("document_id", Integer, ForeignKey("documents.document_id", ondelete="CASCADE"), primary_key=True),
    Column("kind", Text, primary_key=True),
    Column("text_seq", Integer, primary_key=True),
    Column("label", Text),
    Column("term", Text),
    Column("text", Text, nullable=False),
    Column("source_line", Integer),
    Column("source_page", Integer),
    Column("source_sheet", Text),
    CheckConstraint("kind in ('部门职责', '名词解释')", name="kind"),
)

describe(metadata)
