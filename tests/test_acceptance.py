"""The acceptance decision (受理 / 补正 / 不予受理) on SQLite and PostgreSQL: every ground
allowed or refused by the facts on record, the stage moves, the events and the queue."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from docx import Document
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.conftest import TODAY
from tests.factories import new_case
from workbench.domain.clock import FrozenClock
from workbench.domain.ladder import Body, Stage
from workbench.domain.law import load_register
from workbench.domain.law.grounds import load_grounds
from workbench.domain.vocabulary import Decision, EventKind
from workbench.errors import ConflictError, RuleViolation
from workbench.services import acceptance, cases, escalation, queue
from workbench.services.context import Workbench
from workbench.store.models import Case, CaseEvent, Complainant, Provider


def version(wb: Workbench, case_id: int) -> int:
    return cases.get_case(wb, case_id).version


def last_event(wb: Workbench, case_id: int) -> CaseEvent:
    with wb.store.session() as session:
        return session.execute(select(CaseEvent).where(CaseEvent.case_id == case_id)  # type: ignore[arg-type]
                               .order_by(CaseEvent.seq.desc()).limit(1)  # type: ignore[attr-defined]
                               ).scalar_one()


@dataclass(frozen=True)
class Facts:
    held_by: tuple[Body, ...] = ()
    harm_known_on: date | None = None
    provider_claim_on: date | None = None  # a logged claim to the provider (民法典 art. 195)
    unnamed_provider: bool = False  # the provider has neither a credit code nor an address
    mediated_before: bool = False  # an earlier case of the same dispute ended its mediation
    business: bool = False  # recorded as a merchant's business dispute (经营活动)


def prepare(wb: Workbench, facts: Facts) -> int:
    case = new_case(wb)
    assert case.id is not None
    if facts.unnamed_provider or facts.mediated_before:
        with wb.store.write() as session:
            row = session.get(Case, case.id)
            assert row is not None
            provider = session.get(Provider, row.provider_id)
            assert provider is not None
            if facts.unnamed_provider:
                provider.address, provider.uscc = "", ""
            if facts.mediated_before:  # the same complainant's earlier case, mediated
                person = session.get(Complainant, row.complainant_id)
                assert person is not None
                earlier = Case(**{k: v for k, v in row.model_dump().items()
                                  if k not in ("id", "ref", "version")},
                               ref="TS-2025-000009")
                earlier.complainant_id = _same_person(session, person)
                earlier.stage, earlier.status, earlier.outcome = "closed", "closed", "resolved"
                earlier.mediation_result = "agreed"
                session.add(earlier)
    if facts.business:
        cases.set_scope(wb, case.id, version(wb, case.id), "business", "商户为经营活动使用POS机")
    if facts.held_by:
        escalation.record_bodies(wb, case.id, version(wb, case.id), facts.held_by)
    if facts.harm_known_on is not None:
        cases.edit_case(wb, case.id, version(wb, case.id),
                        {"harm_known_on": facts.harm_known_on})
    if facts.provider_claim_on is not None:
        from workbench.domain.clock import at_local
        from workbench.services.contacts import ContactDraft, log_contact

        log_contact(wb, case.id, version(wb, case.id), ContactDraft(
            channel="phone", counterpart="服务商客服", summary="要求退还多收的手续费",
            at=at_local(facts.provider_claim_on)))
    return case.id


def _same_person(session: Session, person: Complainant) -> int:
    twin = Complainant(**{k: v for k, v in person.model_dump().items() if k != "id"})
    session.add(twin)
    session.flush()
    assert twin.id is not None
    return twin.id


LONG_AGO = date(2023, 11, 25)  # three years and a day before TODAY
RECENT = date(2024, 1, 10)

# ground, facts on record, allowed?, what the refusal message names
GROUND_TABLE = [
    # a provider named with its address or credit code is a clear respondent
    ("no_respondent", Facts(), False, "已登记被投诉人"),
    ("no_respondent", Facts(unnamed_provider=True), True, ""),
    # the merchant ground fits only a case recorded as a business dispute
    ("not_consumption", Facts(), False, "争议性质为“生活消费”"),
    ("not_consumption", Facts(business=True), True, ""),
    # settled only when the record holds an earlier mediation of the same dispute
    ("settled_no_new_facts", Facts(), False, "没有调解结束的记录"),
    ("settled_no_new_facts", Facts(mediated_before=True), True, ""),
    ("outside_competence", Facts(), True, ""),
    ("already_handled", Facts(), False, "尚无人民法院"),
    ("already_handled", Facts((Body.NONE,)), False, "尚无人民法院"),
    ("already_handled", Facts((Body.FINANCIAL_REGULATOR,)), False, "尚无人民法院"),
    ("already_handled", Facts((Body.COURT,)), True, ""),
    ("already_handled", Facts((Body.ARBITRATION,)), True, ""),
    ("already_handled", Facts((Body.CONSUMER_ASSOCIATION,)), True, ""),
    ("already_handled", Facts((Body.MARKET_REGULATOR,)), True, ""),
    ("limitation_passed", Facts(), False, "没有登记知道权益受损的日期"),
    ("limitation_passed", Facts(harm_known_on=RECENT), False, "才满三年"),
    ("limitation_passed", Facts(harm_known_on=date(2023, 11, 26)), False, "才满三年"),
    ("limitation_passed", Facts(harm_known_on=LONG_AGO), True, ""),
    # a claim to the provider restarted the period: not passed, and the message says why
    ("limitation_passed", Facts(harm_known_on=LONG_AGO, provider_claim_on=date(2025, 6, 1)),
     False, "向服务商提出请求"),
]


@pytest.mark.parametrize(("ground", "facts", "allowed", "message"), GROUND_TABLE)
def test_each_refusal_ground_against_the_facts(wb: Workbench, ground: str, facts: Facts,
                                               allowed: bool, message: str) -> None:
    case_id = prepare(wb, facts)
    option = {o.code: o for o in acceptance.ground_options(wb, case_id)}[ground]
    assert option.allowed is allowed
    if not allowed:
        assert message in option.why_not
        with pytest.raises(RuleViolation, match=message):
            acceptance.refuse(wb, case_id, version(wb, case_id), ground)
        after = cases.get_case(wb, case_id)
        assert (after.stage, after.decision) == ("intake", "pending")  # nothing half-done
        return
    result = acceptance.refuse(wb, case_id, version(wb, case_id), ground, note="经审查",
                               reason="该事项系涉嫌诈骗的行为")
    assert result.decision == Decision.REFUSED and result.decision_label == "不予受理"
    case = cases.get_case(wb, case_id)
    assert (case.stage, case.status, case.outcome) == ("closed", "closed", "rejected")
    assert (case.decision, case.decision_ground, case.decision_on) == ("refused", ground, TODAY)
    event = last_event(wb, case_id)
    assert event.kind == EventKind.REFUSED
    assert event.payload["ground"] == ground and event.payload["note"] == "经审查"
    register = load_register()
    expected = [e.id for e in load_grounds().refusal_ground(ground).citations(register, TODAY)]
    assert event.payload["cites"] == expected and "cpl.art37.p1.item5" not in expected
    for entry_id in expected:
        assert register.get(entry_id, TODAY).in_force(TODAY)


def test_citations_are_those_in_force_today(wb: Workbench) -> None:
    case_id = prepare(wb, Facts())
    option = {o.code: o for o in acceptance.ground_options(wb, case_id)}["not_consumption"]
    ids = [c.id for c in option.citations]
    assert ids[0] == "cpl.art2"
    assert all(c.text and c.citation.startswith("《") for c in option.citations)
    assert "人民法院" in option.suggest  # the merchant ground suggests the civil route


def test_the_association_refuses_on_its_own_law_only() -> None:
    """Never the market regulator's procedure (121号令, 20号令); of 消法§37 only an item;
    the limitation period is the civil code's."""
    for ground in load_grounds().refusal.values():
        for entry_id in ground.cites:
            assert entry_id.startswith(("cpl.", "cpl_reg.", "cca.")) or (
                ground.code, entry_id) == ("limitation_passed", "civil_code.art188"), entry_id
            assert entry_id != "cpl.art37", ground.code


