"""Engine and session setup for SQLite (embedded default) and PostgreSQL (teams)."""

from __future__ import annotations

import base64
import contextlib
import json
import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, select

from workbench import private_files
from workbench.errors import SecretError, StorageError
from workbench.i18n import _
from workbench.os_reasons import os_reason
from workbench.store import crypto, limits  # noqa: F401 (limits: the flush check)
from workbench.store.audit import GENESIS_HEAD, HEAD_KEY
from workbench.store.dberrors import translate_operational_error
from workbench.store.models import Meta
from workbench.store.revisions import head_revision

# (db_id, demo, creating) -> passphrase. The CLI passes one that asks keyring, env or the user.
PassphraseSource = Callable[[str, bool, bool], str]

BUSY_TIMEOUT_MS = 10_000
LOCK_TIMEOUT = "5s"  # PostgreSQL: a writer waiting longer on a row lock gets "busy"


def normalise_url(url: str) -> str:
    """Accept postgresql:// and route it through psycopg 3."""
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def _json_dumps(value: Any) -> str:
    # Chinese stays readable (and three bytes, not six) in JSON columns.
    return json.dumps(value, ensure_ascii=False)


def create_db_engine(url: str) -> Engine:
    """An Engine with our connection settings; it does not connect yet."""
    url = normalise_url(url)
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StorageError(_("数据库地址无效：{url}").format(url=repr(url)),
                           _("请使用 sqlite:///PATH 或 postgresql://USER@HOST/DB。")) from exc
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000},
                               json_serializer=_json_dumps)
        _configure_sqlite(engine)
        return engine
    if parsed.get_backend_name() == "postgresql":
        try:
            return create_engine(url, pool_pre_ping=True, pool_size=5,
                                 json_serializer=_json_dumps,
                                 connect_args={"connect_timeout": 5,
                                               "application_name": "workbench"})
        except ModuleNotFoundError as exc:
            raise StorageError(_("未安装 PostgreSQL 支持。"),
                               _("请安装：pip install 'pos-complaint-workbench[postgres]'")
                               ) from exc
    raise StorageError(_("不支持的数据库：{backend}").format(backend=parsed.get_backend_name()),
                       _("请使用 sqlite:///PATH 或 postgresql://…"))


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control away from the driver so BEGIN IMMEDIATE is ours to send.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # Writers take the write lock up front: a deferred transaction that upgrades
        # later can fail with SQLITE_BUSY without waiting for busy_timeout.
        if conn.get_execution_options().get("write"):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")


@dataclass
class Store:
    """An open database: the engine plus the facts read from `wb_meta`."""

    engine: Engine
    url: str
    db_id: str = ""
    demo: bool = False
    key_source: str = ""

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def session(self) -> Session:
        """A read session (expire_on_commit off: objects stay usable after commit)."""
        return Session(self.engine, expire_on_commit=False)

    def snapshot(self) -> Session:
        """A read session that sees one snapshot throughout (long consistent reads)."""
        if self.dialect == "postgresql":
            return Session(self.engine.execution_options(isolation_level="REPEATABLE READ"),
                           expire_on_commit=False)
        return self.session()  # a SQLite read transaction already keeps its snapshot

    @contextlib.contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction; commits on success, rolls back on any error."""
        session = Session(self.engine.execution_options(write=True), expire_on_commit=False)
        try:
            with session.begin():
                if self.dialect == "postgresql":  # never wait forever behind another writer
                    session.execute(text(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'"))
                yield session
        except OperationalError as exc:
            raise translate_operational_error(exc, self.url) from exc
        finally:
            session.close()

    def analyze(self) -> None:
        """Refresh the query planner's statistics (after a bulk load)."""
        with self.engine.connect() as conn:
            if self.dialect == "sqlite":
                conn.exec_driver_sql("PRAGMA analysis_limit = 1000")  # sampled: fast
            conn.exec_driver_sql("ANALYZE")
            conn.commit()

    def dispose(self) -> None:
        self.engine.dispose()


def driver_connection(session: OrmSession) -> object:
    """The DB-API connection under `session` (call from the session's own thread)."""
    return session.connection().connection.driver_connection


def interrupt(raw: object) -> None:
    """Abort the statement running on a DB-API connection (from another thread)."""
    if hasattr(raw, "interrupt"):  # sqlite3
        raw.interrupt()
    elif hasattr(raw, "cancel_safe"):  # psycopg 3
        with contextlib.suppress(Exception):
            raw.cancel_safe(timeout=1.0)


