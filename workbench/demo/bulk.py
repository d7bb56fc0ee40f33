"""Bulk loading: precomputed rows straight to the driver's `executemany`, SQLite's FTS5
buffer and page cache enlarged and its syncs off while loading, PostgreSQL's sequences
moved past the ids given."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import insert, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

BULK_FTS_HASHSIZE = 8 * 1024 * 1024
FTS5_DEFAULT_HASHSIZE = 1024 * 1024
# tables whose ids the demo assigns itself
ID_TABLES = ("caseworker", "provider", "complainant", "complaint_case", "evidence",
             "annotation", "contact", "approval_request")


class BulkInsert:
    """`INSERT INTO table` for many rows: SQLAlchemy Core compiles the statement and the
    columns' own types convert the values (EncryptedStr encrypts, UTCDateTime, JSON, Date …),
    then the rows go to the driver's executemany in one call.

    The same as `connection.execute(insert(table), rows)`, minus the per-row bookkeeping of
    SQLAlchemy's generic execution path (about 7% of the demo's run time). `encoded` names
    columns whose value a row already holds converted, under another key (the audit
    chain's payload, encoded once for its hash).
    """

    def __init__(self, conn: Connection, table: Any,
                 encoded: dict[str, str] | None = None) -> None:
        dialect = conn.dialect
        compiled = insert(table).compile(dialect=dialect)
        self.conn = conn
        self.sql = compiled.string
        self.positional = bool(compiled.positional)
        names = list(compiled.positiontup or ()) if self.positional else list(compiled.binds)
        encoded = encoded or {}
        # (parameter, the row's key for it, how to convert the row's value)
        self.columns: list[tuple[str, str, Callable[[Any], Any] | None]] = [
            (name, encoded[name], None) if name in encoded
            else (name, name, table.c[name].type.dialect_impl(dialect).bind_processor(dialect))
            for name in names]

    def run(self, rows: list[dict[str, Any]]) -> None:
        columns = self.columns
        params: list[Any]
        if self.positional:
            params = [tuple([convert(row[key]) if convert else row[key]
                             for _name, key, convert in columns]) for row in rows]
        else:
            params = [{name: convert(row[key]) if convert else row[key]
                       for name, key, convert in columns} for row in rows]
        self.conn.exec_driver_sql(self.sql, params)


@contextlib.contextmanager
def fts_bulk_load(conn: Connection, dialect: str) -> Iterator[None]:
    """SQLite: a bigger FTS5 pending-term buffer while loading (about 30% faster).

    FTS5 keeps `hashsize` in the index's config table; its default (1 MiB) makes a bulk
    load flush and merge small segments over and over. The old value is put back.
    """
    if dialect != "sqlite":
        yield
        return
    setting = "INSERT INTO case_fts(case_fts, rank) VALUES ('hashsize', ?)"
    try:
        row = conn.exec_driver_sql("SELECT v FROM case_fts_config WHERE k = 'hashsize'").first()
        conn.exec_driver_sql(setting, (BULK_FTS_HASHSIZE,))
    except DBAPIError:  # an SQLite without the option: load at the default speed
        yield
        return
    yield
    conn.exec_driver_sql(setting, (int(row[0]) if row else FTS5_DEFAULT_HASHSIZE,))


# SQLite settings while the demo loads; the connection's own are put back afterwards.
# cache_size (KiB when negative): the indexes being filled stay in memory instead of
# spilling to the WAL and being read back. (synchronous is left alone: in WAL mode
# NORMAL syncs only at checkpoints, which come after the one commit.)
BULK_PRAGMAS = {"cache_size": "-262144"}


@contextlib.contextmanager
def sqlite_bulk_pragmas(conn: Connection, dialect: str) -> Iterator[None]:
    """SQLite: a 256 MiB page cache inside the generation only."""
    if dialect != "sqlite":
        yield
        return
    before = {name: int(conn.exec_driver_sql(f"PRAGMA {name}").scalar_one())
              for name in BULK_PRAGMAS}
    for name, value in BULK_PRAGMAS.items():
        conn.exec_driver_sql(f"PRAGMA {name} = {value}")
    try:
        yield
    finally:
        for name, old in before.items():
            conn.exec_driver_sql(f"PRAGMA {name} = {old}")


def fix_sequences(conn: Connection, dialect: str) -> None:
    """PostgreSQL serial sequences do not move when ids are given explicitly."""
    if dialect != "postgresql":
        return
    for table in (*ID_TABLES, "provider_alias"):
        conn.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"))
