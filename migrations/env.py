"""Alembic environment: migrates the warehouse schema ``synfinance``."""

import logging

from alembic import context
from sqlalchemy import create_engine, text

from synfinance_assets.settings import WAREHOUSE_SCHEMA, warehouse_url
from synfinance_assets.warehouse.models import Base, migrated_name

target_metadata = Base.metadata
logging.basicConfig(format="%(levelname)s [%(name)s] %(message)s")
logging.getLogger("alembic").setLevel(logging.INFO)


def run_migrations_online() -> None:
    engine = create_engine(warehouse_url())
    with engine.connect() as connection:
        connection.execute(text(f"CREATE SCHEMA IF NOT EXISTS {WAREHOUSE_SCHEMA}"))
        connection.commit()
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            version_table_schema=WAREHOUSE_SCHEMA,
            include_schemas=True,
            include_name=migrated_name,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline (--sql) migrations are not supported; run against a database")
run_migrations_online()
