"""Run the Alembic migrations of the raw schema programmatically."""
from __future__ import annotations

from alembic import command
from alembic.config import Config

from juesuan.loaders.app.database import sqlalchemy_url
from juesuan.loaders.app.resources import migrations_dir


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    config.attributes["url"] = sqlalchemy_url(url)
    return config


def upgrade(url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str = "base") -> None:
    command.downgrade(alembic_config(url), revision)


def current(url: str) -> str | None:
    """The applied revision."""
    from sqlalchemy import create_engine, pool, text

    engine = create_engine(sqlalchemy_url(url), poolclass=pool.NullPool)
    with engine.connect() as conn:
        exists = conn.execute(text("select to_regclass('raw.alembic_version')")).scalar()
        if not exists:
            return None
        rows = conn.execute(text("select version_num from raw.alembic_version order by 1")).scalars().all()
        return ",".join(rows) or None


def heads() -> str:
    """The newest revision(s) of the migration scripts."""
    from alembic.script import ScriptDirectory

    return ",".join(sorted(ScriptDirectory.from_config(alembic_config("postgresql://x")).get_heads()))
