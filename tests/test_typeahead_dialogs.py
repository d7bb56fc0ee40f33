"""Issue 13's morning round (defect 10): keys typed with no pause after the key that opens a
dialog land in that dialog, never on the screen behind it (where letters are commands),
even when the dialog needs the database first (it opens at once and fills in)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input, TabbedContent, TextArea

from tests.conftest import open_test_store
from tests.factories import new_case
from tests.tui_support import TODAY, copy_db, make_app, settle, template  # noqa: F401
from workbench.domain.clock import FrozenClock
from workbench.services.context import Workbench
from workbench.tui.app import WorkbenchApp
from workbench.tui.base import WorkbenchModal
from workbench.tui.case_screen import CaseScreen
from workbench.tui.queue_screen import QueueScreen


def burst(app: WorkbenchApp, *keys: str) -> None:
    """Keys as a fast typist or a paste over SSH sends them: all queued before any runs."""
    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else None))


def typed_text(app: WorkbenchApp) -> str:
    focused = app.focused
    if isinstance(focused, Input):
        return focused.value
    if isinstance(focused, TextArea):
        return focused.text
    raise AssertionError(f"no text field has focus: {focused!r} on {app.screen!r}")


async def open_case(app: WorkbenchApp, pilot, case_id: int) -> CaseScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    app.open_case(case_id)
    await settle(pilot, lambda: isinstance(app.screen, CaseScreen)
                 and app.screen.case is not None)
    screen = app.screen
    assert isinstance(screen, CaseScreen)
    return screen


# (keys before the burst, the burst: the opening key then letters)
CASE_DIALOGS = {
    "note N": ((), ("N", *"abc")),
    "evidence a": (("2",), ("a", *"abc")),
    "correction E › 标题": ((), ("E", "enter", *"abc")),
    "decide d › 受理说明": ((), ("d", "enter", *"abc")),
    "reveal R › 理由": ((), ("R", "enter", *"abc")),
}


@pytest.mark.parametrize("name", list(CASE_DIALOGS))
async def test_letters_typed_with_the_key_land_in_the_case_dialog(
        template: Path, tmp_path: Path, name: str) -> None:  # noqa: F811
    before, keys = CASE_DIALOGS[name]
    url = copy_db(template, tmp_path)
    store = open_test_store(url)
    case = new_case(Workbench(store=store, actor="wang.li", clock=FrozenClock.on(TODAY)))
    store.dispose()
    app = make_app(url)
    async with app.run_test(size=(80, 24)) as pilot:
        assert case.id is not None
        screen = await open_case(app, pilot, case.id)
        for key in before:
            await pilot.press(key)
        await settle(pilot)
        tab = screen.query_one(TabbedContent).active
        burst(app, *keys)
        await settle(pilot, lambda: isinstance(app.screen, WorkbenchModal)
                     and isinstance(app.focused, Input | TextArea))
        await settle(pilot)
        assert typed_text(app).endswith("abc")
        assert screen.query_one(TabbedContent).active == tab  # nothing reached the case
        assert app.screen_stack[-2] is screen  # the picker before it closed


@pytest.mark.parametrize("name", ["escalate e", "export x", "contact c"])
async def test_keys_typed_after_a_picker_that_loads_never_reach_the_case(
        template: Path, tmp_path: Path, name: str) -> None:  # noqa: F811
    """The stage picker needs the stage options; the pre-flight the checks: each opens at
    once (loading) and the `5` typed meanwhile does not switch the case's tab."""
    url = copy_db(template, tmp_path)
    store = open_test_store(url)
    case = new_case(Workbench(store=store, actor="wang.li", clock=FrozenClock.on(TODAY)))
    store.dispose()
    app = make_app(url)
    app.wb.filings_dir = tmp_path / "out"
    async with app.run_test(size=(80, 24)) as pilot:
        assert case.id is not None
        screen = await open_case(app, pilot, case.id)
        keys = {"escalate e": ("e", "5"), "contact c": ("c", "5"),
                "export x": ("x", "enter", "enter", "5")}[name]
        burst(app, *keys)
        await settle(pilot)
        assert screen.query_one(TabbedContent).active == "overview"
        assert isinstance(app.screen, WorkbenchModal)


QUEUE_DIALOGS = {
    "jump :": ("colon", *"abc"),
    "filter /": ("slash", *"abc"),
    "new case n": ("n", "y", *"abc"),
}


@pytest.mark.parametrize("name", list(QUEUE_DIALOGS))
async def test_letters_typed_with_the_key_land_in_the_queue_dialog(
        template: Path, tmp_path: Path, name: str) -> None:  # noqa: F811
    app = make_app(copy_db(template, tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        queue = app.screen
        assert isinstance(queue, QueueScreen)
        view = queue.current_query
        burst(app, *QUEUE_DIALOGS[name])
        await settle(pilot, lambda: isinstance(app.focused, Input | TextArea))
        await settle(pilot)
        assert typed_text(app).endswith("abc")
        assert queue.current_query == view or name == "filter /"


async def test_keys_typed_after_assign_never_reach_the_queue(
        template: Path, tmp_path: Path) -> None:  # noqa: F811
    """`a` needs the list of caseworkers: the picker opens at once and fills in; the `3`
    typed meanwhile does not switch the queue's view."""
    app = make_app(copy_db(template, tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        queue = app.screen
        assert isinstance(queue, QueueScreen)
        view = queue.current_query
        burst(app, "a", "3")
        await settle(pilot)
        assert isinstance(app.screen, WorkbenchModal)
        assert queue.current_query == view
