"""`n`: register a new case. Every mistake shows under its field; nothing typed is lost —
a cancelled or refused form is kept as a draft and reopens with `n`."""

from __future__ import annotations

import contextlib
from dataclasses import replace
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Label, SelectionList, Static, TextArea

from workbench.domain.ladder import PRIORITY_LABELS, Priority
from workbench.domain.vocabulary import DisputeScope
from workbench.errors import WorkbenchError
from workbench.i18n import N_, _, pgettext
from workbench.services import drafts, intake, providers
from workbench.services.cases import MERCHANT_SCOPE_REASON, default_scope, find_case
from workbench.services.intake import IntakeErrors, IntakeForm, Registered
from workbench.tui.base import Refused, WorkbenchScreen, flow
from workbench.tui.dialogs import PickDialog
from workbench.tui.footer import KeyFooter
from workbench.tui.intake_fields import (
    KIND_CHOICES,
    SECTIONS,
    TEXT_FIELDS,
    Field,
    FormSelect,
    has_typed_text,
    row,
)
from workbench.tui.intake_provider import ProviderChoices, ProviderInput
from workbench.tui.text import SafeInput, SafeTextArea, plain
from workbench.tui.ticks import TickList
from workbench.tui.typeahead import HoldsKeys

AUTOSAVE_SECONDS = 5.0


