"""Demo data: coverage, consistency, determinism, audit chain and search, on both backends."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text

from tests import factories
from tests.conftest import TODAY, open_test_store
from workbench.demo import CASEWORKERS, DemoSummary, generate_demo
from workbench.domain import validators
from workbench.domain.categories import Category
from workbench.domain.clock import FrozenClock
from workbench.domain.ladder import (
    CLOSING_OUTCOMES,
    STAGE_INFO,
    Body,
    MoveFacts,
    Outcome,
    Priority,
    Role,
    Stage,
    Status,
    refusals,
    rung,
)
from workbench.domain.vocabulary import EventKind
from workbench.errors import RuleViolation
from workbench.filings.endings import payable_fen
from workbench.services import escalation
from workbench.services.cases import assign_case
from workbench.services.contacts import ContactDraft, log_contact
from workbench.services.context import Workbench
from workbench.services.evidence import add_evidence, annotate
from workbench.store import audit, search
from workbench.store.blobs import BlobStore
from workbench.store.engine import Store
from workbench.store.models import (
    Annotation,
    ApprovalRequest,
    Case,
    CaseEvent,
    Caseworker,
    Complainant,
    Contact,
    Evidence,
    Provider,
)

N = 300
SEED = 7


@pytest.fixture
def demo(store: Store) -> DemoSummary:
    calls: list[tuple[int, int]] = []
    summary = generate_demo(store, cases=N, seed=SEED, actor="alice", clock=FrozenClock.on(TODAY),
                            progress=lambda done, total: calls.append((done, total)))
    assert calls and calls[-1] == (N, N)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
    return summary


def _cases(store: Store) -> list[Case]:
    with store.session() as session:
        return list(session.execute(select(Case).order_by(Case.id)).scalars())


def _count(store: Store, model: Any) -> int:
    with store.session() as session:
        return int(session.execute(select(func.count()).select_from(model)).scalar_one())


def _snapshot(store: Store) -> list[tuple[Any, ...]]:
    """Everything deterministic about a generated database, row by row."""
    with store.session() as session:
        cases = [(c.ref, c.title, c.stage, c.status, c.outcome, c.priority, c.narrative,
                  c.demands, c.opened_at, c.due_on, c.amount_claimed_fen)
                 for c in session.execute(select(Case).order_by(Case.id)).scalars()]
        people = [(p.name, p.phone, p.id_number, p.bank_card)
                  for p in session.execute(select(Complainant).order_by(Complainant.id)).scalars()]
        chain = [(e.seq, e.kind, e.at, e.payload, e.hash)
                 for e in session.execute(select(CaseEvent).order_by(CaseEvent.seq)).scalars()]
    return [*cases, *people, *chain]


def test_summary_matches_the_rows(store: Store, demo: DemoSummary) -> None:
    assert demo.cases == N == _count(store, Case)
    assert demo.complainants == _count(store, Complainant) < N  # some complain twice
    assert demo.providers == _count(store, Provider) >= 80
    assert demo.caseworkers == _count(store, Caseworker) == len(CASEWORKERS) + 1  # + alice
    assert demo.evidence == _count(store, Evidence) > 0
    assert demo.annotations == _count(store, Annotation) > 0
    assert demo.contacts == _count(store, Contact) > 0
    assert demo.events == _count(store, CaseEvent) > 4 * N
    assert demo.search_rows == N
    assert demo.seconds > 0


def test_every_category_stage_outcome_priority_and_assignee_appears(
        store: Store, demo: DemoSummary) -> None:
    cases = _cases(store)
    with store.session() as session:
        workers = {w.id: w for w in session.execute(select(Caseworker)).scalars()}
    assert {c.primary_category for c in cases} == {c.value for c in Category}
    assert {c.stage for c in cases} == {s.value for s in Stage}
    assert {c.outcome for c in cases if c.outcome} == {o.value for o in CLOSING_OUTCOMES}
    assert {c.priority for c in cases} == {p.value for p in Priority}
    assignable = {w.id for w in workers.values() if w.role != Role.ADMIN}
    assert {c.assignee_id for c in cases if c.assignee_id} == assignable
    unassigned = sum(1 for c in cases if c.assignee_id is None)
    assert 0.03 * N < unassigned < 0.2 * N
    roles = sorted(w.role for w in workers.values())
    assert roles.count("supervisor") == 2 and roles.count("admin") == 1
    # a realistic skew: most cases low on the ladder, about a quarter closed
    by_stage = defaultdict(int)
    for c in cases:
        by_stage[c.stage] += 1
    low = sum(by_stage[s] for s in ("intake", "provider", "superior", "mediation"))
    assert low > by_stage["media"] + by_stage["legal"] + by_stage["national"]
    assert 0.6 * N < by_stage["closed"] < 0.9 * N  # a working queue, not a backlog
    assert any(len(c.categories) > 1 for c in cases)


def test_deadlines_status_and_money_are_consistent(store: Store, demo: DemoSummary) -> None:
    cases = _cases(store)
    open_cases = [c for c in cases if c.stage != Stage.CLOSED]
    overdue = [c for c in open_cases if c.due_on and c.due_on < TODAY]
    not_overdue = [c for c in open_cases if c.due_on and c.due_on >= TODAY]
    assert overdue and len(not_overdue) > 5 * len(overdue)  # a few late, most not
    assert any(c.follow_up_on for c in open_cases)
    for c in open_cases:  # a stage deadline past chinesecalendar's years is an estimate
        if c.stage_due_on is not None and c.stage_due_on.year > 2026:
            assert c.due_estimated
    for c in cases:
        assert c.amount_claimed_fen == sum(d["amount_fen"] for d in c.demands)
        assert all(isinstance(d["amount_fen"], int) for d in c.demands)
        assert c.primary_category == c.categories[0]
        assert c.opened_at <= c.stage_entered_at <= c.updated_at
        assert c.opened_at.date() >= date(2025, 5, 1)
        assert c.harm_known_on is not None and c.harm_known_on <= c.opened_at.date()
        assert re.fullmatch(r"TS-20(25|26)-\d{6}", c.ref)
        if c.stage == Stage.CLOSED:
            assert c.status == Status.CLOSED and c.outcome and c.closed_at
            assert c.due_on is None and c.stage_due_on is None and c.follow_up_on is None
            if c.outcome in (Outcome.RESOLVED, Outcome.PARTIALLY_RESOLVED):
                assert 0 <= c.amount_recovered_fen <= c.amount_claimed_fen
            else:
                assert c.amount_recovered_fen == 0
        else:
            assert c.status in (Status.OPEN, Status.WAITING) and c.outcome is None
            assert c.closed_at is None and c.stage_due_on is not None
            assert c.stage_due_on > c.stage_entered_at.date()
            candidates = [d for d in (c.stage_due_on, c.follow_up_on) if d]
            assert c.due_on == min(candidates)
    recovered = [c for c in cases if c.outcome == Outcome.RESOLVED and c.amount_claimed_fen]
    # the money asked: a waived charge (免除违约金) is no 挽回 (review round 6 T1)
    assert recovered and all(c.amount_recovered_fen == payable_fen(
        (d["text"], d["amount_fen"]) for d in c.demands) for c in recovered)
    assert any(c.amount_recovered_fen < c.amount_claimed_fen for c in recovered)


def test_history_is_a_valid_chain_in_time_order(store: Store, demo: DemoSummary) -> None:
    with store.session() as session:
        assert list(audit.verify(session)) == []
        events = list(session.execute(select(CaseEvent).order_by(CaseEvent.seq)).scalars())
        contacts = list(session.execute(select(Contact)).scalars())
    cases = {c.id: c for c in _cases(store)}
    per_case: dict[int, list[CaseEvent]] = defaultdict(list)
    for event in events:
        if event.case_id is not None:
            per_case[event.case_id].append(event)
    assert set(per_case) == set(cases)
    provider_contacts: dict[int, list[Any]] = defaultdict(list)
    for contact in contacts:
        if contact.counterpart_stage == Stage.PROVIDER:
            provider_contacts[contact.case_id].append(contact.at)
    kinds = {e.kind for e in events}
    # the demo writes only kinds the services write (closing is a stage change to closed)
    assert {"created", "assigned", "stage_changed", "contact_logged", "evidence_added",
            "annotated", "bodies_recorded", "approval_requested", "approval_decided",
            "caseworker_added", "provider_added"} <= kinds <= {k.value for k in EventKind}
    for case_id, history in per_case.items():
        case = cases[case_id]
        assert history[0].kind == "created" and history[0].payload["ref"] == case.ref
        assert history[0].at == case.opened_at
        times = [e.at for e in history]
        assert times == sorted(times)
        assert history[-1].at == case.updated_at and history[-1].actor == case.updated_by
        stage = Stage.INTAKE
        for event in history:
            if event.kind == "stage_changed":
                assert event.payload["from"] == stage
                new = Stage(event.payload["to"])
                if new is not Stage.CLOSED and rung(new) - rung(stage) > 1:
                    assert event.payload["reason"]  # skipping rungs needs a reason
                if stage == Stage.PROVIDER:  # the provider was contacted before leaving
                    assert any(at < event.at for at in provider_contacts[case_id])
                stage = new
        assert stage == case.stage
        if case.stage == Stage.CLOSED:
            assert history[-1].kind == "stage_changed" and history[-1].payload["to"] == "closed"
            assert history[-1].payload["outcome"] == case.outcome


def test_same_seed_same_data_other_seed_other_data(store: Store, demo: DemoSummary,
                                                    tmp_path: Path) -> None:
    mine = _snapshot(store)
    refs = [(c.ref, c.title, c.stage) for c in _cases(store)]
    phones = text("SELECT phone FROM complainant ORDER BY id")
    with store.session() as session:
        raw_mine = session.execute(phones).scalars().all()
    # open_store installs the data key process-wide (crypto.install), so each store is
    # read right after it was opened.
    again = open_test_store(f"sqlite:///{tmp_path / 'again.db'}")
    try:
        generate_demo(again, cases=N, seed=SEED, actor="alice", clock=FrozenClock.on(TODAY))
        # identical across runs and across backends, down to the audit hashes
        assert _snapshot(again) == mine
        assert [(c.ref, c.title, c.stage) for c in _cases(again)] == refs
        with again.session() as session:
            raw_again = session.execute(phones).scalars().all()
    finally:
        again.dispose()
    # only the encrypted columns differ (random AES-GCM nonces)
    assert all(value.startswith("v1:") for value in raw_mine)
    assert raw_mine != raw_again
    other = open_test_store(f"sqlite:///{tmp_path / 'other.db'}")
    try:
        generate_demo(other, cases=N, seed=SEED + 1, actor="alice", clock=FrozenClock.on(TODAY))
        assert [(c.ref, c.title, c.stage) for c in _cases(other)] != refs
    finally:
        other.dispose()
        open_test_store(store.url).dispose()  # put this store's key back


def test_refuses_a_database_that_has_cases(store: Store, demo: DemoSummary) -> None:
    with pytest.raises(RuleViolation):
        generate_demo(store, cases=10, seed=1, clock=FrozenClock.on(TODAY))
    assert _count(store, Case) == N
    assert _count(store, CaseEvent) == demo.events


def test_identifiers_are_valid_and_companies_fictional(store: Store, demo: DemoSummary) -> None:
    with store.session() as session:
        people = list(session.execute(select(Complainant)).scalars())
        providers = list(session.execute(select(Provider)).scalars())
    assert {p.kind for p in people} == {"consumer", "merchant"}
    for person in people:
        assert validators.mobile(person.phone) == person.phone
        assert validators.resident_id(person.id_number, today=TODAY) == person.id_number
        if person.bank_card:
            assert validators.bank_card(person.bank_card) == person.bank_card
        if person.kind == "merchant":
            assert re.fullmatch(r"\d{15}", person.merchant_no) and person.merchant_name
    assert any(p.bank_card for p in people) and any(not p.bank_card for p in people)
    kinds = defaultdict(list)
    for provider in providers:
        kinds[provider.kind].append(provider)
        assert validators.uscc(provider.uscc) == provider.uscc
        assert provider.hotline and provider.address
        assert re.search("示例|虚构|演示|样例|模拟|某某", provider.name)
    assert len({p.uscc for p in providers}) == len(providers)
    assert len(kinds["acquiring_bank"]) >= 5 and len(kinds["payment_institution"]) >= 15
    assert len(kinds["agent"]) >= 50
    by_id = {p.id: p for p in providers}
    assert all(by_id[p.superior_id].kind == "acquiring_bank"
               for p in kinds["payment_institution"] if p.superior_id)
    assert all(by_id[p.superior_id].kind == "payment_institution"
               for p in kinds["agent"] if p.superior_id)
    assert max(len(p.name) for p in providers) >= 20  # long names exercise truncation


def test_text_search_finds_a_case_by_three_characters_of_its_narrative(
        store: Store, demo: DemoSummary) -> None:
    cases = _cases(store)
    for case in (cases[0], cases[len(cases) // 2], cases[-1]):
        # a 3-character run of Chinese characters from the middle of the narrative
        runs = re.findall(r"[\u4e00-\u9fff]{3}", case.narrative[len(case.narrative) // 2:])
        assert runs
        query = runs[0]
        condition = search.text_filter(store.dialect, query)
        assert condition is not None
        with store.session() as session:
            found = set(session.execute(select(Case.id).where(condition)).scalars())
        assert case.id in found
    # the complainant's name and the ref are searchable too
    with store.session() as session:
        person = session.get(Complainant, cases[5].complainant_id)
        assert person is not None
        for query in (person.name, cases[5].ref):
            condition = search.text_filter(store.dialect, query)
            assert condition is not None
            found = set(session.execute(select(Case.id).where(condition)).scalars())
            assert cases[5].id in found


def test_the_services_keep_working_after_the_demo(store: Store, demo: DemoSummary,
                                                   wb: Workbench) -> None:
    """Ids were given explicitly: PostgreSQL's sequences must have been moved past them."""
    case = factories.new_case(wb)
    assert case.id is not None and case.id > N
    assert case.ref.startswith(f"TS-{TODAY.year}-")
    last_demo_ref = max(c.ref for c in _cases(store) if c.ref.startswith(f"TS-{TODAY.year}-")
                        and c.id != case.id)
    assert int(case.ref[-6:]) == int(last_demo_ref[-6:]) + 1
    with store.session() as session:
        assert list(audit.verify(session)) == []


