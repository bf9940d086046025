"""The loader-written schema (``raw``): SQLAlchemy table definitions.

Alembic migrations in alembic/versions create and change these tables; the
writer (loaders/store.py) writes them; dbt reads them as sources.
"""
from juesuan.models.tables import metadata, RAW_SCHEMA  # noqa: F401
