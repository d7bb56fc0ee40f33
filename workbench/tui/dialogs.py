"""Small modal dialogs: confirm, pick one, ask for a line of text, edit a text, tick
several, resolve an edit conflict.

Every dialog ends with its key hint (`keys_hint`): docked at the bottom of the box, so it
stays on screen at 80×24 however long the dialog is; a long body scrolls above it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import ClassVar, TypeVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import (
    Checkbox,
    Input,
    Label,
    OptionList,
    Select,
    SelectionList,
    Static,
    TextArea,
)
from textual.widgets.option_list import Option

from workbench.errors import RuleViolation
from workbench.i18n import N_, _
from workbench.tui.base import Refused, WorkbenchModal, flow
from workbench.tui.text import SafeInput, SafeTextArea, plain
from workbench.tui.ticks import TickList


def keys_hint(text: str, *, id: str | None = None) -> Label:
    """A dialog's key hint line, always visible (`.dialog-help.-keys` in app.tcss)."""
    return Label(text, classes="dialog-help -keys", id=id)


def field_row(label: str, widget: Widget) -> Iterator[Widget]:
    """A dialog's field with its label left of it, so a filled field keeps its name."""
    with Horizontal(classes="field-row"):
        yield Label(label, classes="field-label")
        yield widget


def wrapped(label: str) -> Text:
    """An option's label (untrusted text) wrapped rather than cut at the dialog's edge."""
    text = plain(label)
    text.no_wrap = False
    return text


def chosen_option(options: OptionList) -> Option | None:
    """What Enter chooses: the highlighted option, or the first one before the list has
    highlighted any (Enter typed ahead, while the dialog mounts); never a disabled one."""
    option = options.highlighted_option
    if option is None:
        option = next((o for o in options.options if not o.disabled), None)
    return None if option is None or option.disabled else option


