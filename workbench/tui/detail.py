"""`v`: the whole of what a narrow column cuts — every field of the current row (or of each
entry of a list without a cursor), untruncated and wrapped, in a popup; Esc closes it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.console import Group, RenderableType
from rich.rule import Rule
from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Label, Static

from workbench.i18n import N_, _
from workbench.tui.base import WorkbenchModal
from workbench.tui.dialogs import keys_hint
from workbench.tui.text import plain

Record = Sequence[tuple[str, str]]
"""(label, value) pairs, in column order; values are untrusted text."""


def record_renderable(record: Record) -> Table:
    """One record as a label/value grid, the values wrapped, never cut."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for label, value in record:
        grid.add_row(plain(label), plain(value or "—", one_line=False))
    return grid


def records_renderable(records: Sequence[Record]) -> RenderableType:
    """Several records, one after another, a rule between them."""
    parts: list[RenderableType] = []
    for i, record in enumerate(records):
        if i:
            parts.append(Rule(style="dim"))
        parts.append(record_renderable(record))
    return Group(*parts) if parts else plain(_("（没有内容）"))


class DetailDialog(WorkbenchModal[None]):
    """The full text of one row (or of every entry of a list); j/k scroll, Esc closes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,v,q", "close", N_("关闭详情"), id="detail.close"),
        Binding("j", "scroll(1)", N_("向下滚动"), id="detail.down", show=False),
        Binding("k", "scroll(-1)", N_("向上滚动"), id="detail.up", show=False),
    ]

    def __init__(self, title: str, records: Sequence[Record]) -> None:
        super().__init__()
        self.title_text = title
        self.records = list(records)

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog-box detail-box", id="detail-body"):
            yield Label(plain(self.title_text), classes="dialog-title")
            yield Static(records_renderable(self.records), id="detail-text")
            yield keys_hint(_("↑↓ / j k 滚动 · Esc 关闭"))

    def on_mount(self) -> None:
        self.query_one("#detail-body").focus()

    def action_scroll(self, lines: int) -> None:
        self.query_one("#detail-body", VerticalScroll).scroll_relative(y=lines, animate=False)

    def action_close(self) -> None:
        self.dismiss(None)
