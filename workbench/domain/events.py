"""Case history entries as data: one builder per event kind, and their Chinese wording.

Services and the demo generator build every event here, so a payload has one shape
wherever it is written; the timeline, CSV exports and filings describe it here, so no
raw code reaches a screen.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from workbench.domain.categories import EvidenceKind
from workbench.domain.ladder import Body, Outcome, Role, Stage
from workbench.domain.law.grounds import load_grounds
from workbench.domain.vocabulary import (
    CaseField,
    ContactChannel,
    DisputeScope,
    EventKind,
    EvidenceField,
    LitigationKey,
    PersonalField,
)

JSON = dict[str, Any]


@dataclass(frozen=True, slots=True)
class NewEvent:
    """An event about to be appended to the chain: its kind and JSON-native payload."""

    kind: EventKind
    payload: JSON = field(default_factory=dict)


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def created(*, ref: str, title: str, stage: Stage, due_on: date | None, due_estimated: bool,
            categories: Iterable[str], assignee: str | None) -> NewEvent:
    return NewEvent(EventKind.CREATED, {
        "ref": ref, "title": title, "stage": str(stage), "due_on": _day(due_on),
        "due_estimated": due_estimated, "categories": [str(c) for c in categories],
        "assignee": assignee})


# the field changes whose old → new the timeline shows (short values; personal ones are
# recorded masked)
SHOWN_CHANGES = frozenset({"title", "terminal_sn", "complainant_name", "phone",
                           "id_number", "provider"})


def field_changed(name: str, old: Any, new: Any) -> NewEvent:
    return NewEvent(EventKind.FIELD_CHANGED, {"field": name, "old": old, "new": new})


def assigned(previous: str | None, to: str | None) -> NewEvent:
    return NewEvent(EventKind.ASSIGNED, {"from": previous, "to": to})


def stage_changed(*, previous: Stage, to: Stage, reason: str, due_on: date | None,
                  due_estimated: bool, outcome: Outcome | None = None,
                  recovered_fen: int | None = None, prev: JSON | None = None) -> NewEvent:
    """A move on the ladder; ``prev`` is the case's state before it, for undo."""
    payload: JSON = {"from": str(previous), "to": str(to), "reason": reason,
                     "due_on": _day(due_on), "due_estimated": due_estimated,
                     "outcome": str(outcome) if outcome else None,
                     "recovered_fen": recovered_fen}
    if prev is not None:
        payload["prev"] = prev
    return NewEvent(EventKind.STAGE_CHANGED, payload)


def stage_change_undone(*, undoes: int, previous: Stage, to: Stage,
                        due_on: date | None) -> NewEvent:
    return NewEvent(EventKind.STAGE_CHANGE_UNDONE, {
        "undoes": undoes, "from": str(previous), "to": str(to), "due_on": _day(due_on)})


def contact_logged(*, contact: int | None, channel: ContactChannel, counterpart: str,
                   stage: Stage, ticket_no: str, next_follow_up: date | None) -> NewEvent:
    return NewEvent(EventKind.CONTACT_LOGGED, {
        "contact": contact, "channel": str(channel), "counterpart": counterpart,
        "stage": str(stage), "ticket_no": ticket_no, "next_follow_up": _day(next_follow_up)})


def evidence_added(*, evidence_id: int | None, kind: EvidenceKind, title: str, sha256: str,
                   size: int, media_type: str) -> NewEvent:
    return NewEvent(EventKind.EVIDENCE_ADDED, {
        "evidence_id": evidence_id, "kind": str(kind), "title": title, "sha256": sha256,
        "size": size, "media_type": media_type})


def evidence_changed(*, evidence_id: int, changes: Mapping[EvidenceField, tuple[Any, Any]]
                     ) -> NewEvent:
    """A correction of an evidence item's 证明对象, 页数, 原件/复印件 or 载体: (old, new)
    per field changed."""
    return NewEvent(EventKind.EVIDENCE_CHANGED, {
        "evidence_id": evidence_id,
        "changes": {str(name): {"old": old, "new": new} for name, (old, new) in changes.items()}})


