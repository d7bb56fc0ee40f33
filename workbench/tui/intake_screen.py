"""`n`: register a new case. Every mistake shows under its field; nothing typed is lost —
a cancelled or refused form is kept as a draft and reopens with `n`."""

from __future__ import annotations

import contextlib
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Input, Label, Select, SelectionList, TextArea

from workbench.domain.ladder import PRIORITY_LABELS, Priority
from workbench.domain.vocabulary import DisputeScope
from workbench.errors import WorkbenchError
from workbench.services import drafts, intake
from workbench.services.cases import MERCHANT_SCOPE_REASON, default_scope, find_case
from workbench.services.intake import IntakeErrors, IntakeForm
from workbench.tui.base import Refused, WorkbenchScreen, flow
from workbench.tui.dialogs import PickDialog
from workbench.tui.footer import KeyFooter
from workbench.tui.text import SafeInput, SafeTextArea, plain

AUTOSAVE_SECONDS = 5.0

TEXT_FIELDS: tuple[tuple[str, str], ...] = (
    ("title", "案件标题 *"),
    ("name", "投诉人姓名 *"),
    ("phone", "手机号"),
    ("id_number", "身份证号"),
    ("bank_card", "银行卡号"),
    ("address", "地址"),
    ("merchant_name", "商户名称 (商户投诉必填)"),
    ("merchant_no", "商户编号"),
    ("provider", "服务商名称 * (已有的会自动匹配, 新的会建立)"),
    ("provider_superior", "服务商的上级机构 (新服务商时填写)"),
    ("provider_uscc", "服务商统一社会信用代码"),
    ("terminal_sn", "终端序列号 (SN)"),
    ("harm_known_on", "知道权益受损的日期 (如 2026-10-01)"),
)


