# ruff: noqa: F811  (the shared fixtures of tests/tui_support.py are parameters here)
"""A 300-character filter with an unknown `stage:` at 80×24: the status line says in
Chinese what is wrong (the unknown stage, the known ones), the message is not drowned in
the typed text, nothing hangs, and the rows of the last good query stay."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from tests.tui_support import TODAY, make_app, queue, settle, template, url  # noqa: F401
from workbench.domain.query import FilterError, parse_filter

LONG = "王" * 290


@pytest.mark.parametrize("typed", ["stage:" + LONG, "due:" + LONG, "foo" + LONG + ":x",
                                   "status:" + LONG])
def test_a_long_mistake_is_quoted_short(typed: str) -> None:
    with pytest.raises(FilterError) as caught:
        parse_filter(typed, TODAY)
    message = caught.value.message
    assert cell_len(message) < 2 * 78, message  # two lines at 80 columns at most
    assert "…" in message


def line(app, selector: str) -> str:  # type: ignore[no-untyped-def]
    screen, _table = queue(app)
    return "".join(s.text for s in screen.query_one(selector).render_line(0))


async def test_unknown_stage_in_a_300_character_filter_at_80x24(url: str) -> None:
    from textual.widgets import Input, Static

    app = make_app(url)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, lambda: queue(app)[1].current() is not None)
        screen, table = queue(app)
        before, first = table.total, table.current()
        await pilot.press("slash")
        screen.query_one("#filter", Input).insert_text_at_cursor("stage:nosuch " + LONG)  # paste
        await settle(pilot, lambda: screen.query_one("#filter-error", Static).display)
        await pilot.press("enter")
        await settle(pilot)
        assert app.is_running and app.screen is screen
        status = line(app, "#status")
        assert status.startswith("⚠ 筛选未生效") and "没有这个阶段" in status, status
        assert "nosuch" in status and "可选" in status
        error = screen.query_one("#filter-error", Static)
        assert "provider" in str(error.render()) and error.region.height <= 3
        assert table.total == before and table.current() == first  # the rows stay
        assert "筛选后" not in str(screen.sub_title)  # the header does not claim it
        views = line(app, "#views")
        assert f"{before:,}" in views, views  # the view bar keeps its counts
        await pilot.press("escape")  # clears the filter: the status is the row's again
        await settle(pilot, lambda: not line(app, "#status").startswith("⚠"))
