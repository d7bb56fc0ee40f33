"""Moving cases along the escalation ladder (DESIGN §2, §5).

The ladder's rules live in `domain.ladder`; this module gathers the facts a rule needs
(contacts, approvals, who holds the dispute, the actor's role), refuses with every unmet
requirement named, and otherwise moves the case in one transaction: new stage, the
deadline the rule table gives, and a `stage_changed` event that carries what undo needs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, TypedDict

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from workbench.domain import events
from workbench.domain.calendar import DueDate, WorkCalendar
from workbench.domain.clock import local_day
from workbench.domain.deadlines import DayCount, due_for
from workbench.domain.ladder import (
    STAGE_INFO,
    STAGES,
    Body,
    MoveFacts,
    Outcome,
    Requirement,
    Stage,
    Status,
    refusals,
    requirements,
    stage_label,
)
from workbench.domain.vocabulary import (
    ApprovalStatus,
    DisputeScope,
    IndustryBody,
    Mediator,
    RequirementCode,
)
from workbench.errors import NotFound, RuleViolation
from workbench.i18n import _
from workbench.services.bulk import BulkResult, Selection, run_bulk
from workbench.services.cases import clean_text, load_for_update
from workbench.services.contacts import effective_due, provider_contacts
from workbench.services.context import Workbench
from workbench.services.four_eyes import (
    check_decider,
    check_reopener,
    require_decider,
)
from workbench.services.identity import role_of
from workbench.store import pg_guard
from workbench.store.audit import ChainWriter
from workbench.store.models import ApprovalRequest, Case, CaseEvent, Caseworker

TRANSITION_KINDS = ("stage_changed", "stage_change_undone")


@dataclass(frozen=True, slots=True)
class StageOption:
    """One possible next stage, for the picker: what it needs and the deadline it sets."""

    stage: Stage
    label: str
    requirements: list[Requirement]
    due: DueDate | None
    pending: bool = False  # an approval request to enter this stage awaits a supervisor

    @property
    def allowed_now(self) -> bool:
        return all(r.met for r in self.requirements)

    @property
    def blockers(self) -> list[Requirement]:
        """The unmet requirements the picker cannot ask for (a reason, an outcome, an
        approval request can be given there; a missing contact or a role cannot)."""
        return [r for r in self.requirements if not r.met and r.code not in ASKED]

    @property
    def choosable(self) -> bool:
        return not self.blockers


# what the picker's next steps ask for: the reason, the outcome, an approval request
ASKED = frozenset({RequirementCode.REASON, RequirementCode.OUTCOME,
                   RequirementCode.BUSINESS_SCOPE, RequirementCode.APPROVAL})


def _approved(session: Session, case_id: int, stage: Stage,
              statuses: tuple[str, ...] = ("approved",)) -> ApprovalRequest | None:
    return session.execute(
        select(ApprovalRequest).where(
            col(ApprovalRequest.case_id) == case_id,
            col(ApprovalRequest.to_stage) == stage.value,
            col(ApprovalRequest.status).in_(statuses))
        .order_by(col(ApprovalRequest.id).desc()).limit(1)
    ).scalar_one_or_none()


def approval_granted(session: Session, case_id: int, stage: Stage) -> ApprovalRequest | None:
    """The latest supervisor approval for a case to enter `stage`, whether still to be used
    or spent by the move (the approval behind the stage the case is in)."""
    return _approved(session, case_id, stage, ("approved", "used"))


def _facts(session: Session, wb: Workbench, case: Case, target: Stage, reason: str,
           outcome: Outcome | None, recovered_fen: int | None) -> MoveFacts:
    assert case.id is not None
    return MoveFacts(
        current=Stage(case.stage), target=target, reason=reason,
        provider_contacts=provider_contacts(session, case.id),
        approved=_approved(session, case.id, target) is not None,
        actor_role=role_of(session, wb.actor), outcome=outcome, recovered_fen=recovered_fen,
        bodies_recorded=case.bodies_recorded,
        bodies=frozenset(Body(b) for b in case.held_by if b in Body._value2member_map_),
        scope=DisputeScope(case.scope) if case.scope in DisputeScope._value2member_map_
        else DisputeScope.CONSUMER,
    )


def options(wb: Workbench, case_id: int) -> list[StageOption]:
    """Every other stage, with its requirements (met or not) and the deadline it would set."""
    with wb.store.session() as session:
        case = session.get(Case, case_id)
        if case is None:
            raise NotFound(_("案件 #{case_id} 不存在。").format(
                               case_id=case_id), _("请刷新案件列表。"))
        calendar = wb.calendar(session)
        pending = set(session.scalars(select(col(ApprovalRequest.to_stage)).where(
            col(ApprovalRequest.case_id) == case_id,
            col(ApprovalRequest.status) == "pending")))
        result = []
        for info in STAGES:
            if info.stage.value == case.stage:
                continue
            facts = _facts(session, wb, case, info.stage, "(reason)", Outcome.WITHDRAWN, 0)
            reqs = [r for r in requirements(facts)
                    if r.code not in ("reason", "outcome", "recovered", "business_scope")]
            # reasons and outcomes are asked for in the picker itself: show them as needed
            reqs += [Requirement(r.code, r.text, False) for r in requirements(
                _facts(session, wb, case, info.stage, "", None, None))
                if r.code in ("reason", "outcome", "business_scope")]
            due = due_for(info.stage, wb.today(), calendar, wb.rules)
            result.append(StageOption(info.stage, info.label, reqs, due,
                                      info.stage.value in pending))
        return result


def _snapshot(case: Case) -> dict[str, Any]:
    """What a transition changes, so undo can put it back."""
    return {
        "stage": case.stage, "status": case.status, "outcome": case.outcome,
        "stage_entered_at": case.stage_entered_at.isoformat(),
        "stage_due_on": case.stage_due_on.isoformat() if case.stage_due_on else None,
        "due_estimated": case.due_estimated,
        "closed_at": case.closed_at.isoformat() if case.closed_at else None,
        "amount_recovered_fen": case.amount_recovered_fen,
        "extra_days": case.extra_days,
        "paused_since": case.paused_since.isoformat() if case.paused_since else None,
        "follow_up_on": case.follow_up_on.isoformat() if case.follow_up_on else None,
        "industry_body": case.industry_body,
    }


def _restore(case: Case, snap: dict[str, Any]) -> None:
    case.stage = snap["stage"]
    case.status = snap["status"]
    case.outcome = snap["outcome"]
    case.stage_entered_at = datetime.fromisoformat(snap["stage_entered_at"])
    case.stage_due_on = date.fromisoformat(snap["stage_due_on"]) if snap["stage_due_on"] \
        else None
    case.due_estimated = bool(snap["due_estimated"])
    case.closed_at = datetime.fromisoformat(snap["closed_at"]) if snap["closed_at"] else None
    case.amount_recovered_fen = int(snap["amount_recovered_fen"])
    case.extra_days = int(snap["extra_days"])
    case.paused_since = date.fromisoformat(snap["paused_since"]) if snap["paused_since"] \
        else None
    case.industry_body = snap.get("industry_body", "")
    follow = snap.get("follow_up_on")
    case.follow_up_on = date.fromisoformat(follow) if follow else None
    effective_due(case)


def refusal_message(case: Case, target: Stage, unmet: list[Requirement]) -> str:
    return (_("{ref} 不能转到「{stage_label}」: ").format(
                ref=case.ref, stage_label=stage_label(target))
            + "; ".join(r.text for r in unmet))


class Selectors(TypedDict):
    body: str | None
    mediator: str | None


def selectors(case: Case) -> Selectors:
    """What picks a stage's deadline rule besides the stage and the day it was entered."""
    return {"body": case.industry_body or None,
            "mediator": case.mediator or None}


