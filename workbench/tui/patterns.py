"""The supervisor's view of pattern alerts (`W` in the queue): each alert with its rule,
what its cases share and what to do; Enter lists its cases in the queue (`pattern:ID`),
`g` makes them a joint complaint."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Label, Static

from workbench.domain.patterns import Proposal
from workbench.i18n import N_, _
from workbench.services import patterns
from workbench.services.patterns import Alert
from workbench.tui.base import WorkbenchScreen, flow
from workbench.tui.dialogs import AskDialog, ConfirmDialog
from workbench.tui.footer import KeyFooter
from workbench.tui.text import plain


class PatternsScreen(WorkbenchScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "app.pop_screen", N_("返回"), id="patterns.back"),
        Binding("enter,l", "queue", N_("在队列中列出该预警的案件"), id="patterns.queue"),
        Binding("g", "group", N_("把该预警的案件组成共同投诉"), id="patterns.group"),
        Binding("r", "refresh", N_("重新计算"), id="patterns.refresh"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.alerts: tuple[Alert, ...] = ()

    def compose(self) -> ComposeResult:
        yield Label(_("投诉规律预警"), classes="dialog-title")
        yield DataTable(id="alerts", cursor_type="row", zebra_stripes=True)
        yield Static(id="alert-detail")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(_("规则"), _("件数"), _("共同点"), _("被投诉人"))
        table.focus()
        self.action_refresh()

    @flow(group="load", exclusive=True)
    async def action_refresh(self) -> None:
        found = await self.run_service(patterns.supervisor_alerts, self.wb)
        if not self.is_attached:
            return
        self.alerts = found
        table = self.query_one(DataTable)
        table.clear()
        for alert in found:
            table.add_row(plain(alert.label), Text(str(len(alert.case_ids)), justify="right"),
                          plain(alert.what), plain(alert.provider or _("多个")), key=alert.id)
        self._show_detail()
        if not found:
            self.query_one("#alert-detail", Static).update(_("当前没有预警。"))

    def current(self) -> Alert | None:
        table = self.query_one(DataTable)
        if not self.alerts or table.cursor_row >= len(self.alerts):
            return None
        return self.alerts[table.cursor_row]

    @on(DataTable.RowHighlighted)
    def _show_detail(self) -> None:
        alert = self.current()
        if alert is None:
            return
        # the rule's description leads; the alert's id is only the CLI's handle for it
        proposed = _("建议组成共同投诉：按 g") if alert.proposal is Proposal.GROUP \
            else alert.proposed
        handle = plain(_("CLI 名称 {id}").format(id=alert.id))
        handle.stylize("dim")
        head = plain(alert.label)
        head.stylize("bold")
        text = Text("\n").join([head, plain(alert.summary), plain(proposed), handle])
        self.query_one("#alert-detail", Static).update(text)

    @on(DataTable.RowSelected)
    def _row_selected(self) -> None:
        self.action_queue()

    def action_queue(self) -> None:
        """Back to the queue, in the view of all cases, filtered by the alert."""
        from workbench.tui.queue_screen import QueueScreen

        alert = self.current()
        if alert is None:
            return
        while len(self.app.screen_stack) > 1 and not isinstance(self.app.screen, QueueScreen):
            self.app.pop_screen()
        queue = self.app.screen
        if isinstance(queue, QueueScreen):
            # in the view of all cases: an alert's cases are anyone's
            everything = next((i for i, v in enumerate(queue.views) if not v.filter), None)
            if everything is not None and everything != queue.view_index:
                queue.select_view(everything)
            queue.show_filter(f"pattern:{alert.id}")

    @flow()
    async def action_group(self) -> None:
        alert = self.current()
        if alert is None:
            return
        # proposed in words (the alert's id is the CLI's handle, not a name for people)
        proposed = _("{provider}：{what}").format(provider=alert.provider, what=alert.what) \
            if alert.provider else alert.what
        name = await self.app.push_screen_wait(AskDialog(
            _("共同投诉的名称"), "", proposed, required=_("请写出名称。")))
        if not name:
            return
        if not await self.app.push_screen_wait(ConfirmDialog(
                _("把预警「{alert}」的 {n} 件案件组成共同投诉「{name}」？").format(
                    alert=alert.label, n=len(alert.case_ids), name=name))):
            return
        detail = await self.run_service(patterns.group_alert, self.wb, alert.id, name)
        self.app.notify(_("已组成共同投诉「{name}」：{n} 件").format(
            name=detail.row.name, n=detail.row.members), markup=False)
