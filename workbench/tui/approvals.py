"""`A`: approvals. 我的申请 lists the caseworker's own requests with what became of them
(an approved one is carried out with `x`, a refused one shows why); 待审批 lists the
pending requests for media and legal, which supervisors approve or deny.

`tell_decisions` tells a caseworker, on start and whenever the queue sees a change, of the
decisions on their requests they have not been told of in this session.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from workbench.domain.clock import local_time
from workbench.domain.ladder import stage_label
from workbench.i18n import N_, _
from workbench.services import escalation, four_eyes
from workbench.services.four_eyes import MyRequest, PendingApproval
from workbench.tui import feedback
from workbench.tui.base import WorkbenchScreen, flow
from workbench.tui.dialogs import AskDialog
from workbench.tui.footer import KeyFooter
from workbench.tui.text import plain

if TYPE_CHECKING:
    from workbench.tui.base import ServiceCalls

TELL_ONE_BY_ONE = 1  # more news than this is told in one summary toast
TOAST_SECONDS = 8  # a toast covers the right half of the rows at 80×24: not for long


async def tell_decisions(host: ServiceCalls) -> None:
    """Notify the decisions on the caseworker's requests not yet told in this session."""
    rows = await host.run_service(four_eyes.my_requests, host.wb)
    told = host.wbapp.told_decisions
    news = [row for row in rows if row.news and row.id not in told]
    told.update(row.id for row in news)
    if len(news) > TELL_ONE_BY_ONE:  # one short toast, not a column of them; 我的申请 has each
        approved = sum(row.can_carry_out for row in news)
        host.app.notify(feedback.decisions_summary(approved, len(news) - approved),
                        markup=False, timeout=TOAST_SECONDS)
        return
    for row in news:
        host.app.notify(feedback.decision_news(row), markup=False, timeout=TOAST_SECONDS,
                        severity="information" if row.can_carry_out else "warning")


def mine_line(row: MyRequest) -> str:
    decided = f"  {row.decided_by} {local_time(row.decided_at)}" if row.decided_at else ""
    return f"{row.status_label}  {row.ref} → {row.to_label}{decided}"


def mine_detail(row: MyRequest) -> str:
    lines = [_("申请理由：{reason}").format(reason=row.reason)]
    if row.note.strip():
        note = _("驳回理由：{note}") if row.status == "denied" else _("负责人意见：{note}")
        lines.append(note.format(note=row.note))
    if row.can_carry_out:
        lines.append(_("按 x 执行：升级到「{stage}」").format(stage=row.to_label))
    return "\n".join(lines)


MINE_TITLE = N_("我的申请（已批准的按 x 执行）")
PENDING_TITLE = N_("待审批（媒体曝光 / 法律途径；负责人按 y 批准、n 驳回）")