class IntakeScreen(HoldsKeys, WorkbenchScreen[int | None]):
    """Returns the new case's id, or None when closed (the draft kept or discarded)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s,f2", "save", N_("登记"), id="intake.save", priority=True),
        Binding("f4", "section(1)", N_("下一节"), id="intake.next_section", priority=True),
        Binding("f3", "section(-1)", N_("上一节"), id="intake.prev_section", priority=True),
        Binding("escape", "cancel", N_("关闭"), id="intake.cancel"),
        Binding("ctrl+q", "cancel", N_("关闭"), id="intake.close", show=False, priority=True),
    ]
    ASKS_BEFORE_QUIT = True  # the app's quit keys close this form, asking (WorkbenchApp)

    def __init__(self, draft: IntakeForm | None) -> None:
        super().__init__()
        self.draft = draft or IntakeForm()
        self.submitting = False
        self.kind = self.draft.kind  # the scope follows a *change* of kind only
        self.choices = ProviderChoices(id="provider-choices")

    def compose(self) -> ComposeResult:
        yield Static(id="intake-bar")
        body = VerticalScroll(id="intake")
        body.can_focus = False  # Tab goes from field to field; the body scrolls to each
        with body:
            for section in SECTIONS:
                with Vertical(id=f"section-{section.key}", classes="intake-section"):
                    yield Label("── " + _(section.title), classes="section-title")
                    for field in section.fields:
                        yield from self.field(field)
        yield KeyFooter()

    def field(self, field: Field) -> ComposeResult:
        """One field's row, its error line and, for the provider, its suggestions."""
        d = self.draft
        widget: Widget
        tall = field.kind in ("categories", "text")
        hint = pgettext("label", field.placeholder)
        if field.name == "kind":
            widget = FormSelect([(_(label), kind) for label, kind in KIND_CHOICES],
                                value=d.kind if d.kind in ("consumer", "merchant")
                                else "consumer", allow_blank=False, compact=True, id="kind")
        elif field.name == "scope":
            scope, _reason = default_scope(d.kind)
            if d.scope in DisputeScope._value2member_map_:
                scope = DisputeScope(d.scope)
            widget = FormSelect([(s.label, s.value) for s in DisputeScope], value=scope.value,
                                allow_blank=False, compact=True, id="scope")
        elif field.name == "priority":
            widget = FormSelect([(PRIORITY_LABELS[p], p.value) for p in Priority],
                                value=d.priority if d.priority in Priority._value2member_map_
                                else "normal", allow_blank=False, compact=True, id="priority")
        elif field.name == "scope_reason":
            _scope, reason = default_scope(d.kind)
            if d.scope in DisputeScope._value2member_map_:
                reason = d.scope_reason
            widget = SafeInput(value=reason or d.scope_reason, placeholder=hint,
                               compact=True, id="scope_reason")
        elif field.name == "categories":
            widget = TickList(*[(plain(label), code, code in d.categories)
                                for code, label in intake.CATEGORY_CHOICES],
                              compact=True, id="categories")
        elif field.name == "narrative":
            widget = SafeTextArea(d.narrative, soft_wrap=True, compact=True, id="narrative")
        elif field.name == "demands":
            widget = SafeTextArea("\n".join(f"{t} | {a}" if a else t for t, a in d.demands),
                                  compact=True, id="demands")
        elif field.name == "provider":
            widget = ProviderInput(self.choices, value=d.provider,
                                   placeholder=hint, compact=True, id="provider")
        else:
            widget = SafeInput(value=str(getattr(d, field.name)),
                               placeholder=hint, compact=True, id=field.name)
        yield from row(field, widget, tall=tall)
        if tall and field.placeholder:
            yield Label(hint, id=f"help-{field.name}", classes="field-help")
        if field.name == "provider":
            yield self.choices

    def form(self) -> IntakeForm:
        values = {name: self.query_one(f"#{name}", Input).value for name in TEXT_FIELDS}
        demands = []
        for line in self.query_one("#demands", TextArea).text.splitlines():
            if line.strip():
                text, _sep, amount = line.partition("|")
                demands.append((text.strip(), amount.strip()))
        return IntakeForm(
            kind=str(self.query_one("#kind", FormSelect).value),
            categories=list(self.query_one("#categories", SelectionList).selected),
            priority=str(self.query_one("#priority", FormSelect).value),
            scope=str(self.query_one("#scope", FormSelect).value),
            scope_reason=self.query_one("#scope_reason", Input).value,
            narrative=self.query_one("#narrative", TextArea).text,
            demands=demands, **values)

    def show_errors(self, errors: dict[str, str]) -> None:
        for label in self.query(".field-error"):
            if isinstance(label, Label):
                label.update("")
                label.display = False
        first = None
        for name, message in errors.items():
            target = "demands" if name.startswith("demand_") else name
            found = self.query(f"#err-{target}")
            if found:
                label = found.first(Label)
                label.update(plain(f"✗ {message}"))
                label.display = True
                first = first or target
        if first:
            widget = self.query(f"#{first}")
            if widget:
                widget.first().focus()
        self.app.notify(_("有 {count} 处需要修改").format(
                        count=len(errors)), severity="warning", markup=False)

    # -- a field is checked as it is left, its error cleared as soon as it is right ------

    def _error_line(self, widget: Widget | None) -> tuple[str, Label] | None:
        name = widget.id if widget is not None else None
        found = self.query(f"#err-{name}") if name else None
        return (name, found.first(Label)) if name and found else None

    def check_field(self, widget: Widget | None, *, left: bool) -> None:
        """Show or clear the error under `widget` by intake's own checks. Leaving a field
        shows its mistake (an empty field is told at F2); typing only clears one."""
        line = self._error_line(widget)
        if line is None or not (left or line[1].display):
            return
        name, label = line
        form = self.form()
        message = intake.field_errors(form, self.wb.today()).get(name)
        value = getattr(form, name, "")
        if message and (line[1].display or (value.strip() if isinstance(value, str)
                                            else bool(value))):
            label.update(plain(f"✗ {message}"))
            label.display = True
        elif not message:
            label.update("")
            label.display = False

    @on(events.DescendantBlur)
    def field_left(self, event: events.DescendantBlur) -> None:
        self.check_field(event.widget, left=True)

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(SelectionList.SelectedChanged)
    @on(FormSelect.Changed)
    def field_changed(self, event: Message) -> None:
        self.check_field(getattr(event, "control", None), left=False)

    @on(TickList.Found)
    def category_found(self, event: TickList.Found) -> None:
        """Typing in the category list finds a category; the help line says what."""
        found = (_("查找「{query}」：{label}（空格 勾选）") if event.label
                 else _("查找「{query}」：没有这样的类别")).format(query=event.query,
                                                            label=event.label)
        self.query_one("#help-categories", Label).update(plain(found))

    @on(events.DescendantBlur, "#categories")
    def category_left(self) -> None:
        field = next(f for s in SECTIONS for f in s.fields if f.name == "categories")
        self.query_one("#help-categories", Label).update(pgettext("label", field.placeholder))

    @on(FormSelect.Changed, "#kind")
    def kind_changed(self, event: FormSelect.Changed) -> None:
        """Propose the kind's scope; a reason the caseworker wrote is kept."""
        if str(event.value) == self.kind:
            return
        self.kind = str(event.value)
        scope, reason = default_scope(self.kind)
        self.query_one("#scope", FormSelect).value = scope.value
        field = self.query_one("#scope_reason", Input)
        if not field.value.strip() or field.value == MERCHANT_SCOPE_REASON:
            field.value = reason

    def on_mount(self) -> None:
        self.saved = self.form()
        self.set_interval(AUTOSAVE_SECONDS, self.autosave)
        self.choices.display = False
        for label in self.query(".field-error"):
            label.display = False
        self.query_one("#name").focus()  # where the work starts
        self.show_section()
        self.load_providers()

    @flow(group="providers")
    async def load_providers(self) -> None:
        index = await self.run_service(providers.load_index, self.wb)
        self.query_one("#provider", ProviderInput).index = index

    # -- sections: a bar naming them, F4/F3 to move between them -----------------------

    def section_of(self, widget: Widget | None) -> int:
        for node in widget.ancestors_with_self if widget is not None else ():
            if node.id and node.id.startswith("section-"):
                return [f"section-{s.key}" for s in SECTIONS].index(node.id)
        return 0

    def show_section(self) -> None:
        from rich.text import Text

        current = self.section_of(self.focused)
        bar = Text(_("受理登记  "), style="bold", no_wrap=True, end="")
        for i, section in enumerate(SECTIONS):
            if i:
                bar.append(" › ", style="dim")
            bar.append(f" {_(section.title)} ", style="reverse bold" if i == current else "")
        self.query_one("#intake-bar", Static).update(bar)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self.show_section()
        for node in self.query(".field-row.-current"):
            node.remove_class("-current")
        if isinstance(event.widget.parent, Horizontal):
            event.widget.parent.add_class("-current")  # its label stands out
        if event.widget.id != "provider":
            self.choices.hide()

    def action_section(self, step: int) -> None:
        target = (self.section_of(self.focused) + step) % len(SECTIONS)
        section = self.query_one(f"#section-{SECTIONS[target].key}")
        first = next(w for w in section.query("*") if w.focusable)
        first.focus(scroll_visible=False)
        self.query_one("#intake", VerticalScroll).scroll_to_widget(section, top=True,
                                                                 animate=False)

    # -- the provider field --------------------------------------------------------------

    @on(Input.Changed, "#provider")
    def provider_typed(self) -> None:
        self.query_one("#provider", ProviderInput).refresh_choices()

    @on(Input.Submitted, "#provider")
    def provider_chosen(self) -> None:
        if self.query_one("#provider", ProviderInput).take_choice():
            self.focus_next()

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

    @flow(group="close", exclusive=True)
    async def action_cancel(self) -> None:
        """Close the form; what was typed is kept as a draft or discarded, as chosen."""
        form = self.form()
        choice: str | None = "discard"
        if has_typed_text(form, default_scope(form.kind)[1]):
            choice = await self.app.push_screen_wait(PickDialog(
                _("关闭登记表？已填写的内容尚未登记"), [
                    ("back", _("继续填写")), ("keep", _("保留为草稿（按 n 继续）")),
                    ("discard", _("丢弃已填写的内容"))]))
        if choice in (None, "back"):
            return
        app = self.wbapp  # this screen is gone once dismissed: keep the app
        if choice == "keep":
            app.intake_draft = form
            self.persist(form)
            self.dismiss(None)
            return
        app.intake_draft = None
        self.dismiss(None)
        with contextlib.suppress(Refused):
            await self.run_service(drafts.clear_intake, self.wb)

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
            case = await self._submit(form)
        finally:
            self.submitting = False
        if case is not None:
            self.wbapp.intake_draft = None
            with contextlib.suppress(Refused):  # shown; the case is registered all the same
                await self.run_service(drafts.clear_intake, self.wb)
            self.registered(case)

    async def _provider_confirmed(self, form: IntakeForm) -> IntakeForm | None:
        """The form with a registered provider, or a new one the caseworker confirmed
        after seeing the nearest registered ones; None: back to the form."""
        check = await self.run_service(providers.check_new, self.wb, form.provider)
        if check.registered is not None:
            return form
        choice = await self.app.push_screen_wait(PickDialog(check.question, [
            *[(f"use:{m.name}", _("改用「{name}」").format(name=m.name)) for m in check.near],
            ("new", _("新建服务商「{text}」").format(text=check.text)), ("back", _("返回修改"))]))
        if choice == "new":
            return form
        if choice and choice.startswith("use:"):
            name = choice.removeprefix("use:")
            self.query_one("#provider", Input).value = name
            return replace(form, provider=name)
        self.query_one("#provider").focus()
        return None

    async def _submit(self, form: IntakeForm) -> Registered | None:
        """Register the case, asking first when its provider is new or it may duplicate
        an open one."""
        confirmed = await self._provider_confirmed(form)
        if confirmed is None:
            return None
        form = confirmed
        self.wbapp.intake_draft = form
        allow_duplicate = False
        while True:
            try:
                case = await self.run_service_except(
                    (WorkbenchError,), intake.register, self.wb, form,
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
                    _("可能重复：该投诉人对同一服务商已有未结案件"),
                    [*[(f"open:{ref}", _("打开已有案件 {ref}").format(ref=ref)) for ref in dupes],
                     ("new", _("确认是新的投诉，继续登记")), ("back", _("返回修改"))]))
                if choice == "new":
                    allow_duplicate = True
                    continue
                if choice and choice.startswith("open:"):
                    await self.open_existing(choice.removeprefix("open:"))
                return None
            return case

    async def open_existing(self, ref: str) -> None:
        case = await self.run_service(find_case, self.wb, ref)
        app = self.wbapp  # this screen is gone once dismissed: keep the app
        self.dismiss(None)
        if case.id is not None:
            app.open_case(case.id)

    def registered(self, case: Registered) -> None:
        if not self.is_attached:
            return
        self.app.notify(case.confirmation, markup=False, timeout=8)
        self.dismiss(case.id)
