"""What a filing says, filled from the case (issue 11): parties, addressee, the legal
reasoning from the law register, the answer asked of the addressee, the case's own dates.

Pure reads inside the caller's session; the export (``services.filings``) numbers, checks
and writes.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Iterable
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from workbench.domain.categories import CATEGORY_LABELS, Category
from workbench.domain.clock import local_day
from workbench.domain.deadlines import DayCount
from workbench.domain.ladder import Stage
from workbench.domain.law.acceptance import load_policy
from workbench.domain.law.bases import basis_for, case_facts, own_point
from workbench.domain.law.grounds import load_grounds
from workbench.domain.masking import mask_address
from workbench.domain.organisations import head_company
from workbench.domain.personal_text import (
    Handling,
    KnownPersonal,
    looks_like_person,
    pseudonym,
    redact_text,
)
from workbench.domain.vocabulary import (
    AddresseeKind,
    Decision,
    DisputeScope,
    EventKind,
    IndustryBody,
    LitigationKey,
    Mediator,
)
from workbench.errors import NotFound
from workbench.filings import documents as docs
from workbench.filings.binder import BinderItem, laid_out_pages, page_ranges
from workbench.filings.layout import wording
from workbench.filings.text import figure_date, quotation
from workbench.filings.voice import load_voice
from workbench.i18n import _
from workbench.services import addressees
from workbench.services.acceptance import acceptance_basis, citations_of, suggestion
from workbench.services.cases import personal_data
from workbench.services.context import Workbench
from workbench.services.evidence import listed_evidence
from workbench.services.groups import letter_members
from workbench.services.mediation import CLOSES_AS, NOTIFY_CITES, mediator_label
from workbench.store.models import (
    Case,
    CaseEvent,
    Caseworker,
    Complainant,
    Contact,
    Evidence,
    Filing,
    Provider,
)

# The stage whose rule sets the answer a letter asks of its addressee.
REPLY_STAGE: dict[docs.FilingKind, Stage] = {
    docs.FilingKind.COMPLAINT_LETTER_PROVIDER: Stage.PROVIDER,
    docs.FilingKind.GROUP_COMPLAINT_LETTER: Stage.PROVIDER,
    docs.FilingKind.ACCEPTANCE_NOTICE: Stage.PROVIDER,
    docs.FilingKind.COMPLAINT_LETTER_SUPERIOR: Stage.SUPERIOR,
    docs.FilingKind.SAMR_REPORT: Stage.NATIONAL,
    docs.FilingKind.INDUSTRY_REPORT: Stage.INDUSTRY,
}
MEDIATION_BASIS = ("cpl.art37.p1.item5",)  # the association mediates (消协的公益性职责)
# Addressees asked to act "依法", never within a time: no rule sets the PBOC, the NFRA, a
# market bureau or an industry body a time to answer an association's letter.
AUTHORITIES = frozenset({AddresseeKind.REGULATOR, AddresseeKind.INDUSTRY,
                         AddresseeKind.MARKET_BUREAU})


def scope_of(case: Case) -> DisputeScope:
    """The case's dispute scope (an unknown stored code counts as consumer)."""
    return DisputeScope(case.scope) if case.scope in DisputeScope._value2member_map_ \
        else DisputeScope.CONSUMER


@functools.cache
def _causes() -> dict[str, Any]:
    return tomllib.loads(resources.files("workbench.domain.law").joinpath("causes.toml")
                         .read_text("utf-8"))


def cause_of(case: Case) -> str:
    """The 案由 of the court papers: the case's own, else by its primary category."""
    own = str(case.litigation.get("cause", "")).strip()
    causes = _causes()
    return own or causes["category"].get(case.primary_category, causes["default"])


