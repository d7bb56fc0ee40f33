"""The import screen (issue 14 item 1) on a real demo database at 80×24: `I` from the
queue, a dry run shown row by row (a refused row's reason, hostile text as text), `y`
creating the cases, Esc stopping a running dry run with nothing written."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console
from rich.text import Text
from textual.widgets import DataTable, Input, Static

from tests.import_support import row_12315, write_xlsx
from tests.tui_support import make_app, settle, template, url  # noqa: F401
from workbench.services.cases import case_count
from workbench.tui.detail import DetailDialog, records_renderable
from workbench.tui.import_screen import ImportScreen
from workbench.tui.queue_screen import QueueScreen

HOSTILE = "[bold red]假[/]\u202e=HYPERLINK(1)"


def status(screen: ImportScreen) -> str:
    shown = screen.query_one("#import-status", Static).visual
    return str(shown.plain if isinstance(shown, Text) else shown)


def cells(screen: ImportScreen) -> list[list[str]]:
    table = screen.query_one(DataTable)
    return [[str(getattr(c, "plain", c)) for c in table.get_row_at(i)]
            for i in range(table.row_count)]


async def open_import(app, pilot, path: Path) -> ImportScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("I")
    await settle(pilot, lambda: isinstance(app.screen, ImportScreen))
    screen = app.screen
    assert isinstance(screen, ImportScreen)
    screen.query_one("#import-path", Input).value = str(path)
    return screen


async def test_a_dry_run_is_shown_then_y_creates_the_cases(url: str, tmp_path: Path) -> None:  # noqa: F811
    path = write_xlsx(tmp_path / "12315.xlsx", [
        row_12315(1), row_12315(2, 联系电话="12345", 被投诉人=HOSTILE), row_12315(3)])
    app = make_app(url)
    before = case_count(app.wb)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_import(app, pilot, path)
        await pilot.press("enter")
        await settle(pilot, lambda: screen.report is not None)
        assert status(screen).startswith("试运行（未写入）：新建 2，已导入 0，疑似重复 0，拒绝 1")
        rows = cells(screen)
        assert [r[:2] for r in rows] == [["4", "新建"], ["5", "拒绝"], ["6", "新建"]]
        assert "联系电话" in rows[1][2]  # the refused row's reason
        assert case_count(app.wb) == before
        await pilot.press("down", "v")  # the refused row in full
        await settle(pilot, lambda: isinstance(app.screen, DetailDialog))
        detail = app.screen
        assert isinstance(detail, DetailDialog)
        assert "联系电话" in dict(detail.records[0])["原因"]
        console = Console(file=io.StringIO(), width=76)
        console.print(records_renderable(detail.records))
        shown = console.file.getvalue()  # type: ignore[attr-defined]
        assert "[bold red]假[/]" in shown and "\u202e" not in shown  # text, not markup
        await pilot.press("escape")
        await settle(pilot, lambda: app.screen is screen)
        await pilot.press("y")
        await settle(pilot, lambda: status(screen).startswith("导入完成：新建 2"))
        assert case_count(app.wb) == before + 2
        assert str(tmp_path / "12315.errors.xlsx") in status(screen)
        assert (tmp_path / "12315.errors.xlsx").exists()
        assert [r[1] for r in cells(screen)] == ["新建", "拒绝", "新建"]
        assert cells(screen)[0][2].startswith("TS-2026-")
        await pilot.press("escape")
        await settle(pilot, lambda: isinstance(app.screen, QueueScreen))


async def test_y_before_a_dry_run_imports_nothing(url: str, tmp_path: Path) -> None:  # noqa: F811
    path = write_xlsx(tmp_path / "12315.xlsx", [row_12315(1)])
    app = make_app(url)
    before = case_count(app.wb)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_import(app, pilot, path)
        screen.query_one(DataTable).focus()
        await pilot.press("y")
        await settle(pilot)
        assert "请先试运行" in status(screen)
        assert case_count(app.wb) == before


async def test_esc_stops_a_running_dry_run_and_nothing_is_written(
        url: str, tmp_path: Path) -> None:  # noqa: F811
    path = write_xlsx(tmp_path / "12315.xlsx", [row_12315(i) for i in range(1, 801)])
    app = make_app(url)
    before = case_count(app.wb)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_import(app, pilot, path)
        # both keys at once (pilot.press would wait for the screen, by then the run is done)
        app.simulate_key("f5")
        app.simulate_key("escape")
        await settle(pilot, lambda: screen.stop is None and screen.shown is not None)
        assert app.screen is screen  # Esc stopped the run and stayed here
        assert screen.shown is not None and screen.shown.cancelled
        assert len(screen.shown.rows) < 800
        assert "试运行已中止" in status(screen)
        assert screen.report is None
        await pilot.press("y")  # nothing to confirm
        await settle(pilot)
        assert case_count(app.wb) == before
        await pilot.press("escape")
        await settle(pilot, lambda: isinstance(app.screen, QueueScreen))
        assert case_count(app.wb) == before
