# ruff: noqa: F811  (the shared fixtures of tests/tui_support.py are parameters here)
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
from tests.tui_support import (  # noqa: F401  (shared fixtures)
    TODAY,
    copy_db,
    make_app,
    make_demo_template,
    queue,
    settle,
    template,
    url,
)
from workbench.domain.clock import CHINA, FrozenClock
from workbench.services import filings
from workbench.services.context import Workbench
from workbench.services.database import demo_style_path
from workbench.services.queue import QueueRow
from workbench.tui.queue_table import cell_text, layout

SIZE = (80, 24)


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
        assert cell_len(header[:header.index("标题")]) > cell_len(line[:line.index("TS")]) \
            + len("TS-2026-1234567")
        for index in range(min(table.total, 15)):
            assert "服务商…" not in row_text(table, index)


# --- 1. dialogs fit at 80×24, their key hints always on screen ----------------------------

async def first_case(pilot, app):  # type: ignore[no-untyped-def]
    """Open the first case of the queue; its screen once the case is read."""
    from workbench.tui.case_screen import CaseScreen

    await settle(pilot, lambda: queue(app)[1].current() is not None)
    await pilot.press("enter")
    await settle(pilot, lambda: isinstance(app.screen, CaseScreen)
                 and app.screen.case is not None)
    return app.screen


def hint_visible(dialog: Widget) -> bool:
    hints = list(dialog.query(".dialog-help.-keys"))
    return len(hints) == 1 and fully_visible(hints[0])


async def test_contact_dialog_fits_with_labels_and_hint(url: str) -> None:
    from textual.widgets import Input, Label, Select

    from workbench.tui.case.contacts import ContactDialog

    app = make_app(url)
    async with app.run_test(size=SIZE) as pilot:
        await first_case(pilot, app)
        await pilot.press("c")
        await settle(pilot, lambda: isinstance(app.screen, ContactDialog))
        dialog = app.screen
        assert hint_visible(dialog)
        fields = [w for w in dialog.query("Input, Select") if isinstance(w, (Input, Select))]
        assert len(fields) == 7
        for field in fields:
            field.focus()
            await pilot.pause()
            assert fully_visible(field), field.id
            assert hint_visible(dialog)
            labels = [w for w in field.parent.children if isinstance(w, Label)]  # type: ignore[union-attr]
            assert labels and fully_visible(labels[0]), field.id
            assert str(labels[0].render()).strip()


async def test_stage_picker_fits_with_its_keys(url: str) -> None:
    from textual.widgets import OptionList

    from workbench.tui.escalate import StagePicker

    app = make_app(url)
    async with app.run_test(size=SIZE) as pilot:
        await first_case(pilot, app)
        await pilot.press("e")
        await settle(pilot, lambda: isinstance(app.screen, StagePicker))
        for _ in range(9):  # every option's requirements shown in turn
            assert hint_visible(app.screen)
            assert fully_visible(app.screen.query_one(OptionList))
            assert fully_visible(app.screen.query_one("#picker-detail"))
            await pilot.press("down")


async def test_small_dialogs_show_their_keys(url: str) -> None:
    from workbench.services.filings import Checked
    from workbench.tui.dialogs import AskDialog, ChecklistDialog, ConfirmDialog, PickDialog
    from workbench.tui.export import ExportOptions, PreflightDialog

    long = [(f"g{i}", f"✗ 不予受理理由 {i}  〔消费者权益保护法 第 {i} 条〕 — 记录不支持"
             "这一理由, 因为案件的事实与之不符, 需要先补充材料") for i in range(12)]
    checked = Checked(None, tuple(f"阻止项 {i}" for i in range(8)),
                      tuple(f"提醒 {i}: 证据目录缺少页数" for i in range(12)))
    dialogs = [PickDialog("不予受理理由", long), AskDialog("受理说明（可空）"),
               ConfirmDialog("将 12 件案件转到「消协调解」?"),
               ChecklistDialog("已受理该争议的机构", long),
               ExportOptions()]
    app = make_app(url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: queue(app)[1].current() is not None)
        row = queue(app)[1].current()
        assert row is not None
        dialogs.append(PreflightDialog(row.id, "complaint_letter_provider", False))
        for dialog in dialogs:
            app.push_screen(dialog)
            await settle(pilot)
            if isinstance(dialog, PreflightDialog):  # the longest a pre-flight gets
                await settle(pilot, lambda: dialog.checked is not None)  # noqa: B023
                dialog.addressee = "某某公司"
                dialog.show(checked)
                await settle(pilot)
            assert hint_visible(dialog), type(dialog).__name__
            box = dialog.query_one(".dialog-box")
            assert app.screen.region.contains_region(box.region)
            dialog.dismiss(None)
            await settle(pilot)


@pytest.mark.parametrize(("user", "action", "table_id"), [("zhou.qiang", "people", "#people"),
                                                          ("sun.hao", "access_log", "#access")])
