"""Issue 13's second walk-through on the case screen at 80×24: j/k in the evidence list,
evidence rows, demands without money, the case footer (defects 8, 14, 23)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import open_test_store
from tests.factories import evidence, provider
from tests.tui_support import TODAY, copy_db, make_app, make_demo_template, settle
from workbench.domain.categories import Category
from workbench.domain.clock import FrozenClock
from workbench.services import cases
from workbench.services.context import Workbench
from workbench.tui.case_screen import CaseScreen


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import os

    os.environ.setdefault("WORKBENCH_DATA_KEY", "test-passphrase-123")
    return make_demo_template(tmp_path_factory.mktemp("demo"))


@pytest.fixture
def url_and_case(template: Path, tmp_path: Path) -> tuple[str, int]:
    url = copy_db(template, tmp_path)
    store = open_test_store(url)
    wb = Workbench(store=store, actor="wang.li", clock=FrozenClock.on(TODAY))
    draft = cases.CaseDraft(
        title="跳码", complainant=cases.ComplainantDraft(name="张三", phone="13812345678"),
        provider_id=provider(wb), categories=[Category.FEE_INCREASE],
        narrative="商户反映其POS机被跳码。",
        demands=[cases.Demand("立即停止跳码，恢复真实商户信息", 0),
                 cases.Demand("退还多收手续费", 12345)])
    case = cases.create_case(wb, draft)
    assert case.id is not None
    for title in ("手续费扣款记录明细表", "客服短信：费率调整通知", "POS机服务协议"):
        evidence(wb, case.id, tmp_path / "files", title=title)
    store.dispose()
    return url, case.id


async def open_case(app, case_id: int, pilot) -> CaseScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    app.open_case(case_id)
    await settle(pilot, lambda: isinstance(app.screen, CaseScreen)
                 and app.screen.case is not None)
    return app.screen  # type: ignore[no-any-return]


def _rows(widget, count: int) -> list[str]:  # type: ignore[no-untyped-def]
    return ["".join(s.text for s in widget.render_line(y)).rstrip() for y in range(count)]


async def test_j_and_k_move_in_the_evidence_list_and_rows_end_cleanly(url_and_case) -> None:  # type: ignore[no-untyped-def]
    from textual.widgets import OptionList

    url, case_id = url_and_case
    app = make_app(url)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_case(app, case_id, pilot)
        await pilot.press("2")
        listing = screen.query_one("#evidence-list", OptionList)
        await settle(pilot, lambda: listing.option_count == 3 and listing.highlighted == 0)
        await pilot.press("j")
        await settle(pilot)
        assert listing.highlighted == 1
        await pilot.press("j", "k", "G")
        await settle(pilot)
        assert listing.highlighted == 2
        await pilot.press("g")
        await settle(pilot)
        assert listing.highlighted == 0
        for row in _rows(listing, 3):
            assert row and not row.endswith("·"), row
        from workbench.tui.help import help_rows

        moves = {row.id: row.keys for row in help_rows(screen) if row.group == "移动"}
        for ident in ("case.entry_down", "case.entry_up", "case.entry_page_down",
                      "case.entry_page_up", "case.entry_first", "case.entry_last"):
            assert ident in moves, moves
        assert "j" in moves["case.entry_down"] and "G" in moves["case.entry_last"]


async def test_a_demand_without_money_shows_no_amount(url_and_case) -> None:  # type: ignore[no-untyped-def]
    from rich.console import Console
    from textual.widgets import Static

    url, case_id = url_and_case
    app = make_app(url)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_case(app, case_id, pilot)
        console = Console(width=160, record=True)
        console.print(screen.query_one("#case-fields", Static).content)
        text = console.export_text()
        assert "恢复真实商户信息" in text and "¥0.00" not in text, text
        assert "¥123.45" in text
