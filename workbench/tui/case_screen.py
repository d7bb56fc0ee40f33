"""A case: Overview, Evidence, Timeline, Contacts and Filings tabs, keyboard only.

Personal data shows masked; `R` reveals one field and writes an audited event. Edits
carry the version the screen showed; if someone changed the case meanwhile, a conflict
dialog shows both values and who changed it. The tabs are panes in `tui/case/`; this
screen reads the case and runs the actions as flows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import TabbedContent, TabPane

from workbench.domain.ladder import Priority
from workbench.domain.validators import parse_date
from workbench.domain.vocabulary import CaseField, PersonalField
from workbench.errors import ConflictError
from workbench.services import cases, evidence
from workbench.services.case_view import CaseFacts, CaseView, case_view
from workbench.services.contacts import log_contact
from workbench.services.evidence import EvidenceOverview
from workbench.tui.base import Refused, WorkbenchScreen, flow
from workbench.tui.case.contacts import ContactDialog, ContactsPane, contact_records
from workbench.tui.case.evidence import (
    EvidenceDialog,
    EvidenceDraft,
    EvidencePane,
    NoteDialog,
    evidence_record,
    path_of,
)
from workbench.tui.case.filings import FilingsPane, filing_records
from workbench.tui.case.overview import OverviewPane
from workbench.tui.case.timeline import TimelinePane, timeline_records
from workbench.tui.decide import decide
from workbench.tui.detail import DetailDialog, Record
from workbench.tui.dialogs import AskDialog, ConflictDialog, PickDialog, TextDialog
from workbench.tui.escalate import escalate, record_bodies, undo_last
from workbench.tui.export import export
from workbench.tui.footer import KeyFooter
from workbench.tui.mediation import end_mediation
from workbench.tui.text import clean

TIMELINE_LIMIT = 200
DETAIL_TITLES = {"evidence": "证据", "timeline": "时间线", "contacts": "联系记录",
                 "filings": "文书"}  # the tabs `v` shows in full
EDITABLE = (CaseField.TITLE, CaseField.PRIORITY, CaseField.NARRATIVE, CaseField.TERMINAL_SN)


@dataclass
class CaseChanged(Message):
    """Something changed the case on screen: read it again."""

    case_id: int


class CaseScreen(WorkbenchScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,h", "app.pop_screen", "Back to queue", id="case.back"),
        Binding("d", "decide", "受理决定", id="case.decide"),
        Binding("e", "escalate", "Escalate", id="case.escalate"),
        Binding("u", "undo", "Undo stage", id="case.undo"),
        Binding("E", "edit", "Edit field", id="case.edit"),
        Binding("c", "contact", "Log contact", id="case.contact"),
        Binding("a", "add_evidence", "Add evidence", id="case.add_evidence"),
        Binding("N", "note", "Note", id="case.note"),
        Binding("x", "export", "Export filing", id="case.export"),
        Binding("R", "reveal", "Reveal personal data", id="case.reveal"),
        Binding("B", "bodies", "Bodies holding the dispute", id="case.bodies", show=False),
        Binding("M", "end_mediation", "结束调解", id="case.end_mediation"),
        Binding("v", "detail", "详情", id="case.detail"),
        Binding("1", "tab('overview')", "Overview", id="case.tab_overview", show=False),
        Binding("2", "tab('evidence')", "Evidence", id="case.tab_evidence", show=False),
        Binding("3", "tab('timeline')", "Timeline", id="case.tab_timeline", show=False),
        Binding("4", "tab('contacts')", "Contacts", id="case.tab_contacts", show=False),
        Binding("5", "tab('filings')", "Filings", id="case.tab_filings", show=False),
    ]

    def __init__(self, case_id: int) -> None:
        super().__init__()
        self.case_id = case_id
        self.view: CaseView | None = None
        self.revealed: dict[str, str] = {}
        self.evidence_draft: EvidenceDraft | None = None

    @property
    def case(self) -> CaseFacts | None:
        """The case as last read (None until the first read arrives)."""
        return self.view.case if self.view is not None else None

    def compose(self) -> ComposeResult:
        with TabbedContent(initial="overview"):
            with TabPane("1 概况", id="overview"):
                yield OverviewPane()
            with TabPane("2 证据", id="evidence"):
                yield EvidencePane()
            with TabPane("3 时间线", id="timeline"):
                yield TimelinePane()
            with TabPane("4 联系记录", id="contacts"):
                yield ContactsPane()
            with TabPane("5 文书", id="filings"):
                yield FilingsPane()
        yield KeyFooter()

    def on_mount(self) -> None:
        self.load()

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab

    def action_detail(self) -> None:
        """`v`: the list tab's entries in full (evidence: the highlighted piece, or all)."""
        view, tab = self.view, self.query_one(TabbedContent).active
        if view is None:
            return
        records: list[Record]
        if tab == "evidence":
            pane = self.query_one(EvidencePane)
            item = pane.selected_item()
            items = [item] if item else pane.material.items if pane.material else ()
            records = [evidence_record(one) for one in items]
        elif tab == "timeline":
            records = timeline_records(view.events)
        elif tab == "contacts":
            records = contact_records(view.contacts)
        elif tab == "filings":
            records = filing_records(view.filings)
        else:
            self.app.notify("v: 在证据、时间线、联系记录、文书页查看完整内容", markup=False)
            return
        self.app.push_screen(DetailDialog(f"{clean(view.case.ref)} {DETAIL_TITLES[tab]}",
                                          records))

    # loading -------------------------------------------------------------------------
    @flow(group="load", exclusive=True)
    async def load(self) -> None:
        view = await self.run_service(case_view, self.wb, self.case_id, TIMELINE_LIMIT)
        material = await self.run_service(evidence.evidence_overview, self.wb, self.case_id)
        if self.is_attached:  # a read may finish after the caseworker left the screen
            self.show(view, material)

    def show(self, view: CaseView, material: EvidenceOverview) -> None:
        self.view = view
        self.query_one(OverviewPane).show(view, self.revealed)
        self.query_one(TimelinePane).show(view.events)
        self.query_one(ContactsPane).show(view.contacts)
        self.query_one(FilingsPane).show(view.filings)
        self.query_one(EvidencePane).show(material)
        self.sub_title = clean(view.case.ref)

    @on(CaseChanged)
    def _changed(self, message: CaseChanged) -> None:
        if message.case_id == self.case_id and self.is_attached:
            self.load()

    def changed(self) -> None:
        self.post_message(CaseChanged(self.case_id))

    # evidence and notes ------------------------------------------------------------
    @flow()
    async def action_add_evidence(self) -> None:
        case = self.case
        if case is None:
            return
        draft = await self.app.push_screen_wait(EvidenceDialog(self.evidence_draft))
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
            self.app.notify("草稿已保留, 再按 a", markup=False)
            raise
        self.evidence_draft = None
        self.app.notify("证据已保存", markup=False)
        self.changed()

    @flow()
    async def action_note(self) -> None:
        case = self.case
        if case is None:
            return
        evidence_id = None
        if self.query_one(TabbedContent).active == "evidence":
            evidence_id = self.query_one(EvidencePane).selected()
        target = f"证据 #{evidence_id}" if evidence_id else f"案件 {clean(case.ref)}"
        draft = await self.app.push_screen_wait(NoteDialog(target))
        if draft is None:
            return
        await self.run_service(evidence.annotate, self.wb, self.case_id, case.version,
                               draft.body, draft.tags, evidence_id=evidence_id)
        self.changed()

    # personal data -----------------------------------------------------------------
    @flow()
    async def action_reveal(self) -> None:
        field = await self.app.push_screen_wait(PickDialog(
            "显示哪项个人信息? (会记入审计日志)", [(f.value, f.label) for f in PersonalField]))
        if field is None:
            return
        reason = await self.app.push_screen_wait(AskDialog(
            f"为什么需要查看完整的{PersonalField.label_of(field)}? (理由记入访问记录)",
            placeholder="例如：核实投诉人身份"))
        if reason is None:
            return
        self.revealed[field] = await self.run_service(cases.reveal_personal_data, self.wb,
                                                      self.case_id, field, reason)
        self.changed()

    # edits --------------------------------------------------------------------------
    @flow()
    async def action_edit(self) -> None:
        case = self.case
        if case is None:
            return
        field = await self.app.push_screen_wait(PickDialog(
            "修改哪一项?", [(f.value, f.label) for f in EDITABLE]))
        if field is None:
            return
        label = CaseField.label_of(field)
        value: str | None
        if field == CaseField.PRIORITY:
            value = await self.app.push_screen_wait(
                PickDialog(label, [(p.value, p.label) for p in Priority]))
        elif field == CaseField.NARRATIVE:
            value = await self.app.push_screen_wait(TextDialog(label, case.narrative))
        else:
            current = case.title if field == CaseField.TITLE else case.terminal_sn
            value = await self.app.push_screen_wait(AskDialog(label, "", current))
        if value is not None:
            await self.save(field, value, case.version)

    async def save(self, field: str, value: str, version: int) -> None:
        """Save one field; on a conflict show theirs and mine and let the caseworker choose."""
        try:
            await self.run_service_except((ConflictError,), cases.edit_case, self.wb,
                                          self.case_id, version, {field: value})
        except ConflictError as error:
            theirs = getattr(error, "current_values", {}).get(field, "")
            current_version: int | None = getattr(error, "current_version", None)
            choice = await self.app.push_screen_wait(ConflictDialog(
                error.message, CaseField.label_of(field), str(theirs), value))
            if choice == "mine" and current_version is not None:
                await self.save(field, value, current_version)
            else:
                self.changed()
            return
        self.changed()

    # contacts -----------------------------------------------------------------------
    @flow()
    async def action_contact(self) -> None:
        case = self.case
        if case is None:
            return
        draft = await self.app.push_screen_wait(ContactDialog(case.stage))
        if draft is None:
            return
        await self.run_service(log_contact, self.wb, self.case_id, case.version, draft)
        self.app.notify("联系记录已保存", markup=False)
        self.changed()

    @flow()
    async def action_export(self) -> None:
        case = self.case
        if case is not None and await export(self, [case.id], case.stage, case.decision,
                                             case.mediation_result, outcome=case.outcome,
                                             mediator=case.mediator, scope=case.scope):
            self.changed()

    # ladder -------------------------------------------------------------------------
    @flow()
    async def action_escalate(self) -> None:
        case = self.case
        if case is not None and await escalate(self, {case.id: case.version},
                                               f"案件 {clean(case.ref)}"):
            self.changed()

    @flow()
    async def action_decide(self) -> None:
        case = self.case
        if case is not None and await decide(self, case.id, case.version, clean(case.ref)):
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
                                                    f"案件 {clean(case.ref)}", case.held_by):
            self.changed()

    @flow()
    async def action_end_mediation(self) -> None:
        case = self.case
        if case is not None and await end_mediation(self, case.id, case.version, case.stage,
                                                    clean(case.ref)):
            self.changed()
