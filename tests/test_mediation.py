"""Ending a mediation on SQLite and PostgreSQL: agreements close the case, terminations
cite the register, and the next rung follows the ladder's rules."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tests.factories import new_case
from workbench.domain.clock import FrozenClock
from workbench.domain.ladder import Body, Stage
from workbench.domain.law import load_register
from workbench.domain.law.grounds import load_grounds
from workbench.domain.vocabulary import Mediator
from workbench.errors import RuleViolation
from workbench.services import cases, escalation, mediation
from workbench.services.context import Workbench
from workbench.store.models import CaseEvent


@pytest.fixture
def people(wb: Workbench) -> Workbench:
    cases.ensure_caseworker(wb, "alice")
    cases.ensure_caseworker(wb, "boss", role="supervisor")
    return wb


def at(wb: Workbench, day: date, login: str = "alice") -> Workbench:
    return Workbench(store=wb.store, actor=login, rules=wb.rules, clock=FrozenClock.on(day))


def in_mediation(wb: Workbench) -> cases.Case:
    case = new_case(wb)
    escalation.record_bodies(wb, case.id, cases.get_case(wb, case.id).version, [Body.NONE])
    escalation.escalate(wb, case.id, cases.get_case(wb, case.id).version, Stage.MEDIATION,
                        reason="服务商拒绝处理, 申请消协调解")
    return cases.get_case(wb, case.id)


def kinds(wb: Workbench, case_id: int) -> list[CaseEvent]:
    with wb.store.session() as session:
        return list(session.execute(select(CaseEvent).where(CaseEvent.case_id == case_id)
                                    .order_by(CaseEvent.seq)).scalars())


def test_entering_mediation_records_the_association_as_mediator(people: Workbench) -> None:
    case = in_mediation(people)
    assert case.mediator == "association" and case.mediation_result == ""
    end = mediation.set_mediator(people, case.id, case.version, Mediator.DELEGATED)
    assert cases.get_case(people, case.id).mediator == "delegated"
    assert end.stage == "mediation"
    with pytest.raises(RuleViolation, match="调解方式"):
        mediation.set_mediator(people, case.id, end.version, "nobody")


@pytest.mark.parametrize(("recovered", "punitive", "outcome"), [
    (12345, 0, "resolved"),            # all of the amount claimed
    (20000, 5000, "resolved"),         # more than claimed, with 加倍赔偿
    (5000, 0, "partially_resolved"),   # less than claimed
    (0, 0, "partially_resolved"),
])
def test_agreement_closes_with_outcome_and_amounts(people: Workbench, recovered: int,
                                                   punitive: int, outcome: str) -> None:
    case = in_mediation(people)
    assert case.amount_claimed_fen == 12345
    end = mediation.record_agreement(people, case.id, case.version, "被投诉人退还多收手续费",
                                     recovered, punitive, perform_by=date(2026, 12, 10))
    closed = cases.get_case(people, case.id)
    assert (closed.stage, closed.status, closed.outcome) == ("closed", "closed", outcome)
    assert (closed.amount_recovered_fen, closed.punitive_fen) == (recovered, punitive)
    assert closed.mediation_result == "agreed" and closed.perform_by == date(2026, 12, 10)
    assert closed.mediation_terms == "被投诉人退还多收手续费"
    assert end.result_label == "达成调解协议" and end.stage_label == "结案"
    events = kinds(people, case.id)
    assert [e.kind for e in events[-2:]] == ["mediation_agreed", "stage_changed"]
    assert events[-2].payload["punitive_fen"] == punitive
    assert events[-1].payload["outcome"] == outcome


@pytest.mark.parametrize(("terms", "recovered", "punitive", "message"), [
    ("  ", 100, 0, "不能为空"),
    ("退款", -1, 0, "负数"),
    ("退款", 100, -5, "负数"),
    ("退款", 100, 200, "加倍赔偿金额不能超过"),
])
def test_agreement_refuses_bad_input_and_writes_nothing(people: Workbench, terms: str,
                                                        recovered: int, punitive: int,
                                                        message: str) -> None:
    case = in_mediation(people)
    before = len(kinds(people, case.id))
    with pytest.raises(RuleViolation, match=message):
        mediation.record_agreement(people, case.id, case.version, terms, recovered, punitive)
    assert len(kinds(people, case.id)) == before
    assert cases.get_case(people, case.id).stage == "mediation"


def test_agreement_and_termination_only_at_mediation(people: Workbench) -> None:
    case = new_case(people)
    with pytest.raises(RuleViolation, match="不在「消协调解」阶段"):
        mediation.record_agreement(people, case.id, case.version, "退款", 100)
    with pytest.raises(RuleViolation, match="不在「消协调解」阶段"):
        mediation.terminate(people, case.id, case.version, "no_agreement")


# every ground: (code, days after the deadline (None: today), allowed, extra check)
GROUNDS = [
    ("withdrawn", None, True),
    ("respondent_refuses", None, True),
    ("no_agreement", None, True),
    ("testing_disagreement", None, True),
    ("court_or_arbitration", None, True),
    ("time_limit", None, False),   # the deadline has not passed
    ("time_limit", 0, False),      # the deadline day itself still counts
    ("time_limit", 1, True),
]


def test_the_table_covers_every_termination_ground() -> None:
    assert {g[0] for g in GROUNDS} == set(load_grounds().termination)


@pytest.mark.parametrize(("code", "after_due", "allowed"), GROUNDS)
def test_every_termination_ground(people: Workbench, code: str, after_due: int | None,
                                  allowed: bool) -> None:
    case = in_mediation(people)
    wb = people
    if after_due is not None:
        assert case.stage_due_on is not None
        wb = at(people, case.stage_due_on + timedelta(days=after_due))
    choice = {c.code: c for c in mediation.termination_choices(wb, case.id)}[code]
    assert choice.allowed is allowed
    if not allowed:
        with pytest.raises(RuleViolation, match="不能以「调解期限届满"):
            mediation.terminate(wb, case.id, case.version, code)
        assert cases.get_case(wb, case.id).mediation_result == ""
        return
    end = mediation.terminate(wb, case.id, case.version, code, note="双方分歧较大")
    after = cases.get_case(wb, case.id)
    assert (after.stage, after.mediation_result, after.termination_ground) == (
        "mediation", "terminated", code)
    today = wb.today()
    with wb.store.session() as session:
        assert end.notify_by == wb.calendar(session).add_working_days(today, 7).day
    event = kinds(wb, case.id)[-1]
    assert event.kind == "mediation_terminated"
    register = load_register()
    in_force = [i for i in load_grounds().termination_ground(code).cites
                if register.get(i, today).in_force(today)]
    assert event.payload["cites"] == in_force == [c.id for c in end.citations]
    assert event.payload["notify_by"] == end.notify_by.isoformat()  # type: ignore[union-attr]
    assert end.ground_label == load_grounds().termination_ground(code).label
    if code == "court_or_arbitration":
        assert after.held_by == ["court"]
    steps = [s.stage for s in end.next_steps]
    if code == "withdrawn":
        assert Stage.CLOSED in steps and Stage.LEGAL not in steps
    else:
        assert Stage.LEGAL in steps
        assert any(s.offers_support for s in end.next_steps)
        assert (Stage.INDUSTRY in steps) is (code != "court_or_arbitration")


def test_a_terminated_mediation_cannot_end_twice(people: Workbench) -> None:
    case = in_mediation(people)
    end = mediation.terminate(people, case.id, case.version, "no_agreement")
    with pytest.raises(RuleViolation, match="已终止"):
        mediation.record_agreement(people, case.id, end.version, "退款", 100)
    with pytest.raises(RuleViolation, match="没有这个终止调解理由"):
        mediation.terminate(people, case.id, end.version, "bored")


def test_arbitration_is_recorded_as_the_body(people: Workbench) -> None:
    case = in_mediation(people)
    mediation.terminate(people, case.id, case.version, "court_or_arbitration",
                        body=Body.ARBITRATION)
    assert cases.get_case(people, case.id).held_by == ["arbitration"]


def test_termination_then_industry_moves_on(people: Workbench) -> None:
    case = in_mediation(people)
    end = mediation.terminate(people, case.id, case.version, "respondent_refuses",
                              next_stage=Stage.INDUSTRY)
    assert end.stage == "industry" and end.still_needed == ""
    after = cases.get_case(people, case.id)
    assert after.stage == "industry" and after.mediation_result == "terminated"
    assert [e.kind for e in kinds(people, case.id)[-2:]] == ["mediation_terminated",
                                                             "stage_changed"]


def test_legal_without_approval_stays_at_mediation_and_says_what_is_needed(
        people: Workbench) -> None:
    case = in_mediation(people)
    end = mediation.terminate(people, case.id, case.version, "no_agreement",
                              next_stage=Stage.LEGAL)
    assert end.stage == "mediation" and end.result == "terminated"
    assert "负责人批准" in end.still_needed
    # approved: the caseworker moves it on with the ladder as usual
    request = escalation.request_approval(people, case.id, Stage.LEGAL, "支持起诉")
    escalation.decide(at(people, people.today(), "boss"), request.id, True)
    moved = escalation.escalate(people, case.id, cases.get_case(people, case.id).version,
                                Stage.LEGAL, reason="终止调解后支持起诉")
    assert moved.stage == "legal"


def test_legal_with_approval_moves_at_once(people: Workbench) -> None:
    case = in_mediation(people)
    request = escalation.request_approval(people, case.id, Stage.LEGAL, "支持起诉")
    escalation.decide(at(people, people.today(), "boss"), request.id, True)
    end = mediation.terminate(people, case.id, cases.get_case(people, case.id).version,
                              "no_agreement", next_stage=Stage.LEGAL)
    assert end.stage == "legal" and end.still_needed == ""


def test_next_stage_must_be_industry_or_legal(people: Workbench) -> None:
    case = in_mediation(people)
    with pytest.raises(RuleViolation, match="不能直接转到"):
        mediation.terminate(people, case.id, case.version, "no_agreement",
                            next_stage=Stage.MEDIA)
