"""`E` on a case: correct what was registered wrong — its own fields, the complainant's
name, phone and ID number, the provider, the categories and the demands (with amounts).
Each dialog opens on the current value (a personal one shown masked, typed anew)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.domain.ladder import Priority
from workbench.domain.vocabulary import CaseField
from workbench.i18n import _
from workbench.services import corrections, intake
from workbench.tui.dialogs import AskDialog, ChecklistDialog, PickDialog, TextDialog

if TYPE_CHECKING:
    from workbench.services.case_view import CaseView
    from workbench.tui.base import ServiceCalls

# what `E` offers, in this order
CORRECTABLE = (CaseField.TITLE, CaseField.PRIORITY, CaseField.NARRATIVE,
               CaseField.TERMINAL_SN, CaseField.COMPLAINANT_NAME, CaseField.PHONE,
               CaseField.ID_NUMBER, CaseField.PROVIDER, CaseField.CATEGORIES,
               CaseField.DEMANDS)
PERSONAL = frozenset({CaseField.COMPLAINANT_NAME, CaseField.PHONE, CaseField.ID_NUMBER})


def demands_text(view: CaseView) -> str:
    """The demands as the intake form takes them: one a line, an amount after `|`."""
    lines = []
    for text, amount in view.case.demands:
        yuan = amount.removeprefix("¥")
        lines.append(f"{text} | {yuan}" if yuan.strip("0.,") else text)
    return "\n".join(lines)


def masked_now(view: CaseView, field: CaseField) -> str:
    if field is CaseField.COMPLAINANT_NAME:
        return view.complainant.name
    return next((line.value for line in view.complainant.personal
                 if line.field == field.value), "")


def correction_picker() -> PickDialog:
    """Which field (`E`'s first step, pushed from the key at once)."""
    return PickDialog(_("修改哪一项？"), [(f.value, f.label) for f in CORRECTABLE])


async def ask_correction(host: ServiceCalls, view: CaseView, field: str | None
                         ) -> tuple[str, str | list[str]] | None:
    """After the field (`correction_picker`), its new value as typed (categories: their
    codes); None: cancelled."""
    app, case = host.app, view.case
    if field is None:
        return None
    chosen = CaseField(field)
    label = chosen.label
    value: str | list[str] | None
    if chosen is CaseField.PRIORITY:
        value = await app.push_screen_wait(
            PickDialog(label, [(p.value, p.label) for p in Priority]))
    elif chosen is CaseField.NARRATIVE:
        value = await app.push_screen_wait(TextDialog(label, case.narrative))
    elif chosen is CaseField.DEMANDS:
        value = await app.push_screen_wait(TextDialog(
            _("投诉请求（每行一项，金额用 | 分隔，如：退还押金 | 299）"), demands_text(view),
            check=corrections.demand_lines))
    elif chosen is CaseField.CATEGORIES:
        value = await app.push_screen_wait(ChecklistDialog(
            _("投诉类别（第一个为主要类别）"), intake.CATEGORY_CHOICES,
            list(case.category_codes)))
        if value is not None and not value:
            host.show_error(_("请至少选择一个投诉类别"))
            return None
    elif chosen in PERSONAL:
        now = masked_now(view, chosen)
        value = await app.push_screen_wait(AskDialog(
            _("{label}（现为 {now}）").format(label=label, now=now or _("未填写")),
            _("输入正确的{label}").format(label=label)))
    else:
        current = {CaseField.TITLE: case.title, CaseField.TERMINAL_SN: case.terminal_sn,
                   CaseField.PROVIDER: view.provider}[chosen]
        value = await app.push_screen_wait(AskDialog(label, "", current))
    return None if value is None else (field, value)
