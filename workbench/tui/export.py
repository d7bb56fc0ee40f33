"""`x`: export filings for the current case or the marked ones, with a progress bar."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, ProgressBar

from workbench.filings.documents import KIND_INFO, FilingKind
from workbench.services import filings
from workbench.services.queue import BulkResult
from workbench.tui.dialogs import PickDialog
from workbench.tui.text import clean, plain

if TYPE_CHECKING:
    from collections.abc import Callable

    from workbench.tui.app import WorkbenchApp


class ExportProgress(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter", "close", "Close", id="export.close"),
    ]

    def __init__(self, total: int) -> None:
        super().__init__(classes="dialog")
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


def start_export(app: WorkbenchApp, case_ids: list[int], stage: str | None,
                 done: Callable[[], None]) -> None:
    """Pick a kind (those the stage offers, or any for several cases), then export."""
    if stage is not None:
        kinds = filings.kinds_for(stage)
        options = [(k.value, f"{KIND_INFO[k].label}  {k.value}") for k in kinds]
    else:
        options = [("auto", "按各案件阶段自动选择 (auto)"),
                   *[(k.value, f"{KIND_INFO[k].label}  {k.value}") for k in FilingKind]]
    what = "本案" if len(case_ids) == 1 else f"{len(case_ids):,} 件案件"

    def chosen(kind: str | None) -> None:
        if kind is None:
            return
        app.push_screen(PickDialog("个人信息 Personal data", [
            ("masked", "打码 (默认, 最少必要)"),
            ("full", "完整的身份证号和手机号 (会记入审计日志)")]),
            lambda choice: personal_chosen(kind, choice))

    def personal_chosen(kind: str, choice: str | None) -> None:
        if choice is not None:
            run_export(kind, choice == "full")

    def run_export(kind: str, include_personal: bool) -> None:
        progress = ExportProgress(len(case_ids))
        app.push_screen(progress)
        folder = app.wb.filings_dir or app.settings.resolved_filings_dir()

        def run() -> None:
            try:
                result = filings.export_many(
                    app.wb, case_ids, kind, folder, style_file=app.wb.filings_style,
                    include_personal=include_personal,
                    progress=lambda n, _t: app.call_from_thread(progress.advance, n))
            except Exception as exc:
                app.call_from_thread(app.notify, clean(exc), severity="error", markup=False)
                return
            app.call_from_thread(progress.finish, result, str(folder))
            app.call_from_thread(done)

        app.run_worker(run, thread=True, group="export")

    app.push_screen(PickDialog(f"为{what}导出文书 (个人信息默认打码)", options), chosen)
