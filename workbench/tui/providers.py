"""The provider registry screen (`R` in the queue, and the command palette): the list
with `/` search, one provider's details and cases (Enter; Enter again lists its cases in
the queue), and `e` edit / `m` merge for supervisors and admins (others are refused by
the service, in its words, before any dialog opens)."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Input, Label, Static

from workbench.domain.vocabulary import ProviderKind
from workbench.i18n import N_, _
from workbench.services import registry, registry_edit
from workbench.services.registry import ProviderDetail, ProviderRow
from workbench.tui.base import WorkbenchScreen, flow
from workbench.tui.dialogs import AskDialog, ConfirmDialog, PickDialog
from workbench.tui.footer import KeyFooter
from workbench.tui.text import SafeInput, clean, plain

NAME_WIDTH = 24  # cells of a name in the list at 80 columns (the rest is in the detail)
# what the list's other columns take (简称 10, 类型 12, 上级机构 16, 案件 6, each with its
# padding of 2, the name's too) and the scrollbar: a wider terminal gives the name the rest
OTHER_COLUMNS = 10 + 12 + 16 + 6 + 2 * 5 + 2

# what `e` may change, in the registry's order, with the detail's value of each
EDITABLE = ("name", "short_name", "kind", "uscc", "licence_no", "address", "county",
            "hotline", "superior", "legal_representative", "market_bureau", "regulator")


def _cells(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _cut(text: str, width: int) -> str:
    """`text` in at most `width` cells (CJK counts two); when cut, the middle gives way
    to …, so a branch (…第一分公司) stays apart from its head company."""
    if _cells(text) <= width:
        return text
    head = ""
    for ch in text:
        if _cells(head + ch) > (width - 1) * 3 // 5:
            break
        head += ch
    tail = ""
    for ch in reversed(text[len(head):]):
        if _cells(head + ch + tail) + 1 > width:
            break
        tail = ch + tail
    return head + "…" + tail


def _shown(detail: ProviderDetail, field: str) -> str:
    return detail.kind_label if field == "kind" else clean(getattr(detail, field))


class RegistryActions(WorkbenchScreen[None]):
    """`e` edit and `m` merge, on whichever provider the screen has at hand."""

    def current_name(self) -> str | None:
        raise NotImplementedError

    def changed(self, name: str) -> None:
        """After a change: show `name` (the provider, perhaps renamed or merged into)."""

    async def registrar_detail(self) -> ProviderDetail | None:
        """The provider at hand, once the service has said this person may change it
        (a caseworker is refused here, before any dialog)."""
        name = self.current_name()
        if name is None:
            return None
        await self.run_service(registry_edit.check_registrar, self.wb)
        return await self.run_service(registry.provider_detail, self.wb, name)

    @flow()
    async def action_edit(self) -> None:
        detail = await self.registrar_detail()
        if detail is None:
            return
        field = await self.app.push_screen_wait(PickDialog(
            _("修改 {name} 的哪一项？").format(name=detail.name),
            [(f, f"{_(registry_edit.FIELDS[f][0])}：{_shown(detail, f) or _('（未填）')}")
             for f in EDITABLE]))
        if field is None:
            return
        label = _(registry_edit.FIELDS[field][0])
        if field == "kind":
            value = await self.app.push_screen_wait(PickDialog(
                label, [(str(k), k.label) for k in ProviderKind]))
        else:
            value = await self.app.push_screen_wait(AskDialog(
                _("{label}（留空表示清除）").format(label=label), "", getattr(detail, field)))
        if value is None:
            return
        shown, changed = await self.run_service(registry_edit.edit_provider, self.wb,
                                                detail.name, {field: value})
        self.app.notify(_("已修改 {name}：{fields}").format(
            name=shown, fields="、".join(_(f) for f in changed)) if changed
            else _("没有变化。"), markup=False)
        self.changed(shown)

    @flow()
    async def action_merge(self) -> None:
        detail = await self.registrar_detail()
        if detail is None:
            return
        into = await self.app.push_screen_wait(AskDialog(
            _("把 {name} 并入哪个服务商？（全称、简称或别名）").format(name=detail.name),
            required=_("请写出保留的服务商。")))
        if not into:
            return
        target = await self.run_service(registry.provider_detail, self.wb, into)
        reason = await self.app.push_screen_wait(AskDialog(_("合并的理由"), _("如：重复登记")))
        if reason is None:
            return
        if not await self.app.push_screen_wait(ConfirmDialog(
                _("把 {source}（{n} 件案件）并入 {into}？{source} 将作为别名保留。").format(
                    source=detail.name, n=detail.cases, into=target.name))):
            return
        result = await self.run_service(registry_edit.merge, self.wb, detail.name,
                                        target.name, reason)
        self.app.notify(_("已将 {source} 并入 {into}，移动案件 {n} 件").format(
            source=result.from_name, into=result.into_name, n=result.cases), markup=False)
        self.changed(result.into_name)


class ProvidersScreen(RegistryActions):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "back", N_("返回"), id="providers.back"),
        Binding("enter,o", "open", N_("查看服务商详情和案件"), id="providers.open"),
        Binding("slash", "search", N_("查找服务商（名称、简称、别名）"), id="providers.search"),
        Binding("e", "edit", N_("修改服务商资料（负责人、管理员）"), id="providers.edit"),
        Binding("m", "merge", N_("合并到另一个服务商（负责人、管理员）"), id="providers.merge"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[ProviderRow] = []
        self.search = ""

    def compose(self) -> ComposeResult:
        yield Label(_("服务商登记"), classes="dialog-title")
        yield SafeInput(placeholder=_("/ 查找：名称、简称或别名（Enter 完成，Esc 清除）"),
                        id="provider-search")
        yield DataTable(id="providers", cursor_type="row", zebra_stripes=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#provider-search", Input).display = False
        table = self.query_one(DataTable)
        table.focus()
        self.refresh_rows()

    @flow(group="load", exclusive=True)
    async def refresh_rows(self, keep: str = "") -> None:
        rows = await self.run_service(registry.list_providers, self.wb, search=self.search)
        if not self.is_attached:
            return
        self.rows = rows
        table = self.query_one(DataTable)
        table.clear(columns=True)  # a column keeps its widest cell: start again
        table.add_columns(_("全称"), _("简称"), _("类型"), _("上级机构"), _("案件"))
        width = max(NAME_WIDTH, self.app.size.width - OTHER_COLUMNS)
        for row in rows:
            table.add_row(plain(_cut(row.name, width)), plain(_cut(row.short_name, 10)),
                          row.kind_label, plain(_cut(row.superior_short, 16)),
                          Text(str(row.cases), justify="right"), key=str(row.id))
        names = [row.name for row in rows]
        if keep in names:
            table.move_cursor(row=names.index(keep))
        field = self.query_one("#provider-search", Input)
        if not (field.display and self.focused is field):
            table.focus()

    def on_resize(self) -> None:  # the names are cut to the width: cut them again
        if self.rows:
            self.refresh_rows(self.current_name() or "")

    def current_name(self) -> str | None:
        table = self.query_one(DataTable)
        if not self.rows or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row].name

    def changed(self, name: str) -> None:
        self.refresh_rows(name)

    def action_back(self) -> None:
        field = self.query_one("#provider-search", Input)
        if self.search or field.display:
            field.value = ""  # Input.Changed reloads the list
            field.display = False
            self.query_one(DataTable).focus()
            return
        self.app.pop_screen()

    def action_search(self) -> None:
        field = self.query_one("#provider-search", Input)
        field.display = True
        field.focus()

    @on(Input.Changed, "#provider-search")
    def _search_changed(self, event: Input.Changed) -> None:
        self.search = event.value
        self.refresh_rows()

    @on(Input.Submitted, "#provider-search")
    def _search_done(self) -> None:
        field = self.query_one("#provider-search", Input)
        if not field.value:
            field.display = False
        self.query_one(DataTable).focus()

    @on(DataTable.RowSelected)
    def _row_selected(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        name = self.current_name()
        if name is not None:
            self.app.push_screen(ProviderScreen(name), self._detail_closed)

    def _detail_closed(self, result: Any) -> None:
        self.refresh_rows(self.current_name() or "")


class ProviderScreen(RegistryActions):
    """One provider: its registry fields, aliases, recent cases and history."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "app.pop_screen", N_("返回"), id="provider.back"),
        Binding("enter,l", "queue", N_("在队列中列出该服务商的案件"), id="provider.queue"),
        Binding("e", "edit", N_("修改服务商资料（负责人、管理员）"), id="provider.edit"),
        Binding("m", "merge", N_("合并到另一个服务商（负责人、管理员）"), id="provider.merge"),
    ]

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name_shown = name
        self.detail: ProviderDetail | None = None

    def compose(self) -> ComposeResult:
        yield Label(plain(self.name_shown), id="provider-title", classes="dialog-title")
        with VerticalScroll(id="provider-detail"):
            yield Static(id="provider-fields")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.load()

    @flow(group="load", exclusive=True)
    async def load(self) -> None:
        detail = await self.run_service(registry.provider_detail, self.wb, self.name_shown)
        if not self.is_attached:
            return
        self.detail = detail
        self.name_shown = detail.name
        self.query_one("#provider-title", Label).update(plain(detail.name))
        text = Text()
        for label, value in detail.lines:
            text.append(f"{label}：", style="bold")
            text.append_text(plain(value or _("（未填）")))
            text.append("\n")
        text.append("\n" + _("最近的案件（Enter 在队列中列出全部）") + "\n", style="bold")
        for case in detail.recent_cases:
            text.append_text(plain(f"  {case.ref}  {case.stage_label}  {case.title}"))
            text.append("\n")
        if detail.history:
            text.append("\n" + _("变更记录") + "\n", style="bold")
            for line in detail.history:
                text.append_text(plain(f"  {line.at:%Y-%m-%d} {line.actor} {line.text}"))
                text.append("\n")
        self.query_one("#provider-fields", Static).update(text)
        self.query_one(VerticalScroll).focus()

    def current_name(self) -> str | None:
        return self.detail.name if self.detail else None

    def changed(self, name: str) -> None:
        self.name_shown = name
        self.load()

    def action_queue(self) -> None:
        """Back to the queue, filtered by this provider's name."""
        from workbench.tui.queue_screen import QueueScreen

        if self.detail is None:
            return
        while len(self.app.screen_stack) > 1 and not isinstance(self.app.screen, QueueScreen):
            self.app.pop_screen()
        if isinstance(self.app.screen, QueueScreen):
            self.app.screen.show_filter(f"provider:{self.detail.name}")
