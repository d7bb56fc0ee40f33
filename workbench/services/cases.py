"""Create, edit and assign cases."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlmodel import col

from workbench.domain import events
from workbench.domain.categories import Category
from workbench.domain.clock import local_time
from workbench.domain.deadlines import due_for
from workbench.domain.ladder import Priority, Stage
from workbench.domain.text_input import stored_text
from workbench.domain.validators import ValidationError
from workbench.domain.vocabulary import (
    ComplainantKind,
    DisputeScope,
    PersonalField,
)
from workbench.errors import ConflictError, NotFound, RuleViolation
from workbench.i18n import _
from workbench.services.context import Workbench
from workbench.store import search
from workbench.store.audit import ChainWriter
from workbench.store.categories import insert_categories, rows_of, set_categories
from workbench.store.models import (
    Annotation,
    Case,
    CaseEvent,
    Caseworker,
    Complainant,
    Evidence,
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
        raise RuleViolation(_("争议性质应为 consumer (生活消费) 或 business (经营活动), 不是 "
                            "{scope!r}.").format(scope=scope), _("请二选一。"))
    if DisputeScope(scope) is DisputeScope.BUSINESS and not reason.strip():
        raise RuleViolation(_("认定为经营活动争议需要写明理由。"),
                            _("请说明为什么不属于生活消费。"))
    return DisputeScope(scope)


def clean_text(text: str, label: str, *, multiline: bool = False) -> str:
    """Text as it may be stored (`domain.text_input.stored_text`: control, escape and
    bidi characters removed); NUL or a lone surrogate is a RuleViolation naming `label`."""
    try:
        return stored_text(str(text), label=label, multiline=multiline)
    except ValidationError as exc:
        raise RuleViolation(exc.message, _("删除其中的不可见字符，或从原文件重新复制后再试。")) \
            from exc


def _clean_demands(demands: Any) -> list[dict[str, Any]]:
    return [{"text": clean_text(d["text"], _("投诉请求")),
             "amount_fen": int(d.get("amount_fen", 0))} for d in demands]


def clean_draft(draft: CaseDraft) -> CaseDraft:
    """The draft with every text field cleaned for storage (see `clean_text`)."""
    person = draft.complainant
    if isinstance(person, ComplainantDraft):
        person = replace(person, **{f.name: clean_text(getattr(person, f.name), _("投诉人信息"))
                                    for f in fields(ComplainantDraft)})
    return replace(
        draft, complainant=person, title=clean_text(draft.title, _("标题")),
        narrative=clean_text(draft.narrative, _("事实与理由"), multiline=True),
        terminal_sn=clean_text(draft.terminal_sn, _("终端号")),
        scope_reason=clean_text(draft.scope_reason, _("认定理由")),
        demands=[Demand(clean_text(d.text, _("投诉请求")), d.amount_fen) for d in draft.demands])


# Fields an edit may change, with how to turn the caller's value into the stored one.
EDITABLE: dict[str, Any] = {
    "title": lambda v: clean_text(v, _("标题")),
    "narrative": lambda v: clean_text(v, _("事实与理由"), multiline=True),
    "terminal_sn": lambda v: clean_text(v, _("终端号")),
    "priority": lambda v: Priority(v).value,
    "categories": lambda v: [Category(c).value for c in v] or [Category.OTHER.value],
    "demands": _clean_demands,
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
    notes = session.execute(
        select(col(Annotation.body)).where(col(Annotation.case_id) == case.id)
    ).scalars().all()
    titles = session.execute(
        select(col(Evidence.title)).where(col(Evidence.case_id) == case.id)
    ).scalars().all()
    return document_of(case, session.get(Complainant, case.complainant_id),
                       session.get(Provider, case.provider_id), [*notes, *titles])


def document_of(case: Case, complainant: Complainant | None, provider: Provider | None,
                texts: Sequence[str] = ()) -> dict[str, str]:
    """`case_document` from what the caller holds (`texts`: its notes and evidence titles;
    a new case has none)."""
    return search.case_document(case, complainant, provider, texts)


def reindex(session: Session, case: Case) -> None:
    """Refresh the rows derived from the case: its search rows and its categories."""
    assert case.id is not None
    search.index_case(session, case.id, case_document(session, case))
    set_categories(session, case.id, case.categories)


def _caseworker_id(session: Session, login: str | None) -> int | None:
    if not login:
        return None
    worker = session.execute(
        select(Caseworker).where(Caseworker.login == login)  # type: ignore[arg-type]
    ).scalar_one_or_none()
    if worker is None:
        raise NotFound(_("没有登录名为 {login!r} 的经办人。").format(login=login),
                       _("检查登录名，或用 `workbench people add` 添加此人。"))
    if not worker.active:
        raise RuleViolation(_("经办人 {login} 已停用，不能分配案件。").format(
                                login=login), _("请选择一位在职的经办人。"))
    return worker.id


def create_case(wb: Workbench, draft: CaseDraft,
                provider: Callable[[Session, ChainWriter], int] | None = None) -> Case:
    """Register a new case at intake, with its intake deadline, in one transaction.

    `provider`, when given, finds or adds the provider in that same transaction (and
    replaces `draft.provider_id`): a case that fails leaves no new provider behind."""
    draft = clean_draft(draft)
    if not draft.title.strip():
        raise RuleViolation(_("案件标题不能为空。"), _("请给案件一个简短的标题。"))
    with wb.store.write() as session:
        chain = wb.chain(session)
        case = insert_case(wb, session, chain, draft, provider)
        chain.close()
    return case


def insert_case(wb: Workbench, session: Session, chain: ChainWriter, draft: CaseDraft,
                provider: Callable[[Session, ChainWriter], int] | None = None,
                ref: str | None = None) -> Case:
    """`create_case`'s work inside the caller's write transaction and chain; `draft` must
    already be cleaned. `ref`: the case's ref when the caller numbers cases itself (under
    the same chain lock). A batch of one of `insert_cases`."""
    if provider is not None:
        draft.provider_id = provider(session, chain)
    return insert_cases(wb, session, chain, [(draft, ref)])[0]


def insert_cases(wb: Workbench, session: Session, chain: ChainWriter,
                 drafts: Sequence[tuple[CaseDraft, str | None]]) -> list[Case]:
    """Register cleaned drafts (each with its ref, or None for the next one) inside the
    caller's write transaction and chain: the calendar read, the complainants and the
    cases flushed, and the search rows written once for the whole batch (an import)."""
    providers = {p.id: p for p in session.execute(select(Provider).where(
        col(Provider.id).in_({d.provider_id for d, _r in drafts}))).scalars()}
    people: list[tuple[Complainant, str]] = []
    for draft, _ref in drafts:
        if draft.provider_id not in providers:
            raise NotFound(_("服务商 #{provider_id} 不存在。").format(
                               provider_id=draft.provider_id), _("请选择已登记的服务商。"))
        if isinstance(draft.complainant, int):
            known = session.get(Complainant, draft.complainant)
            if known is None:
                raise NotFound(_("投诉人 #{complainant_id} 不存在。").format(
                                   complainant_id=draft.complainant), _("请选择已有的一项。"))
            people.append((known, known.kind))
        else:
            new = Complainant(**vars(draft.complainant))
            session.add(new)
            people.append((new, draft.complainant.kind))
    session.flush()
    now = chain.at
    today = wb.today()
    due = due_for(Stage.INTAKE, today, wb.calendar(session), wb.rules)
    assignees: dict[str | None, int | None] = {}
    made: list[tuple[Case, CaseDraft, DisputeScope, str]] = []
    for (draft, ref), (person, kind) in zip(drafts, people, strict=True):
        assert person.id is not None
        if draft.scope is None:
            scope, scope_reason = default_scope(kind or "consumer")
        else:
            scope, scope_reason = draft.scope, draft.scope_reason.strip()
        scope = check_scope(scope, scope_reason)
        if draft.assignee not in assignees:
            assignees[draft.assignee] = _caseworker_id(session, draft.assignee)
        categories = [Category(c).value for c in draft.categories] or [Category.OTHER.value]
        case = Case(
            ref=ref or next_ref(session, today.year),
            title=draft.title.strip(),
            complainant_id=person.id,
            provider_id=draft.provider_id,
            terminal_sn=draft.terminal_sn.strip(),
            categories=categories,
            primary_category=categories[0],
            narrative=draft.narrative,
            demands=[{"text": d.text, "amount_fen": d.amount_fen} for d in draft.demands],
            amount_claimed_fen=sum(d.amount_fen for d in draft.demands),
            stage=Stage.INTAKE.value,
            priority=Priority(draft.priority).value,
            assignee_id=assignees[draft.assignee],
            harm_known_on=draft.harm_known_on,
            scope=scope.value, scope_reason=scope_reason,
            opened_at=now, stage_entered_at=now, updated_at=now, updated_by=wb.actor,
            stage_due_on=due.day if due else None,
            due_on=due.day if due else None,
            due_estimated=bool(due and due.estimated),
        )
        session.add(case)
        made.append((case, draft, scope, scope_reason))
        if ref is None:
            session.flush()  # the next ref is read from the table
    session.flush()
    for case, draft, scope, scope_reason in made:
        chain.append(events.created(
            ref=case.ref, title=case.title, stage=Stage.INTAKE, due_on=case.due_on,
            due_estimated=case.due_estimated, categories=case.categories,
            assignee=draft.assignee), wb.actor, case_id=case.id, at=now)
        chain.append(events.scope_set(scope, scope_reason), wb.actor, case_id=case.id, at=now)
    search.index_new(session, [
        (case.id, document_of(case, person, providers[case.provider_id]))
        for (case, *_rest), (person, _kind) in zip(made, people, strict=True)
        if case.id is not None])
    insert_categories(session, [row for case, *_rest in made if case.id is not None
                                for row in rows_of(case.id, case.categories)])
    return [case for case, *_rest in made]


def load_for_update(session: Session, case_id: int, expected_version: int) -> Case:
    """The case, if it is still at the version the caller saw; else a ConflictError."""
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound(_("案件 #{case_id} 不存在。").format(
                           case_id=case_id), _("它可能已被删除；请刷新案件列表。"))
    if case.merged_into_id is not None:
        kept = merged_target(session, case)
        raise RuleViolation(_("{ref} 已并入 {kept}，不能再修改。").format(
                                ref=case.ref, kept=kept.ref),
                            _("请在 {kept} 中继续办理。").format(kept=kept.ref))
    if case.version != expected_version:
        raise stale(session, case, expected_version)
    return case


def stale(session: Session, case: Case, expected_version: int) -> ConflictError:
    """The conflict error for an edit based on `expected_version`, naming who changed it."""
    last = session.execute(
        select(CaseEvent).where(CaseEvent.case_id == case.id)  # type: ignore[arg-type]
        .order_by(CaseEvent.seq.desc()).limit(1)  # type: ignore[attr-defined]
    ).scalar_one_or_none()
    login = last.actor if last else case.updated_by or ""
    name = session.execute(select(col(Caseworker.display_name))
                           .where(col(Caseworker.login) == login)).scalar_one_or_none()
    who = name or login or _("他人")  # the person's name, as the live notice gives it
    when = local_time(last.at if last else case.updated_at)
    error = ConflictError(
        _("案件 {ref} 已被 {who} 于 {when} 修改（你看到的是第 {expected_version} 版，"
        "现在是第 {version} 版）。").format(
            ref=case.ref, who=who, when=when, expected_version=expected_version,
            version=case.version),
        _("请重新载入案件，看过对方的修改后再改一次。"),
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
        raise RuleViolation(_("这些字段不能在此修改：{items}。").format(
                                items=', '.join(sorted(unknown))),
                            _("可修改的字段：{items}。").format(items=', '.join(EDITABLE)))
    try:
        normalised = {name: EDITABLE[name](value) for name, value in changes.items()}
    except (ValueError, KeyError, TypeError) as exc:
        raise RuleViolation(_("字段值无效：{exc}").format(
                                exc=exc), _("检查填写的值后重试。")) from exc
    if "title" in normalised and not normalised["title"].strip():
        raise RuleViolation(_("案件标题不能为空。"), _("请给案件一个简短的标题。"))
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
    reason = clean_text(reason, _("认定理由"))
    if not reason.strip():
        raise RuleViolation(_("修改争议性质需要写明理由。"), _("请说明更正争议性质的理由。"))
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
            raise NotFound(_("案件 #{case_id} 不存在。").format(
                               case_id=case_id), _("请刷新案件列表。"))
        return case


def case_by_ref(session: Session, ref: str) -> Case:
    """The case with this public reference itself (no redirect; case-insensitive,
    surrounding spaces ignored)."""
    case = session.execute(
        select(Case).where(Case.ref == ref.strip().upper())  # type: ignore[arg-type]
    ).scalar_one_or_none()
    if case is None:
        raise NotFound(_("没有编号为 {ref!r} 的案件。").format(
                           ref=ref.strip()), _("检查案件编号，例如 TS-2026-000123。"))
    return case


def merged_target(session: Session, case: Case) -> Case:
    """Where a merged-away case lives now (following merges of merges); itself otherwise."""
    seen = {case.id}
    while case.merged_into_id is not None:
        kept = session.get(Case, case.merged_into_id)
        if kept is None or kept.id in seen:
            break
        seen.add(kept.id)
        case = kept
    return case


def merged_note(away_ref: str, kept_ref: str) -> str:
    return _("{away} 已并入 {kept}").format(away=away_ref, kept=kept_ref)


@dataclass(frozen=True, slots=True)
class FoundCase:
    """A case a ref names; `note` says so when the ref was merged into it ("" otherwise)."""

    case: Case
    note: str = ""


def resolve_ref(wb: Workbench, ref: str) -> FoundCase:
    """The one resolver of a typed ref: the case, or the case it was merged into."""
    with wb.store.session() as session:
        named = case_by_ref(session, ref)
        case = merged_target(session, named)
        return FoundCase(case, merged_note(named.ref, case.ref) if case is not named else "")


def find_case(wb: Workbench, ref: str) -> Case:
    """A case by its public reference (a merged-away ref gives the case it went into)."""
    return resolve_ref(wb, ref).case


# Personal data: the one accessor every screen and filing goes through. Masked unless a
# caller asks to reveal, and a reveal is an audited event (see `reveal_personal_data`).
PERSONAL_FIELDS: dict[str, str] = {f.value: f.label for f in PersonalField}


def personal_data(person: Complainant, field: str, *, reveal: bool = False) -> str:
    """A complainant's phone, ID number or bank card: masked unless `reveal`."""
    from workbench.domain.masking import mask_card, mask_id, mask_phone

    if field not in PERSONAL_FIELDS:
        raise RuleViolation(_("{field!r} 不是受保护的个人信息字段。").format(
                                field=field), _("可选 phone、id_number 或 bank_card。"))
    value = str(getattr(person, field) or "")
    if reveal:
        return value
    return {"phone": mask_phone, "id_number": mask_id, "bank_card": mask_card}[field](value)


