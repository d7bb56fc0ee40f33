"""Merging duplicate cases: two cases of one dispute become one.

The kept case takes the merged-away case's evidence (the rows are re-pointed; the files stay
where they are in the blob store), contacts, annotations and filings, and those of its
demands it does not have yet. Each case keeps its own timeline — events are never rewritten,
so the audit chain still verifies — and both get a `case_merged` event. The merged-away case
is closed with outcome `merged` and `merged_into_id`; its ref redirects to the kept case
(`cases.resolve_ref`).

Who: a merge is a reversible clerical act, not a decision on the dispute, so no four eyes —
a caseworker may merge two cases assigned to them, a supervisor or admin any two.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session
from sqlmodel import col

from workbench.domain import events
from workbench.domain.ladder import Outcome, Role, Stage, Status
from workbench.errors import RuleViolation
from workbench.i18n import N_, _
from workbench.services.cases import (
    ComplainantDraft,
    case_by_ref,
    clean_text,
    load_for_update,
    reindex,
    resolve_ref,
)
from workbench.services.contacts import effective_due
from workbench.services.context import Workbench
from workbench.services.identity import person, role_of
from workbench.services.intake import duplicates_in, same_person
from workbench.store.models import (
    Annotation,
    Case,
    Caseworker,
    Complainant,
    Contact,
    Evidence,
    Filing,
    Provider,
)

# what moves to the kept case: table, and its label in "what will move"
MOVED: dict[str, tuple[Any, str]] = {
    "evidence": (Evidence, N_("证据")), "contacts": (Contact, N_("联系记录")),
    "annotations": (Annotation, N_("批注")), "filings": (Filing, N_("文书"))}


class DifferentComplainants(RuleViolation):
    """The two cases record different complainants: the caller may confirm they are one
    person (`same_complainant=True`)."""


@dataclass(frozen=True, slots=True)
class MergePlan:
    """What a merge of `away_ref` into `keep_ref` does, shown before it is confirmed."""

    keep_id: int
    keep_ref: str
    keep_version: int
    away_id: int
    away_ref: str
    away_version: int
    moved: dict[str, int]  # MOVED code → rows that move
    demands: tuple[str, ...]  # the kept case's demands after the merge
    demands_added: int  # how many of them come from the merged-away case
    amount_claimed_fen: int  # their total

    def lines(self) -> list[str]:
        """The plan in words, one line each (the CLI prints them, the TUI shows them)."""
        moved = "、".join(f"{_(MOVED[k][1])} {n}" for k, n in self.moved.items() if n)
        out = [_("{away} 并入 {keep}：{away} 将结案（已并入其他案件），编号转到 {keep}。").format(
                   away=self.away_ref, keep=self.keep_ref),
               _("移入：{items}").format(items=moved or _("无"))]
        out.append(_("投诉请求（合并后 {n} 项，其中新增 {added} 项，共 {total:,.2f} 元）：").format(
            n=len(self.demands), added=self.demands_added,
            total=self.amount_claimed_fen / 100))
        out += [f"  {n}. {d}" for n, d in enumerate(self.demands, 1)]
        return out


@dataclass(frozen=True, slots=True)
class Candidate:
    """An open case that looks like a duplicate of another (same complainant, provider and
    terminal)."""

    id: int
    ref: str
    title: str
    assignee: str


def _demand_line(demand: dict[str, Any]) -> str:
    fen = int(demand.get("amount_fen") or 0)
    text = str(demand.get("text") or "")
    return _("{text}  {yuan:,.2f} 元").format(text=text, yuan=fen / 100) if fen else text


def _combined(keep: Case, away: Case) -> tuple[list[dict[str, Any]], int]:
    """The kept case's demands plus those of the other it does not have (same text and
    amount); and how many were added."""
    have = {(str(d.get("text") or "").strip(), int(d.get("amount_fen") or 0))
            for d in keep.demands}
    added = [dict(d) for d in away.demands
             if (str(d.get("text") or "").strip(), int(d.get("amount_fen") or 0)) not in have]
    return [*[dict(d) for d in keep.demands], *added], len(added)


def _root_provider(session: Session, provider_id: int) -> int:
    """The provider a (chain of) registry merges ended in."""
    seen: set[int] = set()
    while provider_id not in seen:
        seen.add(provider_id)
        row = session.get(Provider, provider_id)
        if row is None or row.merged_into_id is None:
            break
        provider_id = row.merged_into_id
    return provider_id


def _refusals(session: Session, wb: Workbench, keep: Case, away: Case,
              same_complainant: bool) -> None:
    if keep.id == away.id:
        raise RuleViolation(_("{ref} 不能并入它自己。").format(ref=keep.ref),
                            _("请写出两件不同的案件：保留的在前，并入的在后。"))
    for case in (keep, away):
        if case.merged_into_id is not None or case.status == Status.CLOSED.value:
            raise RuleViolation(
                _("{ref} 已结案（{outcome}），不能合并。").format(
                    ref=case.ref, outcome=Outcome.label_of(case.outcome, "")),
                _("合并只用于两件未结的案件；已结的请负责人先重新打开。"))
    a = session.get(Complainant, keep.complainant_id)
    b = session.get(Complainant, away.complainant_id)
    assert a is not None and b is not None
    if a.id != b.id and not (a.name == b.name and same_person(b, a)) and not same_complainant:
        raise DifferentComplainants(
            _("两案投诉人不同（{a} / {b}）：不能合并。").format(a=a.name, b=b.name),
            _("若确是同一人（例如姓名录入有误），请确认后再合并："
              "命令行加 --same-complainant，界面中选择「是同一人」。"))
    if _root_provider(session, keep.provider_id) != _root_provider(session, away.provider_id):
        names = [session.get(Provider, c.provider_id) for c in (keep, away)]
        raise RuleViolation(
            _("两案服务商不同（{a} / {b}）：不能合并。").format(
                a=names[0].name if names[0] else "", b=names[1].name if names[1] else ""),
            _("若两者是同一服务商的重复登记，请负责人先合并服务商"
              "（workbench providers merge），再合并案件。"))
    if role_of(session, wb.actor) in (Role.SUPERVISOR, Role.ADMIN):
        return
    me = person(session, wb.actor)
    for case in (keep, away):
        if me is None or case.assignee_id != me.id:
            owner = session.get(Caseworker, case.assignee_id) if case.assignee_id else None
            raise RuleViolation(
                _("{ref} 分配给 {owner}：经办人只能合并分配给自己的案件。").format(
                    ref=case.ref, owner=owner.display_name if owner else _("无人")),
                _("请负责人合并，或先把两件案件都分配给你。"))


def _plan(session: Session, wb: Workbench, keep: Case, away: Case,
          same_complainant: bool) -> MergePlan:
    _refusals(session, wb, keep, away, same_complainant)
    assert keep.id is not None and away.id is not None
    moved = {code: int(session.execute(select(func.count()).select_from(table).where(
        col(table.case_id) == away.id)).scalar_one()) for code, (table, _l) in MOVED.items()}
    demands, added = _combined(keep, away)
    return MergePlan(keep.id, keep.ref, keep.version, away.id, away.ref, away.version, moved,
                     tuple(_demand_line(d) for d in demands), added,
                     sum(int(d.get("amount_fen") or 0) for d in demands))


def plan_merge(wb: Workbench, keep_ref: str, away_ref: str, *,
               same_complainant: bool = False) -> MergePlan:
    """What merging AWAY into KEEP would do, or a RuleViolation saying why it may not
    (closed, different complainants or providers, not the actor's cases)."""
    with wb.store.session() as session:
        keep, away = case_by_ref(session, keep_ref), case_by_ref(session, away_ref)
        return _plan(session, wb, keep, away, same_complainant)


def merge_cases(wb: Workbench, keep_ref: str, away_ref: str, reason: str, *,
                same_complainant: bool = False,
                expected: tuple[int, int] | None = None) -> MergePlan:
    """Merge the case AWAY into KEEP (see the module docstring); `same_complainant`: the
    caller confirms two differently recorded complainants are one person; `expected`: the
    (keep, away) versions the caller's plan was made on (else a ConflictError)."""
    reason = clean_text(reason, _("理由"), multiline=True).strip()
    if not reason:
        raise RuleViolation(_("合并案件需要写明理由。"), _("例如：同一投诉重复登记。"))
    with wb.store.write() as session:
        chain = wb.chain(session)
        keep, away = case_by_ref(session, keep_ref), case_by_ref(session, away_ref)
        plan = _plan(session, wb, keep, away, same_complainant)
        if expected is not None:
            load_for_update(session, plan.keep_id, expected[0])
            load_for_update(session, plan.away_id, expected[1])
        for table, _label in MOVED.values():
            session.execute(update(table).where(col(table.case_id) == away.id)
                            .values(case_id=keep.id))
        now = chain.at
        demands, added = _combined(keep, away)
        if added:
            old = keep.demands
            keep.demands = demands
            keep.amount_claimed_fen = plan.amount_claimed_fen
            chain.append(events.field_changed("demands", old, demands), wb.actor,
                         case_id=keep.id, at=now)
        away.stage, away.status = Stage.CLOSED.value, Status.CLOSED.value
        away.outcome, away.closed_at, away.stage_entered_at = Outcome.MERGED.value, now, now
        away.stage_due_on, away.follow_up_on, away.due_estimated = None, None, False
        away.paused_since, away.merged_into_id = None, keep.id
        effective_due(away)
        for case in (keep, away):
            case.updated_at, case.updated_by = now, wb.actor
        session.flush()
        assert keep.id is not None and away.id is not None
        chain.append(events.case_merged(kept=True, other_id=away.id, other_ref=away.ref,
                                        reason=reason, moved=plan.moved,
                                        demands_added=added),
                     wb.actor, case_id=keep.id, at=now)
        chain.append(events.case_merged(kept=False, other_id=keep.id, other_ref=keep.ref,
                                        reason=reason, moved=plan.moved),
                     wb.actor, case_id=away.id, at=now)
        reindex(session, keep)
        reindex(session, away)
        chain.close()
    return plan


def duplicate_candidates(wb: Workbench, ref: str) -> list[Candidate]:
    """Open cases that look like duplicates of the case `ref` names: the same complainant
    against the same provider (and terminal), as intake and import flag 疑似重复."""
    case = resolve_ref(wb, ref).case
    with wb.store.session() as session:
        person_row = session.get(Complainant, case.complainant_id)
        provider = session.get(Provider, case.provider_id)
        assert person_row is not None and provider is not None
        draft = ComplainantDraft(name=person_row.name, phone=person_row.phone,
                                 id_number=person_row.id_number)
        refs = [r for r in duplicates_in(session, draft, provider.name, case.terminal_sn)
                if r != case.ref]
        out = []
        for other in session.execute(select(Case).where(col(Case.ref).in_(refs))
                                     .order_by(col(Case.ref))).scalars():
            owner = session.get(Caseworker, other.assignee_id) if other.assignee_id else None
            assert other.id is not None
            out.append(Candidate(other.id, other.ref, other.title,
                                 owner.display_name if owner else ""))
        return out
