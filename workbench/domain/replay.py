"""Replay a case's events and compare the result with the case row.

The hash chain proves the events were not altered; it says nothing about the case row,
which a database user can edit directly. Every change the workbench makes to the fields
below is written as an event carrying the new value, so replaying the events must give
the row back. A field whose value no event carries (yet) is unknown and not compared —
e.g. the priority before the first priority change, since `created` does not record it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from workbench.domain.ladder import Stage, Status
from workbench.domain.vocabulary import EventKind

# The fields replayed, with the label a report shows (README › Audit lists the gaps).
REPLAYED_FIELDS: dict[str, str] = {
    "stage": "阶段",
    "closed": "结案状态",
    "outcome": "结案结果",
    "assignee": "经办人",
    "priority": "优先级",
    "stage_due_on": "阶段期限",
    "follow_up_on": "下次跟进日",
    "due_on": "到期日",
    "amount_claimed_fen": "请求金额（分）",
    "amount_recovered_fen": "挽回金额（分）",
}


class _Unknown:
    """No event carries this field's value (yet): it is not compared."""

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Any = _Unknown()


@dataclass(frozen=True, slots=True)
class ReplayEvent:
    seq: int
    kind: str
    payload: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class CaseRow:
    """The replayed fields of a case as stored (assignee as a login; dates as dates)."""

    ref: str
    stage: str
    status: str
    outcome: str | None
    assignee: str | None
    priority: str
    stage_due_on: date | None
    follow_up_on: date | None
    due_on: date | None
    amount_claimed_fen: int
    amount_recovered_fen: int


@dataclass(frozen=True, slots=True)
class Mismatch:
    """A field of the case row that the events do not explain."""

    ref: str
    field: str
    recorded: Any
    replayed: Any

    @property
    def message(self) -> str:
        return (f"{self.ref} {REPLAYED_FIELDS[self.field]}：记录为 {_show(self.recorded)}，"
                f"事件重放为 {_show(self.replayed)}")


def _show(value: Any) -> str:
    return "（空）" if value is None or value == "" else str(value)


def _day(value: Any) -> str | None:
    """A date as the ISO text events carry (None stays None)."""
    if value is None or value == "":
        return None
    return value.isoformat() if isinstance(value, date) else str(value)


def _claimed(demands: Any) -> Any:
    try:
        return sum(int(d.get("amount_fen", 0)) for d in demands or [])
    except (AttributeError, TypeError, ValueError):
        return UNKNOWN


def replay_state(events: Iterable[ReplayEvent]) -> dict[str, Any]:
    """The replayed fields after ``events`` (one case's, in seq order); UNKNOWN where no
    event carries the value."""
    s: dict[str, Any] = dict.fromkeys(REPLAYED_FIELDS, UNKNOWN)
    snapshots: dict[int, Mapping[str, Any]] = {}  # stage_changed seq → state before it
    for event in events:
        p = event.payload
        match event.kind:
            case EventKind.CREATED:
                s.update(stage=p.get("stage"), closed=False, outcome=None,
                         assignee=p.get("assignee"), stage_due_on=_day(p.get("due_on")),
                         follow_up_on=None, amount_recovered_fen=0)
            case EventKind.ASSIGNED:
                s["assignee"] = p.get("to")
            case EventKind.FIELD_CHANGED:
                name = p.get("field")
                if name == "priority":
                    s["priority"] = p.get("new")
                elif name == "demands":
                    s["amount_claimed_fen"] = _claimed(p.get("new"))
                elif name == "mediator":  # the limit is recomputed, not recorded
                    s["stage_due_on"] = UNKNOWN
            case EventKind.STAGE_CHANGED:
                if isinstance(p.get("prev"), Mapping):
                    snapshots[event.seq] = p["prev"]
                s["stage"] = p.get("to")
                if p.get("to") == Stage.CLOSED.value:
                    s.update(closed=True, outcome=p.get("outcome"),
                             amount_recovered_fen=int(p.get("recovered_fen") or 0),
                             stage_due_on=None, follow_up_on=None)
                else:
                    if p.get("from") == Stage.CLOSED.value:
                        s["outcome"] = None
                    s.update(closed=False, stage_due_on=_day(p.get("due_on")))
            case EventKind.STAGE_CHANGE_UNDONE:
                snap = snapshots.get(int(p.get("undoes") or 0))
                s["stage"] = p.get("to")
                s["stage_due_on"] = _day(p.get("due_on"))
                if snap is None:
                    s.update(closed=UNKNOWN, outcome=UNKNOWN, amount_recovered_fen=UNKNOWN,
                             follow_up_on=UNKNOWN)
                else:
                    s.update(closed=snap.get("status") == Status.CLOSED.value,
                             outcome=snap.get("outcome"),
                             amount_recovered_fen=int(snap.get("amount_recovered_fen") or 0),
                             follow_up_on=_day(snap["follow_up_on"])
                             if "follow_up_on" in snap else UNKNOWN)
            case EventKind.CASE_MERGED if p.get("role") == "away":  # closed as merged
                s.update(stage=Stage.CLOSED.value, closed=True, outcome="merged",
                         stage_due_on=None, follow_up_on=None)
            case EventKind.CONTACT_LOGGED:
                if p.get("next_follow_up"):
                    s["follow_up_on"] = _day(p["next_follow_up"])
            case EventKind.CLOCK_RESUMED | EventKind.DEADLINE_EXTENDED | EventKind.ACCEPTED:
                s["stage_due_on"] = _day(p.get("due_on"))
            case EventKind.MATERIAL_REQUESTED:
                s["stage_due_on"] = _day(p.get("by"))
    due = [s["stage_due_on"], s["follow_up_on"]]
    if UNKNOWN not in due:
        known = [d for d in due if d is not None]
        s["due_on"] = min(known) if known else None
    return s


def replay(events: Iterable[ReplayEvent], row: CaseRow) -> list[Mismatch]:
    """Every replayed field where ``row`` differs from what ``events`` say (empty: the
    row is explained by its history)."""
    state = replay_state(events)
    recorded: dict[str, Any] = {
        "stage": row.stage, "closed": row.status == Status.CLOSED.value,
        "outcome": row.outcome, "assignee": row.assignee, "priority": row.priority,
        "stage_due_on": _day(row.stage_due_on), "follow_up_on": _day(row.follow_up_on),
        "due_on": _day(row.due_on), "amount_claimed_fen": row.amount_claimed_fen,
        "amount_recovered_fen": row.amount_recovered_fen}
    found = []
    for name, replayed in state.items():
        if replayed is UNKNOWN or recorded[name] == replayed:
            continue
        shown_recorded, shown_replayed = recorded[name], replayed
        if name == "closed":  # show the status codes, not booleans
            shown_recorded = row.status
            shown_replayed = Status.CLOSED.value if replayed else "open/waiting"
        found.append(Mismatch(row.ref, name, shown_recorded, shown_replayed))
    return found