def test_a_refusal_the_record_rules_out_says_so_in_chinese(wb: Workbench) -> None:
    case_id = prepare(wb, Facts())
    with pytest.raises(RuleViolation) as refused:
        acceptance.refuse(wb, case_id, version(wb, case_id), "no_respondent")
    assert "示例支付有限公司" in refused.value.message
    assert refused.value.hint and not re.search("[A-Za-z]{3}", refused.value.hint)
    with pytest.raises(RuleViolation) as unknown:
        acceptance.refuse(wb, case_id, version(wb, case_id), "because")
    assert not re.search("[A-Za-z]{4}", unknown.value.hint)


def test_unknown_ground_is_refused(wb: Workbench) -> None:
    case_id = prepare(wb, Facts())
    with pytest.raises(RuleViolation, match="没有这个不予受理理由"):
        acceptance.refuse(wb, case_id, version(wb, case_id), "because")


def test_accept_moves_to_the_provider_through_the_ladder(wb: Workbench) -> None:
    case_id = prepare(wb, Facts())
    result = acceptance.accept(wb, case_id, version(wb, case_id), note="材料齐全")
    assert "已决定受理" in result.message and not result.late
    case = cases.get_case(wb, case_id)
    assert (case.stage, case.decision, case.decision_on) == ("provider", "accepted", TODAY)
    assert case.stage_due_on == date(2026, 12, 11)  # the provider rung's 15 days
    with wb.store.session() as session:
        kinds = [e.kind for e in session.execute(
            select(CaseEvent).where(CaseEvent.case_id == case_id)  # type: ignore[arg-type]
            .order_by(CaseEvent.seq)).scalars()]  # type: ignore[arg-type]
    assert kinds[-2:] == [EventKind.STAGE_CHANGED, EventKind.ACCEPTED]
    assert last_event(wb, case_id).payload["due_on"] == "2026-12-11"
    # a second decision is refused; undo puts the case back to intake, decision pending
    with pytest.raises(RuleViolation, match="不在受理登记阶段"):
        acceptance.refuse(wb, case_id, version(wb, case_id), "no_respondent")
    undone = escalation.undo(wb, case_id, version(wb, case_id))
    assert (undone.stage, undone.decision) == ("intake", "pending")


