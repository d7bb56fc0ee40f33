"""The supervisor's pattern alerts screen (`W` in the queue) on a real demo database at
80×24: refused to a caseworker, the alert listed, its cases in the queue, made a group."""

from __future__ import annotations

from tests.test_patterns import wave
from tests.tui_support import make_app, settle, template, url  # noqa: F401
from workbench.services import groups
from workbench.tui.dialogs import AskDialog, ConfirmDialog
from workbench.tui.patterns import PatternsScreen
from workbench.tui.queue_screen import QueueScreen


async def test_a_caseworker_is_refused_the_alerts(url: str) -> None:  # noqa: F811
    app = make_app(url)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("W")
        await settle(pilot, lambda: any("只有负责人和管理员可以" in n.message
                                        for n in app._notifications))


async def test_a_supervisor_sees_the_wave_lists_its_cases_and_groups_them(url: str) -> None:  # noqa: F811
    app = make_app(url, user="zhao.min")  # the demo's supervisor
    made = wave(app.wb, 12)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("W")
        await settle(pilot, lambda: isinstance(app.screen, PatternsScreen)
                     and bool(app.screen.alerts))
        screen = app.screen
        assert isinstance(screen, PatternsScreen)
        first = screen.alerts[0]
        assert first.rule == "same_agent_category" and sorted(first.case_ids) == sorted(made)
        await pilot.press("g")
        await settle(pilot, lambda: isinstance(app.screen, AskDialog))
        await pilot.press("enter")  # the alert's name, as proposed
        await settle(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await settle(pilot, lambda: any("已组成共同投诉" in n.message
                                        for n in app._notifications))
        named = f"{first.provider}：{first.what}"  # the alert in words, not its id
        assert groups.group_detail(app.wb, named).row.members == 12
        await pilot.press("enter")  # the queue, filtered by the alert
        await settle(pilot, lambda: isinstance(app.screen, QueueScreen)
                     and app.screen.user_filter == f"pattern:{first.id}"
                     and app.screen.table.total == 12)
        assert not app.screen.views[app.screen.view_index].filter  # all cases
