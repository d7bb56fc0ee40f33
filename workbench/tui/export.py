"""`x`: export filings for the current case or the marked ones, with a progress bar."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Checkbox, Label, OptionList, ProgressBar
from textual.widgets.option_list import Option

from workbench.i18n import N_, _, pgettext
from workbench.services import filings
from workbench.services.bulk import refusal_line
from workbench.services.filings import ExportBatch
from workbench.tui.base import Refused, WorkbenchModal, WorkbenchScreen
from workbench.tui.dialogs import PickDialog, keys_hint
from workbench.tui.text import plain
from workbench.tui.ticks import TickBox

PERSONAL_OPTIONS = (("masked", N_("打码（默认，最少必要）")),
                    ("full", N_("完整的身份证号和手机号（会记入审计日志）")))


class ExportOptions(WorkbenchModal[tuple[str, bool] | None]):
    """Personal data masked or full, and whether this is a draft (草稿: no 文号)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("取消"), id="export.cancel"),
        Binding("d", "toggle_draft", N_("草稿"), id="export.draft"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label(pgettext("label", "个人信息"), classes="dialog-title")
            yield OptionList(*[Option(_(label), id=value) for value, label in PERSONAL_OPTIONS],
                             id="export-personal")
            yield TickBox(_("草稿（不编号）"), id="export-draft")
            yield keys_hint(_("Enter 选择 · d 草稿 · Esc 取消"))

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        assert event.option.id is not None
        self.dismiss((event.option.id, self.query_one("#export-draft", Checkbox).value))

    def action_toggle_draft(self) -> None:
        self.query_one("#export-draft", Checkbox).toggle()

    def action_cancel(self) -> None:
        self.dismiss(None)


SHOWN_PATHS = 5  # files named one per line; more are counted ("等 N 份")


def written_lines(paths: list[Path]) -> list[str]:
    """The files an export wrote: each path on its line, or the first few and 等 N 份."""
    lines = [str(path) for path in paths[:SHOWN_PATHS]]
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
            yield Label("", id="export-result")
            yield keys_hint(_("完成后：c 复制文件夹路径 · ↑↓ 滚动 · Enter / Esc 关闭"))

    def advance(self, done: int) -> None:
        if self.is_attached:
            self.query_one(ProgressBar).update(progress=done)

    def finish(self, result: ExportBatch, folder: str) -> None:
        self.finished, self.folder = True, folder
        if not self.is_attached:
            return
        self.query_one("#export-title", Label).update(plain(_("导出完成 → {folder}").format(
            folder=folder)))
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


class PreflightDialog(WorkbenchModal[bool]):
    """The pre-flight of one export: the addressee, the blockers (export refused) and the
    warnings; Enter exports when nothing blocks, Escape goes back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", N_("返回"), id="preflight.back"),
        Binding("enter", "go", N_("导出"), id="preflight.go"),
    ]

    def __init__(self, title: str, addressee: str, checked: filings.Checked) -> None:
        super().__init__()
        self.title_text, self.addressee, self.checked = title, addressee, checked

    def compose(self) -> ComposeResult:
        lines = [_("收件单位：{addressee}").format(
                 addressee=self.addressee)] if self.addressee else []
        lines += [f"✗ {line}" for line in self.checked.blockers]
        lines += [f"! {line}" for line in self.checked.warnings]
        with VerticalScroll(classes="dialog-box"):
            yield Label(plain(self.title_text), classes="dialog-title")
            yield Label(plain("\n".join(lines), one_line=False), id="preflight-lines")
            yield keys_hint(_("Enter 导出 · ↑↓ 滚动 · Esc 返回") if self.checked.ok
                            else _("有阻止项，不能导出：逐项处理后再试。↑↓ 滚动 · Esc 返回"),
                            id="preflight-keys")

    def action_go(self) -> None:
        if self.checked.ok:
            self.dismiss(True)

    def action_back(self) -> None:
        self.dismiss(False)


async def _single_case_check(host: WorkbenchScreen[Any], case_id: int, kind: str,
                             include_personal: bool) -> tuple[bool, str | None]:
    """Choose the addressee (when there is a choice) and show the pre-flight; (go, the
    addressee chosen)."""
    app = host.wbapp
    options = await host.run_service(filings.addressee_options, host.wb, case_id, kind)
    addressee: str | None = None
    if len(options) > 1:
        addressee = await app.push_screen_wait(PickDialog(
            _("收件单位"), [(o.name, o.label) for o in options]))
        if addressee is None:
            return False, None
    elif options:
        addressee = options[0].name
    checked = await host.run_service(filings.check_export, host.wb, case_id, kind,
                                     include_personal=include_personal,
                                     style_file=host.wb.filings_style, addressee=addressee)
    label = filings.docs.FilingKind(kind).label
    go = await app.push_screen_wait(PreflightDialog(_("导出前检查：{label}").format(
                                                    label=label), addressee or "",
                                                    checked))
    return bool(go), addressee


async def export(host: WorkbenchScreen[Any], case_ids: list[int], stage: str | None,
                 decision: str = "", mediation: str = "", *, outcome: str = "",
                 mediator: str | None = None, scope: str = "") -> bool:
    """Pick a kind (those the stage, the acceptance decision and the mediation's end offer,
    or any for several cases), whether personal data is included and whether it is a
    draft; for one case, the addressee and the pre-flight; then export with a progress
    bar. True if the export ran."""
    app = host.wbapp
    if stage is not None:
        options = [(k.value, k.label) for k in filings.kinds_for(stage, decision, mediation,
                                                                   outcome=outcome,
                                                                   mediator=mediator,
                                                                   scope=scope)]
    else:
        options = [("auto", _("按各案件阶段自动选择")),
                   *[(k.value, k.label) for k in filings.FILING_KINDS]]
    what = _("本案") if len(case_ids) == 1 else _("{count:,} 件案件").format(count=len(case_ids))
    kind = await app.push_screen_wait(PickDialog(_("为{what}导出文书（个人信息默认打码）").format(
                                                 what=what), options))
    if kind is None:
        return False
    how = await app.push_screen_wait(ExportOptions())
    if how is None:
        return False
    choice, draft = how
    addressee: str | None = None
    if len(case_ids) == 1 and kind != "auto":
        go, addressee = await _single_case_check(host, case_ids[0], kind, choice == "full")
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
