"""The scrolling text of a tab: it takes focus (visibly, see `.case-text` in app.tcss) and
scrolls with j/k beside ↑↓, PgUp/PgDn, Home/End. (The list tabs are `entries.EntryTable`.)"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll

from workbench.i18n import N_


class TextPane(VerticalScroll):
    """A tab's text that the keyboard scrolls (VerticalScroll binds ↑↓ PgUp PgDn Home End)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "scroll_down", N_("下滚"), id="case.scroll_down", show=False),
        Binding("k", "scroll_up", N_("上滚"), id="case.scroll_up", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="case-text")

