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
    # plain ALTER TABLE: a batch rebuild would drop the expression indexes of 0003/0005
    op.add_column("complaint_case", sa.Column("industry_body", sa.String(length=20),
                                              nullable=False, server_default=""))


def downgrade() -> None:
    op.execute("ALTER TABLE complaint_case DROP COLUMN industry_body")