def test_zero_cases_and_the_default_actor(store: Store) -> None:
    summary = generate_demo(store, cases=0, seed=1, clock=FrozenClock.on(TODAY))
    assert summary.cases == 0 and summary.providers > 0
    with store.session() as session:
        logins = set(session.execute(select(Caseworker.login)).scalars())
        assert list(audit.verify(session)) == []
    assert {login for login, _, _ in CASEWORKERS} | {"demo"} == logins


def _histories(store: Store) -> tuple[dict[int, Case], dict[int, list[CaseEvent]], dict[str, Role]]:
    with store.session() as session:
        events = list(session.execute(select(CaseEvent).order_by(CaseEvent.seq)).scalars())
        roles = {login: Role(role) for login, role in session.execute(
            select(Caseworker.login, Caseworker.role))}
    per_case: dict[int, list[CaseEvent]] = defaultdict(list)
    for event in events:
        if event.case_id is not None:
            per_case[event.case_id].append(event)
    return {c.id: c for c in _cases(store) if c.id is not None}, per_case, roles


def test_every_move_passes_the_ladder_rules_when_replayed(store: Store,
                                                           demo: DemoSummary) -> None:
    """Replay each case's history: at every stage change, the facts the history has
    established so far satisfy `domain.ladder` (the rules the services enforce)."""
    cases, per_case, roles = _histories(store)
    problems: list[str] = []
    moves: Counter[tuple[str, str]] = Counter()
    for case_id, history in per_case.items():
        case = cases[case_id]
        stage = Stage.INTAKE
        provider_contacts = 0
        recorded, bodies = False, frozenset[Body]()
        approved: Counter[str] = Counter()
        for event in history:
            p = event.payload
            if event.kind == "contact_logged" and p["stage"] == Stage.PROVIDER:
                provider_contacts += 1
            elif event.kind == "bodies_recorded":
                recorded, bodies = True, frozenset(Body(b) for b in p["new"])
            elif event.kind == "approval_decided" and p["approved"]:
                approved[p["to"]] += 1
            elif event.kind == "stage_changed":
                target = Stage(p["to"])
                assert p["from"] == stage
                facts = MoveFacts(
                    current=stage, target=target, reason=p["reason"],
                    provider_contacts=provider_contacts, approved=approved[target] > 0,
                    actor_role=roles.get(event.actor, Role.CASEWORKER),
                    outcome=Outcome(p["outcome"]) if p["outcome"] else None,
                    recovered_fen=p["recovered_fen"], bodies_recorded=recorded,
                    bodies=bodies)
                problems += [f"{case.ref} {stage}→{target}: {r.text}" for r in refusals(facts)]
                if STAGE_INFO[target].needs_approval and approved[target]:
                    approved[target] -= 1  # an approval is used by the move it allowed
                moves[(stage.value, target.value)] += 1
                stage = target
        assert stage == case.stage
        assert case.bodies_recorded == recorded and set(case.held_by) == set(bodies)
    assert problems == []
    # the replay saw the interesting moves, not just a few easy ones
    assert moves[("provider", "superior")] and moves[("superior", "mediation")]
    assert moves[("provider", "mediation")]  # a skip, with its reason
    assert sum(n for (_, to), n in moves.items() if to in ("media", "legal")) > 0
    assert sum(n for (_, to), n in moves.items() if to == "closed") > 0.15 * N


