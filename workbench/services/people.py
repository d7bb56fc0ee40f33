"""Who may use the workbench, and with which role: admins register, re-role and
deactivate people (`workbench people …`, the TUI's people screen). Every change is an
audited case-less event."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from workbench.domain import events
from workbench.domain.ladder import Role
from workbench.errors import NotFound, RuleViolation
from workbench.i18n import _
from workbench.services.context import Workbench
from workbench.services.identity import person, role_of
from workbench.store import pg_guard
from workbench.store.models import Caseworker

_LOGIN = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._-]{0,63}$")
_DB_ROLE = re.compile(r"^[a-z_][a-z0-9_$]{0,62}$")


@dataclass(frozen=True, slots=True)
class Person:
    login: str
    name: str
    role: Role
    role_label: str
    active: bool
    db_role: str


def _person_row(worker: Caseworker) -> Person:
    role = Role(worker.role) if worker.role in Role._value2member_map_ else Role.CASEWORKER
    return Person(worker.login, worker.display_name, role, role.label, worker.active,
                  worker.db_role or "")


def _require_admin(session: Session, wb: Workbench) -> None:
    if role_of(session, wb.actor) is not Role.ADMIN:
        raise RuleViolation(_("只有管理员可以管理经办人；{actor} 不是管理员。").format(
                                actor=wb.actor),
                            _("请管理员操作（workbench people list 列出管理员）。"))


def _existing(session: Session, login: str) -> Caseworker:
    worker = person(session, login)
    if worker is None:
        raise NotFound(_("没有登记的经办人 {login}。").format(
                           login=login), _("用 workbench people list 查看已登记的人。"))
    return worker


def list_people(wb: Workbench) -> list[Person]:
    """Everyone registered, active first (any registered user may look)."""
    with wb.store.session() as session:
        rows = session.execute(select(Caseworker).order_by(
            col(Caseworker.active).desc(), col(Caseworker.login))).scalars().all()
    return [_person_row(w) for w in rows]


def add_person(wb: Workbench, login: str, name: str, role: Role,
               db_role: str = "") -> Person:
    """Register `login` (or reactivate a deactivated one with this name and role)."""
    login, name, db_role = login.strip(), name.strip(), db_role.strip()
    if not _LOGIN.match(login):
        raise RuleViolation(_("登录名 {login!r} 无效。").format(login=login),
                            _("用系统登录名：字母、数字、. _ -，最长 64 个字符。"))
    if not name or len(name) > 100 or not name.isprintable():
        raise RuleViolation(_("姓名不能为空，最长 100 个字符，不能含控制字符。"),
                            _("例如 --name 王丽。"))
    if db_role and not _DB_ROLE.match(db_role):
        raise RuleViolation(_("数据库角色 {db_role!r} 无效。").format(db_role=db_role),
                            _("用 PostgreSQL 登录角色名：小写字母、数字、_，最长 63 个字符。"))
    role = Role(role)
    with wb.store.write() as session:
        chain = wb.chain(session)
        _require_admin(session, wb)
        if db_role:
            holder = session.execute(select(Caseworker).where(
                col(Caseworker.db_role) == db_role)).scalar_one_or_none()
            if holder is not None and holder.login != login:
                raise RuleViolation(_("数据库角色 {db_role} 已对应经办人 {login}。").format(
                                        db_role=db_role, login=holder.login),
                                    _("一个数据库角色只能对应一个人。"))
        worker = person(session, login)
        if worker is not None and worker.active:
            raise RuleViolation(_("{login} 已经登记（{role}）。").format(
                                    login=login, role=Role.label_of(worker.role)),
                                _("改角色用 workbench people set-role {login} ROLE。").format(
                                    login=login))
        if worker is None:
            worker = Caseworker(login=login, display_name=name, role=role.value)
            session.add(worker)
        worker.display_name, worker.role, worker.active = name, role.value, True
        worker.db_role = db_role or worker.db_role
        session.flush()
        chain.append(events.caseworker_added(login, role.value, name=name,
                                             db_role=worker.db_role), wb.actor)
        chain.close()
        return _person_row(worker)


def set_role(wb: Workbench, login: str, role: Role) -> Person:
    """Change a registered person's role (an admin cannot demote themselves: one admin
    must always remain)."""
    role = Role(role)
    with wb.store.write() as session:
        chain = wb.chain(session)
        _require_admin(session, wb)
        worker = _existing(session, login)
        if worker.role == role.value:
            return _person_row(worker)
        if login == wb.actor:
            raise RuleViolation(_("不能修改自己的角色。"), _("请另一位管理员操作。"))
        old = worker.role
        if pg_guard.set_role(session, login, role.value, wb.actor):
            session.refresh(worker)  # changed by the server's function (it checks the admin)
        else:
            worker.role = role.value
            session.flush()
        chain.append(events.role_changed(login, old, role.value), wb.actor)
        chain.close()
        return _person_row(worker)


def deactivate(wb: Workbench, login: str) -> Person:
    """Stop `login` from using the workbench; their history stays as it is."""
    with wb.store.write() as session:
        chain = wb.chain(session)
        _require_admin(session, wb)
        worker = _existing(session, login)
        if login == wb.actor:
            raise RuleViolation(_("不能停用自己。"), _("请另一位管理员操作。"))
        if not worker.active:
            return _person_row(worker)
        worker.active = False
        session.flush()
        chain.append(events.caseworker_deactivated(login), wb.actor)
        chain.close()
        return _person_row(worker)
