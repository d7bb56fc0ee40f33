# ruff: noqa: F811  (the shared fixtures of tests/tui_support.py are parameters here)
"""The providers list (R) uses a wide terminal: a name is cut only when it does not fit
the width the other columns leave (issue 13, walk: every screen at 160×48)."""

from __future__ import annotations

from tests.tui_support import make_app, settle, template, url  # noqa: F401
from workbench.tui.providers import ProvidersScreen


def screen_lines(app) -> list[str]:  # type: ignore[no-untyped-def]
    return ["".join(s.text for s in strip) for strip in app.screen._compositor.render_strips()]


async def open_registry(app, pilot) -> ProvidersScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("R")
    await settle(pilot, lambda: isinstance(app.screen, ProvidersScreen) and app.screen.rows)
    screen = app.screen
    assert isinstance(screen, ProvidersScreen)
    return screen


async def test_a_wide_registry_shows_whole_names(url: str) -> None:
    app = make_app(url)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await open_registry(app, pilot)
        lines = screen_lines(app)
        visible = [row.name for row in screen.rows[:30]]
        assert all(any(name in line for line in lines) for name in visible[:10]), lines[:14]
        await pilot.resize_terminal(80, 24)  # narrow again: cut in the middle, with …
        await settle(pilot)
        lines = screen_lines(app)
        assert any("…" in line for line in lines[3:12]), lines[:12]
        assert "上级机构" in lines[3] and "案件" in lines[3], lines[3]  # all columns in view


async def test_a_narrow_registry_still_cuts_long_names(url: str) -> None:
    app = make_app(url)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_registry(app, pilot)
        long = [row.name for row in screen.rows[:10] if len(row.name) > 12]
        assert long and not any(long[0] in line for line in screen_lines(app))
