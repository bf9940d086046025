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

# -- nightly job (revision 0004) ---------------------------------------------------------

load_runs = Table(
    "load_runs", metadata,
    Column("run_id", Integer, primary_key=True, comment="运行编号 run id"),
    Column("started_at", DateTime(timezone=True), nullable=False, server_default=func.now(), comment="开始时间 start time"),
    Column("finished_at", DateTime(timezone=True), comment="结束时间 end time (null while running)"),
    Column("status", Text, nullable=False, server_default="running",
           comment="状态 running, succeeded, failed (a file or the dbt build failed), "
                   "interrupted (the process ended before finishing)"),
    Column("inbox", Text, nullable=False, comment="收件目录 folder searched for reports"),
    Column("hostname", Text, comment="主机 host the job ran on"),
    Column("juesuan_version", Text, comment="程序版本 juesuan version"),
    Column("files_seen", Integer, nullable=False, server_default="0", comment="发现文件数 files found"),
    Column("files_loaded", Integer, nullable=False, server_default="0", comment="加载文件数 files loaded"),
    Column("files_skipped", Integer, nullable=False, server_default="0",
           comment="跳过文件数 files skipped (content already loaded)"),
    Column("files_failed", Integer, nullable=False, server_default="0", comment="失败文件数 files refused"),
    Column("dbt_success", Boolean, comment="dbt 构建是否成功 whether dbt build and its tests passed"),
    Column("dbt_models_built", Integer, comment="构建模型数 dbt models built"),
    Column("dbt_tests_passed", Integer, comment="通过测试数 dbt tests passed"),
    Column("dbt_tests_failed", Integer, comment="失败测试数 dbt tests failed"),
    Column("dbt_errors", Text, comment="dbt 错误 dbt errors, one per line"),
    CheckConstraint("status in ('running', 'succeeded', 'failed', 'interrupted')", name="status"),
    comment="夜间加载运行记录 one run of the nightly job",
)

load_run_files = Table(
    "load_run_files", metadata,
    Column("run_id", Integer, ForeignKey("load_runs.run_id", ondelete="CASCADE"), primary_key=True,
           comment="运行编号 run id"),
    Column("file_seq", Integer, primary_key=True, comment="序号 position of the file in the run"),
    Column("path", Text, nullable=False, comment="文件路径 path of the file"),
    Column("content_sha256", String(64), comment="文件内容哈希 SHA-256 of the file bytes (null if unreadable)"),
    Column("status", Text, nullable=False, comment="结果 loaded, skipped or failed"),
    Column("document_id", Integer, ForeignKey("documents.document_id", ondelete="SET NULL"),
           comment="文档编号 document loaded, or already stored"),
    Column("superseded_document_id", Integer, ForeignKey("documents.document_id", ondelete="SET NULL"),
           comment="被替代文档 previous version this file replaced as current"),
    Column("department_name", Text, comment="部门名称 department, when it could be read"),
    Column("fiscal_year", SmallInteger, comment="决算年度 fiscal year, when it could be read"),
    Column("amounts", Integer, nullable=False, server_default="0", comment="金额数 amounts stored"),
    Column("warnings", Integer, nullable=False, server_default="0", comment="警告数 parse warnings stored"),
    Column("error", Text, comment="失败原因 why the file was refused"),
    Column("elapsed_ms", Integer, comment="耗时（毫秒）time spent on the file"),
    CheckConstraint("status in ('loaded', 'skipped', 'failed')", name="status"),
    comment="夜间加载的文件 one file seen by a nightly run, with its outcome",
)

# -- performance self-evaluations (revision 0002) ------------------------------------------

_SCORECARD_OPERATORS = "('=', '≥', '≤', '>', '<', 'between', 'increase', 'decrease', 'text')"


def _scorecard_provenance() -> list[Column]:
    return [Column("raw_text", Text, nullable=False, comment="原始行文本 the row as printed (cells tab-separated)"),
            Column("source_line", Integer, comment="文本行号 line in a text file"),
            Column("source_page", Integer, comment="页码 page in a PDF"),
            Column("source_sheet", Text, comment="工作表 sheet of a workbook")]


def _scorecard_key() -> Column:
    return Column("scorecard_id", BigInteger, ForeignKey("scorecards.scorecard_id", ondelete="CASCADE"),
                  primary_key=True, comment="自评表编号 scorecard id")


