"""Correcting a registered case: what the caseworker typed wrong at intake — the
complainant's name, phone or ID number, the provider, the categories, the demands and
their amounts — fixed afterwards, each change audited as a `field_changed` event with
old → new (personal values masked in the event itself: the record keeps no clear copy).

The case's own fields go through `cases.edit_case`; this adds the complainant's and the
provider, and reads the caseworker's text for the demands the way intake does."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from workbench.domain import events, validators
from workbench.domain.masking import mask_id, mask_name, mask_phone
from workbench.domain.vocabulary import CaseField
from workbench.errors import RuleViolation
from workbench.i18n import _
from workbench.services import cases
from workbench.services.context import Workbench
from workbench.services.providers import load_index
from workbench.store.audit import ChainWriter
from workbench.store.models import Case, Complainant, Provider

# the complainant's fields a correction may change: how a value is checked, how it is
# shown in the record
PERSON: dict[str, tuple[Callable[[str, date], str], Callable[[str], str]]] = {
    CaseField.COMPLAINANT_NAME.value: (
        lambda raw, _today: cases.clean_text(raw, _("投诉人姓名")).strip(), mask_name),
    CaseField.PHONE.value: (lambda raw, _today: validators.mobile(raw), mask_phone),
    CaseField.ID_NUMBER.value: (
        lambda raw, today: validators.resident_id(raw, today=today) if raw.strip() else "",
        mask_id),
}
COLUMN = {CaseField.COMPLAINANT_NAME.value: "name", CaseField.PHONE.value: "phone",
          CaseField.ID_NUMBER.value: "id_number"}


def demand_lines(text: str) -> list[dict[str, object]]:
    """The demands as typed, one a line, an amount after `|` (as in the intake form)."""
    demands: list[dict[str, object]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        wording, _sep, amount = line.partition("|")
        if not wording.strip():
            if amount.strip():
                raise RuleViolation(_("第 {n} 行：请写明请求内容").format(n=number),
                                    _("每行一项，金额用 | 分隔（如：退还押金 | 299）"))
            continue
        try:
            fen = validators.yuan_to_fen(amount) if amount.strip() else 0
        except validators.ValidationError as exc:
            raise RuleViolation(_("第 {n} 行：{message}").format(n=number, message=exc.message),
                                _("金额写成元，如 299 或 299.50")) from exc
        demands.append({"text": wording.strip(), "amount_fen": fen})
    return demands


def correct(wb: Workbench, case_id: int, expected_version: int, field: str,
            value: str | list[str]) -> Case:
    """Change one field of a registered case as typed (categories: their codes)."""
    if field == CaseField.DEMANDS.value:
        return cases.edit_case(wb, case_id, expected_version,
                               {field: demand_lines(str(value))})
    if field == CaseField.PROVIDER.value:
        return _change_provider(wb, case_id, expected_version, str(value))
    if field in PERSON:
        return _change_person(wb, case_id, expected_version, field, str(value))
    return cases.edit_case(wb, case_id, expected_version, {field: value})


def _change_person(wb: Workbench, case_id: int, expected_version: int, field: str,
                   raw: str) -> Case:
    check, shown = PERSON[field]
    try:
        value = check(raw, wb.today())
    except validators.ValidationError as exc:
        raise RuleViolation(exc.message, _("改正后再保存，或按 Esc 取消。")) from exc
    if field == CaseField.COMPLAINANT_NAME.value and not value:
        raise RuleViolation(_("请填写投诉人姓名"), _("改正后再保存，或按 Esc 取消。"))
    with wb.store.write() as session:
        chain = wb.chain(session)
        case = cases.load_for_update(session, case_id, expected_version)
        person = session.get(Complainant, case.complainant_id)
        assert person is not None
        old = getattr(person, COLUMN[field])
        if old == value:
            return case
        setattr(person, COLUMN[field], value)
        chain.append(events.field_changed(field, shown(old) if old else "",
                                          shown(value) if value else ""),
                     wb.actor, case_id=case.id, at=chain.at)
        _saved(wb, session, chain, case)
    return case


def _change_provider(wb: Workbench, case_id: int, expected_version: int, name: str) -> Case:
    index = load_index(wb)
    found = index.registered(name) or next(
        (m for m in index.suggest(name, 1) if name.strip() in (m.name, m.short_name)), None)
    if found is None:
        near = "、".join(m.name for m in index.suggest(name, 3)) or _("无")
        raise RuleViolation(_("没有登记名为「{name}」的服务商").format(name=name.strip()),
                            _("写登记的全称或简称；相近：{near}").format(near=near))
    with wb.store.write() as session:
        chain = wb.chain(session)
        case = cases.load_for_update(session, case_id, expected_version)
        if case.provider_id == found.id:
            return case
        old = session.get(Provider, case.provider_id)
        case.provider_id = found.id
        chain.append(events.field_changed(CaseField.PROVIDER.value, old.name if old else "",
                                          found.name), wb.actor, case_id=case.id, at=chain.at)
        _saved(wb, session, chain, case)
    return case


def _saved(wb: Workbench, session: Session, chain: ChainWriter, case: Case) -> None:
    """The corrected case as a new version, reindexed, its events closed into the chain."""
    case.updated_at, case.updated_by = chain.at, wb.actor
    flag_modified(case, "updated_at")  # a new version, even within one clock tick
    session.flush()
    cases.reindex(session, case)
    chain.close()
