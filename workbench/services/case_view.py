"""What the case screen shows, read in one session: frozen, masked, labelled."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from workbench.domain import events
from workbench.domain.categories import Category
from workbench.domain.clock import local_day, local_time
from workbench.domain.ladder import Body, Priority, Stage, Status, stage_label
from workbench.domain.limitation import BASIS_IDS as LIMITATION_BASIS
from workbench.domain.limitation import Interruption, LimitationPeriod
from workbench.domain.masking import mask_name
from workbench.domain.scope_words import scope_warning
from workbench.domain.validators import fen_to_yuan
from workbench.domain.vocabulary import (
    ComplainantKind,
    Decision,
    DisputeScope,
    EventKind,
    PersonalField,
)
from workbench.errors import NotFound
from workbench.filings.documents import FilingKind
from workbench.i18n import N_, _
from workbench.services.cases import personal_data
from workbench.services.context import Workbench
from workbench.services.names import display_names, name_of
from workbench.services.views import (
    ContactLine,
    FilingLine,
    TimelineLine,
    contact_line,
    filing_line,
)
from workbench.store.audit import REAL_ACTOR
from workbench.store.models import (
    Case,
    CaseEvent,
    Caseworker,
    Complainant,
    Contact,
    Filing,
    Provider,
)


@dataclass(frozen=True, slots=True)
class PersonalLine:
    """One personal-data field of the complainant, masked."""

    field: str  # PersonalField code: what `reveal_personal_data` takes
    label: str
    value: str  # masked; "" when not recorded


@dataclass(frozen=True, slots=True)
class CaseFacts:
    """The case itself, display-ready, with the ids, version and codes actions need."""

    id: int
    ref: str
    version: int
    title: str
    narrative: str
    terminal_sn: str
    stage: str  # code: the escalation picker and contact dialog start from it
    stage_label: str
    status_label: str
    priority: str  # code: the priority picker
    priority_label: str
    categories: str  # labels, joined
    due: str
    held_by: tuple[str, ...]  # Body codes: ticked in the bodies dialog
    held_by_label: str
    bodies_recorded: bool
    opened_at: str
    amount_claimed: str
    updated: str
    demands: tuple[tuple[str, str], ...]  # (text, amount; "" when no money is claimed)
    scope: str = DisputeScope.CONSUMER.value  # code: the scope dialog starts from it
    scope_label: str = DisputeScope.CONSUMER.label
    scope_reason: str = ""
    scope_warning: str = ""  # a consumer case whose narrative reads as a shop's business
    decision: str = "pending"  # Decision code: the intake screen asks for it first
    decision_label: str = N_("待决定")
    decision_text: str = N_("待决定")  # with the ground, or the material and its date
    mediation_result: str = ""  # "agreed" / "terminated": which end papers it may export
    outcome: str = ""  # Outcome code, and who mediated (None: not recorded): the same
    mediator: str | None = None  # choice of papers as the export's (filings.offered_for)
    assignee: str = ""  # display name ("" unassigned: the view says 未分配)
    due_left: str = ""  # 逾期 N 天 / 今天到期 / 剩 N 个工作日 ("" closed, paused or no date)
    overdue: bool = False
    category_codes: tuple[str, ...] = ()  # Category codes: ticked when correcting them


@dataclass(frozen=True, slots=True)
class ComplainantFacts:
    name: str  # masked
    kind_label: str
    personal: tuple[PersonalLine, ...]
    merchant: str


@dataclass(frozen=True, slots=True)
class CaseView:
    """Everything the case screen shows, read in one session: masked and labelled."""

    case: CaseFacts
    complainant: ComplainantFacts
    provider: str
    events: tuple[TimelineLine, ...]
    limitation_days: int | None  # set only inside the warning window
    contacts: tuple[ContactLine, ...]
    filings: tuple[FilingLine, ...]
    limitation: str = ""  # the period's line: start, end, days left, basis ("" if unknown)
    last_seq: int = 0  # the newest event read: `case_changes` polls for later ones


def _demand_amount(fen: int) -> str:
    """A demand's money, or nothing for a demand that claims none (停止跳码…)."""
    return f"¥{fen_to_yuan(fen)}" if fen else ""


def _due_text(case: Case) -> str:
    due = f"{case.due_on or '—'}{_(' (预估)') if case.due_estimated else ''}"
    if case.paused_since:
        due += _("  计时暂停自 {paused_since}").format(paused_since=case.paused_since)
    return due


