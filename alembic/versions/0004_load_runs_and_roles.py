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
        sa.Column("run_id", sa.Integer, primary_key=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("finished_at", sa.DateTime(timezone=True)),
        sa.Column("status", sa.Text, nullable=False, server_default="running"),
        sa.Column("inbox", sa.Text, nullable=False),
        sa.Column("hostname", sa.Text),
        sa.Column("juesuan_version", sa.Text),
        sa.Column("files_seen", sa.Integer, nullable=False, server_default="0"),
        sa.Column("files_loaded", sa.Integer, nullable=False, server_default="0"),
        sa.Column("files_skipped", sa.Integer, nullable=False, server_default="0"),
        sa.Column("files_failed", sa.Integer, nullable=False, server_default="0"),
        sa.Column("dbt_success", sa.Boolean),
        sa.Column("dbt_models_built", sa.Integer),
        sa.Column("dbt_tests_passed", sa.Integer),
        sa.Column("dbt_tests_failed", sa.Integer),
        sa.Column("dbt_errors", sa.Text),
        sa.CheckConstraint("status in ('running', 'succeeded', 'failed', 'interrupted')", name="ck_load_runs_status"),
        schema=S,
    )
    op.create_table(
        "load_run_files",
        sa.Column("run_id", sa.Integer, sa.ForeignKey(f"{S}.load_runs.run_id", ondelete="CASCADE",
                  name="fk_load_run_files_run_id"), primary_key=True),
        sa.Column("file_seq", sa.Integer, primary_key=True),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("content_sha256", sa.String(64)),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("document_id", sa.Integer, sa.ForeignKey(f"{S}.documents.document_id", ondelete="SET NULL",
                  name="fk_load_run_files_document_id")),
        sa.Column("superseded_document_id", sa.Integer, sa.ForeignKey(
                  f"{S}.documents.document_id", ondelete="SET NULL", name="fk_load_run_files_superseded_document_id")),
        sa.Column("department_name", sa.Text),
        sa.Column("fiscal_year", sa.SmallInteger),
        sa.Column("amounts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("warnings", sa.Integer, nullable=False, server_default="0"),
        sa.Column("error", sa.Text),
        sa.Column("elapsed_ms", sa.Integer),
        sa.CheckConstraint("status in ('loaded', 'skipped', 'failed')", name="ck_load_run_files_status"),
        schema=S,
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
