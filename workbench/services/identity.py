"""Who is acting: the identity the system vouches for, never a flag or an env var anyone
can set (DESIGN §8).

SQLite: the OS user running the process (`pwd`, by uid: not LOGNAME/USER). PostgreSQL: the
session role (`SELECT session_user`), mapped to its caseworker by `caseworker.db_role`.
An admin may act as another registered login (`--user`); the events then record both.
The CLI and the TUI both resolve identity here, once, when they open the database.
"""

from __future__ import annotations

import os
import pwd
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session
from sqlmodel import col

from workbench.domain import events
from workbench.domain.ladder import Role
from workbench.errors import RuleViolation
from workbench.i18n import N_, _
from workbench.services.context import Workbench
from workbench.store.engine import Store
from workbench.store.models import Caseworker

ADD_HINT = N_("请管理员运行 workbench people add {login} --name 姓名 --role caseworker{db_role}")


def os_login() -> str:
    """The OS account running this process, by uid (environment variables cannot change it)."""
    try:
        return pwd.getpwuid(os.getuid()).pw_name
    except KeyError:  # no passwd entry (a bare container): the uid is still the truth
        return f"uid{os.getuid()}"


def _os_full_name() -> str:
    try:
        return pwd.getpwuid(os.getuid()).pw_gecos.split(",", 1)[0].strip()
    except KeyError:
        return ""


@dataclass(frozen=True, slots=True)
class Identity:
    """Who the workbench acts as, for the header and `people` messages."""

    login: str  # the login the workbench acts as (the events' actor)
    name: str
    role: Role
    real: str  # the identity the system vouches for (differs when an admin acts as login)
    database: str  # the SQLite file's name or the PostgreSQL database's name
    demo: bool

    @property
    def acting(self) -> bool:
        return self.login != self.real

    @property
    def role_label(self) -> str:
        return self.role.label


def session_role(session: Session) -> str:
    """The PostgreSQL role this connection logged in as (not a SET ROLE)."""
    return str(session.execute(text("SELECT session_user")).scalar_one())


def person(session: Session, login: str) -> Caseworker | None:
    return session.execute(
        select(Caseworker).where(col(Caseworker.login) == login)).scalar_one_or_none()


def role_of(session: Session, login: str) -> Role:
    """The role of an active registered login; anyone else counts as a plain caseworker."""
    worker = person(session, login)
    if worker is None or not worker.active or worker.role not in Role._value2member_map_:
        return Role.CASEWORKER
    return Role(worker.role)


def active_admins(session: Session) -> list[str]:
    return list(session.execute(
        select(col(Caseworker.login)).where(col(Caseworker.role) == Role.ADMIN.value,
                                            col(Caseworker.active).is_(True))
        .order_by(col(Caseworker.login))).scalars())


def database_name(store: Store) -> str:
    """What the header calls the database: the file's name, or the PostgreSQL server and
    database (`db.example.org/workbench`; never the user or password)."""
    if store.dialect == "sqlite":
        path = _sqlite_file(store)
        return path.name if path else ":memory:"
    url = make_url(store.url)
    host = url.host if url.host and not url.host.startswith("/") else ""
    return f"{host}/{url.database or '?'}" if host else url.database or "?"


def _unregistered(session: Session, login: str, db_role: str = "") -> RuleViolation:
    admins = "、".join(active_admins(session)) or _("（无）")
    who = _("数据库角色 {db_role} 没有对应的经办人").format(
              db_role=db_role) if db_role else _("{login} 不是登记的经办人").format(
                                                          login=login)
    hint = _(ADD_HINT).format(login=login if not db_role else "LOGIN",
                           db_role=f" --db-role {db_role}" if db_role else "")
    return RuleViolation(_("{who}，不能查看或处理案件。").format(
                             who=who), _("{hint}（管理员：{admins}）。").format(
                                                  hint=hint, admins=admins))


def _deactivated(session: Session, login: str) -> RuleViolation:
    admins = "、".join(active_admins(session)) or _("（无）")
    return RuleViolation(_("经办人 {login} 已停用，不能查看或处理案件。").format(login=login),
                         _("如需恢复，请管理员运行 workbench people add {login} --name 姓名 "
                         "--role caseworker（管理员：{admins}）。").format(
                             login=login, admins=admins))


