"""Opening the database from settings, and its schema, audit chain and demo content.

The CLI (and the TUI's start-up) call these instead of reaching into `workbench.store`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from workbench import secrets
from workbench.config import LoadedSettings, Settings
from workbench.domain.clock import Clock, SystemClock
from workbench.errors import WorkbenchError
from workbench.services import identity
from workbench.services.context import Workbench
from workbench.services.law import load_law
from workbench.store import migrate
from workbench.store.anchors import AnchorLog
from workbench.store.blobs import BlobStore
from workbench.store.dberrors import translate_operational_error
from workbench.store.engine import (
    check_connection,
    create_db_engine,
    open_store,
    prepare_sqlite_path,
    require_existing,
)


def demo_style_path() -> Path:
    from workbench.filings.style import demo_style_path as path

    return path()


def open_workbench(loaded: LoadedSettings, *, migrate: bool = True, demo: bool | None = None,
                   need_key: bool = True, clock: Clock | None = None,
                   identify: bool = True) -> Workbench:
    """Open the configured store and return a Workbench acting as the system's identity
    (or, for an admin, as the configured `user`), refused when it is not registered.

    `demo` marks a database being created as a demo; `need_key=False` opens without the
    personal-data key (for commands that never read personal data); `identify=False` is
    for the bootstrap paths that read no cases (creating a demo, verifying the chain): the
    actor is then the OS user, unchecked, and `identity.identify` may follow.
    """
    settings = loaded.settings

    def passphrase(db_id: str, is_demo: bool, creating: bool) -> str:
        return secrets.data_passphrase(db_id, demo=is_demo, creating=creating,
                                       timeout=settings.keyring_timeout_s).value

    law, rules = load_law(settings.law_register_file, settings.deadline_rules_file)
    store = open_store(settings.database_url(), passphrase if need_key else None,
                       migrate=migrate, demo=demo)
    wb = Workbench(store=store, actor=identity.os_login(), rules=rules, law=law,
                     clock=clock or SystemClock(),
                     blobs=BlobStore(settings.resolved_evidence_dir(store.db_id)),
                     evidence_max_bytes=settings.evidence_max_mb * 2**20,
                     filings_dir=settings.resolved_filings_dir(),
                     filings_style=settings.filings_style_file or (
                         demo_style_path() if store.demo else None),
                     anchors=anchor_log(settings, store.db_id))
    if not identify:
        return wb
    try:
        return identity.identify(wb, settings.user)
    except BaseException:
        store.dispose()
        raise


def anchor_log(settings: Settings, db_id: str) -> AnchorLog:
    """The anchor file of database `db_id`, as the settings configure it."""
    return AnchorLog(settings.resolved_anchor_file(), db_id,
                     every=settings.audit_anchor_every, syslog=settings.audit_anchor_syslog)


@dataclass(frozen=True, slots=True)
class SchemaState:
    current: str | None  # None: an empty database
    head: str  # the newest revision this program knows
    applied: tuple[str, ...] = ()  # revisions applied by this call, oldest first


@contextmanager
def _connected(url: str) -> Iterator[Engine]:
    """An engine that has connected once (a plain message if it cannot); disposed after."""
    engine = create_db_engine(url)
    try:
        check_connection(engine, url)
        yield engine
    finally:
        engine.dispose()


def upgrade_schema(loaded: LoadedSettings) -> SchemaState:
    """Bring the schema to the newest version (creating a SQLite file's folder)."""
    url = loaded.settings.database_url()
    prepare_sqlite_path(url)
    with _connected(url) as engine:
        applied = migrate.upgrade(engine, url)
        return SchemaState(current=migrate.current_revision(engine),
                           head=migrate.head_revision(), applied=tuple(applied))


def schema_state(loaded: LoadedSettings) -> SchemaState:
    """The schema version of an existing database and of this program; writes nothing."""
    url = loaded.settings.database_url()
    require_existing(url)
    with _connected(url) as engine:
        return SchemaState(current=migrate.current_revision(engine),
                           head=migrate.head_revision())


def database_error(exc: BaseException) -> WorkbenchError | None:
    """A database error no use case expected, as a message for the user (None: not one)."""
    if isinstance(exc, DBAPIError):
        return translate_operational_error(exc, "")
    return None
