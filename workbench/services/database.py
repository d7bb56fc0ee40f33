"""Opening the database from settings, and its schema, audit chain and demo content.

The CLI (and the TUI's start-up) call these instead of reaching into `workbench.store`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from workbench import private_files, secrets
from workbench.config import LoadedSettings, Settings
from workbench.domain.clock import Clock, SystemClock
from workbench.errors import WorkbenchError
from workbench.fsutil import FILING_TEMP_GLOB
from workbench.i18n import N_, _
from workbench.services import identity
from workbench.services.context import Workbench
from workbench.services.law import demo_law_path, load_law
from workbench.store.anchors import AnchorLog
from workbench.store.blobs import BlobStore
from workbench.store.dberrors import translate_operational_error
from workbench.store.engine import (
    check_connection,
    create_db_engine,
    database_files,
    open_store,
    prepare_sqlite_path,
    require_existing,
)

# Asked before a case is entered into a demo database (CLI prompt, TUI dialog).
DEMO_INTAKE_QUESTION = (N_("这是演示数据库：数据是虚构的，口令是公开的，任何人都能打开。"
                        "真实投诉人的信息不应登记在这里。仍要在演示库中登记新案件吗？"))


def demo_style_path() -> Path:
    from workbench.filings.style import demo_style_path as path

    return path()


def open_workbench(loaded: LoadedSettings, *, migrate: bool = True, demo: bool | None = None,
                   need_key: bool = True, clock: Clock | None = None,
                   identify: bool = True, must_exist: bool = False) -> Workbench:
    """Open the configured store and return a Workbench acting as the system's identity
    (or, for an admin, as the configured `user`), refused when it is not registered.

    `demo` marks a database being created as a demo; `need_key=False` opens without the
    personal-data key (for commands that never read personal data); `identify=False` is
    for the bootstrap paths that read no cases (creating a demo, verifying the chain): the
    actor is then the OS user, unchecked, and `identity.identify` may follow. `must_exist`
    refuses a SQLite path with no database (commands that only read never create one).
    Existing files are made private and interrupted imports cleaned (`Workbench.notices`).
    """
    settings = loaded.settings
    private_files.set_shared_group(settings.shared_group)
    if must_exist:
        require_existing(settings.database_url())

    def passphrase(db_id: str, is_demo: bool, creating: bool) -> str:
        return secrets.data_passphrase(db_id, demo=is_demo, creating=creating,
                                       timeout=settings.keyring_timeout_s).value

    law, rules = load_law(settings.law_register_file, settings.deadline_rules_file)
    store = open_store(settings.database_url(), passphrase if need_key else None,
                       migrate=migrate, demo=demo)
    if store.demo and settings.law_register_file is None:  # the demo association's rules
        law, rules = load_law(demo_law_path(), settings.deadline_rules_file)
    wb = Workbench(store=store, actor=identity.os_login(), rules=rules, law=law,
                   clock=clock or SystemClock(),
                   blobs=BlobStore(settings.resolved_evidence_dir(store.db_id)),
                   evidence_max_bytes=settings.evidence_max_mb * 2**20,
                   filings_dir=settings.resolved_filings_dir(),
                   filings_style=settings.filings_style_file or (
                       demo_style_path() if store.demo else None),
                   anchors=anchor_log(settings, store.db_id))
    wb.notices = _tidy(wb, loaded)
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


def managed_paths(loaded: LoadedSettings) -> list[Path]:
    """Every file and folder the workbench writes personal data to (made private on start,
    checked by `doctor`)."""
    settings = loaded.settings
    anchor = getattr(settings, "audit_anchor_file", None)  # set by the audit settings
    evidence = settings.evidence_dir or settings.resolved_data_dir() / "evidence"
    return [settings.resolved_data_dir(), evidence, settings.resolved_filings_dir(),
            *database_files(settings.database_url()), *([Path(anchor)] if anchor else [])]


TIGHTENED_STAMP = ".permissions-checked"  # in the data folder: the deep walk was done


def _tidy(wb: Workbench, loaded: LoadedSettings) -> tuple[str, ...]:
    """Tighten what an older version left readable; remove what interrupted imports and
    exports left (only files older than this process: a running one may still own them)."""
    notices = []
    # the whole tree once per data folder (older versions' files); then only the top
    # level on each start: new files are made private when written, doctor checks all
    stamp = loaded.settings.resolved_data_dir() / TIGHTENED_STAMP
    deep = not stamp.exists()
    said = private_files.notice(private_files.tighten(managed_paths(loaded), deep=deep))
    if deep and stamp.parent.is_dir():
        with contextlib.suppress(OSError):
            private_files.open_private_file(stamp, "w").close()
    if said:
        notices.append(said + "。")
    if wb.blobs is not None and (removed := wb.blobs.remove_temps()):
        notices.append(_("已清除 {removed} 个中断导入留下的证据临时文件。").format(removed=removed))
    folder = wb.filings_dir
    if folder is not None and folder.is_dir() and any(folder.glob(FILING_TEMP_GLOB)):
        from workbench.services.filings import sweep_temps  # imports python-docx: rarely

        swept = sweep_temps(wb, folder).message
        if swept:
            notices.append(swept + "。")
    return tuple(notices)


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
    from workbench.store import migrate  # Alembic: only when asked (start-up reads no script)

    url = loaded.settings.database_url()
    prepare_sqlite_path(url)
    with _connected(url) as engine:
        applied = migrate.upgrade(engine, url)
        return SchemaState(current=migrate.current_revision(engine),
                           head=migrate.head_revision(), applied=tuple(applied))


def schema_state(loaded: LoadedSettings) -> SchemaState:
    """The schema version of an existing database and of this program; writes nothing."""
    from workbench.store import migrate

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
