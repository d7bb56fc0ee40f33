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


def _footer(app) -> str:  # type: ignore[no-untyped-def]
    from workbench.tui.footer import KeyFooter

    footer = app.screen.query_one(KeyFooter)
    return " ".join(f"{key.key_display} {key.description}"  # type: ignore[attr-defined]
                    for key in footer.query("FooterKey"))


async def test_the_case_footer_names_undo_detail_decide_and_a_dialog_shows_its_own_keys(
        url_and_case) -> None:  # type: ignore[no-untyped-def]
    from workbench.tui.case.contacts import ContactDialog
    from workbench.tui.footer import KeyFooter

    url, case_id = url_and_case
    app = make_app(url)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_case(app, case_id, pilot)
        await settle(pilot)
        line = _footer(app)
        for key in ("d ", "v ", "B ", "? "):  # a new case: the decision comes first
            assert key in line, line
        assert "u " not in line  # nothing to undo yet
        footer = screen.query_one(KeyFooter)
        assert sum(k.region.width for k in footer.query("FooterKey")) <= 80
        await pilot.press("c")
        await settle(pilot, lambda: isinstance(app.screen, ContactDialog))
        await settle(pilot)
        line = _footer(app)
        assert "保存" in line and "取消" in line and "升级" not in line, line


async def test_undo_is_in_the_footer_once_the_case_has_moved_on(template: Path,
                                                                 tmp_path: Path) -> None:
    from sqlalchemy import select

    from workbench.store.models import Case

    url = copy_db(template, tmp_path)
    store = open_test_store(url)
    with store.session() as session:
        case_id = session.scalars(select(Case.id).where(Case.stage == "superior")).first()
    store.dispose()
    assert case_id is not None
    app = make_app(url)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_case(app, case_id, pilot)
        await settle(pilot)
        line = _footer(app)
        assert "u 撤销" in line and "d 受理" not in line and "? 帮助" in line, line


async def test_the_stage_picker_explains_its_marks_and_shows_a_pending_request(
        url_and_case) -> None:  # type: ignore[no-untyped-def]
    from textual.widgets import OptionList, Static

    from workbench.domain.ladder import Stage
    from workbench.services import escalation
    from workbench.tui.escalate import StagePicker

    url, case_id = url_and_case
    store = open_test_store(url)
    wb = Workbench(store=store, actor="wang.li", clock=FrozenClock.on(TODAY))
    escalation.request_approval(wb, case_id, Stage.MEDIA, "拟曝光")
    store.dispose()
    app = make_app(url)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_case(app, case_id, pilot)
        await pilot.press("e")
        await settle(pilot, lambda: isinstance(app.screen, StagePicker))
        picker = app.screen
        shown = " ".join(str(w.render()) for w in picker.query(".picker-legend"))
        assert "✎ 需填理由或申请批准" in shown and "✗ 条件未满足" in shown, shown
        listing = picker.query_one(OptionList)
        rows = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
        assert any(row.startswith("⌛ 媒体曝光  待审批") for row in rows), rows
        for index, row in enumerate(rows):
            if row.startswith("✎"):  # its detail lines carry ✎, not ✗
                listing.highlighted = index
                await settle(pilot)
                detail = str(picker.query_one("#picker-detail", Static).render())
                assert "✎" in detail and "✗" not in detail, (row, detail)
            if row.startswith("⌛"):
                listing.highlighted = index
                await settle(pilot)
                detail = str(picker.query_one("#picker-detail", Static).render())
                assert "等负责人审批" in detail, detail
