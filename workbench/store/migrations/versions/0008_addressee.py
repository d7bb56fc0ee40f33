"""addressees from data: the provider's bureau and regulator, the filing's addressee,
the complainant's 民族 and the case's litigation details

Revision ID: 0008_addressee
Revises: 0007_decision
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_addressee"
down_revision = "0007_decision"
branch_labels = None
depends_on = None

_TEXT = (("provider", "market_bureau", 100), ("provider", "regulator", 100),
         ("provider", "legal_representative", 100),
         ("complainant", "ethnicity", 20), ("filing", "addressee", 200),
         ("filing", "addressee_kind", 20))


def upgrade() -> None:
    # Plain ADD COLUMN, not a batch rebuild (which would drop 0003's expression indexes).
    for table, column, length in _TEXT:
        op.add_column(table, sa.Column(column, sa.String(length), server_default="",
                                       nullable=False))
    op.add_column("complaint_case", sa.Column("litigation", sa.JSON(), server_default="{}",
                                              nullable=False))


def downgrade() -> None:
    op.execute("ALTER TABLE complaint_case DROP COLUMN litigation")
    for table, column, _ in reversed(_TEXT):
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