def escalate(wb: Workbench, case_id: int, expected_version: int, to: Stage, *,
             reason: str = "", outcome: Outcome | None = None,
             recovered_fen: int | None = None, body: IndustryBody | None = None) -> Case:
    """Move a case to stage `to` (up, down, closed, or reopened), or refuse naming why.

    ``body``: at the industry rung, which body the case goes to (its deadline rule)."""
    reason = clean_text(reason, _("理由"), multiline=True)
    with wb.store.write() as session:
        chain = wb.chain(session)
        case = load_for_update(session, case_id, expected_version)
        move_case(session, chain, wb, case, Stage(to), reason=reason, outcome=outcome,
                  recovered_fen=recovered_fen, body=body)
        chain.close()
    return case


def move_case(session: Session, chain: ChainWriter, wb: Workbench, case: Case, to: Stage, *,
              reason: str = "", outcome: Outcome | None = None,
              recovered_fen: int | None = None, body: IndustryBody | None = None) -> None:
    """The move itself, inside the caller's write transaction and audit chain (the caller
    loaded `case` for update and closes the chain): check, change, append the event."""
    if body is not None and to is not Stage.INDUSTRY:
        raise RuleViolation(_("只有转到行业监管时才能选择机构。"),
                            _("去掉 --body，或转到 industry。"))
    assert case.id is not None
    case_id = case.id
    facts = _facts(session, wb, case, to, reason, outcome, recovered_fen)
    unmet = refusals(facts)
    if unmet:
        raise RuleViolation(refusal_message(case, to, unmet),
                            _("补齐缺少的条件后再转阶段。"))
    if facts.current is Stage.CLOSED:
        check_reopener(session, wb, case_id, case.ref)
        if to is not Stage.CLOSED:
            pg_guard.reopen_case(session, case_id, to.value, wb.actor)  # PostgreSQL checks too
    before = _snapshot(case)
    now = chain.at
    today = wb.today()
    case.stage = to.value
    case.stage_entered_at = now
    case.paused_since = None
    case.extra_days = 0
    if to is Stage.CLOSED:
        assert outcome is not None
        case.status = Status.CLOSED.value
        case.outcome = outcome.value
        case.closed_at = now
        case.amount_recovered_fen = recovered_fen or 0
        case.stage_due_on, case.due_estimated, case.follow_up_on = None, False, None
    else:
        if facts.current is Stage.CLOSED:  # reopened
            case.outcome, case.closed_at = None, None
        if to is Stage.MEDIATION:  # a new mediation: the association mediates unless told
            case.mediator = case.mediator or Mediator.ASSOCIATION.value
            case.mediation_result, case.termination_ground = "", ""
        case.status = Status.OPEN.value
        case.industry_body = body.value if body else ""
        due = due_for(to, today, wb.calendar(session), wb.rules, **selectors(case))
        case.stage_due_on = due.day if due else None
        case.due_estimated = bool(due and due.estimated)
    effective_due(case)
    case.updated_at, case.updated_by = now, wb.actor
    if STAGE_INFO[to].needs_approval:
        approval = _approved(session, case_id, to)
        if approval is not None:
            approval.status = "used"
    session.flush()
    chain.append(events.stage_changed(
        previous=facts.current, to=to, reason=reason, due_on=case.stage_due_on,
        due_estimated=case.due_estimated, outcome=outcome if to is Stage.CLOSED else None,
        recovered_fen=case.amount_recovered_fen if to is Stage.CLOSED else None,
        prev=before), wb.actor, case_id=case_id, at=now)