def annotated(*, annotation_id: int | None, evidence_id: int | None, tags: list[str],
              body: str, evidence_title: str = "") -> NewEvent:
    """A note; the chain keeps its length and hash, not the text (it may hold personal data);
    a note on evidence names it (its title, as `evidence_added` records it)."""
    return NewEvent(EventKind.ANNOTATED, {
        "annotation_id": annotation_id, "evidence_id": evidence_id,
        **({"evidence_title": evidence_title} if evidence_title else {}), "tags": list(tags),
        "chars": len(body), "body_sha256": hashlib.sha256(body.encode()).hexdigest()})


def filing_exported(*, filing: int | None, kind: str, doc_no: str, sha256: str, file: str,
                    full_personal_data: bool, draft: bool = False) -> NewEvent:
    return NewEvent(EventKind.FILING_EXPORTED, {
        "filing": filing, "kind": kind, "doc_no": doc_no, "sha256": sha256, "file": file,
        "personal_data": "full" if full_personal_data else "masked", "draft": draft})


def pii_revealed(personal_field: PersonalField, complainant: int | None,
                 reason: str = "") -> NewEvent:
    """Someone saw a personal-data field in full, and why (the access log shows it)."""
    payload: JSON = {"field": str(personal_field), "complainant": complainant}
    if reason:
        payload["reason"] = reason
    return NewEvent(EventKind.PII_REVEALED, payload)


def bodies_recorded(old: Iterable[str], new: Iterable[str]) -> NewEvent:
    return NewEvent(EventKind.BODIES_RECORDED, {"old": [str(b) for b in old],
                                                "new": [str(b) for b in new]})


def approval_requested(*, request: int | None, to: Stage, reason: str) -> NewEvent:
    return NewEvent(EventKind.APPROVAL_REQUESTED, {"request": request, "to": str(to),
                                                   "reason": reason})


def approval_decided(*, request: int, to: str, approved: bool, note: str) -> NewEvent:
    return NewEvent(EventKind.APPROVAL_DECIDED, {"request": request, "to": to,
                                                 "approved": approved, "note": note})


def clock_paused(reason: str, since: date) -> NewEvent:
    return NewEvent(EventKind.CLOCK_PAUSED, {"reason": reason, "since": _day(since)})


def clock_resumed(paused_days: int, due_on: date | None) -> NewEvent:
    return NewEvent(EventKind.CLOCK_RESUMED, {"paused_days": paused_days,
                                              "due_on": _day(due_on)})


def deadline_extended(days: int, reason: str, due_on: date | None) -> NewEvent:
    return NewEvent(EventKind.DEADLINE_EXTENDED, {"days": days, "reason": reason,
                                                  "due_on": _day(due_on)})


def caseworker_added(login: str, role: str, *, name: str = "",
                     db_role: str | None = None) -> NewEvent:
    payload: dict[str, Any] = {"login": login, "role": role}
    if name:
        payload["name"] = name
    if db_role:
        payload["db_role"] = db_role
    return NewEvent(EventKind.CASEWORKER_ADDED, payload)


def role_changed(login: str, old: str, new: str) -> NewEvent:
    return NewEvent(EventKind.ROLE_CHANGED, {"login": login, "from": old, "to": new})


def caseworker_deactivated(login: str) -> NewEvent:
    return NewEvent(EventKind.CASEWORKER_DEACTIVATED, {"login": login})


def provider_added(provider: int | None, name: str) -> NewEvent:
    return NewEvent(EventKind.PROVIDER_ADDED, {"provider": provider, "name": name})


def holidays_imported(days: int, years: list[int]) -> NewEvent:
    return NewEvent(EventKind.HOLIDAYS_IMPORTED, {"days": days, "years": years})


def case_imported(*, file: str, sheet: str, row: int, external_ref: str | None,
                  import_id: str) -> NewEvent:
    return NewEvent(EventKind.CASE_IMPORTED, {"file": file, "sheet": sheet, "row": row,
                                              "external_ref": external_ref,
                                              "import_id": import_id})


