"""Alembic: upgrade, downgrade, upgrade on a real database, and no drift from the models."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from synfinance_assets.settings import WAREHOUSE_SCHEMA
from synfinance_assets.warehouse import io
from synfinance_assets.warehouse.io import SchemaNotMigratedError
from synfinance_assets.warehouse.models import Base, Transaction, migrated_name
from synfinance_tests.conftest import migrate

TABLES = {
    "customers",
    "merchants",
    "transactions",
    "ml_features",
    "model_predictions",
    "fraud_patterns",
    "anomaly_patterns",
    "account_events",
    "customer_daily_activity",
}


def tables(url) -> set[str]:
    engine = create_engine(url)
    names = inspect(engine).get_table_names(schema=WAREHOUSE_SCHEMA)
    engine.dispose()
    return {n for n in names if migrated_name(n, "table", None)} - {"alembic_version"}


def test_upgrade_downgrade_upgrade(database_url):
    assert tables(database_url) == TABLES
    migrate("0001", down=True)
    assert tables(database_url) == TABLES - {"account_events", "customer_daily_activity"}
    migrate("base", down=True)
    assert tables(database_url) == set()
    with pytest.raises(
        SchemaNotMigratedError,
        match='"synfinance.transactions" does not exist in .*alembic upgrade head',
    ):
        io.read_rows(database_url, Transaction.__table__)
    migrate("head")
    assert tables(database_url) == TABLES


def test_models_and_migrations_agree(database_url):
    engine = create_engine(database_url)
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn,
            opts={
                "include_schemas": True,
                "compare_type": True,
                "version_table_schema": WAREHOUSE_SCHEMA,
                "include_name": migrated_name,
            },
        )
        assert compare_metadata(context, Base.metadata) == []
    engine.dispose()


def test_upgrading_keeps_the_rows_already_stored(database_url):
    migrate("0001", down=True)
    engine = create_engine(database_url)
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO synfinance.transactions (transaction_id, partition_date, timestamp, "
            "customer_id, channel, amount, currency, city, state, latitude, longitude, device_id, "
            "is_fraud, is_anomaly) VALUES ('T-old', '2024-12-31', now(), 'C1', 'upi_p2m', 10, "
            "'INR', 'Pune', 'Maharashtra', 18.5, 73.8, 'D1', false, false)"
        )
    migrate("head")
    with engine.begin() as conn:
        status, held_in = conn.exec_driver_sql(
            "SELECT status, tableoid::regclass::text FROM synfinance.transactions "
            "WHERE transaction_id = 'T-old'"
        ).one()
        conn.exec_driver_sql("DROP TABLE synfinance.transactions_p20241231")
    engine.dispose()
    assert (status, held_in) == ("success", "synfinance.transactions_p20241231")
