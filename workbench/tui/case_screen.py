"""A case: Overview, Evidence, Timeline, Contacts and Filings tabs, keyboard only.

Personal data shows masked; `R` reveals one field and writes an audited event. Edits
carry the version the screen showed; if someone changed the case meanwhile, a conflict
dialog shows both values and who changed it. The tabs are panes in `tui/case/`; this
screen reads the case and runs the actions as flows.

Live: every `POLL_SECONDS` a thread worker asks for events after the newest one shown
(`case_changes`); a colleague's change is announced (周琦 刚刚添加了证据「…」) and the case
read again in place, keeping the tab, the scroll positions and any dialog being typed in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import TabbedContent, TabPane

from workbench.domain.ladder import Stage
from workbench.domain.validators import parse_date
from workbench.domain.vocabulary import CaseField, PersonalField
from workbench.errors import ConflictError
from workbench.i18n import N_, _
from workbench.services import cases, corrections, evidence
from workbench.services.case_live import CaseChange, case_changes
from workbench.services.case_view import CaseFacts, CaseView, case_view
from workbench.services.contacts import ContactDraft, log_contact
from workbench.services.evidence import EvidenceOverview
from workbench.tui import feedback
from workbench.tui.base import Refused, WorkbenchScreen, failure_text, flow
from workbench.tui.case.contacts import ContactDialog, ContactsPane
from workbench.tui.case.correct import ask_correction, correction_picker
from workbench.tui.case.entries import EntryTable
from workbench.tui.case.evidence import (
    EvidenceDialog,
    EvidenceDraft,
    EvidencePane,
    NoteDialog,
    NoteDraft,
    evidence_record,
    path_of,
)
from workbench.tui.case.filings import FilingsPane
from workbench.tui.case.overview import OverviewPane
from workbench.tui.case.timeline import TimelinePane
from workbench.tui.case_merge import merge_duplicates
from workbench.tui.dates import narrow_today
from workbench.tui.decide import decide, decision_picker
from workbench.tui.detail import DetailDialog, Record
from workbench.tui.dialogs import (
    AskDialog,
    ConfirmDialog,
    ConflictDialog,
    PickDialog,
)
from workbench.tui.escalate import (
    StagePicker,
    escalate,
    record_bodies,
    stage_picker,
    undo_last,
)
from workbench.tui.export import export, export_picker
from workbench.tui.footer import KeyFooter
from workbench.tui.jump import JumpToCase
from workbench.tui.mediation import end_mediation
from workbench.tui.text import clean

TIMELINE_LIMIT = 200
POLL_SECONDS = 1.0  # a colleague's change shows within two seconds
DETAIL_TITLES = {"evidence": N_("证据"), "timeline": N_("时间线"), "contacts": N_("联系记录"),
                 "filings": N_("文书")}  # the tabs `v` shows in full


@dataclass
class CaseChanged(Message):
    """Something changed the case on screen: read it again."""

    case_id: int


@dataclass
class CaseUpdates(Message):
    """The poll found events on the case after the newest one shown."""

    changes: tuple[CaseChange, ...]


class CaseScreen(JumpToCase, WorkbenchScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,h", "app.pop_screen", N_("返回队列"), id="case.back"),
        Binding("d", "decide", N_("受理决定"), id="case.decide"),
        Binding("e", "escalate", N_("升级：选择阶段"), id="case.escalate"),
        Binding("u", "undo", N_("撤销最近一次阶段变更"), id="case.undo"),
        Binding("E", "edit", N_("修改字段（标题、优先级、事实与理由、终端号）"), id="case.edit"),
        Binding("c", "contact", N_("记录联系（渠道、工单号、下次跟进）"), id="case.contact"),
        Binding("a", "add_evidence", N_("添加证据"), id="case.add_evidence"),
        Binding("N", "note", N_("批注（证据页上批注当前证据）"), id="case.note"),
        Binding("x", "export", N_("导出文书"), id="case.export"),
        Binding("R", "reveal", N_("查看一项个人信息（须填理由，记入审计）"), id="case.reveal"),
        Binding("B", "bodies", N_("登记已受理该争议的机构"), id="case.bodies", show=False),
        Binding("M", "end_mediation", N_("结束调解"), id="case.end_mediation"),
        Binding("D", "merge", N_("疑似重复：并入本案"), id="case.merge", show=False),
        Binding("colon", "jump", N_("按编号转到案件"), id="case.jump"),
        Binding("v", "detail", N_("查看列表页的完整内容（证据页：当前证据）"), id="case.detail"),
        Binding("1", "tab('overview')", N_("概况"), id="case.tab_overview", show=False),
        Binding("2", "tab('evidence')", N_("证据"), id="case.tab_evidence", show=False),
        Binding("3", "tab('timeline')", N_("时间线"), id="case.tab_timeline", show=False),
        Binding("4", "tab('contacts')", N_("联系记录"), id="case.tab_contacts", show=False),
        Binding("5", "tab('filings')", N_("文书"), id="case.tab_filings", show=False),
    ]

    def __init__(self, case_id: int) -> None:
        super().__init__()
        self.case_id = case_id
        self.view: CaseView | None = None
        self.revealed: dict[str, str] = {}
        self.evidence_draft: EvidenceDraft | None = None
        self.seen_seq = 0  # the newest event shown or announced
        self.material: EvidenceOverview | None = None
        self.narrow = False  # whether the lists were last shown with short dates

    def go_to_case(self, case_id: int) -> None:
        """`:` from a case: the case jumped to takes this one's place (Esc: the queue)."""
        if case_id != self.case_id:
            self.app.switch_screen(CaseScreen(case_id))

    @property
    def case(self) -> CaseFacts | None:
        """The case as last read (None until the first read arrives)."""
        return self.view.case if self.view is not None else None

    def compose(self) -> ComposeResult:
        with TabbedContent(initial="overview"):
            with TabPane(_("1 概况"), id="overview"):
                yield OverviewPane()
            with TabPane(_("2 证据"), id="evidence"):
                yield EvidencePane()
            with TabPane(_("3 时间线"), id="timeline"):
                yield TimelinePane()
            with TabPane(_("4 联系记录"), id="contacts"):
                yield ContactsPane()
            with TabPane(_("5 文书"), id="filings"):
                yield FilingsPane()
        yield KeyFooter()

    AUTO_FOCUS = "OverviewPane"  # the text, not the tab strip: j/k and PgDn scroll it

    def on_mount(self) -> None:
        self.load()
        self.set_interval(POLL_SECONDS, self.poll)

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab

    @on(TabbedContent.TabActivated)
    def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        """Focus goes where the work on the tab is: a list (its cursor), else the text."""
        if event.pane.id == "evidence":
            self.query_one(EvidencePane).focus_list()
        else:
            event.pane.query(".case-text").first().focus()

    def action_detail(self) -> None:
        """`v`: the selected entry of a list tab in full (evidence: the highlighted piece, or
        all when the list has no highlight)."""
        view, tab = self.view, self.query_one(TabbedContent).active
        if view is None:
            return
        records: list[Record]
        if tab == "evidence":
            pane = self.query_one(EvidencePane)
            item = pane.selected_item()
            items = [item] if item else pane.material.items if pane.material else ()
            records = [evidence_record(one) for one in items]
        elif tab in ("timeline", "contacts", "filings"):
            record = self.query_one(f"#case-{tab}", EntryTable).record()
            records = [record] if record else []
        else:
            self.app.notify(_("v: 在证据、时间线、联系记录、文书页查看完整内容"), markup=False)
            return
        self.app.push_screen(DetailDialog(f"{clean(view.case.ref)} {_(DETAIL_TITLES[tab])}",
                                          records))

    # loading -------------------------------------------------------------------------
    @flow(group="load", exclusive=True)
    async def load(self) -> None:
        view = await self.run_service(case_view, self.wb, self.case_id, TIMELINE_LIMIT)
        material = await self.run_service(evidence.evidence_overview, self.wb, self.case_id)
        if self.is_attached:  # a read may finish after the caseworker left the screen
            self.show(view, material)

    def footer_shows(self, ident: str) -> bool:
        """Whether the footer offers `ident` for this case now (the help lists it anyway)."""
        case = self.case
        if case is None:
            return True
        if ident == "case.decide":  # what the Overview's banner asks for
            return case.stage == "intake" and case.decision in ("pending", "material_requested")
        if ident == "case.undo":
            return case.stage != "intake"
        if ident == "case.bodies":
            return not case.bodies_recorded
        return True

    def show(self, view: CaseView, material: EvidenceOverview) -> None:
        self.view, self.material, self.narrow = view, material, narrow_today(self) is not None
        self.seen_seq = max(self.seen_seq, view.last_seq)
        self.query_one(OverviewPane).show(view, self.revealed)
        self.show_lists(view)
        self.query_one(EvidencePane).show(material)
        self.sub_title = clean(view.case.ref)
        self.refresh_bindings()  # the footer's keys follow the case (footer_shows)

    def show_lists(self, view: CaseView) -> None:
        self.query_one(TimelinePane).show(view.events)
        self.query_one(ContactsPane).show(view.contacts)
        self.query_one(FilingsPane).show(view.filings)

    def on_resize(self) -> None:
        # lists shorten dates on a narrow terminal, and the list tabs fit their columns to it
        view = self.view
        if view is None or self.material is None:
            return
        if self.narrow != (narrow_today(self) is not None):
            self.show(view, self.material)
        else:
            self.show_lists(view)

    @on(CaseChanged)
    def _changed(self, message: CaseChanged) -> None:
        if message.case_id == self.case_id and self.is_attached:
            self.load()

    def changed(self) -> None:
        self.post_message(CaseChanged(self.case_id))

    # live refresh -----------------------------------------------------------------
    @work(thread=True, exclusive=True, group="case-poll")
    def poll(self) -> None:
        if self.view is None:
            return  # the first read is still on its way
        try:
            changes = case_changes(self.wb, self.case_id, self.seen_seq)
        except Exception as exc:
            if failure_text(exc) is None:
                raise
            return  # the database went away: the queue below says so, the next poll retries
        if changes:
            self.post_message(CaseUpdates(changes))

    @on(CaseUpdates)
    def _updates(self, message: CaseUpdates) -> None:
        fresh = [c for c in message.changes if c.seq > self.seen_seq]
        if not fresh or not self.is_attached:
            return
        self.seen_seq = fresh[-1].seq
        theirs = [c for c in fresh if c.actor != self.wb.actor]
        if theirs:
            notice = theirs[-1].notice
            if len(theirs) > 1:
                notice = _("{notice}（共 {count} 项修改）").format(notice=notice,
                                                                 count=len(theirs))
            if self.app.screen is not self:  # a dialog of this screen is open
                notice = _("{notice}。你正在填写的内容已保留，保存时会核对版本").format(
                    notice=notice)
            self.app.notify(notice, title=_("案件已更新"), markup=False)
        self.load()

    # evidence and notes ------------------------------------------------------------
    def action_add_evidence(self) -> None:
        case = self.case
        if case is not None:  # the dialog now, so keys typed next land in it
            self.open_dialog(EvidenceDialog(self.evidence_draft),
                             lambda draft: self._add_evidence(case, draft))

    async def _add_evidence(self, case: CaseFacts, draft: EvidenceDraft | None) -> None:
        if draft is None:
            return
        self.evidence_draft = draft  # kept until stored: a refusal loses nothing
        wb = self.wb
        assert wb.blobs is not None
        try:
            await self.run_service(
                evidence.add_evidence, wb, wb.blobs, self.case_id, case.version,
                path_of(draft), kind=draft.kind, title=draft.title, source=draft.source,
                obtained_on=parse_date(draft.obtained) if draft.obtained.strip() else None,
                description=draft.description, proves=draft.proves,
                pages=draft.page_count(), original=draft.original, carrier=draft.carrier,
                max_bytes=wb.evidence_max_bytes)
        except Refused:
            self.app.notify(_(feedback.DRAFT_KEPT), markup=False)
            raise
        self.evidence_draft = None
        self.app.notify(feedback.done(_(feedback.EVIDENCE_SAVED), case.ref), markup=False)
        self.changed()

    def action_note(self) -> None:
        case = self.case
        if case is None:
            return
        evidence_id = None
        if self.query_one(TabbedContent).active == "evidence":
            evidence_id = self.query_one(EvidencePane).selected()
        target = _("证据 #{evidence_id}").format(
            evidence_id=evidence_id) if evidence_id else _("案件 {ref}").format(ref=clean(case.ref))
        self.open_dialog(NoteDialog(target), lambda draft: self._note(case, evidence_id, draft))

    async def _note(self, case: CaseFacts, evidence_id: int | None,
                    draft: NoteDraft | None) -> None:
        if draft is None:
            return
        if await self.add_to_case(_("批注「{text}」").format(text=draft.body.strip()[:40]),
                                  case.version, evidence.annotate, draft.body, draft.tags,
                                  evidence_id=evidence_id):
            self.app.notify(feedback.done(_(feedback.NOTE_SAVED), case.ref), markup=False)
        self.changed()

    async def add_to_case(self, what: str, version: int, fn: Callable[..., object],
                          *args: object, **kwargs: object) -> bool:
        """`fn(wb, case_id, version, *args)` for something that adds to the case (a note, a
        contact). If a colleague changed the case since `version`, say who and offer to add
        it to the case as it is now: what was typed is not lost to the version check."""
        while True:
            try:
                await self.run_service_except((ConflictError,), fn, self.wb, self.case_id,
                                              version, *args, **kwargs)
                return True
            except ConflictError as error:
                current: int | None = getattr(error, "current_version", None)
                if current is None or not await self.app.push_screen_wait(ConfirmDialog(
                        _("{message}\n仍然保存{what}？").format(message=error.message, what=what))):
                    return False
                version = current

    # personal data -----------------------------------------------------------------
    def action_reveal(self) -> None:
        self.open_dialog(PickDialog(_("显示哪项个人信息？（会记入审计日志）"),
                                    [(f.value, f.label) for f in PersonalField]), self._reveal)

    async def _reveal(self, field: str | None) -> None:
        if field is None:
            return
        reason = await self.app.push_screen_wait(AskDialog(
            _("为什么需要查看完整的{field}？（理由记入访问记录）").format(
            field=PersonalField.label_of(field)),
            placeholder=_("例如：核实投诉人身份")))
        if reason is None:
            return
        self.revealed[field] = await self.run_service(cases.reveal_personal_data, self.wb,
                                                      self.case_id, field, reason)
        if self.case is not None:
            self.app.notify(feedback.done(feedback.revealed(PersonalField.label_of(field)),
                                          self.case.ref), markup=False)
        self.changed()

    # edits --------------------------------------------------------------------------
    def action_edit(self) -> None:
        view = self.view
        if view is not None:
            self.open_dialog(correction_picker(),
                             lambda field: self._edit(view, view.case.version, field))

    async def _edit(self, view: CaseView, version: int, field: str | None) -> None:
        chosen = await ask_correction(self, view, field)
        if chosen is not None:
            await self.save(*chosen, version)

    async def save(self, field: str, value: str | list[str], version: int) -> None:
        """Save one field; on a conflict show theirs and mine and let the caseworker choose."""
        try:
            await self.run_service_except((ConflictError,), corrections.correct, self.wb,
                                          self.case_id, version, field, value)
        except ConflictError as error:
            theirs = getattr(error, "current_values", {}).get(field, "")
            current_version: int | None = getattr(error, "current_version", None)
            mine = value if isinstance(value, str) else "、".join(value)
            choice = await self.app.push_screen_wait(ConflictDialog(
                error.message, CaseField.label_of(field), str(theirs), mine))
            if choice == "mine" and current_version is not None:
                await self.save(field, value, current_version)
            else:
                self.changed()
            return
        if self.case is not None:
            self.app.notify(feedback.done(feedback.field_saved(CaseField.label_of(field)),
                                          self.case.ref), markup=False)
        self.changed()

    # contacts -----------------------------------------------------------------------
    def action_contact(self) -> None:
        case = self.case
        if case is not None:  # the dialog now, so keys typed next land in it
            self.open_dialog(ContactDialog(case.stage),
                             lambda draft: self._log_contact(case, draft))

    async def _log_contact(self, case: CaseFacts, draft: ContactDraft | None) -> None:
        if draft is None:
            return
        if await self.add_to_case(_("这条联系记录「{text}」").format(
                text=draft.summary.strip()[:40]), case.version, log_contact, draft):
            self.app.notify(feedback.done(_(feedback.CONTACT_SAVED), case.ref), markup=False)
        self.changed()

    def action_export(self) -> None:
        case = self.case
        if case is not None:
            self.open_dialog(export_picker([case.id], case.stage, case.decision,
                                           case.mediation_result, outcome=case.outcome,
                                           mediator=case.mediator, scope=case.scope),
                             lambda kind: self._export(case.id, kind))

    async def _export(self, case_id: int, kind: str | None) -> None:
        if await export(self, [case_id], kind):
            self.changed()

    # ladder -------------------------------------------------------------------------
    def action_escalate(self) -> None:
        case = self.case
        if case is not None:
            selection, label = {case.id: case.version}, _("案件 {ref}").format(ref=clean(case.ref))
            picker = stage_picker(selection, label)
            self.open_dialog(picker, lambda stage: self._escalate(selection, label, picker,
                                                                  stage))

    async def _escalate(self, selection: dict[int, int], label: str, picker: StagePicker,
                        stage: Stage | None) -> None:
        if await escalate(self, selection, label, picker, stage):
            self.changed()

    def action_decide(self) -> None:
        case = self.case
        if case is not None:
            self.open_dialog(decision_picker(clean(case.ref)),
                             lambda choice: self._decide(case, choice))

    async def _decide(self, case: CaseFacts, choice: str | None) -> None:
        if await decide(self, case.id, case.version, clean(case.ref), choice):
            self.changed()

    @flow()
    async def action_undo(self) -> None:
        case = self.case
        if case is not None and await undo_last(self, case.id, case.version, clean(case.ref)):
            self.changed()

    @flow()
    async def action_bodies(self) -> None:
        case = self.case
        if case is not None and await record_bodies(self, {case.id: case.version},
                                                    _("案件 {ref}").format(
                                                    ref=clean(case.ref)), case.held_by):
            self.changed()

    @flow()
    async def action_end_mediation(self) -> None:
        case = self.case
        if case is not None and await end_mediation(self, case.id, case.version, case.stage,
                                                    clean(case.ref)):
            self.changed()

    @flow()
    async def action_merge(self) -> None:
        case = self.case
        if case is not None and await merge_duplicates(self, case.ref):
            self.changed()
