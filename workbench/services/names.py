"""People by name: the read models show a caseworker's display name where the rows keep
the login (events, notes, evidence, filings), the login itself only beside it in a detail."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from workbench.i18n import _
from workbench.store.models import Caseworker


def display_names(session: Session, logins: Iterable[str | None]) -> dict[str, str]:
    """login → display name for the registered ones among `logins` (one query; a person
    without a name of their own is left out, so callers fall back to the login)."""
    wanted = {login for login in logins if login}
    if not wanted:
        return {}
    rows = session.execute(select(col(Caseworker.login), col(Caseworker.display_name))
                           .where(col(Caseworker.login).in_(sorted(wanted)))).all()
    return {login: name for login, name in rows if name}


def name_of(names: Mapping[str, str], login: str) -> str:
    """The person's name, or the login when they have none (or are not registered)."""
    return names.get(login) or login


def name_and_login(name: str, login: str) -> str:
    """王丽（wang.li）; just the login when the name is the login or missing."""
    if not name or name == login:
        return login
    return _("{name}（{login}）").format(name=name, login=login)
