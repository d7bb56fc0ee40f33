"""Alembic environment. Migrations run from `workbench.store.migrate`, which hands us an
open connection; `alembic` on the command line (for developers) uses sqlalchemy.url."""

from __future__ import annotations

from typing import Any

import sqlmodel
from alembic import context
from sqlalchemy import create_engine

import workbench.store.models  # noqa: F401  (registers the tables)
from workbench.store.search import SEARCH_OBJECTS

target_metadata = sqlmodel.SQLModel.metadata


def include_object(obj: Any, name: str | None, type_: str, reflected: bool,
                   compare_to: Any) -> bool:
    # FTS5 virtual tables, their shadow tables and the trigram index are created by hand.
    return not (name and any(name.startswith(prefix) for prefix in SEARCH_OBJECTS))


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
        context.run_migrations()


run()
