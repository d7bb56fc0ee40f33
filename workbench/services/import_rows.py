"""Import, the reading half: each data row of a file mapped through its profile into an
intake form, checked like intake, with every reason it is refused (no writes here)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from workbench.domain import validators as v
from workbench.domain.categories import Category
from workbench.domain.query import CATEGORY_OPTIONS, FilterError, resolve_choice
from workbench.domain.text_input import stored_text
from workbench.errors import RuleViolation
from workbench.i18n import _
from workbench.imports.profiles import Header, Profile, all_profiles, locate_header
from workbench.imports.reader import Sheet, read_sheets
from workbench.imports.rows import MappedRow
from workbench.services.intake import Checked, IntakeErrors, IntakeForm, check, cleaned


@dataclass
class PendingRow:
    """A row being worked on: its mapping, its form, and what was decided so far."""

    sheet: str
    mapped: MappedRow
    form: IntakeForm
    external_ref: str | None
    registered_on: date | None
    reasons: list[str]
    checked: Checked | None
    provider_id: int | None = None
    provider_name: str = ""  # the registered name it matched (or the new one)
    provider_note: str = ""
    new_provider: bool = False

    @property
    def key(self) -> tuple[str, str]:
        return ("ref", self.external_ref) if self.external_ref \
            else ("hash", self.mapped.content_hash)


# --- reading and checking rows (no writes) --------------------------------------------

def _title(profile: Profile, mapped: MappedRow) -> str:
    labels = []
    for raw in mapped.categories:  # as intake reads them: a code, a label or a fragment
        try:
            labels.append(Category(resolve_choice(raw, raw, CATEGORY_OPTIONS, "")).label)
        except FilterError:
            labels.append(raw)
    fields = {**{f: "" for f in ("provider", "name")}, **mapped.values,
              "categories": "、".join(labels)}
    return profile.title.format_map(fields).strip(" ：:")


def _form(profile: Profile, mapped: MappedRow, priority: str | None) -> IntakeForm:
    get = mapped.values.get
    demand_text, amount = get("demand_text", ""), get("demand_amount", "")
    if amount.strip() and not demand_text.strip():
        demand_text = profile.default_demand
    return IntakeForm(
        title=get("title", "") or _title(profile, mapped), kind=get("kind", "") or profile.kind,
        name=get("name", ""), phone=get("phone", ""), id_number=get("id_number", ""),
        bank_card=get("bank_card", ""), address=get("address", ""),
        merchant_name=get("merchant_name", ""), merchant_no=get("merchant_no", ""),
        provider=get("provider", ""), provider_uscc=get("provider_uscc", ""),
        terminal_sn=get("terminal_sn", ""), categories=list(mapped.categories),
        narrative=get("narrative", ""),
        demands=[(demand_text, amount)] if demand_text.strip() or amount.strip() else [],
        harm_known_on=get("harm_known_on", ""),
        priority=priority or get("priority", "") or "normal",
        scope=get("scope", ""), scope_reason=get("scope_reason", ""))


def _field(profile: Profile, key: str) -> str:
    """The import field an intake error key belongs to (`demand_1` → the amount's)."""
    if key.startswith("demand_") and key[7:].isdigit():
        return "demand_amount" if profile.column("demand_amount") else "demand_text"
    return key


def _where(profile: Profile, field: str) -> str:
    """The column a field's error is reported under."""
    field = _field(profile, field)
    if profile.column(field):
        return profile.header_of(field)
    return {"title": _("标题"), "kind": _("投诉人类型"), "priority": _("优先级")}.get(field, field)


def prepare_row(profile: Profile, sheet: str, mapped: MappedRow, today: date,
             priority: str | None) -> PendingRow:
    form = _form(profile, mapped, priority)
    errors: dict[str, str] = dict(mapped.errors)
    for column in profile.columns:
        if column.required and column.field in mapped.values \
                and not mapped.values[column.field].strip():
            errors.setdefault(column.field, _("未填写"))
        if column.required and column.field == "categories" and not mapped.categories:
            errors.setdefault("categories", _("未填写"))
    checked: Checked | None = None
    try:
        checked = check(form, today, narrative_required=False)
    except IntakeErrors as exc:
        for name, message in exc.errors.items():  # a cell already refused: said once
            errors.setdefault(_field(profile, name), message)
    ref = mapped.values.get("external_ref", "").strip()
    try:
        ref = stored_text(ref, field="external_ref", label=_("此项"))
    except v.ValidationError as exc:
        errors["external_ref"] = exc.message
    if len(ref) > 100:
        errors["external_ref"] = _("过长（最多 100 个字符）")
    registered = mapped.values.get("registered_on", "")
    reasons = [f"{_where(profile, name)}：{message}" for name, message in errors.items()]
    return PendingRow(sheet, mapped, cleaned(form, {}), ref or None,
                date.fromisoformat(registered) if registered and not errors.get(
                    "registered_on") else None, reasons, None if errors else checked)


def header_cells(profile: Profile, sheet: Sheet, header: Header) -> list[Any]:
    cells = list(sheet.rows[header.row_index][1])
    width = max([len(cells), *(at + 1 for at in header.columns.values())])
    cells += [None] * (width - len(cells))
    for name, at in header.columns.items():  # a two-row header: name the column plainly
        cells[at] = profile.header_of(name) if cells[at] is None else cells[at]
        if cells[at] is not None and str(cells[at]).strip() == "":
            cells[at] = profile.header_of(name)
    return cells


def _headers(profile: Profile, sheets: Sequence[Sheet]
             ) -> tuple[list[tuple[Sheet, Header]], Header | None]:
    found: list[tuple[Sheet, Header]] = []
    partial: Header | None = None
    for sheet in sheets:
        header = locate_header(profile, [cells for _, cells in sheet.rows])
        if header is None:
            continue
        if header.missing:
            partial = partial or header
            continue
        found.append((sheet, header))
    return found, partial


def read_with_profile(path: Path, profile: Profile | None, encoding: str | None
          ) -> tuple[Profile, list[tuple[Sheet, Header]]]:
    """The profile (the one named, else the first whose columns the file has) and each
    sheet with its header; a file no profile fits is a RuleViolation saying why."""
    sheets = read_sheets(path, encoding)
    candidates = [profile] if profile is not None else all_profiles()
    partial: tuple[Profile, Header] | None = None
    for candidate in candidates:
        found, missing = _headers(candidate, sheets)
        if found:
            return candidate, found
        if missing is not None and partial is None:
            partial = candidate, missing
    if partial is not None:
        chosen, header = partial
        missing_names = "、".join(chosen.header_of(f) for f in header.missing)
        raise RuleViolation(_("{path}：表头缺少必填列 {missing}（导入配置 {profile}）。").format(
            path=path.name, missing=missing_names, profile=chosen.name),
            _("请补上这些列，或用 --profile 选择与文件相符的导入配置。"))
    names = "、".join(p.name for p in candidates)
    raise RuleViolation(_("{path}：找不到与导入配置 {names} 相符的表头。").format(
        path=path.name, names=names),
        _("请检查文件的表头，或写一个导入配置（workbench import profiles 列出已有的）。"))
