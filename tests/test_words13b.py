"""Walk 13b's content and wording defects: the one-field edit keeps a wrong entry, the
evidence shows Chinese kinds, a caseworker's new case is theirs, the words read right."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import open_test_store
from tests.factories import new_case
from tests.tui_support import TODAY, copy_db, make_app, make_demo_template, settle
from workbench.domain.clock import FrozenClock
from workbench.services.context import Workbench
from workbench.tui.case_screen import CaseScreen
from workbench.tui.dialogs import TextDialog


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import os

    os.environ.setdefault("WORKBENCH_DATA_KEY", "test-passphrase-123")
    return make_demo_template(tmp_path_factory.mktemp("demo"))


@pytest.fixture
def url_and_case(template: Path, tmp_path: Path) -> tuple[str, int]:
    url = copy_db(template, tmp_path)
    store = open_test_store(url)
    wb = Workbench(store=store, actor="wang.li", clock=FrozenClock.on(TODAY))
    case = new_case(wb, title="改正", phone="13912345678")
    store.dispose()
    assert case.id is not None
    return url, case.id


async def open_case(app, case_id: int, pilot) -> CaseScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    app.open_case(case_id)
    await settle(pilot, lambda: isinstance(app.screen, CaseScreen)
                 and app.screen.case is not None)
    return app.screen  # type: ignore[no-any-return]


async def test_demand_edit_keeps_a_wrong_entry_open_with_the_error(url_and_case) -> None:  # type: ignore[no-untyped-def]
    url, case_id = url_and_case
    app = make_app(url)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_case(app, case_id, pilot)
        await pilot.press("E")
        await settle(pilot)
        await pilot.press("end", "enter")  # 投诉请求
        await settle(pilot, lambda: isinstance(app.screen, TextDialog))
        dialog = app.screen
        area = dialog.query_one("TextArea")
        old = area.text  # type: ignore[attr-defined]
        assert area.cursor_location == area.document.end  # type: ignore[attr-defined]
        area.text = "退还押金 | 19x9"  # type: ignore[attr-defined]
        await pilot.press("f2")
        await settle(pilot)
        assert app.screen is dialog
        assert area.text == "退还押金 | 19x9"  # type: ignore[attr-defined]
        error = str(dialog.query_one("#text-error").render())
        assert "第 1 行" in error and dialog.query_one("#text-error").display
        area.text = "退还押金 | 199"  # type: ignore[attr-defined]
        await pilot.press("f2")
        await settle(pilot, lambda: screen.case is not None
                     and screen.case.demands != () and "199" in str(screen.case.demands))
        assert old != area.text
