"""Tab 2, 证据: the case's evidence with a preview, the checklist, the notes; and the
dialogs to add a file (with path completion) and to annotate."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.suggester import Suggester
from textual.widgets import Input, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from workbench.domain.categories import EvidenceKind
from workbench.domain.validators import ValidationError, parse_date
from workbench.i18n import N_, _, pgettext
from workbench.services import evidence
from workbench.services.evidence import (
    MAX_PAGES,
    MAX_PROVES,
    ChecklistLine,
    EvidenceOverview,
    Preview,
)
from workbench.services.views import EvidenceItem, NoteLine, file_kind
from workbench.tui.base import Refused, ServiceCalls, flow
from workbench.tui.case.pane import list_bindings
from workbench.tui.dates import narrow_today, shown
from workbench.tui.detail import Record
from workbench.tui.dialogs import FormDialog, field_row, keys_hint, wrapped
from workbench.tui.intake_fields import FormSelect
from workbench.tui.text import SafeInput, SafeTextArea, clean, plain


class PathSuggester(Suggester):
    """Completes file system paths as the caseworker types (case-sensitive)."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        if not value:
            return None
        expanded = os.path.expanduser(value)
        folder, prefix = os.path.split(expanded)
        try:
            # a name holding control characters could not be typed back: not offered
            names = sorted(n for n in os.listdir(folder or ".")
                           if n.startswith(prefix) and n == clean(n))
        except OSError:
            return None
        if not names:
            return None
        candidate = os.path.join(folder, names[0])
        if os.path.isdir(candidate):
            candidate += os.sep
        if value.startswith("~"):
            candidate = "~" + candidate[len(os.path.expanduser("~")):]
        return candidate