def check_connection(engine: Engine, url: str) -> None:
    """Connect once; raise StorageError with a plain message if we cannot."""
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except DBAPIError as exc:
        raise translate_operational_error(exc, url) from exc


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL (None: PostgreSQL, or an in-memory/URI database)."""
    parsed = make_url(normalise_url(url))
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    if parsed.database == ":memory:" or parsed.database.startswith("file:"):
        return None
    return Path(parsed.database).expanduser()


def database_files(url: str) -> list[Path]:
    """A SQLite database and the -wal/-shm files SQLite keeps beside it."""
    path = sqlite_path(url)
    if path is None:
        return []
    return [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]


def require_existing(url: str) -> None:
    """For commands that only read: a SQLite path that does not exist is a mistake, and
    connecting would create an empty file there."""
    path = sqlite_path(url)
    if path is not None and not path.exists():
        raise StorageError(_("没有找到数据库：{path}").format(path=path),
                           _("请检查 --db / WORKBENCH_DB 的路径（未创建任何文件）；如需新建请运行 "
                             "workbench db upgrade（或用 workbench demo 生成演示库）。"))


def _writable() -> str:
    return _("请把 WORKBENCH_DATA_DIR 或 --db 设到可写的位置。")


def prepare_sqlite_path(url: str) -> Path | None:
    """Create the folder of a SQLite file (private: 0700) and, when the file is new, the
    empty file itself with the private mode, which SQLite gives its -wal/-shm too.
    Returns the file when this call created it (so a failed start can remove it)."""
    path = sqlite_path(url)
    if path is None:
        return None
    folder = path.resolve().parent
    try:
        private_files.private_dir(folder)
    except OSError as exc:
        raise StorageError(_("无法创建数据目录 {folder}：{error}").format(
                               folder=folder, error=os_reason(exc)), _writable()) from exc
    try:
        fd = private_files.open_private(path, os.O_WRONLY | os.O_EXCL)
    except FileExistsError:
        return None
    except OSError as exc:
        raise StorageError(_("无法创建数据库 {path}：{error}").format(
                               path=path, error=os_reason(exc)), _writable()) from exc
    os.close(fd)
    return path


def remove_new_database(url: str) -> None:
    """Undo :func:`prepare_sqlite_path` after a start that failed (a refused passphrase
    leaves no database behind)."""
    for path in database_files(url):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


CREATE_LOCK = 0x57_42_4B_59  # advisory lock id for creating the data key ("WBKY")

# The newest migration; tests/test_store.py checks it against the scripts.


def stored_revision(engine: Engine) -> str | None:
    """The schema revision recorded in the database, read without Alembic."""
    try:
        with engine.connect() as conn:
            return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    except DBAPIError:
        return None  # no table yet: an empty database


def open_store(url: str, passphrase: PassphraseSource | None, *, migrate: bool = True,
               demo: bool | None = None) -> Store:
    """Connect, bring the schema to head, load the personal-data key.

    `demo` marks a database being created as a demo (fictional people, published key).
    Raises StorageError / SchemaError / SecretError with a message for the user.
    """
    url = normalise_url(url)
    created = prepare_sqlite_path(url)
    engine = create_db_engine(url)
    try:
        with private_files.private_umask():  # the -wal/-shm SQLite creates on connect
            check_connection(engine, url)
        store = Store(engine=engine, url=url)
        if stored_revision(engine) != head_revision():
            # importing Alembic costs ~0.1 s of start-up: only when there is work for it
            from workbench.store import migrate as migrations

            if migrate:
                migrations.upgrade(engine, url)
            else:
                migrations.ensure_current(engine)
        _load_meta(store, passphrase, demo)
    except BaseException:
        engine.dispose()
        if created is not None:
            remove_new_database(url)
        raise
    return store


def _load_meta(store: Store, passphrase: PassphraseSource | None, demo: bool | None) -> None:
    with store.session() as session:
        meta = {m.key: m.value for m in session.exec(select(Meta))}
    creating = "key_check" not in meta
    if creating:
        meta.setdefault("db_id", str(uuid.uuid4()))
        meta["salt"] = crypto.new_salt()
        meta["demo"] = "1" if demo else "0"
    store.db_id = meta["db_id"]
    store.demo = meta.get("demo") == "1"
    if passphrase is None:
        crypto.install(store.engine.dialect, None)
        return
    secret = passphrase(store.db_id, store.demo, creating)
    cipher = crypto.Cipher.from_passphrase(secret, base64.b64decode(meta["salt"]))
    if creating:
        meta["key_check"] = cipher.encrypt(crypto.CHECK_PLAINTEXT)
        with store.write() as session:
            if store.dialect == "postgresql":  # SQLite's BEGIN IMMEDIATE already serialises
                session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": CREATE_LOCK})
            existing = {m.key: m.value for m in session.exec(select(Meta))}
            if "key_check" in existing:
                # another process created the key first: use its salt, check our passphrase
                meta = existing
                creating = False
            else:
                for key in ("db_id", "salt", "demo", "key_check"):
                    session.merge(Meta(key=key, value=meta[key]))
                # the chain lock row exists from the start, so first writers queue on it
                if session.get(Meta, HEAD_KEY) is None:
                    session.add(Meta(key=HEAD_KEY, value=GENESIS_HEAD))
        if not creating:
            store.db_id, store.demo = meta["db_id"], meta.get("demo") == "1"
            cipher = crypto.Cipher.from_passphrase(secret, base64.b64decode(meta["salt"]))
    if not creating and cipher.decrypt(meta["key_check"]) != crypto.CHECK_PLAINTEXT:
        raise SecretError(_("数据口令打不开这个数据库。"),
                          _("请检查 WORKBENCH_DATA_KEY 或密钥环中的条目。"))
    crypto.install(store.engine.dialect, cipher)
