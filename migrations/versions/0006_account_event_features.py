"""ml_features: minutes since the account's latest events

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22 12:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

SCHEMA = "synfinance"
TABLE = "ml_features"
COLUMNS = [
    "minutes_since_sim_change",
    "minutes_since_device_binding",
    "minutes_since_credential_reset",
    "minutes_since_beneficiary_added",
    "minutes_since_collect_request",
]


def upgrade() -> None:
    for name in COLUMNS:
        op.add_column(TABLE, sa.Column(name, sa.Float()), schema=SCHEMA)


def downgrade() -> None:
    for name in COLUMNS:
        op.drop_column(TABLE, name, schema=SCHEMA)