def _real_person(session: Session, store: Store) -> tuple[Caseworker | None, str, str]:
    """(the caseworker the system vouches for, its login, the PostgreSQL role or "")."""
    if store.dialect != "postgresql":
        login = os_login()
        return person(session, login), login, ""
    role = session_role(session)
    worker = session.execute(
        select(Caseworker).where(col(Caseworker.db_role) == role)).scalar_one_or_none()
    return worker, worker.login if worker else role, role


def _require_active(session: Session, worker: Caseworker | None, login: str,
                    db_role: str = "") -> Caseworker:
    if worker is None:
        raise _unregistered(session, login, db_role)
    if not worker.active:
        raise _deactivated(session, worker.login)
    return worker


def identify(wb: Workbench, requested: str = "") -> Workbench:
    """`wb` acting as the real identity, or as `requested` when the real one is an admin.

    Registers the first admin of a new database (see `_first_admin`); refuses an
    unregistered or deactivated identity, and `--user` for anyone but an active admin.
    """
    _first_admin(wb)
    with wb.store.session() as session:
        worker, login, db_role = _real_person(session, wb.store)
        me = _require_active(session, worker, login, db_role)
        if not requested or requested == me.login:
            return replace(wb, actor=me.login, real_actor="")
        if me.role != Role.ADMIN.value:
            raise RuleViolation(
                _("只有管理员可以代他人操作（--user / WORKBENCH_USER）；你是 {login}"
                "（{role}）。").format(
                    login=me.login, role=Role.label_of(me.role, me.role)),
                _("去掉 --user 和 WORKBENCH_USER，以你自己的身份操作。"))
        _require_active(session, person(session, requested), requested)
    return replace(wb, actor=requested, real_actor=me.login)


def whoami(wb: Workbench) -> Identity:
    """The identity `wb` acts as, labelled for the header."""
    with wb.store.session() as session:
        worker = person(session, wb.actor)
    role = Role(worker.role) if worker and worker.role in Role._value2member_map_ \
        else Role.CASEWORKER
    return Identity(login=wb.actor, name=worker.display_name if worker else wb.actor,
                    role=role, real=wb.real_actor or wb.actor,
                    database=database_name(wb.store), demo=wb.store.demo)


def _owns_database(session: Session, store: Store) -> bool:
    """Whether the real identity owns the data anyway (the SQLite file, the PG database)."""
    if store.dialect == "postgresql":
        owner = session.execute(text(
            "SELECT pg_get_userbyid(datdba) FROM pg_database "
            "WHERE datname = current_database()")).scalar_one()
        return bool(owner == session_role(session))
    path = _sqlite_file(store)
    return path is not None and path.exists() and path.stat().st_uid == os.getuid()


def _sqlite_file(store: Store) -> Path | None:
    """The SQLite database's file (a `file:` URI's path too); None for memory."""
    database = make_url(store.url).database or ""
    if database.startswith("file:"):
        database = urlsplit(database).path
    return Path(database) if database and database != ":memory:" else None


def _first_admin(wb: Workbench) -> None:
    """A database needs one admin to register everyone else: the creator of a new real
    database becomes it; so does the owner of an older database that has no active admin
    (they can read and change the file or database anyway). A new demo database gets its
    admin from the demo generator."""
    with wb.store.session() as session:
        registered = int(session.execute(
            select(func.count()).select_from(Caseworker)).scalar_one())
        if active_admins(session) or (registered == 0 and wb.store.demo) or (
                registered and not _owns_database(session, wb.store)):
            return
    with wb.store.write() as session:
        chain = wb.chain(session)  # the chain lock: two first starts cannot both register
        if active_admins(session):
            return
        worker, login, db_role = _real_person(session, wb.store)
        if worker is None:
            name = _os_full_name() if not db_role else ""
            session.add(Caseworker(login=login, display_name=name or login,
                                   role=Role.ADMIN.value, db_role=db_role or None))
            chain.append(events.caseworker_added(login, Role.ADMIN.value, name=name or login,
                                                 db_role=db_role or None), login)
        else:
            old = worker.role
            worker.role, worker.active = Role.ADMIN.value, True
            chain.append(events.role_changed(worker.login, old, Role.ADMIN.value),
                         worker.login)
        session.flush()
        chain.close()
