"""What changed on a case since the screen read it: the live case screen polls this.

Every change to a case appends an event, so "the events after the newest one I read"
is both the change marker and what to tell the caseworker. One indexed query (the
event's `case_id` index); nothing comes back when nobody wrote.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlmodel import col

from workbench.domain.events import logins_named
from workbench.domain.vocabulary import CaseField, EventKind
from workbench.i18n import _
from workbench.services.case_view import describe_event
from workbench.services.context import Workbench
from workbench.services.names import display_names
from workbench.store.models import CaseEvent, Caseworker

MAX_CHANGES = 20  # more than this at once: the notice names the newest


@dataclass(frozen=True, slots=True)
class CaseChange:
    """One change to the case by someone, in words: 周琦 刚刚添加了证据「合同」."""

    seq: int
    actor: str  # login: the screen does not announce the caseworker's own changes
    who: str  # display name (the login if the person is not registered)
    what: str  # 添加了证据「合同」, 修改了标题, …

    @property
    def notice(self) -> str:
        return _("{who} 刚刚{what}").format(who=self.who, what=self.what)


def change_text(kind: str, payload: dict[str, Any],
                names: Mapping[str, str] | None = None) -> str:
    """The change as a verb phrase for a notice (the timeline's words otherwise; ``names``:
    login → display name of the people it mentions)."""
    if kind == EventKind.EVIDENCE_ADDED:
        return _("添加了证据「{title}」").format(title=payload.get("title") or "")
    if kind == EventKind.FIELD_CHANGED:
        return _("修改了{field}").format(field=CaseField.label_of(payload.get("field"), _("字段")))
    if kind == EventKind.STAGE_CHANGED:
        return _("变更了阶段：{change}").format(change=describe_event(kind, payload))
    return describe_event(kind, payload, names)


def case_changes(wb: Workbench, case_id: int, since_seq: int) -> tuple[CaseChange, ...]:
    """The changes to case `case_id` after event `since_seq`, oldest first (at most
    `MAX_CHANGES`, the newest kept)."""
    with wb.store.session() as session:
        rows = session.execute(
            select(col(CaseEvent.seq), col(CaseEvent.kind), col(CaseEvent.actor),
                   col(CaseEvent.payload), col(Caseworker.display_name))
            .outerjoin(Caseworker, col(Caseworker.login) == col(CaseEvent.actor))
            .where(col(CaseEvent.case_id) == case_id, col(CaseEvent.seq) > since_seq)
            .order_by(col(CaseEvent.seq).desc()).limit(MAX_CHANGES)).all()
        named = display_names(session, {login for _seq, kind, _actor, payload, _name in rows
                                        for login in logins_named(kind, payload or {})})
    return tuple(CaseChange(seq, actor, name or actor, change_text(kind, payload or {}, named))
                 for seq, kind, actor, payload, name in reversed(rows))
