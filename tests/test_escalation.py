"""Escalation services on SQLite and PostgreSQL: every rule enforced by the service."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from tests.factories import new_case
from workbench.domain.clock import FrozenClock
from workbench.domain.ladder import Body, Outcome, Stage
from workbench.errors import ConflictError, RuleViolation
from workbench.services import cases, escalation, four_eyes
from workbench.services.contacts import ContactDraft, log_contact
from workbench.services.context import Workbench
from workbench.store.models import CaseEvent


@pytest.fixture
def people(wb: Workbench) -> Workbench:
    cases.ensure_caseworker(wb, "alice")
    cases.ensure_caseworker(wb, "boss", role="supervisor")
    return wb


def as_(wb: Workbench, login: str) -> Workbench:
    return Workbench(store=wb.store, actor=login, rules=wb.rules, clock=wb.clock)


def move(wb: Workbench, case_id: int, to: Stage, **kw: object) -> cases.Case:
    current = cases.get_case(wb, case_id)
    return escalation.escalate(wb, case_id, current.version, to, **kw)  # type: ignore[arg-type]


def contact(wb: Workbench, case_id: int, next_follow_up: date | None = None) -> None:
    current = cases.get_case(wb, case_id)
    log_contact(wb, case_id, current.version, ContactDraft(
        channel="phone", counterpart="服务商客服 95xxx", summary="客服称三个工作日内回复",
        ticket_no="GD2026112600012", next_follow_up=next_follow_up))


def test_up_the_ladder_with_deadlines_and_events(people: Workbench) -> None:
    wb = people
    case = new_case(wb)
    moved = move(wb, case.id, Stage.PROVIDER)
    assert moved.stage == "provider"
    assert moved.stage_due_on == date(2026, 12, 11)  # 15 calendar days from 11-26 (a Friday)
    with pytest.raises(RuleViolation, match="至少记录一次"):
        move(wb, case.id, Stage.SUPERIOR)
    contact(wb, case.id)
    assert move(wb, case.id, Stage.SUPERIOR).stage == "superior"
    with pytest.raises(RuleViolation, match="登记已受理"):
        move(wb, case.id, Stage.MEDIATION)
    current = cases.get_case(wb, case.id)
    escalation.record_bodies(wb, case.id, current.version, [Body.NONE])
    mediation = move(wb, case.id, Stage.MEDIATION)
    # the association mediating itself: 15 working days from 11-26 (rule by the entry day)
    assert mediation.stage_due_on == date(2026, 12, 17)
    assert mediation.due_estimated is False
    with wb.store.session() as session:
        events = session.execute(select(CaseEvent).where(CaseEvent.case_id == case.id)
                                 .where(CaseEvent.kind == "stage_changed")).scalars().all()
    assert [(e.payload["from"], e.payload["to"]) for e in events] == [
        ("intake", "provider"), ("provider", "superior"), ("superior", "mediation")]
    assert all(e.actor == "alice" for e in events)


def test_skipping_and_moving_down_need_reasons(people: Workbench) -> None:
    wb = people
    case = new_case(wb)
    with pytest.raises(RuleViolation, match="越级"):
        move(wb, case.id, Stage.SUPERIOR)
    move(wb, case.id, Stage.SUPERIOR, reason="服务商已失联")
    with pytest.raises(RuleViolation, match="退回"):
        move(wb, case.id, Stage.PROVIDER)
    assert move(wb, case.id, Stage.PROVIDER, reason="服务商主动联系").stage == "provider"


def test_regulator_refuses_what_a_consumer_association_holds(people: Workbench) -> None:
    wb = people
    case = new_case(wb)
    current = cases.get_case(wb, case.id)
    escalation.record_bodies(wb, case.id, current.version, [Body.CONSUMER_ASSOCIATION])
    with pytest.raises(RuleViolation, match="消费者协会"):
        move(wb, case.id, Stage.NATIONAL, reason="重大案件")
    assert move(wb, case.id, Stage.MEDIATION, reason="消协调解").stage == "mediation"


def test_media_needs_an_approved_request(people: Workbench) -> None:
    wb = people
    case = new_case(wb)
    current = cases.get_case(wb, case.id)
    escalation.record_bodies(wb, case.id, current.version, [Body.NONE])
    move(wb, case.id, Stage.INDUSTRY, reason="涉及跳码, 直接举报")
    with pytest.raises(RuleViolation, match="批准"):
        move(wb, case.id, Stage.MEDIA)
    request = escalation.request_approval(wb, case.id, Stage.MEDIA, "监管无回复, 拟曝光")
    with pytest.raises(RuleViolation, match="负责人"):
        escalation.decide(wb, request.id, True)  # a caseworker cannot approve
    pending = four_eyes.pending_approvals(wb)
    assert [p.ref for p in pending] == [case.ref]
    escalation.decide(as_(wb, "boss"), request.id, True, "同意")
    assert move(wb, case.id, Stage.MEDIA).stage == "media"
    assert four_eyes.pending_approvals(wb) == []


def test_denied_request_does_not_allow(people: Workbench) -> None:
    wb = people
    case = new_case(wb)
    request = escalation.request_approval(wb, case.id, Stage.LEGAL, "起诉")
    escalation.decide(as_(wb, "boss"), request.id, False, "证据不足")
    with pytest.raises(RuleViolation, match="批准"):
        move(wb, case.id, Stage.LEGAL, reason="起诉")


def test_close_needs_outcome_and_amount_then_reopen_by_supervisor(people: Workbench) -> None:
    wb = people
    case = new_case(wb)
    with pytest.raises(RuleViolation, match="结果"):
        move(wb, case.id, Stage.CLOSED)
    with pytest.raises(RuleViolation, match="挽回金额"):
        move(wb, case.id, Stage.CLOSED, outcome=Outcome.RESOLVED)
    closed = move(wb, case.id, Stage.CLOSED, outcome=Outcome.RESOLVED, recovered_fen=12345)
    assert (closed.status, closed.outcome, closed.amount_recovered_fen) == (
        "closed", "resolved", 12345)
    assert closed.due_on is None and closed.closed_at is not None
    with pytest.raises(RuleViolation, match="负责人"):
        move(wb, case.id, Stage.MEDIATION, reason="新证据")
    boss = as_(wb, "boss")
    current = cases.get_case(boss, case.id)
    escalation.record_bodies(boss, case.id, current.version, [Body.NONE])
    reopened = move(boss, case.id, Stage.MEDIATION, reason="新证据")
    assert (reopened.status, reopened.outcome, reopened.closed_at) == ("open", None, None)


def test_undo_restores_the_previous_stage_once(people: Workbench) -> None:
    wb = people
    case = new_case(wb)
    before = cases.get_case(wb, case.id)
    moved = move(wb, case.id, Stage.PROVIDER)
    undone = escalation.undo(wb, case.id, moved.version)
    assert (undone.stage, undone.stage_due_on, undone.due_on) == (
        "intake", before.stage_due_on, before.due_on)
    with pytest.raises(RuleViolation, match="没有可撤销"):
        escalation.undo(wb, case.id, undone.version)
    with wb.store.session() as session:
        kinds = [e.kind for e in session.execute(
            select(CaseEvent).where(CaseEvent.case_id == case.id)
            .order_by(CaseEvent.seq)).scalars()]
    assert kinds[-2:] == ["stage_changed", "stage_change_undone"]


def test_undo_of_a_close_reopens_and_is_for_supervisors(people: Workbench) -> None:
    wb = people
    case = new_case(wb)
    contact(wb, case.id, next_follow_up=date(2026, 12, 20))
    closed = move(wb, case.id, Stage.CLOSED, outcome=Outcome.WITHDRAWN)
    with pytest.raises(RuleViolation, match="负责人"):
        escalation.undo(wb, case.id, closed.version)
    undone = escalation.undo(as_(wb, "boss"), case.id, closed.version)
    assert (undone.stage, undone.status, undone.outcome) == ("intake", "open", None)
    assert undone.follow_up_on == date(2026, 12, 20)  # the follow-up date comes back too


def test_undo_cannot_return_to_a_regulator_once_a_court_holds_it(people: Workbench) -> None:
    wb = people
    case = new_case(wb)
    current = cases.get_case(wb, case.id)
    escalation.record_bodies(wb, case.id, current.version, [Body.NONE])
    move(wb, case.id, Stage.NATIONAL, reason="重大案件")
    moved = move(wb, case.id, Stage.MEDIATION, reason="转调解")
    escalation.record_bodies(wb, case.id, moved.version, [Body.COURT])
    current = cases.get_case(wb, case.id)
    with pytest.raises(RuleViolation, match="人民法院"):
        escalation.undo(wb, case.id, current.version)


def test_stale_escalation_is_a_conflict(people: Workbench) -> None:
    wb = people
    case = new_case(wb)
    move(wb, case.id, Stage.PROVIDER)
    with pytest.raises(ConflictError, match="alice"):
        escalation.escalate(wb, case.id, case.version, Stage.PROVIDER)


def test_pause_resume_and_extend(people: Workbench) -> None:
    wb = people
    case = new_case(wb)
    moved = move(wb, case.id, Stage.PROVIDER)
    due = moved.stage_due_on
    assert due is not None
    paused = escalation.pause_clock(wb, case.id, moved.version, "送检鉴定")
    with pytest.raises(RuleViolation, match="已暂停"):
        escalation.pause_clock(wb, case.id, paused.version, "again")
    later = Workbench(store=wb.store, actor="alice", rules=wb.rules,
                      clock=FrozenClock.on(date(2026, 12, 3)))
    resumed = escalation.resume_clock(later, case.id, paused.version)
    assert resumed.stage_due_on is not None and (resumed.stage_due_on - due).days >= 7
    extended = escalation.extend(wb, case.id, resumed.version, 20, "机构书面通知延期")
    assert extended.extra_days == 27
    with pytest.raises(RuleViolation, match="上限"):
        escalation.extend(wb, case.id, extended.version, 30, "再延期")


def test_follow_up_date_moves_the_queue_due(people: Workbench) -> None:
    wb = people
    case = new_case(wb)
    moved = move(wb, case.id, Stage.PROVIDER)
    contact(wb, case.id, next_follow_up=date(2026, 11, 30))
    current = cases.get_case(wb, case.id)
    assert current.due_on == date(2026, 11, 30) and current.stage_due_on == moved.stage_due_on


def test_options_list_requirements_and_deadlines(people: Workbench) -> None:
    wb = people
    case = new_case(wb)
    move(wb, case.id, Stage.PROVIDER)
    options = {o.stage: o for o in escalation.options(wb, case.id)}
    assert Stage.PROVIDER not in options
    superior = options[Stage.SUPERIOR]
    assert not superior.allowed_now
    assert any("联系" in r.text for r in superior.requirements if not r.met)
    assert superior.due is not None
    assert any(r.code == "approval" for r in options[Stage.MEDIA].requirements)


def test_remind_lists_overdue_and_due_soon_by_assignee(people: Workbench) -> None:
    wb = people
    case = new_case(wb)
    cases.assign_case(wb, case.id, case.version, "alice")
    soon = escalation.remind(wb, days=10)
    assert [(r.assignee, r.ref) for r in soon] == [("alice", case.ref)]
    later = Workbench(store=wb.store, actor="alice", rules=wb.rules,
                      clock=FrozenClock.on(date(2026, 12, 31)))
    overdue = escalation.remind(later, days=0)
    assert overdue and overdue[0].overdue
    assert escalation.remind(wb, days=0) == []



def test_the_industry_body_chooses_the_deadline_rule(people: Workbench) -> None:
    from workbench.domain.vocabulary import IndustryBody

    wb = people
    case = new_case(wb)
    move(wb, case.id, Stage.PROVIDER)
    contact(wb, case.id)
    current = cases.get_case(wb, case.id)
    escalation.record_bodies(wb, case.id, current.version, [Body.NONE])
    current = cases.get_case(wb, case.id)
    with pytest.raises(RuleViolation, match="行业监管"):
        escalation.escalate(wb, case.id, current.version, Stage.SUPERIOR,
                            body=IndustryBody.PCAC)
    moved = escalation.escalate(wb, case.id, current.version, Stage.INDUSTRY,
                                reason="跳码，向支付清算协会举报", body=IndustryBody.PCAC)
    assert moved.industry_body == "pcac"
    # 30 working days from 2026-11-26 (中国支付清算协会), not the general 15 calendar days
    from workbench.domain.calendar import WorkCalendar

    assert moved.stage_due_on is not None
    assert WorkCalendar().working_days_between(date(2026, 11, 26), moved.stage_due_on) == 30
    undone = escalation.undo(wb, case.id, moved.version)
    assert undone.stage == "provider" and undone.industry_body == ""
