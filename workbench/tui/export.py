"""`x`: export filings for the current case or the marked ones, with a progress bar."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Checkbox, Label, OptionList, ProgressBar
from textual.widgets.option_list import Option

from workbench.services import filings
from workbench.services.bulk import BulkResult
from workbench.tui.base import Refused, WorkbenchModal, WorkbenchScreen
from workbench.tui.dialogs import PickDialog
from workbench.tui.text import plain

PERSONAL_OPTIONS = (("masked", "打码 (默认, 最少必要)"),
                    ("full", "完整的身份证号和手机号 (会记入审计日志)"))


class ExportOptions(WorkbenchModal[tuple[str, bool] | None]):
    """Personal data masked or full, and whether this is a draft (草稿: no 文号)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="export.cancel"),
        Binding("d", "toggle_draft", "草稿", id="export.draft"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label("个人信息 Personal data", classes="dialog-title")
            yield OptionList(*[Option(label, id=value) for value, label in PERSONAL_OPTIONS],
                             id="export-personal")
            yield Checkbox("草稿（不编号）", id="export-draft")

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        assert event.option.id is not None
        self.dismiss((event.option.id, self.query_one("#export-draft", Checkbox).value))

    def action_toggle_draft(self) -> None:
        self.query_one("#export-draft", Checkbox).toggle()

    def action_cancel(self) -> None:
        self.dismiss(None)


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
    cases), whether personal data is included and whether it is a draft, then export with
    a progress bar. True if the export ran."""
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
    how = await app.push_screen_wait(ExportOptions())
    if how is None:
        return False
    choice, draft = how
    progress = ExportProgress(len(case_ids))
    await app.push_screen(progress)
    folder = host.wb.filings_dir or app.settings.resolved_filings_dir()
    try:
        result = await host.run_service(
            filings.export_many, host.wb, case_ids, kind, folder,
            style_file=host.wb.filings_style, include_personal=choice == "full", draft=draft,
            progress=lambda n, _t: app.call_from_thread(progress.advance, n))
    except Refused:
        progress.finished = True  # the message is shown; the dialog must not stay stuck
        progress.dismiss(None)
        raise
    progress.finish(result, str(folder))
    return True
