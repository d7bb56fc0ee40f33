"""The intake form in issue 13's morning round (the walk-through's defects 6, 7 and 9):
typing in the category list finds a category, a field is checked as it is left and its
error goes as soon as it is right, and a tick is readable without colour."""

from __future__ import annotations

from textual.widgets import Input, Label, SelectionList

from tests import tui_support
from tests.test_walk_dialogs import unwrapped
from tests.tui_support import make_app, settle
from workbench.tui.intake_screen import IntakeScreen

template = tui_support.template  # fixtures: a demo database per module, a copy per test
url = tui_support.url
SIZE = (80, 24)


async def open_form(app, pilot) -> IntakeScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("n")
    await settle(pilot, lambda: isinstance(app.screen, IntakeScreen))
    return app.screen  # type: ignore[no-any-return]


def line_text(widget, y: int) -> str:  # type: ignore[no-untyped-def]
    return "".join(segment.text for segment in widget.render_line(y))


def label_text(screen: IntakeScreen, selector: str) -> str:
    label = screen.query_one(selector, Label)
    return str(label.render()) if label.display else ""


async def test_typing_in_the_category_list_finds_a_category(url: str) -> None:
    app = make_app(url)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_form(app, pilot)
        categories = screen.query_one("#categories", SelectionList)
        categories.focus()
        await pilot.press(*"跳")
        await settle(pilot)
        highlighted = categories.get_option_at_index(categories.highlighted or 0)
        assert "跳码" in str(highlighted.prompt)
        assert "跳码" in label_text(screen, "#help-categories")
        await pilot.press("space")
        await settle(pilot)
        assert categories.selected == [highlighted.value]
        await pilot.press(*"押金199元激活后未退还")  # a title typed here: said, not lost
        await settle(pilot)
        assert "押金199元激活后未退还" in label_text(screen, "#help-categories") \
            or "没有这样的类别" in label_text(screen, "#help-categories")
        assert "查找" in label_text(screen, "#help-categories")


async def test_a_field_is_checked_as_it_is_left_and_cleared_once_right(url: str) -> None:
    app = make_app(url)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_form(app, pilot)
        assert screen.focused is screen.query_one("#name")
        await pilot.press("tab")  # an empty field left: told at F2, not now
        await settle(pilot)
        assert label_text(screen, "#err-name") == ""
        phone = screen.query_one("#phone", Input)
        phone.focus()
        await pilot.press(*"1381234567", "tab")
        await settle(pilot)
        assert "11位" in label_text(screen, "#err-phone")
        phone.focus()
        await pilot.press("end", "8")  # now right: the error goes at once, before any F2
        await settle(pilot)
        assert label_text(screen, "#err-phone") == ""
        harm = screen.query_one("#harm_known_on", Input)
        harm.focus()
        await pilot.press(*"2026-13-01", "tab")
        await settle(pilot)
        assert "13月" in label_text(screen, "#err-harm_known_on")


async def test_ticks_show_without_colour(url: str) -> None:
    from workbench.tui.export import ExportOptions

    app = make_app(url)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_form(app, pilot)
        categories = screen.query_one("#categories", SelectionList)
        categories.focus()
        await pilot.press("space")
        await settle(pilot)
        assert line_text(categories, 0).startswith("[x] ")
        assert line_text(categories, 1).startswith("[ ] ")
        await pilot.press("escape")
        await settle(pilot)
        app.push_screen(options := ExportOptions())
        await settle(pilot)
        assert "[ ] 草稿（不编号）" in unwrapped(app)
        await pilot.press("d")
        await settle(pilot)
        assert "[x] 草稿（不编号）" in unwrapped(app)
        options.dismiss(None)
