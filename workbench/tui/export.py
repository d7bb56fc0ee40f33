"""`x`: export filings for the current case or the marked ones, with a progress bar."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Label, LoadingIndicator, OptionList, ProgressBar
from textual.widgets.option_list import Option

from workbench.i18n import N_, _, pgettext
from workbench.services import filings
from workbench.services.bulk import refusal_line
from workbench.services.filings import ExportBatch
from workbench.tui.base import Refused, WorkbenchModal, WorkbenchScreen, flow
from workbench.tui.dialogs import PickDialog, chosen_option, keys_hint, wrapped
from workbench.tui.text import plain
from workbench.tui.ticks import TickBox

PERSONAL_OPTIONS = (("masked", N_("打码（默认，最少必要）")),
                    ("full", N_("完整的身份证号和手机号（会记入审计日志）")))


class ExportOptions(WorkbenchModal[tuple[str, bool] | None]):
    """Personal data masked or full, and whether this is a draft (草稿: no 文号)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("取消"), id="export.cancel"),
        Binding("d", "toggle_draft", N_("草稿"), id="export.draft"),
        Binding("enter", "choose", N_("选择"), id="dialog.choose", show=False, priority=True),
    ]

    def __init__(self, then: Callable[[bool], ModalScreen[Any]] | None = None) -> None:
        super().__init__()
        self.then = then  # the next dialog (the pre-flight), pushed as this one closes

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label(pgettext("label", "个人信息"), classes="dialog-title")
            yield OptionList(*[Option(_(label), id=value) for value, label in PERSONAL_OPTIONS],
                             id="export-personal")
            yield TickBox(_("草稿（不编号）"), id="export-draft")
            yield keys_hint(_("Enter 选择 · d 草稿 · Esc 取消"))

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option)

    def action_choose(self) -> None:  # at once, not after a message: see PickDialog
        option = chosen_option(self.query_one(OptionList))
        if option is not None:
            self._choose(option)

    def _choose(self, option: Option) -> None:
        if self._dismissed:
            return
        assert option.id is not None
        self.dismiss((option.id, self.query_one("#export-draft", Checkbox).value))
        if self.then is not None:  # in the same step: no key typed next reaches the case
            self.app.push_screen(self.then(option.id == "full"))

    def action_toggle_draft(self) -> None:
        self.query_one("#export-draft", Checkbox).toggle()

    def action_cancel(self) -> None:
        self.dismiss(None)


SHOWN_PATHS = 5  # files named one per line; more are counted ("等 N 份")


def written_lines(paths: list[Path]) -> list[str]:
    """The files an export wrote, by name (the folder is in the title): each on its line,
    or the first few and 等 N 份."""
    lines = [path.name for path in paths[:SHOWN_PATHS]]
    if len(paths) > SHOWN_PATHS:
        lines.append(_("… 等 {count:,} 份").format(count=len(paths)))
    return lines


