"""The decisions PostgreSQL itself guards (migration 0009_pg_roles).

On PostgreSQL, deciding an approval, reopening a closed case and changing a person's role
are done by SECURITY DEFINER functions that authorise the *session* role by its group
(`workbench_supervisor`, `workbench_admin`); a plain UPDATE of the same columns is refused
by triggers. The services call these helpers inside their own write transaction, so the
audit event they append commits with the change. On SQLite (no roles) each helper returns
False and the service does the change in Python.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from workbench.errors import RuleViolation
from workbench.i18n import _

# SQLSTATEs our functions and triggers raise: refused, no such row, bad argument
_REFUSALS = {"42501", "P0002", "22023"}


def enforced(session: Session) -> bool:
    """Whether the server guards these changes (PostgreSQL) or Python must (SQLite)."""
    return session.get_bind().dialect.name == "postgresql"


def decide_approval(session: Session, request_id: int, approve: bool, note: str,
                    decider: str, at: datetime) -> bool:
    """Decide a pending request as the session role (a supervisor who did not ask)."""
    return _call(session, "workbench_decide_approval(CAST(:id AS integer), CAST(:ok AS boolean), "
                 "CAST(:note AS text), CAST(:by AS text), CAST(:at AS timestamptz))",
                 id=request_id, ok=approve, note=note, by=decider, at=at)


def reopen_case(session: Session, case_id: int, stage: str, actor: str) -> bool:
    """Move a closed case's stage and status back to open, as a supervisor's session."""
    return _call(session, "workbench_reopen_case(CAST(:id AS integer), CAST(:stage AS text), "
                 "CAST(:actor AS text))",
                 id=case_id, stage=stage, actor=actor)


def set_role(session: Session, login: str, role: str, actor: str) -> bool:
    """Change a person's role, as an admin's session."""
    return _call(session, "workbench_set_role(CAST(:login AS text), CAST(:role AS text), "
                 "CAST(:actor AS text))",
                 login=login, role=role, actor=actor)


def _call(session: Session, call: str, **params: Any) -> bool:
    if not enforced(session):
        return False
    try:
        session.execute(text(f"SELECT {call}"), params)
    except DBAPIError as exc:
        diag = getattr(exc.orig, "diag", None)
        if getattr(exc.orig, "sqlstate", None) not in _REFUSALS or diag is None:
            raise
        raise RuleViolation(diag.message_primary or str(exc.orig),
                            diag.message_hint or _("请找负责人或管理员。")) from exc
    return True
