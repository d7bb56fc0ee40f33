"""Small modal dialogs: confirm, pick one, ask for a line of text."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, SelectionList
from textual.widgets.option_list import Option

from workbench.tui.text import plain


class ConfirmDialog(ModalScreen[bool]):
    """Yes/no; the question names what will happen and to how many cases."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "answer(True)", "Yes", id="dialog.yes"),
        Binding("n,escape", "answer(False)", "No", id="dialog.no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__(classes="dialog")
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label(plain(self.question, one_line=False))
            yield Label("y 确认 · n 取消", classes="dialog-help")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)


class PickDialog(ModalScreen[str | None]):
    """Choose one option; Escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
    ]

    def __init__(self, title: str, options: list[tuple[str, str]]) -> None:
        super().__init__(classes="dialog")
        self.title_text = title
        self.options = options  # (value, label)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label(plain(self.title_text), classes="dialog-title")
            yield OptionList(*[Option(plain(label), id=value) for value, label in self.options])

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class AskDialog(ModalScreen[str | None]):
    """One line of text; Enter accepts, Escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
    ]

    def __init__(self, title: str, placeholder: str = "", value: str = "") -> None:
        super().__init__(classes="dialog")
        self.title_text = title
        self.placeholder = placeholder
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label(plain(self.title_text), classes="dialog-title")
            yield Input(value=self.value, placeholder=self.placeholder)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ChecklistDialog(ModalScreen[list[str] | None]):
    """Tick any number of options (space), Enter to accept, Escape to cancel."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
        Binding("enter", "accept", "Accept", id="dialog.accept", priority=True),
    ]

    def __init__(self, title: str, options: list[tuple[str, str]],
                 selected: list[str] | None = None) -> None:
        super().__init__(classes="dialog")
        self.title_text = title
        self.options = options
        self.initial = set(selected or [])

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label(plain(self.title_text), classes="dialog-title")
            yield SelectionList[str](*[(plain(label), value, value in self.initial)
                                       for value, label in self.options])
            yield Label("space 勾选 · Enter 确定 · Esc 取消", classes="dialog-help")

    def action_accept(self) -> None:
        self.dismiss(list(self.query_one(SelectionList).selected))

    def action_cancel(self) -> None:
        self.dismiss(None)
