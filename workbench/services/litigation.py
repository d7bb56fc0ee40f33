"""What a court paper needs beyond the complaint (issue 11 item 7): the case's litigation
details (the clause at issue, a 个体工商户's code and premises among them), the
complainant's 民族, each change audited. The provider's 法定代表人 and addressees are
registry data (`services.registry_edit`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from workbench.domain import events
from workbench.domain import validators as v
from workbench.domain.vocabulary import LitigationKey
from workbench.errors import NotFound, RuleViolation
from workbench.i18n import _
from workbench.services.cases import load_for_update
from workbench.services.context import Workbench
from workbench.store.models import Complainant
from workbench.terminal_text import CONTROL  # controls but tab and line breaks; bidi

MAX_TEXT = 2000


@dataclass(frozen=True, slots=True)
class LitigationView:
    """The case's court-paper details, labelled."""

    ref: str
    lines: tuple[tuple[str, str], ...]


def _text(value: object, label: str, limit: int = MAX_TEXT) -> str:
    text = str(value).strip()
    if len(text) > limit:
        raise RuleViolation(_("{label}过长（{n} 字，上限 {limit}）。").format(
                                label=label, n=len(text), limit=limit), _("请精简后重试。"))
    if CONTROL.search(text):  # escape sequences and the like: never stored
        raise RuleViolation(_("{label}含有非法字符。").format(
                                label=label), _("请删去控制字符后重试。"))
    return text


def _uscc(text: str) -> str:
    """A 统一社会信用代码 checked ("" clears it)."""
    try:
        return v.uscc(text) if text else ""
    except v.ValidationError as exc:
        raise RuleViolation(exc.message, _("请核对营业执照上的统一社会信用代码。")) from exc


def set_litigation(wb: Workbench, case_id: int, expected_version: int,
                   changes: Mapping[str, Any], *, ethnicity: str | None = None,
                   address: str | None = None, cause: str | None = None) -> LitigationView:
    """Set some of the case's litigation details (LitigationKey codes → value; "" clears)
    and the complainant's 民族; one `litigation_set` event naming what changed."""
    with wb.store.write() as session:
        chain = wb.chain(session)
        case = load_for_update(session, case_id, expected_version)
        current = dict(case.litigation or {})
        changed: list[str] = []
        for key, value in changes.items():
            code = LitigationKey(key)
            new = value if isinstance(value, bool) or value is None else _text(value, code.label)
            if code is LitigationKey.MERCHANT_USCC and isinstance(new, str):
                new = _uscc(new)
            if current.get(code.value) != new:
                current[code.value] = new
                changed.append(code.value)
        if cause is not None and current.get("cause", "") != _text(cause, _("案由")):
            current["cause"] = _text(cause, _("案由"))
            changed.append("cause")
        person = session.get(Complainant, case.complainant_id)
        for field, value, label, limit in (("ethnicity", ethnicity, _("民族"), 20),
                                           ("address", address, _("住所"), 300)):
            if value is not None and person is not None and \
                    getattr(person, field) != _text(value, label, limit):
                setattr(person, field, _text(value, label, limit))
                changed.append(field)
        if changed:
            case.litigation = current
            case.updated_at, case.updated_by = chain.at, wb.actor
            chain.append(events.litigation_set(changed), wb.actor, case_id=case.id)
            session.flush()
        chain.close()
        return _view(case.ref, current)


def _view(ref: str, current: Mapping[str, Any]) -> LitigationView:
    lines = []
    for key in LitigationKey:
        value = current.get(key.value)
        if isinstance(value, bool):
            shown = _("是") if value else _("否")
        else:
            shown = "" if value is None else str(value)
        lines.append((key.label, shown))
    lines.append((_("案由"), str(current.get("cause", ""))))
    return LitigationView(ref, tuple(lines))


def litigation_of(wb: Workbench, case_id: int) -> LitigationView:
    from workbench.store.models import Case

    with wb.store.session() as session:
        case = session.get(Case, case_id)
        if case is None:
            raise NotFound(_("案件 #{case_id} 不存在。").format(
                               case_id=case_id), _("请刷新列表。"))
        return _view(case.ref, case.litigation or {})
