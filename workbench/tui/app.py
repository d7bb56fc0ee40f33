"""The workbench App: thin; screens own their behaviour."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.markup import escape
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.theme import Theme, ThemeProvider

from workbench.config import LoadedSettings, Settings, save_setting, styles_dir
from workbench.fsutil import FILING_TEMP_GLOB
from workbench.i18n import N_, _, binding_description
from workbench.services.context import Workbench
from workbench.services.database import DEMO_INTAKE_QUESTION
from workbench.services.identity import Identity
from workbench.tui import typeahead
from workbench.tui.keyorder import KeyOrder
from workbench.tui.text import clean

if TYPE_CHECKING:  # the intake form's module loads the registry (rapidfuzz): not at start
    from workbench.services.intake import IntakeForm


class WorkbenchApp(App[None]):
    TITLE = N_("POS 投诉案件工作台")
    CSS_PATH = str(styles_dir() / "app.tcss")
    ENABLE_COMMAND_PALETTE = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", N_("退出工作台"), id="app.quit"),
        Binding("question_mark", "help", N_("按键帮助（当前可用的按键）"), id="app.help"),
        # naming command_palette stops Textual adding its own ctrl+p: both keys are ours
        Binding("ctrl+p,P", "command_palette", N_("命令面板：所有操作、视图和排序"),
                id="app.palette", show=False),
        Binding("T", "change_theme", N_("选择配色主题（记入配置文件）"),
                id="app.theme", show=False),
        Binding("A", "approvals", N_("待审批的请求（负责人批准或驳回）"),
                id="app.approvals", show=False),
    ]

    def __init__(self, wb: Workbench, loaded: LoadedSettings | None = None) -> None:
        super().__init__()
        self.wb = wb
        self.loaded = loaded
        self.settings = loaded.settings if loaded else Settings()
        self.title = _(self.TITLE)
        self.intake_draft: IntakeForm | None = None  # a cancelled or refused intake
        self.identity: Identity | None = None  # read once by the first header
        self._saved_theme = self.settings.theme
        self.told_decisions: set[int] = set()  # approval decisions notified (tui/approvals)
        self.key_order = KeyOrder(self)

    # Everything the app shows in a toast, the header or the window's title is text from
    # the one sanitiser, never markup: data (titles, reasons, names) often reaches them.
    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = False) -> None:
        super().notify(clean(message, one_line=False), title=clean(title), severity=severity,
                       timeout=timeout, markup=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # a form holding typed text closes itself, asking, on the quit keys (its own
        # bindings take them); here they do nothing and the footer offers no quit
        return not (action == "quit" and any(getattr(s, "ASKS_BEFORE_QUIT", False)
                                             for s in self.screen_stack))

    async def on_event(self, event: events.Event) -> None:
        if self.key_order.hold(event):  # a burst: after the key before it is done
            return
        fresh = isinstance(event, events.Key) and not event.is_forwarded
        if not typeahead.read(self, event):
            await super().on_event(event)
        if fresh:
            self.key_order.read(event)

    def on_key(self, event: events.Key) -> None:
        typeahead.follow_dialog(self, event)  # a burst after the key that opened a dialog

    def validate_title(self, title: Any) -> str:
        return clean(title)

    def validate_sub_title(self, sub_title: Any) -> str:
        return clean(sub_title)

    def on_mount(self) -> None:
        from workbench.tui.queue_screen import QueueScreen

        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        if self.settings.keymap:
            unknown = sorted(set(self.settings.keymap) - known_binding_ids())
            if unknown:
                self.notify(_("配置 [keymap] 中有未知的按键 id: {unknown} "
                              "（编号见说明书；终端宽 100 列以上时按 ? 可见）").format(
                                  unknown=", ".join(unknown)),
                            severity="warning", markup=False, timeout=10)
            self.set_keymap(self.settings.keymap)
        self.push_screen(QueueScreen())
        self.run_worker(self._sweep_filings, thread=True, group="sweep")

    def _sweep_filings(self) -> None:
        """Finish or undo the exports a kill interrupted, in the filings folder."""
        folder = self.wb.filings_dir or self.settings.resolved_filings_dir()
        if not folder.is_dir() or not any(folder.glob(FILING_TEMP_GLOB)):
            return  # nothing to finish: the filings code (python-docx) stays unloaded
        from workbench.services.filings import sweep_temps

        try:
            swept = sweep_temps(self.wb, folder)
        except Exception as exc:  # not in the way of the queue: `workbench doctor` reports it
            self.notify(_("文书目录未能清理：{exc}").format(
                        exc=exc), severity="warning", markup=False)
            return
        if swept.message:
            self.notify(f"{folder}: {swept.message}", markup=False, timeout=10)

    def _remember_theme(self, theme: Theme) -> None:
        # compared with what the file holds now, not at start-up: going back is a change too
        if self.loaded is None or theme.name == self._saved_theme:
            return
        try:
            save_setting(self.loaded.path, "theme", theme.name)
        except OSError as exc:
            self.notify(_("主题未能保存：{exc}").format(exc=exc), severity="warning", markup=False)
        else:
            self._saved_theme = theme.name

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):  # Textual's, in English
            yield command._replace(title=binding_description(command.title),
                                   help=binding_description(command.help))
        yield SystemCommand(_("个人信息访问记录"),
                            _("谁查看、导出了个人信息（负责人、管理员）"), self.action_access_log)
        yield SystemCommand(_("经办人"), _("登记、改角色、停用经办人（管理员）"),
                            self.action_people)
        yield SystemCommand(_("服务商登记"), _("查找、查看、修改、合并服务商（修改须负责人）"),
                            self.action_providers)
        yield SystemCommand(_("规律预警"), _("同类投诉集中等预警，组成共同投诉（负责人）"),
                            self.action_patterns)
        commands = getattr(screen, "palette_commands", None)
        if commands is not None:
            for title, help_text, callback in commands():
                # the palette parses markup: saved-view names come from a config file
                yield SystemCommand(escape(clean(title)), escape(clean(help_text)), callback)

    def action_command_palette(self) -> None:
        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(CommandPalette(
                id="--command-palette", placeholder=binding_description("Search for commands…")))

    def search_themes(self) -> None:
        self.push_screen(CommandPalette(providers=[ThemeProvider],
                                        placeholder=binding_description("Search for themes…")))

    def open_case(self, case_id: int) -> None:
        from workbench.tui.case_screen import CaseScreen

        self.push_screen(CaseScreen(case_id))

    def new_case(self, done: Callable[[int | None], None]) -> None:
        """Open the intake form with the draft in memory, else the one saved in the
        database (after a dropped connection), else empty. A demo database asks first:
        a real complaint does not belong with fictional data and a published key."""
        if self.wb.store.demo:
            from workbench.tui.dialogs import ConfirmDialog

            def answered(yes: bool | None) -> None:
                if yes:
                    self._new_case(done)

            self.push_screen(ConfirmDialog(_(DEMO_INTAKE_QUESTION)), answered)
            return
        self._new_case(done)

    def _new_case(self, done: Callable[[int | None], None]) -> None:
        if self.intake_draft is not None:
            self._open_intake(self.intake_draft, done)
            return

        typeahead.screen_coming(self)  # keys typed while the draft is read: into the form

        def load() -> None:
            from workbench.services import drafts

            try:
                draft = drafts.load_intake(self.wb)
            except Exception:
                draft = None  # no saved draft is no reason not to open the form
            self.call_from_thread(self._open_intake, draft, done)

        self.run_worker(load, thread=True, group="draft")

    def _open_intake(self, draft: IntakeForm | None,
                     done: Callable[[int | None], None]) -> None:
        from workbench.tui.intake_screen import IntakeScreen

        def finished(case_id: int | None) -> None:
            done(case_id)
            if case_id is not None:
                self.open_case(case_id)

        self.push_screen(IntakeScreen(draft), finished)

    def action_approvals(self) -> None:
        from workbench.tui.approvals import ApprovalsScreen

        if not isinstance(self.screen, ApprovalsScreen):
            self.push_screen(ApprovalsScreen())

    def action_access_log(self) -> None:
        from workbench.tui.access import AccessScreen

        if not isinstance(self.screen, AccessScreen):
            self.push_screen(AccessScreen())

    def action_people(self) -> None:
        from workbench.tui.people import PeopleScreen

        if not isinstance(self.screen, PeopleScreen):
            self.push_screen(PeopleScreen())

    def action_providers(self) -> None:
        from workbench.tui.providers import ProvidersScreen

        if not isinstance(self.screen, ProvidersScreen):
            self.push_screen(ProvidersScreen())

    def action_patterns(self) -> None:
        from workbench.tui.patterns import PatternsScreen

        if not isinstance(self.screen, PatternsScreen):
            self.push_screen(PatternsScreen())

    def action_help(self) -> None:
        from workbench.tui.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))


def known_binding_ids() -> set[str]:
    """Every binding id of the app and its screens, dialogs and widgets: what [keymap]
    may name (found by walking the TUI's classes, see `tui.keymap`)."""
    from workbench.tui.keymap import binding_ids, binding_owners

    return binding_ids([WorkbenchApp, *binding_owners()])


def run(wb: Workbench, loaded: LoadedSettings) -> None:
    WorkbenchApp(wb, loaded).run()