class PathInput(SafeInput):
    """The file path field: Tab takes the offered completion, or moves on when there is none."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "complete_or_next", N_("补全"), id="evidence.complete_path", show=False),
    ]

    def action_complete_or_next(self) -> None:
        if self.cursor_at_end and len(self._suggestion) > len(self.value):
            self.action_cursor_right()  # accepts the suggestion
        else:
            self.screen.focus_next()


@dataclass
class EvidenceDraft:
    path: str
    kind: EvidenceKind
    title: str
    source: str
    obtained: str
    description: str
    proves: str
    pages: str = ""  # "" = counted from the file
    original: bool = False
    carrier: str = ""

    def page_count(self) -> int | None:
        return int(self.pages) if self.pages.strip() else None


# the dialog's plain text fields: (EvidenceDraft attribute and widget id, label, placeholder)
EVIDENCE_TEXTS = (
    ("title", N_("标题 *"), N_("必填")),
    ("source", N_("来源"), N_("如：投诉人提供")),
    ("obtained", N_("取得日期"), N_("可留空，如 2026-10-01")),
    ("carrier", N_("载体"), N_("U盘、光盘…；纸质留空")),
    ("description", N_("说明"), N_("可留空")),
)


class EvidenceDialog(FormDialog[EvidenceDraft | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s,f2", "save", N_("保存证据"), id="evidence.save", priority=True),
        Binding("escape", "cancel", N_("取消"), id="evidence.cancel"),
    ]

    def __init__(self, draft: EvidenceDraft | None = None) -> None:
        super().__init__()
        self.draft = draft

    def compose(self) -> ComposeResult:
        d = self.draft
        with VerticalScroll(classes="dialog-box contact-box") as body:
            body.can_focus = False  # Tab goes from field to field; the box scrolls to each
            yield Label(_("添加证据（文件会复制到证据库）"), classes="dialog-title")
            yield Label("", id="evidence-error", classes="dialog-error")
            yield from field_row(_("文件路径 *"), PathInput(
                value=d.path if d else "", placeholder=_("Tab/→ 补全；无可补全时 Tab 到下一项"),
                suggester=PathSuggester(), compact=True, id="path"))
            yield from field_row(_("种类"), FormSelect(
                [(k.label, k.value) for k in EvidenceKind],
                value=d.kind.value if d else EvidenceKind.OTHER.value, allow_blank=False,
                compact=True, id="kind"))
            for ident, label, placeholder in EVIDENCE_TEXTS[:3]:
                yield from field_row(_(label), SafeInput(
                    value=getattr(d, ident) if d else "", placeholder=_(placeholder),
                    compact=True, id=ident))
            yield Label(wrapped(_("证明对象：该证据证明的事实，"
                                  "如：服务商自2026年3月起将费率由0.38%上调至0.6%")),
                        classes="dialog-help -field")
            yield from field_row(pgettext("label", "证明对象"), SafeInput(
                value=d.proves if d else "", compact=True, id="proves"))
            yield from field_row(_("页数"), SafeInput(
                value=d.pages if d else "", placeholder=_("留空：PDF 按实际页数，图片 1 页"),
                type="integer", compact=True, id="pages"))
            yield from field_row(_("原件/复印件"), FormSelect(
                [(_("复印件"), "copy"), (_("原件"), "original")],
                value="original" if d and d.original else "copy", allow_blank=False,
                compact=True, id="original"))
            for ident, label, placeholder in EVIDENCE_TEXTS[3:]:
                yield from field_row(_(label), SafeInput(
                    value=getattr(d, ident) if d else "", placeholder=_(placeholder),
                    compact=True, id=ident))
            yield keys_hint(_("ctrl+s / F2 保存 · Tab 下一项 · Esc 取消"))

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()  # not the scroll container

    def _v(self, ident: str) -> str:
        return self.query_one(f"#{ident}", Input).value

    def action_save(self) -> None:
        error = self.query_one("#evidence-error", Label)
        if not self._v("path").strip() or not self._v("title").strip():
            error.update(plain(_("文件路径和标题都要填写。")))
            return
        pages = self._v("pages").strip()
        if pages and not (pages.isdigit() and 1 <= int(pages) <= MAX_PAGES):
            error.update(plain(_("页数应为 1 到 {MAX_PAGES} 之间的整数，或留空。").format(
                               MAX_PAGES=MAX_PAGES)))
            return
        if len(self._v("proves").strip()) > MAX_PROVES:
            error.update(plain(_("证明对象太长（最多 {MAX_PROVES} 个字符）。").format(
                               MAX_PROVES=MAX_PROVES)))
            return
        if self._v("obtained").strip():
            try:
                parse_date(self._v("obtained"))
            except ValidationError as exc:
                error.update(plain(_("取得日期：{message}").format(message=exc.message)))
                return
        self.dismiss(EvidenceDraft(
            path=os.path.expanduser(self._v("path").strip()),
            kind=EvidenceKind(str(self.query_one("#kind", FormSelect).value)),
            title=self._v("title"), source=self._v("source"), obtained=self._v("obtained"),
            description=self._v("description"), proves=self._v("proves"), pages=pages,
            original=self.query_one("#original", FormSelect).value == "original",
            carrier=self._v("carrier")))

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()


@dataclass
class NoteDraft:
    body: str
    tags: list[str]


class NoteDialog(FormDialog[NoteDraft | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s,f2", "save", N_("保存批注"), id="note.save", priority=True),
        Binding("escape", "cancel", N_("取消"), id="note.cancel"),
    ]

    def __init__(self, target: str) -> None:
        super().__init__()
        self.target = target

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box text-box"):
            yield Label(plain(_("批注：{target}").format(
                              target=self.target)), classes="dialog-title")
            yield Label(_("批注内容 *"), classes="field-label")
            yield SafeTextArea(soft_wrap=True, id="body")
            yield SafeInput(placeholder=_("标签，用逗号分隔（可留空）"), id="tags")
            yield Label("", id="note-error", classes="dialog-error")
            yield keys_hint(_("ctrl+s / F2 保存 · Esc 取消"))

    def action_save(self) -> None:
        body = self.query_one("#body", TextArea).text
        if not body.strip():
            self.query_one("#note-error", Label).update(plain(_("批注不能为空。")))
            return
        raw = self.query_one("#tags", Input).value.replace("，", ",")
        self.dismiss(NoteDraft(body, [t for t in raw.split(",") if t.strip()]))


class EvidenceList(OptionList):
    """The pieces of evidence; the same cursor keys as the other list tabs."""

    DEFAULT_CSS = "EvidenceList { text-wrap: nowrap; text-overflow: ellipsis; }"
    BINDINGS: ClassVar[list[BindingType]] = list_bindings("first", "last")


def evidence_label(row: EvidenceItem) -> Text:
    """One row (EvidenceList cuts it with … where the screen ends, never on a dangling ·)."""
    pages = _("{pages}页 ").format(pages=row.pages) if row.pages else ""
    parts = [f"#{row.id}  [{row.kind_label}]  {row.title}", f"{pages}{row.form}",
             f"{file_kind(row.media_type)} {row.size:,} B", row.original_name]
    return plain("  ·  ".join(part for part in parts if part))


def evidence_record(row: EvidenceItem) -> Record:
    """One piece of evidence in full, for `v`."""
    return [(_("编号"), f"#{row.id}"), (_("种类"), row.kind_label), (_("标题"), row.title),
            (_("来源"), row.source), (_("证明对象"), row.proves), (_("说明"), row.description),
            (_("页数"), str(row.pages or "")), (_("原件/复印件"), row.form),
            (_("取得日期"), row.obtained_on), (_("文件"), row.original_name),
            (_("媒体类型"), row.media_type), (_("大小"), f"{row.size:,} B"),
            (_("校验值（SHA-256）"), row.sha256),
            (_("添加"), f"{row.added_at} {row.added_by}")]


def preview_renderable(preview: Preview) -> Table | Group:
    """The details (as for every file), and a text file's content below them."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    for label, value in preview.labelled():
        table.add_row(plain(label), plain(value))
    if preview.kind == "text":
        return Group(table, Text(""), plain(preview.text, one_line=False))
    return table


