# ruff: noqa: F811  (the shared fixtures of tests/tui_support.py are parameters here)
"""On start the decisions on a caseworker's requests are told in one short toast that
names the count and the key (A), fits the toast at 80×24 and goes soon; the detail stays
in 我的申请."""

from __future__ import annotations

from rich.cells import cell_len

from tests.test_tui_feedback import CASEWORKER, SUPERVISOR, as_, media_ready, told
from tests.tui_support import make_app, settle, template, url  # noqa: F401  (fixtures)
from workbench.domain.ladder import Stage
from workbench.services import escalation
from workbench.tui.approvals import ApprovalsScreen

TOAST_TEXT = 80 // 2 - 2  # a toast is half the screen wide, less its padding


async def test_decisions_on_start_are_one_short_toast(url: str) -> None:
    mine, boss = as_(url, CASEWORKER), as_(url, SUPERVISOR)
    case_id, _ref = media_ready(mine)
    for approve in (True, True, False):
        request = escalation.request_approval(mine, case_id, Stage.MEDIA, "拟曝光")
        escalation.decide(boss, request.id or 0, approve, "")
    app = make_app(url)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, lambda: bool(told(app)))
        await settle(pilot)
        assert len(told(app)) == 1, told(app)  # at most one toast at start: this one
        summary = told(app)[0]
        assert "按 A" in summary and "项申请已处理" in summary
        count = int(summary.split(" 项申请", 1)[0])
        assert count >= 3 and "驳回" in summary and "批准" in summary
        assert cell_len(summary) <= 2 * TOAST_TEXT  # two lines at most
        (toast,) = app._notifications
        assert toast.timeout <= 8  # the queue's rows show again soon
        await pilot.press("A")
        await settle(pilot, lambda: isinstance(app.screen, ApprovalsScreen)
                     and len(app.screen.mine) >= count)
