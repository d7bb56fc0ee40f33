"""Four eyes: an approval is decided, and a closed case reopened, by a supervisor or admin
who is not the person who asked for it or closed it (DESIGN §8).

"The person" is both the login an event was written as and the real identity behind it
(an admin acting as someone), so neither can be used to approve one's own request.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from workbench.domain.ladder import Role, Stage
from workbench.domain.vocabulary import EventKind
from workbench.errors import RuleViolation
from workbench.i18n import _
from workbench.services.context import Workbench
from workbench.services.identity import role_of
from workbench.store.audit import REAL_ACTOR
from workbench.store.models import ApprovalRequest, CaseEvent

DECIDERS = (Role.SUPERVISOR, Role.ADMIN)


def _people(actor: str, payload: dict[str, object]) -> set[str]:
    return {actor, str(payload.get(REAL_ACTOR) or actor)}


def _me(wb: Workbench) -> set[str]:
    return {wb.actor, wb.real_actor or wb.actor}


def require_decider(session: Session, wb: Workbench) -> None:
    """Refuse unless `wb` acts as an active supervisor or admin."""
    if role_of(session, wb.actor) not in DECIDERS:
        raise RuleViolation(_("只有负责人 (supervisor) 或管理员可以审批。"), _("请负责人审批。"))


def check_decider(session: Session, wb: Workbench, request: ApprovalRequest) -> None:
    """Refuse unless `wb` is an active supervisor or admin other than the requester."""
    require_decider(session, wb)
    asked = {request.requested_by}
    for event in session.execute(
            select(CaseEvent).where(col(CaseEvent.case_id) == request.case_id,
                                    col(CaseEvent.kind) == EventKind.APPROVAL_REQUESTED.value)
    ).scalars():
        if event.payload.get("request") == request.id:
            asked |= _people(event.actor, event.payload)
    if asked & _me(wb):
        raise RuleViolation(_("不能审批自己提出的申请 #{id}（四眼原则）。").format(id=request.id),
                            _("请另一位负责人审批。"))


def closed_by(session: Session, case_id: int) -> set[str]:
    """Who closed the case last (the login and the real identity behind it)."""
    rows = session.execute(
        select(CaseEvent).where(col(CaseEvent.case_id) == case_id,
                                col(CaseEvent.kind).in_((EventKind.STAGE_CHANGED.value,
                                                         EventKind.STAGE_CHANGE_UNDONE.value)))
        .order_by(col(CaseEvent.seq).desc())).scalars()
    for event in rows:
        if event.payload.get("to") == Stage.CLOSED.value:
            return _people(event.actor, event.payload)
    return set()


def check_reopener(session: Session, wb: Workbench, case_id: int, ref: str) -> None:
    """Refuse reopening a closed case by the person who closed it (the ladder already
    asks for a supervisor)."""
    if closed_by(session, case_id) & _me(wb):
        raise RuleViolation(_("{ref} 是你结的案，不能由你重新打开（四眼原则）。").format(ref=ref),
                            _("请另一位负责人重新打开。"))