def case_facts(case: Case) -> CaseFacts:
    """A case row as the screens show it."""
    assert case.id is not None
    return CaseFacts(
        id=case.id, ref=case.ref, version=case.version, title=case.title,
        narrative=case.narrative, terminal_sn=case.terminal_sn,
        stage=case.stage, stage_label=stage_label(case.stage),
        status_label=Status.label_of(case.status),
        priority=case.priority, priority_label=Priority.label_of(case.priority),
        categories="、".join(Category.label_of(c) for c in case.categories
                            if c in Category._value2member_map_),
        category_codes=tuple(case.categories),
        due=_due_text(case),
        held_by=tuple(case.held_by),
        held_by_label="、".join(Body.label_of(b) for b in case.held_by
                               if b in Body._value2member_map_)
        if case.bodies_recorded else _("未登记"),
        bodies_recorded=case.bodies_recorded,
        opened_at=local_time(case.opened_at),
        amount_claimed=f"¥{fen_to_yuan(case.amount_claimed_fen)}",
        updated=_("{version} · 最后修改 {updated_by} "
                "{updated_at}").format(
                    version=case.version, updated_by=case.updated_by or '—',
                    updated_at=local_time(case.updated_at)),
        demands=tuple((str(d.get("text", "")), _demand_amount(int(d.get("amount_fen", 0))))
                      for d in case.demands),
        scope=case.scope, scope_label=DisputeScope.label_of(case.scope, _("未认定")),
        scope_reason=case.scope_reason,
        scope_warning=scope_warning(case.scope, case.narrative, case.ref),
        decision=case.decision, decision_label=Decision.label_of(case.decision),
        decision_text=_decision_text(case), mediation_result=case.mediation_result,
        outcome=case.outcome or "", mediator=case.mediator,
    )


def _with_people_and_time_left(wb: Workbench, session: Session, case: Case,
                               facts: CaseFacts) -> CaseFacts:
    """`facts` with the assignee's and last editor's names and the time left."""
    from workbench.domain.dates import due_left

    assignee = session.get(Caseworker, case.assignee_id) if case.assignee_id else None
    editor = session.execute(select(col(Caseworker.display_name)).where(
        col(Caseworker.login) == case.updated_by)).scalar_one_or_none() \
        if case.updated_by else None
    left = ""
    if case.due_on is not None and case.status != Status.CLOSED and not case.paused_since:
        left = due_left(case.due_on, wb.today(), wb.calendar(session))
    return replace(
        facts, assignee=assignee.display_name or assignee.login if assignee else _("未分配"),
        due_left=left, overdue=bool(left) and case.due_on is not None and case.due_on < wb.today(),
        updated=_("{version} · 最后修改 {editor} {at}").format(
            version=case.version, editor=editor or case.updated_by or "—",
            at=local_time(case.updated_at)))


def _decision_text(case: Case) -> str:
    """The acceptance decision in one line: 已受理 (2026-11-26), 待补正：合同，期限 …"""
    label = Decision.label_of(case.decision)
    on = f"（{case.decision_on}）" if case.decision_on else ""
    if case.decision == Decision.MATERIAL_REQUESTED:
        return _("{label}：{items}，期限 {material_due_on}{on}").format(
                   label=label, items='、'.join(case.material_items),
                   material_due_on=case.material_due_on, on=on)
    if case.decision == Decision.REFUSED:
        from workbench.domain.law.grounds import load_grounds

        ground = load_grounds().refusal.get(case.decision_ground)
        return f"{label}：{ground.label if ground else _('其他理由')}{on}"
    return f"{label}{on}"


def complainant_facts(person: Complainant) -> ComplainantFacts:
    """A complainant, masked: name, personal data and kind label."""
    return ComplainantFacts(
        name=mask_name(person.name),
        kind_label=ComplainantKind.label_of(person.kind, _("消费者")),
        personal=tuple(PersonalLine(f.value, f.label, personal_data(person, f.value))
                       for f in PersonalField),
        merchant=f"{person.merchant_name} {person.merchant_no}".strip())


def event_logins(rows: Iterable[CaseEvent]) -> set[str]:
    """Everyone `rows` name: their actors, the admins acting for them, whom they assigned."""
    found: set[str] = set()
    for event in rows:
        found |= {event.actor, str(event.payload.get(REAL_ACTOR) or "")}
        found |= events.logins_named(event.kind, event.payload)
    return found


def timeline_line(event: CaseEvent, names: Mapping[str, str] | None = None) -> TimelineLine:
    """`event` for the timeline; ``names`` (login → display name, see `event_logins`) names
    the people in it (the login stays in `login` for the detail)."""
    names = names or {}
    real = str(event.payload.get(REAL_ACTOR) or "")
    return TimelineLine(at=local_time(event.at), actor=name_of(names, event.actor),
                        kind=event.kind, kind_label=EventKind.label_of(event.kind, _("事件")),
                        text=describe_event(event.kind, event.payload, names),
                        reason=str(event.payload.get("reason") or ""), login=event.actor,
                        real_actor=name_of(names, real) if real and real != event.actor else "")


