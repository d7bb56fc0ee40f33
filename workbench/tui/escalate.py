"""`e`: the escalation picker, and `u`: undo — shared by the queue and the case screen.

The picker lists every other stage with what it requires (met ✓ / missing ✗) and the
deadline it would set; choosing one asks for a reason (required when skipping rungs or
moving down) and, for closing, the outcome and the amount recovered. The service decides;
a refusal is shown with the same words the CLI prints.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from workbench.domain.ladder import OUTCOME_LABELS, OUTCOMES_WITH_MONEY, Outcome, Stage
from workbench.domain.validators import ValidationError, yuan_to_fen
from workbench.errors import WorkbenchError
from workbench.services import escalation
from workbench.services.escalation import StageOption
from workbench.services.queue import BulkResult
from workbench.tui.dialogs import AskDialog, ConfirmDialog, PickDialog
from workbench.tui.text import clean, plain

if TYPE_CHECKING:
    from workbench.tui.app import WorkbenchApp


class StagePicker(ModalScreen[Stage | None]):
    """Choose the next stage; the highlighted one shows its requirements and deadline."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
    ]

    def __init__(self, title: str, stage_options: list[StageOption] | None) -> None:
        super().__init__(classes="dialog")
        self.title_text = title
        self.stage_options = stage_options  # None: several cases, checked one by one

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box picker-box"):
            yield Label(plain(self.title_text), classes="dialog-title")
            yield OptionList(*self._options())
            yield Static(id="picker-detail")
            yield Label("Enter 选择 · Esc 取消", classes="dialog-help")

    def _options(self) -> list[Option]:
        if self.stage_options is None:
            from workbench.domain.ladder import STAGES

            return [Option(plain(f"{info.label}  ({info.stage.value})"), id=info.stage.value)
                    for info in STAGES]
        options = []
        for opt in self.stage_options:
            mark = "✓" if opt.allowed_now else "✗"
            due = f"  期限 {opt.due.day}{'~' if opt.due.estimated else ''}" if opt.due else ""
            options.append(Option(plain(f"{mark} {opt.label}  ({opt.stage.value}){due}"),
                                  id=opt.stage.value))
        return options

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        detail = self.query_one("#picker-detail", Static)
        if self.stage_options is None:
            detail.update(plain("每件案件分别检查条件; 不满足的会被拒绝并说明原因."))
            return
        chosen = next(o for o in self.stage_options if o.stage.value == event.option.id)
        text = Text()
        for req in chosen.requirements:
            text.append("✓ " if req.met else "✗ ", style="green" if req.met else "red")
            text.append_text(plain(req.text))
            text.append("\n")
        if not chosen.requirements:
            text.append("没有额外条件\n")
        if chosen.due:
            note = " (预估: 该年度节假日未知)" if chosen.due.estimated else ""
            text.append_text(plain(f"将设定期限: {chosen.due.day}{note}"))
        detail.update(text)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(Stage(event.option.id or "intake"))

    def action_cancel(self) -> None:
        self.dismiss(None)


