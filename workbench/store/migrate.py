"""Apply Alembic migrations programmatically (at start, and `workbench db upgrade`)."""

from __future__ import annotations

from pathlib import Path

from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from workbench.errors import SchemaError
from workbench.i18n import _
from workbench.store.dberrors import translate_operational_error

MIGRATIONS = Path(__file__).parent / "migrations"


def include_object(obj: object, name: str | None, type_: str, reflected: bool,
                   compare_to: object) -> bool:
    """What autogenerate compares: not the hand-made search objects and sort indexes."""
    from workbench.store.search import SEARCH_OBJECTS

    if type_ == "index" and name and name.endswith("_sort"):
        return False  # expression indexes of migration 0003, invisible to the models
    return not (name and name.startswith(SEARCH_OBJECTS))


def alembic_config(url: str = "") -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if url:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def script_directory() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = script_directory().get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _check_known(revision: str | None) -> None:
    if revision is None:
        return
    try:
        script_directory().get_revision(revision)
    except Exception as exc:
        raise SchemaError(
            _("数据库结构版本 {revision} 比本程序新（数据库已被更新版本的 workbench 升级）。"
              ).format(revision=revision),
            _("请升级本机上的 workbench；数据库未作任何改动。"),
        ) from exc


def ensure_current(engine: Engine) -> None:
    """Refuse to run on a schema that is behind or ahead of this program."""
    revision = current_revision(engine)
    _check_known(revision)
    if revision != head_revision():
        raise SchemaError(_("数据库结构不是最新（{current} ≠ {head}）。").format(
            current=revision or _("空"), head=head_revision()),
            _("请运行 `workbench db upgrade`。"))


def upgrade(engine: Engine, url: str, target: str = "heads") -> list[str]:
    """Upgrade to `target`; returns the revisions applied (empty when already current)."""
    from alembic import command

    before = current_revision(engine)
    _check_known(before)
    if target == "heads" and before == head_revision():
        return []
    cfg = alembic_config(url)
    # write=True: SQLite takes its write lock at BEGIN IMMEDIATE and holds it to the end,
    # so a second process starting the same upgrade waits, then finds nothing left to do
    # (PostgreSQL: env.py's advisory lock)
    with engine.connect().execution_options(write=True) as conn:
        sqlite = engine.dialect.name == "sqlite"
        if sqlite:
            # A batch rebuild copies and drops tables; with foreign keys on, the drop
            # would cascade-delete child rows. The pragma only works outside a transaction.
            conn.connection.driver_connection.execute("PRAGMA foreign_keys = OFF")  # type: ignore[union-attr]
        try:
            # One transaction for the whole upgrade. Alembic commits after each migration
            # on SQLite (no transactional DDL), which released the write lock between
            # migrations: a second process then applied the next one too and the first
            # failed on "duplicate column". An outer transaction makes Alembic run every
            # migration inside it (PostgreSQL already does).
            conn.begin()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, target)
            conn.commit()
            if sqlite:
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                conn.commit()
                if broken:
                    raise SchemaError(_("迁移后外键检查失败：{rows}").format(rows=broken[:5]),
                                      _("请恢复升级前的备份。"))
        except DBAPIError as exc:
            raise translate_operational_error(exc, url) from exc
        finally:
            if sqlite:
                conn.connection.driver_connection.execute("PRAGMA foreign_keys = ON")  # type: ignore[union-attr]
    after = current_revision(engine)
    script = script_directory()
    return [rev.revision for rev in script.iterate_revisions(after, before)][::-1] if after else []