def _last_move(session: Session, case_id: int) -> CaseEvent | None:
    """The case's last transition if undo can reverse it (a move, not an undo)."""
    last = session.execute(
        select(CaseEvent).where(col(CaseEvent.case_id) == case_id,
                                col(CaseEvent.kind).in_(TRANSITION_KINDS))
        .order_by(col(CaseEvent.seq).desc()).limit(1)
    ).scalar_one_or_none()
    if last is None or last.kind != "stage_changed" or "prev" not in last.payload:
        return None
    return last


@dataclass(frozen=True, slots=True)
class LastMove:
    """What undo would reverse: the move from `previous` to `to`, made at `at`."""

    previous: Stage
    to: Stage
    at: datetime


def last_move(wb: Workbench, case_id: int) -> LastMove | None:
    """The move `undo` would reverse, for the question that names it (None: nothing)."""
    with wb.store.session() as session:
        last = _last_move(session, case_id)
        if last is None:
            return None
        return LastMove(Stage(last.payload["from"]), Stage(last.payload["to"]), last.at)


def undo(wb: Workbench, case_id: int, expected_version: int) -> Case:
    """Reverse the last stage transition, written as a new event (history is never cut)."""
    with wb.store.write() as session:
        chain = wb.chain(session)
        case = load_for_update(session, case_id, expected_version)
        last = _last_move(session, case_id)
        if last is None:
            raise RuleViolation(_("{ref} 没有可撤销的阶段变更。").format(ref=case.ref),
                                _("只能撤销最近一次阶段变更，且只能撤销一次。"))
        current = case.stage
        back_to = Stage(last.payload["prev"]["stage"])
        # Going back is a move too: undoing a close is a reopen (supervisors), and the
        # earlier rung must still be allowed (e.g. a court may hold the dispute by now).
        facts = _facts(session, wb, case, back_to, "撤销", Outcome.WITHDRAWN, 0)
        unmet = [r for r in refusals(facts) if r.code not in ("reason", "same",
                                                               "provider_contact", "approval")]
        if unmet:
            raise RuleViolation(refusal_message(case, back_to, unmet),
                                _("请负责人处理，或改用 `e` 移动案件。"))
        if current == Stage.CLOSED.value:  # undoing a close is a reopen: four eyes
            check_reopener(session, wb, case_id, case.ref)
            pg_guard.reopen_case(session, case_id, back_to.value, wb.actor)
        _restore(case, last.payload["prev"])
        if case.stage == Stage.INTAKE.value and case.decision in ("accepted", "refused"):
            case.decision, case.decision_on, case.decision_ground = "pending", None, ""
        if case.stage == Stage.MEDIATION.value and current == Stage.CLOSED.value \
                and case.mediation_result == "agreed":  # the agreement's close undone
            case.mediation_result, case.punitive_fen, case.perform_by = "", 0, None
        if STAGE_INFO[Stage(current)].needs_approval:
            used = session.execute(
                select(ApprovalRequest).where(col(ApprovalRequest.case_id) == case_id,
                                              col(ApprovalRequest.to_stage) == current,
                                              col(ApprovalRequest.status) == "used")
                .order_by(col(ApprovalRequest.id).desc()).limit(1)).scalar_one_or_none()
            if used is not None:
                used.status = "approved"  # the approval was not spent after all
        case.updated_at, case.updated_by = wb.now(), wb.actor
        session.flush()
        chain.append(events.stage_change_undone(
            undoes=last.seq, previous=Stage(current), to=Stage(case.stage),
            due_on=case.stage_due_on), wb.actor, case_id=case_id)
        chain.close()
    return case


