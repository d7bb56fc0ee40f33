"""Issue 13's second walk-through (defect 10): keys typed right after the key that opens a
dialog never act on the screen behind it (where letters are commands)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import open_test_store
from tests.factories import new_case
from tests.tui_support import TODAY, copy_db, make_app, make_demo_template, settle
from workbench.domain.clock import FrozenClock
from workbench.services.context import Workbench
from workbench.tui.case_screen import CaseScreen


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import os

    os.environ.setdefault("WORKBENCH_DATA_KEY", "test-passphrase-123")
    return make_demo_template(tmp_path_factory.mktemp("demo"))


async def test_letters_typed_with_the_open_key_land_in_the_dialog(template: Path,
                                                                   tmp_path: Path) -> None:
    from textual import events

    from workbench.tui.case.contacts import ContactDialog

    url = copy_db(template, tmp_path)
    store = open_test_store(url)
    case = new_case(Workbench(store=store, actor="wang.li", clock=FrozenClock.on(TODAY)))
    store.dispose()
    app = make_app(url)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert case.id is not None
        app.open_case(case.id)
        await settle(pilot, lambda: isinstance(app.screen, CaseScreen)
                     and app.screen.case is not None)
        screen = app.screen
        # a burst, as a fast typist or a paste over SSH sends it: no pause after `c`
        for key in ("c", "tab", "tab", *"eab5"):
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        await settle(pilot, lambda: isinstance(app.screen, ContactDialog))
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ContactDialog)
        from textual.widgets import Input

        # nothing reached the case behind: no picker (e), no evidence dialog (a), no tab (5)
        assert screen.query_one("TabbedContent").active == "overview"
        assert app.screen_stack[-1] is dialog and app.screen_stack[-2] is screen
        await pilot.press("tab", *"eab5")  # once up, typing fills its fields
        assert dialog.query_one("#counterpart", Input).value == "eab5"
