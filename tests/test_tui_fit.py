"""80×24 first: dialogs fit (or scroll) with their key hints on screen, `v` shows a whole
row, columns truncate by meaning, an export names its files."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest
from rich.cells import cell_len
from sqlalchemy import text
from textual.errors import NoWidget
from textual.widget import Widget

from tests.conftest import open_test_store
from tests.tui_support import TODAY, copy_db, make_app, make_demo_template, queue, settle
from workbench.domain.clock import CHINA
from workbench.services.queue import QueueRow
from workbench.tui.queue_table import cell_text, layout

SIZE = (80, 24)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import os

    os.environ.setdefault("WORKBENCH_DATA_KEY", "test-passphrase-123")
    return make_demo_template(tmp_path_factory.mktemp("demo"))


@pytest.fixture
def url(template: Path, tmp_path: Path) -> str:
    return copy_db(template, tmp_path)


def fully_visible(widget: Widget) -> bool:
    """Whether the whole of `widget` is drawn on its screen (not clipped or scrolled off)."""
    try:
        geometry = widget.screen.find_widget(widget)
    except NoWidget:  # not drawn at all
        return False
    region = geometry.region
    return region.area > 0 and geometry.clip.contains_region(region) \
        and widget.screen.region.contains_region(region)


def row_text(table, index: int = 0) -> str:  # type: ignore[no-untyped-def]
    y = index - round(table.scroll_offset.y)
    return "".join(segment.text for segment in table.render_line(y))


ROW = QueueRow(
    id=1, ref="TS-2026-000001", title="标题", opened_at=datetime(2026, 11, 1, tzinfo=CHINA),
    complainant="张三", complainant_kind="consumer", merchant_name="",
    provider="深圳市某某信息科技服务有限公司第三分公司", primary_category="rate_hike",
    stage="provider", status="open", due_on=date(2026, 12, 2), due_estimated=False,
    assignee="zhou.qi", priority="normal", version=1, provider_short="", assignee_name="周琪")


# --- 3. columns truncate by meaning ------------------------------------------------------

def test_provider_short_name_from_registry_or_trade_name() -> None:
    assert cell_text("provider", ROW, TODAY) == "某某"
    assert cell_text("provider", replace(ROW, provider_short="某某支付"), TODAY) == "某某支付"


def test_stage_short_label_and_assignee_display_name() -> None:
    assert cell_text("stage", ROW, TODAY) == "服务商"
    assert cell_text("stage", replace(ROW, stage="national"), TODAY) == "市监总局"
    assert cell_text("assignee", ROW, TODAY) == "周琪"
    assert cell_text("assignee", replace(ROW, assignee=None, assignee_name=None), TODAY) == "—"


def test_ref_column_is_never_cut() -> None:
    widths = dict((c.key, w) for c, w in layout(80, ref_width=20))
    assert widths["ref"] == 20
    assert sum(w + 1 for w in widths.values()) <= 78


async def test_queue_at_80x24_shows_short_names_and_whole_refs(url: str) -> None:
    store = open_test_store(url)
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE complaint_case SET ref = 'TS-2026-1234567' WHERE id = "
                          "(SELECT min(id) FROM complaint_case)"))
    store.dispose()
    app = make_app(url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: queue(app)[1].total > 0)
        _screen, table = queue(app)
        await pilot.press("7", "slash", *"ref:TS-2026-12", "enter")
        await settle(pilot, lambda: table.total == 1 and table.current() is not None)
        line = row_text(table)
        assert "TS-2026-1234567" in line
        row = table.current()
        assert row is not None
        assert row.assignee_name is None or row.assignee not in line
        header = "".join(s.text for s in _screen.query_one("#header").render_line(0))
        assert cell_len(header[:header.index("投诉人")]) > cell_len(line[:line.index("TS")]) \
            + len("TS-2026-1234567")
        for index in range(min(table.total, 15)):
            assert "服务商…" not in row_text(table, index)