def bases(wb: Workbench, case: Case, on: date,
          bound: str = "payment_institution") -> list[tuple[str, str, str, str]]:
    """(category label, citation, wording, register id) for each article the case's
    categories cite that binds the party pleaded against (`bound`: its kind — an agent
    is held to contract and consumer law only, its acquirer to the payment rules too),
    each article once, under the first category that cites it (cited again only to lead a
    point that would rest on §584 alone: bases.own_point)."""
    seen: set[str] = set()
    out: list[tuple[str, str, str, str]] = []
    facts = case_facts(clause=str((case.litigation or {}).get(LitigationKey.CLAUSE) or ""),
                       demands=[str(d.get("text", "")) for d in case.demands],
                       punitive_fen=case.punitive_fen or 0)
    for code in case.categories:
        if code not in Category._value2member_map_:
            continue
        category = Category(code)
        binding = [e for e in basis_for([category], scope_of(case), wb.law, on, facts=facts)
                   if addressees.binds(e.id, bound)]
        for entry in own_point(binding, seen):
            seen.add(entry.id)
            out.append((CATEGORY_LABELS[category], entry.citation, wording(entry), entry.id))
    return out


def _docs_provider(row: Provider, superior: Provider | None = None) -> docs.Provider:
    return docs.Provider(name=row.name, uscc=row.uscc, address=row.address,
                         superior_name=superior.name if superior else "",
                         legal_representative=row.legal_representative,
                         hotline=row.hotline, kind=row.kind)


def _pleaded(session: Session, wb: Workbench, case: Case, provider: Provider,
             kind: docs.FilingKind, addressee: addressees.AddresseeChoice | None
             ) -> dict[str, Any]:
    """Whom the paper pleads against and what it cites (routes.toml): the agent itself,
    or its acquirer for a paper to the acquirer or its regulator — then named, and a
    letter to the agent is copied to it."""
    to = addressee.kind if addressee else load_voice().of(kind).addressee
    against = addressees.respondent(session, provider, to)
    found = bases(wb, case, wb.today(), against.kind)
    superior = session.get(Provider, provider.superior_id) if provider.superior_id else None
    cc: tuple[str, ...] = ()
    if kind is docs.FilingKind.COMPLAINT_LETTER_SUPERIOR:
        cc = (provider.name,)  # the superior's letter is copied to the provider it is about
    elif kind in TO_PROVIDER and provider.kind == "agent" \
            and superior is not None:
        cc = (superior.name,)  # an agent's letter to the acquirer answerable for it
    duty = addressees.acquirer_duty(against.kind) \
        if kind is docs.FilingKind.COMPLAINT_LETTER_SUPERIOR else ""
    return {"bases": _bases_for(kind, addressee, found), "cc": cc, "duty": duty,
            "respondent": _docs_provider(against) if against is not provider else None,
            "competence": addressees.competence(addressee)}


def _bases_for(kind: docs.FilingKind, addressee: addressees.AddresseeChoice | None,
               found: list[tuple[str, str, str, str]]) -> list[tuple[str, str, str, str]]:
    """A 举报 cites only the rules its addressee enforces, a 情况反映 only those its body
    enforces (routes.toml [enforced_by]); other papers all of them."""
    if addressee is None:
        return found
    if kind is docs.FilingKind.INDUSTRY_REPORT:
        body = addressees.body_of(addressee)
        return [b for b in found if body is not None and addressees.enforces(body.value, b[3])]
    if kind is not docs.FilingKind.SAMR_REPORT:
        return found
    return [b for b in found if addressees.enforces(addressee.kind, b[3])]


def cited_ids(session: Session, wb: Workbench, case: Case) -> tuple[str, ...]:
    """The register ids the case's categories cite against its provider or the licensed
    institution behind it (what a 举报 may name: it routes the 举报)."""
    provider = session.get(Provider, case.provider_id)
    kind = addressees.licensed_kind(session, provider) if provider else "payment_institution"
    return tuple(b[3] for b in bases(wb, case, wb.today(), kind))


def reply_within(wb: Workbench, case: Case, kind: docs.FilingKind, on: date,
                 addressee: addressees.AddresseeChoice | None = None) -> str:
    """The time a letter gives its addressee, from the addressee's rule: "15日" or
    "15个工作日" (counted from receipt: never a date the association cannot know)."""
    stage = REPLY_STAGE.get(kind)
    if stage is None:
        return ""
    body: str | None = case.industry_body or None
    to = addressee.kind if addressee is not None else load_voice().of(kind).addressee
    if to in AUTHORITIES:
        return ""  # the stage's clock binds the parties, not a regulator: none is demanded
    if stage is Stage.INDUSTRY and body is None:
        route = addressees.route_for(list(case.categories), "")
        body = route.body.value if route else None
    rule = wb.rules.rule_for(stage, on, body=IndustryBody(body) if body else None)
    if rule is None:
        return ""
    return f"{rule.days}个工作日" if rule.clock is DayCount.WORKING else f"{rule.days}日"


