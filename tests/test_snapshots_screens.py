"""The look of every screen a caseworker works in, pinned at 80×24 and 160×48 in both
languages (update with --snapshot-update): the queue, each case tab, the intake form, the
stage picker and the help. Each snapshot is taken once its reads have arrived."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from textual.widgets import Input, OptionList, Static, TabbedContent

from tests import tui_support
from tests.tui_support import copy_db, make_app, queue, settle
from workbench import i18n
from workbench.tui.app import WorkbenchApp
from workbench.tui.case_screen import CaseScreen
from workbench.tui.escalate import StagePicker
from workbench.tui.help import HelpScreen
from workbench.tui.intake_screen import IntakeScreen

template = tui_support.template  # fixture: a demo database per module

# an open demo case (stage 行业组织) with four pieces of evidence, five contacts and twenty
# events, so every tab has something to show (the demo makes no filings: 文书 is empty)
CASE_ID = 198
SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 48), id="160x48")]
TABS = ["overview", "evidence", "timeline", "contacts", "filings"]


@pytest.fixture(params=["zh_CN", "en"])
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    """The UI language, set before the app is built and restored afterwards."""
    i18n.set_language(request.param)
    try:
        yield request.param
    finally:
        i18n.set_language(i18n.SOURCE_LANGUAGE)


@pytest.fixture
def app(template: Path, tmp_path: Path, language: str) -> WorkbenchApp:
    return make_app(copy_db(template, tmp_path))


def steady(app: WorkbenchApp) -> None:
    """No blinking cursor in the picture."""
    for field in app.screen.query(Input):
        field.cursor_blink = False


async def queue_loaded(app: WorkbenchApp, pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot, lambda: queue(app)[1].total > 0
                 and len(queue(app)[0].view_counts) == len(queue(app)[0].views)
                 and all(c is not None for c in queue(app)[0].view_counts.values()))


async def case_loaded(app: WorkbenchApp, pilot) -> CaseScreen:  # type: ignore[no-untyped-def]
    await queue_loaded(app, pilot)
    app.open_case(CASE_ID)
    await settle(pilot, lambda: isinstance(app.screen, CaseScreen)
                 and app.screen.case is not None)
    assert isinstance(app.screen, CaseScreen)
    return app.screen


def shown(screen: object, selector: str) -> Callable[[], bool]:
    """Whether the Static at `selector` shows something (a read has filled it)."""
    def check() -> bool:
        return bool(str(screen.query_one(selector, Static).content))  # type: ignore[attr-defined]
    return check


@pytest.mark.parametrize("size", SIZES)
def test_queue(snap_compare, app: WorkbenchApp, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await queue_loaded(app, pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("tab", TABS)
@pytest.mark.parametrize("size", SIZES)
def test_case_tab(snap_compare, app: WorkbenchApp, size: tuple[int, int],  # type: ignore[no-untyped-def]
                  tab: str) -> None:
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        screen = await case_loaded(app, pilot)
        await pilot.press(str(TABS.index(tab) + 1))
        await settle(pilot, lambda: screen.query_one(TabbedContent).active == tab)
        if tab == "evidence":  # the highlighted piece's preview has arrived
            await settle(pilot, shown(screen, "#evidence-preview"))

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_intake_form(snap_compare, app: WorkbenchApp, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await queue_loaded(app, pilot)
        await pilot.press("n")
        await settle(pilot, lambda: isinstance(app.screen, IntakeScreen))
        steady(app)
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_stage_picker(snap_compare, app: WorkbenchApp, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await case_loaded(app, pilot)
        await pilot.press("e")
        await settle(pilot, lambda: isinstance(app.screen, StagePicker)
                     and app.screen.query_one(OptionList).highlighted is not None)
        await settle(pilot, shown(app.screen, "#picker-detail"))

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_help(snap_compare, app: WorkbenchApp, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await queue_loaded(app, pilot)
        app.action_help()
        await settle(pilot, lambda: isinstance(app.screen, HelpScreen))

    assert snap_compare(app, terminal_size=size, run_before=run_before)
