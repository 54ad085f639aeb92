"""model_predictions.reason_codes: why each alert was raised

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 13:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

SCHEMA = "synfinance"


def upgrade() -> None:
    op.add_column(
        "model_predictions", sa.Column("reason_codes", sa.String(200), nullable=True), schema=SCHEMA
    )


def downgrade() -> None:
    op.drop_column("model_predictions", "reason_codes", schema=SCHEMA)
