# ruff: noqa: F811  (the shared fixtures of tests/tui_support.py are parameters here)
"""A wide queue uses its width (issue 13, walk defect 21): the 服务商 column shows the
provider's full name when it fits, the registry's short name only when it does not."""

from __future__ import annotations

from rich.cells import cell_len

from tests.tui_support import make_app, queue, settle, template, url  # noqa: F401
from workbench.tui.queue_table import cell_text, layout


def provider_cells(app) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    """(cell shown, full name, short name) of the 服务商 column on each visible row."""
    _screen, table = queue(app)
    widths = layout(table.size.width, ref_width=table.ref_width)
    start = 2 + sum(w + 1 for c, w in widths[:[c.key for c, _w in widths].index("provider")])
    width = dict((c.key, w) for c, w in widths)["provider"]
    out = []
    for y in range(min(table.total, table.size.height)):
        line = "".join(s.text for s in table.render_line(y))
        cells, x = [], 0
        for ch in line:  # the cells from `start` on, a wide character counted twice
            if start <= x < start + width:
                cells.append(ch)
            x += cell_len(ch)
        row = table.row_at(y)
        assert row is not None
        out.append(("".join(cells).rstrip(), row.provider, row.provider_short or ""))
    return out


async def test_wide_provider_column_shows_the_full_name_when_it_fits(url: str) -> None:
    app = make_app(url)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("7")  # every case: many providers
        await settle(pilot, lambda: queue(app)[1].current() is not None
                     and queue(app)[1].total > 100)
        _screen, table = queue(app)
        width = dict((c.key, w) for c, w in layout(table.size.width,
                                                    ref_width=table.ref_width))["provider"]
        cells = provider_cells(app)
        fits = [(shown, full) for shown, full, _short in cells if cell_len(full) <= width]
        assert fits, (width, cells)
        assert all(shown == full for shown, full in fits), fits
        # a name too long for the column is the short name, never a cut full name
        for shown, full, short in cells:
            if cell_len(full) > width and short:
                assert shown == short, (shown, full)


async def test_narrow_provider_column_keeps_the_short_name(url: str) -> None:
    app = make_app(url)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("7")
        await settle(pilot, lambda: queue(app)[1].current() is not None
                     and queue(app)[1].total > 100)
        cells = provider_cells(app)
        assert any(short and shown == short for shown, _full, short in cells), cells
        assert all(shown in (full, short) for shown, full, short in cells
                   if short and cell_len(short) < 12), cells


async def test_the_category_column_is_never_cut(url: str) -> None:
    from workbench.domain.categories import CATEGORY_LABELS

    longest = max(cell_len(label) for label in CATEGORY_LABELS.values())
    app = make_app(url)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("7")
        await settle(pilot, lambda: queue(app)[1].current() is not None
                     and queue(app)[1].total > 100)
        _screen, table = queue(app)
        widths = dict((c.key, w) for c, w in layout(table.size.width,
                                                     ref_width=table.ref_width))
        assert widths["category"] >= longest, widths
        for y in range(20):  # each row's category whole
            row = table.row_at(y)
            assert row is not None
            line = "".join(s.text for s in table.render_line(y))
            assert cell_text("category", row, table.today) in line, line
    assert "category" not in [c.key for c, _w in layout(88)]  # cut there: the status line has it
