"""The acceptance decision at intake (受理 / 通知补正 / 不予受理), DESIGN §2, §5, §10.

Every case starts with it. Accepting moves the case to the first rung, the provider (the
complainant first complains there), through the same move as `escalation.escalate`.
Asking for material keeps it at intake with the complainant's date as its due date.
Refusing closes it (outcome `rejected`) on a coded ground, checked against the facts
where the record allows, and keeps the register entries the refusal notice cites.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from workbench.domain import events
from workbench.domain.ladder import Body, Outcome, Stage
from workbench.domain.law import Entry, LawRegister, load_register
from workbench.domain.law.acceptance import load_policy
from workbench.domain.law.grounds import Ground, load_grounds
from workbench.domain.limitation import limitation_period
from workbench.domain.vocabulary import Decision, DisputeScope
from workbench.errors import NotFound, RuleViolation
from workbench.filings.documents import BLANK
from workbench.filings.text import figure_date as figure_day
from workbench.i18n import _
from workbench.services import addressees
from workbench.services.case_view import limitation_interruptions
from workbench.services.cases import clean_text, load_for_update
from workbench.services.contacts import effective_due
from workbench.services.context import Workbench
from workbench.services.escalation import move_case
from workbench.services.law import Citation, cite
from workbench.store.models import Case, Complainant, Provider

# Bodies whose acceptance of the same dispute is a refusal ground (SAMR rule, §10).
HANDLED_BY = frozenset({Body.COURT, Body.ARBITRATION, Body.CONSUMER_ASSOCIATION,
                        Body.MARKET_REGULATOR})
MAX_ITEMS = 20


@dataclass(frozen=True, slots=True)
class GroundOption:
    """A refusal ground for the picker: its label, what it cites, whether facts allow it."""

    code: str
    label: str
    suggest: str
    citations: tuple[Citation, ...]
    allowed: bool
    why_not: str = ""  # when not allowed: which fact is missing
    needs_reason: bool = False  # the decision must state why (the notice prints it)

    @property
    def cites_text(self) -> str:
        return "；".join(c.short for c in self.citations)


@dataclass(frozen=True, slots=True)
class DecisionResult:
    """What a decision did, in words for the CLI and the TUI."""

    case_id: int
    ref: str
    version: int
    decision: str  # Decision code
    decision_label: str
    message: str
    late: bool


def citations_of(ground: Ground, on: date, register: LawRegister | None = None
                 ) -> tuple[Citation, ...]:
    """The ground's register entries in force on ``on``, with their wording: the
    association's own rule first when ``register`` (the workbench's, with the admin's
    file) holds it, then the statutes."""
    return tuple(cite(e) for e in ground.citations(register or load_register(), on))


def acceptance_basis(wb: Workbench, case: Case, on: date) -> list[Entry]:
    """What the association accepts this case on (acceptance.toml, by its scope): the
    consumer law for a consumer's complaint; for a business dispute the association's own
    rule when the admin has registered one, else [] — it has no basis to accept it."""
    return load_policy().of(case.scope).entries(wb.law, on)


def _scope_of(case: Case) -> DisputeScope:
    return DisputeScope(case.scope) if case.scope in DisputeScope._value2member_map_ \
        else DisputeScope.CONSUMER


def _why_not(session: Session, case: Case, ground: Ground, wb: Workbench) -> str:
    """'' when the record allows this ground; else what the record lacks (or shows)."""
    if ground.scope is not None and _scope_of(case) is not ground.scope:
        return (_("本案登记的争议性质为“{label}”，该理由只适用于"
                "“{ground_scope}”的争议（先修改争议性质并写明理由）").format(
                    label=_scope_of(case).label, ground_scope=ground.scope.label))
    policy = load_policy().of(_scope_of(case))
    if policy.refuse == ground.code:
        own = policy.entries(wb.law, wb.today())
        if own:  # one policy: what the association accepts on, it does not refuse for
            return (_("本会依据{citation}受理这类争议，"
                    "不能再以此理由不予受理（可选择其他理由）").format(citation=own[0].citation))
    if ground.code == "no_respondent":
        provider = session.get(Provider, case.provider_id)
        if provider is not None and provider.name.strip() and (
                provider.uscc.strip() or provider.address.strip()):
            known = _("统一社会信用代码 {uscc}").format(
                        uscc=provider.uscc) if provider.uscc.strip() \
                else _("住所地 {address}").format(address=provider.address)
            return _("已登记被投诉人 {name}（{known}）").format(name=provider.name, known=known)
    if ground.code == "settled_no_new_facts" and not _mediated_before(session, case):
        return (_("没有调解结束的记录：该投诉人此前对同一被投诉人的投诉均未经调解处理完毕"
                "（同一争议先前的案件须已达成调解协议或终止调解）"))
    if ground.code == "already_handled":
        held = {Body(b) for b in case.held_by if b in Body._value2member_map_}
        if not held & HANDLED_BY:
            return (_("记录显示尚无人民法院、仲裁机构、消费者协会或市场监督管理部门受理该争议"
                    "（先登记已受理机构）"))
    if ground.code == "limitation_passed":
        if case.harm_known_on is None:
            return _("没有登记知道权益受损的日期（先在案件中填写）")
        # counted from the last claim to the provider or mediation request (民法典 art. 195)
        assert case.id is not None
        period = limitation_period(case.harm_known_on,
                                   limitation_interruptions(session, case.id), wb.today(),
                                   years=wb.rules.limitation_years,
                                   max_years=wb.rules.limitation_max_years)
        if period.days_left >= 0:
            return (_("自 {start}（{start_label}）起算，"
                    "至 {end} 才满三年").format(
                        start=figure_day(period.start), start_label=period.start_label,
                        end=figure_day(period.end)))
    return ""


def _mediated_before(session: Session, case: Case) -> bool:
    """Whether an earlier case of the same complainant (by name) against the same
    provider records the end of a mediation (an agreement or a termination)."""
    person = session.get(Complainant, case.complainant_id)
    if person is None:
        return False
    return session.execute(
        select(col(Case.id)).join(Complainant, col(Complainant.id) == col(Case.complainant_id))
        .where(col(Case.id) != case.id, col(Case.provider_id) == case.provider_id,
               col(Complainant.name) == person.name, col(Case.mediation_result) != "")
        .limit(1)).first() is not None


def suggestion(session: Session, case: Case, ground: Ground) -> str:
    """The ground's advice to the complainant, naming the one financial regulator
    competent for the provider (routes.toml) and the licensed institution it supervises
    (the provider, or an agent's acquirer)."""
    if "{" not in ground.suggest:
        return ground.suggest
    provider = session.get(Provider, case.provider_id)
    regulator = addressees.regulator_of(session, provider) if provider else None
    supervised = addressees.respondent(session, provider, "regulator").name if provider \
        else BLANK
    return ground.suggestion(regulator.name if regulator else BLANK, supervised)


def _check_intake(case: Case) -> None:
    if case.stage != Stage.INTAKE.value:
        raise RuleViolation(
            _("{ref} 已不在受理登记阶段（当前：{label}），不能再作受理决定。").format(
                ref=case.ref, label=Stage(case.stage).label),
            _("受理决定只能在受理登记阶段作出。"))
    if case.decision in (Decision.ACCEPTED, Decision.REFUSED):
        raise RuleViolation(_("{ref} 已作出受理决定（{decision}）。").format(
                                ref=case.ref, decision=Decision.label_of(case.decision)),
                            _("如属误操作，请先撤销上一次流转。"))


def _late(case: Case, today: date) -> bool:
    """Decided after the intake deadline (allowed, but the event says so)."""
    return case.stage_due_on is not None and today > case.stage_due_on


def _late_note(note: str, case: Case, today: date) -> str:
    note = clean_text(note, _("说明"), multiline=True)
    if not _late(case, today):
        return note.strip()
    assert case.stage_due_on is not None
    late = f"超过受理期限（{figure_day(case.stage_due_on)}）作出"
    return f"{note.strip()}；{late}" if note.strip() else late


def _result(case: Case, message: str, late: bool) -> DecisionResult:
    assert case.id is not None
    return DecisionResult(case.id, case.ref, case.version, case.decision,
                          Decision.label_of(case.decision), message, late)


def ground_options(wb: Workbench, case_id: int) -> list[GroundOption]:
    """Every refusal ground with its citations, each marked allowed or not for this case."""
    with wb.store.session() as session:
        case = _get(session, case_id)
        today = wb.today()
        return [GroundOption(g.code, g.label, suggestion(session, case, g),
                             citations_of(g, today, wb.law),
                             not (why := _why_not(session, case, g, wb)), why, g.needs_reason)
                for g in load_grounds().refusal.values()]


def _get(session: Session, case_id: int) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound(_("案件 #{case_id} 不存在。").format(case_id=case_id), _("请刷新列表。"))
    return case


def accept(wb: Workbench, case_id: int, version: int, note: str = "") -> DecisionResult:
    """受理: record the decision and move the case from intake to the provider rung."""
    with wb.store.write() as session:
        chain = wb.chain(session)
        case = load_for_update(session, case_id, version)
        _check_intake(case)
        today = wb.today()
        _check_basis(wb, case, today)
        late = _late(case, today)
        text = _late_note(note, case, today)
        move_case(session, chain, wb, case, Stage.PROVIDER, reason=text or "决定受理")
        case.decision, case.decision_on, case.decision_ground = Decision.ACCEPTED.value, today, ""
        session.flush()
        chain.append(events.accepted(due_on=case.stage_due_on, note=text), wb.actor,
                     case_id=case_id)
        chain.close()
    due = _("，服务商协商期限 {due_on}").format(
              due_on=figure_day(case.stage_due_on)) if case.stage_due_on else ""
    return _result(case, _("{ref} 已决定受理，转入「{label}」{due}。").format(
                             ref=case.ref, label=Stage.PROVIDER.label, due=due)
                   + (_("（已超过受理期限）") if late else ""), late)


def _check_basis(wb: Workbench, case: Case, today: date) -> None:
    """A case is accepted only on a basis the association has (acceptance.toml): a
    business dispute without the association's own rule registered is refused instead."""
    if acceptance_basis(wb, case, today):
        return
    policy = load_policy().of(_scope_of(case))
    ground = load_grounds().refusal.get(policy.refuse)
    instead = (_("请以「{label}」不予受理（workbench refuse {ref} --ground "
               "{code}）").format(
                   label=ground.label, ref=case.ref, code=ground.code)
               if ground else _("请作出不予受理决定"))
    raise RuleViolation(
        _("{ref} 为“{label}”的争议（{scope_reason}），"
        "不是为生活消费需要发生的消费者投诉，本会没有受理这类争议的依据。").format(
            ref=case.ref, label=_scope_of(case).label,
            scope_reason=case.scope_reason or _('未写明理由')),
        _("{instead}；或由管理员在法规库文件（law_register_file）中登记本会章程或受理办法"
        "中受理此类争议的条款（条目 {entry}），或先将争议性质改为生活消费并写明理由。").format(
            instead=instead, entry=policy.cites[0]))


def request_material(wb: Workbench, case_id: int, version: int, items: list[str],
                     by: date) -> DecisionResult:
    """通知补正: ask the complainant for material by ``by``; the case stays at intake and
    the queue's due date becomes ``by``."""
    cleaned = (clean_text(i, _("补正材料")).strip() for i in items)
    wanted = list(dict.fromkeys(i for i in cleaned if i))
    if not wanted:
        raise RuleViolation(_("补正通知至少要列出一项需补正的材料。"),
                            _("请写明需补正的材料，例如：交易流水。"))
    if len(wanted) > MAX_ITEMS:
        raise RuleViolation(_("补正材料最多 {MAX_ITEMS} 项。").format(
                                MAX_ITEMS=MAX_ITEMS), _("请合并相近的材料。"))
    today = wb.today()
    if by <= today:
        raise RuleViolation(_("补正期限 {by} 必须晚于今天（{today}）。").format(
                                by=figure_day(by), today=figure_day(today)),
                            _("请填写今天以后的日期。"))
    with wb.store.write() as session:
        chain = wb.chain(session)
        case = load_for_update(session, case_id, version)
        _check_intake(case)
        late = _late(case, today)
        case.decision, case.decision_on = Decision.MATERIAL_REQUESTED.value, today
        case.material_items, case.material_due_on = wanted, by
        case.stage_due_on, case.due_estimated = by, False
        effective_due(case)
        case.updated_at, case.updated_by = chain.at, wb.actor
        session.flush()
        chain.append(events.material_requested(items=wanted, by=by), wb.actor, case_id=case_id)
        chain.close()
    return _result(case, _("{ref} 已通知补正：{items}，"
                   "补正期限 {by}。").format(
                             ref=case.ref, items='、'.join(wanted), by=figure_day(by)), late)


def refuse(wb: Workbench, case_id: int, version: int, ground: str,
           note: str = "", reason: str = "") -> DecisionResult:
    """不予受理 on a coded ground the facts allow: close the case (outcome `rejected`),
    keep the ground, the register ids its notice cites and the `reason` it states (which
    a ground whose label does not say why requires)."""
    try:
        chosen = load_grounds().refusal_ground(ground)
    except KeyError as exc:
        raise RuleViolation(str(exc.args[0]), _("请从列出的理由中选择。")) from None
    reason = clean_text(reason, _("不予受理的具体理由"), multiline=True).strip().rstrip("。；;")
    if chosen.needs_reason and not reason:
        raise RuleViolation(_("以「{label}」不予受理须写明具体理由（告知书将载明）。").format(
                                label=chosen.label),
                            _("请写明为什么该事项不属于本会受理范围，例如：该事项属于公安机关"
                            "处理的涉嫌诈骗行为（--reason …）。"))
    with wb.store.write() as session:
        chain = wb.chain(session)
        case = load_for_update(session, case_id, version)
        _check_intake(case)
        why = _why_not(session, case, chosen, wb)
        if why:
            allowed = [g.label for g in load_grounds().refusal.values()
                       if not _why_not(session, case, g, wb)]
            raise RuleViolation(_("{ref} 不能以「{label}」不予受理：{why}。").format(
                                    ref=case.ref, label=chosen.label, why=why),
                                _("请先在案件中登记相应的事实，或选择记录允许的理由")
                                + (f"：{'；'.join(allowed)}" if allowed else "") + "。")
        today = wb.today()
        late = _late(case, today)
        text = _late_note(note, case, today)
        advice = suggestion(session, case, chosen)
        move_case(session, chain, wb, case, Stage.CLOSED, reason=f"不予受理：{chosen.label}",
             outcome=Outcome.REJECTED, recovered_fen=0)
        case.decision, case.decision_on = Decision.REFUSED.value, today
        case.decision_ground = chosen.code
        session.flush()
        cites = [c.id for c in citations_of(chosen, today, wb.law)]
        chain.append(events.refused(ground=chosen.code, cites=cites, note=text,
                                    reason=reason), wb.actor, case_id=case_id)
        chain.close()
    return _result(case, _("{ref} 决定不予受理：{label}。案件已结案。").format(
                             ref=case.ref, label=chosen.label)
                   + (_("建议：{advice}").format(advice=advice) if advice else ""), late)
