"""Create, edit and assign cases."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlmodel import col

from workbench.domain import events
from workbench.domain.categories import Category
from workbench.domain.clock import local_day, local_time
from workbench.domain.deadlines import due_for
from workbench.domain.ladder import Body, Priority, Stage, Status, stage_label
from workbench.domain.limitation import BASIS_IDS as LIMITATION_BASIS
from workbench.domain.limitation import Interruption, LimitationPeriod
from workbench.domain.masking import mask_name
from workbench.domain.validators import fen_to_yuan
from workbench.domain.vocabulary import (
    ComplainantKind,
    Decision,
    DisputeScope,
    EventKind,
    PersonalField,
)
from workbench.errors import ConflictError, NotFound, RuleViolation
from workbench.filings.documents import FilingKind
from workbench.services.context import Workbench
from workbench.services.views import (
    ContactLine,
    FilingLine,
    TimelineLine,
    contact_line,
    filing_line,
)
from workbench.store import search
from workbench.store.models import (
    Annotation,
    Case,
    CaseEvent,
    Caseworker,
    Complainant,
    Contact,
    Evidence,
    Filing,
    Provider,
)

REF_PREFIX = "TS"


@dataclass
class Demand:
    text: str
    amount_fen: int = 0


@dataclass
class ComplainantDraft:
    name: str
    kind: str = "consumer"
    phone: str = ""
    id_number: str = ""
    bank_card: str = ""
    address: str = ""
    merchant_name: str = ""
    merchant_no: str = ""


@dataclass
class CaseDraft:
    title: str
    complainant: ComplainantDraft | int
    provider_id: int
    categories: list[Category] = field(default_factory=lambda: [Category.OTHER])
    narrative: str = ""
    demands: list[Demand] = field(default_factory=list)
    terminal_sn: str = ""
    harm_known_on: date | None = None
    priority: Priority = Priority.NORMAL
    assignee: str | None = None
    scope: DisputeScope | None = None  # None: from the complainant's kind
    scope_reason: str = ""


# A merchant's POS dispute is about its business, not 生活消费: the intake default.
MERCHANT_SCOPE_REASON = "商户为经营活动使用POS收单服务，不属于生活消费"


def default_scope(kind: str) -> tuple[DisputeScope, str]:
    """The scope (and reason) intake proposes for a complainant of ``kind``."""
    if kind == ComplainantKind.MERCHANT:
        return DisputeScope.BUSINESS, MERCHANT_SCOPE_REASON
    return DisputeScope.CONSUMER, ""


def check_scope(scope: DisputeScope | str, reason: str) -> DisputeScope:
    """The scope as a code; a business scope needs a reason (RuleViolation otherwise)."""
    if str(scope) not in DisputeScope._value2member_map_:
        raise RuleViolation(f"争议性质应为 consumer (生活消费) 或 business (经营活动), 不是 "
                            f"{scope!r}.", "Choose one of the two.")
    if DisputeScope(scope) is DisputeScope.BUSINESS and not reason.strip():
        raise RuleViolation("认定为经营活动争议需要写明理由.",
                            "Say why the dispute is not 生活消费.")
    return DisputeScope(scope)


# Fields an edit may change, with how to turn the caller's value into the stored one.
EDITABLE: dict[str, Any] = {
    "title": str,
    "narrative": str,
    "terminal_sn": str,
    "priority": lambda v: Priority(v).value,
    "categories": lambda v: [Category(c).value for c in v] or [Category.OTHER.value],
    "demands": lambda v: [{"text": d["text"], "amount_fen": int(d.get("amount_fen", 0))}
                          for d in v],
    "harm_known_on": lambda v: v if v is None or isinstance(v, date) else date.fromisoformat(v),
}

def next_ref(session: Session, year: int) -> str:
    """The next public reference for `year`; call while holding the chain lock."""
    prefix = f"{REF_PREFIX}-{year}-"
    # longest first: after 999,999 a seventh digit must still sort as the highest
    last = session.execute(
        select(col(Case.ref)).where(col(Case.ref).like(prefix + "%"))
        .order_by(func.length(col(Case.ref)).desc(), col(Case.ref).desc()).limit(1)
    ).scalar_one_or_none()
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:06d}"


def case_document(session: Session, case: Case) -> dict[str, str]:
    """Everything a case is found by in the queue's text search."""
    complainant = session.get(Complainant, case.complainant_id)
    provider = session.get(Provider, case.provider_id)
    notes = session.execute(
        select(col(Annotation.body)).where(col(Annotation.case_id) == case.id)
    ).scalars().all()
    titles = session.execute(
        select(col(Evidence.title)).where(col(Evidence.case_id) == case.id)
    ).scalars().all()
    return search.build_document(
        [case.ref, case.title, case.terminal_sn,
         complainant.name if complainant else "",
         complainant.merchant_name if complainant else "",
         provider.name if provider else "", provider.short_name if provider else ""],
        [case.narrative, *notes, *titles],
    )


