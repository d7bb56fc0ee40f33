# ruff: noqa: F811  (the shared fixtures of tests/tui_support.py are parameters here)
"""Paint and page from cached windows (issue 17): the blocks either side of the cursor's and
the last one are fetched ahead in a worker, so page down, G and g paint from the cache; the
rows are the same as a fresh read, and a write by anyone drops every cached window."""

from __future__ import annotations

from tests.conftest import open_test_store
from tests.tui_support import make_app, queue, settle, template, url  # noqa: F401
from workbench.domain.clock import FrozenClock
from workbench.services import cases
from workbench.services import queue as queue_service
from workbench.services.context import Workbench
from workbench.tui.queue_table import BLOCK


def screen_lines(app) -> list[str]:  # type: ignore[no-untyped-def]
    return ["".join(s.text for s in strip) for strip in app.screen._compositor.render_strips()]


async def all_cases(pilot, app):  # type: ignore[no-untyped-def]
    await settle(pilot, lambda: queue(app)[1].total > 0)
    screen, table = queue(app)
    await pilot.press("7")
    await settle(pilot, lambda: table.exact and table.total > 2 * BLOCK
                 and screen.current_query is not None
                 and screen.current_query.generation == screen.generation)
    return screen, table


def fresh_rows(app, screen) -> list:  # type: ignore[no-untyped-def]
    query = screen.current_query
    return queue_service.window(app.wb, query.filter, query.scope, sort=query.sort,
                                descending=query.descending, offset=0, limit=10**6,
                                total=None)


async def test_the_next_and_last_windows_are_fetched_ahead_and_match_a_fresh_read(
        url: str) -> None:
    app = make_app(url)
    async with app.run_test(size=(160, 48)) as pilot:
        screen, table = await all_cases(pilot, app)
        last = (table.total - 1) // BLOCK * BLOCK
        # nothing scrolled yet: the next block and the last are there already
        assert {0, BLOCK, last} <= set(table.blocks), sorted(table.blocks)
        expected = fresh_rows(app, screen)
        assert len(expected) == table.total
        for key in ["f"] * 8 + ["G", "g", "ctrl+d", "G", "b", "b"]:
            await pilot.press(key)
            await settle(pilot)
            assert table.current() == expected[table.cursor], (key, table.cursor)
        shown = [table.row_at(i) for i in range(table.total)]
        assert all(row is None or row == expected[i] for i, row in enumerate(shown))
        assert sum(row is not None for row in shown) > 2 * BLOCK


async def test_a_write_by_another_session_drops_the_windows_fetched_ahead(url: str) -> None:
    app = make_app(url)
    async with app.run_test(size=(160, 48)) as pilot:
        screen, table = await all_cases(pilot, app)
        ahead = table.row_at(BLOCK + 10)  # fetched ahead, never shown
        assert ahead is not None
        other = open_test_store(url)
        try:
            wb = Workbench(store=other, actor="wang.li", clock=app.wb.clock)
            cases.edit_case(wb, ahead.id, ahead.version, {"title": "另一会话改过的标题"})
        finally:
            other.dispose()
        await settle(pilot, lambda: (row := table.row_at(BLOCK + 10)) is not None
                     and row.version != ahead.version, timeout=5)
        table.move_to(BLOCK + 10)
        await settle(pilot)
        assert table.current() is not None and table.current().title == "另一会话改过的标题"
        assert any("另一会话改过的标题" in line for line in screen_lines(app))
        assert table.current() == fresh_rows(app, screen)[BLOCK + 10]


async def test_no_stale_row_is_painted_after_an_edit(url: str) -> None:
    app = make_app(url)
    async with app.run_test(size=(160, 48)) as pilot:
        _screen, table = await all_cases(pilot, app)
        row = table.current()
        assert row is not None
        before = screen_lines(app)
        assert any(row.title in line for line in before)
        wb = Workbench(store=app.wb.store, actor="wang.li", clock=FrozenClock.on(app.wb.today()))
        cases.edit_case(wb, row.id, row.version, {"title": "编辑后的标题"})
        await settle(pilot, lambda: table.current() is not None
                     and table.current().title == "编辑后的标题", timeout=5)
        await settle(pilot)
        lines = screen_lines(app)
        assert any("编辑后的标题" in line for line in lines)
        assert not any(row.title in line for line in lines if row.ref in line)
