"""The stage picker asks which industry body a case goes to: its deadline rule follows."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import open_test_store
from tests.test_queue_tui import _escalate_current, _show_only
from tests.tui_support import TODAY, copy_db, make_app, make_demo_template, settle
from workbench.domain.clock import FrozenClock
from workbench.domain.ladder import Body, Stage
from workbench.services import cases, escalation
from workbench.services.contacts import ContactDraft, log_contact
from workbench.services.context import Workbench
from workbench.tui.dialogs import AskDialog, PickDialog


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import os

    os.environ.setdefault("WORKBENCH_DATA_KEY", "test-passphrase-123")
    return make_demo_template(tmp_path_factory.mktemp("demo"))


def _case_at_provider(url: str) -> tuple[str, int]:
    from tests.factories import new_case

    store = open_test_store(url)
    wb = Workbench(store=store, actor="wang.li", clock=FrozenClock.on(TODAY))
    case = new_case(wb, title="跳码待举报")
    assert case.id is not None
    moved = escalation.escalate(wb, case.id, case.version, Stage.PROVIDER)
    log_contact(wb, case.id, moved.version, ContactDraft(
        channel="phone", counterpart="服务商客服", summary="拒绝退还"))
    current = cases.get_case(wb, case.id)
    escalation.record_bodies(wb, case.id, current.version, [Body.NONE])
    store.dispose()
    return case.ref, case.id


async def test_the_picker_asks_for_the_industry_body(template: Path, tmp_path: Path) -> None:
    url = copy_db(template, tmp_path)
    ref, case_id = _case_at_provider(url)
    app = make_app(url)
    async with app.run_test(size=(160, 48)) as pilot:
        table = await _show_only(pilot, app, ref)
        await _escalate_current(pilot, app, table)
        picker = app.screen
        order = [o.stage for o in picker.stage_options]  # type: ignore[attr-defined]
        await pilot.press("home", *["down"] * order.index(Stage.INDUSTRY), "enter")
        await settle(pilot, lambda: isinstance(app.screen, AskDialog))
        for ch in "跳码举报":
            await pilot.press(ch)
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(app.screen, PickDialog))
        assert "行业监管机构" in str(app.screen.query_one("Label").render())
        await pilot.press("down", "enter")  # the second body: 金融监管总局派出机构
        store = open_test_store(url)
        wb = Workbench(store=store, actor="wang.li", clock=FrozenClock.on(TODAY))
        try:  # the move is written by a worker: wait for the database, not the repaint
            await settle(pilot, lambda: cases.get_case(wb, case_id).stage == "industry",
                         timeout=30)
            assert cases.get_case(wb, case_id).industry_body == "nfra_office"
        finally:
            store.dispose()
