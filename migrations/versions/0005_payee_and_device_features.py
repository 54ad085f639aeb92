"""ml_features: features of the payee and the device

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 11:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

SCHEMA = "synfinance"
TABLE = "ml_features"
NULLABLE = {
    "payee_is_new": sa.SmallInteger(),
    "payee_count_24h": sa.Integer(),
    "payee_amount_sum_24h": sa.Float(),
    "payee_distinct_payers_7d": sa.Integer(),
    "amount_to_payee_avg_7d": sa.Float(),
    "payee_outgoing_count_24h": sa.Integer(),
    "payee_minutes_since_own_payment": sa.Float(),
}
REQUIRED = {
    "new_payees_24h": sa.Integer(),
    "device_is_new": sa.SmallInteger(),
    "device_customers_7d": sa.Integer(),
}


def upgrade() -> None:
    for name, type_ in NULLABLE.items():
        op.add_column(TABLE, sa.Column(name, type_), schema=SCHEMA)
    for name, type_ in REQUIRED.items():
        # rows stored before hold 0 until transaction_features is rematerialized
        op.add_column(
            TABLE, sa.Column(name, type_, nullable=False, server_default="0"), schema=SCHEMA
        )
        op.alter_column(TABLE, name, server_default=None, schema=SCHEMA)


def downgrade() -> None:
    for name in [*NULLABLE, *REQUIRED]:
        op.drop_column(TABLE, name, schema=SCHEMA)
