"""Issue 13's second morning walk (defect 12): `:` goes to a case from the case screen
too (the queue's jump dialog), and the digits typed after it go into that dialog."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import TabbedContent

from tests.conftest import open_test_store
from tests.factories import new_case
from tests.test_key_bursts import burst
from tests.tui_support import TODAY, copy_db, make_app, settle, template  # noqa: F401
from workbench.domain.clock import FrozenClock
from workbench.services.context import Workbench
from workbench.tui.case_screen import CaseScreen
from workbench.tui.queue_screen import QueueScreen


async def test_colon_on_the_case_screen_goes_to_the_case_typed(
        template: Path, tmp_path: Path) -> None:  # noqa: F811
    url = copy_db(template, tmp_path)
    store = open_test_store(url)
    wb = Workbench(store=store, actor="wang.li", clock=FrozenClock.on(TODAY))
    first, second = new_case(wb), new_case(wb)
    store.dispose()
    assert first.id is not None and second.id is not None
    app = make_app(url)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_case(first.id)
        await settle(pilot, lambda: isinstance(app.screen, CaseScreen)
                     and app.screen.case is not None)
        number = second.ref.rsplit("-", 1)[1]  # e.g. 000301: this year's case
        burst(app, "colon", *number, "enter")
        await settle(pilot, lambda: isinstance(app.screen, CaseScreen)
                     and app.screen.case_id == second.id and app.screen.case is not None)
        screen = app.screen
        assert isinstance(screen, CaseScreen)
        assert screen.query_one(TabbedContent).active == "overview"  # no digit switched tabs
        # Esc goes back to the queue, not to the case jumped from
        assert [type(s) for s in app.screen_stack[1:]] == [QueueScreen, CaseScreen]



async def test_a_number_no_case_has_is_named_in_corner_brackets(
        template: Path, tmp_path: Path) -> None:  # noqa: F811
    app = make_app(copy_db(template, tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        burst(app, "colon", *"9999999", "enter")
        await settle(pilot, lambda: any(n.severity == "error" for n in app._notifications))
        shown = [str(n.message) for n in app._notifications]
        assert "没有编号含「9999999」的案件。" in shown, shown