def test_request_material_keeps_intake_and_sets_the_due_date(wb: Workbench) -> None:
    case_id = prepare(wb, Facts())
    by = date(2026, 12, 10)
    result = acceptance.request_material(wb, case_id, version(wb, case_id),
                                         [" 交易流水 ", "合同", "交易流水", ""], by)
    assert "交易流水、合同" in result.message
    case = cases.get_case(wb, case_id)
    assert (case.stage, case.decision) == ("intake", "material_requested")
    assert case.material_items == ["交易流水", "合同"]
    assert case.material_due_on == by and case.due_on == by
    assert last_event(wb, case_id).payload == {"items": ["交易流水", "合同"], "by": "2026-12-10"}
    # material may be asked for again, then the case is accepted
    acceptance.request_material(wb, case_id, version(wb, case_id), ["身份证明"], by)
    assert acceptance.accept(wb, case_id, version(wb, case_id)).decision == "accepted"


@pytest.mark.parametrize(("items", "by", "message"), [
    ([], date(2026, 12, 10), "至少要列出一项"),
    (["  "], date(2026, 12, 10), "至少要列出一项"),
    (["合同"], TODAY, "必须晚于今天"),
    (["合同"], TODAY - timedelta(days=1), "必须晚于今天"),
])
def test_request_material_validates(wb: Workbench, items: list[str], by: date,
                                    message: str) -> None:
    case_id = prepare(wb, Facts())
    with pytest.raises(RuleViolation, match=message):
        acceptance.request_material(wb, case_id, version(wb, case_id), items, by)
    assert cases.get_case(wb, case_id).decision == "pending"


@pytest.mark.parametrize("decide", ["accept", "material", "refuse"])
def test_only_at_intake(wb: Workbench, decide: str) -> None:
    case_id = prepare(wb, Facts())
    escalation.escalate(wb, case_id, version(wb, case_id), Stage.PROVIDER)
    v = version(wb, case_id)
    with pytest.raises(RuleViolation, match="不在受理登记阶段"):
        if decide == "accept":
            acceptance.accept(wb, case_id, v)
        elif decide == "material":
            acceptance.request_material(wb, case_id, v, ["合同"], date(2026, 12, 10))
        else:
            acceptance.refuse(wb, case_id, v, "no_respondent")


