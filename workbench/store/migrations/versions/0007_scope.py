"""complaint_case.scope and scope_reason: 生活消费 or 经营活动, decided at intake

Existing cases of merchants become "business" (the intake default for a merchant).

Revision ID: 0007_scope
Revises: 0007_rules
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_scope"
down_revision = "0007_rules"
branch_labels = None
depends_on = None

MERCHANT_REASON = "商户为经营活动使用POS收单服务，不属于生活消费"


def upgrade() -> None:
    op.add_column("complaint_case", sa.Column("scope", sa.String(length=20), nullable=False,
                                              server_default="consumer"))
    op.add_column("complaint_case", sa.Column("scope_reason", sa.String(length=500),
                                              nullable=False, server_default=""))
    case = sa.table("complaint_case", sa.column("complainant_id", sa.Integer),
                    sa.column("scope", sa.String), sa.column("scope_reason", sa.String))
    person = sa.table("complainant", sa.column("id", sa.Integer), sa.column("kind", sa.String))
    merchants = sa.select(person.c.id).where(person.c.kind == "merchant")
    op.execute(case.update().where(case.c.complainant_id.in_(merchants))
               .values(scope="business", scope_reason=MERCHANT_REASON))


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite >= 3.35), not a batch rebuild: a rebuild would lose the
    # expression indexes of 0003/0005, which Alembic cannot reflect.
    for column in ("scope_reason", "scope"):
        op.execute(f"ALTER TABLE complaint_case DROP COLUMN {column}")