def _closing(session: Session, case: Case) -> tuple[str, str]:
    """The stage the case left for closing (its label) and the reason recorded with the
    close, from the last move to closed ("" when none is recorded)."""
    row = session.execute(
        select(col(CaseEvent.payload)).where(col(CaseEvent.case_id) == case.id,
                                        col(CaseEvent.kind) == EventKind.STAGE_CHANGED)
        .order_by(col(CaseEvent.seq).desc()).limit(20)).scalars().all()
    for payload in row:
        if payload.get("to") == Stage.CLOSED and payload.get("from") in Stage._value2member_map_:
            return Stage(payload["from"]).label, str(payload.get("reason") or "").strip()
    return "", ""


LETTERS = (docs.FilingKind.COMPLAINT_LETTER_PROVIDER, docs.FilingKind.COMPLAINT_LETTER_SUPERIOR,
           docs.FilingKind.GROUP_COMPLAINT_LETTER)
TO_PROVIDER = (docs.FilingKind.COMPLAINT_LETTER_PROVIDER, docs.FilingKind.GROUP_COMPLAINT_LETTER)


def _letters(session: Session, case: Case, on: date) -> list[tuple[date, str]]:
    """(day, addressee) of each letter to the provider or its superior the association
    issued by `on` (the filing register: numbered, not drafts)."""
    rows = session.execute(select(Filing).where(
        col(Filing.case_id) == case.id, col(Filing.kind).in_([k.value for k in LETTERS]),
        col(Filing.draft).is_(False)).order_by(col(Filing.created_at))).scalars().all()
    return [(local_day(f.created_at), f.addressee) for f in rows
            if f.doc_no and local_day(f.created_at) <= on]


def _complainant(person: Complainant, include_personal: bool,
                 kind: docs.FilingKind) -> docs.Complainant:
    """The complainant's fields as the filing prints them: phone and ID masked unless
    `include_personal`; for an addressee who reads free text masked (a provider, a
    regulator), the name, the address and the name inside the shop's name too."""
    masked = not include_personal and kind.info.need is Handling.MASK
    name, address, shop = person.name, person.address, person.merchant_name
    if masked:
        name, address = pseudonym(name), mask_address(address)  # 朱某: no length told
        shop = redact_text(shop, KnownPersonal(name=person.name), Handling.MASK)
    return docs.Complainant(
        name=name, kind=person.kind,
        id_number=personal_data(person, "id_number", reveal=include_personal),
        phone=personal_data(person, "phone", reveal=include_personal),
        address=address, merchant_name=shop, merchant_no=person.merchant_no,
        ethnicity=person.ethnicity)


def _head_office(session: Session, provider: Provider) -> docs.Provider | None:
    """A 分公司's head company as the registry holds it (None: no branch, or not registered)."""
    name = head_company(provider.name)
    row = session.execute(select(Provider).where(col(Provider.name) == name)
                          ).scalars().first() if name else None
    return None if row is None else docs.Provider(
        name=row.name, uscc=row.uscc, address=row.address,
        legal_representative=row.legal_representative, hotline=row.hotline, kind=row.kind)


def _known(person: Complainant, contacts: Iterable[Contact]) -> KnownPersonal:
    """The complainant's values in full and the persons among the contacts, for the
    filing to find in its free text (filings.redact); never printed as such."""
    return KnownPersonal(
        name=person.name, phone=person.phone, id_number=person.id_number,
        bank_card=person.bank_card, address=person.address,
        merchant_name=person.merchant_name,
        others=tuple(dict.fromkeys(c.counterpart.strip() for c in contacts
                                   if looks_like_person(c.counterpart))))


DEFAULT_SOURCE = "投诉人提供"  # an item recorded without its 来源


