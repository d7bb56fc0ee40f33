"""mediation: who mediates, and how the mediation ended (agreement or termination)

Revision ID: 0007_mediation
Revises: 0007_scope
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel  # noqa: F401
from alembic import op

revision = "0007_mediation"
down_revision = "0007_scope"
branch_labels = None
depends_on = None

_COLUMNS = ("mediator", "punitive_fen", "mediation_result", "mediation_terms", "perform_by",
            "termination_ground")


def upgrade() -> None:
    # Plain ADD COLUMN, not a batch rebuild (which would drop 0003's expression indexes).
    op.add_column("complaint_case", sa.Column("mediator", sa.String(length=20),
                                              server_default="", nullable=False))
    op.add_column("complaint_case", sa.Column("punitive_fen", sa.BigInteger(),
                                              server_default="0", nullable=False))
    op.add_column("complaint_case", sa.Column("mediation_result", sa.String(length=20),
                                              server_default="", nullable=False))
    op.add_column("complaint_case", sa.Column("mediation_terms", sa.Text(),
                                              server_default="", nullable=False))
    op.add_column("complaint_case", sa.Column("perform_by", sa.Date(), nullable=True))
    op.add_column("complaint_case", sa.Column("termination_ground", sa.String(length=40),
                                              server_default="", nullable=False))


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite >= 3.35): a rebuild would lose 0003's expression indexes.
    for column in reversed(_COLUMNS):
        op.execute(f"ALTER TABLE complaint_case DROP COLUMN {column}")
