"""ml_features: 31 more features (30-day roll-ups, time context, parties, interactions);
the customer_daily_activity table they roll up

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 10:00:00

Stored feature rows are derived data without the new columns: they are deleted, and
the transaction_features partitions are to be materialized again.
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

SCHEMA = "synfinance"
TABLE = "ml_features"
COLUMNS = [
    ("tx_count_6h", sa.Integer(), False),
    ("amount_sum_6h", sa.Float(), False),
    ("amount_max_7d", sa.Float(), True),
    ("amount_to_max_ratio_7d", sa.Float(), True),
    ("declined_count_24h", sa.Integer(), False),
    ("channel_is_new_7d", sa.SmallInteger(), False),
    ("category_is_new_7d", sa.SmallInteger(), True),
    ("hour_deviation_7d", sa.Float(), True),
    ("account_age_days", sa.Integer(), False),
    ("tx_count_30d", sa.Integer(), False),
    ("amount_sum_30d", sa.Float(), False),
    ("customer_avg_amount_30d", sa.Float(), True),
    ("customer_std_amount_30d", sa.Float(), True),
    ("amount_zscore_30d", sa.Float(), True),
    ("amount_max_30d", sa.Float(), True),
    ("amount_to_max_ratio_30d", sa.Float(), True),
    ("active_days_30d", sa.Integer(), False),
    ("declined_count_30d", sa.Integer(), False),
    ("month_sin", sa.Float(), False),
    ("month_cos", sa.Float(), False),
    ("is_month_start", sa.SmallInteger(), False),
    ("is_festival_day", sa.SmallInteger(), False),
    ("speed_from_last_kmh", sa.Float(), True),
    ("city_is_new_7d", sa.SmallInteger(), False),
    ("payee_avg_amount_7d", sa.Float(), True),
    ("payee_reported_fraud_7d", sa.Integer(), True),
    ("payer_payee_days_known", sa.Float(), True),
    ("device_age_hours", sa.Float(), False),
    ("distinct_devices_7d", sa.Integer(), False),
    ("new_device_x_amount_log", sa.Float(), False),
    ("new_payee_x_amount_ratio_7d", sa.Float(), True),
    ("account_change_24h_x_new_payee", sa.SmallInteger(), True),
]


def upgrade() -> None:
    op.execute(f"DELETE FROM {SCHEMA}.{TABLE}")
    for name, kind, nullable in COLUMNS:
        op.add_column(TABLE, sa.Column(name, kind, nullable=nullable), schema=SCHEMA)
    op.create_table(
        "customer_daily_activity",
        sa.Column("customer_id", sa.String(16), nullable=False),
        sa.Column("partition_date", sa.Date(), nullable=False),
        sa.Column("tx_count", sa.Integer(), nullable=False),
        sa.Column("amount_sum", sa.Float(), nullable=False),
        sa.Column("amount_sq_sum", sa.Float(), nullable=False),
        sa.Column("amount_max", sa.Float(), nullable=False),
        sa.Column("declined_count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("customer_id", "partition_date",
                                name=op.f("pk_customer_daily_activity")),
        schema=SCHEMA,
    )  # fmt: skip
    op.create_index(
        op.f("ix_customer_daily_activity_partition_date"),
        "customer_daily_activity",
        ["partition_date"],
        schema=SCHEMA,
    )


def downgrade() -> None:
    op.drop_table("customer_daily_activity", schema=SCHEMA)
    for name, _, _ in COLUMNS:
        op.drop_column(TABLE, name, schema=SCHEMA)
