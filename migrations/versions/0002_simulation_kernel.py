"""simulation kernel: instruments, merchant channels, payment statuses, fraud cases,
account events

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 04:38:15

Required columns are added with a temporary default so that tables which already hold
rows migrate in place; re-materializing the assets then fills them for real.
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SCHEMA = "synfinance"


def _add_required(table: str, name: str, type_: sa.types.TypeEngine, filler: str) -> None:
    """Add a NOT NULL column: existing rows get ``filler``, new rows must say."""
    column = sa.Column(name, type_, nullable=False, server_default=sa.text(filler))
    op.add_column(table, column, schema=SCHEMA)
    op.alter_column(table, name, server_default=None, schema=SCHEMA)


def upgrade() -> None:
    op.create_table(
        "account_events",
        sa.Column("event_id", sa.String(length=24), nullable=False),
        sa.Column("customer_id", sa.String(length=16), nullable=False),
        sa.Column("timestamp", sa.DateTime(timezone=True), nullable=False),
        sa.Column("partition_date", sa.Date(), nullable=False),
        sa.Column("event_type", sa.String(length=24), nullable=False),
        sa.Column("device_id", sa.String(length=24), nullable=False),
        sa.Column("fraud_case_id", sa.String(length=24), nullable=True),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_account_events")),
        schema=SCHEMA,
    )
    op.create_index(
        op.f("ix_account_events_partition_date"),
        "account_events",
        ["partition_date"],
        unique=False,
        schema=SCHEMA,
    )
    _add_required("customers", "upi_vpa", sa.String(length=64), "''")
    for name in ("has_credit_card", "has_debit_card", "has_net_banking", "has_wallet"):
        _add_required("customers", name, sa.Boolean(), "false")
    op.add_column(
        "customers", sa.Column("salary_day", sa.SmallInteger(), nullable=True), schema=SCHEMA
    )
    op.drop_column("customers", "daily_txn_rate", schema=SCHEMA)
    _add_required("merchants", "is_online", sa.Boolean(), "false")
    _add_required("merchants", "merchant_vpa", sa.String(length=64), "''")
    op.add_column(
        "merchants", sa.Column("terminal_id", sa.String(length=16), nullable=True), schema=SCHEMA
    )
    for column in (
        sa.Column("card_present", sa.Boolean(), nullable=True),
        sa.Column("mcc_code", sa.String(length=4), nullable=True),
        sa.Column("decline_reason", sa.String(length=24), nullable=True),
        sa.Column("original_transaction_id", sa.String(length=24), nullable=True),
        sa.Column("fraud_case_id", sa.String(length=24), nullable=True),
        sa.Column("fraud_reported_at", sa.DateTime(timezone=True), nullable=True),
    ):
        op.add_column("transactions", column, schema=SCHEMA)
    _add_required("transactions", "status", sa.String(length=16), "'success'")


def downgrade() -> None:
    for name in (
        "status",
        "fraud_reported_at",
        "fraud_case_id",
        "original_transaction_id",
        "decline_reason",
        "mcc_code",
        "card_present",
    ):
        op.drop_column("transactions", name, schema=SCHEMA)
    for name in ("terminal_id", "merchant_vpa", "is_online"):
        op.drop_column("merchants", name, schema=SCHEMA)
    _add_required("customers", "daily_txn_rate", sa.Float(), "0")
    for name in (
        "salary_day",
        "has_wallet",
        "has_net_banking",
        "has_debit_card",
        "has_credit_card",
        "upi_vpa",
    ):
        op.drop_column("customers", name, schema=SCHEMA)
    op.drop_index(
        op.f("ix_account_events_partition_date"), table_name="account_events", schema=SCHEMA
    )
    op.drop_table("account_events", schema=SCHEMA)