# Contacts with these counterparts are claims made to the obligor (civil_code.art195).
_CLAIM_STAGES = {Stage.PROVIDER.value: "provider_claim", Stage.SUPERIOR.value: "superior_claim"}


def limitation_interruptions(session: Session, case_id: int) -> list[tuple[date, Interruption]]:
    """What interrupted the limitation period: each logged contact with the provider or its
    superior, and each entry into mediation that was not undone (local days)."""
    found: list[tuple[date, Interruption]] = [
        (local_day(at), Interruption(_CLAIM_STAGES[stage])) for at, stage in session.execute(
            select(col(Contact.at), col(Contact.counterpart_stage))
            .where(col(Contact.case_id) == case_id,
                   col(Contact.counterpart_stage).in_(list(_CLAIM_STAGES))))]
    moves = session.execute(
        select(CaseEvent).where(col(CaseEvent.case_id) == case_id, col(CaseEvent.kind).in_(
            [EventKind.STAGE_CHANGED.value, EventKind.STAGE_CHANGE_UNDONE.value]))).scalars()
    entered: dict[int, date] = {}
    undone: set[int] = set()
    for event in moves:
        if event.kind == EventKind.STAGE_CHANGE_UNDONE.value:
            undone.add(int(event.payload.get("undoes") or 0))
        elif event.payload.get("to") == Stage.MEDIATION.value:
            entered[event.seq] = local_day(event.at)
    found += [(day, Interruption.MEDIATION) for seq, day in entered.items()
              if seq not in undone]
    return sorted(found, key=lambda item: item[0])


def limitation_line(period: LimitationPeriod) -> str:
    """诉讼时效：自 2026-03-02（向服务商提出请求）起算，至 2029-03-02 届满，剩余 N 天（…）."""
    from workbench.domain.law import load_register

    register = load_register()
    basis = "、".join(register.get(i).short_citation for i in LIMITATION_BASIS)
    left = period.days_left
    state = (_("已超过 {days} 天").format(days=-left) if left < 0
             else _("剩余 {left} 天").format(left=left))
    cap = _("（二十年最长期间）") if period.capped else ""
    return (_("诉讼时效：自 {start}（{start_label}）起算，"
            "至 {end} 届满{cap}，{state}（{basis}）").format(
                start=period.start.isoformat(), start_label=period.start_label,
                end=period.end.isoformat(), cap=cap, state=state, basis=basis))


def case_view(wb: Workbench, case_id: int, limit: int = 200) -> CaseView:
    """The case screen's read model: the case, its newest `limit` events, contacts and
    filings, personal data masked."""
    from workbench.domain.deadlines import limitation_warning
    from workbench.domain.limitation import limitation_period

    with wb.store.session() as session:
        case = session.get(Case, case_id)
        if case is None:
            raise NotFound(_("案件 #{case_id} 不存在。").format(
                               case_id=case_id), _("请刷新案件列表。"))
        complainant = session.get(Complainant, case.complainant_id)
        provider = session.get(Provider, case.provider_id)
        assert complainant is not None and provider is not None
        rows = session.execute(
            select(CaseEvent).where(col(CaseEvent.case_id) == case_id)
            .order_by(col(CaseEvent.seq).desc()).limit(limit)).scalars().all()
        filing_rows = session.execute(
            select(Filing).where(col(Filing.case_id) == case_id)
            .order_by(col(Filing.id).desc())).scalars().all()
        names = display_names(session, event_logins(rows) | {f.created_by for f in filing_rows})
        events = tuple(timeline_line(e, names) for e in rows)
        last_seq = rows[0].seq if rows else 0
        contacts = tuple(contact_line(c) for c in session.execute(
            select(Contact).where(col(Contact.case_id) == case_id)
            .order_by(col(Contact.at).desc())).scalars())
        filings = tuple(filing_line(f, names) for f in filing_rows)
        facts = _with_people_and_time_left(wb, session, case, case_facts(case))
        person = complainant_facts(complainant)
        interruptions = limitation_interruptions(session, case_id)
    warning, line = None, ""
    if case.harm_known_on is not None and case.status != "closed":
        period = limitation_period(case.harm_known_on, interruptions, wb.today(),
                                   years=wb.rules.limitation_years)
        warning = limitation_warning(case.harm_known_on, wb.today(), wb.rules, interruptions)
        line = limitation_line(period)
    return CaseView(facts, person, provider.name, events, warning, contacts, filings, line,
                    last_seq)


def describe_event(kind: str, payload: dict[str, Any],
                   names: Mapping[str, str] | None = None) -> str:
    """One line for the timeline, in Chinese (see `domain.events.describe`); ``names``
    (login → display name) names the people it mentions."""
    return events.describe(kind, payload, {k.value: k.label for k in FilingKind}, names)
