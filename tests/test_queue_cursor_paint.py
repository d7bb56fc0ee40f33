# ruff: noqa: F811  (the shared fixtures of tests/tui_support.py are parameters here)
"""A cursor move within the page repaints only the row it leaves and the row it lands on
(issue 17, "paint and page"); what the terminal shows is the same as a full repaint."""

from __future__ import annotations

from tests.tui_support import make_app, queue, settle, template, url  # noqa: F401


def cursor_rows(app) -> list[int]:  # type: ignore[no-untyped-def]
    """The table's lines (0 = its first) painted in the cursor's background."""
    _screen, table = queue(app)
    cursor = table.get_component_rich_style("queue-table--cursor").bgcolor
    strips = app.screen._compositor.render_strips()
    top = table.content_region.y
    return [y for y in range(table.content_region.height)
            if any(s.style is not None and s.style.bgcolor == cursor for s in strips[top + y])]


async def test_a_move_within_the_page_repaints_the_two_rows(url: str) -> None:
    app = make_app(url)
    async with app.run_test(size=(120, 30)) as pilot:
        _screen, table = queue(app)
        await settle(pilot, lambda: table.current() is not None)
        assert cursor_rows(app) == [0]
        table.cursor = 3
        assert table._repaint_regions, "only the two rows are marked"
        assert all(r.height == 1 for r in table._repaint_regions)
        await settle(pilot)
        assert cursor_rows(app) == [3]
        await pilot.press("k")
        await settle(pilot)
        assert cursor_rows(app) == [2]
