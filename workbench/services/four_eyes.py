"""Four eyes: an approval is decided, and a closed case reopened, by a supervisor or admin
who is not the person who asked for it or closed it (DESIGN §8).

"The person" is both the login an event was written as and the real identity behind it
(an admin acting as someone), so neither can be used to approve one's own request.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased
from sqlmodel import col

from workbench.domain.clock import as_utc
from workbench.domain.ladder import Role, Stage, stage_label
from workbench.domain.vocabulary import ApprovalStatus, EventKind
from workbench.errors import RuleViolation
from workbench.i18n import _
from workbench.services.context import Workbench
from workbench.services.identity import role_of
from workbench.store.audit import REAL_ACTOR
from workbench.store.models import ApprovalRequest, Case, CaseEvent, Caseworker

DECIDERS = (Role.SUPERVISOR, Role.ADMIN)


def _people(actor: str, payload: dict[str, object]) -> set[str]:
    return {actor, str(payload.get(REAL_ACTOR) or actor)}


def _me(wb: Workbench) -> set[str]:
    return {wb.actor, wb.real_actor or wb.actor}


def require_decider(session: Session, wb: Workbench) -> None:
    """Refuse unless `wb` acts as an active supervisor or admin."""
    if not _may_decide(session, wb):
        raise RuleViolation(_("只有负责人或管理员可以审批。"), _("请负责人审批。"))


def _may_decide(session: Session, wb: Workbench) -> bool:
    return role_of(session, wb.actor) in DECIDERS


def may_decide(wb: Workbench) -> bool:
    """Whether `wb` acts as an active supervisor or admin (who is offered y/n to decide)."""
    with wb.store.session() as session:
        return _may_decide(session, wb)


def _own_request(session: Session, wb: Workbench, request: ApprovalRequest
                 ) -> tuple[str, str] | None:
    """Why `wb` may not decide `request` under four eyes (message, hint), or None."""
    if request.requested_by == wb.actor:
        return (_("不能审批自己提出的申请（四眼原则）。"), _("请另一位负责人审批。"))
    asked = set()
    for event in session.execute(
            select(CaseEvent).where(col(CaseEvent.case_id) == request.case_id,
                                    col(CaseEvent.kind) == EventKind.APPROVAL_REQUESTED.value)
    ).scalars():
        if event.payload.get("request") == request.id:
            asked |= _people(event.actor, event.payload)
    same = asked & _me(wb)
    if not same:
        return None
    requester = session.execute(select(col(Caseworker.display_name)).where(
        col(Caseworker.login) == request.requested_by)).scalar() or request.requested_by
    return (_("这份申请由{name}提出，实际操作的是 {real}，与你现在是同一人，"
              "不能由你审批（四眼原则）。").format(name=requester, real=sorted(same)[0]),
            _("请另一位负责人用自己的账号审批。"))


def check_decider(session: Session, wb: Workbench, request: ApprovalRequest) -> None:
    """Refuse unless `wb` is an active supervisor or admin other than the requester."""
    require_decider(session, wb)
    if (refused := _own_request(session, wb, request)) is not None:
        raise RuleViolation(*refused)


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


# what a caseworker asked for, and what became of it (the approvals screen's 我的申请) ------
TELL_DENIED_DAYS = 7  # a refusal is news for a week; an approval until it is carried out


@dataclass(frozen=True, slots=True)
class MyRequest:
    """One approval request of the caseworker's, with its decision (labels in Chinese)."""

    id: int
    case_id: int
    ref: str
    case_stage: str
    to_stage: str
    to_label: str
    status: str
    status_label: str
    reason: str
    requested_at: datetime
    decided_by: str  # "负责人 赵敏" ("" while pending)
    decided_at: datetime | None
    note: str
    news: bool  # worth a notification: approved and not yet used, or refused lately

    @property
    def can_carry_out(self) -> bool:
        """Approved and not yet used: `escalation.carry_out` makes the move."""
        return self.status == ApprovalStatus.APPROVED.value and self.case_stage != self.to_stage


_ORDER = {ApprovalStatus.APPROVED.value: 0, ApprovalStatus.PENDING.value: 1,
          ApprovalStatus.DENIED.value: 2}


def my_requests(wb: Workbench, limit: int = 100) -> list[MyRequest]:
    """The requests `wb.actor` filed, newest first within: approved (to carry out),
    pending, denied, used."""
    decider = aliased(Caseworker)
    with wb.store.session() as session:
        rows = session.execute(
            select(ApprovalRequest, col(Case.ref), col(Case.stage),
                   col(decider.display_name), col(decider.role))
            .join(Case, col(Case.id) == col(ApprovalRequest.case_id))
            .outerjoin(decider, col(decider.login) == col(ApprovalRequest.decided_by))
            .where(col(ApprovalRequest.requested_by) == wb.actor)
            .order_by(col(ApprovalRequest.id).desc()).limit(limit)).all()
    since = as_utc(wb.now()) - timedelta(days=TELL_DENIED_DAYS)
    result = []
    for request, ref, stage, name, role in rows:
        who = ""
        if request.decided_by:
            who = f"{Role.label_of(role or Role.SUPERVISOR.value)} {name or request.decided_by}"
        approved = request.status == ApprovalStatus.APPROVED.value
        denied_lately = (request.status == ApprovalStatus.DENIED.value
                         and request.decided_at is not None
                         and as_utc(request.decided_at) >= since)
        result.append(MyRequest(
            request.id or 0, request.case_id, ref, stage, request.to_stage,
            stage_label(request.to_stage), request.status,
            ApprovalStatus.label_of(request.status), request.reason, request.requested_at,
            who, request.decided_at, request.note,
            (approved and stage != request.to_stage) or denied_lately))
    return sorted(result, key=lambda r: _ORDER.get(r.status, 3))


@dataclass(frozen=True, slots=True)
class PendingApproval:
    id: int
    ref: str
    to_stage: str
    reason: str
    requested_by: str  # the login
    requested_at: datetime
    requester: str = ""  # the display name (the login when there is none)
    refusal: str = ""  # why `wb` may not decide it (not a decider, four eyes); "" if it may


def pending_approvals(wb: Workbench) -> list[PendingApproval]:
    """The pending requests, oldest first, with who filed them by name, each saying
    whether `wb` may decide it."""
    asker = aliased(Caseworker)
    with wb.store.session() as session:
        rows = session.execute(
            select(ApprovalRequest, col(Case.ref), col(asker.display_name))
            .join(Case, col(Case.id) == col(ApprovalRequest.case_id))
            .outerjoin(asker, col(asker.login) == col(ApprovalRequest.requested_by))
            .where(col(ApprovalRequest.status) == "pending")
            .order_by(col(ApprovalRequest.requested_at))
        ).all()
        decider = _may_decide(session, wb)
        refusals = [_("只有负责人或管理员可以审批。") if not decider
                    else (_own_request(session, wb, r) or ("",))[0] for r, _ref, _n in rows]
    return [PendingApproval(r.id or 0, ref, r.to_stage, r.reason, r.requested_by,
                            r.requested_at, name or r.requested_by, refusal)
            for (r, ref, name), refusal in zip(rows, refusals, strict=True)]