async def test_people_and_access_screens_fit_and_hide_the_queue(
        url: str, user: str, action: str, table_id: str) -> None:
    from workbench.tui.footer import KeyFooter

    app = make_app(url, user=user)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: queue(app)[1].total >= 0)
        getattr(app, f"action_{action}")()
        await settle(pilot, lambda: app.screen.query(table_id)
                     and app.screen.query_one(table_id).row_count > 0)
        screen = app.screen
        assert fully_visible(screen.query_one(KeyFooter))
        assert fully_visible(screen.query_one(".dialog-title"))
        table = screen.query_one(table_id)
        assert table.region.height > 1 and screen.region.contains_region(table.region)
        lines = ["".join(s.text for s in strip) for strip in screen._compositor.render_strips()]
        assert not any("投诉人" in line for line in lines)  # the queue does not show through


# --- 2. `v` shows the whole current row ------------------------------------------------------

def detail_text(app) -> str:  # type: ignore[no-untyped-def]
    from rich.console import Console
    from textual.widgets import Static

    console = Console(width=70, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(app.screen.query_one("#detail-text", Static).content)
    return console.export_text()


async def test_v_on_the_queue_shows_the_whole_row(url: str) -> None:
    from workbench.tui.detail import DetailDialog

    app = make_app(url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: queue(app)[1].current() is not None)
        row = queue(app)[1].current()
        assert row is not None
        await pilot.press("v")
        await settle(pilot, lambda: isinstance(app.screen, DetailDialog))
        assert hint_visible(app.screen)
        shown = detail_text(app).replace("\n", "").replace(" ", "")
        for whole in (row.ref, row.title, row.provider, row.assignee_name or "",
                      row.assignee or ""):
            assert whole.replace(" ", "") in shown
        assert "服务商协商" in shown or row.stage != "provider"
        await pilot.press("escape")
        await settle(pilot)
        assert queue(app)[0] is app.screen


async def test_v_on_the_case_tabs_shows_every_field(url: str, tmp_path: Path) -> None:
    from workbench.tui.detail import DetailDialog

    store = open_test_store(url)
    with store.engine.connect() as conn:  # a case with contacts and evidence
        case_id = conn.execute(text(
            "SELECT c.case_id FROM contact c JOIN evidence e ON e.case_id = c.case_id "
            "LIMIT 1")).scalar_one()
    wb = Workbench(store=store, actor="wang.li", clock=FrozenClock.on(TODAY))
    done = filings.export_many(wb, [case_id], "auto", tmp_path / "out")  # and a filing
    assert done.done, done.refused
    store.dispose()
    app = make_app(url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_case(case_id)
        await settle(pilot, lambda: getattr(app.screen, "case", None) is not None)
        screen = app.screen
        view = screen.view
        assert view is not None and view.contacts and view.filings
        # each list tab opens on its newest entry: `v` shows that entry whole
        expected = {"3": [view.events[0].text],
                    "4": [view.contacts[0].summary, view.contacts[0].ticket_no],
                    "5": [view.filings[0].sha256, view.filings[0].file_name]}
        for tab, wholes in expected.items():
            await pilot.press(tab, "v")
            await settle(pilot, lambda: isinstance(app.screen, DetailDialog))
            shown = detail_text(app).replace("\n", "").replace(" ", "")
            for whole in wholes:
                assert whole.replace(" ", "") in shown, (tab, whole)
            await pilot.press("escape")
            await settle(pilot, lambda: app.screen is screen)
        await pilot.press("2")
        await settle(pilot)
        item = screen.query_one("EvidencePane").material.items
        assert item
        if item:
            await pilot.press("v")
            await settle(pilot, lambda: isinstance(app.screen, DetailDialog))
            shown = detail_text(app).replace("\n", "").replace(" ", "")
            assert item[0].sha256 in shown and item[0].title.replace(" ", "") in shown


# --- 4. an export names the files it wrote ---------------------------------------------------

async def test_export_names_its_files_and_copies_the_folder(url: str, tmp_path: Path) -> None:
    from textual.widgets import Label

    from workbench.tui.dialogs import PickDialog
    from workbench.tui.export import ExportOptions, ExportProgress

    app = make_app(url)
    folder = tmp_path / "out"
    app.wb.filings_dir = folder
    app.wb.filings_style = demo_style_path()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: queue(app)[1].current() is not None)
        await pilot.press(*["space"] * 7, "x")
        await settle(pilot, lambda: isinstance(app.screen, PickDialog))
        await pilot.press("enter")  # 按各案件阶段自动选择
        await settle(pilot, lambda: isinstance(app.screen, ExportOptions))
        await pilot.press("enter")  # masked
        await settle(pilot, lambda: isinstance(app.screen, ExportProgress)
                     and app.screen.finished, timeout=60)
        dialog = app.screen
        assert hint_visible(dialog)
        written = sorted(folder.glob("*.docx"))
        assert len(written) > 5, shown_all(dialog)
        shown = str(dialog.query_one("#export-result", Label).content)
        listed = [line for line in shown.splitlines() if line.endswith(".docx")]
        assert len(listed) == 5 and all((folder / line).exists() for line in listed)
        assert f"等 {len(written)} 份" in shown
        assert str(folder) in str(dialog.query_one("#export-title", Label).content) + shown
        await pilot.press("c")
        await settle(pilot)
        assert app.clipboard == str(folder)
        await pilot.press("escape")
        await settle(pilot)
        assert queue(app)[0] is app.screen


def shown_all(dialog: Widget) -> str:
    return " | ".join(str(w.content) for w in dialog.query("Label"))  # type: ignore[attr-defined]
