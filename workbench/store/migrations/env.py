"""Alembic environment. Migrations run from `workbench.store.migrate`, which hands us an
open connection; `alembic` on the command line (for developers) uses sqlalchemy.url."""

from __future__ import annotations

from typing import Any

import sqlmodel
from alembic import context
from sqlalchemy import create_engine, text

import workbench.store.models  # noqa: F401  (registers the tables)
from workbench.store.migrate import include_object

target_metadata = sqlmodel.SQLModel.metadata
MIGRATION_LOCK = 0x57_42_4D_47  # "WBMG"


def run() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        engine = create_engine(context.config.get_main_option("sqlalchemy.url") or "")
        with engine.connect() as conn:
            _run(conn)
        return
    _run(connection)


def _run(connection: Any) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode rebuilds tables
        include_object=include_object,
        compare_type=True,
    )
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            # one migrator at a time; the others then find the schema current
            connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATION_LOCK})
        context.run_migrations()


run()
