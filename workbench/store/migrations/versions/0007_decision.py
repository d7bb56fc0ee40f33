"""acceptance decision: 受理 / 补正 / 不予受理 on the case

Revision ID: 0007_decision
Revises: 0007_mediation
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel  # noqa: F401
from alembic import op

revision = "0007_decision"
down_revision = "0007_mediation"
branch_labels = None
depends_on = None

_COLUMNS = ("material_due_on", "material_items", "decision_ground", "decision_on", "decision")


def upgrade() -> None:
    # Plain ADD COLUMN, not a batch rebuild (which would drop 0003's expression indexes).
    op.add_column("complaint_case", sa.Column(
        "decision", sqlmodel.sql.sqltypes.AutoString(length=20), server_default="pending",
        nullable=False))
    op.add_column("complaint_case", sa.Column("decision_on", sa.Date(), nullable=True))
    op.add_column("complaint_case", sa.Column(
        "decision_ground", sqlmodel.sql.sqltypes.AutoString(length=40), server_default="",
        nullable=False))
    op.add_column("complaint_case", sa.Column("material_items", sa.JSON(),
                                              server_default="[]", nullable=False))
    op.add_column("complaint_case", sa.Column("material_due_on", sa.Date(), nullable=True))
    op.create_index("ix_complaint_case_decision", "complaint_case", ["decision"], unique=False)
    # A case already past intake was accepted before the decision was recorded.
    op.execute("UPDATE complaint_case SET decision = 'accepted' WHERE stage <> 'intake'")


def downgrade() -> None:
    op.drop_index("ix_complaint_case_decision", table_name="complaint_case")
    # Plain DROP COLUMN (SQLite >= 3.35), not a batch rebuild (see 0004).
    for column in _COLUMNS:
        op.execute(f"ALTER TABLE complaint_case DROP COLUMN {column}")