def reindex(session: Session, case: Case) -> None:
    assert case.id is not None
    search.index_case(session, case.id, case_document(session, case))


def _caseworker_id(session: Session, login: str | None) -> int | None:
    if not login:
        return None
    worker = session.execute(
        select(Caseworker).where(Caseworker.login == login)  # type: ignore[arg-type]
    ).scalar_one_or_none()
    if worker is None:
        raise NotFound(f"没有登录名为 {login!r} 的经办人.",
                       "Check the login, or add the person with `workbench people add`.")
    if not worker.active:
        raise RuleViolation(f"经办人 {login} 已停用, 不能分配案件.", "Choose an active caseworker.")
    return worker.id


def create_case(wb: Workbench, draft: CaseDraft) -> Case:
    """Register a new case at intake, with its intake deadline, in one transaction."""
    if not draft.title.strip():
        raise RuleViolation("案件标题不能为空.", "Give the case a short title.")
    with wb.store.write() as session:
        chain = wb.chain(session)
        if session.get(Provider, draft.provider_id) is None:
            raise NotFound(f"服务商 #{draft.provider_id} 不存在.", "Pick an existing provider.")
        if isinstance(draft.complainant, int):
            complainant_id = draft.complainant
            known = session.get(Complainant, complainant_id)
            if known is None:
                raise NotFound(f"投诉人 #{complainant_id} 不存在.", "Pick an existing one.")
            kind = known.kind
        else:
            person = Complainant(**vars(draft.complainant))
            kind = draft.complainant.kind
            session.add(person)
            session.flush()
            assert person.id is not None
            complainant_id = person.id
        if draft.scope is None:
            scope, scope_reason = default_scope(kind or "consumer")
        else:
            scope, scope_reason = draft.scope, draft.scope_reason.strip()
        scope = check_scope(scope, scope_reason)
        now = chain.at
        today = wb.today()
        due = due_for(Stage.INTAKE, today, wb.calendar(session), wb.rules)
        categories = [Category(c).value for c in draft.categories] or [Category.OTHER.value]
        demands: list[dict[str, Any]] = [{"text": d.text, "amount_fen": d.amount_fen}
                                         for d in draft.demands]
        case = Case(
            ref=next_ref(session, today.year),
            title=draft.title.strip(),
            complainant_id=complainant_id,
            provider_id=draft.provider_id,
            terminal_sn=draft.terminal_sn.strip(),
            categories=categories,
            primary_category=categories[0],
            narrative=draft.narrative,
            demands=demands,
            amount_claimed_fen=sum(d.amount_fen for d in draft.demands),
            stage=Stage.INTAKE.value,
            priority=Priority(draft.priority).value,
            assignee_id=_caseworker_id(session, draft.assignee),
            harm_known_on=draft.harm_known_on,
            scope=scope.value, scope_reason=scope_reason,
            opened_at=now, stage_entered_at=now, updated_at=now, updated_by=wb.actor,
            stage_due_on=due.day if due else None,
            due_on=due.day if due else None,
            due_estimated=bool(due and due.estimated),
        )
        session.add(case)
        session.flush()
        chain.append(events.created(
            ref=case.ref, title=case.title, stage=Stage.INTAKE, due_on=case.due_on,
            due_estimated=case.due_estimated, categories=categories, assignee=draft.assignee),
            wb.actor, case_id=case.id, at=now)
        chain.append(events.scope_set(scope, scope_reason), wb.actor, case_id=case.id, at=now)
        reindex(session, case)
        chain.close()
    return case


def load_for_update(session: Session, case_id: int, expected_version: int) -> Case:
    """The case, if it is still at the version the caller saw; else a ConflictError."""
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound(f"案件 #{case_id} 不存在.", "It may have been removed; refresh the queue.")
    if case.version != expected_version:
        raise stale(session, case, expected_version)
    return case