def record_bodies(wb: Workbench, case_id: int, expected_version: int,
                  bodies: Iterable[Body]) -> Case:
    """Record which bodies already hold the dispute (`none` when none does)."""
    chosen = sorted({Body(b) for b in bodies})
    if not chosen:
        raise RuleViolation(_("请至少选择一项（没有机构受理时选“无”）。"),
                            _("没有机构受理时选 `none`。"))
    if Body.NONE in chosen and len(chosen) > 1:
        raise RuleViolation(_("“无”不能与其他机构同时选择。"),
                            _("none 和机构只能二选一。"))
    with wb.store.write() as session:
        chain = wb.chain(session)
        case = load_for_update(session, case_id, expected_version)
        old = list(case.held_by)
        case.held_by = [b.value for b in chosen]
        case.bodies_recorded = True
        case.updated_at, case.updated_by = wb.now(), wb.actor
        session.flush()
        chain.append(events.bodies_recorded(old, case.held_by), wb.actor, case_id=case_id)
        chain.close()
    return case


def request_approval(wb: Workbench, case_id: int, to: Stage, reason: str) -> ApprovalRequest:
    """Ask a supervisor to allow `media` or `legal`."""
    to = Stage(to)
    if not STAGE_INFO[to].needs_approval:
        raise RuleViolation(_("「{stage_label}」不需要审批。").format(
                                stage_label=stage_label(to)), _("请直接升级到该阶段。"))
    reason = clean_text(reason, _("理由"), multiline=True)
    if not reason.strip():
        raise RuleViolation(_("审批申请需要理由。"), _("请写明本案为什么需要这一步。"))
    with wb.store.write() as session:
        chain = wb.chain(session)
        if session.get(Case, case_id) is None:
            raise NotFound(_("案件 #{case_id} 不存在。").format(
                               case_id=case_id), _("请刷新案件列表。"))
        request = ApprovalRequest(case_id=case_id, to_stage=to.value, reason=reason,
                                  requested_by=wb.actor, requested_at=chain.at)
        session.add(request)
        session.flush()
        chain.append(events.approval_requested(request=request.id, to=to, reason=reason),
                     wb.actor, case_id=case_id)
        chain.close()
    return request


