"""The import screen (`I` in the queue, and the command palette): a file, its profile
(found from the header unless chosen) and encoding; a dry run in a worker with a progress
bar, each row's outcome in a table (`v` shows one in full), then `y` imports for real.
Esc stops a running pass between batches (a real run keeps the batches already written:
running it again completes it); otherwise it goes back to the queue."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import DataTable, Input, Label, ProgressBar, Select, Static

from workbench.domain.vocabulary import ImportOutcome
from workbench.i18n import N_, _
from workbench.services import imports
from workbench.services.imports import ImportReport, RowResult
from workbench.tui.base import Refused, WorkbenchScreen, flow
from workbench.tui.case.evidence import PathInput, PathSuggester
from workbench.tui.detail import DetailDialog, Record
from workbench.tui.footer import KeyFooter
from workbench.tui.text import plain

AUTO = "auto"
ENCODINGS = (("utf-8", "UTF-8"), ("gb18030", "GB18030 / GBK"))
OUTCOME_STYLE = {ImportOutcome.CREATE: "green", ImportOutcome.IMPORTED: "dim",
                 ImportOutcome.DUPLICATE: "yellow", ImportOutcome.REFUSED: "red"}


def row_record(row: RowResult) -> Record:
    """One row's outcome in full, for `v`."""
    return [(_("工作表"), row.sheet), (_("行"), str(row.row)), (_("结果"), row.label),
            (_("标题"), row.title), (_("外部编号"), row.external_ref),
            (_("服务商"), row.provider_note), (_("案件"), row.case_ref),
            (_("疑似重复"), "、".join(row.duplicates)), (_("原因"), "\n".join(row.reasons))]