def binder_items(wb: Workbench, rows: Iterable[Evidence]) -> list[BinderItem]:
    """The case's evidence as the binder takes it, in list order, with the stored files."""
    blobs = wb.blobs

    def stored(sha256: str) -> Path | None:
        return blobs.path_for(sha256) if blobs is not None and blobs.exists(sha256) else None

    return [BinderItem(n, e.title, e.sha256, e.media_type, stored(e.sha256),
                       e.source or DEFAULT_SOURCE, e.proves, e.carrier)
            for n, e in enumerate(rows, 1)]


def evidence_lines(wb: Workbench, rows: list[Evidence], *,
                   binder_ranges: bool) -> list[docs.EvidenceItem]:
    """The evidence list's lines. With the evidence files at hand, each item's 页数 is
    the pages the binder lays out for it (``filings.binder.page_ranges``: a PDF's, an
    image's, a text's typeset pages; none for a recording the binder gives one sheet),
    and its 页码 in the binder when asked; without them, the stored 页数."""
    spans: list[tuple[int, int] | None] = [None] * len(rows)
    pages: list[int | None] = [e.pages for e in rows]
    if wb.blobs is not None and rows:
        items = binder_items(wb, rows)
        pages = [laid_out_pages(item) for item in items]
        if binder_ranges:
            spans = list(page_ranges(items))
    return [docs.EvidenceItem(e.title, e.source or DEFAULT_SOURCE, e.proves, count,
                              e.original, e.carrier, span)
            for e, count, span in zip(rows, pages, spans, strict=True)]


# Papers dated by the case's own act, not by the day they are printed: the report by the
# closing, the mediation's papers by its end, the notices by the decision.
DATED_BY_EVENT: dict[docs.FilingKind, EventKind] = {
    docs.FilingKind.MEDIATION_AGREEMENT: EventKind.MEDIATION_AGREED,
    docs.FilingKind.TERMINATION_NOTICE: EventKind.MEDIATION_TERMINATED,
    docs.FilingKind.ACCEPTANCE_NOTICE: EventKind.ACCEPTED,
    docs.FilingKind.MATERIAL_NOTICE: EventKind.MATERIAL_REQUESTED,
    docs.FilingKind.REFUSAL_NOTICE: EventKind.REFUSED,
}


def _dated(session: Session, case: Case, kind: docs.FilingKind,
           closed_on: date | None) -> date | None:
    if kind is docs.FilingKind.CLOSING_REPORT:
        return closed_on
    event = DATED_BY_EVENT.get(kind)
    if event is None:
        return None
    at = session.execute(select(col(CaseEvent.at)).where(
        col(CaseEvent.case_id) == case.id, col(CaseEvent.kind) == event)
        .order_by(col(CaseEvent.seq).desc()).limit(1)).scalar_one_or_none()
    if at is not None:
        return local_day(at)
    if kind in (docs.FilingKind.MEDIATION_AGREEMENT, docs.FilingKind.TERMINATION_NOTICE):
        return closed_on  # a demo's mediation, ended without its event
    return case.decision_on


def issued_day(session: Session, wb: Workbench, case: Case, kind: docs.FilingKind) -> date:
    """The day a paper of `kind` is dated (and numbered in that year's series)."""
    return dated_on(session, case, kind, wb.today())


def dated_on(session: Session, case: Case, kind: docs.FilingKind, printed: date) -> date:
    """The day a paper of `kind` printed on `printed` is dated: by the case's act (the
    closing, the decision, the mediation's end), else the day it was printed."""
    closed_on = local_day(case.closed_at) if case.closed_at else None
    return _dated(session, case, kind, closed_on) or printed


