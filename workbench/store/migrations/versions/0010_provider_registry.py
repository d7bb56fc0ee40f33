"""the provider registry: aliases, the registered county, merged providers

Revision ID: 0010_provider_registry
Revises: 0009_pg_roles
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel  # noqa: F401
from alembic import op

revision = "0010_provider_registry"
down_revision = "0009_pg_roles"
branch_labels = None
depends_on = None

GROUPS = ("workbench_caseworker", "workbench_supervisor", "workbench_admin")


def upgrade() -> None:
    # Plain ADD COLUMN: SQLite cannot rebuild `provider` in batch mode while cases refer
    # to it (foreign keys are on), so `merged_into_id` carries no foreign key.
    op.add_column("provider", sa.Column("county", sa.String(length=60), server_default="",
                                        nullable=False))
    op.add_column("provider", sa.Column("merged_into_id", sa.Integer(), nullable=True))
    op.create_table(
        "provider_alias",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("provider_id", sa.Integer(), nullable=False),
        sa.Column("alias", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.ForeignKeyConstraint(["provider_id"], ["provider.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("alias"),
    )
    op.create_index("ix_provider_alias_provider_id", "provider_alias", ["provider_id"])
    if op.get_bind().dialect.name == "postgresql":
        # registry data is a supervisor's (the services check it too); everyone reads it
        op.execute(f"GRANT SELECT ON provider_alias TO {', '.join(GROUPS)}")
        op.execute("GRANT INSERT, UPDATE, DELETE ON provider_alias TO workbench_supervisor")
        op.execute("GRANT USAGE, SELECT ON SEQUENCE provider_alias_id_seq "
                   "TO workbench_supervisor")


def downgrade() -> None:
    op.drop_index("ix_provider_alias_provider_id", table_name="provider_alias")
    op.drop_table("provider_alias")
    op.execute("ALTER TABLE provider DROP COLUMN merged_into_id")
    op.execute("ALTER TABLE provider DROP COLUMN county")