class ApprovalsScreen(WorkbenchScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "app.pop_screen", N_("返回"), id="approvals.back"),
        Binding("x", "carry_out", N_("执行"), id="approvals.carry_out"),
        Binding("y", "decide(True)", N_("批准"), id="approvals.approve"),
        Binding("n", "decide(False)", N_("驳回"), id="approvals.deny"),
        Binding("r", "refresh", N_("刷新"), id="approvals.refresh"),
    ]

    def compose(self) -> ComposeResult:
        self.pending: list[PendingApproval] = []
        self.mine: list[MyRequest] = []
        self.may_decide = False  # y/n are offered to supervisors and admins only
        yield Label(_(MINE_TITLE), classes="approvals-title", id="mine-title")
        yield OptionList(id="mine")
        yield Static(id="mine-detail")
        yield Label(_(PENDING_TITLE), classes="approvals-title", id="approvals-title")
        yield OptionList(id="approvals")
        yield Static(id="approvals-detail")
        yield KeyFooter()

    def on_descendant_focus(self) -> None:
        """The focused list's title is marked ▶ and only its detail lines are shown."""
        focused = self.focused.id if self.focused is not None else None
        for ident, title in (("mine", MINE_TITLE), ("approvals", PENDING_TITLE)):
            here = focused == ident
            self.query_one(f"#{ident}-title", Label).update(
                Text(("▶ " if here else "  ") + _(title), style="bold reverse" if here else ""))
            self.query_one(f"#{ident}-detail", Static).display = here
        self._show_detail()
        self._show_pending()

    def on_mount(self) -> None:
        self.action_refresh()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.may_decide if action == "decide" else True

    def on_key(self, event: events.Key) -> None:
        # a caseworker's y/n (not offered in the footer) says why it does nothing
        if not self.may_decide and any(b.action.startswith("decide") for b in
                                       self._bindings.key_to_bindings.get(event.key, ())):
            event.stop()
            self.app.notify(_("只有负责人或管理员可以审批。"), markup=False)

    def action_refresh(self) -> None:
        if self.is_attached:  # a decision may finish after the screen was closed
            self._refresh()

    @flow(group="load", exclusive=True)
    async def _refresh(self) -> None:
        mine = await self.run_service(four_eyes.my_requests, self.wb)
        rows = await self.run_service(four_eyes.pending_approvals, self.wb)
        may_decide = await self.run_service(four_eyes.may_decide, self.wb)
        if not self.is_attached:
            return
        self.mine, self.pending = mine, rows
        if may_decide != self.may_decide:
            self.may_decide = may_decide
            self.refresh_bindings()
        own = self.query_one("#mine", OptionList)
        listing = self.query_one("#approvals", OptionList)
        was = own.highlighted or 0, listing.highlighted or 0  # a decision keeps the place
        own.clear_options()
        for request in mine:
            own.add_option(Option(plain(mine_line(request)), id=str(request.id)))
        if mine:
            own.highlighted = min(was[0], len(mine) - 1)
        else:
            own.add_option(Option(plain(_("你没有提出过审批申请")), disabled=True))
            self.query_one("#mine-detail", Static).update("")
        listing.clear_options()
        for row in rows:
            listing.add_option(Option(plain(
                f"{row.ref}  → {stage_label(row.to_stage)}  "
                f"{row.requester} {local_time(row.requested_at)}  {row.reason}"),
                id=str(row.id)))
        if rows:
            listing.highlighted = min(was[1], len(rows) - 1)
        else:
            listing.add_option(Option(plain(_("没有待审批的申请")), disabled=True))
        # the work is where something can be done: an approval to carry out, else deciding
        if any(r.can_carry_out for r in mine) or not rows:
            own.focus()
        else:
            listing.focus()

    def _chosen_mine(self) -> MyRequest | None:
        index = self.query_one("#mine", OptionList).highlighted
        return self.mine[index] if index is not None and index < len(self.mine) else None

    @on(OptionList.OptionHighlighted, "#mine")
    def _show_detail(self) -> None:
        row = self._chosen_mine()
        if row is not None:
            self.query_one("#mine-detail", Static).update(
                plain(mine_detail(row), one_line=False))

    @on(OptionList.OptionHighlighted, "#approvals")
    def _show_pending(self) -> None:
        index = self.query_one("#approvals", OptionList).highlighted
        row = self.pending[index] if index is not None and index < len(self.pending) else None
        self.query_one("#approvals-detail", Static).update(plain(_(
            "申请人 {name}（{login}）\n申请理由：{reason}").format(
                name=row.requester, login=row.requested_by, reason=row.reason),
            one_line=False) if row is not None else "")

    @on(OptionList.OptionSelected, "#mine")
    def _selected_mine(self) -> None:
        self.action_carry_out()

    @flow()
    async def action_carry_out(self) -> None:
        row = self._chosen_mine()
        if row is None:
            return
        if not row.can_carry_out:
            self.show_error(feedback.nothing_to_carry_out(row.ref, row.status_label))
            return
        case = await self.run_service(escalation.carry_out, self.wb, row.id)
        self.app.notify(feedback.carried_out(case.ref, stage_label(case.stage)), markup=False,
                        timeout=8)
        self.action_refresh()

    @flow()
    async def action_decide(self, approve: bool) -> None:
        listing = self.query_one("#approvals", OptionList)
        if listing.highlighted is None or not self.pending:
            return
        option = listing.get_option_at_index(listing.highlighted)
        if option.id is None:
            return
        request_id = int(option.id)
        row = next(r for r in self.pending if r.id == request_id)
        if row.refusal:  # told before a comment is typed, not after
            self.show_error(row.refusal)
            return
        verb = _("批准") if approve else _("驳回")
        note = await self.app.push_screen_wait(
            AskDialog(_("{verb} {ref} → {stage} 的申请：意见（可留空）").format(
                      verb=verb, ref=row.ref, stage=stage_label(row.to_stage))))
        if note is None:
            return
        await self.run_service(escalation.decide, self.wb, request_id, approve, note)
        self.app.notify(feedback.approval_decided(approve, row.ref, stage_label(row.to_stage)),
                        markup=False)
        self.action_refresh()
