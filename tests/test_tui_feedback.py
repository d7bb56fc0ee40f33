# ruff: noqa: F811  (the shared fixtures of tests/tui_support.py are parameters here)
"""Feedback for every action: a short confirmation naming what was done and to which case,
an undo question naming the move, and the approvals a caseworker asked for (issue 13)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from tests.conftest import open_test_store
from tests.tui_support import (  # noqa: F401  (shared fixtures)
    TODAY,
    copy_db,
    make_app,
    make_demo_template,
    queue,
    settle,
    template,
    url,
)
from workbench.domain.clock import FrozenClock, local_time
from workbench.domain.ladder import Priority, Stage
from workbench.services import cases, escalation
from workbench.services.contacts import ContactDraft
from workbench.services.context import Workbench
from workbench.tui import feedback
from workbench.tui.app import WorkbenchApp
from workbench.tui.approvals import ApprovalsScreen
from workbench.tui.case.contacts import ContactDialog
from workbench.tui.case.evidence import NoteDialog, NoteDraft
from workbench.tui.case_screen import CaseScreen
from workbench.tui.dialogs import ConfirmDialog, PickDialog

CASEWORKER, SUPERVISOR = "wang.li", "zhao.min"  # 王丽, 赵敏 (负责人) in the demo


def as_(url: str, login: str) -> Workbench:
    """The service context of `login`, as the system identifies them (tests name them)."""
    return Workbench(store=open_test_store(url), actor=login, clock=FrozenClock.on(TODAY))


def told(app: WorkbenchApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


def media_ready(wb: Workbench) -> tuple[int, str]:
    """An open case of the demo that only lacks the approval to go to the media."""
    with wb.store.engine.connect() as conn:
        rows = conn.execute(text(
            "select id, ref from complaint_case where status = 'open' and stage in "
            "('national', 'industry', 'mediation') order by id")).all()
    for case_id, ref in rows:
        media = next(o for o in escalation.options(wb, case_id) if o.stage is Stage.MEDIA)
        if [r.code for r in media.requirements if not r.met] == ["approval"]:
            return case_id, ref
    raise AssertionError("no case of the demo is ready for the media")


async def open_case(app: WorkbenchApp, case_id: int, pilot) -> CaseScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    app.open_case(case_id)
    await settle(pilot, lambda: isinstance(app.screen, CaseScreen)
                 and app.screen.case is not None)
    assert isinstance(app.screen, CaseScreen)
    return app.screen


async def answer(app: WorkbenchApp, pilot, kind: type, value: object) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot, lambda: isinstance(app.screen, kind))
    app.screen.dismiss(value)


async def test_note_edit_and_contact_each_say_what_was_done(url: str) -> None:
    wb = as_(url, CASEWORKER)
    case_id, ref = media_ready(wb)
    app = make_app(url)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_case(app, case_id, pilot)
        await pilot.press("N")
        await answer(app, pilot, NoteDialog, NoteDraft("客服承诺三日内回电", []))
        await settle(pilot, lambda: f"已保存批注 · {ref}" in told(app))
        await pilot.press("E")
        await answer(app, pilot, PickDialog, "priority")
        await answer(app, pilot, PickDialog, Priority.URGENT.value)
        await settle(pilot, lambda: f"已修改优先级 · {ref}" in told(app))
        await pilot.press("c")
        await answer(app, pilot, ContactDialog, ContactDraft(
            channel="phone", counterpart="服务商客服", summary="已催办"))
        await settle(pilot, lambda: f"已记录联系 · {ref}" in told(app))


def test_moves_are_worded_by_direction() -> None:
    assert feedback.move(Stage.PROVIDER, Stage.SUPERIOR) == "升级到「上级机构」"
    assert feedback.move(Stage.SUPERIOR, Stage.PROVIDER) == "退回到「服务商协商」"
    assert feedback.move(Stage.MEDIATION, Stage.CLOSED) == "结案"
    assert feedback.move(Stage.CLOSED, Stage.MEDIATION) == "重新打开到「消协调解」"


async def test_undo_asks_naming_the_move_and_its_time(url: str) -> None:
    wb = as_(url, CASEWORKER)
    case_id, ref = media_ready(wb)
    case = cases.get_case(wb, case_id)
    before = Stage(case.stage)
    target = next(o.stage for o in escalation.options(wb, case_id)
                  if all(r.met or r.code == "reason" for r in o.requirements)
                  and o.stage is not Stage.CLOSED)
    escalation.escalate(wb, case_id, case.version, target, reason="转办")
    move = feedback.move(before, target)
    app = make_app(url)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_case(app, case_id, pilot)
        await pilot.press("u")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        question = app.screen.question  # type: ignore[attr-defined]
        assert question == f"撤销：{ref} {move}（{local_time(wb.now())}）？"
        app.screen.dismiss(True)
        await settle(pilot, lambda: f"已撤销：{move}，回到「{before.label}」 · {ref}"
                     in told(app))


async def test_bulk_assign_names_the_count_and_the_person(url: str) -> None:
    app = make_app(url)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        _, table = queue(app)
        await settle(pilot, lambda: table.total is not None and table.total > 3)
        await pilot.press("space", "space", "space", "a")
        await answer(app, pilot, PickDialog, "chen.jing")
        await answer(app, pilot, ConfirmDialog, True)
        await settle(pilot, lambda: "已分配 3 件给 陈静" in told(app))


async def test_an_approval_is_told_on_start_and_carried_out_in_one_key(url: str) -> None:
    mine = as_(url, CASEWORKER)
    case_id, ref = media_ready(mine)
    request = escalation.request_approval(mine, case_id, Stage.MEDIA, "监管两次无回复, 拟曝光")
    escalation.decide(as_(url, SUPERVISOR), request.id or 0, True, "同意")
    app = make_app(url)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, lambda: any(
            m.startswith(f"负责人 赵敏 已批准：{ref} 升级到「媒体曝光」") for m in told(app)))
        await pilot.press("A")
        await settle(pilot, lambda: isinstance(app.screen, ApprovalsScreen)
                     and bool(app.screen.mine))
        await pilot.press("x")
        await settle(pilot, lambda: f"已按批准升级到「媒体曝光」 · {ref}" in told(app))
    assert cases.get_case(mine, case_id).stage == Stage.MEDIA.value


async def test_a_refusal_decided_meanwhile_is_told_with_its_reason(url: str) -> None:
    mine = as_(url, CASEWORKER)
    case_id, ref = media_ready(mine)
    request = escalation.request_approval(mine, case_id, Stage.MEDIA, "拟曝光")
    app = make_app(url)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert not any("已驳回" in m for m in told(app))
        escalation.decide(as_(url, SUPERVISOR), request.id or 0, False, "先走行业监管")
        await settle(pilot, lambda: any(
            m == f"负责人 赵敏 已驳回：{ref} 升级到「媒体曝光」；理由：先走行业监管"
            for m in told(app)), timeout=15)
        await pilot.press("A")
        await settle(pilot, lambda: isinstance(app.screen, ApprovalsScreen)
                     and bool(app.screen.mine))
        await pilot.press("x")  # a refusal cannot be carried out
        await settle(pilot, lambda: f"{ref}：申请已驳回，没有可执行的批准。" in told(app))
    assert cases.get_case(mine, case_id).stage != Stage.MEDIA.value


async def test_many_decisions_are_told_in_one_line(url: str) -> None:
    mine, boss = as_(url, CASEWORKER), as_(url, SUPERVISOR)
    case_id, _ = media_ready(mine)
    for approve in (True, False, False, False):
        request = escalation.request_approval(mine, case_id, Stage.MEDIA, "拟曝光")
        escalation.decide(boss, request.id or 0, approve, "")
    app = make_app(url)
    async with app.run_test(size=(80, 24)) as pilot:
        summary = "4 项申请已处理：1 项批准，3 项驳回 · 按 A 查看"
        await settle(pilot, lambda: summary in told(app))
        assert not any(m.startswith("负责人") for m in told(app))


def test_bulk_wording_names_one_case_and_counts_many() -> None:
    from workbench.services.bulk import BulkResult

    one = BulkResult(done=["TS-2026-000759"])
    assert feedback.bulk(one, feedback.moved(Stage.SUPERIOR)) == \
        "已转到「上级机构」 · TS-2026-000759"
    many = BulkResult(done=["a", "b"], refused=[("TS-2026-000001", "已结案")],
                      refused_ids=[1])
    assert feedback.bulk(many, feedback.assigned("周琦")) == \
        "已分配 2 件给 周琦；1 件被拒: TS-2026-000001: 已结案"
    none = BulkResult(refused=[("TS-2026-000001", "已结案")], refused_ids=[1])
    assert feedback.bulk(none, feedback.bodies_recorded) == \
        "未完成：1 件被拒: TS-2026-000001: 已结案"


def test_only_the_requester_carries_an_approval_out(url: str) -> None:
    from workbench.errors import RuleViolation

    mine = as_(url, CASEWORKER)
    case_id, _ref = media_ready(mine)
    request = escalation.request_approval(mine, case_id, Stage.MEDIA, "监管两次无回复, 拟曝光")
    boss = as_(url, SUPERVISOR)
    escalation.decide(boss, request.id or 0, True, "同意")
    with pytest.raises(RuleViolation, match="只能由申请人执行"):
        escalation.carry_out(boss, request.id or 0)
    assert cases.get_case(mine, case_id).stage != Stage.MEDIA.value
    escalation.carry_out(mine, request.id or 0)
    assert cases.get_case(mine, case_id).stage == Stage.MEDIA.value