def test_a_stale_version_is_a_conflict(wb: Workbench) -> None:
    case_id = prepare(wb, Facts())
    stale = version(wb, case_id)
    acceptance.request_material(wb, case_id, stale, ["合同"], date(2026, 12, 10))
    with pytest.raises(ConflictError):
        acceptance.accept(wb, case_id, stale)


def test_a_late_decision_is_allowed_and_noted(wb: Workbench) -> None:
    case_id = prepare(wb, Facts())
    due = cases.get_case(wb, case_id).stage_due_on
    assert due is not None
    later = Workbench(store=wb.store, actor=wb.actor, rules=wb.rules,
                      clock=FrozenClock.on(due + timedelta(days=3)))
    result = acceptance.accept(later, case_id, version(wb, case_id), note="补充核实")
    assert result.late and "超过受理期限" in result.message
    note = last_event(wb, case_id).payload["note"]
    assert note.startswith("补充核实；超过受理期限") and f"{due.month}月{due.day}日" in note


def test_the_queue_filters_by_decision(wb: Workbench) -> None:
    pending = prepare(wb, Facts())
    accepted = prepare(wb, Facts())
    refused = prepare(wb, Facts(business=True))
    asked = prepare(wb, Facts())
    acceptance.accept(wb, accepted, version(wb, accepted))
    acceptance.refuse(wb, refused, version(wb, refused), "not_consumption")
    acceptance.request_material(wb, asked, version(wb, asked), ["合同"], date(2026, 12, 10))

    def ids(text: str) -> set[int]:
        return set(queue.ids(wb, queue.parse(wb, text), queue.scope(wb)))

    assert ids("decision:pending") == {pending}
    assert ids("decision:accepted|refused") == {accepted, refused}
    assert ids("受理决定:待补正") == {asked}
    assert ids("-decision:pending") == {accepted, refused, asked}
    view = [v for v in queue.BUILTIN_VIEWS if v.name.startswith("待受理")]
    assert view and queue.BUILTIN_VIEWS[-1] is view[0]
    assert ids(view[0].filter) == {pending}


# --- one acceptance policy (acceptance.toml; review round 3 NEW-4) ----------------------

def _with_association_rule(wb: Workbench) -> Workbench:
    """The demo association's register: its 章程 takes merchants' disputes up (as an admin
    adds their association's own rule with law_register_file)."""
    from workbench.services.law import demo_law_path

    wb.law = load_register(demo_law_path())
    return wb


def test_the_policy_names_a_basis_for_each_scope() -> None:
    from workbench.domain.law.acceptance import load_policy
    from workbench.domain.vocabulary import DisputeScope

    policy = load_policy()
    consumer, business = policy.of(DisputeScope.CONSUMER), policy.of(DisputeScope.BUSINESS)
    assert consumer.cites == ("cpl.art37.p1.item5",) and not consumer.own_rule
    # a merchant's business dispute: never on the consumer law, only on the association's
    # own rule, which the shipped register does not hold
    assert business.own_rule and not [i for i in business.cites if i.startswith("cpl")]
    assert business.refuse == "not_consumption"
    assert business.entries(load_register(), TODAY) == []
    assert "符合受理条件" not in business.accepted and "符合受理条件" in consumer.accepted


def test_a_business_dispute_without_the_associations_rule_is_refused_not_accepted(
        wb: Workbench) -> None:
    case_id = prepare(wb, Facts(business=True))
    with pytest.raises(RuleViolation, match="没有受理这类争议的依据") as refused:
        acceptance.accept(wb, case_id, version(wb, case_id))
    hint = refused.value.hint
    assert "not_consumption" in hint and "assoc.business_disputes" in hint
    assert cases.get_case(wb, case_id).stage == "intake"  # nothing half-done
    option = {o.code: o for o in acceptance.ground_options(wb, case_id)}["not_consumption"]
    assert option.allowed


