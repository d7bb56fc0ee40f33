# ruff: noqa: F811  (the shared fixtures of tests/tui_support.py are parameters here)
"""The timeline, contacts and filings tabs have a row cursor: j/k ↑↓ move it, the tab
opens focused on the newest entry, and `v` shows every field of the selected entry."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text

from tests.conftest import open_test_store
from tests.tui_support import (  # noqa: F401  (shared fixtures)
    TODAY,
    make_app,
    settle,
    template,
    url,
)
from workbench.domain.clock import FrozenClock
from workbench.services import filings
from workbench.services.case_view import case_view
from workbench.services.contacts import ContactDraft, log_contact
from workbench.services.context import Workbench

SIZE = (80, 24)


def detail_text(app) -> str:  # type: ignore[no-untyped-def]
    from rich.console import Console
    from textual.widgets import Static

    console = Console(width=70, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(app.screen.query_one("#detail-text", Static).content)
    return console.export_text().replace("\n", "").replace(" ", "")


def prepare(url: str, tmp_path: Path) -> int:
    """A case with two contacts (the newest known), events, and two filings."""
    store = open_test_store(url)
    with store.engine.connect() as conn:
        case_id = conn.execute(text(
            "SELECT c.case_id FROM contact c JOIN evidence e ON e.case_id = c.case_id "
            "LIMIT 1")).scalar_one()
    wb = Workbench(store=store, actor="wang.li", clock=FrozenClock.on(TODAY))
    for hour, who in ((1, "客服甲"), (2, "客服乙")):
        version = case_view(wb, case_id).case.version
        log_contact(wb, case_id, version, ContactDraft(
            channel="phone", counterpart=f"{who}热线", summary=f"{who}答复七日内回电" * 4,
            ticket_no=f"GD-{hour}-20261126-0001", outcome=f"{who}承诺退款",
            at=datetime(2026, 11, 26, hour, tzinfo=UTC)))
    for _ in range(2):
        done = filings.export_many(wb, [case_id], "auto", tmp_path / "out")
        assert done.done, done.refused
    store.dispose()
    return case_id


async def test_list_tabs_have_a_cursor_and_v_shows_the_selected_entry(
        url: str, tmp_path: Path) -> None:
    from textual.widgets import DataTable

    from workbench.tui.detail import DetailDialog

    case_id = prepare(url, tmp_path)
    app = make_app(url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_case(case_id)
        await settle(pilot, lambda: getattr(app.screen, "case", None) is not None)
        screen = app.screen
        view = screen.view
        assert view is not None and len(view.filings) == 2 and len(view.events) > 2
        newest, older = view.contacts[0], view.contacts[1]
        assert newest.counterpart == "客服乙热线"

        async def shown_after(*keys: str) -> str:
            await pilot.press(*keys)
            await settle(pilot, lambda: isinstance(app.screen, DetailDialog))
            text_ = detail_text(app)
            await pilot.press("escape")
            await settle(pilot, lambda: app.screen is screen)
            return text_

        # contacts: opens on the newest; every field of it, none of the older one
        await pilot.press("4")
        await settle(pilot)
        focused = app.focused
        assert isinstance(focused, DataTable) and focused.id == "case-contacts"
        assert focused.cursor_row == 0 and focused.show_cursor
        shown = await shown_after("v")
        for field in (newest.channel, newest.counterpart, newest.ticket_no, newest.summary,
                      newest.outcome, newest.at):
            assert field.replace(" ", "") in shown, field
        assert older.ticket_no not in shown
        shown = await shown_after("j", "v")
        assert older.ticket_no in shown and newest.ticket_no not in shown
        shown = await shown_after("k", "v")
        assert newest.ticket_no in shown

        # timeline: the newest event; ↓ the next
        await pilot.press("3")
        await settle(pilot)
        assert isinstance(app.focused, DataTable) and app.focused.id == "case-timeline"
        shown = await shown_after("v")
        first, second = view.events[0], view.events[1]
        assert first.text.replace(" ", "") in shown and first.actor in shown
        assert first.at.replace(" ", "") in shown
        shown = await shown_after("down", "v")
        assert second.text.replace(" ", "") in shown
        assert second.at.replace(" ", "") in shown

        # filings: kind, number, date, addressee, the whole path
        await pilot.press("5")
        await settle(pilot)
        assert isinstance(app.focused, DataTable) and app.focused.id == "case-filings"
        shown = await shown_after("v")
        f0, f1 = view.filings
        assert f0.file_name.replace(" ", "") in shown and f0.kind in shown
        assert "主送" in shown and f0.addressee.replace(" ", "") in shown  # (a report: none)
        assert f1.file_name.replace(" ", "") not in shown
        shown = await shown_after("j", "v")
        assert f1.file_name.replace(" ", "") in shown
