"""initial warehouse schema

Revision ID: 0001
Revises:
Create Date: 2026-11-21 13:20:23.671967
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "anomaly_patterns",
        sa.Column("pattern_type", sa.String(length=32), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("severity", sa.String(length=8), nullable=False),
        sa.Column("configured_share", sa.Double(), nullable=False),
        sa.Column("characteristics", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("pattern_type", name=op.f("pk_anomaly_patterns")),
        schema="synfinance",
    )
    op.create_table(
        "customers",
        sa.Column("customer_id", sa.String(length=16), nullable=False),
        sa.Column("first_name", sa.String(length=40), nullable=False),
        sa.Column("last_name", sa.String(length=40), nullable=False),
        sa.Column("email", sa.String(length=120), nullable=False),
        sa.Column("phone", sa.String(length=16), nullable=False),
        sa.Column("gender", sa.String(length=1), nullable=False),
        sa.Column("date_of_birth", sa.Date(), nullable=False),
        sa.Column("age", sa.SmallInteger(), nullable=False),
        sa.Column("occupation", sa.String(length=32), nullable=False),
        sa.Column("income_level", sa.String(length=16), nullable=False),
        sa.Column("monthly_income_inr", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("city", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=64), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=False),
        sa.Column("longitude", sa.Float(), nullable=False),
        sa.Column("account_created", sa.Date(), nullable=False),
        sa.Column("account_status", sa.String(length=16), nullable=False),
        sa.Column("credit_score", sa.SmallInteger(), nullable=False),
        sa.Column("risk_score", sa.Float(), nullable=False),
        sa.Column("risk_category", sa.String(length=8), nullable=False),
        sa.Column("primary_device_id", sa.String(length=24), nullable=False),
        sa.Column("daily_txn_rate", sa.Float(), nullable=False),
        sa.Column("is_mule", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("customer_id", name=op.f("pk_customers")),
        sa.UniqueConstraint("email", name=op.f("uq_customers_email")),
        schema="synfinance",
    )
    op.create_index(
        op.f("ix_customers_risk_score"),
        "customers",
        ["risk_score"],
        unique=False,
        schema="synfinance",
    )
    op.create_table(
        "fraud_patterns",
        sa.Column("pattern_type", sa.String(length=32), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("severity", sa.String(length=8), nullable=False),
        sa.Column("configured_share", sa.Double(), nullable=False),
        sa.Column("characteristics", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("pattern_type", name=op.f("pk_fraud_patterns")),
        schema="synfinance",
    )
    op.create_table(
        "merchants",
        sa.Column("merchant_id", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("mcc_code", sa.String(length=4), nullable=False),
        sa.Column("city", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=64), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=False),
        sa.Column("longitude", sa.Float(), nullable=False),
        sa.Column("avg_ticket_inr", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("risk_score", sa.Float(), nullable=False),
        sa.Column("risk_category", sa.String(length=8), nullable=False),
        sa.Column("is_colluding", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("merchant_id", name=op.f("pk_merchants")),
        schema="synfinance",
    )
    op.create_index(
        op.f("ix_merchants_category"), "merchants", ["category"], unique=False, schema="synfinance"
    )
    op.create_index(
        op.f("ix_merchants_risk_score"),
        "merchants",
        ["risk_score"],
        unique=False,
        schema="synfinance",
    )
    op.create_table(
        "ml_features",
        sa.Column("transaction_id", sa.String(length=24), nullable=False),
        sa.Column("partition_date", sa.Date(), nullable=False),
        sa.Column("history_days", sa.SmallInteger(), nullable=False),
        sa.Column("amount", sa.Double(), nullable=False),
        sa.Column("amount_log", sa.Double(), nullable=False),
        sa.Column("channel_code", sa.SmallInteger(), nullable=False),
        sa.Column("is_p2p", sa.SmallInteger(), nullable=False),
        sa.Column("hour_sin", sa.Double(), nullable=False),
        sa.Column("hour_cos", sa.Double(), nullable=False),
        sa.Column("dow_sin", sa.Double(), nullable=False),
        sa.Column("dow_cos", sa.Double(), nullable=False),
        sa.Column("is_night", sa.SmallInteger(), nullable=False),
        sa.Column("is_weekend", sa.SmallInteger(), nullable=False),
        sa.Column("tx_count_1h", sa.Integer(), nullable=False),
        sa.Column("tx_count_24h", sa.Integer(), nullable=False),
        sa.Column("tx_count_7d", sa.Integer(), nullable=False),
        sa.Column("amount_sum_1h", sa.Double(), nullable=False),
        sa.Column("amount_sum_24h", sa.Double(), nullable=False),
        sa.Column("amount_sum_7d", sa.Double(), nullable=False),
        sa.Column("customer_avg_amount_7d", sa.Double(), nullable=True),
        sa.Column("customer_std_amount_7d", sa.Double(), nullable=True),
        sa.Column("amount_zscore_7d", sa.Double(), nullable=True),
        sa.Column("amount_to_avg_ratio_7d", sa.Double(), nullable=True),
        sa.Column("seconds_since_last_txn", sa.Double(), nullable=True),
        sa.Column("distance_from_home_km", sa.Double(), nullable=False),
        sa.Column("distance_from_last_km", sa.Double(), nullable=True),
        sa.Column("is_new_device", sa.SmallInteger(), nullable=False),
        sa.PrimaryKeyConstraint("transaction_id", name=op.f("pk_ml_features")),
        schema="synfinance",
    )
    op.create_index(
        op.f("ix_ml_features_partition_date"),
        "ml_features",
        ["partition_date"],
        unique=False,
        schema="synfinance",
    )
    op.create_table(
        "model_predictions",
        sa.Column("transaction_id", sa.String(length=24), nullable=False),
        sa.Column("model_name", sa.String(length=64), nullable=False),
        sa.Column("partition_date", sa.Date(), nullable=False),
        sa.Column("model_version", sa.String(length=16), nullable=False),
        sa.Column("fraud_probability", sa.Double(), nullable=False),
        sa.Column("predicted_fraud", sa.Boolean(), nullable=False),
        sa.Column("threshold", sa.Double(), nullable=False),
        sa.Column("mlflow_run_id", sa.String(length=64), nullable=False),
        sa.Column("scored_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("transaction_id", "model_name", name=op.f("pk_model_predictions")),
        schema="synfinance",
    )
    op.create_index(
        op.f("ix_model_predictions_partition_date"),
        "model_predictions",
        ["partition_date"],
        unique=False,
        schema="synfinance",
    )
    op.create_table(
        "transactions",
        sa.Column("transaction_id", sa.String(length=24), nullable=False),
        sa.Column("partition_date", sa.Date(), nullable=False),
        sa.Column("timestamp", sa.DateTime(timezone=True), nullable=False),
        sa.Column("customer_id", sa.String(length=16), nullable=False),
        sa.Column("merchant_id", sa.String(length=16), nullable=True),
        sa.Column("counterparty_customer_id", sa.String(length=16), nullable=True),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("merchant_category", sa.String(length=32), nullable=True),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("city", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=64), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=False),
        sa.Column("longitude", sa.Float(), nullable=False),
        sa.Column("device_id", sa.String(length=24), nullable=False),
        sa.Column("is_fraud", sa.Boolean(), nullable=False),
        sa.Column("fraud_type", sa.String(length=32), nullable=True),
        sa.Column("is_anomaly", sa.Boolean(), nullable=False),
        sa.Column("anomaly_type", sa.String(length=32), nullable=True),
        sa.CheckConstraint("amount > 0", name=op.f("ck_transactions_amount_positive")),
        sa.PrimaryKeyConstraint("transaction_id", name=op.f("pk_transactions")),
        schema="synfinance",
    )
    op.create_index(
        op.f("ix_transactions_partition_date"),
        "transactions",
        ["partition_date"],
        unique=False,
        schema="synfinance",
    )


def downgrade() -> None:
    op.drop_index(
        op.f("ix_transactions_partition_date"), table_name="transactions", schema="synfinance"
    )
    op.drop_table("transactions", schema="synfinance")
    op.drop_index(
        op.f("ix_model_predictions_partition_date"),
        table_name="model_predictions",
        schema="synfinance",
    )
    op.drop_table("model_predictions", schema="synfinance")
    op.drop_index(
        op.f("ix_ml_features_partition_date"), table_name="ml_features", schema="synfinance"
    )
    op.drop_table("ml_features", schema="synfinance")
    op.drop_index(op.f("ix_merchants_risk_score"), table_name="merchants", schema="synfinance")
    op.drop_index(op.f("ix_merchants_category"), table_name="merchants", schema="synfinance")
    op.drop_table("merchants", schema="synfinance")
    op.drop_table("fraud_patterns", schema="synfinance")
    op.drop_index(op.f("ix_customers_risk_score"), table_name="customers", schema="synfinance")
    op.drop_table("customers", schema="synfinance")
    op.drop_table("anomaly_patterns", schema="synfinance")
