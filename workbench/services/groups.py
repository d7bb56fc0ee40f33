"""Joint complaints (共同投诉, 令第20号 art. 11): cases of the same dispute with one provider,
handled as a group with up to two representatives. A case is in at most one open group;
a member leaving keeps its row (and the group its history). Every change is an event in
the group's history (case-less) and on each case's timeline."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from workbench.domain import events
from workbench.domain.ladder import Stage, Status, stage_label
from workbench.domain.vocabulary import EventKind
from workbench.errors import NotFound, RuleViolation
from workbench.filings import documents as docs
from workbench.i18n import _
from workbench.services.bulk import BulkResult
from workbench.services.cases import clean_text
from workbench.services.context import Workbench
from workbench.services.escalation import bulk_escalate
from workbench.services.names import display_names, name_of
from workbench.services.registry import HistoryLine
from workbench.store.audit import ChainWriter
from workbench.store.models import (
    Case,
    CaseEvent,
    CaseGroup,
    CaseGroupMember,
    Complainant,
    Provider,
)

OPEN = "open"
MAX_REPRESENTATIVES = 2  # 令第20号 art. 11: 书面推选两名代表人
MAX_NAME = 100
GROUP_KINDS = (EventKind.GROUP_CREATED, EventKind.GROUP_JOINED, EventKind.GROUP_LEFT,
               EventKind.GROUP_ESCALATED)
LAW_ID = "samr20.art11"


@dataclass(frozen=True, slots=True)
class GroupRow:
    name: str
    provider: str
    status: str
    members: int
    representatives: tuple[str, ...]
    created_by: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class MemberLine:
    ref: str
    case_id: int
    title: str
    stage_label: str
    representative: bool
    joined_at: datetime
    left_at: datetime | None
    left_reason: str


@dataclass(frozen=True, slots=True)
class GroupDetail:
    row: GroupRow
    members: tuple[MemberLine, ...]  # current members first, then those who left
    history: tuple[HistoryLine, ...]

    @property
    def current(self) -> tuple[MemberLine, ...]:
        return tuple(m for m in self.members if m.left_at is None)


@dataclass(frozen=True, slots=True)
class GroupEscalation:
    name: str
    to: Stage
    result: BulkResult


def _name(name: str) -> str:
    text = " ".join(clean_text(name, _("共同投诉名称")).split())
    if not text:
        raise RuleViolation(_("共同投诉的名称不能为空。"), _("例如：汇通费率上调。"))
    if len(text) > MAX_NAME:
        raise RuleViolation(_("名称过长（{n} 字，上限 {most}）。").format(
            n=len(text), most=MAX_NAME), _("用一个简短的名称。"))
    return text


def _group(session: Session, name: str) -> CaseGroup:
    group = session.execute(select(CaseGroup).where(
        col(CaseGroup.name) == " ".join(name.split()))).scalars().first()
    if group is None:
        raise NotFound(_("没有名为「{name}」的共同投诉。").format(name=name.strip()),
                       _("用 workbench group list 查看已有的共同投诉。"))
    return group


def _case(session: Session, ref: str) -> Case:
    case = session.execute(select(Case).where(
        col(Case.ref) == ref.strip().upper())).scalars().first()
    if case is None:
        raise NotFound(_("没有编号为 {ref!r} 的案件。").format(ref=ref.strip()),
                       _("检查案件编号，例如 TS-2026-000123。"))
    return case


def _active(session: Session, group_id: int) -> list[CaseGroupMember]:
    return list(session.execute(select(CaseGroupMember).where(
        col(CaseGroupMember.group_id) == group_id, col(CaseGroupMember.left_at).is_(None))
        .order_by(col(CaseGroupMember.id))).scalars())


def open_group_of(session: Session, case_id: int) -> CaseGroup | None:
    """The open group the case is a member of now, if any."""
    return session.execute(
        select(CaseGroup).join(CaseGroupMember, col(CaseGroupMember.group_id) == CaseGroup.id)
        .where(col(CaseGroupMember.case_id) == case_id,
               col(CaseGroupMember.left_at).is_(None), col(CaseGroup.status) == OPEN)
    ).scalars().first()


def _join(session: Session, chain: ChainWriter, wb: Workbench, group: CaseGroup, case: Case,
          representative: bool) -> None:
    assert case.id is not None and group.id is not None
    if case.status == Status.CLOSED.value:
        raise RuleViolation(_("{ref} 已结案，不能加入共同投诉。").format(ref=case.ref),
                            _("先重新打开案件，或不把它列入。"))
    if case.provider_id != group.provider_id:
        raise RuleViolation(
            _("{ref} 的被投诉人不是本共同投诉的被投诉人。").format(ref=case.ref),
            _("共同投诉只能针对同一经营者（令第20号第十一条）。"))
    held = open_group_of(session, case.id)
    if held is not None:
        raise RuleViolation(_("{ref} 已在共同投诉「{name}」中。").format(
            ref=case.ref, name=held.name), _("先让它退出那个共同投诉：workbench group leave。"))
    session.add(CaseGroupMember(group_id=group.id, case_id=case.id,
                                representative=representative, joined_at=chain.at))
    session.flush()
    event = events.group_joined(group=group.id, name=group.name, ref=case.ref,
                                representative=representative)
    chain.append(event, wb.actor, case_id=case.id)
    chain.append(event, wb.actor)


def _check_representatives(session: Session, group_id: int) -> None:
    count = sum(1 for m in _active(session, group_id) if m.representative)
    if count > MAX_REPRESENTATIVES:
        raise RuleViolation(_("代表人最多 {most} 名（现有 {n} 名）。").format(
            most=MAX_REPRESENTATIVES, n=count),
            _("共同投诉可以由投诉人书面推选两名代表人（令第20号第十一条）。"))


def create_group(wb: Workbench, name: str, refs: Sequence[str],
                 representatives: Iterable[str] = ()) -> GroupDetail:
    """Form a joint complaint of the cases `refs` (two or more, one provider, open, in no
    other open group); `representatives` (at most two) must be among them."""
    text = _name(name)
    wanted = list(dict.fromkeys(r.strip().upper() for r in refs if r.strip()))
    reps = {r.strip().upper() for r in representatives if r.strip()}
    if len(wanted) < 2:
        raise RuleViolation(_("共同投诉至少需要两件案件。"),
                            _("投诉人为两人以上才能按共同投诉处理（令第20号第十一条）。"))
    stray = sorted(reps - set(wanted))
    if stray:
        raise RuleViolation(_("代表人 {refs} 不在所列案件中。").format(refs="、".join(stray)),
                            _("代表人须是共同投诉的成员。"))
    with wb.store.write() as session:
        if session.execute(select(col(CaseGroup.id)).where(col(CaseGroup.name) == text)).first():
            raise RuleViolation(_("已有名为「{name}」的共同投诉。").format(name=text),
                                _("换一个名称。"))
        rows = [_case(session, ref) for ref in wanted]
        provider = session.get(Provider, rows[0].provider_id)
        assert provider is not None
        chain = wb.chain(session)
        group = CaseGroup(name=text, provider_id=rows[0].provider_id, status=OPEN,
                          created_by=wb.actor, created_at=chain.at)
        session.add(group)
        session.flush()
        chain.append(events.group_created(group=group.id, name=text, provider=provider.name,
                                          cases=len(rows)), wb.actor)
        for case in rows:
            _join(session, chain, wb, group, case, case.ref in reps)
        assert group.id is not None
        _check_representatives(session, group.id)
        chain.close()
    return group_detail(wb, text)


def add_member(wb: Workbench, name: str, ref: str, *, representative: bool = False
               ) -> GroupDetail:
    """A case joins an open group (as a representative if asked, at most two)."""
    with wb.store.write() as session:
        group = _group(session, name)
        if group.status != OPEN:
            raise RuleViolation(_("共同投诉「{name}」已结束。").format(name=group.name),
                                _("新建一个共同投诉。"))
        chain = wb.chain(session)
        _join(session, chain, wb, group, _case(session, ref), representative)
        assert group.id is not None
        _check_representatives(session, group.id)
        chain.close()
        text = group.name
    return group_detail(wb, text)


def leave(wb: Workbench, name: str, ref: str, reason: str = "") -> GroupDetail:
    """A member leaves the group: its membership row keeps when it joined and left."""
    reason = clean_text(reason, _("理由"), multiline=True).strip()
    with wb.store.write() as session:
        group = _group(session, name)
        case = _case(session, ref)
        assert group.id is not None
        member = next((m for m in _active(session, group.id) if m.case_id == case.id), None)
        if member is None:
            raise RuleViolation(_("{ref} 不是共同投诉「{name}」的成员。").format(
                ref=case.ref, name=group.name), _("用 workbench group show 查看成员。"))
        chain = wb.chain(session)
        member.left_at, member.left_reason = chain.at, reason[:500]
        session.flush()
        event = events.group_left(group=group.id, name=group.name, ref=case.ref, reason=reason)
        chain.append(event, wb.actor, case_id=case.id)
        chain.append(event, wb.actor)
        chain.close()
        text = group.name
    return group_detail(wb, text)


def _row(session: Session, group: CaseGroup) -> GroupRow:
    assert group.id is not None
    members = _active(session, group.id)
    provider = session.get(Provider, group.provider_id)
    refs = dict(session.execute(select(col(Case.id), col(Case.ref)).where(
        col(Case.id).in_([m.case_id for m in members if m.representative]))).all())
    return GroupRow(name=group.name, provider=provider.name if provider else "",
                    status=group.status, members=len(members),
                    representatives=tuple(refs[m.case_id] for m in members
                                          if m.representative),
                    created_by=name_of(display_names(session, [group.created_by]),
                                       group.created_by),
                    created_at=group.created_at)


def list_groups(wb: Workbench) -> list[GroupRow]:
    """Every group, newest first."""
    with wb.store.session() as session:
        groups = session.execute(select(CaseGroup).order_by(
            col(CaseGroup.created_at).desc(), col(CaseGroup.id).desc())).scalars().all()
        return [_row(session, g) for g in groups]


def group_detail(wb: Workbench, name: str) -> GroupDetail:
    """A group: its members (current and past) and its history."""
    with wb.store.session() as session:
        group = _group(session, name)
        rows = session.execute(
            select(CaseGroupMember, Case).join(Case, col(Case.id) == CaseGroupMember.case_id)
            .where(col(CaseGroupMember.group_id) == group.id)
            .order_by(col(CaseGroupMember.left_at).is_not(None), col(CaseGroupMember.id))
        ).all()
        members = tuple(MemberLine(
            ref=case.ref, case_id=case.id or 0, title=case.title,
            stage_label=stage_label(case.stage), representative=m.representative,
            joined_at=m.joined_at, left_at=m.left_at, left_reason=m.left_reason)
            for m, case in rows)
        found = [e for e in session.execute(select(CaseEvent).where(
            col(CaseEvent.case_id).is_(None), col(CaseEvent.kind).in_(
                [str(k) for k in GROUP_KINDS])).order_by(col(CaseEvent.seq))).scalars()
            if e.payload.get("group") == group.id]
        names = display_names(session, [e.actor for e in found])
        history = tuple(HistoryLine(e.at, name_of(names, e.actor),
                                    events.describe(e.kind, e.payload)) for e in found)
        return GroupDetail(_row(session, group), members, history)


def escalate_group(wb: Workbench, name: str, to: Stage, *, reason: str = "") -> GroupEscalation:
    """Move every current member to `to` by the ladder's own rules (`escalation.escalate`,
    each case in its own transaction); report per member what moved and what was refused
    and why; one `group_escalated` event in the group's history."""
    with wb.store.session() as session:
        group = _group(session, name)
        assert group.id is not None
        ids = [m.case_id for m in _active(session, group.id)]
        versions = dict(session.execute(select(col(Case.id), col(Case.version)).where(
            col(Case.id).in_(ids))).all())
        group_id, text = group.id, group.name
    result = bulk_escalate(wb, versions, to, reason=reason)
    with wb.store.write() as session:
        chain = wb.chain(session)
        chain.append(events.group_escalated(
            group=group_id, name=text, to=to, reason=reason, moved=result.done,
            refused=[ref for ref, _why in result.refused]), wb.actor)
        chain.close()
    return GroupEscalation(text, to, result)


