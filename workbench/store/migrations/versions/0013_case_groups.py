"""case_group, case_group_member: joint complaints (共同投诉, 令第20号 art. 11)

A group holds cases of one provider; a member leaving keeps its row (`left_at`). On
PostgreSQL every role reads them and the caseworker group (which supervisors and admins
belong to) adds and updates them, never deletes.

Revision ID: 0013_case_groups
Revises: 0012_case_merge
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel  # noqa: F401
from alembic import op

revision = "0013_case_groups"
down_revision = "0012_case_merge"
branch_labels = None
depends_on = None

GROUPS = "workbench_caseworker, workbench_supervisor, workbench_admin"


def upgrade() -> None:
    op.create_table(
        "case_group",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("provider_id", sa.Integer(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["provider_id"], ["provider.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_index(op.f("ix_case_group_provider_id"), "case_group", ["provider_id"])
    op.create_table(
        "case_group_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("representative", sa.Boolean(), nullable=False),
        sa.Column("joined_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("left_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("left_reason", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["complaint_case.id"]),
        sa.ForeignKeyConstraint(["group_id"], ["case_group.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_case_group_member_group_id"), "case_group_member", ["group_id"])
    op.create_index("ix_case_group_member_case_left", "case_group_member",
                    ["case_id", "left_at"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"GRANT SELECT ON case_group, case_group_member TO {GROUPS}")
        op.execute("GRANT INSERT, UPDATE ON case_group, case_group_member "
                   "TO workbench_caseworker")
        op.execute("GRANT USAGE, SELECT ON SEQUENCE case_group_id_seq, "
                   "case_group_member_id_seq TO workbench_caseworker")


def downgrade() -> None:
    op.drop_index("ix_case_group_member_case_left", table_name="case_group_member")
    op.drop_index(op.f("ix_case_group_member_group_id"), table_name="case_group_member")
    op.drop_table("case_group_member")
    op.drop_index(op.f("ix_case_group_provider_id"), table_name="case_group")
    op.drop_table("case_group")