class ExportProgress(WorkbenchModal[None]):
    """The batch's progress, then the files written and the folder (c copies its path)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter", "close", N_("关闭"), id="export.close"),
        Binding("c", "copy_folder", N_("复制路径"), id="export.copy"),
    ]

    def __init__(self, total: int) -> None:
        super().__init__()
        self.total = total
        self.finished = False
        self.folder = ""

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog-box"):
            yield Label(plain(_("导出文书 {total:,} 份 …").format(
                              total=self.total)), classes="dialog-title",
                        id="export-title")
            yield ProgressBar(total=self.total, id="export-bar")
            yield Label("", id="export-result", classes="dialog-question")  # full width
            yield keys_hint(_("完成后：c 复制文件夹路径 · ↑↓ 滚动 · Enter / Esc 关闭"))

    def advance(self, done: int) -> None:
        if self.is_attached:
            self.query_one(ProgressBar).update(progress=done)

    def finish(self, result: ExportBatch, folder: str) -> None:
        self.finished, self.folder = True, folder
        if not self.is_attached:
            return
        self.query_one("#export-title", Label).update(wrapped(_("导出完成 → {folder}").format(
            folder=folder)))  # wrapped whole, never cut: the folder is named only here
        lines = [_("{count} 份成功，{count2} 份失败").format(
            count=len(result.done), count2=len(result.refused))]
        if result.paths:
            lines += [_("已写入："), *written_lines(result.paths)]
        lines += [f"✗ {refusal_line(ref, why)}" for ref, why in result.refused[:8]]
        self.query_one("#export-result", Label).update(plain("\n".join(lines), one_line=False))

    def action_copy_folder(self) -> None:
        """Put the folder's path on the clipboard (OSC 52: works over SSH in most
        terminals; the path is also shown, selectable, in the title)."""
        if self.folder:
            self.app.copy_to_clipboard(self.folder)
            self.app.notify(_("已复制文件夹路径：{folder}").format(folder=self.folder),
                            markup=False)

    def action_close(self) -> None:
        if self.finished:  # closing mid-run would hide the outcome of the batch
            self.dismiss(None)
        else:
            self.app.notify(_("导出进行中，完成后再关闭"), markup=False)


# what to do about a blocker, said with the workbench's keys (preflight.REMEDIES has the
# command line's options)
TUI_REMEDIES: dict[str, str] = {
    "registry": N_("请在服务商登记中补上（队列按 R，选中服务商后按 e 修改），再导出"),
    "industry": N_("请先在案件中登记行业监管机构，再导出"),
    "court": N_("请先在诉讼信息中登记受诉人民法院，再导出"),
    "addressee": N_("请先登记收件单位，再导出"),
}


class PreflightDialog(WorkbenchModal[bool]):
    """The pre-flight of one export, up at once while it checks (正在检查…): the addressee
    (picked over it when there is a choice), the blockers (export refused) and the warnings;
    Enter exports once checked and nothing blocks, Escape goes back. `answer` holds
    (go, the addressee chosen) when it closes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", N_("返回"), id="preflight.back"),
        Binding("enter", "go", N_("导出"), id="preflight.go"),
    ]

    def __init__(self, case_id: int, kind: str, include_personal: bool) -> None:
        super().__init__()
        self.case_id, self.kind, self.include_personal = case_id, kind, include_personal
        self.checked: filings.Checked | None = None
        self.addressee: str | None = None
        self.answer: asyncio.Future[tuple[bool, str | None]] = (
            asyncio.get_running_loop().create_future())

    def compose(self) -> ComposeResult:
        label = filings.docs.FilingKind(self.kind).label
        with VerticalScroll(classes="dialog-box"):
            yield Label(plain(_("导出前检查：{label}").format(label=label)),
                        classes="dialog-title")
            yield LoadingIndicator(id="preflight-loading")
            yield Label(_("正在检查…"), id="preflight-lines", classes="dialog-question")
            yield keys_hint(_("正在检查… · Esc 返回"), id="preflight-keys")

    def on_mount(self) -> None:
        self.check()

    @flow(exclusive=True)
    async def check(self) -> None:
        try:
            await self._check()
        except Refused:  # the message is shown; nothing to export
            self.close(False)
            raise

    async def _check(self) -> None:
        wb = self.wb
        options = await self.run_service(filings.addressee_options, wb, self.case_id, self.kind)
        if len(options) > 1:
            self.addressee = await self.app.push_screen_wait(PickDialog(
                _("收件单位"), [(o.name, o.label) for o in options]))
            if self.addressee is None:
                self.close(False)
                return
        elif options:
            self.addressee = options[0].name
        checked = await self.run_service(filings.check_export, wb, self.case_id, self.kind,
                                         include_personal=self.include_personal,
                                         style_file=wb.filings_style, addressee=self.addressee,
                                         remedies=TUI_REMEDIES)
        self.show(checked)

    def show(self, checked: filings.Checked) -> None:
        self.checked = checked
        lines = [_("收件单位：{addressee}").format(
                 addressee=self.addressee)] if self.addressee else []
        lines += [f"✗ {line}" for line in checked.blockers]
        lines += [f"! {line}" for line in checked.warnings]
        self.query_one("#preflight-loading").display = False
        self.query_one("#preflight-lines", Label).update(
            plain("\n".join(lines) or _("检查通过"), one_line=False))
        self.query_one("#preflight-keys", Label).update(
            _("Enter 导出 · ↑↓ 滚动 · Esc 返回") if checked.ok
            else _("有阻止项，不能导出：逐项处理后再试。↑↓ 滚动 · Esc 返回"))
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`⏎ 导出` is offered only once the check passed."""
        if action == "go":
            return self.checked is not None and self.checked.ok
        return True

    def close(self, go: bool) -> None:
        if not self.answer.done():
            self.answer.set_result((go, self.addressee))
        self.dismiss(go)

    def action_go(self) -> None:
        if self.checked is not None and self.checked.ok:  # never before the check is done
            self.close(True)

    def action_back(self) -> None:
        self.close(False)

    def on_unmount(self) -> None:
        if not self.answer.done():  # a failed check closes it: the flow goes no further
            self.answer.set_result((False, None))


def export_picker(case_ids: list[int], stage: str | None, decision: str = "",
                  mediation: str = "", *, outcome: str = "", mediator: str | None = None,
                  scope: str = "") -> PickDialog:
    """The first step of `x`, pushed from the key at once: the kinds the stage, the
    acceptance decision and the mediation's end offer (or any, for several cases)."""
    if stage is not None:
        options = [(k.value, k.label) for k in filings.kinds_for(stage, decision, mediation,
                                                                   outcome=outcome,
                                                                   mediator=mediator,
                                                                   scope=scope)]
    else:
        options = [("auto", _("按各案件阶段自动选择")),
                   *[(k.value, k.label) for k in filings.FILING_KINDS]]
    what = _("本案") if len(case_ids) == 1 else _("{count:,} 件案件").format(count=len(case_ids))
    return PickDialog(_("为{what}导出文书（个人信息默认打码）").format(what=what), options)


async def export(host: WorkbenchScreen[Any], case_ids: list[int], kind: str | None) -> bool:
    """After the kind (`export_picker`): whether personal data is included and whether it
    is a draft; for one case the pre-flight (with the addressee), up at once while it
    checks; then export with a progress bar. True if the export ran."""
    app = host.wbapp
    if kind is None:
        return False
    preflights: list[PreflightDialog] = []

    def preflight(include_personal: bool) -> PreflightDialog:
        preflights.append(PreflightDialog(case_ids[0], kind, include_personal))
        return preflights[-1]

    single = len(case_ids) == 1 and kind != "auto"
    how = await app.push_screen_wait(ExportOptions(preflight if single else None))
    if how is None:
        return False
    choice, draft = how
    addressee: str | None = None
    if preflights:
        go, addressee = await preflights[-1].answer
        if not go:
            return False
    progress = ExportProgress(len(case_ids))
    await app.push_screen(progress)
    folder = host.wb.filings_dir or app.settings.resolved_filings_dir()
    try:
        result = await host.run_service(
            filings.export_many, host.wb, case_ids, kind, folder,
            style_file=host.wb.filings_style, include_personal=choice == "full", draft=draft,
            addressee=addressee, progress=lambda n, _t: app.call_from_thread(progress.advance, n))
    except Refused:
        progress.finished = True  # the message is shown; the dialog must not stay stuck
        progress.dismiss(None)
        raise
    progress.finish(result, str(folder))
    return True
