"""The personal data a filing's addressee needs, applied to its data before layout.

:func:`redact` is called once, by :func:`workbench.filings.render.build`, so every export
path gets it. Free text (narrative, case title, demands, contacts, evidence, the facts of
a pleading) is masked or pseudonymised as the kind's :attr:`KindInfo.need` says; for the
press the structured complainant fields are pseudonymised too (张某, 某商户, no numbers).
The structured fields' masking for other addressees stays the caller's choice
(``include_personal`` in the services).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from workbench.domain.personal_text import Handling, KnownPersonal, pseudonym, redact_text
from workbench.filings.documents import Complainant, FilingData


def known_of(data: FilingData) -> KnownPersonal:
    """The values to look for: the caller's full values, else what the complainant fields
    hold in full (masked values are ignored by the detector)."""
    k, c = data.known_personal, data.complainant
    return KnownPersonal(
        name=k.name or c.name, phone=k.phone or c.phone, id_number=k.id_number or c.id_number,
        bank_card=k.bank_card, address=k.address or c.address,
        merchant_name=k.merchant_name or c.merchant_name, others=k.others,
        accounts=tuple(a for a in (*k.accounts, c.merchant_no, data.terminal_sn) if a))


def redact(data: FilingData, need: Handling) -> FilingData:
    """`data` with its free text (and, for the press, its complainant) as `need` says."""
    if need is Handling.FULL:
        return data
    known = known_of(data)

    def text(value: str) -> str:
        return redact_text(value, known, need)

    changes: dict[str, Any] = dict(
        case_title=text(data.case_title), narrative=text(data.narrative),
        demands=[d._replace(text=text(d.text)) for d in data.demands],
        contacts=[c._replace(counterpart=text(c.counterpart), summary=text(c.summary),
                             outcome=text(c.outcome)) for c in data.contacts],
        evidence=[e._replace(title=text(e.title), source=text(e.source), proves=text(e.proves))
                  for e in data.evidence],
        contract_facts=text(data.contract_facts),
        performance_facts=text(data.performance_facts),
        contract_clause=text(data.contract_clause),
        agreement_terms=text(data.agreement_terms),
        material_items=[text(item) for item in data.material_items],
    )
    if need is Handling.PSEUDONYM:
        changes.update(complainant=_pseudonymous(data.complainant), terminal_sn="",
                       litigation_agent="", known_personal=KnownPersonal())
    return replace(data, **changes)


def _pseudonymous(person: Complainant) -> Complainant:
    """The complainant as the press may read it: 张某, 某商户, nothing that identifies."""
    shop = redact_text(person.merchant_name, KnownPersonal(merchant_name=person.merchant_name),
                       Handling.PSEUDONYM)
    return Complainant(name=pseudonym(person.name), kind=person.kind, merchant_name=shop)