def decide(wb: Workbench, request_id: int, approve: bool, note: str = "") -> ApprovalRequest:
    """A supervisor or admin other than the requester approves or denies a pending request
    (the event's actor, and `decided_by`, say who)."""
    with wb.store.write() as session:
        chain = wb.chain(session)
        require_decider(session, wb)
        request = session.get(ApprovalRequest, request_id)
        if request is None or request.status != "pending":
            raise NotFound(_("没有待审批的申请 #{request_id}。").format(
                               request_id=request_id), _("用 `workbench approvals` 列出。"))
        check_decider(session, wb, request)
        if pg_guard.decide_approval(session, request_id, approve, note, wb.actor, wb.now()):
            session.refresh(request)  # decided by the server's function (it checks roles)
        else:
            request.status = "approved" if approve else "denied"
            request.decided_by, request.decided_at, request.note = wb.actor, wb.now(), note
            session.flush()
        chain.append(events.approval_decided(request=request_id, to=request.to_stage,
                                             approved=approve, note=note),
                     wb.actor, case_id=request.case_id)
        chain.close()
    return request


def carry_out(wb: Workbench, request_id: int) -> Case:
    """Make the move a supervisor approved: the case enters the request's stage, with the
    request's reason (the rules are checked again; the approval is used by the move)."""
    with wb.store.write() as session:
        chain = wb.chain(session)
        request = session.get(ApprovalRequest, request_id)
        if request is None or request.status != ApprovalStatus.APPROVED.value:
            raise RuleViolation(_("申请 #{id} 没有待执行的批准。").format(id=request_id),
                                _("按 r 刷新列表。"))
        if request.requested_by != wb.actor:  # the approval is the requester's to use
            raise RuleViolation(
                _("申请 #{id} 由 {who} 提出，只能由申请人执行。").format(
                    id=request_id, who=request.requested_by),
                _("请申请人在「我的申请」中执行。"))
        case = session.get(Case, request.case_id)
        if case is None:
            raise NotFound(_("案件 #{id} 不存在。").format(id=request.case_id),
                           _("按 r 刷新队列。"))
        move_case(session, chain, wb, case, Stage(request.to_stage), reason=request.reason)
        chain.close()
    return case


def _counted_days(calendar: WorkCalendar, clock: DayCount, start: date, end: date) -> int:
    if clock is DayCount.WORKING:
        return calendar.working_days_between(start, end)
    return max(0, (end - start).days)


def recompute_due(session: Session, wb: Workbench, case: Case) -> None:
    """The stage deadline again, by the rule for the day the stage was entered."""
    start = local_day(case.stage_entered_at)
    due = due_for(Stage(case.stage), start, wb.calendar(session), wb.rules,
                  extra_days=case.extra_days, **selectors(case))
    case.stage_due_on = due.day if due else None
    case.due_estimated = bool(due and due.estimated)
    effective_due(case)


def pause_clock(wb: Workbench, case_id: int, expected_version: int, reason: str) -> Case:
    """Stop the stage clock (e.g. 检测/鉴定 time does not count in mediation)."""
    if not reason.strip():
        raise RuleViolation(_("暂停计时需要理由。"), _("请说明理由，例如 送检鉴定。"))
    with wb.store.write() as session:
        chain = wb.chain(session)
        case = load_for_update(session, case_id, expected_version)
        if case.paused_since is not None:
            raise RuleViolation(_("{ref} 的计时已暂停（自 {paused_since}）。").format(
                                    ref=case.ref, paused_since=case.paused_since),
                                _("请先恢复计时。"))
        if case.stage == Stage.CLOSED.value:
            raise RuleViolation(_("已结案件没有计时。"), _("请先重新打开。"))
        case.paused_since = wb.today()
        case.updated_at, case.updated_by = wb.now(), wb.actor
        session.flush()
        chain.append(events.clock_paused(reason, case.paused_since), wb.actor, case_id=case_id)
        chain.close()
    return case


