"""`A`: pending approval requests for media and legal; supervisors approve or deny."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from workbench.domain.clock import local_time
from workbench.domain.ladder import stage_label
from workbench.i18n import N_, _
from workbench.services import escalation
from workbench.services.escalation import PendingApproval
from workbench.tui.base import WorkbenchScreen, flow
from workbench.tui.dialogs import AskDialog
from workbench.tui.footer import KeyFooter
from workbench.tui.text import plain


class ApprovalsScreen(WorkbenchScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "app.pop_screen", N_("返回"), id="approvals.back"),
        Binding("y", "decide(True)", N_("批准"), id="approvals.approve"),
        Binding("n", "decide(False)", N_("驳回"), id="approvals.deny"),
        Binding("r", "refresh", N_("刷新"), id="approvals.refresh"),
    ]

    def compose(self) -> ComposeResult:
        yield Label(_("待审批 (媒体曝光 / 法律途径)"), classes="dialog-title")
        yield OptionList(id="approvals")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.pending: list[PendingApproval] = []
        self.action_refresh()

    def action_refresh(self) -> None:
        if self.is_attached:  # a decision may finish after the screen was closed
            self._refresh()

    @flow(group="load", exclusive=True)
    async def _refresh(self) -> None:
        rows = await self.run_service(escalation.pending_approvals, self.wb)
        if not self.is_attached:
            return
        self.pending = rows
        listing = self.query_one(OptionList)
        listing.clear_options()
        for row in rows:
            listing.add_option(Option(plain(
                f"#{row.id}  {row.ref}  → {stage_label(row.to_stage)}  "
                f"{row.requested_by} {local_time(row.requested_at)}  {row.reason}"),
                id=str(row.id)))
        if rows:
            listing.highlighted = 0
        else:
            listing.add_option(Option(plain(_("没有待审批的申请")), disabled=True))
        listing.focus()

    @flow()
    async def action_decide(self, approve: bool) -> None:
        listing = self.query_one(OptionList)
        if listing.highlighted is None or not self.pending:
            return
        option = listing.get_option_at_index(listing.highlighted)
        if option.id is None:
            return
        request_id = int(option.id)
        verb = _("批准") if approve else _("驳回")
        note = await self.app.push_screen_wait(
            AskDialog(_("{verb}申请 #{request_id}: 意见 (可留空)").format(
                      verb=verb, request_id=request_id)))
        if note is None:
            return
        await self.run_service(escalation.decide, self.wb, request_id, approve, note)
        self.app.notify(_("申请 #{request_id} 已{verb}").format(
                        request_id=request_id, verb=verb), markup=False)
        self.action_refresh()
