"""`audit verify` replays each case's events against its row, on SQLite and PostgreSQL:
a direct table edit without an event is named by case and field."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from sqlalchemy import text

from tests.conftest import TODAY
from tests.factories import new_case
from workbench.demo import generate_demo
from workbench.domain.clock import FrozenClock
from workbench.domain.ladder import Body, Outcome, Priority, Stage
from workbench.domain.replay import CaseRow, ReplayEvent, replay
from workbench.services import cases, escalation
from workbench.services.contacts import ContactDraft, log_contact
from workbench.services.context import Workbench
from workbench.store.engine import Store
from workbench.store.replay import replay_cases


def _found(store: Store) -> list[str]:
    with store.session() as session:
        return [m.message for m in replay_cases(session, batch=2)]


def _busy_case(wb: Workbench) -> cases.Case:
    """A case through every kind of change the replay follows."""
    cases.ensure_caseworker(wb, "alice", role="supervisor")
    cases.ensure_caseworker(wb, "carol", role="supervisor")  # undoing a close reopens:
    other = dataclasses.replace(wb, actor="carol")  # four eyes, not the one who closed
    cases.ensure_caseworker(wb, "bob")
    case = new_case(wb)
    cid = case.id
    v = lambda: cases.get_case(wb, cid).version  # noqa: E731
    cases.assign_case(wb, cid, v(), "bob")
    cases.edit_case(wb, cid, v(), {"priority": Priority.HIGH.value,
                                   "demands": [{"text": "退款", "amount_fen": 500}]})
    escalation.escalate(wb, cid, v(), Stage.PROVIDER)
    log_contact(wb, cid, v(), ContactDraft(channel="phone", counterpart="客服",
                                           summary="答应回复", next_follow_up=date(2026, 12, 1)))
    escalation.extend(wb, cid, v(), 5, "机构延期")
    escalation.escalate(wb, cid, v(), Stage.SUPERIOR)
    escalation.record_bodies(wb, cid, v(), [Body.NONE])
    escalation.escalate(wb, cid, v(), Stage.CLOSED, outcome=Outcome.RESOLVED,
                        recovered_fen=500)
    escalation.undo(other, cid, v())
    escalation.escalate(wb, cid, v(), Stage.CLOSED, outcome=Outcome.PARTIALLY_RESOLVED,
                        recovered_fen=300)
    return cases.get_case(wb, cid)


def test_the_services_leave_rows_their_events_explain(wb: Workbench) -> None:
    _busy_case(wb)
    new_case(wb, title="第二件")
    assert _found(wb.store) == []


def test_a_demo_database_replays_clean(store: Store) -> None:
    generate_demo(store, cases=120, seed=3, actor="alice", clock=FrozenClock.on(TODAY))
    assert _found(store) == []


@pytest.mark.parametrize(("column", "value", "field", "shown"), [
    ("stage", "'legal'", "阶段", "记录为 legal，事件重放为 closed"),
    ("outcome", "'withdrawn'", "结案结果", "记录为 withdrawn，事件重放为 partially_resolved"),
    ("assignee_id", "(SELECT id FROM caseworker WHERE login = 'alice')", "经办人",
     "记录为 alice，事件重放为 bob"),
    ("amount_recovered_fen", "99999", "挽回金额", "记录为 99999，事件重放为 300"),
    ("priority", "'urgent'", "优先级", "记录为 urgent，事件重放为 high"),
    ("status", "'open'", "结案状态", "记录为 open"),
])
def test_a_direct_update_is_named_by_case_and_field(wb: Workbench, column: str, value: str,
                                                    field: str, shown: str) -> None:
    case = _busy_case(wb)
    with wb.store.engine.begin() as conn:
        conn.execute(text(f"UPDATE complaint_case SET {column} = {value} WHERE id = :id"),
                     {"id": case.id})
    found = _found(wb.store)
    assert len(found) == 1, found
    assert found[0].startswith(f"{case.ref} {field}")
    assert shown in found[0]


def test_a_direct_stage_edit_of_an_open_case(wb: Workbench) -> None:
    case = new_case(wb)
    escalation.escalate(wb, case.id, case.version, Stage.PROVIDER)
    with wb.store.engine.begin() as conn:
        conn.execute(text("UPDATE complaint_case SET stage = 'legal' WHERE id = :id"),
                     {"id": case.id})
    assert _found(wb.store) == [f"{case.ref} 阶段：记录为 legal，事件重放为 provider"]


def test_fields_no_event_carries_are_not_compared() -> None:
    row = CaseRow(ref="TS-2026-000001", stage="intake", status="open", outcome=None,
                  assignee=None, priority="urgent", stage_due_on=date(2026, 12, 7),
                  follow_up_on=None, due_on=date(2026, 12, 7), amount_claimed_fen=777,
                  amount_recovered_fen=0)
    created = ReplayEvent(1, "created", {"stage": "intake", "due_on": "2026-12-07",
                                         "assignee": None})
    # `created` records neither the priority nor the demands: nothing to compare them with
    assert replay([created], row) == []
    assert [m.field for m in replay([], row)] == []
