"""The scrolling text of a tab: it takes focus (visibly, see `.case-text` in app.tcss) and
scrolls with j/k/↑/↓, PgUp/PgDn, g/G/Home/End. The list tabs (`entries.EntryTable`, the
evidence list) move their cursor with the same keys: `list_bindings`."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll

from workbench.i18n import N_


def list_bindings(first: str, last: str) -> list[BindingType]:
    """The cursor keys of every list on the case screen (one id each, so one [keymap] line
    remaps them on every list); `first`/`last` are the widget's own actions."""
    return [
        Binding("j,down", "cursor_down", N_("下一条"), id="case.entry_down", show=False),
        Binding("k,up", "cursor_up", N_("上一条"), id="case.entry_up", show=False),
        Binding("pagedown", "page_down", N_("下翻一页"), id="case.entry_page_down", show=False),
        Binding("pageup", "page_up", N_("上翻一页"), id="case.entry_page_up", show=False),
        Binding("g,home", first, N_("第一条"), id="case.entry_first", show=False),
        Binding("G,end", last, N_("最后一条"), id="case.entry_last", show=False),
    ]


class TextPane(VerticalScroll):
    """A tab's text that the keyboard scrolls (VerticalScroll binds ↑↓ PgUp PgDn Home End)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "scroll_down", N_("下滚"), id="case.scroll_down", show=False),
        Binding("k,up", "scroll_up", N_("上滚"), id="case.scroll_up", show=False),
        Binding("pagedown", "page_down", N_("下翻一页"), id="case.scroll_page_down", show=False),
        Binding("pageup", "page_up", N_("上翻一页"), id="case.scroll_page_up", show=False),
        Binding("g,home", "scroll_home", N_("到开头"), id="case.scroll_top", show=False),
        Binding("G,end", "scroll_end", N_("到结尾"), id="case.scroll_bottom", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="case-text")