def filing_data(session: Session, wb: Workbench, case: Case, kind: docs.FilingKind,
                doc_no: str, include_personal: bool, *,
                addressee: addressees.AddresseeChoice | None,
                association: str) -> docs.FilingData:
    """Everything a filing of `kind` says about `case` (personal data masked unless
    `include_personal`)."""
    person = session.get(Complainant, case.complainant_id)
    provider = session.get(Provider, case.provider_id)
    if person is None or provider is None:
        raise NotFound(_("{ref} 的投诉人或服务商记录缺失。").format(
                           ref=case.ref), _("请检查案件记录。"))
    superior = session.get(Provider, provider.superior_id) if provider.superior_id else None
    contacts = session.execute(select(Contact).where(col(Contact.case_id) == case.id)
                               .order_by(col(Contact.at))).scalars().all()
    assert case.id is not None
    evidence = listed_evidence(session, case.id)
    categories = [Category(c) for c in case.categories if c in Category._value2member_map_]
    today = wb.today()
    closed_on = local_day(case.closed_at) if case.closed_at else None
    issued_on = _dated(session, case, kind, closed_on) or today
    worker = session.get(Caseworker, case.assignee_id) if case.assignee_id else None
    after_close = [c for c in contacts if case.closed_at and c.at >= case.closed_at]
    litigation = case.litigation or {}
    mediation = load_voice().of(kind).addressee is AddresseeKind.PARTIES
    stage_before, closing_reason = _closing(session, case) if closed_on else ("", "")
    complainant = _complainant(person, include_personal, kind)
    complainant.uscc = str(litigation.get(LitigationKey.MERCHANT_USCC) or "")
    complainant.business_place = str(litigation.get(LitigationKey.BUSINESS_PLACE) or "")
    return docs.FilingData(
        doc_no=doc_no, issued_on=issued_on, complainant=complainant,
        known_personal=_known(person, contacts),
        law=wb.law,  # the admin's register: the association's own rules are cited from it
        provider=_docs_provider(provider, superior),
        addressee=docs.Addressee(addressee.name, addressee.kind.value, addressee.note)
        if addressee else None,
        case_ref=case.ref, case_title=case.title, narrative=case.narrative,
        categories=[CATEGORY_LABELS[c] for c in categories],
        demands=[docs.Demand(str(d.get("text", "")), int(d.get("amount_fen", 0)) or None)
                 for d in case.demands],
        contacts=[docs.ContactEntry(local_day(c.at), c.channel, c.counterpart, c.ticket_no,
                                    c.summary, c.counterpart_stage, c.outcome)
                  for c in contacts if c not in after_close],
        evidence=evidence_lines(wb, evidence, binder_ranges=kind is docs.FilingKind.EVIDENCE_LIST),
        business_scope=scope_of(case) is DisputeScope.BUSINESS,
        reply_within=reply_within(wb, case, kind, today, addressee),
        stage=case.stage, outcome=case.outcome or "",
        recovered_fen=case.amount_recovered_fen or None, terminal_sn=case.terminal_sn,
        court_name=addressee.name if addressee and addressee.kind is AddresseeKind.COURT
        else str(litigation.get(LitigationKey.COURT, "")),
        litigation_agent=str(litigation.get(LitigationKey.AGENT, "")),
        contract_facts=str(litigation.get(LitigationKey.CONTRACT, "")),
        performance_facts=str(litigation.get(LitigationKey.PERFORMANCE, "")),
        contract_clause=str(litigation.get(LitigationKey.CLAUSE) or ""),
        head_office=_head_office(session, provider),
        prefers_mediation=litigation.get(LitigationKey.MEDIATION),
        e_service=bool(litigation.get(LitigationKey.E_SERVICE, False)),
        cause=cause_of(case), association_name=association,
        # the decision's day: never the day of receipt for a decision not recorded
        accepted_on=case.decision_on if case.decision == Decision.ACCEPTED else None,
        closed_on=closed_on,
        stage_before=stage_before, closing_reason=closing_reason,
        letters=_letters(session, case, issued_on) if kind is docs.FilingKind.PRESS_BRIEF
        else (),
        caseworker=worker.display_name if worker else "",
        revisit="；".join(_revisit(c) for c in after_close if c.summary.strip()),
        mediation_failed=bool(case.termination_ground),
        closing_ground=_termination_label(wb, case),
        pay_account=personal_data(person, "bank_card", reveal=include_personal)
        if mediation else "",
        contacted=tuple(dict.fromkeys(c.counterpart_stage for c in contacts
                                      if c not in after_close)),
        group_members=letter_members(session, case) if kind in docs.GROUP_KINDS else (),
        **_pleaded(session, wb, case, provider, kind, addressee),
        **_case_fields(session, wb, case, mediation),
    )