def letter_members(session: Session, case: Case) -> tuple[docs.GroupMember, ...]:
    """The members of `case`'s open group as its letter lists them: names 陈某某, phones
    masked, each case's claim (its demands' sum), representatives marked; () for none."""
    from workbench.domain.masking import mask_phone
    from workbench.filings.text import masked_person

    assert case.id is not None
    group = open_group_of(session, case.id)
    if group is None or group.id is None:
        return ()
    rows = session.execute(
        select(CaseGroupMember, Case, Complainant)
        .join(Case, col(Case.id) == CaseGroupMember.case_id)
        .join(Complainant, col(Complainant.id) == Case.complainant_id)
        .where(col(CaseGroupMember.group_id) == group.id,
               col(CaseGroupMember.left_at).is_(None))
        .order_by(col(CaseGroupMember.representative).desc(), col(CaseGroupMember.id))).all()
    return tuple(docs.GroupMember(
        masked_person(person.name), mask_phone(person.phone), row.ref,
        sum(int(d.get("amount_fen") or 0) for d in row.demands) or row.amount_claimed_fen,
        member.representative) for member, row, person in rows)


def letter_case(session: Session, case: Case) -> list[int]:
    """The member case ids of the open group a group letter for `case` is written for
    (the lead case first); refused when `case` is in no open group."""
    assert case.id is not None
    group = open_group_of(session, case.id)
    if group is None or group.id is None:
        raise RuleViolation(_("{ref} 不在任何共同投诉中，不能出具共同投诉的投诉函。").format(
            ref=case.ref), _("先用 workbench group new 组成共同投诉。"))
    ids = [m.case_id for m in _active(session, group.id)]
    return [case.id, *(i for i in ids if i != case.id)]


def lead_case(wb: Workbench, name: str) -> int:
    """The case a group's letter is filed under: its first representative, else its first
    member (the letter lists them all)."""
    with wb.store.session() as session:
        group = _group(session, name)
        assert group.id is not None
        members = _active(session, group.id)
        if not members:
            raise RuleViolation(_("共同投诉「{name}」没有成员。").format(name=group.name),
                                _("先用 workbench group add 加入案件。"))
        return next((m for m in members if m.representative), members[0]).case_id


def member_case_ids(wb: Workbench, name: str) -> list[int]:
    """The current members' case ids, in the order they joined."""
    with wb.store.session() as session:
        group = _group(session, name)
        assert group.id is not None
        return [m.case_id for m in _active(session, group.id)]
