"""Issue 13's second morning walk (defects 1 and 6): a burst of keys in one write, Tabs
and all, applies key by key, each key to the widget focused after the keys before it."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.widgets import Input, TextArea

from tests.conftest import open_test_store
from tests.factories import new_case
from tests.tui_support import TODAY, copy_db, make_app, settle, template  # noqa: F401
from workbench.domain.clock import FrozenClock
from workbench.services.context import Workbench
from workbench.tui.app import WorkbenchApp
from workbench.tui.case.contacts import ContactDialog
from workbench.tui.case.evidence import NoteDialog
from workbench.tui.case_screen import CaseScreen
from workbench.tui.dialogs import ConfirmDialog

SPECIAL = {"tab": "\t", "space": " ", "escape": None, "enter": "\r", "colon": ":"}


def burst(app: WorkbenchApp, *parts: str) -> None:
    """One write: every key queued before any runs. A part of several characters is
    typed character by character; the names in SPECIAL are one key each."""
    for part in parts:
        if part in SPECIAL:
            app.post_message(events.Key(part, SPECIAL[part]))
            continue
        for char in part:
            key = "space" if char == " " else char
            app.post_message(events.Key(key, char))


async def case_screen(app: WorkbenchApp, pilot, url: str) -> CaseScreen:  # type: ignore[no-untyped-def]
    store = open_test_store(url)
    case = new_case(Workbench(store=store, actor="wang.li", clock=FrozenClock.on(TODAY)))
    store.dispose()
    await settle(pilot)
    assert case.id is not None
    app.open_case(case.id)
    await settle(pilot, lambda: isinstance(app.screen, CaseScreen)
                 and app.screen.case is not None)
    assert isinstance(app.screen, CaseScreen)
    return app.screen


async def test_a_burst_with_tabs_fills_each_field_of_the_contact_dialog(
        template: Path, tmp_path: Path) -> None:  # noqa: F811
    url = copy_db(template, tmp_path)
    app = make_app(url)
    async with app.run_test(size=(80, 24)) as pilot:
        await case_screen(app, pilot, url)
        burst(app, "c", "tab", "tab", "服务商客服 95017", "tab", "KF1203", "tab",
              "客服承诺三日内退还99元", "tab", "已承诺", "tab", "2026-12-05")
        await settle(pilot, lambda: isinstance(app.screen, ContactDialog))
        await settle(pilot)
        dialog = app.screen
        values = {ident: dialog.query_one(f"#{ident}", Input).value
                  for ident in ("counterpart", "ticket", "summary", "outcome", "next")}
        assert values == {"counterpart": "服务商客服 95017", "ticket": "KF1203",
                          "summary": "客服承诺三日内退还99元", "outcome": "已承诺",
                          "next": "2026-12-05"}


async def test_a_burst_with_a_tab_fills_the_text_and_the_tags_of_the_note_dialog(
        template: Path, tmp_path: Path) -> None:  # noqa: F811
    url = copy_db(template, tmp_path)
    app = make_app(url)
    async with app.run_test(size=(80, 24)) as pilot:
        await case_screen(app, pilot, url)
        await pilot.press("N")
        await settle(pilot, lambda: isinstance(app.focused, TextArea))
        burst(app, "abc def", "tab", "x,y")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, NoteDialog)
        assert dialog.query_one("#body", TextArea).text == "abc def"
        assert dialog.query_one("#tags", Input).value == "x,y"
        assert app.focused is dialog.query_one("#tags", Input)


async def test_a_paste_stays_one_text_in_the_field(
        template: Path, tmp_path: Path) -> None:  # noqa: F811
    url = copy_db(template, tmp_path)
    app = make_app(url)
    async with app.run_test(size=(80, 24)) as pilot:
        await case_screen(app, pilot, url)
        await pilot.press("N")
        await settle(pilot, lambda: isinstance(app.focused, TextArea))
        app.post_message(events.Paste("abc\tdef"))
        await settle(pilot)
        assert isinstance(app.focused, TextArea)
        assert "abc" in app.focused.text and "def" in app.focused.text


async def test_a_quick_esc_y_discards_a_filled_dialog(
        template: Path, tmp_path: Path) -> None:  # noqa: F811
    url = copy_db(template, tmp_path)
    app = make_app(url)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await case_screen(app, pilot, url)
        await pilot.press("N")
        await settle(pilot, lambda: isinstance(app.focused, TextArea))
        await pilot.press(*"abc")
        await settle(pilot)
        burst(app, "escape", "y")
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmDialog)
        assert app.screen is screen