def import_run(*, file: str, profile: str, import_id: str, created: int, imported: int,
               duplicates: int, refused: int, cancelled: bool) -> NewEvent:
    return NewEvent(EventKind.IMPORT_RUN, {
        "file": file, "profile": profile, "import_id": import_id, "created": created,
        "already_imported": imported, "duplicates": duplicates, "refused": refused,
        "cancelled": cancelled})


def scope_set(scope: DisputeScope, reason: str) -> NewEvent:
    return NewEvent(EventKind.SCOPE_SET, {"scope": str(scope), "reason": reason})


def litigation_set(fields: list[str]) -> NewEvent:
    """The case's court-paper details changed (which ones; the values are on the case)."""
    return NewEvent(EventKind.LITIGATION_SET, {"fields": sorted(fields)})


def provider_updated(*, provider_id: int | None, name: str, fields: list[str]) -> NewEvent:
    return NewEvent(EventKind.PROVIDER_UPDATED, {"provider_id": provider_id, "name": name,
                                                  "fields": sorted(fields)})


def provider_merged(*, from_id: int, from_name: str, into_id: int, into_name: str,
                    reason: str, cases: int) -> NewEvent:
    """FROM's cases and superior links moved to INTO; FROM's name kept as INTO's alias.
    Written once case-less (both providers' histories) and once on each moved case."""
    return NewEvent(EventKind.PROVIDER_MERGED, {
        "from_id": from_id, "from_name": from_name, "into_id": into_id,
        "into_name": into_name, "reason": reason, "cases": cases})


def case_merged(*, kept: bool, other_id: int, other_ref: str, reason: str,
                moved: Mapping[str, int] | None = None, demands_added: int = 0) -> NewEvent:
    """Two cases of one dispute became one. Written on both: on the kept case (what moved
    in from `other_ref`) and on the merged-away one, which it closes (outcome `merged`)."""
    return NewEvent(EventKind.CASE_MERGED, {
        "role": "kept" if kept else "away", "other_id": other_id, "other_ref": other_ref,
        "reason": reason, "moved": dict(moved or {}), "demands_added": demands_added})


def provider_alias(*, provider_id: int, name: str, alias: str, removed: bool = False
                   ) -> NewEvent:
    kind = EventKind.PROVIDER_ALIAS_REMOVED if removed else EventKind.PROVIDER_ALIAS_ADDED
    return NewEvent(kind, {"provider_id": provider_id, "name": name, "alias": alias})


def accepted(*, due_on: date | None, note: str = "") -> NewEvent:
    """The association accepts the complaint (受理); ``due_on``: the next stage's deadline."""
    return NewEvent(EventKind.ACCEPTED, {"due_on": _day(due_on), "note": note})


def material_requested(*, items: Iterable[str], by: date) -> NewEvent:
    return NewEvent(EventKind.MATERIAL_REQUESTED, {"items": [str(i) for i in items],
                                                   "by": _day(by)})


def refused(*, ground: str, cites: Iterable[str], note: str = "", reason: str = "") -> NewEvent:
    """不予受理 on a coded ground; ``cites`` are the register ids the notice prints,
    ``reason`` why the ground applies, as the notice states it ("" for none)."""
    payload: dict[str, object] = {"ground": ground, "cites": list(cites), "note": note}
    if reason:
        payload["reason"] = reason
    return NewEvent(EventKind.REFUSED, payload)


def mediation_agreed(*, terms: str, recovered_fen: int, punitive_fen: int,
                     perform_by: date | None) -> NewEvent:
    """A 调解协议: the agreed terms, money recovered (of it 加倍赔偿), when it is performed."""
    return NewEvent(EventKind.MEDIATION_AGREED, {
        "terms": terms, "recovered_fen": recovered_fen, "punitive_fen": punitive_fen,
        "perform_by": _day(perform_by)})


def mediation_terminated(*, ground: str, cites: Iterable[str], note: str = "",
                         notify_by: date | None = None) -> NewEvent:
    return NewEvent(EventKind.MEDIATION_TERMINATED, {
        "ground": ground, "cites": list(cites), "note": note, "notify_by": _day(notify_by)})


