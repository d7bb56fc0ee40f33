"""Ending a mediation (DESIGN §2, §10): an agreement that closes the case, or a termination
on a coded ground that cites the register, with the parties told within 7 working days.

Closing and moving on reuse :func:`escalation.move_case` inside the same transaction, so
an agreement and its close (or a termination and the next rung) are written together or
not at all. A next rung the ladder refuses (legal without a supervisor's approval) leaves
the case at mediation, terminated, and the result says what is still needed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from workbench.domain import events
from workbench.domain.ladder import (
    OUTCOME_LABELS,
    Body,
    Outcome,
    Stage,
    stage_label,
)
from workbench.domain.law import LawRegister, load_register
from workbench.domain.law.grounds import Ground, load_grounds
from workbench.domain.vocabulary import Mediator
from workbench.errors import NotFound, RuleViolation
from workbench.filings.endings import cancels, endings, payable_fen, waives
from workbench.filings.text import AMOUNT
from workbench.i18n import N_, _
from workbench.services import escalation
from workbench.services.cases import clean_text, load_for_update
from workbench.services.context import Workbench
from workbench.services.law import Citation, cite
from workbench.store.models import Case

AGREED, TERMINATED = "agreed", "terminated"
RESULT_LABELS = {"": N_("调解中"), AGREED: N_("达成调解协议"), TERMINATED: N_("终止调解")}
NOTIFY_WORKING_DAYS = 7  # the parties are told within 7 working days of the termination
NOTIFY_CITES = ("samr121.art23", "samr20.art21")
NEXT_STAGES = (Stage.INDUSTRY, Stage.LEGAL)
COURT_BODIES = (Body.COURT, Body.ARBITRATION)
# A mediation ended because the dispute is gone (or the complainant no longer pursues
# it: cannot be reached) closes the case, with this outcome.
CLOSES_AS = {"withdrawn": Outcome.WITHDRAWN, "settled": Outcome.RESOLVED,
             "unreachable": Outcome.WITHDRAWN}
MAX_TERMS = 20_000


@dataclass(frozen=True, slots=True)
class TerminationChoice:
    """One termination ground for the picker: its label, what it cites, whether it fits now."""

    code: str
    label: str
    citations: tuple[Citation, ...]
    suggest: str
    allowed: bool
    why_not: str = ""

    @property
    def cited(self) -> str:
        return "、".join(c.short for c in self.citations)


@dataclass(frozen=True, slots=True)
class NextStep:
    """A move offered after a termination (or the ground's advice when there is none)."""

    stage: Stage | None
    label: str
    needs_approval: bool = False
    offers_support: bool = False  # the association may support a lawsuit (支持起诉意见书)


@dataclass(frozen=True, slots=True)
class MediationEnd:
    """What ending a mediation did, labelled for screens and the CLI."""

    case_id: int
    ref: str
    version: int
    stage: str
    stage_label: str
    result: str
    result_label: str
    outcome_label: str = ""
    recovered_fen: int = 0
    punitive_fen: int = 0
    perform_by: date | None = None
    ground: str = ""
    ground_label: str = ""
    citations: tuple[Citation, ...] = ()
    notify_by: date | None = None
    still_needed: str = ""  # why the asked-for next stage was not entered
    next_steps: tuple[NextStep, ...] = ()


class _MediationState(Protocol):
    @property
    def stage(self) -> str: ...
    @property
    def mediation_result(self) -> str: ...
    @property
    def termination_ground(self) -> str: ...


def _citations(ground: Ground, register: LawRegister, on: date) -> tuple[Citation, ...]:
    return tuple(cite(e)
                 for e in ground.citations(register, on))


def citations_of(ids: tuple[str, ...] | list[str], on: date) -> tuple[Citation, ...]:
    """Register entries by id, the version in force on `on` (for filings and screens)."""
    register = load_register()
    result = []
    for entry_id in ids:
        e = register.get(entry_id, on)
        result.append(cite(e))
    return tuple(result)


def _ground(code: str) -> Ground:
    try:
        return load_grounds().termination_ground(code)
    except KeyError:
        raise RuleViolation(_("没有这个终止调解理由：{code!r}。").format(code=code),
                            _("可选：") + "、".join(f"{g.code}（{g.label}）"
                                                for g in load_grounds().termination.values())
                            ) from None


def _at_mediation(case: Case) -> None:
    if case.stage != Stage.MEDIATION.value:
        raise RuleViolation(_("{ref} 不在「{stage_label}」阶段"
                            "（当前：{current}），不能结束调解。").format(
                                ref=case.ref, stage_label=stage_label(Stage.MEDIATION),
                                current=stage_label(case.stage)),
                            _("先将案件转入调解阶段。"))
    if case.mediation_result == TERMINATED:
        raise RuleViolation(_("{ref} 的调解已终止。").format(ref=case.ref),
                            _("将案件转入下一阶段，或重新转入调解后再办理。"))


def _why_not(case: Case, code: str, today: date) -> str:
    """Why ground `code` does not fit this case today ("" when it does)."""
    if code == "time_limit":
        if case.paused_since is not None:
            return _("调解期限已暂停计时（自 {paused_since}），期限未届满").format(
                       paused_since=case.paused_since)
        if case.stage_due_on is None:
            return _("本阶段没有调解期限")
        if today <= case.stage_due_on:
            return _("调解期限 {stage_due_on} 尚未届满").format(stage_due_on=case.stage_due_on)
    return ""


def termination_choices(wb: Workbench, case_id: int) -> list[TerminationChoice]:
    """Every termination ground with its citations in force today, marked fit or not."""
    register, today = load_register(), wb.today()
    with wb.store.session() as session:
        case = session.get(Case, case_id)
        if case is None:
            raise NotFound(_("案件 #{case_id} 不存在。").format(
                               case_id=case_id), _("刷新队列。"))
        return [TerminationChoice(g.code, g.label, _citations(g, register, today), g.suggest,
                                  not _why_not(case, g.code, today), _why_not(case, g.code, today))
                for g in load_grounds().termination.values()]


def next_steps(case: _MediationState) -> list[NextStep]:
    """The moves offered after a termination: the ground's advice, then legal (with a
    支持起诉 offer) and industry where they fit. Empty unless the mediation was terminated."""
    if case.stage != Stage.MEDIATION.value or case.mediation_result != TERMINATED:
        return []
    ground = load_grounds().termination.get(case.termination_ground)
    steps: list[NextStep] = []
    if ground is not None and ground.suggest:
        steps.append(NextStep(None, ground.suggest))
    closing = CLOSES_AS.get(case.termination_ground)
    if closing is not None:
        steps.append(NextStep(Stage.CLOSED, _("结案（{outcome}）").format(
                                                outcome=OUTCOME_LABELS[closing])))
        return steps
    steps.append(NextStep(Stage.LEGAL, _("{stage_label}：可依法起诉或申请仲裁，"
                          "本会可出具支持起诉意见书").format(
                              stage_label=stage_label(Stage.LEGAL)),
                          needs_approval=True, offers_support=True))
    if case.termination_ground != "court_or_arbitration":  # regulators refuse those
        steps.append(NextStep(Stage.INDUSTRY, _("{stage_label}：向人民银行、"
                              "金融监管部门或支付清算协会反映").format(
                                                  stage_label=stage_label(Stage.INDUSTRY))))
    return steps


def _end(case: Case, *, citations: tuple[Citation, ...] = (), notify_by: date | None = None,
         still_needed: str = "") -> MediationEnd:
    assert case.id is not None
    ground = load_grounds().termination.get(case.termination_ground)
    outcome = OUTCOME_LABELS[Outcome(case.outcome)] if case.outcome else ""
    return MediationEnd(
        case.id, case.ref, case.version, case.stage, stage_label(case.stage),
        case.mediation_result,
        _(RESULT_LABELS[case.mediation_result]) if case.mediation_result in RESULT_LABELS else "",
        outcome,
        case.amount_recovered_fen, case.punitive_fen, case.perform_by,
        case.termination_ground, ground.label if ground else "", citations, notify_by,
        still_needed, tuple(next_steps(case)))


def draft_terms(demands: Iterable[Mapping[str, Any]], recovered_fen: int,
                category: str = "") -> str:
    """Terms that answer each demand in turn, one a line (endings.toml [draft]): granted,
    or the money in part when less than claimed came back, then the complainant's waiver;
    the service goes on as before only when no demand asks to end it, in the words of the
    case's primary `category` (endings.toml [draft.keep_serving_by]). A demand that waives
    a charge (免除违约金) is granted with no money. No sums: the agreement states the sum
    once, with how and by when it is paid."""
    words = endings()["draft"]
    asked = [(" ".join(AMOUNT.sub("", str(d.get("text", ""))).split()).strip("，,；;。 "),
              int(d.get("amount_fen") or 0), waives(str(d.get("text", "")))) for d in demands]
    asked = [(text, 0 if waiver else fen, waiver) for text, fen, waiver in asked if text]
    claimed = sum(fen for _, fen, _w in asked)
    in_part = 0 < recovered_fen < claimed
    lines = []
    for text, fen, _w in asked:
        for word in words["drop_words"]:
            text = text.removeprefix(word)
        if fen and not recovered_fen:
            continue  # nothing paid: that demand is not agreed
        lines.append(words["in_part" if fen and in_part else "granted"].format(demand=text))
    if in_part or (claimed and not recovered_fen):
        lines.append(words["waived"])
    if not cancels(text for text, _f, _w in asked):
        lines.append(words["keep_serving_by"].get(category, words["keep_serving"]))
    return "\n".join(f"{line}。" for line in lines)


def record_agreement(wb: Workbench, case_id: int, version: int, terms: str,
                     recovered_fen: int, punitive_fen: int = 0,
                     perform_by: date | None = None) -> MediationEnd:
    """Record a 调解协议 and close the case: resolved, or partially resolved when less than
    the amount claimed was recovered. `punitive_fen` is the 加倍赔偿 part of the money."""
    terms = clean_text(terms, _("调解协议内容"), multiline=True).strip()
    if not terms:
        raise RuleViolation(_("调解协议内容不能为空。"), _("写明双方约定的具体内容。"))
    if len(terms) > MAX_TERMS:
        raise RuleViolation(_("调解协议内容过长（{n} 字，上限 {MAX_TERMS}）。").format(
                                n=len(terms), MAX_TERMS=MAX_TERMS),
                            _("精简协议内容。"))
    if isinstance(recovered_fen, bool) or recovered_fen < 0 or punitive_fen < 0:
        raise RuleViolation(_("金额不能为负数。"), _("填写 0 或正数。"))
    if punitive_fen > recovered_fen:
        raise RuleViolation(_("加倍赔偿金额不能超过挽回金额（加倍赔偿是挽回金额的一部分）。"),
                            _("核对两个金额。"))
    with wb.store.write() as session:
        chain = wb.chain(session)
        case = load_for_update(session, case_id, version)
        _at_mediation(case)
        # the money asked: a waived charge (免除违约金) is granted with none paid
        asked = payable_fen((str(d.get("text", "")), d.get("amount_fen"))
                            for d in case.demands) if case.demands else case.amount_claimed_fen
        outcome = Outcome.PARTIALLY_RESOLVED if recovered_fen < asked else Outcome.RESOLVED
        case.mediation_result, case.mediation_terms = AGREED, terms
        case.punitive_fen, case.perform_by, case.termination_ground = punitive_fen, perform_by, ""
        chain.append(events.mediation_agreed(terms=terms, recovered_fen=recovered_fen,
                                             punitive_fen=punitive_fen, perform_by=perform_by),
                     wb.actor, case_id=case_id)
        escalation.move_case(session, chain, wb, case, Stage.CLOSED, reason="达成调解协议",
                             outcome=outcome, recovered_fen=recovered_fen)
        chain.close()
        return _end(case)


def terminate(wb: Workbench, case_id: int, version: int, ground: str, note: str = "",
              next_stage: Stage | None = None, *,
              body: Body = Body.COURT) -> MediationEnd:
    """End a mediation without agreement on a coded ground (DESIGN §10), then, if asked,
    move the case to `next_stage` (industry or legal).

    `time_limit` only once the stage deadline has passed; `court_or_arbitration` records
    `body` (court or arbitration) as holding the dispute. The event carries the register
    ids in force today and the day by which the parties must be told (7 working days).
    """
    note = clean_text(note, _("说明"), multiline=True).strip()
    chosen = _ground(ground)
    if next_stage is not None:
        next_stage = Stage(next_stage)
        if next_stage not in NEXT_STAGES:
            raise RuleViolation(_("终止调解后不能直接转到「{stage_label}」。").format(
                                    stage_label=stage_label(next_stage)),
                                _("可选：") + "、".join(f"{s.value}（{s.label}）"
                                                    for s in NEXT_STAGES))
    body = Body(body)
    if chosen.code == "court_or_arbitration" and body not in COURT_BODIES:
        raise RuleViolation(_("已起诉或申请仲裁时，受理机构应为人民法院或仲裁机构。"),
                            _("选择 court 或 arbitration。"))
    register, today = load_register(), wb.today()
    with wb.store.write() as session:
        chain = wb.chain(session)
        case = load_for_update(session, case_id, version)
        _at_mediation(case)
        if case.mediation_result == AGREED:
            raise RuleViolation(_("{ref} 已达成调解协议。").format(
                                    ref=case.ref), _("不能再终止调解。"))
        why = _why_not(case, chosen.code, today)
        if why:
            raise RuleViolation(_("不能以「{label}」终止调解：{why}。").format(
                                    label=chosen.label, why=why),
                                _("期限届满后再选此理由，或选择其他理由。"))
        citations = _citations(chosen, register, today)
        notify_by = wb.calendar(session).add_working_days(today, NOTIFY_WORKING_DAYS).day
        if chosen.code == "court_or_arbitration":
            old = list(case.held_by)
            held = {b for b in old if b != Body.NONE.value} | {body.value}
            case.held_by, case.bodies_recorded = sorted(held), True
            if case.held_by != old:
                chain.append(events.bodies_recorded(old, case.held_by), wb.actor,
                             case_id=case_id)
        case.mediation_result, case.termination_ground = TERMINATED, chosen.code
        case.updated_at, case.updated_by = chain.at, wb.actor
        session.flush()
        chain.append(events.mediation_terminated(
            ground=chosen.code, cites=[c.id for c in citations], note=note,
            notify_by=notify_by), wb.actor, case_id=case_id)
        still_needed = ""
        if next_stage is not None:
            try:
                # the move checks before it changes anything: a refusal leaves the case
                # terminated at mediation, with the termination still written
                escalation.move_case(session, chain, wb, case, next_stage,
                                     reason=f"终止调解：{chosen.label}")
            except RuleViolation as exc:
                still_needed = exc.message
        chain.close()
        return _end(case, citations=citations, notify_by=notify_by, still_needed=still_needed)


def set_mediator(wb: Workbench, case_id: int, version: int,
                 mediator: Mediator | str) -> MediationEnd:
    """Record who mediates (the association itself, or on a regulator's delegation)."""
    try:
        chosen = Mediator(mediator)
    except ValueError:
        raise RuleViolation(_("没有这种调解方式：{mediator!r}。").format(
                                mediator=mediator), _("可选：") + "、".join(
            f"{m.value}（{m.label}）" for m in Mediator)) from None
    with wb.store.write() as session:
        chain = wb.chain(session)
        case = load_for_update(session, case_id, version)
        if case.stage != Stage.MEDIATION.value or case.mediation_result:
            raise RuleViolation(_("{ref} 不在调解中，不能设置调解方式。").format(ref=case.ref),
                                _("案件进入调解阶段后再设置。"))
        old = case.mediator
        case.mediator = chosen.value
        escalation.recompute_due(session, wb, case)  # who mediates decides the limit
        case.updated_at, case.updated_by = chain.at, wb.actor
        session.flush()
        chain.append(events.field_changed("mediator", old, chosen.value), wb.actor,
                     case_id=case_id)
        chain.close()
        return _end(case)


def mediation_state(wb: Workbench, case_id: int) -> MediationEnd:
    """Where a case's mediation stands, with the next steps after a termination."""
    with wb.store.session() as session:
        case = session.get(Case, case_id)
        if case is None:
            raise NotFound(_("案件 #{case_id} 不存在。").format(
                               case_id=case_id), _("刷新队列。"))
        cites: tuple[Citation, ...] = ()
        ground = load_grounds().termination.get(case.termination_ground)
        if ground is not None:
            cites = _citations(ground, load_register(), wb.today())
        return _end(case, citations=cites)


def mediator_label(code: str) -> str:
    return Mediator(code).label if code in Mediator._value2member_map_ else "—"