MAX_REVEAL_REASON = 200


def reveal_personal_data(wb: Workbench, case_id: int, field: str, reason: str) -> str:
    """The full value of one personal-data field, with a `pii_revealed` event saying who
    looked at what and why (never the value itself). A reason is required."""
    reason = " ".join(reason.split())
    if not reason:
        raise RuleViolation(_("查看完整个人信息需要写明理由（记入访问记录）。"),
                            _("说明为什么需要看，例如：核实投诉人身份。"))
    if len(reason) > MAX_REVEAL_REASON:
        raise RuleViolation(_("理由过长（{n} 字，上限 {MAX_REVEAL_REASON}）。").format(
                                n=len(reason), MAX_REVEAL_REASON=MAX_REVEAL_REASON),
                            _("写一句话即可。"))
    with wb.store.write() as session:
        chain = wb.chain(session)
        case = session.get(Case, case_id)
        if case is None:
            raise NotFound(_("案件 #{case_id} 不存在。").format(
                               case_id=case_id), _("请刷新案件列表。"))
        person = session.get(Complainant, case.complainant_id)
        assert person is not None
        value = personal_data(person, field, reveal=True)
        chain.append(events.pii_revealed(PersonalField(field), person.id, reason), wb.actor,
                     case_id=case_id)
        chain.close()
    return value


def case_count(wb: Workbench) -> int:
    with wb.store.session() as session:
        return int(session.execute(select(func.count()).select_from(Case)).scalar_one())
