"""The daily tables become range-partitioned by partition_date, a table per day

A day is then replaced by truncating its own table rather than by deleting its rows
one by one. Stored rows are moved into one partition per stored day.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 20:00:00
"""

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

SCHEMA = "synfinance"

# table -> its primary key before partitioning (partition_date is added to it)
KEYS = {
    "transactions": "transaction_id",
    "account_events": "event_id",
    "ml_features": "transaction_id",
    "customer_daily_activity": "customer_id, partition_date",
}


def upgrade() -> None:
    for table, key in KEYS.items():
        _rebuild(table, key if "partition_date" in key else f"{key}, partition_date", by_day=True)


def downgrade() -> None:
    for table, key in KEYS.items():
        _rebuild(table, key, by_day=False)


def _rebuild(table: str, key: str, by_day: bool) -> None:
    """Recreate ``table`` with primary key ``key``, partitioned by day or not, holding
    the rows it held."""
    old = _retire(table)
    partitioning = " PARTITION BY RANGE (partition_date)" if by_day else ""
    op.execute(
        f"CREATE TABLE {SCHEMA}.{table} (LIKE {SCHEMA}.{old} INCLUDING DEFAULTS "
        f"INCLUDING CONSTRAINTS){partitioning}"
    )
    op.execute(f"ALTER TABLE {SCHEMA}.{table} ADD CONSTRAINT pk_{table} PRIMARY KEY ({key})")
    if by_day:
        op.execute(
            f"""
            DO $$
            DECLARE day date;
            BEGIN
              FOR day IN SELECT DISTINCT partition_date FROM {SCHEMA}.{old} LOOP
                EXECUTE format(
                  'CREATE TABLE {SCHEMA}.%I PARTITION OF {SCHEMA}.{table} '
                  'FOR VALUES FROM (%L) TO (%L)',
                  '{table}_p' || to_char(day, 'YYYYMMDD'), day, day + 1);
              END LOOP;
            END $$
            """
        )
    else:
        op.execute(f"CREATE INDEX ix_{table}_partition_date ON {SCHEMA}.{table} (partition_date)")
    op.execute(f"INSERT INTO {SCHEMA}.{table} SELECT * FROM {SCHEMA}.{old}")
    op.execute(f"DROP TABLE {SCHEMA}.{old}")  # with its day tables, if any


def _retire(table: str) -> str:
    """Rename ``table`` out of the way, freeing its key and index names; return the new name."""
    old = f"{table}_before_0010"
    op.execute(f"ALTER TABLE {SCHEMA}.{table} RENAME TO {old}")
    op.execute(f"ALTER TABLE {SCHEMA}.{old} DROP CONSTRAINT pk_{table}")
    op.execute(f"DROP INDEX IF EXISTS {SCHEMA}.ix_{table}_partition_date")
    return old
