"""`e`: the escalation picker, `u`: undo and `B`: bodies — flows shared by the queue and
the case screen.

The picker lists every other stage with what it requires (met ✓ / missing ✗) and the
deadline it would set; choosing one asks for a reason (required when skipping rungs or
moving down) and, for closing, the outcome and the amount recovered. The service decides;
a refusal is shown with the same words the CLI prints.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from workbench.domain.ladder import (
    CLOSING_OUTCOMES,
    OUTCOMES_WITH_MONEY,
    STAGES,
    Body,
    Outcome,
    Stage,
)
from workbench.domain.validators import ValidationError, yuan_to_fen
from workbench.domain.vocabulary import IndustryBody
from workbench.i18n import N_, _, pgettext
from workbench.services import escalation
from workbench.services.bulk import run_bulk
from workbench.services.escalation import StageOption
from workbench.tui import feedback
from workbench.tui.base import Refused, WorkbenchModal, WorkbenchScreen, flow
from workbench.tui.dialogs import AskDialog, ChecklistDialog, ConfirmDialog, PickDialog, keys_hint
from workbench.tui.text import plain

Host = WorkbenchScreen[Any]
LEGEND = N_("✓ 可直接转入 · ✎ 需填理由或申请批准 · ✗ 条件未满足 · ⌛ 待审批")


def _mark(option: StageOption) -> str:
    """✓ ready · ⌛ an approval already asked for · ✎ the picker asks for a reason or an
    approval · ✗ cannot be chosen."""
    if option.allowed_now:
        return "✓"
    if option.pending:
        return "⌛"
    return "✎" if option.choosable else "✗"


class StagePicker(WorkbenchModal[Stage | None]):
    """Choose the next stage; the highlighted one shows its requirements and deadline."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("取消"), id="dialog.cancel"),
    ]

    def __init__(self, title: str, stage_options: list[StageOption] | None,
                 case_id: int | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.stage_options = stage_options  # None: several cases, checked one by one
        self.case_id = case_id  # one case: its options are read once the picker is up

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box picker-box"):
            yield Label(plain(self.title_text), classes="dialog-title")
            yield OptionList(*self._options())
            if self.stage_options is not None or self.case_id is not None:  # under the marks
                yield Label(_(LEGEND), classes="picker-legend")
            yield Static(_("正在检查各阶段的条件…") if self.case_id is not None else "",
                         id="picker-detail")
            yield keys_hint(_("↑↓ 移动 · Enter 选择 · Esc 取消"))

    def on_mount(self) -> None:
        if self.case_id is not None:
            self.load(self.case_id)

    @flow(exclusive=True)
    async def load(self, case_id: int) -> None:
        try:
            self.stage_options = await self.run_service(escalation.options, self.wb, case_id)
        except Refused:
            self.dismiss(None)
            raise
        self.case_id = None
        options = self.query_one(OptionList)
        options.add_options(self._options())
        options.highlighted = 0

    def _options(self) -> list[Option]:
        if self.case_id is not None:
            return []  # still reading them
        if self.stage_options is None:
            return [Option(plain(info.label), id=info.stage.value) for info in STAGES]
        options = []
        for opt in self.stage_options:
            due = _("  期限 {day}{estimated}").format(
                day=opt.due.day, estimated="~" if opt.due.estimated else "") if opt.due else ""
            waiting = _("  待审批") if opt.pending else ""
            options.append(Option(plain(f"{_mark(opt)} {opt.label}{waiting}{due}",
                                        "" if opt.choosable else "dim"), id=opt.stage.value))
        return options

    def _option(self, stage_id: str | None) -> StageOption | None:
        return next((o for o in self.stage_options or () if o.stage.value == stage_id), None)

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        detail = self.query_one("#picker-detail", Static)
        chosen = self._option(event.option.id)
        if chosen is None:
            detail.update(plain(_("每件案件分别检查条件；不满足的会被拒绝并说明原因。")))
            return
        text = Text()
        if not chosen.choosable:
            text.append(_("✗ 不能选择「{stage}」，先满足：\n").format(stage=chosen.label),
                        style="bold red")
        if chosen.pending:
            text.append(_("⌛ 已申请进入「{stage}」，正等负责人审批（A 查看）\n").format(
                stage=chosen.label), style="bold")
        for req in chosen.requirements:
            # what the picker still asks for (a reason, an approval) carries the row's ✎
            sign = "✓ " if req.met else "✎ " if chosen.choosable else "✗ "
            text.append(sign, style="green" if req.met else "yellow" if chosen.choosable
                        else "red")
            text.append_text(plain(req.text))
            text.append("\n")
        if not chosen.requirements:
            text.append(_("没有额外条件\n"))
        if chosen.due:
            note = _("（预估：该年度节假日未知）") if chosen.due.estimated else ""
            text.append_text(plain(_("将设定期限：{day}{note}").format(
                                   day=chosen.due.day, note=note)))
        detail.update(text)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        chosen = self._option(event.option.id)
        if chosen is not None and not chosen.choosable:
            self.app.bell()  # the detail below already says why; the picker stays
            return
        self.dismiss(Stage(event.option.id or "intake"))

    def action_cancel(self) -> None:
        self.dismiss(None)


def _unmet(options: Sequence[StageOption] | None, stage: Stage, code: str) -> bool:
    return options is not None and any(
        r.code == code and not r.met for o in options if o.stage is stage
        for r in o.requirements)


def stage_picker(selection: dict[int, int], label: str) -> StagePicker:
    """`e`'s first step, pushed from the key at once; for one case it reads the case's
    options once up. `label` names the cases: "案件 TS-…" or "12 件案件"."""
    one = next(iter(selection)) if len(selection) == 1 else None
    return StagePicker(_("转阶段：{label}").format(label=label), None, case_id=one)


async def escalate(host: Host, selection: dict[int, int], label: str,
                   picker: StagePicker, stage: Stage | None) -> bool:
    """After the stage (`stage_picker`): the reason (and for closing the outcome and
    amount), then move the cases; a stage that needs approval asks for it instead. True
    if anything moved."""
    app, wb = host.app, host.wb
    options = picker.stage_options
    if stage is None:
        return False
    if _unmet(options, stage, "approval"):
        reason = await app.push_screen_wait(AskDialog(
            _("{cases} → {stage} 需要负责人批准：申请理由").format(
                cases=label, stage=stage.label),
            required=_("请写明申请理由（负责人据此审批）；Esc 取消"),
            keys=_("Enter 提交审批申请 · Esc 取消")))
        if reason is None:
            return False
        await host.run_service(escalation.request_approval, wb, next(iter(selection)),
                               stage, reason)
        app.notify(feedback.approval_requested(label, stage), markup=False, timeout=8)
        return False
    needed = _unmet(options, stage, "reason") or _unmet(options, stage, "business_scope")
    hint = _("理由（必填）") if needed else _("理由（可留空）")
    reason = await app.push_screen_wait(AskDialog(
        _("{cases} → {stage}：{hint}").format(cases=label, stage=stage.label, hint=hint), hint,
        required=_("这一步需要书面理由；Esc 取消") if needed else ""))
    if reason is None:
        return False
    outcome: Outcome | None = None
    fen: int | None = None
    if stage is Stage.CLOSED:
        value = await app.push_screen_wait(PickDialog(pgettext("label", "结案结果"), [
            (o.value, o.label) for o in CLOSING_OUTCOMES]))
        if value is None:
            return False
        outcome = Outcome(value)
        if outcome in OUTCOMES_WITH_MONEY and len(selection) > 1:
            # one amount for many cases would inflate every total: close those one by one
            host.show_error(_("已解决/部分解决需要逐件填写挽回金额；请逐件结案。"))
            return False
        if outcome in OUTCOMES_WITH_MONEY:
            raw = await app.push_screen_wait(AskDialog(_("挽回金额（元，如 1234.56；没有则 0）"),
                                                       "0"))
            if raw is None:
                return False
            try:
                fen = yuan_to_fen(raw)
            except ValidationError as exc:
                host.show_error(exc.message)
                return False
    body: IndustryBody | None = None
    if stage is Stage.INDUSTRY:  # the body decides the deadline rule
        value = await app.push_screen_wait(PickDialog(_("送往哪个行业监管机构"), [
            (b.value, b.label) for b in IndustryBody]))
        if value is None:
            return False
        body = IndustryBody(value)
    if len(selection) > 1 and not await app.push_screen_wait(ConfirmDialog(
            _("将 {label} 转到「{label2}」？不满足条件的案件会被拒绝并列出原因。").format(
            label=label, label2=stage.label))):
        return False
    result = await host.run_service(escalation.bulk_escalate, wb, selection, stage,
                                    reason=reason, outcome=outcome, recovered_fen=fen,
                                    body=body)
    if len(selection) == 1 and result.refused:
        host.show_error(result.refused[0][1], title=_("不能转阶段"))
    else:
        app.notify(feedback.bulk(result, feedback.moved(stage)),
                   severity="warning" if result.refused else "information",
                   markup=False, timeout=10)
    return True


async def undo_last(host: Host, case_id: int, version: int, ref: str) -> bool:
    """`u`: undo the case's last transition after a confirmation naming it."""
    last = await host.run_service(escalation.last_move, host.wb, case_id)
    if last is None:
        host.show_error(feedback.nothing_to_undo(ref))
        return False
    if not await host.app.push_screen_wait(ConfirmDialog(feedback.undo_question(ref, last))):
        return False
    case = await host.run_service(escalation.undo, host.wb, case_id, version)
    host.app.notify(feedback.undone(ref, last, Stage(case.stage)), markup=False)
    return True


async def record_bodies(host: Host, selection: dict[int, int], label: str,
                        current: Sequence[str]) -> bool:
    """`B`: tick the bodies that already hold the dispute (before an administrative rung)."""
    values = await host.app.push_screen_wait(ChecklistDialog(
        _("{label}：已受理该争议的机构").format(
        label=label), [(b.value, b.label) for b in Body], list(current)))
    if values is None:
        return False
    wb = host.wb
    bodies = [Body(x) for x in values]
    result = await host.run_service(run_bulk, wb, selection, lambda i, v: escalation.record_bodies(
        wb, i, v, bodies))
    host.app.notify(feedback.bulk(result, feedback.bodies_recorded), markup=False,
                    severity="warning" if result.refused else "information")
    return True