class IntakeScreen(WorkbenchScreen[int | None]):
    """Returns the new case's id, or None when cancelled (the draft is kept)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s,f2", "save", "Register", id="intake.save", priority=True),
        Binding("escape", "cancel", "Cancel (keep draft)", id="intake.cancel"),
    ]

    def __init__(self, draft: IntakeForm | None) -> None:
        super().__init__()
        self.draft = draft or IntakeForm()
        self.submitting = False
        self.kind = self.draft.kind  # the scope follows a *change* of kind only

    def compose(self) -> ComposeResult:
        d = self.draft
        with VerticalScroll(id="intake"):
            yield Label("受理登记 New case — F2/ctrl+s 保存, Esc 取消 (保留草稿)",
                        classes="dialog-title")
            yield Select([("消费者 consumer", "consumer"), ("商户 merchant", "merchant")],
                         value=d.kind if d.kind in ("consumer", "merchant") else "consumer",
                         allow_blank=False, id="kind")
            scope, reason = default_scope(d.kind)
            if d.scope in DisputeScope._value2member_map_:
                scope, reason = DisputeScope(d.scope), d.scope_reason
            yield Label("争议性质 * (商户为经营使用POS的, 一般为经营活动)", classes="field-label")
            yield Select([(f"{s.label} {s.value}", s.value) for s in DisputeScope],
                         value=scope.value, allow_blank=False, id="scope")
            yield Label("", id="err-scope", classes="dialog-error")
            yield Label("认定理由 (经营活动必填)", classes="field-label")
            yield SafeInput(value=reason or d.scope_reason, id="scope_reason")
            yield Label("", id="err-scope_reason", classes="dialog-error")
            for name, label in TEXT_FIELDS:
                yield Label(label, classes="field-label")
                yield SafeInput(value=str(getattr(d, name)), id=name)
                yield Label("", id=f"err-{name}", classes="dialog-error")
            yield Label("投诉类别 * (space 勾选, 第一个为主要类别)", classes="field-label")
            yield SelectionList[str](*[(plain(label), code, code in d.categories)
                                       for code, label in intake.CATEGORY_CHOICES],
                                     id="categories")
            yield Label("", id="err-categories", classes="dialog-error")
            yield Label("优先级", classes="field-label")
            yield Select([(PRIORITY_LABELS[p], p.value) for p in Priority],
                         value=d.priority if d.priority in Priority._value2member_map_
                         else "normal", allow_blank=False, id="priority")
            yield Label("事实与理由", classes="field-label")
            yield SafeTextArea(d.narrative, soft_wrap=True, id="narrative")
            yield Label("", id="err-narrative", classes="dialog-error")
            yield Label("投诉请求: 每行一项, 金额用 | 分隔 (如: 退还押金 | 299)",
                        classes="field-label")
            yield SafeTextArea("\n".join(f"{t} | {a}" if a else t for t, a in d.demands),
                           id="demands")
            yield Label("", id="err-demands", classes="dialog-error")
        yield KeyFooter()

    def form(self) -> IntakeForm:
        values = {name: self.query_one(f"#{name}", Input).value for name, _ in TEXT_FIELDS}
        demands = []
        for line in self.query_one("#demands", TextArea).text.splitlines():
            if line.strip():
                text, _, amount = line.partition("|")
                demands.append((text.strip(), amount.strip()))
        return IntakeForm(
            kind=str(self.query_one("#kind", Select).value),
            categories=list(self.query_one("#categories", SelectionList).selected),
            priority=str(self.query_one("#priority", Select).value),
            scope=str(self.query_one("#scope", Select).value),
            scope_reason=self.query_one("#scope_reason", Input).value,
            narrative=self.query_one("#narrative", TextArea).text,
            demands=demands, **values)

    def show_errors(self, errors: dict[str, str]) -> None:
        for label in self.query(".dialog-error"):
            if isinstance(label, Label) and label.id and label.id.startswith("err-"):
                label.update("")
        first = None
        for name, message in errors.items():
            target = "demands" if name.startswith("demand_") else name
            found = self.query(f"#err-{target}")
            if found:
                label = found.first(Label)
                label.update(plain(f"✗ {message}"))
                first = first or target
        if first:
            widget = self.query(f"#{first}")
            if widget:
                widget.first().focus()
        self.app.notify(f"有 {len(errors)} 处需要修改", severity="warning", markup=False)

    @on(Select.Changed, "#kind")
    def kind_changed(self, event: Select.Changed) -> None:
        """Propose the kind's scope; a reason the caseworker wrote is kept."""
        if str(event.value) == self.kind:
            return
        self.kind = str(event.value)
        scope, reason = default_scope(self.kind)
        self.query_one("#scope", Select).value = scope.value
        field = self.query_one("#scope_reason", Input)
        if not field.value.strip() or field.value == MERCHANT_SCOPE_REASON:
            field.value = reason

    def on_mount(self) -> None:
        self.saved = self.form()
        self.set_interval(AUTOSAVE_SECONDS, self.autosave)

    def autosave(self) -> None:
        """Every few seconds, keep what changed in the database (encrypted)."""
        form = self.form()
        if form != self.saved:
            self.saved = form
            self.persist(form)

    @flow(group="draft", exclusive=True)
    async def persist(self, form: IntakeForm) -> None:
        # a failure is shown; the draft also stays in memory
        await self.run_service(drafts.save_intake, self.wb, form)

    def action_cancel(self) -> None:
        self.wbapp.intake_draft = self.form()
        self.persist(self.wbapp.intake_draft)
        self.dismiss(None)

    def action_save(self) -> None:
        if self.submitting:
            return  # F2 pressed twice: one case, not two
        form = self.form()
        self.wbapp.intake_draft = form  # kept until the case is really registered
        self.persist(form)
        try:
            intake.check(form, self.wb.today())
        except IntakeErrors as exc:
            self.show_errors(exc.errors)
            return
        self.submit(form)

    @flow(group="submit", exclusive=True)
    async def submit(self, form: IntakeForm) -> None:
        self.submitting = True
        try:
            case_id = await self._submit(form)
        finally:
            self.submitting = False
        if case_id is not None:
            self.wbapp.intake_draft = None
            with contextlib.suppress(Refused):  # shown; the case is registered all the same
                await self.run_service(drafts.clear_intake, self.wb)
            self.registered(case_id)

    async def _submit(self, form: IntakeForm) -> int | None:
        """Register the case, asking first when it may duplicate an open one."""
        allow_duplicate = False
        while True:
            try:
                case = await self.run_service_except(
                    (WorkbenchError,), intake.submit, self.wb, form,
                    allow_duplicate=allow_duplicate)
            except IntakeErrors as exc:
                self.show_errors(exc.errors)
                return None
            except WorkbenchError as exc:
                dupes: list[str] | None = getattr(exc, "duplicates", None)
                if not dupes:
                    self.show_error(exc.message)
                    return None
                choice = await self.app.push_screen_wait(PickDialog(
                    "可能重复: 该投诉人对同一服务商已有未结案件",
                    [*[(f"open:{ref}", f"打开已有案件 {ref}") for ref in dupes],
                     ("new", "确认是新的投诉, 继续登记"), ("back", "返回修改")]))
                if choice == "new":
                    allow_duplicate = True
                    continue
                if choice and choice.startswith("open:"):
                    await self.open_existing(choice.removeprefix("open:"))
                return None
            return case.id

    async def open_existing(self, ref: str) -> None:
        case = await self.run_service(find_case, self.wb, ref)
        app = self.wbapp  # this screen is gone once dismissed: keep the app
        self.dismiss(None)
        if case.id is not None:
            app.open_case(case.id)

    def registered(self, case_id: int | None) -> None:
        if not self.is_attached:
            return
        self.app.notify("已登记", markup=False)
        self.dismiss(case_id)
