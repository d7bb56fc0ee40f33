"""Tab 3, 时间线: the case's history, newest first, each entry described in Chinese."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.table import Table

from workbench.i18n import _
from workbench.services.views import TimelineLine
from workbench.tui.case.pane import StaticPane
from workbench.tui.dates import narrow_today, shown
from workbench.tui.detail import Record
from workbench.tui.text import plain


def timeline_records(lines: Sequence[TimelineLine]) -> list[Record]:
    """Every entry in full, for `v`."""
    return [[(_("时间"), line.at), (_("人员"), line.actor), (_("事件"), line.text)]
            for line in lines]


def timeline_renderable(lines: Sequence[TimelineLine], today: date | None = None) -> Table:
    table = Table(box=None, show_header=True, header_style="bold")
    table.add_column(_("时间"), no_wrap=True)
    table.add_column(_("人员"), no_wrap=True)
    table.add_column(_("事件"))
    for line in lines:
        table.add_row(plain(shown(line.at, today)), plain(line.actor), plain(line.text))
    return table


class TimelinePane(StaticPane):
    def __init__(self) -> None:
        super().__init__("case-timeline")

    def show(self, lines: Sequence[TimelineLine]) -> None:
        self.put(timeline_renderable(lines, narrow_today(self)))
