"""case_grams / case_search.grams: 1–2 character words from an index; case_category

Short words: SQLite gets a contentless FTS5 table of every case head's 1- and 2-character
pieces, PostgreSQL a `grams text[]` column of case_search under a GIN index; both are
filled from the heads already indexed. Categories: one row per (case, category), filled
from the JSON lists, with an index on (category, case_id). `estimated` gets an index.

Revision ID: 0014_query_indexes
Revises: 0013_case_groups
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel  # noqa: F401
from alembic import op

from workbench.store.search import gram_text, grams

revision = "0014_query_indexes"
down_revision = "0013_case_groups"
branch_labels = None
depends_on = None

CHUNK = 5_000
# The filter keys without an index of their own until now (the name ends in _sort: made by
# hand, left alone by autogenerate). `estimated`, in due order.
INDEXES = {"ix_case_estimated_due_sort": "(due_estimated, coalesce(due_on, '9999-12-31'), id)"}


def _fill_grams(sqlite: bool) -> None:
    conn = op.get_bind()
    table, key = ("case_fts", "rowid") if sqlite else ("case_search", "case_id")
    last = 0
    while True:
        rows = conn.execute(sa.text(
            f"SELECT {key}, head FROM {table} WHERE {key} > :last ORDER BY {key} LIMIT :n"),
            {"last": last, "n": CHUNK}).all()
        if not rows:
            return
        if sqlite:
            conn.execute(sa.text("INSERT INTO case_grams(rowid, grams) VALUES (:id, :g)"),
                         [{"id": i, "g": gram_text(head)} for i, head in rows])
        else:
            conn.execute(sa.text("UPDATE case_search SET grams = :g WHERE case_id = :id"),
                         [{"id": i, "g": grams(head)} for i, head in rows])
        last = rows[-1][0]


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        op.execute("CREATE VIRTUAL TABLE case_grams USING fts5(grams, tokenize = 'ascii', "
                   "content = '', detail = none)")
    else:
        op.execute("ALTER TABLE case_search ADD COLUMN grams text[] NOT NULL DEFAULT '{}'")
    _fill_grams(sqlite)
    if not sqlite:
        op.execute("CREATE INDEX case_search_grams ON case_search USING gin (grams)")
    op.create_table(
        "case_category",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("category", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["complaint_case.id"]),
        sa.PrimaryKeyConstraint("case_id", "category"),
    )
    op.create_index("ix_case_category_category_case", "case_category",
                    ["category", "case_id"])
    elements = ("json_each(c.categories) AS j" if sqlite
                else "json_array_elements_text(c.categories) AS j(value)")
    for name, columns in INDEXES.items():
        op.execute(f"CREATE INDEX {name} ON complaint_case {columns}")
    op.execute(f"INSERT INTO case_category (case_id, category) SELECT DISTINCT c.id, j.value "
               f"FROM complaint_case AS c, {elements}")
    if not sqlite:
        op.execute("GRANT SELECT ON case_category TO workbench_caseworker, "
                   "workbench_supervisor, workbench_admin")
        op.execute("GRANT INSERT, DELETE ON case_category TO workbench_caseworker")


def downgrade() -> None:
    for name in INDEXES:
        op.execute(f"DROP INDEX {name}")
    op.drop_index("ix_case_category_category_case", table_name="case_category")
    op.drop_table("case_category")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE case_grams")
    else:
        op.execute("DROP INDEX case_search_grams")
        op.execute("ALTER TABLE case_search DROP COLUMN grams")