def resume_clock(wb: Workbench, case_id: int, expected_version: int) -> Case:
    """Restart the clock; the paused days move the deadline out."""
    with wb.store.write() as session:
        chain = wb.chain(session)
        case = load_for_update(session, case_id, expected_version)
        if case.paused_since is None:
            raise RuleViolation(_("{ref} 的计时没有暂停。").format(
                                    ref=case.ref), _("计时没有暂停，无需恢复。"))
        rule = wb.rules.rule_for(Stage(case.stage), local_day(case.stage_entered_at),
                                 **selectors(case))
        calendar = wb.calendar(session)
        paused = _counted_days(calendar, rule.clock if rule else DayCount.CALENDAR,
                               case.paused_since, wb.today())
        case.extra_days += paused
        case.paused_since = None
        recompute_due(session, wb, case)
        case.updated_at, case.updated_by = wb.now(), wb.actor
        session.flush()
        chain.append(events.clock_resumed(paused, case.stage_due_on), wb.actor, case_id=case_id)
        chain.close()
    return case


def extend(wb: Workbench, case_id: int, expected_version: int, days: int, reason: str) -> Case:
    """Extend the stage deadline (e.g. an institution extends to 60 days), within the rule."""
    if days <= 0:
        raise RuleViolation(_("延期天数必须大于 0。"), _("请填写正整数天数。"))
    reason = clean_text(reason, _("理由"), multiline=True)
    if not reason.strip():
        raise RuleViolation(_("延期需要理由。"), _("请写明由谁延期、为什么延期。"))
    with wb.store.write() as session:
        chain = wb.chain(session)
        case = load_for_update(session, case_id, expected_version)
        rule = wb.rules.rule_for(Stage(case.stage), local_day(case.stage_entered_at),
                                 **selectors(case))
        if rule is None:
            raise RuleViolation(_("这个阶段没有期限。"), _("没有可延长的期限。"))
        extended = _extended_days(session, case)  # paused days do not count against the cap
        if rule.max_days is not None and rule.days + extended + days > rule.max_days:
            raise RuleViolation(
                _("延期后共 {total} 天，超过上限 {max_days} 天"
                "（{label}）。").format(
                    total=rule.days + extended + days, max_days=rule.max_days,
                    label=rule.label), _("请延长较少的天数。"))
        case.extra_days += days
        recompute_due(session, wb, case)
        case.updated_at, case.updated_by = wb.now(), wb.actor
        session.flush()
        chain.append(events.deadline_extended(days, reason, case.stage_due_on), wb.actor,
                     case_id=case_id)
        chain.close()
    return case


def _extended_days(session: Session, case: Case) -> int:
    """Days granted by extensions since the case entered its stage (not paused days)."""
    events = session.execute(
        select(CaseEvent).where(col(CaseEvent.case_id) == case.id,
                                col(CaseEvent.kind).in_(("deadline_extended", *TRANSITION_KINDS)))
        .order_by(col(CaseEvent.seq).desc())).scalars()
    total = 0
    for event in events:
        if event.kind != "deadline_extended":
            break  # the stage began here
        total += int(event.payload.get("days", 0))
    return total


@dataclass(frozen=True, slots=True)
class Reminder:
    assignee: str
    ref: str
    title: str
    stage: str
    due_on: date
    estimated: bool
    overdue: bool


def remind(wb: Workbench, days: int) -> list[Reminder]:
    """Open cases overdue or due within `days` working days, by assignee then due date."""
    today = wb.today()
    with wb.store.session() as session:
        horizon = wb.calendar(session).add_working_days(today, max(0, days)).day
        rows = session.execute(
            select(Case, col(Caseworker.login))
            .outerjoin(Caseworker, col(Caseworker.id) == col(Case.assignee_id))
            .where(col(Case.status) != Status.CLOSED.value, col(Case.due_on).is_not(None),
                   col(Case.due_on) <= horizon)
            .order_by(col(Caseworker.login), col(Case.due_on), col(Case.id))
        ).all()
    return [Reminder(login or _("（未分配）"), c.ref, c.title, c.stage, c.due_on, c.due_estimated,
                     c.due_on < today) for c, login in rows if c.due_on is not None]


def next_follow_up_default(today: date) -> date:
    return today + timedelta(days=7)


def bulk_escalate(wb: Workbench, selection: Selection, to: Stage, *, reason: str = "",
                  outcome: Outcome | None = None, recovered_fen: int | None = None,
                  body: IndustryBody | None = None) -> BulkResult:
    """Escalate each marked case in its own transaction; report what moved and why not."""
    return run_bulk(wb, selection, lambda i, v: escalate(
        wb, i, v, to, reason=reason, outcome=outcome, recovered_fen=recovered_fen, body=body))