def test_approvals_match_their_events(store: Store, demo: DemoSummary) -> None:
    _cases_by_id, per_case, _roles = _histories(store)
    with store.session() as session:
        requests = list(session.execute(select(ApprovalRequest)).scalars())
    assert {r.status for r in requests} == {"used", "pending", "denied"}
    assert demo.approvals == len(requests)
    for request in requests:
        history = per_case[request.case_id]
        asked = [e for e in history if e.kind == "approval_requested"
                 and e.payload["request"] == request.id]
        decided = [e for e in history if e.kind == "approval_decided"
                   and e.payload["request"] == request.id]
        assert len(asked) == 1 and asked[0].at == request.requested_at
        assert asked[0].actor == request.requested_by
        if request.status == "pending":
            assert decided == [] and not request.decided_by
        else:
            assert len(decided) == 1 and decided[0].actor == request.decided_by
            assert decided[0].payload["approved"] == (request.status == "used")
        if request.status == "used":  # the move into the stage came after the decision
            moved = [e for e in history if e.kind == "stage_changed"
                     and e.payload["to"] == request.to_stage]
            assert moved and decided[0].at < moved[0].at


def test_demo_payloads_have_the_shape_the_services_write(
        store: Store, demo: DemoSummary, wb: Workbench, tmp_path: Path) -> None:
    """Write one case through the services and compare each event kind's payload keys
    (and those of a move's undo snapshot) with the demo's."""
    supervisor = Workbench(store=store, actor="zhao.min", clock=wb.clock)
    case = factories.new_case(wb)
    assert case.id is not None
    case = assign_case(wb, case.id, case.version, "wang.li")

    def move(to: Stage, **kw: Any) -> None:
        nonlocal case
        case = escalation.escalate(wb, case.id, case.version, to, reason="理由", **kw)

    move(Stage.PROVIDER)
    log_contact(wb, case.id, case.version, ContactDraft(
        channel="phone", counterpart="客服", summary="已联系", ticket_no="GD1",
        next_follow_up=TODAY + timedelta(days=3)))
    with store.session() as session:
        case = session.get(Case, case.id)
    move(Stage.SUPERIOR)
    case = escalation.record_bodies(wb, case.id, case.version, [Body.NONE])
    move(Stage.MEDIATION)
    request = escalation.request_approval(wb, case.id, Stage.MEDIA, "申请")
    escalation.decide(supervisor, request.id or 0, True, "同意")
    move(Stage.MEDIA)
    source = tmp_path / "receipt.txt"
    source.write_text("收据", encoding="utf-8")
    blobs = BlobStore(tmp_path / "blobs")
    add_evidence(wb, blobs, case.id, case.version, source, kind="receipt", title="收据")
    with store.session() as session:
        case = session.get(Case, case.id)
    annotate(wb, case.id, case.version, "批注", ["核实"])
    with store.session() as session:
        case = session.get(Case, case.id)
    move(Stage.CLOSED, outcome=Outcome.RESOLVED, recovered_fen=100)

    with store.session() as session:
        events = list(session.execute(select(CaseEvent).order_by(CaseEvent.seq)).scalars())
    def shapes(rows: list[CaseEvent]) -> dict[str, set[frozenset[str]]]:
        found: dict[str, set[frozenset[str]]] = defaultdict(set)
        for e in rows:
            found[e.kind].add(frozenset(e.payload))
            if e.kind == "stage_changed":
                found["stage_changed.prev"].add(frozenset(e.payload["prev"]))
        return found
    service = shapes([e for e in events if e.case_id == case.id])
    generated = shapes([e for e in events if e.case_id is not None and e.case_id <= N])
    for kind, keys in service.items():
        assert generated[kind] == keys, kind