def group_created(*, group: int | None, name: str, provider: str, cases: int) -> NewEvent:
    """A joint complaint formed (case-less: the group's own history)."""
    return NewEvent(EventKind.GROUP_CREATED, {"group": group, "name": name,
                                              "provider": provider, "cases": cases})


def group_joined(*, group: int | None, name: str, ref: str, representative: bool) -> NewEvent:
    """A case joined a group: written on the case and once case-less for the group."""
    return NewEvent(EventKind.GROUP_JOINED, {"group": group, "name": name, "ref": ref,
                                             "representative": representative})


def group_left(*, group: int | None, name: str, ref: str, reason: str) -> NewEvent:
    return NewEvent(EventKind.GROUP_LEFT, {"group": group, "name": name, "ref": ref,
                                           "reason": reason})


def group_escalated(*, group: int | None, name: str, to: Stage, reason: str,
                    moved: Iterable[str], refused: Iterable[str]) -> NewEvent:
    """A group escalation: which members moved, which were refused (each refused one
    keeps its reason in the CLI's report; the moved ones have their stage_changed)."""
    return NewEvent(EventKind.GROUP_ESCALATED, {
        "group": group, "name": name, "to": str(to), "reason": reason,
        "moved": list(moved), "refused": list(refused)})


# --- wording --------------------------------------------------------------------------

def _stage(code: object) -> str:
    return Stage(str(code)).label if str(code) in Stage._value2member_map_ else "—"


def _due(payload: Mapping[str, Any]) -> str:
    if not payload.get("due_on"):
        return ""
    return f"，期限 {payload['due_on']}{'（估算）' if payload.get('due_estimated') else ''}"


def _ground(kind: str, code: object) -> str:
    from_table = getattr(load_grounds(), kind)
    ground = from_table.get(str(code))
    return ground.label if ground is not None else "其他理由"


def _note(payload: Mapping[str, Any]) -> str:
    return f"，说明：{payload['note']}" if payload.get("note") else ""


LITIGATION_LABELS: dict[str, str] = {
    **{k.value: k.label for k in LitigationKey}, "cause": "案由", "ethnicity": "民族",
    "address": "住所"}


# the payload keys that hold a caseworker's login, by event kind
PEOPLE_KEYS: dict[str, tuple[str, ...]] = {
    EventKind.ASSIGNED: ("from", "to"), EventKind.CASEWORKER_ADDED: ("login",),
    EventKind.ROLE_CHANGED: ("login",), EventKind.CASEWORKER_DEACTIVATED: ("login",)}


def logins_named(kind: str, payload: Mapping[str, Any]) -> set[str]:
    """The logins an event's text names (whom it assigned, added, …), besides its actor."""
    return {str(payload[key]) for key in PEOPLE_KEYS.get(kind, ()) if payload.get(key)}


