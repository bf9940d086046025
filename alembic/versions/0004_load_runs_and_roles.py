"""load runs of the nightly job; roles juesuan_loader (owns and writes) and juesuan_analyst (reads marts)

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05

- raw.load_runs / raw.load_run_files: one record per run of ``juesuan nightly``
  and one per file it saw (loaded, skipped or failed, with the reason).
- juesuan_loader: owns the schemas raw, staging and marts and the raw tables,
  may create schemas (dbt builds staging, marts, …) in this database.
- juesuan_analyst: may read the schema marts and nothing else — no usage on raw
  or staging, no write privilege anywhere (TEMPORARY on this database is revoked
  from PUBLIC and kept by the loader, so not even session temp tables). Default privileges make the tables
  dbt creates later in marts readable, whether dbt runs as the migrating user
  or as juesuan_loader.

Roles are cluster-wide: they are created when absent and kept when another
database still depends on them at downgrade.
"""
from alembic import op
import sqlalchemy as sa

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

S = "raw"
LOADER = "juesuan_loader"
ANALYST = "juesuan_analyst"


def upgrade() -> None:
    op.create_table(
        "load_runs",
        sa.Column("run_id", sa.Integer, primary_key=True, comment="运行编号 run id"),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now(),
                  comment="开始时间 start time"),
        sa.Column("finished_at", sa.DateTime(timezone=True), comment="结束时间 end time (null while running)"),
        sa.Column("status", sa.Text, nullable=False, server_default="running",
                  comment="状态 running, succeeded, failed (a file or the dbt build failed), "
                          "interrupted (the process ended before finishing)"),
        sa.Column("inbox", sa.Text, nullable=False, comment="收件目录 folder searched for reports"),
        sa.Column("hostname", sa.Text, comment="主机 host the job ran on"),
        sa.Column("juesuan_version", sa.Text, comment="程序版本 juesuan version"),
        sa.Column("files_seen", sa.Integer, nullable=False, server_default="0", comment="发现文件数 files found"),
        sa.Column("files_loaded", sa.Integer, nullable=False, server_default="0", comment="加载文件数 files loaded"),
        sa.Column("files_skipped", sa.Integer, nullable=False, server_default="0",
                  comment="跳过文件数 files skipped (content already loaded)"),
        sa.Column("files_failed", sa.Integer, nullable=False, server_default="0", comment="失败文件数 files refused"),
        sa.Column("dbt_success", sa.Boolean, comment="dbt 构建是否成功 whether dbt build and its tests passed"),
        sa.Column("dbt_models_built", sa.Integer, comment="构建模型数 dbt models built"),
        sa.Column("dbt_tests_passed", sa.Integer, comment="通过测试数 dbt tests passed"),
        sa.Column("dbt_tests_failed", sa.Integer, comment="失败测试数 dbt tests failed"),
        sa.Column("dbt_errors", sa.Text, comment="dbt 错误 dbt errors, one per line"),
        sa.CheckConstraint("status in ('running', 'succeeded', 'failed', 'interrupted')", name="ck_load_runs_status"),
        schema=S, comment="夜间加载运行记录 one run of the nightly job",
    )
    op.create_table(
        "load_run_files",
        sa.Column("run_id", sa.Integer, sa.ForeignKey(f"{S}.load_runs.run_id", ondelete="CASCADE",
                  name="fk_load_run_files_run_id"), primary_key=True, comment="运行编号 run id"),
        sa.Column("file_seq", sa.Integer, primary_key=True, comment="序号 position of the file in the run"),
        sa.Column("path", sa.Text, nullable=False, comment="文件路径 path of the file"),
        sa.Column("content_sha256", sa.String(64), comment="文件内容哈希 SHA-256 of the file bytes (null if unreadable)"),
        sa.Column("status", sa.Text, nullable=False, comment="结果 loaded, skipped or failed"),
        sa.Column("document_id", sa.Integer, sa.ForeignKey(f"{S}.documents.document_id", ondelete="SET NULL",
                  name="fk_load_run_files_document_id"), comment="文档编号 document loaded, or already stored"),
        sa.Column("superseded_document_id", sa.Integer, sa.ForeignKey(
                  f"{S}.documents.document_id", ondelete="SET NULL", name="fk_load_run_files_superseded_document_id"),
                  comment="被替代文档 previous version this file replaced as current"),
        sa.Column("department_name", sa.Text, comment="部门名称 department, when it could be read"),
        sa.Column("fiscal_year", sa.SmallInteger, comment="决算年度 fiscal year, when it could be read"),
        sa.Column("amounts", sa.Integer, nullable=False, server_default="0", comment="金额数 amounts stored"),
        sa.Column("warnings", sa.Integer, nullable=False, server_default="0", comment="警告数 parse warnings stored"),
        sa.Column("error", sa.Text, comment="失败原因 why the file was refused"),
        sa.Column("elapsed_ms", sa.Integer, comment="耗时（毫秒）time spent on the file"),
        sa.CheckConstraint("status in ('loaded', 'skipped', 'failed')", name="ck_load_run_files_status"),
        schema=S, comment="夜间加载的文件 one file seen by a nightly run, with its outcome",
    )
    _create_roles()
    _grant()