def checklist_renderable(lines: Sequence[ChecklistLine]) -> Text:
    text = Text(_("证据清单检查（按投诉类别）\n"), style="bold")
    for line in lines:
        text.append("✓ " if line.satisfied else "✗ ", style="green" if line.satisfied
                    else "red")
        text.append_text(plain(f"{line.category_label}：{line.item_label}"))
        text.append("\n")
    return text


def notes_renderable(notes: Sequence[NoteLine], today: date | None = None) -> Text:
    text = Text(_("批注\n"), style="bold")
    if not notes:
        text.append(_("（无）按 N 添加批注\n"), style="dim")
    for note in notes:
        where = _("证据 #{evidence_id}").format(
                evidence_id=note.evidence_id) if note.evidence_id else _("案件")
        tags = f"（{'、'.join(note.tags)}）" if note.tags else ""
        text.append_text(plain(f"{shown(note.at, today)} {note.author} · {where}{tags}："))
        text.append_text(plain(note.body, one_line=False))
        text.append("\n")
    return text


def path_of(draft: EvidenceDraft) -> Path:
    return Path(draft.path)


class EvidencePane(ServiceCalls, VerticalScroll):
    """The evidence list; the highlighted piece is previewed below it."""

    material: EvidenceOverview | None = None  # as last shown

    def compose(self) -> ComposeResult:
        yield Label(_("a 添加证据 · N 批注（选中证据或整个案件） · ↑↓ 选择预览"),
                    classes="dialog-help")
        yield EvidenceList(id="evidence-list")
        yield Static(id="evidence-preview")
        yield Static(id="evidence-checklist")
        yield Static(id="evidence-notes")

    def show(self, material: EvidenceOverview) -> None:
        self.material = material
        listing = self.query_one("#evidence-list", OptionList)
        highlighted = listing.highlighted
        listing.clear_options()
        for row in material.items:
            listing.add_option(Option(evidence_label(row), id=str(row.id)))
        if not material.items:
            listing.add_option(Option(plain(_("还没有证据：按 a 添加文件")), disabled=True))
        else:  # the first piece is previewed before anyone presses a key
            listing.highlighted = min(highlighted or 0, len(material.items) - 1)
        self.query_one("#evidence-checklist", Static).update(
            checklist_renderable(material.checklist))
        self.query_one("#evidence-notes", Static).update(
            notes_renderable(material.notes, narrow_today(self)))

    def focus_list(self) -> None:
        """Focus the evidence list (where the work on this tab is)."""
        self.query_one("#evidence-list", OptionList).focus()

    def selected_item(self) -> EvidenceItem | None:
        """The highlighted piece of evidence, if any."""
        chosen = self.selected()
        items = self.material.items if self.material else ()
        return next((item for item in items if item.id == chosen), None)

    def selected(self) -> int | None:
        """The id of the highlighted piece of evidence, if any."""
        listing = self.query_one("#evidence-list", OptionList)
        if listing.highlighted is None:
            return None
        option = listing.get_option_at_index(listing.highlighted)
        return int(option.id) if option.id else None

    @on(OptionList.OptionHighlighted, "#evidence-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is not None:
            self.load_preview(int(event.option.id))

    @flow(group="preview", exclusive=True)
    async def load_preview(self, evidence_id: int) -> None:
        wb = self.wb
        assert wb.blobs is not None
        shown: Text | Table | Group
        try:
            shown = preview_renderable(
                await self.run_service(evidence.preview, wb, wb.blobs, evidence_id))
        except Refused as refused:
            shown = plain(_("无法预览：{refused}").format(refused=refused))
        if self.is_attached:
            self.query_one("#evidence-preview", Static).update(shown)
