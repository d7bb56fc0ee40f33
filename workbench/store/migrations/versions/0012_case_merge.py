"""merged cases: the case a duplicate was merged into

A merged-away case keeps its row, its history and its ref; `merged_into_id` names the
case it now lives in (its ref redirects there). Plain ADD COLUMN without a foreign key,
like `provider.merged_into_id`: SQLite cannot rebuild `complaint_case` in batch mode while
other tables refer to it.

Revision ID: 0012_case_merge
Revises: 0011_import_sources
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_case_merge"
down_revision = "0011_import_sources"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("complaint_case", sa.Column("merged_into_id", sa.Integer(), nullable=True))


def downgrade() -> None:
    op.execute("ALTER TABLE complaint_case DROP COLUMN merged_into_id")
