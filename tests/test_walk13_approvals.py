"""Issue 13's second walk-through, 待审批 at 80×24 (defects 13, 19): which list has focus,
detail lines that follow it, names instead of logins and ids, the place kept after a
decision."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import open_test_store
from tests.factories import new_case
from tests.tui_support import TODAY, copy_db, make_app, make_demo_template, settle
from workbench.domain.clock import FrozenClock
from workbench.domain.ladder import Stage
from workbench.services import escalation
from workbench.services.cases import ensure_caseworker
from workbench.services.context import Workbench


def _line(widget) -> str:  # type: ignore[no-untyped-def]
    return str(widget.render())


async def test_approvals_show_focus_names_and_keep_their_place(tmp_path: Path) -> None:
    import os

    from textual.widgets import Label, OptionList, Static

    from workbench.tui.approvals import ApprovalsScreen

    os.environ.setdefault("WORKBENCH_DATA_KEY", "test-passphrase-123")
    url = copy_db(make_demo_template(tmp_path / "demo"), tmp_path)
    store = open_test_store(url)
    wb = Workbench(store=store, actor="li.na", clock=FrozenClock.on(TODAY))
    ensure_caseworker(wb, "li.na", "李娜")
    for n in range(3):
        case = new_case(wb, title=f"待审批{n}")
        assert case.id is not None
        escalation.request_approval(wb, case.id, Stage.MEDIA, f"拟曝光{n}")
    store.dispose()
    app = make_app(url, user="zhao.min")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.action_approvals()
        await settle(pilot, lambda: isinstance(app.screen, ApprovalsScreen))
        screen = app.screen
        assert isinstance(screen, ApprovalsScreen)
        await settle(pilot, lambda: len(screen.pending) >= 3)
        listing = screen.query_one("#approvals", OptionList)
        listing.focus()
        await settle(pilot)
        assert _line(screen.query_one("#approvals-title", Label)).startswith("▶")
        assert not _line(screen.query_one("#mine-title", Label)).startswith("▶")
        assert not screen.query_one("#mine-detail", Static).display
        rows = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
        ours = [row for row in rows if "拟曝光" in row]
        assert len(ours) == 3 and all("李娜" in row and "li.na" not in row for row in ours)
        assert not any(row.startswith("#") for row in rows), rows
        index = next(i for i, row in enumerate(rows) if "拟曝光1" in row)
        listing.highlighted = index
        await settle(pilot)
        assert "拟曝光1" in _line(screen.query_one("#approvals-detail", Static))
        await pilot.press("y")
        await settle(pilot)
        for ch in "同意":
            await pilot.press(ch)
        await pilot.press("enter")
        await settle(pilot, lambda: len(screen.pending) == len(rows) - 1)
        assert listing.highlighted == index  # the next one, not the top
