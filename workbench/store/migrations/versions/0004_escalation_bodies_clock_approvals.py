"""escalation: bodies, clock, approvals

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel  # noqa: F401
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('approval_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('to_stage', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('requested_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('requested_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('decided_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('decided_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['complaint_case.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('approval_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_approval_request_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_approval_request_status'), ['status'], unique=False)

    # Plain ADD COLUMN, not a batch rebuild (which would drop 0003's expression indexes).
    op.add_column('complaint_case',
                  sa.Column('held_by', sa.JSON(), server_default='[]', nullable=False))
    op.add_column('complaint_case', sa.Column('bodies_recorded', sa.Boolean(),
                                              server_default=sa.false(), nullable=False))
    op.add_column('complaint_case', sa.Column('paused_since', sa.Date(), nullable=True))
    op.add_column('complaint_case',
                  sa.Column('extra_days', sa.Integer(), server_default='0', nullable=False))



def downgrade() -> None:
    # Plain DROP COLUMN (SQLite >= 3.35), not a batch rebuild: a rebuild would silently
    # lose the expression indexes of 0003, which Alembic cannot reflect.
    for column in ("extra_days", "paused_since", "bodies_recorded", "held_by"):
        op.execute(f"ALTER TABLE complaint_case DROP COLUMN {column}")

    with op.batch_alter_table('approval_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_approval_request_status'))
        batch_op.drop_index(batch_op.f('ix_approval_request_case_id'))

    op.drop_table('approval_request')