def _termination_label(wb: Workbench, case: Case) -> str:
    """The termination ground that closed the case, in the notice's words ("" when none
    did: a mediation ended on another ground leaves the case to the next rung)."""
    ground = load_grounds(wb.law).termination.get(case.termination_ground)
    return ground.label if ground and ground.code in CLOSES_AS else ""


def _case_fields(session: Session, wb: Workbench, case: Case, mediation: bool
                 ) -> dict[str, Any]:
    """The decision's fields, with a mediation's end over them: a termination notice
    cites the termination's rule, never the basis the case was accepted on."""
    ended = _mediation_fields(wb, case, mediation)
    fields = {**ended, **_decision_fields(session, case, wb)}
    if "ground" in ended:
        fields["citations"] = ended["citations"]
    return fields


def _revisit(contact: Contact) -> str:
    """One 回访 after the close: its day, what was said, what the complainant answered."""
    said = " ".join(contact.summary.split()).rstrip("。；;")
    answer = " ".join(contact.outcome.split()).rstrip("。；;")
    return f"{figure_date(local_day(contact.at))}，{said}" + (f"，{answer}" if answer else "")


def _mediation_fields(wb: Workbench, case: Case, wanted: bool) -> dict[str, Any]:
    """What the 调解协议书 and 终止调解告知书 say, from the case and the law register."""
    today = wb.today()
    fields: dict[str, Any] = {
        "mediator": mediator_label(case.mediator) if case.mediator else "",
        "agreement_terms": case.mediation_terms, "punitive_fen": case.punitive_fen,
        "perform_by": case.perform_by,
    }
    if not wanted:
        return fields
    register = wb.law
    ground = load_grounds(register).termination.get(case.termination_ground)
    if ground is not None:
        fields["ground_label"], fields["suggestion"] = ground.label, ground.suggest
        fields["ground"] = ground.code
        cited = ground.citations(register, today)
        if case.mediator != Mediator.DELEGATED:  # the association's own mediation is not
            cited = [e for e in cited if not e.id.startswith("samr")]  # the regulator's
        else:  # the bureau's mediation, on its rule: not the association's own
            cited = [e for e in cited if e.id != ground.own]
        notify = [e for e in (register.get(i, today) for i in NOTIFY_CITES) if e.in_force(today)
                  and (case.mediator == Mediator.DELEGATED or not e.id.startswith("samr"))]
        fields["notify_citations"] = [e.citation for e in notify]
    else:
        # a merchant's business dispute is mediated without claiming the consumer law
        cited = [] if case.scope == DisputeScope.BUSINESS else [
            register.get(i, today) for i in MEDIATION_BASIS]
    fields["citations"] = [(e.citation, quotation(e)) for e in cited]
    return fields


def _decision_fields(session: Session, case: Case, wb: Workbench) -> dict[str, Any]:
    """What the acceptance decision's notices print: the ground and its citations from
    the register, the material asked for."""
    fields: dict[str, Any] = {
        "received_on": local_day(case.opened_at), "decided_on": case.decision_on,
        "material_items": tuple(case.material_items), "material_due_on": case.material_due_on}
    on = case.decision_on or wb.today()
    if case.decision == Decision.ACCEPTED:  # on the basis the policy gives its scope
        fields.update(accepted_wording=load_policy().of(case.scope).accepted,
                      citations=tuple((e.citation, quotation(e))
                                      for e in acceptance_basis(wb, case, on)))
    if case.decision == Decision.REFUSED and case.decision_ground:
        try:
            ground = load_grounds().refusal_ground(case.decision_ground)
        except KeyError:
            return fields
        fields.update(ground_label=ground.label, decision_reason=_refusal_reason(session, case),
                      ground_suggest=suggestion(session, case, ground),
                      citations=tuple((c.citation, c.text if c.verified else "")
                                     for c in citations_of(ground, on, wb.law)))
    return fields


def _refusal_reason(session: Session, case: Case) -> str:
    """The reason the refusal stated (its event's), "" when it gave none."""
    payload = session.execute(select(col(CaseEvent.payload)).where(
        col(CaseEvent.case_id) == case.id, col(CaseEvent.kind) == EventKind.REFUSED)
        .order_by(col(CaseEvent.seq).desc()).limit(1)).scalar_one_or_none()
    return str(payload.get("reason", "")) if isinstance(payload, dict) else ""
