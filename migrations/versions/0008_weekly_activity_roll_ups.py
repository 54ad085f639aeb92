"""customer_daily_activity holds what the 7-day features roll up: the time of day, the
channels, categories and cities used, and the last payment's time

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 12:30:00

Stored activity rows lack the new columns and stored feature rows were computed over
raw 7-day windows: both are deleted, and customer_daily_activity and
transaction_features are to be materialized again.
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

SCHEMA = "synfinance"
TABLE = "customer_daily_activity"
COLUMNS = [
    ("hour_x_sum", sa.Float()),
    ("hour_y_sum", sa.Float()),
    ("channel_mask", sa.BigInteger()),
    ("category_mask", sa.BigInteger()),
    ("city_mask", sa.BigInteger()),
    ("last_at", sa.DateTime(timezone=True)),
]


def upgrade() -> None:
    op.execute(f"DELETE FROM {SCHEMA}.ml_features")
    op.execute(f"DELETE FROM {SCHEMA}.{TABLE}")
    for name, kind in COLUMNS:
        op.add_column(TABLE, sa.Column(name, kind, nullable=False), schema=SCHEMA)


def downgrade() -> None:
    for name, _ in reversed(COLUMNS):
        op.drop_column(TABLE, name, schema=SCHEMA)
