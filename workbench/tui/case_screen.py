"""A case: Overview, Evidence, Timeline, Contacts and Filings tabs, keyboard only.

Personal data shows masked; `R` reveals one field and writes an audited event. Edits
carry the version the screen showed; if someone changed the case meanwhile, a conflict
dialog shows both values and who changed it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import (
    Footer,
    Input,
    Label,
    OptionList,
    Select,
    Static,
    TabbedContent,
    TabPane,
    TextArea,
)
from textual.widgets.option_list import Option

from workbench.domain.categories import CATEGORY_LABELS, Category
from workbench.domain.ladder import (
    BODY_LABELS,
    PRIORITY_LABELS,
    STAGES,
    Body,
    Priority,
    Stage,
    stage_label,
)
from workbench.domain.masking import mask_name
from workbench.domain.validators import ValidationError, fen_to_yuan, parse_date
from workbench.errors import ConflictError, WorkbenchError
from workbench.services import cases, evidence
from workbench.services.cases import (
    PERSONAL_FIELDS,
    CaseView,
    case_view,
    describe_event,
    local_time,
    personal_data,
)
from workbench.services.contacts import CHANNELS, ContactDraft, log_contact
from workbench.services.evidence import ChecklistLine
from workbench.store.models import Annotation, Case, Evidence, Filing
from workbench.tui.dialogs import AskDialog, PickDialog
from workbench.tui.evidence_tab import (
    EvidenceDialog,
    EvidenceDraft,
    NoteDialog,
    NoteDraft,
    checklist_renderable,
    evidence_label,
    notes_renderable,
    path_of,
    preview_renderable,
)
from workbench.tui.text import clean, plain


def filings_renderable(rows: list[Filing]) -> Table | Text:
    if not rows:
        return plain("尚无文书: 按 x 导出")
    table = Table(box=None, show_header=True, header_style="bold")
    for title in ("时间", "文号", "种类", "阶段", "文件", "sha256", "导出人"):
        table.add_column(title)
    for f in rows:
        table.add_row(plain(local_time(f.created_at)), plain(f.doc_no), plain(f.kind),
                      plain(f.stage), plain(f.file_name), plain(f.sha256[:12]),
                      plain(f.created_by))
    return table

if TYPE_CHECKING:
    from workbench.tui.app import WorkbenchApp

TIMELINE_LIMIT = 200
EDITABLE_LABELS = {"title": "标题", "priority": "优先级", "narrative": "事实与理由",
                   "terminal_sn": "终端号"}


class CaseScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,h", "app.pop_screen", "Back to queue", id="case.back"),
        Binding("e", "escalate", "Escalate", id="case.escalate"),
        Binding("u", "undo", "Undo stage", id="case.undo"),
        Binding("E", "edit", "Edit field", id="case.edit"),
        Binding("c", "contact", "Log contact", id="case.contact"),
        Binding("a", "add_evidence", "Add evidence", id="case.add_evidence"),
        Binding("N", "note", "Note", id="case.note"),
        Binding("x", "export", "Export filing", id="case.export"),
        Binding("R", "reveal", "Reveal personal data", id="case.reveal"),
        Binding("B", "bodies", "Bodies holding the dispute", id="case.bodies", show=False),
        Binding("1", "tab('overview')", "Overview", id="case.tab_overview", show=False),
        Binding("2", "tab('evidence')", "Evidence", id="case.tab_evidence", show=False),
        Binding("3", "tab('timeline')", "Timeline", id="case.tab_timeline", show=False),
        Binding("4", "tab('contacts')", "Contacts", id="case.tab_contacts", show=False),
        Binding("5", "tab('filings')", "Filings", id="case.tab_filings", show=False),
    ]

    def __init__(self, case_id: int) -> None:
        super().__init__()
        self.case_id = case_id
        self.case: Case | None = None
        self.view: CaseView | None = None
        self.revealed: dict[str, str] = {}
        self.evidence_draft: EvidenceDraft | None = None

    @property
    def wbapp(self) -> WorkbenchApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        with TabbedContent(initial="overview"):
            with TabPane("1 概况", id="overview"), VerticalScroll(id="case-body"):
                yield Static("…", id="case-fields")
                yield Static(id="case-warning")
                yield Static(id="case-narrative")
            with TabPane("2 证据", id="evidence"), VerticalScroll():
                yield Label("a 添加证据 · N 批注 (选中证据或整个案件) · ↑↓ 选择预览",
                            classes="dialog-help")
                yield OptionList(id="evidence-list")
                yield Static(id="evidence-preview")
                yield Static(id="evidence-checklist")
                yield Static(id="evidence-notes")
            with TabPane("3 时间线", id="timeline"), VerticalScroll():
                yield Static(id="case-timeline")
            with TabPane("4 联系记录", id="contacts"), VerticalScroll():
                yield Static(id="case-contacts")
            with TabPane("5 文书", id="filings"), VerticalScroll():
                yield Static(id="case-filings")
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab

    # loading -------------------------------------------------------------------------
    @work(thread=True, exclusive=True)
    def load(self) -> None:
        wb = self.wbapp.wb
        try:
            view = case_view(wb, self.case_id, TIMELINE_LIMIT)
            material = (evidence.evidence_for(wb, self.case_id),
                        evidence.checklist(wb, self.case_id),
                        evidence.annotations_for(wb, self.case_id))
        except WorkbenchError as exc:
            self.app.call_from_thread(self.app.notify, exc.message, severity="error",
                                      markup=False)
            return
        except Exception as exc:  # the database went away: say so, keep the screen
            self.app.call_from_thread(self.app.notify, f"无法读取案件: {clean(exc)}",
                                      severity="error", markup=False)
            return
        self.app.call_from_thread(self.show, view)
        self.app.call_from_thread(self.show_evidence, *material)

    def show_evidence(self, rows: list[Evidence], lines: list[ChecklistLine],
                      notes: list[Annotation]) -> None:
        listing = self.query_one("#evidence-list", OptionList)
        highlighted = listing.highlighted
        listing.clear_options()
        for row in rows:
            listing.add_option(Option(evidence_label(row), id=str(row.id)))
        if not rows:
            listing.add_option(Option(plain("还没有证据: 按 a 添加文件"), disabled=True))
        elif highlighted is not None:
            listing.highlighted = min(highlighted, len(rows) - 1)
        self.query_one("#evidence-checklist", Static).update(checklist_renderable(lines))
        self.query_one("#evidence-notes", Static).update(notes_renderable(notes))

    @on(OptionList.OptionHighlighted, "#evidence-list")
    def _evidence_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is not None:
            self.load_preview(int(event.option.id))

    @work(thread=True, exclusive=True, group="preview")
    def load_preview(self, evidence_id: int) -> None:
        wb = self.wbapp.wb
        try:
            assert wb.blobs is not None
            shown = evidence.preview(wb, wb.blobs, evidence_id)
        except Exception as exc:
            message = exc.message if isinstance(exc, WorkbenchError) else clean(exc)
            self.app.call_from_thread(self._show_preview, plain(f"无法预览: {message}"))
            return
        self.app.call_from_thread(self._show_preview, preview_renderable(shown))

    def _show_preview(self, renderable: Text | Table) -> None:
        if self.is_attached:
            self.query_one("#evidence-preview", Static).update(renderable)

    def selected_evidence(self) -> int | None:
        if self.query_one(TabbedContent).active != "evidence":
            return None
        listing = self.query_one("#evidence-list", OptionList)
        if listing.highlighted is None:
            return None
        option = listing.get_option_at_index(listing.highlighted)
        return int(option.id) if option.id else None

    def action_add_evidence(self) -> None:
        if self.case is not None:
            version = self.case.version
            self.app.push_screen(EvidenceDialog(self.evidence_draft),
                                 lambda d: self._add(d, version))

    def _add(self, draft: EvidenceDraft | None, version: int) -> None:
        if draft is not None:
            self.evidence_draft = draft  # kept until stored: a refusal loses nothing
            self._do_add(draft, version)

    @work(thread=True, group="evidence")
    def _do_add(self, draft: EvidenceDraft, version: int) -> None:
        wb = self.wbapp.wb
        try:
            assert wb.blobs is not None
            evidence.add_evidence(
                wb, wb.blobs, self.case_id, version, path_of(draft), kind=draft.kind,
                title=draft.title, source=draft.source,
                obtained_on=parse_date(draft.obtained) if draft.obtained.strip() else None,
                description=draft.description, proves=draft.proves,
                max_bytes=wb.evidence_max_bytes)
        except Exception as exc:
            message = exc.message if isinstance(exc, WorkbenchError) else clean(exc)
            self.app.call_from_thread(self.app.notify, f"{message} (草稿已保留, 再按 a)",
                                      severity="error", markup=False, timeout=10)
            return
        self.evidence_draft = None
        self.app.call_from_thread(self.app.notify, "证据已保存", markup=False)
        self.app.call_from_thread(self.reload)

    def action_note(self) -> None:
        if self.case is None:
            return
        evidence_id = self.selected_evidence()
        target = f"证据 #{evidence_id}" if evidence_id else f"案件 {clean(self.case.ref)}"
        version = self.case.version
        self.app.push_screen(NoteDialog(target),
                             lambda d: self._note(d, version, evidence_id))

    def _note(self, draft: NoteDraft | None, version: int, evidence_id: int | None) -> None:
        if draft is not None:
            self._do_note(draft, version, evidence_id)

    @work(thread=True, group="evidence")
    def _do_note(self, draft: NoteDraft, version: int, evidence_id: int | None) -> None:
        try:
            evidence.annotate(self.wbapp.wb, self.case_id, version, draft.body, draft.tags,
                              evidence_id=evidence_id)
        except Exception as exc:
            message = exc.message if isinstance(exc, WorkbenchError) else clean(exc)
            self.app.call_from_thread(self.app.notify, message, severity="error",
                                      markup=False)
            return
        self.app.call_from_thread(self.reload)

    def reload(self) -> None:
        if self.is_attached:  # a worker may finish after the caseworker left the screen
            self.load()

    def show(self, view: CaseView) -> None:
        self.view = view
        case, who, provider = view.case, view.complainant, view.provider
        self.case = case
        fields = Table.grid(padding=(0, 2))
        fields.add_column(style="bold", no_wrap=True)
        fields.add_column()
        categories = "、".join(CATEGORY_LABELS.get(Category(c), c) for c in case.categories
                              if c in Category._value2member_map_)
        priority = PRIORITY_LABELS[Priority(case.priority)] \
            if case.priority in Priority._value2member_map_ else case.priority
        due = f"{case.due_on or '—'}{' (预估)' if case.due_estimated else ''}"
        if case.paused_since:
            due += f"  计时暂停自 {case.paused_since}"
        held = "、".join(BODY_LABELS[Body(b)] for b in case.held_by
                        if b in Body._value2member_map_) if case.bodies_recorded else "未登记"
        kind = "商户" if who.kind == "merchant" else "消费者"
        rows: list[tuple[str, str]] = [
            ("编号", case.ref),
            ("标题", case.title),
            ("投诉人", f"{mask_name(who.name)} ({kind})"),
        ]
        for field, label in PERSONAL_FIELDS.items():
            value = self.revealed.get(field) or personal_data(who, field)
            rows.append((label, value or "—"))
        rows += [
            ("商户", f"{who.merchant_name} {who.merchant_no}".strip() or "—"),
            ("服务商", provider.name),
            ("终端号", case.terminal_sn or "—"),
            ("类别", categories),
            ("阶段", stage_label(case.stage) if case.stage in Stage._value2member_map_
             else case.stage),
            ("优先级", priority),
            ("期限", due),
            ("已受理机构", held),
            ("受理时间", local_time(case.opened_at)),
            ("请求金额", f"¥{fen_to_yuan(case.amount_claimed_fen)}"),
            ("版本", f"{case.version} · 最后修改 {case.updated_by or '—'} "
                     f"{local_time(case.updated_at)}"),
        ]
        for name, value in rows:
            fields.add_row(name, plain(value))
        for i, demand in enumerate(case.demands, start=1):
            fields.add_row(f"请求 {i}", plain(f"{demand.get('text', '')}  "
                                            f"¥{fen_to_yuan(int(demand.get('amount_fen', 0)))}"))
        self.query_one("#case-fields", Static).update(fields)
        narrative = Text("事实与理由\n", style="bold")
        narrative.append_text(plain(case.narrative, one_line=False))
        self.query_one("#case-narrative", Static).update(narrative)
        warning = self.query_one("#case-warning", Static)
        if view.limitation_days is not None:
            left = view.limitation_days
            state = f"已过期 {-left}" if left < 0 else f"还剩 {left}"
            warning.update(Text(f"⚠ 诉讼时效: 自知道权益受损之日起三年, {state} 天"
                                f" (民法典第一百八十八条)", style="bold red"))
        else:
            warning.update("")
        self._timeline(view)
        self._contacts(view)
        self.query_one("#case-filings", Static).update(filings_renderable(view.filings))
        self.sub_title = case.ref

    def _timeline(self, view: CaseView) -> None:
        timeline = Table(box=None, show_header=True, header_style="bold")
        timeline.add_column("时间", no_wrap=True)
        timeline.add_column("人员", no_wrap=True)
        timeline.add_column("事件")
        for event in view.events:
            timeline.add_row(plain(local_time(event.at)), plain(event.actor),
                             plain(describe_event(event.kind, event.payload)))
        self.query_one("#case-timeline", Static).update(timeline)

    def _contacts(self, view: CaseView) -> None:
        table = Table(box=None, show_header=True, header_style="bold")
        for title in ("时间", "方式", "对象", "工单号", "内容", "结果", "下次跟进"):
            table.add_column(title)
        for c in view.contacts:
            table.add_row(plain(local_time(c.at)), plain(c.channel), plain(c.counterpart),
                          plain(c.ticket_no), plain(c.summary), plain(c.outcome),
                          plain(str(c.next_follow_up or "")))
        if not view.contacts:
            table.add_row("—", "", plain("还没有联系记录: 按 c 记录一次与服务商的联系"),
                          "", "", "", "")
        self.query_one("#case-contacts", Static).update(table)

    # personal data -----------------------------------------------------------------
    def action_reveal(self) -> None:
        options = [(field, label) for field, label in PERSONAL_FIELDS.items()]
        self.app.push_screen(PickDialog("显示哪项个人信息? (会记入审计日志)", options),
                             self._reveal)

    def _reveal(self, field: str | None) -> None:
        if field is not None:
            self._do_reveal(field)

    @work(thread=True, group="reveal")
    def _do_reveal(self, field: str) -> None:
        try:
            value = cases.reveal_personal_data(self.wbapp.wb, self.case_id, field)
        except Exception as exc:
            message = exc.message if isinstance(exc, WorkbenchError) else clean(exc)
            self.app.call_from_thread(self.app.notify, message, severity="error",
                                      markup=False)
            return
        self.revealed[field] = value
        self.app.call_from_thread(self.reload)

    # edits --------------------------------------------------------------------------
    def action_edit(self) -> None:
        if self.case is None:
            return
        options = [(k, v) for k, v in EDITABLE_LABELS.items()]
        self.app.push_screen(PickDialog("修改哪一项?", options), self._edit_field)

    def _edit_field(self, field: str | None) -> None:
        if field is None or self.case is None:
            return
        version = self.case.version
        if field == "priority":
            self.app.push_screen(
                PickDialog("优先级", [(p.value, PRIORITY_LABELS[p]) for p in Priority]),
                lambda v: self._save(field, v, version))
        elif field == "narrative":
            self.app.push_screen(TextDialog("事实与理由", self.case.narrative),
                                 lambda v: self._save(field, v, version))
        else:
            self.app.push_screen(AskDialog(EDITABLE_LABELS[field], "",
                                           str(getattr(self.case, field) or "")),
                                 lambda v: self._save(field, v, version))

    def _save(self, field: str, value: str | None, version: int) -> None:
        if value is not None:
            self._do_save(field, value, version)

    @work(thread=True, group="edit")
    def _do_save(self, field: str, value: str, version: int) -> None:
        wb = self.wbapp.wb
        try:
            cases.edit_case(wb, self.case_id, version, {field: value})
        except ConflictError as exc:
            theirs = getattr(exc, "current_values", {}).get(field, "")
            self.app.call_from_thread(self._conflict, field, value, theirs, exc)
            return
        except Exception as exc:
            message = exc.message if isinstance(exc, WorkbenchError) else clean(exc)
            self.app.call_from_thread(self.app.notify, message, severity="error",
                                      markup=False)
            return
        self.app.call_from_thread(self.reload)

    def _conflict(self, field: str, mine: str, theirs: Any, error: ConflictError) -> None:
        current_version = getattr(error, "current_version", None)

        def decided(choice: str | None) -> None:
            if choice == "mine" and current_version is not None:
                self._do_save(field, mine, current_version)
            else:
                self.reload()

        self.app.push_screen(ConflictDialog(error.message, EDITABLE_LABELS.get(field, field),
                                            str(theirs), mine), decided)

    # contacts -----------------------------------------------------------------------
    def action_contact(self) -> None:
        if self.case is not None:
            self.app.push_screen(ContactDialog(self.case.stage), self._contact)

    def _contact(self, draft: ContactDraft | None) -> None:
        if draft is not None and self.case is not None:
            self._do_contact(draft, self.case.version)

    @work(thread=True, group="contact")
    def _do_contact(self, draft: ContactDraft, version: int) -> None:
        try:
            log_contact(self.wbapp.wb, self.case_id, version, draft)
        except Exception as exc:
            message = exc.message if isinstance(exc, WorkbenchError) else clean(exc)
            self.app.call_from_thread(self.app.notify, message, severity="error",
                                      markup=False)
            return
        self.app.call_from_thread(self.app.notify, "联系记录已保存", markup=False)
        self.app.call_from_thread(self.reload)

    def action_export(self) -> None:
        from workbench.tui.export import start_export

        if self.case is not None and self.case.id is not None:
            start_export(self.wbapp, [self.case.id], self.case.stage, self.reload)

    # ladder -------------------------------------------------------------------------
    def action_escalate(self) -> None:
        from workbench.tui.escalate import Escalation

        if self.case is not None and self.case.id is not None:
            Escalation(self.wbapp, {self.case.id: self.case.version},
                       f"案件 {clean(self.case.ref)}", self.reload).start()

    def action_undo(self) -> None:
        from workbench.tui.escalate import undo_last

        if self.case is not None and self.case.id is not None:
            undo_last(self.wbapp, self.case.id, self.case.version, clean(self.case.ref),
                      self.reload)

    def action_bodies(self) -> None:
        from workbench.tui.escalate import record_bodies

        if self.case is not None and self.case.id is not None:
            record_bodies(self.wbapp, {self.case.id: self.case.version},
                          f"案件 {clean(self.case.ref)}", list(self.case.held_by), self.reload)


class TextDialog(ModalScreen[str | None]):
    """Multi-line text; ctrl+s (or F2) saves, Escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s,f2", "save", "Save", id="text.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="text.cancel"),
    ]

    def __init__(self, title: str, value: str) -> None:
        super().__init__(classes="dialog")
        self.title_text = title
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box text-box"):
            yield Label(plain(self.title_text), classes="dialog-title")
            yield TextArea(self.value, soft_wrap=True)
            yield Label("ctrl+s / F2 保存 · Esc 取消", classes="dialog-help")

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConflictDialog(ModalScreen[str | None]):
    """Someone else changed the field: show theirs and mine, let the caseworker choose."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t,escape", "choose('theirs')", "Keep theirs", id="conflict.theirs"),
        Binding("m", "choose('mine')", "Use mine", id="conflict.mine"),
    ]

    def __init__(self, message: str, label: str, theirs: str, mine: str) -> None:
        super().__init__(classes="dialog")
        self.message, self.label, self.theirs, self.mine = message, label, theirs, mine

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label(plain("修改冲突 Edit conflict"), classes="dialog-title")
            yield Label(plain(self.message, one_line=False))
            yield Label(plain(f"{self.label} — 对方的版本:"), classes="dialog-help")
            yield Static(plain(self.theirs[:2000], one_line=False))
            yield Label(plain(f"{self.label} — 你的版本:"), classes="dialog-help")
            yield Static(plain(self.mine[:2000], one_line=False))
            yield Label("t 保留对方的 · m 用我的覆盖", classes="dialog-help")

    def action_choose(self, which: str) -> None:
        self.dismiss(which)


class ContactDialog(ModalScreen[ContactDraft | None]):
    """Log a contact. A mistake is shown in the dialog and nothing typed is lost."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s,f2", "save", "Save", id="contact.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="contact.cancel"),
    ]

    def __init__(self, stage: str) -> None:
        super().__init__(classes="dialog")
        # contacts are with a counterpart of an open rung; intake and closed mean the provider
        self.stage = stage if stage in Stage._value2member_map_ and stage not in (
            Stage.INTAKE.value, Stage.CLOSED.value) else Stage.PROVIDER.value

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog-box contact-box"):
            yield Label("记录联系 Log a contact", classes="dialog-title")
            yield Label("", id="contact-error", classes="dialog-error")
            yield Select([(c, c) for c in CHANNELS], value="phone", allow_blank=False,
                         id="channel")
            yield Select([(info.label, info.stage.value) for info in STAGES
                          if info.stage is not Stage.CLOSED],
                         value=self.stage,
                         allow_blank=False, id="stage")
            yield Input(placeholder="对象 (如: 服务商客服 95xxx)", id="counterpart")
            yield Input(placeholder="对方工单号 (可留空)", id="ticket")
            yield Input(placeholder="内容摘要 (必填)", id="summary")
            yield Input(placeholder="结果 (可留空)", id="outcome")
            yield Input(placeholder="下次跟进日期 (如 2026-12-01, 可留空)", id="next")
            yield Label("ctrl+s / F2 保存 · Esc 取消", classes="dialog-help")

    def on_mount(self) -> None:
        self.query_one("#channel", Select).focus()  # not the scroll container

    def _value(self, ident: str) -> str:
        return self.query_one(f"#{ident}", Input).value

    def action_save(self) -> None:
        error = self.query_one("#contact-error", Label)
        if not self._value("summary").strip():
            error.update(plain("内容摘要不能为空."))
            return
        follow = None
        if self._value("next").strip():
            try:
                follow = parse_date(self._value("next"))
            except ValidationError as exc:
                error.update(plain(f"下次跟进日期: {exc.message}"))
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
