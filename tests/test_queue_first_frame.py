# ruff: noqa: F811  (the shared fixtures of tests/tui_support.py are parameters here)
"""The queue's first frame is its final one (issue 13, walk defect 22): the footer shows the
queue's keys, not the hidden filter field's, and the status line is laid out for the width
the terminal has, also after a resize."""

from __future__ import annotations

from tests.tui_support import make_app, queue, settle, template, url  # noqa: F401
from workbench.domain.categories import CATEGORY_LABELS, Category


def screen_lines(app) -> list[str]:  # type: ignore[no-untyped-def]
    return ["".join(s.text for s in strip) for strip in app.screen._compositor.render_strips()]


async def test_the_first_frame_shows_the_queue_keys_in_the_footer(url: str) -> None:
    app = make_app(url)
    async with app.run_test(size=(80, 24)) as pilot:
        first = screen_lines(app)  # what the terminal is sent first
        footer = first[-1]
        assert "完成" not in footer, footer  # the filter field's keys, though it is hidden
        await settle(pilot, lambda: queue(app)[1].current() is not None)
        footer = screen_lines(app)[-1]
        assert "打开" in footer and "帮助" in footer, footer


async def test_the_status_line_is_laid_out_again_after_a_resize(url: str) -> None:
    app = make_app(url)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, lambda: queue(app)[1].current() is not None)
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        _screen, table = queue(app)
        row = table.current()
        assert row is not None
        status = screen_lines(app)[-2]
        # at 80 the 类别 column is gone, so the status line says the category; the sort stays
        assert CATEGORY_LABELS[Category(row.primary_category)] in status, status
        assert status.rstrip().endswith("排序 期限↑"), status
        await pilot.resize_terminal(160, 48)
        await settle(pilot)
        status = screen_lines(app)[-2]
        assert CATEGORY_LABELS[Category(row.primary_category)] not in status, status
        assert status.rstrip().endswith("排序 期限↑"), status
