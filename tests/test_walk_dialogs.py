# ruff: noqa: F811  (the shared fixtures of tests/tui_support.py are parameters here)
"""Issue 13's morning round at 80×24 (the walk-through's defects 1, 2 and 12): a dialog
holding typed text asks before Esc throws it away, and a long question or title wraps
instead of being cut."""

from __future__ import annotations

import pytest
from textual.app import App

from tests.tui_support import (  # noqa: F401  (shared fixtures)
    make_app,
    queue,
    settle,
    template,
    url,
)

SIZE = (80, 24)


def screen_text(app: App[object]) -> str:
    """What the terminal shows, line by line (a wide character is one cell of text)."""
    return "\n".join("".join(segment.text for segment in strip)
                     for strip in app.screen._compositor.render_strips())


def unwrapped(app: App[object]) -> str:
    """The top dialog's text, its lines joined (a wrapped sentence reads whole), frame and
    padding gone."""
    box = app.screen.query_one(".dialog-box").region
    strips = app.screen._compositor.render_strips()[box.y:box.bottom]
    return "".join("".join(s.text for s in strip.crop(box.x + 1, box.right - 1)).strip()
                   for strip in strips)


async def open_first_case(pilot, app):  # type: ignore[no-untyped-def]
    from workbench.tui.case_screen import CaseScreen

    await settle(pilot, lambda: queue(app)[1].current() is not None)
    await pilot.press("enter")
    await settle(pilot, lambda: isinstance(app.screen, CaseScreen)
                 and app.screen.case is not None)
    return app.screen


async def test_esc_on_a_filled_contact_dialog_asks_before_discarding(url: str) -> None:
    from textual.widgets import Input

    from workbench.tui.case.contacts import ContactDialog
    from workbench.tui.dialogs import ConfirmDialog

    app = make_app(url)
    async with app.run_test(size=SIZE) as pilot:
        case_screen = await open_first_case(pilot, app)
        await pilot.press("c")
        await settle(pilot, lambda: isinstance(app.screen, ContactDialog))
        await pilot.press("escape")  # nothing typed: closes at once
        await settle(pilot, lambda: app.screen is case_screen)

        await pilot.press("c")
        await settle(pilot, lambda: isinstance(app.screen, ContactDialog))
        dialog = app.screen
        dialog.query_one("#summary", Input).focus()
        await pilot.press(*"来电称五日内答复")
        await pilot.press("escape")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        text = unwrapped(app)
        assert "放弃已填写的内容？" in text and "y 放弃 · n 继续填写" in text
        await pilot.press("n")  # keep on typing: everything is still there
        await settle(pilot, lambda: app.screen is dialog)
        assert dialog.query_one("#summary", Input).value == "来电称五日内答复"
        await pilot.press("escape", "y")
        await settle(pilot, lambda: app.screen is case_screen)


async def test_reason_comment_and_note_dialogs_ask_too(url: str) -> None:
    from workbench.tui.case.evidence import EvidenceDialog, NoteDialog
    from workbench.tui.dialogs import AskDialog, ConfirmDialog, TextDialog

    app = make_app(url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        base = app.screen
        for dialog in (AskDialog("理由"), TextDialog("事实与理由", "原有的文字"),
                       NoteDialog("案件"), EvidenceDialog()):
            answers: list[object] = []
            app.push_screen(dialog, answers.append)
            await settle(pilot)
            await pilot.press("escape")  # untouched: closed, nothing to lose
            await settle(pilot, lambda: app.screen is base)
            assert answers == [None]
            app.push_screen(dialog := type(dialog)(*dialog_args(dialog)), answers.append)
            await settle(pilot)
            await pilot.press("x", "escape")
            await settle(pilot, lambda: isinstance(app.screen, ConfirmDialog))
            await pilot.press("escape")  # Esc on the question: back to the form
            await settle(pilot, lambda d=dialog: app.screen is d)  # type: ignore[misc]
            await pilot.press("escape", "y")
            await settle(pilot, lambda: app.screen is base)
            assert answers == [None, None], type(dialog).__name__


def dialog_args(dialog: object) -> tuple[object, ...]:
    from workbench.tui.case.evidence import NoteDialog
    from workbench.tui.dialogs import AskDialog, TextDialog

    if isinstance(dialog, AskDialog):
        return (dialog.title_text,)
    if isinstance(dialog, TextDialog):
        return (dialog.title_text, dialog.value)
    if isinstance(dialog, NoteDialog):
        return (dialog.target,)
    return ()


@pytest.mark.parametrize("size", [SIZE, (160, 48)])
async def test_the_demo_question_is_shown_whole_with_its_keys(
        url: str, size: tuple[int, int]) -> None:
    from workbench.tui.dialogs import ConfirmDialog

    app = make_app(url)
    app.wb.store.demo = True  # as `workbench --demo` opens it
    async with app.run_test(size=size) as pilot:
        await settle(pilot, lambda: queue(app)[1].total > 0)
        await pilot.press("n")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        text = unwrapped(app)
        assert "真实投诉人的信息不应登记在这里。仍要在演示库中登记新案件吗？" in text
        assert "y 确认 · n 取消" in text


async def test_the_approval_reason_title_is_not_cut(url: str) -> None:
    from workbench.tui.dialogs import AskDialog

    app = make_app(url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(AskDialog(
            "案件 TS-2026-001748 → 媒体曝光 需要负责人批准：申请理由",
            keys="Enter 提交审批申请 · Esc 取消"))
        await settle(pilot)
        text = unwrapped(app)
        assert "案件 TS-2026-001748 → 媒体曝光 需要负责人批准：申请理由" in text
        assert "Enter 提交审批申请 · Esc 取消" in text


async def test_the_evidence_dialog_labels_every_field_and_its_hint_fits(url: str) -> None:
    from textual.widgets import Input, Label, Select

    from tests.test_tui_fit import fully_visible
    from workbench.tui.case.evidence import EvidenceDialog

    app = make_app(url)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_case(pilot, app)
        await pilot.press("2", "a")
        await settle(pilot, lambda: isinstance(app.screen, EvidenceDialog))
        dialog = app.screen
        fields = [w for w in dialog.query("Input, Select")
                  if isinstance(w, Input | Select) and w.parent is not None
                  and not isinstance(w.parent, Select)]
        assert {f.id for f in fields} >= {"path", "kind", "title", "source", "obtained",
                                          "proves", "pages", "original", "carrier"}
        for field in fields:
            field.focus()
            await pilot.pause()
            labels = [w for w in field.parent.children if isinstance(w, Label)]  # type: ignore[union-attr]
            assert labels and fully_visible(labels[0]), field.id
            assert str(labels[0].render()).strip(), field.id
        dialog.query_one("#proves").focus()
        await pilot.pause()
        text = unwrapped(app)
        assert "如：服务商自2026年3月起将费率由0.38%上调至0.6%" in text, text
        assert "被告" not in text
