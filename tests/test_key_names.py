"""Issue 13's second morning walk (defect 8): a dialog's footer names its keys with the
words and key names of the dialog's own key hint line (`y 放弃 · n 继续填写`,
`ctrl+s / F2 保存`), F-keys upper case; a caseworker's `y` in 审批 says why it does nothing."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Label, TextArea
from textual.widgets._footer import FooterKey

from tests.test_key_bursts import case_screen
from tests.tui_support import copy_db, make_app, settle, template  # noqa: F401
from workbench.tui.app import WorkbenchApp
from workbench.tui.case.contacts import ContactDialog
from workbench.tui.case.evidence import NoteDialog
from workbench.tui.detail import DetailDialog
from workbench.tui.dialogs import ConfirmDialog
from workbench.tui.footer import KeyFooter
from workbench.tui.intake_screen import IntakeScreen
from workbench.tui.keymap import hint_labels, key_name


def footer(app: WorkbenchApp) -> list[tuple[str, str]]:
    keys = app.screen.query_one(KeyFooter).query(FooterKey)
    return [(key.key_display, key.description) for key in keys]


def hint(app: WorkbenchApp) -> str:
    return " · ".join(str(label.content) for label in app.screen.query(".dialog-help.-keys")
                      .results(Label))


def assert_footer_says_what_the_hint_says(app: WorkbenchApp) -> None:
    line = hint(app)
    shown = footer(app)
    assert shown, app.screen
    for display, label in shown:
        item = next((item for item in line.split(" · ") if display in item.split()), None)
        assert item is not None, (display, label, line)
        assert item.split()[-1] == label, (display, label, line)


async def test_each_dialog_s_footer_says_what_its_key_hint_says(
        template: Path, tmp_path: Path) -> None:  # noqa: F811
    url = copy_db(template, tmp_path)
    app = make_app(url)
    async with app.run_test(size=(80, 24)) as pilot:
        await case_screen(app, pilot, url)
        await pilot.press("N")
        await settle(pilot, lambda: isinstance(app.focused, TextArea))
        assert isinstance(app.screen, NoteDialog)
        assert ("ctrl+s", "保存") in footer(app)
        assert_footer_says_what_the_hint_says(app)
        await pilot.press(*"abc", "escape")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await settle(pilot)
        assert footer(app) == [("y", "放弃"), ("n", "继续填写")]
        await pilot.press("y")
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot, lambda: isinstance(app.screen, ContactDialog))
        await settle(pilot)
        assert_footer_says_what_the_hint_says(app)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("3", "v")
        await settle(pilot, lambda: isinstance(app.screen, DetailDialog))
        await settle(pilot)
        assert ("Esc", "关闭") in footer(app)
        assert_footer_says_what_the_hint_says(app)


def test_function_keys_are_upper_case_and_ctrl_keys_as_the_hints_write_them() -> None:
    assert key_name("f4", "f4") == "F4"
    assert key_name("ctrl+s", "^s") == "ctrl+s"
    assert hint_labels("ctrl+s / F2 保存 · Esc 取消") == {
        "ctrl+s": "保存", "f2": "保存", "escape": "取消"}


async def test_the_new_case_footer_names_f_keys_upper_case(
        template: Path, tmp_path: Path) -> None:  # noqa: F811
    app = make_app(copy_db(template, tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n", "y")
        await settle(pilot, lambda: isinstance(app.screen, IntakeScreen))
        await settle(pilot)
        displays = [display for display, _label in footer(app)]
        assert "F4" in displays and "ctrl+s" in displays
        assert "f4" not in displays and "^s" not in displays


async def test_a_caseworker_s_y_in_approvals_says_only_a_supervisor_approves(
        template: Path, tmp_path: Path) -> None:  # noqa: F811
    from workbench.tui.approvals import ApprovalsScreen

    app = make_app(copy_db(template, tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("A")
        await settle(pilot, lambda: isinstance(app.screen, ApprovalsScreen))
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert any("只有负责人或管理员可以审批" in n.message for n in app._notifications)
