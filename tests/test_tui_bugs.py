# ruff: noqa: F811  (the shared fixtures of tests/tui_support.py are parameters here)
"""Issue 13's bugs, each reproduced through the real app (Pilot, real SQLite file)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.conftest import open_test_store
from tests.factories import new_case
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
from workbench.config import Settings
from workbench.domain.clock import FrozenClock
from workbench.domain.ladder import Stage
from workbench.services import cases, escalation
from workbench.services.context import Workbench
from workbench.tui.app import WorkbenchApp
from workbench.tui.case_screen import CaseScreen
from workbench.tui.dialogs import AskDialog, ConfirmDialog, PickDialog


def _wb(url: str, actor: str = "wang.li") -> Workbench:
    return Workbench(store=open_test_store(url), actor=actor, clock=FrozenClock.on(TODAY))


def _messages(app: WorkbenchApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def _open(pilot, app: WorkbenchApp, case_id: int) -> CaseScreen:  # type: ignore[no-untyped-def]
    await settle(pilot, lambda: queue(app)[1].total > 0)
    app.open_case(case_id)
    await settle(pilot, lambda: isinstance(app.screen, CaseScreen)
                 and app.screen.case is not None)
    return app.screen  # type: ignore[return-value]


# 1 ---------------------------------------------------------------------------------
async def test_ctrl_p_and_P_open_the_command_palette(url: str) -> None:
    from textual.command import CommandPalette

    app = make_app(url)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, lambda: queue(app)[1].total > 0)
        for key in ("ctrl+p", "P"):
            await pilot.press(key)
            await settle(pilot)
            assert CommandPalette.is_open(app), key
            await pilot.press("escape")
            await settle(pilot)
            assert not CommandPalette.is_open(app)


# 4 ---------------------------------------------------------------------------------
async def test_switching_back_to_the_default_theme_is_remembered(url: str,
                                                                 tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('theme = "nord"\n', encoding="utf-8")
    app = make_app(url, config=config, settings=Settings(theme="nord"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, lambda: queue(app)[1].total > 0)
        assert app.theme == "nord"
        app.theme = "textual-dark"
        await settle(pilot)
        assert 'theme = "textual-dark"' in config.read_text(encoding="utf-8")
        app.theme = "nord"  # and back again, within the same session
        await settle(pilot)
        assert 'theme = "nord"' in config.read_text(encoding="utf-8")


# 9 ---------------------------------------------------------------------------------
@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_the_cursor_bar_is_unbroken_across_the_due_column(url: str, theme: str) -> None:
    app = make_app(url)
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = theme
        await settle(pilot, lambda: queue(app)[1].total > 0)
        _screen, table = queue(app)
        row = table.current()
        assert row is not None and row.due_on is not None and row.due_on < TODAY  # overdue
        strip = table.render_line(table.cursor - round(table.scroll_offset.y))
        backgrounds = {seg.style.bgcolor for seg in strip if seg.style and seg.text.strip()}
        assert len(backgrounds) == 1, backgrounds
        table.blur()
        await settle(pilot)
        strip = table.render_line(table.cursor - round(table.scroll_offset.y))
        assert len({seg.style.bgcolor for seg in strip if seg.style and seg.text.strip()}) == 1


# 11 --------------------------------------------------------------------------------
async def test_bulk_refusals_name_refs_never_database_ids(url: str) -> None:
    from workbench.tui.escalate import StagePicker

    app = make_app(url)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, lambda: queue(app)[1].total > 0)
        _screen, table = queue(app)
        await pilot.press("slash")
        for ch in "stage:intake":
            await pilot.press(ch)
        await pilot.press("enter", "7")
        await settle(pilot, lambda: table.total >= 2 and table.current() is not None)
        await pilot.press("space", "space", "e")
        await settle(pilot, lambda: isinstance(app.screen, StagePicker))
        await pilot.press("end", "up", "up", "enter")  # legal: needs approval, refused
        await settle(pilot)
        if isinstance(app.screen, AskDialog):
            await pilot.press("x", "enter")
            await settle(pilot)
        if isinstance(app.screen, ConfirmDialog):
            await pilot.press("y")
        await settle(pilot, lambda: any("被拒" in m for m in _messages(app)))
        summary = next(m for m in _messages(app) if "被拒" in m)
        assert "TS-2026-" in summary
        assert not re.search(r"#\d", summary), summary


# 12 --------------------------------------------------------------------------------
async def _jump(pilot, app: WorkbenchApp, typed: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("colon")
    await settle(pilot, lambda: isinstance(app.screen, AskDialog))
    for ch in typed:
        await pilot.press(ch)
    await pilot.press("enter")
    await settle(pilot)


async def test_colon_accepts_the_number_alone_and_lists_several_matches(url: str) -> None:
    store = open_test_store(url)
    with store.engine.begin() as conn:  # two older years' cases numbered 999999
        ids = conn.execute(text("SELECT id FROM complaint_case ORDER BY id LIMIT 2")
                           ).scalars().all()
        for year, case_id in zip((2024, 2025), ids, strict=True):
            conn.execute(text("UPDATE complaint_case SET ref = :ref WHERE id = :id"),
                         {"ref": f"TS-{year}-999999", "id": case_id})
    store.dispose()
    app = make_app(url)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, lambda: queue(app)[1].total > 0)
        await _jump(pilot, app, "12")  # this year's TS-2026-000012
        await settle(pilot, lambda: isinstance(app.screen, CaseScreen))
        assert app.screen.sub_title == "TS-2026-000012"
        await pilot.press("escape")
        await settle(pilot)
        await _jump(pilot, app, "999999")  # none this year, two others: choose
        await settle(pilot, lambda: isinstance(app.screen, PickDialog))
        picker = app.screen
        assert isinstance(picker, PickDialog)
        assert [label.split()[0] for _value, label in picker.options] == [
            "TS-2025-999999", "TS-2024-999999"]
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(app.screen, CaseScreen))
        assert app.screen.sub_title == "TS-2025-999999"
        await pilot.press("escape")
        await settle(pilot)
        await _jump(pilot, app, "2024-999")  # a unique part
        await settle(pilot, lambda: isinstance(app.screen, CaseScreen))
        assert app.screen.sub_title == "TS-2024-999999"
        await pilot.press("escape")
        await settle(pilot)
        await _jump(pilot, app, "88888888")
        await settle(pilot, lambda: any("88888888" in m for m in _messages(app)))
        assert not isinstance(app.screen, CaseScreen)


# 10 --------------------------------------------------------------------------------
async def test_the_picker_refuses_a_blocked_stage_and_says_why(url: str) -> None:
    from textual.widgets import OptionList

    from workbench.tui.escalate import StagePicker

    wb = _wb(url)
    case = new_case(wb, title="不能越过服务商")
    escalation.escalate(wb, case.id, cases.get_case(wb, case.id).version, to=Stage.PROVIDER)
    wb.store.dispose()
    app = make_app(url)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, app, case.id)
        await pilot.press("e")
        await settle(pilot, lambda: isinstance(app.screen, StagePicker))
        picker = app.screen
        assert isinstance(picker, StagePicker) and picker.stage_options is not None
        listing = picker.query_one(OptionList)
        superior = [o.stage.value for o in picker.stage_options].index("superior")
        assert listing.get_option_at_index(superior).prompt.plain.startswith("✗")
        listing.highlighted = superior
        await pilot.press("enter")  # a ✗ stage: the picker stays, saying why
        await settle(pilot)
        assert app.screen is picker
        detail = str(picker.query_one("#picker-detail").render())
        assert "不能选择" in detail and "至少记录一次" in detail
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen


async def test_an_empty_approval_reason_keeps_the_dialog_open(url: str) -> None:
    from workbench.tui.escalate import StagePicker

    wb = _wb(url)
    case = new_case(wb, title="需要批准的案件")
    wb.store.dispose()
    app = make_app(url)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot, app, case.id)
        await pilot.press("e")
        await settle(pilot, lambda: isinstance(app.screen, StagePicker))
        picker = app.screen
        assert isinstance(picker, StagePicker) and picker.stage_options is not None
        media = [o.stage.value for o in picker.stage_options].index("media")
        for _ in range(media):
            await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot)
        ask = app.screen
        assert isinstance(ask, AskDialog) and "批准" in ask.title_text
        await pilot.press("enter")  # empty
        await settle(pilot)
        assert app.screen is ask
        assert "理由" in str(ask.query_one("#ask-error").render())
        for ch in "监管无回复":
            await pilot.press(ch)
        await pilot.press("enter")
        await settle(pilot, lambda: any("审批申请" in m for m in _messages(app)))


# 5, 6, 7: the case screen ---------------------------------------------------------------
def _case_with_evidence(url: str, folder: Path) -> int:
    """A case with two text files as evidence, in the blob store the test app uses."""
    from workbench.services.evidence import add_evidence
    from workbench.store.blobs import BlobStore

    wb = _wb(url)
    case = new_case(wb, title="有证据的案件", narrative="事实与理由的第一行\n" + "经过\n" * 60
                    + "最后一行: 客服推诿")
    blobs = BlobStore(Path(url.removeprefix("sqlite:///")).parent / "evidence"
                      / wb.store.db_id)
    for name, body in (("协议", "服务协议：费率0.38%"), ("聊天", "客服: 押金三个月后退还")):
        source = folder / f"{name}.txt"
        source.write_text(body, encoding="utf-8")
        add_evidence(wb, blobs, case.id, cases.get_case(wb, case.id).version, source,
                     kind="contract", title=name)
    wb.store.dispose()
    assert case.id is not None
    return case.id


async def test_the_evidence_path_completes_with_tab_then_moves_on(url: str,
                                                                  tmp_path: Path) -> None:
    from textual.widgets import Input

    from workbench.tui.case.evidence import EvidenceDialog

    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "聊天记录.txt").write_text("x", encoding="utf-8")
    wb = _wb(url)
    case = new_case(wb, title="补全路径")
    wb.store.dispose()
    app = make_app(url)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot, app, case.id)
        await pilot.press("a")
        await settle(pilot, lambda: isinstance(app.screen, EvidenceDialog))
        path = app.screen.query_one("#path", Input)
        assert "Tab" in path.placeholder
        for ch in f"{tmp_path}/fi":
            await pilot.press(ch)
        await settle(pilot, lambda: path._suggestion.endswith("files/"))
        await pilot.press("tab")
        assert path.value == f"{tmp_path}/files/" and path.has_focus
        await settle(pilot, lambda: path._suggestion.endswith("聊天记录.txt"))
        await pilot.press("tab")
        assert path.value == f"{tmp_path}/files/聊天记录.txt" and path.has_focus
        await settle(pilot)
        await pilot.press("tab")  # nothing left to complete: the next field
        assert not path.has_focus and path.value.endswith("聊天记录.txt")


async def test_the_evidence_tab_opens_on_the_list_with_the_first_preview(url: str,
                                                                         tmp_path: Path) -> None:
    from textual.widgets import OptionList

    from workbench.tui.case.evidence import EvidencePane

    case_id = _case_with_evidence(url, tmp_path)
    app = make_app(url)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, app, case_id)
        await pilot.press("2")
        await settle(pilot)
        listing = screen.query_one("#evidence-list", OptionList)
        assert listing.has_focus and listing.highlighted == 0
        assert screen.query_one(EvidencePane).size.height > 10  # it was 0 high at 80×24
        await settle(pilot, lambda: "费率0.38%" in _static_text(screen, "#evidence-preview"))
        await pilot.press("down")
        await settle(pilot, lambda: "押金三个月后退还" in _static_text(screen,
                                                                    "#evidence-preview"))


def _static_text(screen: CaseScreen, selector: str) -> str:
    from rich.console import Console
    from textual.widgets import Static

    console = Console(width=160, record=True)
    console.print(screen.query_one(selector, Static).content)
    return console.export_text()


async def test_the_overview_has_focus_and_scrolls_with_the_keys(url: str,
                                                                tmp_path: Path) -> None:
    from workbench.tui.case.overview import OverviewPane

    case_id = _case_with_evidence(url, tmp_path)
    app = make_app(url)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, app, case_id)
        pane = screen.query_one(OverviewPane)
        assert pane.has_focus
        assert pane.max_scroll_y > 0  # 80×24: the narrative is below the fold
        focused = pane.styles.border_left
        pane.blur()
        await settle(pilot)
        assert pane.styles.border_left != focused  # the focus is visible
        pane.focus()
        await settle(pilot)
        await pilot.press("j", "j")
        await settle(pilot)
        assert pane.scroll_y == 2
        await pilot.press("k")
        await settle(pilot)
        assert pane.scroll_y == 1
        await pilot.press("down", "up", "pagedown")
        await settle(pilot)
        assert pane.scroll_y > 5
        await pilot.press("pageup")
        await settle(pilot)
        assert pane.scroll_y == 1 or pane.scroll_y == 0
        await pilot.press("end")
        await settle(pilot)
        assert pane.scroll_y == pane.max_scroll_y
        await pilot.press("3", "1")  # back on the tab: the text has focus again
        await settle(pilot)
        assert pane.has_focus


# 8 ---------------------------------------------------------------------------------
async def test_a_toast_over_the_case_screen_keeps_every_cjk_character(url: str) -> None:
    """The panes under the toast end at x = 77: their cut split the glyph there."""
    sentence = "离开服务商协商前至少记录一次与服务商的联系"
    wb = _wb(url)
    case = new_case(wb, title="提示不丢字")
    wb.store.dispose()
    app = make_app(url)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await _open(pilot, app, case.id)
        for prefix in ("", "x", "xx ", "TS-2026-000001 不能转到「上级机构」: "):
            app.clear_notifications()
            app.notify(prefix + sentence, timeout=30)
            await settle(pilot)
            await pilot.pause(0.1)
            lines = ["".join(seg.text for seg in strip)
                     for strip in app.screen._compositor.render_strips()]
            shown = "".join(line.split("▌", 1)[1] for line in lines if "▌" in line)
            assert sentence in shown.replace(" ", ""), (prefix, lines)
