"""evidence as a court reads it: 页数, 原件/复印件 and 载体

`proves` keeps its column; from now on it holds the fact the item proves (证明对象),
not the demand it supports. Rows added before this revision keep what they had.

Revision ID: 0008_evidence
Revises: 0008_numbering
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel  # noqa: F401
from alembic import op

revision = "0008_evidence"
down_revision = "0008_numbering"
branch_labels = None
depends_on = None

_COLUMNS = ("carrier", "original", "pages")


def upgrade() -> None:
    # Plain ADD COLUMN, not a batch rebuild (see 0007_decision, 0008_addressee).
    op.add_column("evidence", sa.Column("pages", sa.Integer(), nullable=True))
    op.add_column("evidence", sa.Column("original", sa.Boolean(), server_default=sa.false(),
                                        nullable=False))
    op.add_column("evidence", sa.Column(
        "carrier", sqlmodel.sql.sqltypes.AutoString(length=30), server_default="",
        nullable=False))


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite >= 3.35), not a batch rebuild (see 0004).
    for column in _COLUMNS:
        op.execute(f"ALTER TABLE evidence DROP COLUMN {column}")