class ImportScreen(WorkbenchScreen[bool]):
    """Dismissed with True when cases were created (the queue reloads)."""

    DEFAULT_CSS = """
    #import-options { height: 3; }
    #import-profile { width: 1fr; }
    #import-encoding { width: 26; }
    #import-progress { height: 1; padding: 0 1; }
    #import-rows { height: 1fr; }
    #import-status { height: 2; padding: 0 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "stop_or_back", N_("中止运行中的导入，或返回队列"), id="import.back"),
        Binding("f5,ctrl+r", "dry_run", N_("试运行（不写入）"), id="import.dry_run",
                priority=True),
        Binding("y", "confirm", N_("确认导入（试运行之后）"), id="import.confirm"),
        Binding("v", "detail", N_("查看当前行的完整结果"), id="import.detail"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.shown: ImportReport | None = None  # the last pass shown
        self.report: ImportReport | None = None  # a finished dry run, ready for `y`
        self.stop: threading.Event | None = None  # set by Esc while a pass runs
        self.created = False

    def compose(self) -> ComposeResult:
        yield Label(_("导入案件（电子表格或 12315 导出文件）"), classes="dialog-title")
        yield PathInput(placeholder=_("文件路径（Tab 补全；Enter 试运行）"),
                        suggester=PathSuggester(), id="import-path")
        with Horizontal(id="import-options"):
            yield Select([(_("导入配置：自动识别"), AUTO)]
                         + [(f"{p.name}（{p.label}）", p.name) for p in imports.profiles()],
                         value=AUTO, allow_blank=False, id="import-profile")
            yield Select([(_("编码：自动"), AUTO)] + [(label, code) for code, label in ENCODINGS],
                         value=AUTO, allow_blank=False, id="import-encoding")
        yield ProgressBar(id="import-progress", show_eta=False)
        yield DataTable(id="import-rows", cursor_type="row", zebra_stripes=True)
        yield Static(id="import-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns(_("行"), _("结果"), _("编号或原因"))
        self.query_one(ProgressBar).display = False  # until a pass starts
        self.query_one("#import-path", Input).focus()
        self.say(_("填写文件路径，按 Enter 或 F5 试运行；试运行之后按 y 导入。"))

    def say(self, text: str | Text) -> None:
        self.query_one("#import-status", Static).update(
            text if isinstance(text, Text) else plain(text, one_line=False))

    def _choice(self, ident: str) -> str | None:
        value = str(self.query_one(f"#{ident}", Select).value)
        return None if value == AUTO else value

    def _path(self) -> Path | None:
        raw = self.query_one("#import-path", Input).value.strip()
        return Path(os.path.expanduser(raw)) if raw else None

    # running a pass -----------------------------------------------------------------
    def _progress(self, done: int, total: int) -> None:
        self.app.call_from_thread(self.query_one(ProgressBar).update, total=total,
                                  progress=done)

    def _start(self, dry_run: bool) -> threading.Event | None:
        """The stop flag of a new pass, or None when one is running or there is no file."""
        if self.stop is not None:
            return None
        path = self._path()
        if path is None:
            self.say(_("请先填写要导入的文件路径。"))
            return None
        self.stop = threading.Event()
        bar = self.query_one(ProgressBar)
        bar.display = True
        bar.update(total=None, progress=0)
        self.say(_("正在试运行 {file}…（Esc 中止）").format(file=path.name) if dry_run
                 else _("正在导入 {file}…（Esc 中止）").format(file=path.name))
        self.run_pass(path, dry_run, self.stop)
        return self.stop

    @flow(group="import")
    async def run_pass(self, path: Path, dry_run: bool, stop: threading.Event) -> None:
        try:
            report = await self.run_service(
                imports.import_file, self.wb, path, profile=self._choice("import-profile"),
                dry_run=dry_run, encoding=self._choice("import-encoding"),
                progress=self._progress, cancelled=stop.is_set)
        except Refused:
            if self.is_attached:
                self.say(_("未能读取或导入该文件（见提示）。"))
            return
        finally:
            self.stop = None
        if self.is_attached:
            self.show(report)

    def show(self, report: ImportReport) -> None:
        self.shown = report
        table = self.query_one(DataTable)
        table.clear()
        for row in report.rows:
            table.add_row(Text(str(row.row), justify="right"),
                          Text(row.label, style=OUTCOME_STYLE[row.outcome]),
                          plain(row.detail))
        self.query_one("#import-profile", Select).value = report.profile
        if report.dry_run:
            self.report = None if report.cancelled else report
            hint = _("按 y 导入，或修改后按 F5 重新试运行。") if self.report else \
                _("试运行已中止，没有写入任何内容。")
            self.say(f"{report.summary}\n{hint}")
            if report.rows:
                table.focus()
            return
        self.report = None
        self.created = self.created or report.count(ImportOutcome.CREATE) > 0
        where = _("错误清单已写入 {path}").format(path=report.errors_path) \
            if report.errors_path else _("没有需要写入错误清单的行")
        self.say(_("导入完成：{summary}\n{where}").format(summary=report.summary, where=where))
        self.app.notify(_("导入完成：新建 {n} 件案件").format(
            n=report.count(ImportOutcome.CREATE)), markup=False)

    # keys ---------------------------------------------------------------------------
    def action_dry_run(self) -> None:
        self._start(dry_run=True)

    @on(Input.Submitted, "#import-path")
    def _path_submitted(self) -> None:
        self.action_dry_run()

    @on(Select.Changed)
    def _option_changed(self, event: Select.Changed) -> None:
        # the profile a dry run found is shown in its field: that changes nothing
        if self.report is not None and event.select.id == "import-profile" \
                and event.value == self.report.profile:
            return
        self.report = None  # another profile or encoding: the dry run no longer holds

    @on(Input.Changed, "#import-path")
    def _path_changed(self) -> None:
        self.report = None

    def action_confirm(self) -> None:
        if self.stop is not None:
            return
        if self.report is None:
            self.say(_("请先试运行（F5），看过每一行的结果后再按 y 导入。"))
            return
        self._start(dry_run=False)

    def action_stop_or_back(self) -> None:
        if self.stop is not None:
            self.stop.set()
            self.say(_("正在中止…（当前一批完成后停止）"))
            return
        self.dismiss(self.created)

    def action_detail(self) -> None:
        table = self.query_one(DataTable)
        shown = self.shown.rows if self.shown else ()
        if not shown or table.cursor_row >= len(shown):
            return
        row = shown[table.cursor_row]
        self.app.push_screen(DetailDialog(_("第 {row} 行").format(row=row.row),
                                          [row_record(row)]))
