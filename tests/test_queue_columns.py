# ruff: noqa: F811  (the shared fixtures of tests/tui_support.py are parameters here)
"""The queue chooses its columns by meaning: at 80×24 编号, 标题, 服务商 (short name), 阶段
(short label) and 期限; 类别, when it does not fit, is in the status line and in `v`."""

from __future__ import annotations

from tests.tui_support import make_app, queue, settle, template, url  # noqa: F401
from workbench.domain.categories import CATEGORY_LABELS, Category
from workbench.tui.queue_table import cell_text, layout


def header_text(app) -> str:  # type: ignore[no-untyped-def]
    screen, _table = queue(app)
    return "".join(s.text for s in screen.query_one("#header").render_line(0))


def status_text(app) -> str:  # type: ignore[no-untyped-def]
    screen, _table = queue(app)
    return "".join(s.text for s in screen.query_one("#status").render_line(0))


def test_the_five_columns_of_meaning_fit_at_80() -> None:
    keys = [c.key for c, _w in layout(80)]
    assert keys == ["ref", "title", "provider", "stage", "due"]
    widths = dict((c.key, w) for c, w in layout(80))
    assert widths["title"] >= 20
    assert "category" in [c.key for c, _w in layout(120)]


async def test_at_80x24_the_title_is_a_column_and_the_category_in_the_status(
        url: str) -> None:
    from workbench.tui.detail import DetailDialog

    app = make_app(url)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, lambda: queue(app)[1].current() is not None)
        _screen, table = queue(app)
        header = header_text(app)
        for title in ("编号", "标题", "服务商", "阶段", "期限"):
            assert title in header, header
        assert "类别" not in header
        row = table.current()
        assert row is not None
        category = CATEGORY_LABELS[Category(row.primary_category)]
        assert category in status_text(app)
        line = "".join(s.text for s in table.render_line(0))
        assert cell_text("title", row, table.today)[:6] in line
        await pilot.press("v")
        await settle(pilot, lambda: isinstance(app.screen, DetailDialog))
        assert any(label == "类别" and value == category
                   for label, value in app.screen.records[0])


async def test_a_wide_queue_shows_the_category_column(url: str) -> None:
    app = make_app(url)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot, lambda: queue(app)[1].current() is not None)
        assert "类别" in header_text(app) and "标题" in header_text(app)
