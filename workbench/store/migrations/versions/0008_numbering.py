"""filing.draft: a draft filing (草稿, no 文号) is recorded but kept out of the 发文登记

Revision ID: 0008_numbering
Revises: 0008_addressee
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_numbering"
down_revision = "0008_addressee"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN, not a batch rebuild (see 0007_decision).
    op.add_column("filing", sa.Column("draft", sa.Boolean(), server_default=sa.false(),
                                      nullable=False))


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite >= 3.35), not a batch rebuild (see 0004).
    op.execute("ALTER TABLE filing DROP COLUMN draft")