def test_with_its_own_rule_the_association_accepts_and_never_refuses_as_not_consumption(
        wb: Workbench, tmp_path: Path) -> None:
    from workbench.filings.documents import FilingKind
    from workbench.services import filings

    _with_association_rule(wb)
    case_id = prepare(wb, Facts(business=True))
    option = {o.code: o for o in acceptance.ground_options(wb, case_id)}["not_consumption"]
    assert not option.allowed and "示例市消费者协会章程" in option.why_not
    with pytest.raises(RuleViolation, match="示例市消费者协会章程"):
        acceptance.refuse(wb, case_id, version(wb, case_id), "not_consumption")
    acceptance.accept(wb, case_id, version(wb, case_id))
    exported = filings.export(wb, case_id, FilingKind.ACCEPTANCE_NOTICE, tmp_path)
    text = "\n".join(p.text for p in Document(str(exported.path)).paragraphs)
    assert "依据《示例市消费者协会章程》第八条的规定，本会决定予以受理，以调解方式协助处理" in text
    assert "不属于消费者权益争议" in text and "符合受理条件" not in text
    assert "消费者权益保护法" not in text


def test_a_consumers_acceptance_gives_the_consumer_law_as_its_basis(wb: Workbench,
                                                                     tmp_path: Path) -> None:
    from workbench.filings.documents import FilingKind
    from workbench.services import filings

    case_id = prepare(wb, Facts())
    acceptance.accept(wb, case_id, version(wb, case_id))
    exported = filings.export(wb, case_id, FilingKind.ACCEPTANCE_NOTICE, tmp_path)
    text = "\n".join(p.text for p in Document(str(exported.path)).paragraphs)
    assert ("经审查，该投诉符合受理条件。依据《中华人民共和国消费者权益保护法》第三十七条第一款"
            "第（五）项的规定，本会决定予以受理。") in text


def test_outside_competence_states_why_and_where_to_go(wb: Workbench, tmp_path: Path) -> None:
    from workbench.filings.documents import FilingKind
    from workbench.services import filings

    case_id = prepare(wb, Facts())
    option = {o.code: o for o in acceptance.ground_options(wb, case_id)}["outside_competence"]
    assert option.needs_reason
    with pytest.raises(RuleViolation, match="须写明具体理由"):
        acceptance.refuse(wb, case_id, version(wb, case_id), "outside_competence")
    acceptance.refuse(wb, case_id, version(wb, case_id), "outside_competence",
                      reason="投诉事项系被投诉人冒充银行客服收取费用，涉嫌诈骗。")
    stated = last_event(wb, case_id).payload["reason"]
    assert stated == "投诉事项系被投诉人冒充银行客服收取费用，涉嫌诈骗"
    exported = filings.export(wb, case_id, FilingKind.REFUSAL_NOTICE, tmp_path)
    text = "\n".join(p.text for p in Document(str(exported.path)).paragraphs)
    assert ("投诉事项不属于本会受理范围。具体理由：投诉事项系被投诉人冒充银行客服收取费用，"
            "涉嫌诈骗。") in text
    # the remedy: the regulator of the institution named, so the complainant sees why
    assert ("该事项可向示例支付有限公司的监督管理部门中国人民银行北京市分行反映，"
            "或者依法向人民法院起诉。") in text


def test_the_demo_association_has_a_basis_for_every_business_case_it_accepted(
        tmp_path: Path) -> None:
    """The demo's decisions follow the policy: its association registers its 章程."""
    from workbench.demo import fill_demo
    from workbench.services.law import demo_law_path
    from workbench.store.engine import open_store

    store = open_store(f"sqlite:///{tmp_path / 'demo.db'}", lambda *_: "demo-pass", demo=True)
    try:
        wb = Workbench(store=store, actor="demo", clock=FrozenClock.on(TODAY),
                       law=load_register(demo_law_path()))
        fill_demo(wb, cases=40, seed=1)
        with wb.store.session() as session:
            decided = session.execute(select(Case).where(
                Case.decision == Decision.ACCEPTED)).scalars().all()  # type: ignore[arg-type]
            business = [c for c in decided if c.scope == "business"]
            assert business and all(acceptance.acceptance_basis(wb, c, c.decision_on or TODAY)
                                    for c in business)
            refused_as_shops = session.execute(select(Case).where(
                Case.decision_ground == "not_consumption")).scalars().all()  # type: ignore[arg-type]
            assert refused_as_shops == []
    finally:
        store.dispose()