scorecards = Table(
    "scorecards", metadata,
    Column("scorecard_id", BigInteger, primary_key=True, comment="自评表编号 scorecard id"),
    Column("document_id", Integer, ForeignKey("documents.document_id", ondelete="CASCADE"), nullable=False,
           comment="文档编号 document id"),
    Column("scorecard_seq", SmallInteger, nullable=False, comment="序号 order of the form in the document"),
    Column("scorecard_kind", Text, nullable=False,
           comment="类型 department (部门整体支出绩效自评) or project (项目支出绩效自评)"),
    Column("title", Text, nullable=False, comment="表名 title as printed"),
    Column("project_name", Text, comment="项目名称 project name (null for a department form or a withheld one)"),
    Column("competent_department", Text, comment="主管部门 competent department"),
    Column("implementing_unit", Text, comment="实施单位 implementing unit"),
    Column("evaluated_unit", Text, comment="部门（单位）名称 unit named on a department form"),
    Column("evaluation_text", Text, comment="评价月份原文 month printed under the title, e.g. 2024年04月"),
    Column("evaluated_on", Date, comment="评价月份 first day of that month"),
    Column("money_unit", Text, nullable=False, comment="金额单位 money unit of the funding rows (万元 or 元)"),
    Column("is_template", Boolean, nullable=False,
           comment="是否空表 an empty or withheld form (涉密, 依法不公开): no values were invented"),
    Column("disclosure_note", Text, comment="不公开说明 the printed reason the form is empty"),
    Column("total_weight", Numeric, comment="总分分值 total weight of the 总分 row"),
    Column("total_score", Numeric, comment="总分得分 total score as printed"),
    Column("total_raw_text", Text, comment="总分行原文 the 总分 row as printed"),
    Column("source_line", Integer, comment="文本行号 line of the title in a text file"),
    Column("source_page", Integer, comment="页码 page of the title in a PDF"),
    Column("source_sheet", Text, comment="工作表 sheet of a workbook"),
    UniqueConstraint("document_id", "scorecard_seq", name="uq_scorecards_document_seq"),
    CheckConstraint("scorecard_kind in ('department', 'project')", name="kind"),
    Index("ix_scorecards_document_id", "document_id"),
    comment="绩效自评表 one performance self-evaluation form (部门整体或项目) of a document",
)

scorecard_funding = Table(
    "scorecard_funding", metadata,
    _scorecard_key(),
    Column("row_seq", SmallInteger, primary_key=True, comment="行序 order of the funding row"),
    Column("funding_source", Text, nullable=False,
           comment="资金来源 年度资金总额, 财政拨款 (also printed 政府预算资金), 财政专户管理资金, 单位资金, 其他资金"),
    Column("line_label", Text, nullable=False, comment="项目 row label as printed"),
    Column("initial_budget", Numeric, comment="年初预算数 initial budget"),
    Column("full_year_budget", Numeric, comment="全年预算数 full-year (adjusted) budget"),
    Column("executed", Numeric, comment="全年执行数 executed in the year"),
    Column("weight", Numeric, comment="分值 weight"),
    Column("execution_rate", Numeric, comment="执行率 execution rate as printed, percent (88.18 = 88.18 %)"),
    Column("score", Numeric, comment="得分 score"),
    *_scorecard_provenance(),
    CheckConstraint("funding_source in ('年度资金总额', '财政拨款', '财政专户管理资金', '单位资金', '其他资金')",
                    name="source"),
    comment="自评表项目资金 funding rows of a scorecard, by source",
)

scorecard_management_items = Table(
    "scorecard_management_items", metadata,
    _scorecard_key(),
    Column("item_seq", SmallInteger, primary_key=True, comment="序号 order of the item"),
    Column("item_name", Text, nullable=False, comment="项目 e.g. 安排科学性, 拨付合规性, 使用规范性, 预算绩效管理情况"),
    Column("description", Text, comment="情况说明 description"),
    Column("weight", Numeric, comment="分值 weight"),
    Column("score", Numeric, comment="得分 score"),
    Column("problems", Text, comment="存在问题和改进措施 problems and remedies"),
    *_scorecard_provenance(),
    comment="自评表资金管理情况 fund-management items of a scorecard",
)

scorecard_goals = Table(
    "scorecard_goals", metadata,
    _scorecard_key(),
    Column("goal_seq", SmallInteger, primary_key=True, comment="序号 order of the goal"),
    Column("goal_kind", Text, nullable=False, comment="目标类型 年度总体目标 (project) or 年度履职目标 (department)"),
    Column("expected_text", Text, comment="预期目标 expected goal"),
    Column("actual_text", Text, comment="实际完成情况 what was achieved"),
    *_scorecard_provenance(),
    comment="自评表年度目标 yearly goals of a scorecard, expected against achieved",
)

