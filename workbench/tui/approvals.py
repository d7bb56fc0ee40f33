"""`A`: pending approval requests for media and legal; supervisors approve or deny."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Label, OptionList
from textual.widgets.option_list import Option

from workbench.domain.ladder import stage_label
from workbench.errors import WorkbenchError
from workbench.services import escalation
from workbench.services.cases import local_time
from workbench.services.escalation import PendingApproval
from workbench.tui.dialogs import AskDialog
from workbench.tui.text import clean, plain

if TYPE_CHECKING:
    from workbench.tui.app import WorkbenchApp


class ApprovalsScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "app.pop_screen", "Back", id="approvals.back"),
        Binding("y", "decide(True)", "Approve", id="approvals.approve"),
        Binding("n", "decide(False)", "Deny", id="approvals.deny"),
        Binding("r", "refresh", "Refresh", id="approvals.refresh"),
    ]

    def compose(self) -> ComposeResult:
        yield Label("待审批 Pending approvals (媒体曝光 / 法律途径)", classes="dialog-title")
        yield OptionList(id="approvals")
        yield Footer()

    def on_mount(self) -> None:
        self.pending: list[PendingApproval] = []
        self.action_refresh()

    @property
    def wbapp(self) -> WorkbenchApp:
        return self.app  # type: ignore[return-value]

    def action_refresh(self) -> None:
        if self.is_attached:  # a decision may finish after the screen was closed
            self._refresh()

    @work(thread=True, exclusive=True)
    def _refresh(self) -> None:
        try:
            rows = escalation.pending_approvals(self.wbapp.wb)
        except Exception as exc:
            self.app.call_from_thread(self.app.notify, f"无法读取: {clean(exc)}",
                                      severity="error", markup=False)
            return
        self.app.call_from_thread(self._show, rows)

    def _show(self, rows: list[PendingApproval]) -> None:
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
            listing.add_option(Option(plain("没有待审批的申请"), disabled=True))
        listing.focus()

    def action_decide(self, approve: bool) -> None:
        listing = self.query_one(OptionList)
        if listing.highlighted is None or not self.pending:
            return
        option = listing.get_option_at_index(listing.highlighted)
        if option.id is None:
            return
        request_id = int(option.id)
        verb = "批准" if approve else "驳回"
        self.app.push_screen(AskDialog(f"{verb}申请 #{request_id}: 意见 (可留空)"),
                             lambda note: self._decide(request_id, approve, note))

    def _decide(self, request_id: int, approve: bool, note: str | None) -> None:
        if note is None:
            return

        def run() -> None:
            try:
                escalation.decide(self.wbapp.wb, request_id, approve, note)
            except WorkbenchError as exc:
                self.app.call_from_thread(self.app.notify, exc.message, severity="error",
                                          markup=False)
                return
            except Exception as exc:
                self.app.call_from_thread(self.app.notify, clean(exc), severity="error",
                                          markup=False)
                return
            self.app.call_from_thread(self.app.notify, f"申请 #{request_id} 已"
                                      f"{'批准' if approve else '驳回'}", markup=False)
            self.app.call_from_thread(self.action_refresh)

        self.app.run_worker(run, thread=True)
