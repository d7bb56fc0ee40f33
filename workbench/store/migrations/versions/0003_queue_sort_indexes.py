"""indexes for the queue's sorts

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# The queue sorts by these; without an index each sort of a million rows is a full sort.
# The due expression must match store.queue._due_sort() character for character.
INDEXES = {
    "ix_case_due_sort": "(coalesce(due_on, '9999-12-31'), id)",
    # "my cases by due date", the view a caseworker opens on
    "ix_case_assignee_due_sort": "(assignee_id, coalesce(due_on, '9999-12-31'), id)",
    "ix_case_stage_status_sort": "(stage, status, id)",
    "ix_case_closed_sort": "(closed_at, id)",
    "ix_case_opened_sort": "(opened_at, id)",
    "ix_case_stage_sort": "(stage, id)",
    "ix_case_category_sort": "(primary_category, id)",
}


def upgrade() -> None:
    for name, columns in INDEXES.items():
        op.execute(f"CREATE INDEX {name} ON complaint_case {columns}")


def downgrade() -> None:
    for name in INDEXES:
        op.execute(f"DROP INDEX {name}")
