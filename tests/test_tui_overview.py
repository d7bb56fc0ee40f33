"""The overview says who has the case, its status and decision, and how the deadline
stands; lists shorten dates the one way when the terminal is narrow."""

from __future__ import annotations

from datetime import date

from tests.test_case_tui import open_case, screen_text
from tests.test_tui_live import template, url_and_case  # noqa: F401  (fixtures)
from tests.tui_support import make_app, settle
from workbench.services import cases


async def test_overview_shows_assignee_status_decision_and_time_left(url_and_case) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    url, case_id = url_and_case
    app = make_app(url)
    cases.ensure_caseworker(app.wb, "zhou.qi", "周琦")
    cases.assign_case(app.wb, case_id, cases.get_case(app.wb, case_id).version, "zhou.qi")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_case(app, case_id, pilot)
        fields = screen_text(screen, "#case-fields")
        assert "经办人" in fields and "周琦" in fields
        assert "状态" in fields and "办理中" in fields
        assert "受理决定" in fields and "待决定" in fields
        assert "2026-12-07" in fields and "剩 7 个工作日" in fields  # Thu 11-26 → Mon 12-07
        assert "11-26 10:00" in screen_text(screen, "#case-timeline")
        assert "2026-11-26 10:00" not in screen_text(screen, "#case-timeline")
        app.wb.clock.move_to(date(2026, 12, 10))  # type: ignore[attr-defined]
        screen.changed()
        await settle(pilot, lambda: "逾期 3 天" in screen_text(screen, "#case-fields"))


async def test_wide_lists_show_the_whole_date(url_and_case) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    url, case_id = url_and_case
    app = make_app(url)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await open_case(app, case_id, pilot)
        assert "2026-11-26 10:00" in screen_text(screen, "#case-timeline")


async def test_lists_follow_the_terminal_width(url_and_case) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    url, case_id = url_and_case
    app = make_app(url)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_case(app, case_id, pilot)
        assert "2026-11-26 10:00" not in screen_text(screen, "#case-timeline")
        await pilot.resize_terminal(160, 48)
        await settle(pilot, lambda: "2026-11-26 10:00" in screen_text(screen, "#case-timeline"))