def stale(session: Session, case: Case, expected_version: int) -> ConflictError:
    """The conflict error for an edit based on `expected_version`, naming who changed it."""
    last = session.execute(
        select(CaseEvent).where(CaseEvent.case_id == case.id)  # type: ignore[arg-type]
        .order_by(CaseEvent.seq.desc()).limit(1)  # type: ignore[attr-defined]
    ).scalar_one_or_none()
    who = last.actor if last else case.updated_by or "someone"
    when = local_time(last.at if last else case.updated_at)
    error = ConflictError(
        f"案件 {case.ref} 已被 {who} 于 {when} 修改 (你看到的是第 {expected_version} 版, "
        f"现在是第 {case.version} 版).",
        "Reload the case, look at their change, then make yours again.",
    )
    error.changed_by = who  # type: ignore[attr-defined]
    error.changed_at = when  # type: ignore[attr-defined]
    # plain values, read now: the session rolls back when the error propagates
    error.current_version = case.version  # type: ignore[attr-defined]
    error.current_values = {name: getattr(case, name) for name in EDITABLE}  # type: ignore[attr-defined]
    return error


def edit_case(wb: Workbench, case_id: int, expected_version: int,
              changes: dict[str, Any]) -> Case:
    """Change fields of a case; one `field_changed` event per field that really changed."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise RuleViolation(f"这些字段不能在此修改: {', '.join(sorted(unknown))}.",
                            f"Editable: {', '.join(EDITABLE)}.")
    try:
        normalised = {name: EDITABLE[name](value) for name, value in changes.items()}
    except (ValueError, KeyError, TypeError) as exc:
        raise RuleViolation(f"字段值无效: {exc}", "Check the value and try again.") from exc
    if "title" in normalised and not normalised["title"].strip():
        raise RuleViolation("案件标题不能为空.", "Give the case a short title.")
    with wb.store.write() as session:
        chain = wb.chain(session)
        case = load_for_update(session, case_id, expected_version)
        now = chain.at
        changed = False
        for name, value in normalised.items():
            old = getattr(case, name)
            if old == value:
                continue
            setattr(case, name, value)
            chain.append(events.field_changed(name, old, value), wb.actor, case_id=case.id,
                         at=now)
            changed = True
        if changed:
            if "categories" in normalised:
                case.primary_category = case.categories[0]
            if "demands" in normalised:
                case.amount_claimed_fen = sum(d["amount_fen"] for d in case.demands)
            case.updated_at, case.updated_by = now, wb.actor
            session.flush()
            reindex(session, case)
            chain.close()
    return case


def set_scope(wb: Workbench, case_id: int, expected_version: int,
              scope: DisputeScope | str, reason: str) -> Case:
    """Correct the dispute scope (生活消费 / 经营活动) with a reason: a `scope_set` event.

    A business scope needs a reason; so does any change, since it changes the legal basis
    a filing cites and what the ladder allows."""
    checked = check_scope(scope, reason)
    if not reason.strip():
        raise RuleViolation("修改争议性质需要写明理由.", "Say why the scope changes.")
    with wb.store.write() as session:
        chain = wb.chain(session)
        case = load_for_update(session, case_id, expected_version)
        if case.scope == checked.value and case.scope_reason == reason.strip():
            return case
        case.scope, case.scope_reason = checked.value, reason.strip()
        case.updated_at, case.updated_by = chain.at, wb.actor
        chain.append(events.scope_set(checked, reason.strip()), wb.actor, case_id=case.id)
        session.flush()
        chain.close()
    return case


def assign_case(wb: Workbench, case_id: int, expected_version: int,
                assignee: str | None) -> Case:
    """Give a case to a caseworker (None: unassign)."""
    with wb.store.write() as session:
        chain = wb.chain(session)
        case = load_for_update(session, case_id, expected_version)
        new_id = _caseworker_id(session, assignee)
        if new_id == case.assignee_id:
            return case
        old = session.get(Caseworker, case.assignee_id) if case.assignee_id else None
        case.assignee_id = new_id
        case.updated_at, case.updated_by = wb.now(), wb.actor
        chain.append(events.assigned(old.login if old else None, assignee), wb.actor,
                     case_id=case.id, at=case.updated_at)
        session.flush()
        chain.close()
    return case


def ensure_caseworker(wb: Workbench, login: str, display_name: str = "",
                      role: str = "caseworker") -> Caseworker:
    """The caseworker row for `login`, created on first use."""
    with wb.store.session() as session:
        worker = session.execute(
            select(Caseworker).where(col(Caseworker.login) == login)
        ).scalar_one_or_none()
    if worker is not None:
        return worker
    with wb.store.write() as session:
        chain = wb.chain(session)  # the lock: two first starts cannot both insert
        worker = session.execute(
            select(Caseworker).where(col(Caseworker.login) == login)
        ).scalar_one_or_none()
        if worker is not None:
            return worker
        worker = Caseworker(login=login, display_name=display_name or login, role=role)
        session.add(worker)
        chain.append(events.caseworker_added(login, role), wb.actor)
        chain.close()
    return worker


def get_case(wb: Workbench, case_id: int) -> Case:
    with wb.store.session() as session:
        case = session.get(Case, case_id)
        if case is None:
            raise NotFound(f"案件 #{case_id} 不存在.", "Refresh the queue.")
        return case


def find_case(wb: Workbench, ref: str) -> Case:
    """A case by its public reference (case-insensitive, surrounding spaces ignored)."""
    with wb.store.session() as session:
        case = session.execute(
            select(Case).where(Case.ref == ref.strip().upper())  # type: ignore[arg-type]
        ).scalar_one_or_none()
        if case is None:
            raise NotFound(f"没有编号为 {ref.strip()!r} 的案件.", "Check the reference, e.g. "
                                                             "TS-2026-000123.")
        return case


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
    demands: tuple[tuple[str, str], ...]  # (text, amount)
    scope: str = DisputeScope.CONSUMER.value  # code: the scope dialog starts from it
    scope_label: str = DisputeScope.CONSUMER.label
    scope_reason: str = ""
    decision: str = "pending"  # Decision code: the intake screen asks for it first
    decision_label: str = "待决定"
    decision_text: str = "待决定"  # with the ground, or the material and its date


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


def _due_text(case: Case) -> str:
    due = f"{case.due_on or '—'}{' (预估)' if case.due_estimated else ''}"
    if case.paused_since:
        due += f"  计时暂停自 {case.paused_since}"
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
        due=_due_text(case),
        held_by=tuple(case.held_by),
        held_by_label="、".join(Body.label_of(b) for b in case.held_by
                               if b in Body._value2member_map_)
        if case.bodies_recorded else "未登记",
        bodies_recorded=case.bodies_recorded,
        opened_at=local_time(case.opened_at),
        amount_claimed=f"¥{fen_to_yuan(case.amount_claimed_fen)}",
        updated=f"{case.version} · 最后修改 {case.updated_by or '—'} "
                f"{local_time(case.updated_at)}",
        demands=tuple((str(d.get("text", "")), f"¥{fen_to_yuan(int(d.get('amount_fen', 0)))}")
                      for d in case.demands),
        scope=case.scope, scope_label=DisputeScope.label_of(case.scope, "未认定"),
        scope_reason=case.scope_reason,
        decision=case.decision, decision_label=Decision.label_of(case.decision),
        decision_text=_decision_text(case),
    )


def _decision_text(case: Case) -> str:
    """The acceptance decision in one line: 已受理 (2026-11-26), 待补正：合同，期限 …"""
    label = Decision.label_of(case.decision)
    on = f"（{case.decision_on}）" if case.decision_on else ""
    if case.decision == Decision.MATERIAL_REQUESTED:
        return f"{label}：{'、'.join(case.material_items)}，期限 {case.material_due_on}{on}"
    if case.decision == Decision.REFUSED:
        from workbench.domain.law.grounds import load_grounds

        ground = load_grounds().refusal.get(case.decision_ground)
        return f"{label}：{ground.label if ground else '其他理由'}{on}"
    return f"{label}{on}"


def complainant_facts(person: Complainant) -> ComplainantFacts:
    """A complainant, masked: name, personal data and kind label."""
    return ComplainantFacts(
        name=mask_name(person.name),
        kind_label=ComplainantKind.label_of(person.kind, "消费者"),
        personal=tuple(PersonalLine(f.value, f.label, personal_data(person, f.value))
                       for f in PersonalField),
        merchant=f"{person.merchant_name} {person.merchant_no}".strip())


def timeline_line(event: CaseEvent) -> TimelineLine:
    return TimelineLine(at=local_time(event.at), actor=event.actor, kind=event.kind,
                        kind_label=EventKind.label_of(event.kind, "事件"),
                        text=describe_event(event.kind, event.payload))


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
    state = f"已超过 {-left} 天" if left < 0 else f"剩余 {left} 天"
    cap = "（二十年最长期间）" if period.capped else ""
    return (f"诉讼时效：自 {period.start.isoformat()}（{period.start_label}）起算，"
            f"至 {period.end.isoformat()} 届满{cap}，{state}（{basis}）")


def case_view(wb: Workbench, case_id: int, limit: int = 200) -> CaseView:
    """The case screen's read model: the case, its newest `limit` events, contacts and
    filings, personal data masked."""
    from workbench.domain.deadlines import limitation_warning
    from workbench.domain.limitation import limitation_period

    with wb.store.session() as session:
        case = session.get(Case, case_id)
        if case is None:
            raise NotFound(f"案件 #{case_id} 不存在.", "Refresh the queue.")
        complainant = session.get(Complainant, case.complainant_id)
        provider = session.get(Provider, case.provider_id)
        assert complainant is not None and provider is not None
        events = tuple(timeline_line(e) for e in session.execute(
            select(CaseEvent).where(col(CaseEvent.case_id) == case_id)
            .order_by(col(CaseEvent.seq).desc()).limit(limit)).scalars())
        contacts = tuple(contact_line(c) for c in session.execute(
            select(Contact).where(col(Contact.case_id) == case_id)
            .order_by(col(Contact.at).desc())).scalars())
        filings = tuple(filing_line(f) for f in session.execute(
            select(Filing).where(col(Filing.case_id) == case_id)
            .order_by(col(Filing.id).desc())).scalars())
        facts, person = case_facts(case), complainant_facts(complainant)
        interruptions = limitation_interruptions(session, case_id)
    warning, line = None, ""
    if case.harm_known_on is not None and case.status != "closed":
        period = limitation_period(case.harm_known_on, interruptions, wb.today(),
                                   years=wb.rules.limitation_years)
        warning = limitation_warning(case.harm_known_on, wb.today(), wb.rules, interruptions)
        line = limitation_line(period)
    return CaseView(facts, person, provider.name, events, warning, contacts, filings, line)


def describe_event(kind: str, payload: dict[str, Any]) -> str:
    """One line for the timeline, in Chinese (see `domain.events.describe`)."""
    return events.describe(kind, payload, {k.value: k.label for k in FilingKind})


# Personal data: the one accessor every screen and filing goes through. Masked unless a
# caller asks to reveal, and a reveal is an audited event (see `reveal_personal_data`).
PERSONAL_FIELDS: dict[str, str] = {f.value: f.label for f in PersonalField}


def personal_data(person: Complainant, field: str, *, reveal: bool = False) -> str:
    """A complainant's phone, ID number or bank card: masked unless `reveal`."""
    from workbench.domain.masking import mask_card, mask_id, mask_phone

    if field not in PERSONAL_FIELDS:
        raise RuleViolation(f"{field!r} 不是受保护的个人信息字段.", "Use phone, id_number or "
                                                              "bank_card.")
    value = str(getattr(person, field) or "")
    if reveal:
        return value
    return {"phone": mask_phone, "id_number": mask_id, "bank_card": mask_card}[field](value)


def reveal_personal_data(wb: Workbench, case_id: int, field: str) -> str:
    """The full value of one personal-data field, with a `pii_revealed` event saying who
    looked at what (never the value itself)."""
    with wb.store.write() as session:
        chain = wb.chain(session)
        case = session.get(Case, case_id)
        if case is None:
            raise NotFound(f"案件 #{case_id} 不存在.", "Refresh the queue.")
        person = session.get(Complainant, case.complainant_id)
        assert person is not None
        value = personal_data(person, field, reveal=True)
        chain.append(events.pii_revealed(PersonalField(field), person.id), wb.actor,
                     case_id=case_id)
        chain.close()
    return value


def case_count(wb: Workbench) -> int:
    with wb.store.session() as session:
        return int(session.execute(select(func.count()).select_from(Case)).scalar_one())