def describe(kind: str, payload: Mapping[str, Any],
             document_labels: Mapping[str, str] | None = None,
             people: Mapping[str, str] | None = None) -> str:
    """One line for the timeline, in Chinese, for every event kind (unknown: its label).
    ``people`` maps logins to display names: a person named in the text is shown by name
    (the payload keeps the login)."""
    p = payload

    def person(key: str, none: str = "") -> str:
        login = str(p.get(key) or "")
        return (people or {}).get(login) or login or none
    match kind:
        case EventKind.STAGE_CHANGED:
            text = f"{_stage(p.get('from'))} → {_stage(p.get('to'))}{_due(p)}"
            if p.get("outcome"):
                text += f"，结果：{Outcome.label_of(p['outcome'])}"
            if p.get("recovered_fen"):
                text += f"，挽回 {int(p['recovered_fen']) / 100:,.2f} 元"
            if p.get("reason"):
                text += f"，理由：{p['reason']}"
            return text
        case EventKind.STAGE_CHANGE_UNDONE:
            return f"撤销阶段变更：{_stage(p.get('from'))} → {_stage(p.get('to'))}{_due(p)}"
        case EventKind.CREATED:
            return f"受理登记{_due(p)}"
        case EventKind.FIELD_CHANGED:
            label = CaseField.label_of(p.get('field'), '字段')
            old, new = p.get("old"), p.get("new")
            if p.get("field") in SHOWN_CHANGES and isinstance(new, str):
                return f"修改{label}：{old or '（未填写）'} → {new or '（未填写）'}"
            return f"修改{label}"
        case EventKind.ASSIGNED:
            return f"分配：{person('from', '未分配')} → {person('to', '未分配')}"
        case EventKind.CONTACT_LOGGED:
            who = p.get("counterpart") or ""
            channel = ContactChannel.label_of(p.get("channel"), "其他方式")
            text = (f"与{who}面谈" if who else "面谈") if p.get("channel") == "visit" else (
                f"联系{who}" if who and channel in who  # 某某信息在线客服: the channel once
                else f"通过{channel}联系{who}")
            if p.get("ticket_no"):
                text += f"，工单号 {p['ticket_no']}"
            if p.get("next_follow_up"):
                text += f"，下次跟进 {p['next_follow_up']}"
            return text
        case EventKind.EVIDENCE_ADDED:
            return (f"添加证据（{EvidenceKind.label_of(p.get('kind'), '其他')}）："
                    f"{p.get('title') or ''}")
        case EventKind.EVIDENCE_CHANGED:
            names = [EvidenceField.label_of(f, "字段") for f in p.get("changes") or {}]
            return f"修改证据 #{p.get('evidence_id')}：{'、'.join(names) or '无变化'}"
        case EventKind.ANNOTATED:
            if not p.get("evidence_id"):
                return "为案件添加批注"
            named = f"「{p['evidence_title']}」" if p.get("evidence_title") else " "
            return f"为证据 #{p['evidence_id']}{named}添加批注"
        case EventKind.FILING_EXPORTED:
            labels = document_labels or {}
            name = labels.get(str(p.get("kind")), "文书")
            draft = "（草稿）" if p.get("draft") else ""
            return (f"导出{name}{draft} {p.get('doc_no') or ''}".rstrip()
                    + f"，个人信息{'完整' if p.get('personal_data') == 'full' else '已打码'}")
        case EventKind.PII_REVEALED:
            return (f"查看个人信息：{PersonalField.label_of(p.get('field'), '个人信息')}"
                    + (f"，理由：{p['reason']}" if p.get("reason") else ""))
        case EventKind.BODIES_RECORDED:
            bodies = [Body.label_of(b) for b in p.get("new") or []]
            return f"登记已受理机构：{'、'.join(bodies) or '无'}"
        case EventKind.APPROVAL_REQUESTED:
            return f"申请审批：转入{_stage(p.get('to'))}，理由：{p.get('reason') or ''}"
        case EventKind.APPROVAL_DECIDED:
            verdict = "批准" if p.get("approved") else "驳回"
            note = f"，意见：{p['note']}" if p.get("note") else ""
            return f"审批{verdict}：转入{_stage(p.get('to'))}{note}"
        case EventKind.CLOCK_PAUSED:
            return f"暂停计时（自 {p.get('since')}），理由：{p.get('reason') or ''}"
        case EventKind.CLOCK_RESUMED:
            return f"恢复计时，暂停 {p.get('paused_days', 0)} 天{_due(p)}"
        case EventKind.DEADLINE_EXTENDED:
            return f"延长期限 {p.get('days', 0)} 天{_due(p)}，理由：{p.get('reason') or ''}"
        case EventKind.CASEWORKER_ADDED:
            return (f"添加经办人 {person('login')}"
                    f"（{Role.label_of(p.get('role'), '')}）")
        case EventKind.ROLE_CHANGED:
            return (f"修改 {person('login')} 的角色："
                    f"{Role.label_of(p.get('from'), '')} → "
                    f"{Role.label_of(p.get('to'), '')}")
        case EventKind.CASEWORKER_DEACTIVATED:
            return f"停用经办人 {person('login')}"
        case EventKind.PROVIDER_ADDED:
            return f"添加服务商 {p.get('name') or ''}"
        case EventKind.HOLIDAYS_IMPORTED:
            return f"导入节假日 {p.get('days', 0)} 天"
        case EventKind.CASE_IMPORTED:
            ref = f"，登记编号 {p['external_ref']}" if p.get("external_ref") else ""
            return f"从 {p.get('file') or ''} 第 {p.get('row') or ''} 行导入登记{ref}"
        case EventKind.IMPORT_RUN:
            return (f"批量导入 {p.get('file') or ''}：新建 {p.get('created', 0)}，"
                    f"已导入 {p.get('already_imported', 0)}，疑似重复 {p.get('duplicates', 0)}，"
                    f"拒绝 {p.get('refused', 0)}" + ("（已中止）" if p.get("cancelled") else ""))
        case EventKind.SCOPE_SET:
            return (f"认定争议性质：{DisputeScope.label_of(p.get('scope'), '未认定')}"
                    f"，理由：{p.get('reason') or '（未填写）'}")
        case EventKind.ACCEPTED:
            return f"决定受理{_due(p)}"
        case EventKind.MATERIAL_REQUESTED:
            return (f"通知补正材料：{'、'.join(p.get('items') or [])}"
                    f"，期限 {p.get('by') or ''}")
        case EventKind.REFUSED:
            return f"决定不予受理：{_ground('refusal', p.get('ground'))}{_note(p)}"
        case EventKind.MEDIATION_AGREED:
            text = "达成调解协议"
            if p.get("recovered_fen"):
                text += f"，挽回 {int(p['recovered_fen']) / 100:,.2f} 元"
            if p.get("punitive_fen"):
                text += f"（其中加倍赔偿 {int(p['punitive_fen']) / 100:,.2f} 元）"
            if p.get("perform_by"):
                text += f"，履行期限 {p['perform_by']}"
            return text
        case EventKind.LITIGATION_SET:
            return "登记诉讼信息：" + "、".join(
                LITIGATION_LABELS.get(f, f) for f in p.get("fields") or [])
        case EventKind.PROVIDER_UPDATED:
            return f"修改服务商资料：{p.get('name') or ''}（{'、'.join(p.get('fields') or [])}）"
        case EventKind.PROVIDER_MERGED:
            return (f"合并服务商：{p.get('from_name') or ''} 并入 {p.get('into_name') or ''}"
                    + (f"，理由：{p['reason']}" if p.get("reason") else ""))
        case EventKind.CASE_MERGED:
            verb = "并入" if p.get("role") == "kept" else "已并入"
            return (f"{verb} {p.get('other_ref') or ''}"
                    + (f"，理由：{p['reason']}" if p.get("reason") else ""))
        case EventKind.PROVIDER_ALIAS_ADDED:
            return f"添加服务商别名：{p.get('name') or ''}（{p.get('alias') or ''}）"
        case EventKind.PROVIDER_ALIAS_REMOVED:
            return f"删除服务商别名：{p.get('name') or ''}（{p.get('alias') or ''}）"
        case EventKind.MEDIATION_TERMINATED:
            return f"终止调解：{_ground('termination', p.get('ground'))}{_note(p)}"
        case EventKind.GROUP_CREATED:
            return (f"成立共同投诉「{p.get('name') or ''}」（被投诉人 {p.get('provider') or ''}，"
                    f"{p.get('cases', 0)} 件）")
        case EventKind.GROUP_JOINED:
            role = "，为代表人" if p.get("representative") else ""
            return f"{p.get('ref') or ''} 加入共同投诉「{p.get('name') or ''}」{role}"
        case EventKind.GROUP_LEFT:
            why = f"，理由：{p['reason']}" if p.get("reason") else ""
            return f"{p.get('ref') or ''} 退出共同投诉「{p.get('name') or ''}」{why}"
        case EventKind.GROUP_ESCALATED:
            return (f"共同投诉「{p.get('name') or ''}」转到{_stage(p.get('to'))}："
                    f"转出 {len(p.get('moved') or [])} 件，未转 {len(p.get('refused') or [])} 件")
        case _:
            return EventKind.label_of(kind, "其他事件")
