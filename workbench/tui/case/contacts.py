"""Tab 4, 联系记录: the contact log, and the dialog that logs a contact."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Input, Label

from workbench.domain.ladder import STAGES, Stage
from workbench.domain.validators import ValidationError, parse_date
from workbench.domain.vocabulary import ContactChannel
from workbench.i18n import N_, _
from workbench.services.contacts import ContactDraft
from workbench.services.views import ContactLine
from workbench.tui.case.entries import EntryColumn, EntryTable
from workbench.tui.dates import narrow_today, shown
from workbench.tui.detail import Record
from workbench.tui.dialogs import FormDialog, field_row, keys_hint
from workbench.tui.intake_fields import FormSelect
from workbench.tui.text import SafeInput, plain

# the contact log's columns: (title, ContactLine attribute), for the table and for `v`
CONTACT_COLUMNS = ((N_("时间"), "at"), (N_("方式"), "channel"), (N_("对象"), "counterpart"),
                   (N_("工单号"), "ticket_no"), (N_("内容"), "summary"), (N_("结果"), "outcome"),
                   (N_("下次跟进"), "next_follow_up"))
DATED = frozenset({"at", "next_follow_up"})  # shown in the one date style
FREE_TEXT = frozenset({"counterpart", "summary", "outcome"})  # share the width and wrap


def contact_record(c: ContactLine) -> Record:
    """One contact in full, for `v`."""
    return [(_(title), getattr(c, attr)) for title, attr in CONTACT_COLUMNS]


class ContactsPane(EntryTable):
    def __init__(self) -> None:
        super().__init__([EntryColumn(title, flex=attr in FREE_TEXT)
                          for title, attr in CONTACT_COLUMNS],
                         N_("还没有联系记录：按 c 记录一次与服务商的联系"), id="case-contacts")

    def show(self, lines: Sequence[ContactLine]) -> None:
        today = narrow_today(self)
        self.put([[shown(getattr(c, attr), today) if attr in DATED else getattr(c, attr)
                   for _title, attr in CONTACT_COLUMNS] for c in lines],
                 [contact_record(c) for c in lines])


# the text fields of a contact: (widget id, label always shown beside it, placeholder)
CONTACT_FIELDS = (
    ("counterpart", N_("对象"), N_("如：服务商客服 95xxx")),
    ("ticket", N_("对方工单号"), N_("可留空")),
    ("summary", N_("内容摘要 *"), N_("必填")),
    ("outcome", N_("结果"), N_("可留空")),
    ("next", N_("下次跟进"), N_("日期，如 2026-12-01，可留空")),
)


class ContactDialog(FormDialog[ContactDraft | None]):
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
        body = VerticalScroll(classes="dialog-box contact-box")
        body.can_focus = False  # Tab goes from field to field; the box scrolls to each
        with body:
            yield Label(_("记录联系"), classes="dialog-title")
            yield Label("", id="contact-error", classes="dialog-error")
            yield from field_row(_("方式"), FormSelect([(c.label, c.value) for c in ContactChannel],
                                             value=ContactChannel.PHONE.value, allow_blank=False,
                                             compact=True, id="channel"))
            yield from field_row(_("对方阶段"), FormSelect(
                [(info.label, info.stage.value) for info in STAGES
                 if info.stage is not Stage.CLOSED],
                value=self.stage, allow_blank=False, compact=True, id="stage"))
            for ident, label, placeholder in CONTACT_FIELDS:
                yield from field_row(_(label), SafeInput(placeholder=_(placeholder), compact=True,
                                                 id=ident))
            yield keys_hint(_("ctrl+s / F2 保存 · Tab 下一项 · Esc 取消"))

    def on_mount(self) -> None:
        self.query_one("#channel", FormSelect).focus()  # not the scroll container

    def _value(self, ident: str) -> str:
        return self.query_one(f"#{ident}", Input).value

    def action_save(self) -> None:
        error = self.query_one("#contact-error", Label)
        if not self._value("summary").strip():
            error.update(plain(_("内容摘要不能为空。")))
            return
        follow = None
        if self._value("next").strip():
            try:
                follow = parse_date(self._value("next"))
            except ValidationError as exc:
                error.update(plain(_("下次跟进日期：{message}").format(message=exc.message)))
                return
        self.dismiss(ContactDraft(
            channel=str(self.query_one("#channel", FormSelect).value),
            counterpart=self._value("counterpart"), summary=self._value("summary"),
            counterpart_stage=Stage(str(self.query_one("#stage", FormSelect).value)),
            ticket_no=self._value("ticket"), outcome=self._value("outcome"),
            next_follow_up=follow))

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()