scorecard_tasks = Table(
    "scorecard_tasks", metadata,
    _scorecard_key(),
    Column("task_seq", SmallInteger, primary_key=True, comment="序号 order of the task"),
    Column("task_name", Text, nullable=False, comment="任务名称 task name"),
    Column("content", Text, comment="主要内容 main content"),
    Column("result", Text, comment="实际完成情况 what was achieved"),
    *_scorecard_provenance(),
    comment="部门整体自评表年度主要任务 main tasks of a department-level scorecard",
)

scorecard_indicators = Table(
    "scorecard_indicators", metadata,
    _scorecard_key(),
    Column("indicator_seq", SmallInteger, primary_key=True, comment="序号 order of the indicator line"),
    Column("level1", Text, comment="一级指标 first-level indicator (carried down from a merged cell)"),
    Column("level2", Text, comment="二级指标 second-level indicator (carried down from a merged cell)"),
    Column("level3", Text, comment="三级指标 the indicator itself"),
    Column("target_text", Text, comment="年度指标值 target as printed (markup removed)"),
    Column("target_operator", Text, comment="目标运算符 =, ≥, ≤, >, <, between, increase, decrease, text"),
    Column("target_value", Numeric, comment="目标值 target number (lower bound of a range)"),
    Column("target_upper_value", Numeric, comment="目标上限 upper bound of a range target"),
    Column("target_unit", Text, comment="目标单位 unit printed after the target number"),
    Column("actual_text", Text, comment="实际完成值 actual value as printed"),
    Column("actual_operator", Text, comment="实际值运算符 operator printed with the actual value, if any"),
    Column("actual_value", Numeric, comment="实际值 actual number"),
    Column("actual_unit", Text, comment="实际值单位 unit printed after the actual number"),
    Column("weight", Numeric, comment="分值 weight"),
    Column("score", Numeric, comment="得分 score"),
    Column("deviation", Numeric, comment="偏差度 deviation as printed, percent (broken numbers repaired)"),
    Column("deviation_text", Text, comment="偏差度原文 deviation cell as printed"),
    Column("deviation_reason", Text, comment="偏差原因分析及改进措施 reason for the deviation and remedy"),
    *_scorecard_provenance(),
    CheckConstraint(f"target_operator in {_SCORECARD_OPERATORS}", name="target_operator"),
    CheckConstraint(f"actual_operator in {_SCORECARD_OPERATORS}", name="actual_operator"),
    comment="自评表绩效指标 indicator lines of a scorecard (一级/二级/三级指标)",
)

# -- narrative facts (revision 0003) -------------------------------------------------------

narrative_facts = Table(
    "narrative_facts", metadata,
    Column("fact_id", BigInteger, primary_key=True, comment="事实编号 fact id (surrogate key)"),
    Column("document_id", Integer, ForeignKey("documents.document_id", ondelete="CASCADE"), nullable=False,
           comment="文档编号 document id"),
    Column("fact_seq", Integer, nullable=False, comment="序号 order of the fact in the document"),
    Column("part", Text, nullable=False, comment="部分 概况 (part one) or 情况说明 (part three)"),
    Column("section", Text, comment="章节 heading path, e.g. 五、一般公共预算财政拨款支出决算情况说明 / （三）具体情况"),
    Column("fact_type", Text, nullable=False,
           comment="事实类型 topic, e.g. prior_year_comparison, subject_execution, three_public"),
    Column("subject_key", Text, nullable=False,
           comment="对象 what the fact is about: 支出总计, a 科目 path, a 三公 category, a vehicle kind"),
    Column("subject_code", String(7), ForeignKey("subjects.subject_code"),
           comment="功能分类科目编码 when the subject is a printed 科目"),
    Column("measure", Text, nullable=False,
           comment="指标 amount, change_amount, change_pct, initial_budget, final_amount, reason, count …"),
    Column("value", Numeric, comment="数值 exact decimal as printed (signed for a decrease)"),
    Column("unit", Text, comment="单位 万元, %, 个, 人次, 辆, 台, 台(套), 分"),
    Column("text_value", Text, comment="文字 reason, note or composition as printed"),
    Column("item_no", Integer, comment="条目号 number of the item in a printed list"),
    Column("raw_text", Text, comment="原文数字 the number as printed"),
    Column("sentence", Text, nullable=False, comment="原句 the sentence the fact came from"),
    Column("source_line", Integer, comment="文本行号 line in a text file"),
    Column("source_page", Integer, comment="页码 page in a PDF"),
    UniqueConstraint("document_id", "fact_seq", name="uq_narrative_facts_fact"),
    CheckConstraint("value is not null or text_value is not null", name="has_value"),
    Index("ix_narrative_facts_document_id", "document_id"),
    comment="情况说明中的事实 figures and reasons stated in a report's narrative, with their sentences",
)
