"""identity from the system: the PostgreSQL login role each caseworker connects as

Revision ID: 0009_identity
Revises: 0008_evidence
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel  # noqa: F401
from alembic import op

revision = "0009_identity"
down_revision = "0008_evidence"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN plus a unique index (SQLite cannot add a UNIQUE column in place).
    op.add_column("caseworker", sa.Column(
        "db_role", sqlmodel.sql.sqltypes.AutoString(length=63), nullable=True))
    op.create_index("ix_caseworker_db_role", "caseworker", ["db_role"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_caseworker_db_role", table_name="caseworker")
    op.execute("ALTER TABLE caseworker DROP COLUMN db_role")
