"""Tab 4, 联系记录: the contact log, and the dialog that logs a contact."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.table import Table
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Input, Label, Select

from workbench.domain.ladder import STAGES, Stage
from workbench.domain.validators import ValidationError, parse_date
from workbench.domain.vocabulary import ContactChannel
from workbench.i18n import N_, _, pgettext
from workbench.services.contacts import ContactDraft
from workbench.services.views import ContactLine
from workbench.tui.base import WorkbenchModal
from workbench.tui.case.pane import StaticPane
from workbench.tui.text import SafeInput, plain


def contacts_renderable(lines: Sequence[ContactLine]) -> Table:
    table = Table(box=None, show_header=True, header_style="bold")
    for title in (_("时间"), _("方式"), _("对象"), pgettext("label", "工单号"),
                  pgettext("label", "内容"), _("结果"),
                  _("下次跟进")):
        table.add_column(title)
    for c in lines:
        table.add_row(plain(c.at), plain(c.channel), plain(c.counterpart), plain(c.ticket_no),
                      plain(c.summary), plain(c.outcome), plain(c.next_follow_up))
    if not lines:
        table.add_row("—", "", plain(_("还没有联系记录: 按 c 记录一次与服务商的联系")),
                      "", "", "", "")
    return table


class ContactsPane(StaticPane):
    def __init__(self) -> None:
        super().__init__("case-contacts")

    def show(self, lines: Sequence[ContactLine]) -> None:
        self.put(contacts_renderable(lines))



class ContactDialog(WorkbenchModal[ContactDraft | None]):
    """Log a contact. A mistake is shown in the dialog and nothing typed is lost."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s,f2", "save", N_("保存联系记录"), id="contact.save", priority=True),
        Binding("escape", "cancel", N_("取消"), id="contact.cancel"),
    ]

    def __init__(self, stage: str) -> None:
        super().__init__()
        # contacts are with a counterpart of an open rung; intake and closed mean the provider
        self.stage = stage if stage in Stage._value2member_map_ and stage not in (
            Stage.INTAKE.value, Stage.CLOSED.value) else Stage.PROVIDER.value

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog-box contact-box"):
            yield Label(_("记录联系"), classes="dialog-title")
            yield Label("", id="contact-error", classes="dialog-error")
            yield Select([(c.label, c.value) for c in ContactChannel],
                         value=ContactChannel.PHONE.value, allow_blank=False, id="channel")
            yield Select([(info.label, info.stage.value) for info in STAGES
                          if info.stage is not Stage.CLOSED],
                         value=self.stage,
                         allow_blank=False, id="stage")
            yield SafeInput(placeholder=_("对象 (如: 服务商客服 95xxx)"), id="counterpart")
            yield SafeInput(placeholder=_("对方工单号 (可留空)"), id="ticket")
            yield SafeInput(placeholder=_("内容摘要 (必填)"), id="summary")
            yield SafeInput(placeholder=_("结果 (可留空)"), id="outcome")
            yield SafeInput(placeholder=_("下次跟进日期 (如 2026-12-01, 可留空)"), id="next")
            yield Label(_("ctrl+s / F2 保存 · Esc 取消"), classes="dialog-help")

    def on_mount(self) -> None:
        self.query_one("#channel", Select).focus()  # not the scroll container

    def _value(self, ident: str) -> str:
        return self.query_one(f"#{ident}", Input).value

    def action_save(self) -> None:
        error = self.query_one("#contact-error", Label)
        if not self._value("summary").strip():
            error.update(plain(_("内容摘要不能为空.")))
            return
        follow = None
        if self._value("next").strip():
            try:
                follow = parse_date(self._value("next"))
            except ValidationError as exc:
                error.update(plain(_("下次跟进日期: {message}").format(message=exc.message)))
                return
        self.dismiss(ContactDraft(
            channel=str(self.query_one("#channel", Select).value),
            counterpart=self._value("counterpart"), summary=self._value("summary"),
            counterpart_stage=Stage(str(self.query_one("#stage", Select).value)),
            ticket_no=self._value("ticket"), outcome=self._value("outcome"),
            next_follow_up=follow))

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()