def test_each_caseworkers_queue_is_mostly_due_ahead_and_old_cases_are_closed(
        store: Store, demo: DemoSummary) -> None:
    """`assignee:me status:open` opens on work due soon: per assignee at most 10% of open
    cases overdue, none by more than 30 days; cases opened long ago are mostly closed."""
    cases = _cases(store)
    open_by: dict[int | None, list[Case]] = defaultdict(list)
    for c in cases:
        if c.status != Status.CLOSED:
            open_by[c.assignee_id].append(c)
    assert len(open_by) >= 8  # every caseworker and supervisor, and the unassigned
    for mine in open_by.values():
        due = [c.due_on for c in mine]
        assert all(d is not None for d in due)
        late = [(TODAY - d).days for d in due if d is not None and d < TODAY]
        assert len(late) <= 0.10 * len(mine)
        assert all(days <= 30 for days in late)
        soon = [d for d in due if d is not None and TODAY <= d <= TODAY + timedelta(days=42)]
        assert len(soon) >= 0.6 * len(mine)
    for days, share in ((180, 0.6), (365, 0.8)):
        old = [c for c in cases if c.opened_at.date() < TODAY - timedelta(days=days)]
        assert old and sum(c.status == Status.CLOSED for c in old) >= share * len(old)


def test_a_demo_shop_at_court_has_a_credit_code_drawn_from_nothing() -> None:
    """The court papers print a 个体工商户's 统一社会信用代码 (review round 4, 072): the demo
    derives one from the 商户编号 it already drew (92: a 个体工商户), a person none."""
    from workbench.demo.case_ends import shop_code
    from workbench.demo.names import PersonInfo
    from workbench.services.litigation import _uscc

    shop = shop_code(PersonInfo(1, "张三", "merchant", "张三便利店", "844058121234567", 0))
    assert shop["merchant_uscc"].startswith("92440100")
    assert _uscc(shop["merchant_uscc"]) == shop["merchant_uscc"]  # a valid check character
    assert shop_code(PersonInfo(2, "李四", "consumer", "", "", 0)) == {}
