"""case_source: where an imported case came from (file, sheet, row, sender's reference)

Its unique keys (source + external reference, content hash, case) make an import
idempotent. On PostgreSQL the caseworker group may read and add rows (any active
caseworker imports), never change or delete them.

Revision ID: 0011_import_sources
Revises: 0010_provider_registry
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel  # noqa: F401
from alembic import op

revision = "0011_import_sources"
down_revision = "0010_provider_registry"
branch_labels = None
depends_on = None

GROUPS = "workbench_caseworker, workbench_supervisor, workbench_admin"


def upgrade() -> None:
    op.create_table(
        "case_source",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("file_name", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("sheet", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("row_number", sa.Integer(), nullable=False),
        sa.Column("external_ref", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column("content_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("import_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("registered_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["complaint_case.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("source", "external_ref"),
        sa.UniqueConstraint("case_id"),
        sa.UniqueConstraint("content_hash"),
    )
    op.create_index(op.f("ix_case_source_import_id"), "case_source", ["import_id"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"GRANT SELECT ON case_source TO {GROUPS}")
        op.execute("GRANT INSERT ON case_source TO workbench_caseworker")
        op.execute("GRANT USAGE, SELECT ON SEQUENCE case_source_id_seq TO workbench_caseworker")


def downgrade() -> None:
    op.drop_index(op.f("ix_case_source_import_id"), table_name="case_source")
    op.drop_table("case_source")
