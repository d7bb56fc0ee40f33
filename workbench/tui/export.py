"""`x`: export filings for the current case or the marked ones, with a progress bar."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Label, ProgressBar

from workbench.services import filings
from workbench.services.bulk import BulkResult
from workbench.tui.base import Refused, WorkbenchModal, WorkbenchScreen
from workbench.tui.dialogs import PickDialog
from workbench.tui.text import plain


class ExportProgress(WorkbenchModal[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter", "close", "Close", id="export.close"),
    ]

    def __init__(self, total: int) -> None:
        super().__init__()
        self.total = total
        self.finished = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label(plain(f"导出文书 Exporting {self.total:,} …"), classes="dialog-title",
                        id="export-title")
            yield ProgressBar(total=self.total, id="export-bar")
            yield Label("", id="export-result")

    def advance(self, done: int) -> None:
        if self.is_attached:
            self.query_one(ProgressBar).update(progress=done)

    def finish(self, result: BulkResult, folder: str) -> None:
        self.finished = True
        if not self.is_attached:
            return
        self.query_one("#export-title", Label).update(plain(f"导出完成 → {folder}"))
        lines = [f"{len(result.done)} 份成功, {len(result.refused)} 份失败"]
        lines += [f"✗ {ref}: {why}" for ref, why in result.refused[:8]]
        self.query_one("#export-result", Label).update(plain("\n".join(lines), one_line=False))

    def action_close(self) -> None:
        if self.finished:  # closing mid-run would hide the outcome of the batch
            self.dismiss(None)
        else:
            self.app.notify("导出进行中, 完成后再关闭", markup=False)


async def export(host: WorkbenchScreen[Any], case_ids: list[int], stage: str | None,
                 decision: str = "") -> bool:
    """Pick a kind (those the stage and the acceptance decision offer, or any for several
    cases), whether personal data is included, then export with a progress bar. True if
    the export ran."""
    app = host.wbapp
    if stage is not None:
        options = [(k.value, k.label) for k in filings.kinds_for(stage, decision)]
    else:
        options = [("auto", "按各案件阶段自动选择"),
                   *[(k.value, k.label) for k in filings.FILING_KINDS]]
    what = "本案" if len(case_ids) == 1 else f"{len(case_ids):,} 件案件"
    kind = await app.push_screen_wait(PickDialog(f"为{what}导出文书 (个人信息默认打码)", options))
    if kind is None:
        return False
    choice = await app.push_screen_wait(PickDialog("个人信息 Personal data", [
        ("masked", "打码 (默认, 最少必要)"),
        ("full", "完整的身份证号和手机号 (会记入审计日志)")]))
    if choice is None:
        return False
    progress = ExportProgress(len(case_ids))
    await app.push_screen(progress)
    folder = host.wb.filings_dir or app.settings.resolved_filings_dir()
    try:
        result = await host.run_service(
            filings.export_many, host.wb, case_ids, kind, folder,
            style_file=host.wb.filings_style, include_personal=choice == "full",
            progress=lambda n, _t: app.call_from_thread(progress.advance, n))
    except Refused:
        progress.finished = True  # the message is shown; the dialog must not stay stuck
        progress.dismiss(None)
        raise
    progress.finish(result, str(folder))
    return True
