"""The access log (个人信息保护法 arts. 51, 54): who revealed or exported whose personal
data, when and why, over the last 30 days. Supervisors and admins only (the service
refuses anyone else, and the screen closes)."""

from __future__ import annotations

from datetime import timedelta
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Label

from workbench.i18n import N_, _
from workbench.services import audit
from workbench.tui.base import Refused, WorkbenchScreen, flow
from workbench.tui.footer import KeyFooter
from workbench.tui.text import plain

DAYS = 30


class AccessScreen(WorkbenchScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "app.pop_screen", N_("返回"), id="access.back"),
        Binding("r", "refresh", N_("刷新"), id="access.refresh"),
    ]

    def compose(self) -> ComposeResult:
        yield Label(_("个人信息访问记录（最近 {DAYS} 天）").format(
                    DAYS=DAYS), classes="dialog-title")
        yield DataTable(id="access", cursor_type="row", zebra_stripes=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for title in audit.ACCESS_COLUMNS:
            table.add_column(title)
        self.action_refresh()

    def action_refresh(self) -> None:
        if self.is_attached:
            self._load()

    @flow(group="load", exclusive=True)
    async def _load(self) -> None:
        try:
            entries = await self.run_service(audit.access_log, self.wb,
                                             self.wb.now() - timedelta(days=DAYS))
        except Refused:
            if self.is_attached:
                self.app.pop_screen()  # not a supervisor: the refusal was shown
            raise
        if not self.is_attached:
            return
        table = self.query_one(DataTable)
        table.clear()
        for entry in entries:
            table.add_row(*(plain(cell) for cell in audit.access_cells(entry)))
        if not entries:
            table.add_row(plain("—"), plain(_("最近 {DAYS} 天没有查看或导出个人信息的记录").format(
                                            DAYS=DAYS)),
                          *(plain("") for _ in audit.ACCESS_COLUMNS[2:]))
        table.focus()
