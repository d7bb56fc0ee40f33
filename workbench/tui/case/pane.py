"""The scrolling text of a tab: it takes focus (visibly, see `.case-text` in app.tcss) and
scrolls with j/k beside ↑↓, PgUp/PgDn, Home/End; `StaticPane` shows one renderable (a
table of the case's contacts, filings, history)."""

from __future__ import annotations

from typing import ClassVar

from rich.console import RenderableType
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from workbench.i18n import N_


class TextPane(VerticalScroll):
    """A tab's text that the keyboard scrolls (VerticalScroll binds ↑↓ PgUp PgDn Home End)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "scroll_down", N_("下滚"), id="case.scroll_down", show=False),
        Binding("k", "scroll_up", N_("上滚"), id="case.scroll_up", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="case-text")


class StaticPane(TextPane):
    def __init__(self, static_id: str) -> None:
        super().__init__()
        self.static_id = static_id

    def compose(self) -> ComposeResult:
        yield Static(id=self.static_id)

    def put(self, renderable: RenderableType) -> None:
        self.query_one(f"#{self.static_id}", Static).update(renderable)
