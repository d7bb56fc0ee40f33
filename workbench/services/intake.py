"""Intake: turn what a caseworker typed (or a TOML file) into a new case.

Every field is validated at once and every mistake is reported with its field, so a form
can show them all and keep what was typed. A complainant who already has an open case
against the same provider (and terminal) is a likely duplicate: the caller is told which
case, and decides.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields, replace
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from workbench.bounded_read import SETTINGS_LIMIT, read_bounded_text
from workbench.domain import events
from workbench.domain import validators as v
from workbench.domain.categories import CATEGORY_LABELS, Category
from workbench.domain.ladder import Priority, Role, Status
from workbench.domain.query import CATEGORY_OPTIONS, FilterError, resolve_choice
from workbench.domain.text_input import stored_text
from workbench.domain.vocabulary import DisputeScope
from workbench.errors import RuleViolation
from workbench.i18n import _
from workbench.services.cases import (
    CaseDraft,
    ComplainantDraft,
    Demand,
    assign_case,
    create_case,
    default_scope,
)
from workbench.services.context import Workbench
from workbench.services.identity import person
from workbench.services.registry import registered
from workbench.store.audit import ChainWriter
from workbench.store.models import Case, Complainant, Provider

MAX_NARRATIVE = 200_000


@dataclass
class IntakeForm:
    """What was typed, as text: nothing is lost when a field is wrong."""

    title: str = ""
    kind: str = "consumer"
    name: str = ""
    phone: str = ""
    id_number: str = ""
    bank_card: str = ""
    address: str = ""
    merchant_name: str = ""
    merchant_no: str = ""
    provider: str = ""
    provider_superior: str = ""
    provider_uscc: str = ""
    terminal_sn: str = ""
    categories: list[str] = field(default_factory=list)
    narrative: str = ""
    demands: list[tuple[str, str]] = field(default_factory=list)  # (text, yuan)
    harm_known_on: str = ""
    priority: str = "normal"
    scope: str = ""  # consumer | business; empty: from the complainant's kind
    scope_reason: str = ""


@dataclass
class Checked:
    complainant: ComplainantDraft
    categories: list[Category]
    demands: list[Demand]
    harm_known_on: date | None
    priority: Priority
    scope: DisputeScope = DisputeScope.CONSUMER
    scope_reason: str = ""


class IntakeErrors(RuleViolation):
    """Every field that is wrong, with its message (field → message)."""

    def __init__(self, errors: dict[str, str]) -> None:
        lines = "; ".join(f"{name}: {message}" for name, message in errors.items())
        super().__init__(_("登记信息有误：{lines}").format(
                             lines=lines), _("请改正上述字段；尚未保存任何内容。"))
        self.errors = errors


def cleaned(form: IntakeForm, errors: dict[str, str]) -> IntakeForm:
    """The form with control, escape and bidi characters removed from every field (newlines
    and tabs kept in the narrative); a field holding NUL or a lone surrogate is put into
    `errors` and kept as typed."""
    values: dict[str, Any] = {}

    def one(name: str, raw: str, multiline: bool = False) -> str:
        try:
            return stored_text(raw, field=name, label=_("此项"), multiline=multiline)
        except v.ValidationError as exc:
            errors[name] = exc.message
            return raw

    for item in fields(IntakeForm):
        raw = getattr(form, item.name)
        if isinstance(raw, str):
            values[item.name] = one(item.name, raw, item.name == "narrative")
    values["categories"] = [one("categories", c) for c in form.categories]
    values["demands"] = [(one(f"demand_{i}", text), one(f"demand_{i}", amount))
                         for i, (text, amount) in enumerate(form.demands, start=1)]
    return replace(form, **values)


def check(form: IntakeForm, today: date, *, narrative_required: bool = True) -> Checked:
    """Validate every field as of ``today``; raise IntakeErrors naming all mistakes at once.
    A complaint states its facts and reasons; an imported row may leave them to the
    import profile (`narrative_required=False`)."""
    errors: dict[str, str] = {}
    form = cleaned(form, errors)

    def run(name: str, fn: Any, raw: str) -> Any:
        if not raw.strip():
            return ""
        try:
            return fn(raw)
        except v.ValidationError as exc:
            errors[name] = exc.message
            return ""

    if not form.title.strip():
        errors["title"] = _("请填写案件标题")
    if not form.name.strip():
        errors["name"] = _("请填写投诉人姓名")
    if form.kind not in ("consumer", "merchant"):
        errors["kind"] = _("投诉人类型应为 consumer 或 merchant")
    if form.kind == "merchant" and not form.merchant_name.strip():
        errors["merchant_name"] = _("商户投诉请填写商户名称")
    phone = run("phone", v.mobile, form.phone)
    id_number = run("id_number", partial(v.resident_id, today=today), form.id_number)
    card = run("bank_card", v.bank_card, form.bank_card)
    if form.provider_uscc.strip():
        run("provider_uscc", v.uscc, form.provider_uscc)
    if not form.provider.strip():
        errors["provider"] = _("请填写或选择服务商")
    categories: list[Category] = []
    for raw in form.categories:
        try:
            code = resolve_choice(raw, raw.strip(), CATEGORY_OPTIONS, _("类别"))
        except FilterError as exc:
            errors["categories"] = exc.message
            continue
        if Category(code) not in categories:
            categories.append(Category(code))
    if not categories:
        errors.setdefault("categories", _("请至少选择一个投诉类别"))
    if narrative_required and not form.narrative.strip():
        errors["narrative"] = _("事实与理由必填：写明投诉的事实和理由")
    if len(form.narrative) > MAX_NARRATIVE:
        errors["narrative"] = _("事实与理由过长（超过 {MAX_NARRATIVE:,} 字）").format(
                                  MAX_NARRATIVE=MAX_NARRATIVE)
    demands: list[Demand] = []
    for i, (text, amount) in enumerate(form.demands, start=1):
        if not text.strip():
            if amount.strip():
                errors[f"demand_{i}"] = _("请写明请求内容")
            continue
        fen = 0
        if amount.strip():
            try:
                fen = v.yuan_to_fen(amount)
            except v.ValidationError as exc:
                errors[f"demand_{i}"] = exc.message
        demands.append(Demand(text.strip(), fen))
    harm = run("harm_known_on", v.parse_date, form.harm_known_on)
    if form.priority not in Priority._value2member_map_:
        errors["priority"] = _("优先级应为 low, normal, high 或 urgent")
    scope, scope_reason = _check_scope(form, errors)
    if errors:
        raise IntakeErrors(errors)
    return Checked(
        complainant=ComplainantDraft(
            name=form.name.strip(), kind=form.kind, phone=phone, id_number=id_number,
            bank_card=card, address=form.address.strip(),
            merchant_name=form.merchant_name.strip(), merchant_no=form.merchant_no.strip()),
        categories=categories, demands=demands, harm_known_on=harm or None,
        priority=Priority(form.priority), scope=scope, scope_reason=scope_reason)


def field_errors(form: IntakeForm, today: date) -> dict[str, str]:
    """`check`'s mistakes by form field ({} when the form would register): what the form
    shows under a field as it is left (the demands' lines count as the one field)."""
    try:
        check(form, today)
    except IntakeErrors as exc:
        errors: dict[str, str] = {}
        for name, message in exc.errors.items():
            errors.setdefault("demands" if name.startswith("demand_") else name, message)
        return errors
    return {}


def _check_scope(form: IntakeForm, errors: dict[str, str]) -> tuple[DisputeScope, str]:
    """The scope typed, or the complainant kind's default (a merchant: 经营活动 with the
    default reason, which the caseworker may change); a business scope needs a reason."""
    default, default_reason = default_scope(form.kind)
    reason = form.scope_reason.strip()
    raw = form.scope.strip()
    if not raw:
        return default, reason or default_reason
    code = {s.label: s.value for s in DisputeScope}.get(raw, raw)
    if code not in DisputeScope._value2member_map_:
        errors["scope"] = _("争议性质应为 consumer（生活消费）或 business（经营活动）")
        return default, reason
    if DisputeScope(code) is DisputeScope.BUSINESS and not reason:
        errors["scope_reason"] = _("认定为经营活动争议需要写明理由")
    return DisputeScope(code), reason


def find_providers(wb: Workbench, text: str, limit: int = 20) -> list[tuple[int, str]]:
    """Providers whose name or short name contains `text`."""
    with wb.store.session() as session:
        rows = session.execute(
            select(col(Provider.id), col(Provider.name))
            .where(col(Provider.name).contains(text.strip(), autoescape=True)
                   | col(Provider.short_name).contains(text.strip(), autoescape=True))
            .order_by(col(Provider.name)).limit(limit)).all()
    return [(pid, name) for pid, name in rows]


def duplicates(wb: Workbench, draft: ComplainantDraft, provider_name: str,
               terminal_sn: str) -> list[str]:
    """Refs of open cases of the same complainant against the same provider (and terminal).

    Same complainant: the same name and the same phone or ID number (compared after
    decryption; encrypted columns cannot be searched in SQL)."""
    with wb.store.session() as session:
        return duplicates_in(session, draft, provider_name, terminal_sn)


def duplicates_in(session: Session, draft: ComplainantDraft, provider_name: str,
                  terminal_sn: str) -> list[str]:
    """`duplicates` inside the caller's transaction (an import sees its own batch)."""
    rows = session.execute(
        select(Case, Complainant)
        .join(Complainant, col(Complainant.id) == col(Case.complainant_id))
        .join(Provider, col(Provider.id) == col(Case.provider_id))
        .where(col(Complainant.name) == draft.name, col(Provider.name) == provider_name,
               col(Case.status) != Status.CLOSED.value)).all()
    return [case.ref for case, person in rows
            if same_complaint(draft, terminal_sn, person, case.terminal_sn)]


def same_complaint(draft: ComplainantDraft, terminal_sn: str,
                   person: ComplainantDraft | Complainant, case_terminal_sn: str) -> bool:
    """Whether a complaint by `draft` about `terminal_sn` is likely the open one by
    `person` about `case_terminal_sn` (same complainant name and provider already)."""
    same_terminal = not terminal_sn or not case_terminal_sn or case_terminal_sn == terminal_sn
    return same_person(draft, person) and same_terminal


def same_person(draft: ComplainantDraft | Complainant,
                person: ComplainantDraft | Complainant) -> bool:
    """Whether `person` (same name already) is `draft`: the same phone or ID number, or
    neither is known."""
    return bool((draft.phone and person.phone == draft.phone) or (
        draft.id_number and person.id_number == draft.id_number) or (
        not draft.phone and not draft.id_number))


def _provider_id(wb: Workbench, form: IntakeForm, session: Session,
                 chain: ChainWriter) -> int:
    """The named provider, created (with its superior) when it is not known yet, in the
    case's own transaction."""

    def get_or_create(name: str, superior_id: int | None, uscc: str = "") -> int:
        found = registered(session, name)  # by its name or an alias
        if found is not None and found.id is not None:
            return found.id
        row = Provider(name=name, superior_id=superior_id, uscc=uscc,
                       kind="payment_institution" if superior_id is None else "agent")
        session.add(row)
        session.flush()
        assert row.id is not None
        chain.append(events.provider_added(row.id, name), wb.actor)
        return row.id

    superior = get_or_create(form.provider_superior.strip(), None) \
        if form.provider_superior.strip() else None
    provider = get_or_create(form.provider.strip(), superior,
                             v.uscc(form.provider_uscc) if form.provider_uscc.strip()
                             else "")
    return provider


def submit(wb: Workbench, form: IntakeForm, *, allow_duplicate: bool = False) -> Case:
    """Validate, check for duplicates, then create the case (and its provider if new)."""
    checked = check(form, wb.today())
    form = cleaned(form, {})
    if not allow_duplicate:
        dupes = duplicates(wb, checked.complainant, form.provider.strip(), form.terminal_sn)
        if dupes:
            error = RuleViolation(
                _("可能重复：该投诉人对同一服务商已有未结案件 {items}。").format(
                    items=', '.join(dupes)),
                _("请改为打开该案件，或确认这是一件新投诉"
                  "（--allow-duplicate）。"))
            error.duplicates = dupes  # type: ignore[attr-defined]
            raise error
    case = create_case(wb, CaseDraft(
        title=form.title.strip(), complainant=checked.complainant, provider_id=0,
        categories=checked.categories, narrative=form.narrative, demands=checked.demands,
        terminal_sn=form.terminal_sn.strip(), harm_known_on=checked.harm_known_on,
        priority=checked.priority, scope=checked.scope, scope_reason=checked.scope_reason),
        provider=partial(_provider_id, wb, form))
    with wb.store.session() as session:
        registrar = person(session, wb.actor)
        takes_it = registrar is not None and registrar.active \
            and registrar.role == Role.CASEWORKER.value
    if takes_it:  # a caseworker's own registration is theirs (a supervisor's waits)
        assert case.id is not None
        case = assign_case(wb, case.id, case.version, wb.actor)
    return case


@dataclass(frozen=True)
class Registered:
    """A case intake has just registered."""

    id: int
    ref: str
    due_on: str  # the intake deadline, YYYY-MM-DD ("" when none)
    due_estimated: bool

    @property
    def confirmation(self) -> str:
        """What the caseworker is told: the case's ref and its deadline."""
        due = _("，办理期限 {due_on}{estimated}").format(
                  due_on=self.due_on, estimated=_('（预估）') if self.due_estimated else '') \
            if self.due_on else ""
        return _("已登记 {ref}{due}").format(ref=self.ref, due=due)


def register(wb: Workbench, form: IntakeForm, *, allow_duplicate: bool = False) -> Registered:
    """`submit`, returning the registered case as a read model."""
    case = submit(wb, form, allow_duplicate=allow_duplicate)
    assert case.id is not None
    return Registered(case.id, case.ref, case.due_on.isoformat() if case.due_on else "",
                      case.due_estimated)


def form_from_toml(path: Path) -> IntakeForm:
    """An intake form from a TOML file (see README › Intake from a file)."""
    try:
        data = tomllib.loads(read_bounded_text(path, SETTINGS_LIMIT, _("登记文件")))
    except tomllib.TOMLDecodeError as exc:
        raise RuleViolation(_("{path} 格式错误：{exc}").format(
                                path=path, exc=exc), _("请修正 TOML 语法。")) from exc
    person = data.get("complainant", {})
    provider = data.get("provider", {})
    if not isinstance(person, dict) or not isinstance(provider, dict):
        raise RuleViolation(_("[complainant] 和 [provider] 应为 TOML 表。"),
                            _("见 README › New cases。"))
    raw_demands = data.get("demands", [])
    if not isinstance(raw_demands, list) or not all(isinstance(d, dict) for d in raw_demands):
        raise RuleViolation(_("demands 应为 [[demands]] 表的列表。"), _("见 README › New cases。"))
    raw_categories = data.get("categories", [])
    if isinstance(raw_categories, str):
        raw_categories = [raw_categories]
    if not isinstance(raw_categories, list):
        raise RuleViolation(_("categories 应为文字列表，如 [\"跳码\"]."),
                            _("见 README › New cases。"))

    def text(table: dict[str, Any], key: str, default: str = "") -> str:
        value = table.get(key, default)
        return value.isoformat() if isinstance(value, date) else str(value)

    demands = [(text(d, "text"), text(d, "amount", "0")) for d in raw_demands]
    categories = raw_categories
    return IntakeForm(
        title=text(data, "title"), kind=text(person, "kind", "consumer"),
        name=text(person, "name"), phone=text(person, "phone"),
        id_number=text(person, "id_number"), bank_card=text(person, "bank_card"),
        address=text(person, "address"), merchant_name=text(person, "merchant_name"),
        merchant_no=text(person, "merchant_no"), provider=text(provider, "name"),
        provider_superior=text(provider, "superior"), provider_uscc=text(provider, "uscc"),
        terminal_sn=text(data, "terminal_sn"), categories=[str(c) for c in categories],
        narrative=text(data, "narrative"), demands=demands,
        harm_known_on=text(data, "harm_known_on"), priority=text(data, "priority", "normal"),
        scope=text(data, "scope"), scope_reason=text(data, "scope_reason"))


CATEGORY_CHOICES = [(c.value, label) for c, label in CATEGORY_LABELS.items()]
