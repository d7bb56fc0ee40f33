"""Tab 3, 时间线: the case's history, newest first, each entry described in Chinese."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from workbench.services.views import TimelineLine
from workbench.tui.text import plain


def timeline_renderable(lines: Sequence[TimelineLine]) -> Table:
    table = Table(box=None, show_header=True, header_style="bold")
    table.add_column("时间", no_wrap=True)
    table.add_column("人员", no_wrap=True)
    table.add_column("事件")
    for line in lines:
        table.add_row(plain(line.at), plain(line.actor), plain(line.text))
    return table


class TimelinePane(VerticalScroll):
    def compose(self) -> ComposeResult:
        yield Static(id="case-timeline")

    def show(self, lines: Sequence[TimelineLine]) -> None:
        self.query_one("#case-timeline", Static).update(timeline_renderable(lines))
