# ruff: noqa: F811  (the shared fixtures of tests/tui_support.py are parameters here)
"""The list tabs share the free-text width by content (issue 13, walk defect 21): a column
is no wider than its longest cell, and when not everything fits the width goes where the
fewest cells are cut: at 160×48 a contact's 内容 is whole when 结果 can give room."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import text

from tests.conftest import open_test_store
from tests.tui_support import TODAY, make_app, settle, template, url  # noqa: F401
from workbench.domain.clock import FrozenClock
from workbench.services.case_view import case_view
from workbench.services.contacts import ContactDraft, log_contact
from workbench.services.context import Workbench
from workbench.tui.case.entries import EntryColumn, fit

SUMMARY = "来电称将在五个工作日内书面答复费率调整依据"


def test_the_width_goes_where_fewest_cells_are_cut() -> None:
    columns = [EntryColumn("时间"), EntryColumn("内容", flex=True), EntryColumn("结果", flex=True)]
    rows = [["11-26", "甲" * 20, "待答复"], ["11-25", "乙" * 12, "丙" * 18],
            ["11-24", "丁" * 10, "戊" * 10]]
    # natural: 5 + 40 + 36 = 81; 70 cells: either could give 11 cutting one cell; on a tie
    # the column further right (结果) gives, so 内容 stays whole
    widths = fit(columns, rows, 70, padding=0)
    assert widths == [5, 40, 25], widths
    assert fit(columns, rows, 90, padding=0) == [5, 40, 36]  # all fits: natural widths
    narrow = fit(columns, rows, 30, padding=0)  # nothing can be whole: shared, never < 1
    assert sum(narrow) <= 30 and min(narrow) >= 1, narrow


def prepare(url: str) -> int:
    store = open_test_store(url)
    with store.engine.connect() as conn:
        case_id = conn.execute(text(
            "SELECT c.case_id FROM contact c JOIN evidence e ON e.case_id = c.case_id "
            "LIMIT 1")).scalar_one()
    wb = Workbench(store=store, actor="wang.li", clock=FrozenClock.on(TODAY))
    version = case_view(wb, case_id).case.version
    log_contact(wb, case_id, version, ContactDraft(
        channel="phone", counterpart="示例银行客服 95566", summary=SUMMARY,
        ticket_no="GD20261201001", outcome="待答复", next_follow_up=date(2026, 12, 8),
        at=datetime(2026, 11, 26, 5, tzinfo=UTC)))
    store.dispose()
    return case_id


async def test_a_wide_contacts_tab_shows_the_summary_whole(url: str, tmp_path: Path) -> None:
    case_id = prepare(url)
    app = make_app(url)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        app.open_case(case_id)
        await settle(pilot, lambda: getattr(app.screen, "case", None) is not None)
        await pilot.press("4")
        await settle(pilot)
        lines = ["".join(s.text for s in strip)
                 for strip in app.screen._compositor.render_strips()]
        row = next(line for line in lines if "GD20261201001" in line)
        assert SUMMARY in row, row
        assert "待答复" in row and "2026-12-08" in row, row
