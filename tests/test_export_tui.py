"""Issue 13's morning round (defect 3): the export's pre-flight is up at once while it
checks, keys typed meanwhile never reach the case, Enter before the check does not
export; the result names each written file whole at 80×24."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Label, TabbedContent

from tests.conftest import TODAY, open_test_store
from tests.factories import evidence, new_case
from tests.test_tui_fit import hint_visible
from tests.test_typeahead_dialogs import burst
from tests.tui_support import make_app, settle
from workbench.domain.clock import FrozenClock
from workbench.services import filings
from workbench.services.context import Workbench
from workbench.tui.app import WorkbenchApp
from workbench.tui.case_screen import CaseScreen
from workbench.tui.export import ExportProgress, PreflightDialog


async def case_app(tmp_path: Path) -> tuple[WorkbenchApp, int]:
    url = f"sqlite:///{tmp_path / 'wb.db'}"
    store = open_test_store(url)
    made = Workbench(store=store, actor="wang.li", clock=FrozenClock.on(TODAY))
    case = new_case(made)
    evidence(made, case.id, tmp_path / "files")  # the evidence list is the first kind
    store.dispose()
    app = make_app(url)
    app.wb.filings_dir = tmp_path / "out"
    assert case.id is not None
    return app, case.id


async def test_the_preflight_is_up_at_once_and_keys_meanwhile_stay_in_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app, case_id = await case_app(tmp_path)
    # the real check, held until every key of the burst has been read: a warm machine
    # checks faster than the burst is typed, and the last Enter would then rightly export
    release = threading.Event()
    real_check = filings.check_export

    def held_check(*args: Any, **kwargs: Any) -> Any:
        release.wait(10)
        return real_check(*args, **kwargs)

    monkeypatch.setattr(filings, "check_export", held_check)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_case(case_id)
        await settle(pilot, lambda: isinstance(app.screen, CaseScreen)
                     and app.screen.case is not None)
        case = app.screen
        # kind, masked, then `5` and Enter before the check can have finished
        burst(app, "x", "enter", "enter", "5", "enter", "enter")
        await settle(pilot, lambda: isinstance(app.screen, PreflightDialog))
        for _ in range(20):  # every key of the burst handled while the check is held
            await pilot.pause()
        release.set()
        await settle(pilot, lambda: isinstance(app.screen, PreflightDialog)
                     and app.screen.checked is not None)
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, PreflightDialog)  # the early Enters exported nothing
        assert case.query_one(TabbedContent).active == "overview"  # `5` never reached it
        assert "Enter 导出" in str(dialog.query_one("#preflight-keys", Label).content)
        assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(app.screen, ExportProgress)
                     and app.screen.finished)


async def test_the_preflight_says_it_is_checking_before_the_result(tmp_path: Path) -> None:
    app, case_id = await case_app(tmp_path)
    seen: list[str] = []

    def look(_message: object) -> None:  # what the dialog says, message by message
        top = app.screen_stack[-1] if app.screen_stack else None
        lines = top.query("#preflight-lines") if isinstance(top, PreflightDialog) else []
        for label in lines:
            text = str(label.content)
            if not seen or seen[-1] != text:
                seen.append(text)

    async with app.run_test(size=(80, 24), message_hook=look) as pilot:
        await settle(pilot)
        app.open_case(case_id)
        await settle(pilot, lambda: isinstance(app.screen, CaseScreen)
                     and app.screen.case is not None)
        burst(app, "x", "enter", "enter")
        await settle(pilot, lambda: isinstance(app.screen, PreflightDialog)
                     and app.screen.checked is not None)
    assert seen[0] == "正在检查…" and len(seen) == 2


async def test_the_result_names_each_written_file_whole_at_80x24(tmp_path: Path) -> None:
    app, case_id = await case_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_case(case_id)
        await settle(pilot, lambda: isinstance(app.screen, CaseScreen)
                     and app.screen.case is not None)
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("enter", "enter")
        await settle(pilot, lambda: isinstance(app.screen, PreflightDialog)
                     and app.screen.checked is not None)
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(app.screen, ExportProgress)
                     and app.screen.finished)
        [written] = (tmp_path / "out").glob("*.docx")
        assert " " in written.name  # "TS-… 证据清单.docx": cut at the space before
        dialog = app.screen
        shown = "\n".join(str(label.content) for label in dialog.query(Label))
        assert written.name in shown
        assert str(tmp_path / "out") in shown  # the folder, once
        assert shown.count(str(tmp_path / "out")) == 1
        # on screen whole (wrapped at its space if need be), above the key hint
        result = dialog.query_one("#export-result", Label)
        rendered = "".join(strip.text for strip in result.render_lines(result.size.region))
        assert written.name.replace(" ", "") in rendered.replace(" ", "")
        assert hint_visible(dialog)
