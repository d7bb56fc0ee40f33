"""`D` on the case screen: candidates listed, what will move shown, confirmed, merged."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import open_test_store
from tests.factories import new_case, provider
from tests.tui_support import TODAY, make_app, settle
from workbench.domain.clock import FrozenClock
from workbench.services import cases
from workbench.services.context import Workbench
from workbench.tui.case_screen import CaseScreen
from workbench.tui.dialogs import AskDialog, ConfirmDialog, PickDialog


async def test_merge_a_duplicate_from_the_case_screen(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'wb.db'}"
    store = open_test_store(url)
    wb = Workbench(store=store, actor="wang.li", clock=FrozenClock.on(TODAY))
    cases.ensure_caseworker(wb, "wang.li", role="supervisor")
    pid = provider(wb)
    keep, away = new_case(wb, provider_id=pid), new_case(wb, title="重复登记", provider_id=pid)
    store.dispose()
    app = make_app(url)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_case(keep.id or 0)
        await settle(pilot, lambda: isinstance(app.screen, CaseScreen)
                     and app.screen.case is not None)
        await pilot.press("D")
        await settle(pilot, lambda: isinstance(app.screen, PickDialog))
        assert away.ref in str(app.screen.options)
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        assert "移入" in app.screen.question and "确定合并" in app.screen.question
        await pilot.press("y")
        await settle(pilot, lambda: isinstance(app.screen, AskDialog))
        await pilot.press("enter")  # the suggested reason
        await settle(pilot, lambda: any("已并入" in str(n.message)
                                        for n in app._notifications))
        assert isinstance(app.screen, CaseScreen)
    store = open_test_store(url)
    wb = Workbench(store=store, actor="wang.li", clock=FrozenClock.on(TODAY))
    assert cases.get_case(wb, away.id or 0).merged_into_id == keep.id
    store.dispose()