def _create_roles() -> None:
    for role, comment in ((LOADER, "juesuan 加载角色 loader: owns and writes the warehouse schemas"),
                          (ANALYST, "juesuan 分析角色 analyst: reads the schema marts only")):
        op.execute(f"""
            do $$
            begin
                if not exists (select from pg_roles where rolname = '{role}') then
                    create role {role} nologin;
                end if;
            exception when duplicate_object then null;  -- created by a concurrent migration
            end $$""")
        op.execute(f"comment on role {role} is '{comment}'")


def _grant() -> None:
    op.execute(f"""
        do $$
        begin
            execute format('grant connect, create, temporary on database %I to {LOADER}', current_database());
            execute format('grant connect on database %I to {ANALYST}', current_database());
            -- analysts write nowhere, not even session temp tables: only the loader keeps TEMPORARY
            execute format('revoke temporary on database %I from public', current_database());
        end $$""")
    for schema in ("staging", "marts"):
        op.execute(f"create schema if not exists {schema}")
    for schema in (S, "staging", "marts"):
        op.execute(f"alter schema {schema} owner to {LOADER}")
    # the raw tables (this revision's, 0001's and any other branch's already applied) belong to the loader
    op.execute(f"""
        do $$
        declare t record;
        begin
            for t in select c.relname from pg_class c
                     where c.relnamespace = '{S}'::regnamespace and c.relkind in ('r', 'p', 'v', 'm')
            loop
                execute format('alter table {S}.%I owner to {LOADER}', t.relname);
            end loop;
        end $$""")
    op.execute(f"grant all on all tables in schema {S} to {LOADER}")
    op.execute(f"grant all on all sequences in schema {S} to {LOADER}")
    op.execute(f"alter default privileges in schema {S} grant all on tables to {LOADER}")
    op.execute(f"alter default privileges in schema {S} grant all on sequences to {LOADER}")
    # analysts read marts: what exists now, and what dbt creates later as this user or as the loader
    op.execute(f"grant usage on schema marts to {ANALYST}")
    op.execute(f"grant select on all tables in schema marts to {ANALYST}")
    op.execute(f"alter default privileges in schema marts grant select on tables to {ANALYST}")
    op.execute(f"alter default privileges for role {LOADER} in schema marts grant select on tables to {ANALYST}")


def downgrade() -> None:
    # give back what the loader owns, revoke every privilege and default privilege of both roles here
    op.execute("do $$ begin execute format('grant temporary on database %I to public', current_database()); end $$")
    op.execute(f"reassign owned by {LOADER} to current_user")
    op.execute(f"drop owned by {ANALYST}")  # one role a statement: together they trip over shared default ACLs
    op.execute(f"drop owned by {LOADER}")
    op.drop_table("load_run_files", schema=S)
    op.drop_table("load_runs", schema=S)
    for role in (ANALYST, LOADER):
        op.execute(f"""
            do $$
            begin
                drop role if exists {role};
            exception when dependent_objects_still_exist then
                raise notice 'role {role} kept: another database still uses it';
            end $$""")