class Escalation:
    """The steps after a stage is picked, then the service call in a worker."""

    def __init__(self, app: WorkbenchApp, selection: dict[int, int], label: str,
                 done: Callable[[], None]) -> None:
        self.app = app
        self.selection = selection
        self.label = label  # "案件 TS-…" or "12 件案件"
        self.done = done

    def start(self) -> None:
        if len(self.selection) == 1:
            self._load_options(next(iter(self.selection)))
        else:
            self._pick(None)

    def _load_options(self, case_id: int) -> None:
        def run() -> None:
            try:
                options = escalation.options(self.app.wb, case_id)
            except Exception as exc:
                self.app.call_from_thread(self._error, clean(exc))
                return
            self.app.call_from_thread(self._pick, options)

        self.app.run_worker(run, thread=True, group="escalate")

    def _error(self, message: str) -> None:
        self.app.notify(message, severity="error", markup=False, timeout=10)

    def _pick(self, options: list[StageOption] | None) -> None:
        self.options = options
        self.app.push_screen(StagePicker(f"转阶段: {self.label}", options), self._stage)

    def _stage(self, stage: Stage | None) -> None:
        if stage is None:
            return
        self.stage = stage
        needs_approval = self.options is not None and any(
            r.code == "approval" and not r.met for o in self.options if o.stage is stage
            for r in o.requirements)
        if needs_approval:
            self.app.push_screen(AskDialog(f"{self.label} → {stage.value} 需要负责人批准: "
                                           "申请理由 (Enter 提交审批申请)"), self._request)
            return
        needs_reason = self.options is not None and any(
            r.code == "reason" and not r.met for o in self.options if o.stage is stage
            for r in o.requirements)
        hint = "理由 (必填)" if needs_reason else "理由 (可留空)"
        self.app.push_screen(AskDialog(f"{self.label} → {stage.value}: {hint}", hint),
                             self._reason)

    def _request(self, reason: str | None) -> None:
        if reason is None:
            return
        case_id = next(iter(self.selection))

        def run() -> None:
            try:
                request = escalation.request_approval(self.app.wb, case_id, self.stage, reason)
            except Exception as exc:
                message = exc.message if isinstance(exc, WorkbenchError) else clean(exc)
                self.app.call_from_thread(self._error, message)
                return
            self.app.call_from_thread(self.app.notify, f"已提交审批申请 #{request.id}; "
                                      "负责人在审批列表 (A) 中处理", markup=False)

        self.app.run_worker(run, thread=True, group="escalate")

    def _reason(self, reason: str | None) -> None:
        if reason is None:
            return
        self.reason = reason
        if self.stage is Stage.CLOSED:
            self.app.push_screen(PickDialog("结案结果 Outcome", [
                (o.value, f"{OUTCOME_LABELS[o]}  {o.value}") for o in Outcome]), self._outcome)
        else:
            self._confirm(None, None)

    def _outcome(self, value: str | None) -> None:
        if value is None:
            return
        outcome = Outcome(value)
        if outcome in OUTCOMES_WITH_MONEY and len(self.selection) > 1:
            # one amount for many cases would inflate every total: close those one by one
            self._error("已解决/部分解决需要逐件填写挽回金额; 请逐件结案.")
            return
        if outcome in OUTCOMES_WITH_MONEY:
            self.app.push_screen(AskDialog("挽回金额 (元, 如 1234.56; 没有则 0)", "0"),
                                 lambda raw: self._amount(outcome, raw))
        else:
            self._confirm(outcome, None)

    def _amount(self, outcome: Outcome, raw: str | None) -> None:
        if raw is None:
            return
        try:
            fen = yuan_to_fen(raw)
        except ValidationError as exc:
            self._error(exc.message)
            return
        self._confirm(outcome, fen)

    def _confirm(self, outcome: Outcome | None, fen: int | None) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                self._run(outcome, fen)

        if len(self.selection) > 1:
            self.app.push_screen(ConfirmDialog(
                f"将 {self.label} 转到「{self.stage.value}」? 不满足条件的案件会被拒绝并列出原因."),
                answered)
        else:
            answered(True)

    def _run(self, outcome: Outcome | None, fen: int | None) -> None:
        def run() -> None:
            try:
                result = escalation.bulk_escalate(self.app.wb, self.selection, self.stage,
                                                  reason=self.reason, outcome=outcome,
                                                  recovered_fen=fen)
            except Exception as exc:
                self.app.call_from_thread(self._error, clean(exc))
                return
            self.app.call_from_thread(self._finished, result)

        self.app.run_worker(run, thread=True, group="escalate")

    def _finished(self, result: BulkResult) -> None:
        if len(self.selection) == 1 and result.refused:
            self.app.notify(result.refused[0][1], title="不能转阶段", severity="error",
                            markup=False, timeout=12)
        else:
            self.app.notify(result.summary(), severity="warning" if result.refused
                            else "information", markup=False, timeout=10)
        self.done()


def undo_last(app: WorkbenchApp, case_id: int, version: int, ref: str,
              done: Callable[[], None]) -> None:
    """`u`: undo the case's last transition after a confirmation naming it."""

    def answered(yes: bool | None) -> None:
        if yes:
            _undo(app, case_id, version, done)

    app.push_screen(ConfirmDialog(f"撤销 {ref} 的最近一次阶段变更?"), answered)


def _undo(app: WorkbenchApp, case_id: int, version: int, done: Callable[[], None]) -> None:
    def run() -> None:
        try:
            case = escalation.undo(app.wb, case_id, version)
        except WorkbenchError as exc:
            app.call_from_thread(app.notify, exc.message, severity="error", markup=False,
                                 timeout=10)
            return
        except Exception as exc:
            app.call_from_thread(app.notify, clean(exc), severity="error", markup=False)
            return
        app.call_from_thread(app.notify, f"{case.ref}: 已撤销, 回到 {case.stage}",
                             markup=False)
        app.call_from_thread(done)

    app.run_worker(run, thread=True, group="escalate")


def record_bodies(app: WorkbenchApp, selection: dict[int, int], label: str,
                  current: list[str], done: Callable[[], None]) -> None:
    """`b`: tick the bodies that already hold the dispute (before an administrative rung)."""
    from workbench.domain.ladder import BODY_LABELS, Body
    from workbench.services.queue import run_bulk
    from workbench.tui.dialogs import ChecklistDialog

    def chosen(values: list[str] | None) -> None:
        if values is None:
            return

        def run() -> None:
            result = run_bulk(selection, lambda i, v: escalation.record_bodies(
                app.wb, i, v, [Body(x) for x in values]))
            app.call_from_thread(app.notify, result.summary(), markup=False,
                                 severity="warning" if result.refused else "information")
            app.call_from_thread(done)

        app.run_worker(run, thread=True, group="escalate")

    options = [(b.value, BODY_LABELS[b]) for b in Body]
    app.push_screen(ChecklistDialog(f"{label}: 已受理该争议的机构", options, current), chosen)
