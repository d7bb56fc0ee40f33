# ruff: noqa: F811  (the shared fixtures of tests/tui_support.py are parameters here)
"""`q` and Esc back out one level: dialogs close with q, the queue's Esc clears the filter
first, and a filter kept across views is shown in the view bar."""

from __future__ import annotations

from tests.tui_support import copy_db, make_app, make_demo_template, queue, settle, template, url  # noqa: F401  (shared fixtures)
from workbench.tui.dialogs import AskDialog, ConfirmDialog, PickDialog


async def test_q_closes_a_dialog_instead_of_quitting(url: str) -> None:
    from textual.widgets import Input

    app = make_app(url)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, lambda: queue(app)[1].total > 0)
        screen, table = queue(app)
        await pilot.press("p")  # the priority picker
        await settle(pilot, lambda: isinstance(app.screen, PickDialog))
        await pilot.press("q")
        await settle(pilot)
        assert app.screen is screen and app.is_running
        await pilot.press("space", "space", "a")
        await settle(pilot, lambda: isinstance(app.screen, PickDialog))
        await pilot.press("enter")  # (不分配): the count confirmation
        await settle(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("q")
        await settle(pilot)
        assert app.screen is screen and app.is_running and len(table.marks) == 2
        await pilot.press("colon")  # in a text field q is a letter
        await settle(pilot, lambda: isinstance(app.screen, AskDialog))
        await pilot.press("q")
        assert app.screen.query_one(Input).value == "q"
        await pilot.press("escape")  # something typed: asked before it is thrown away
        await settle(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await settle(pilot)
        assert app.screen is screen


def _bar(app) -> str:  # type: ignore[no-untyped-def]
    from workbench.tui.queue_screen import Line

    return app.screen.query_one("#views", Line).text.plain  # type: ignore[no-any-return]


async def test_escape_on_the_queue_clears_the_filter_and_the_bar_shows_a_kept_one(
        url: str) -> None:
    from textual.widgets import Input

    app = make_app(url)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, lambda: queue(app)[1].total > 0)
        screen, table = queue(app)
        await pilot.press("7")
        await settle(pilot)
        everything = table.total
        await pilot.press("slash", "跳", "码", "enter")
        await settle(pilot, lambda: table.total < everything)
        assert table.has_focus
        await pilot.press("3")  # another view: the filter is kept, and the bar says so
        await settle(pilot)
        assert "跳码" in _bar(app)
        await pilot.press("7")
        await settle(pilot, lambda: table.total < everything)
        await pilot.press("escape")  # first Esc: the filter goes
        await settle(pilot, lambda: table.total == everything)
        assert screen.user_filter == "" and not screen.query_one("#filter", Input).display
        assert "跳码" not in _bar(app)
        await pilot.press("q")  # and q on the queue quits without asking
        await settle(pilot)
        assert not app.is_running
