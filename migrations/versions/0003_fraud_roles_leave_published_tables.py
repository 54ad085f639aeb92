"""fraud roles leave the published tables: customers.is_mule and merchants.is_colluding

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 08:56:00

Which customers are mules and which merchants collude is the simulation's ground truth,
not something a bank's records would say; the columns were the fraud label in disguise.
Downgrading restores them as false everywhere: the roles are not recoverable from rows.
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

SCHEMA = "synfinance"
ROLES = {"customers": "is_mule", "merchants": "is_colluding"}


def upgrade() -> None:
    for table, column in ROLES.items():
        op.drop_column(table, column, schema=SCHEMA)


def downgrade() -> None:
    for table, column in ROLES.items():
        op.add_column(
            table,
            sa.Column(column, sa.Boolean(), nullable=False, server_default=sa.false()),
            schema=SCHEMA,
        )
        op.alter_column(table, column, server_default=None, schema=SCHEMA)