class ConfirmDialog(WorkbenchModal[bool]):
    """Yes/no; the question names what will happen and to how many cases. A long question
    wraps (the whole of it is read before answering) above the key hint."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "answer(True)", N_("是"), id="dialog.yes"),
        Binding("n,escape", "answer(False)", N_("否"), id="dialog.no"),
    ]

    def __init__(self, question: str, keys: str = "") -> None:
        super().__init__()
        self.question = question
        self.keys = keys

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog-box"):
            yield Label(plain(self.question, one_line=False), classes="dialog-question")
            yield keys_hint(self.keys or _("y 确认 · n 取消"))

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)


F = TypeVar("F")


class FormDialog(WorkbenchModal[F]):
    """A dialog the caseworker types into. Esc (`action_cancel`) closes it at once while
    its fields are as they were opened; once something was typed, ticked or chosen it
    asks before throwing that away (y 放弃 · n 继续填写)."""

    _opened_with: tuple[object, ...] | None = None

    def field_values(self) -> tuple[object, ...]:
        """What the dialog's fields hold now (a select's own search field is not one)."""
        values: list[object] = []
        for widget in self.query("Input, TextArea, Select, SelectionList, Checkbox"):
            if any(isinstance(a, Select) for a in widget.ancestors):
                continue
            if isinstance(widget, Input):
                values.append(widget.value)
            elif isinstance(widget, TextArea):
                values.append(widget.text)
            elif isinstance(widget, SelectionList):
                values.append(tuple(widget.selected))
            elif isinstance(widget, Select | Checkbox):
                values.append(widget.value)
        return tuple(values)

    @on(events.Mount)
    def _remember_fields(self) -> None:
        # after the first refresh: a select takes its value when it mounts
        self.call_after_refresh(lambda: setattr(self, "_opened_with", self.field_values()))

    def changed(self) -> bool:
        """Whether closing now would lose something the caseworker entered."""
        return self._opened_with is not None and self.field_values() != self._opened_with

    def action_cancel(self) -> None:
        if not self.changed():
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmDialog(_("放弃已填写的内容？"), _("y 放弃 · n 继续填写")),
                             answered)


class PickDialog(WorkbenchModal[str | None]):
    """Choose one option; Escape cancels. Enter chooses in the same step as the key (not
    after a message), so the keys typed after it go to the next dialog."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("取消"), id="dialog.cancel"),
        Binding("enter", "choose", N_("选择"), id="dialog.choose", show=False,
                priority=True),
    ]

    def __init__(self, title: str, options: list[tuple[str, str]],
                 unavailable: frozenset[str] = frozenset(), *,
                 load: Callable[[], list[tuple[str, str]]] | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.options = options  # (value, label)
        self.unavailable = unavailable  # values shown greyed out, not selectable
        self.load = load  # a service call for the options, run once the dialog is up

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label(plain(self.title_text), classes="dialog-title")
            yield OptionList(*self._options())
            if self.load is not None:
                yield Label(_("正在准备…"), id="pick-loading", classes="dialog-help")
            yield keys_hint(_("↑↓ 移动 · Enter 选择 · Esc 取消"))

    def _options(self) -> list[Option]:
        return [Option(wrapped(label), id=value, disabled=value in self.unavailable)
                for value, label in self.options]

    def on_mount(self) -> None:
        if self.load is not None:
            self._load(self.load)

    @flow(exclusive=True)
    async def _load(self, load: Callable[[], list[tuple[str, str]]]) -> None:
        try:
            self.options = await self.run_service(load)
        except Refused:
            self.dismiss(None)
            raise
        self.query_one("#pick-loading").remove()
        options = self.query_one(OptionList)
        options.add_options(self._options())
        options.highlighted = 0

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_choose(self) -> None:
        option = chosen_option(self.query_one(OptionList))
        if option is not None:
            self.dismiss(option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class AskDialog(FormDialog[str | None]):
    """One line of text; Enter (or ctrl+s / F2, as every form saves) accepts, Escape
    cancels. With `required` an empty answer is not accepted: the dialog stays open
    showing that message."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("取消"), id="dialog.cancel"),
        Binding("ctrl+s,f2", "accept", N_("确定"), id="ask.save", priority=True, show=False),
    ]

    def __init__(self, title: str, placeholder: str = "", value: str = "", *,
                 required: str = "", keys: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.placeholder = placeholder
        self.value = value
        self.required = required
        self.keys = keys  # the key hint, when Enter does more than 确定

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label(wrapped(self.title_text), classes="dialog-title")
            yield SafeInput(value=self.value, placeholder=self.placeholder)
            error = Label("", id="ask-error", classes="dialog-error")
            error.display = False
            yield error
            yield keys_hint(self.keys or _("Enter 确定 · Esc 取消"))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.action_accept()

    def action_accept(self) -> None:
        value = self.query_one(SafeInput).value
        if self.required and not value.strip():
            error = self.query_one("#ask-error", Label)
            error.update(plain(self.required))
            error.display = True
            return
        self.dismiss(value)


class ChecklistDialog(WorkbenchModal[list[str] | None]):
    """Tick any number of options (space), Enter to accept, Escape to cancel."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("取消"), id="dialog.cancel"),
        Binding("enter", "accept", N_("确定"), id="dialog.accept", priority=True),
    ]

    def __init__(self, title: str, options: list[tuple[str, str]],
                 selected: list[str] | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.options = options
        self.initial = set(selected or [])

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label(plain(self.title_text), classes="dialog-title")
            yield TickList(*[(wrapped(label), value, value in self.initial)
                             for value, label in self.options])
            yield keys_hint(_("空格 勾选 · Enter 确定 · Esc 取消"))

    def action_accept(self) -> None:
        self.dismiss(list(self.query_one(SelectionList).selected))

    def action_cancel(self) -> None:
        self.dismiss(None)


class TextDialog(FormDialog[str | None]):
    """Multi-line text; ctrl+s (or F2) saves, Escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s,f2", "save", N_("保存"), id="text.save", priority=True),
        Binding("escape", "cancel", N_("取消"), id="text.cancel"),
    ]

    def __init__(self, title: str, value: str,
                 check: Callable[[str], object] | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        # how the service reads the text: a RuleViolation keeps the dialog open with
        # the message under the field and the text as typed
        self.check = check

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box text-box"):
            yield Label(plain(self.title_text), classes="dialog-title")
            yield SafeTextArea(self.value, soft_wrap=True)
            error = Label("", id="text-error", classes="dialog-error")
            error.display = False
            yield error
            yield keys_hint(_("ctrl+s / F2 保存 · Esc 取消"))

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.move_cursor(area.document.end)  # typing goes after the old text

    def action_save(self) -> None:
        text = self.query_one(TextArea).text
        if self.check is not None:
            try:
                self.check(text)
            except RuleViolation as exc:
                error = self.query_one("#text-error", Label)
                error.update(plain(exc.message))
                error.display = True
                return
        self.dismiss(text)


class ConflictDialog(WorkbenchModal[str | None]):
    """Someone else changed the field: show theirs and mine, let the caseworker choose."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t,escape", "choose('theirs')", N_("保留对方的修改"), id="conflict.theirs"),
        Binding("m", "choose('mine')", N_("使用我的修改"), id="conflict.mine"),
    ]

    def __init__(self, message: str, label: str, theirs: str, mine: str) -> None:
        super().__init__()
        self.message, self.label, self.theirs, self.mine = message, label, theirs, mine

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog-box"):
            yield Label(_("修改冲突"), classes="dialog-title")
            yield Label(plain(self.message, one_line=False))
            yield Label(plain(_("{label} — 对方的版本：").format(
                              label=self.label)), classes="dialog-help")
            yield Static(plain(self.theirs[:2000], one_line=False))
            yield Label(plain(_("{label} — 你的版本：").format(
                              label=self.label)), classes="dialog-help")
            yield Static(plain(self.mine[:2000], one_line=False))
            yield keys_hint(_("t 保留对方的 · m 用我的覆盖 · ↑↓ 滚动"))

    def action_choose(self, which: str) -> None:
        self.dismiss(which)
