"""scenario catalogues: the days a case spans, and what the stored data holds of each

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 08:12:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

SCHEMA = "synfinance"
TABLES = ("fraud_patterns", "anomaly_patterns")


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("horizon_days", sa.SmallInteger()), schema=SCHEMA)
        # rows already stored observed nothing yet: 0 until the catalogue is rematerialized
        op.add_column(
            table,
            sa.Column("observed_rows", sa.BigInteger(), nullable=False, server_default="0"),
            schema=SCHEMA,
        )
        op.alter_column(table, "observed_rows", server_default=None, schema=SCHEMA)
        op.add_column(table, sa.Column("observed_cases", sa.BigInteger()), schema=SCHEMA)
        op.add_column(table, sa.Column("reported_share", sa.Float()), schema=SCHEMA)


def downgrade() -> None:
    for table in TABLES:
        for column in ("reported_share", "observed_cases", "observed_rows", "horizon_days"):
            op.drop_column(table, column, schema=SCHEMA)
