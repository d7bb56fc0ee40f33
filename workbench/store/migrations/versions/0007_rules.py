"""the industry body a case was sent to (its deadline rule depends on it)

Revision ID: 0007_rules
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_rules"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("complaint_case") as batch:
        batch.add_column(sa.Column("industry_body", sa.String(length=20), nullable=False,
                                   server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("complaint_case") as batch:
        batch.drop_column("industry_body")
