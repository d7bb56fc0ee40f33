"""Exporting filings: fill a document from the case, number it, write it, record it.

The document is built and written inside the write transaction that takes the next
document number, so a failed write consumes no number and a number always has its file
and its `Filing` row (with the file's sha256) and `filing_exported` event.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from workbench.domain import events
from workbench.domain.categories import CATEGORY_LABELS, Category
from workbench.domain.clock import local_day
from workbench.domain.deadlines import due_for
from workbench.domain.ladder import Stage, stage_label
from workbench.domain.law import load_register
from workbench.domain.law.bases import basis_for, citation_text
from workbench.domain.law.grounds import load_grounds
from workbench.domain.masking import mask_address, mask_name
from workbench.domain.personal_text import (
    Handling,
    KnownPersonal,
    looks_like_person,
    redact_text,
)
from workbench.domain.vocabulary import Decision, DisputeScope
from workbench.errors import NotFound, RuleViolation
from workbench.filings import documents as docs
from workbench.filings.render import build
from workbench.filings.style import load_style
from workbench.services.acceptance import citations_of
from workbench.services.bulk import BulkResult, run_each
from workbench.services.cases import personal_data
from workbench.services.context import Workbench
from workbench.services.escalation import approval_granted
from workbench.services.mediation import NOTIFY_CITES, mediator_label
from workbench.services.views import FilingLine, filing_line
from workbench.store.models import (
    Case,
    Complainant,
    Contact,
    DocCounter,
    Evidence,
    Filing,
    Provider,
)


@dataclass(frozen=True, slots=True)
class Exported:
    ref: str
    kind: str
    path: Path
    sha256: str
    doc_no: str


FILING_KINDS: tuple[docs.FilingKind, ...] = tuple(docs.FilingKind)


def kinds_for(stage: str, decision: str = "") -> list[docs.FilingKind]:
    """The document kinds a case at `stage` may export (the evidence list always); a
    decision notice only once that decision is made (`decision`: the case's code)."""
    return [k for k in docs.kinds_for_stage(stage)
            if k not in docs.NOTICE_DECISION or docs.NOTICE_DECISION[k] == decision]


def _next_number(session: Session, prefix: str, year: int) -> int:
    counter = session.execute(
        select(DocCounter).where(col(DocCounter.prefix) == prefix, col(DocCounter.year) == year)
        .with_for_update()).scalar_one_or_none()
    if counter is None:
        counter = DocCounter(prefix=prefix, year=year, last=0)
        session.add(counter)
    counter.last += 1
    session.flush()
    return counter.last


def _scope(case: Case) -> DisputeScope:
    """The case's dispute scope (an unknown stored code counts as consumer)."""
    return DisputeScope(case.scope) if case.scope in DisputeScope._value2member_map_ \
        else DisputeScope.CONSUMER


def _data(session: Session, wb: Workbench, case: Case, doc_no: str,
          include_personal: bool, kind: docs.FilingKind) -> docs.FilingData:
    person = session.get(Complainant, case.complainant_id)
    provider = session.get(Provider, case.provider_id)
    if person is None or provider is None:
        raise NotFound(f"{case.ref} 的投诉人或服务商记录缺失.", "Check the case.")
    superior = session.get(Provider, provider.superior_id) if provider.superior_id else None
    contacts = session.execute(select(Contact).where(col(Contact.case_id) == case.id)
                               .order_by(col(Contact.at))).scalars().all()
    evidence = session.execute(select(Evidence).where(col(Evidence.case_id) == case.id)
                               .order_by(col(Evidence.id))).scalars().all()
    categories = [Category(c) for c in case.categories if c in Category._value2member_map_]
    due = due_for(Stage(case.stage), wb.today(), wb.calendar(session), wb.rules,
                  extra_days=case.extra_days) if case.stage in Stage._value2member_map_ \
        else None
    reply_by = due.day if due is not None else None
    return docs.FilingData(
        doc_no=doc_no, issued_on=wb.today(),
        complainant=_complainant(person, include_personal, kind),
        known_personal=_known(person, contacts),
        provider=docs.Provider(name=provider.name, uscc=provider.uscc,
                               address=provider.address,
                               superior_name=superior.name if superior else ""),
        case_ref=case.ref, case_title=case.title, narrative=case.narrative,
        categories=[CATEGORY_LABELS[c] for c in categories],
        demands=[docs.Demand(str(d.get("text", "")), int(d.get("amount_fen", 0)) or None)
                 for d in case.demands],
        contacts=[docs.ContactEntry(local_day(c.at), c.channel, c.counterpart, c.ticket_no,
                                    c.summary) for c in contacts],
        evidence=[docs.EvidenceItem(e.title, e.source or "投诉人提供", e.proves or e.description)
                  for e in evidence],
        legal_basis=citation_text(basis_for(
            categories, _scope(case), load_register(), wb.today())),
        business_scope=_scope(case) is DisputeScope.BUSINESS,
        reply_by=reply_by, stage=case.stage, outcome=case.outcome or "",
        recovered_fen=case.amount_recovered_fen or None, terminal_sn=case.terminal_sn,
        **{**_mediation_fields(wb, case), **_decision_fields(case, wb)},
    )


def _complainant(person: Complainant, include_personal: bool,
                 kind: docs.FilingKind) -> docs.Complainant:
    """The complainant's fields as the filing prints them: phone and ID masked unless
    `include_personal`; for an addressee who reads free text masked (a provider, a
    regulator), the name, the address and the name inside the shop's name too."""
    masked = not include_personal and kind.info.need is Handling.MASK
    name, address, shop = person.name, person.address, person.merchant_name
    if masked:
        name, address = mask_name(name), mask_address(address)
        shop = redact_text(shop, KnownPersonal(name=person.name), Handling.MASK)
    return docs.Complainant(
        name=name, kind=person.kind,
        id_number=personal_data(person, "id_number", reveal=include_personal),
        phone=personal_data(person, "phone", reveal=include_personal),
        address=address, merchant_name=shop, merchant_no=person.merchant_no)


def _known(person: Complainant, contacts: Iterable[Contact]) -> KnownPersonal:
    """The complainant's values in full and the persons among the contacts, for the
    filing to find in its free text (filings.redact); never printed as such."""
    return KnownPersonal(
        name=person.name, phone=person.phone, id_number=person.id_number,
        bank_card=person.bank_card, address=person.address,
        merchant_name=person.merchant_name,
        others=tuple(dict.fromkeys(c.counterpart.strip() for c in contacts
                                   if looks_like_person(c.counterpart))))


def _check_press_approval(session: Session, case: Case) -> None:
    """A press brief goes out only for a case a supervisor let onto the media rung."""
    assert case.id is not None
    if approval_granted(session, case.id, Stage.MEDIA) is None:
        raise RuleViolation(
            f"{case.ref} 缺少负责人对进入「{stage_label(Stage.MEDIA)}」阶段的批准，"
            f"不能出具{docs.FilingKind.PRESS_BRIEF.label}。",
            f"请先提交审批申请（workbench approvals request {case.ref} --to media），"
            "由负责人批准后再导出。")


MEDIATION_BASIS = ("cpl.art37.p1.item5",)  # the association mediates (消协的公益性职责)


def _mediation_fields(wb: Workbench, case: Case) -> dict[str, Any]:
    """What the 调解协议书 and 终止调解告知书 say, from the case and the law register."""
    today = wb.today()
    fields: dict[str, Any] = {
        "mediator": mediator_label(case.mediator) if case.mediator else "",
        "agreement_terms": case.mediation_terms, "punitive_fen": case.punitive_fen,
        "perform_by": case.perform_by,
    }
    register = wb.law
    ground = load_grounds(register).termination.get(case.termination_ground)
    if ground is not None:
        fields["ground_label"], fields["suggestion"] = ground.label, ground.suggest
        cited = ground.citations(register, today)
        notify = [e for e in (register.get(i, today) for i in NOTIFY_CITES) if e.in_force(today)]
        fields["notify_citations"] = [e.citation for e in notify]
    else:
        # a merchant's business dispute is mediated without claiming the consumer law
        cited = [] if case.scope == DisputeScope.BUSINESS else [
            register.get(i, today) for i in MEDIATION_BASIS]
    fields["citations"] = [(e.citation, e.text.strip()) for e in cited]
    return fields


def _decision_fields(case: Case, wb: Workbench) -> dict[str, Any]:
    """What the acceptance decision's notices print: the ground and its citations from
    the register, the material asked for."""
    fields: dict[str, Any] = {
        "received_on": local_day(case.opened_at), "decided_on": case.decision_on,
        "material_items": tuple(case.material_items), "material_due_on": case.material_due_on}
    if case.decision == Decision.REFUSED and case.decision_ground:
        try:
            ground = load_grounds().refusal_ground(case.decision_ground)
        except KeyError:
            return fields
        on = case.decision_on or wb.today()
        fields.update(ground_label=ground.label, ground_suggest=ground.suggest,
                      citations=tuple((c.citation, c.text) for c in citations_of(ground, on)))
    return fields


def export(wb: Workbench, case_id: int, kind: docs.FilingKind | str, out_dir: Path, *,
           include_personal: bool = False, style_file: Path | None = None) -> Exported:
    """Write one filing of `kind` for a case into `out_dir` and record it.

    Personal data is masked unless `include_personal`; that choice is in the event."""
    try:
        kind = docs.FilingKind(kind)
    except ValueError:
        raise RuleViolation(f"没有这种文书: {kind!r}.", "One of: " + ", ".join(
            k.value for k in docs.FilingKind)) from None
    try:
        style = load_style(style_file)
    except ValueError as exc:
        raise RuleViolation(f"文书样式文件有误: {exc}", "Fix the filings style file.") from exc
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RuleViolation(f"无法创建输出目录 {out_dir}: {exc.strerror}",
                            "Choose a writable --out folder.") from exc
    written: list[Path] = []
    try:
        return _export(wb, case_id, kind, out_dir, style, include_personal, written)
    except BaseException:
        for path in written:  # nothing recorded: no file left behind, no number used
            path.unlink(missing_ok=True)
        raise


def _export(wb: Workbench, case_id: int, kind: docs.FilingKind, out_dir: Path, style: Any,
            include_personal: bool, written: list[Path]) -> Exported:
    with wb.store.write() as session:
        chain = wb.chain(session)
        case = session.get(Case, case_id)
        if case is None:
            raise NotFound(f"案件 #{case_id} 不存在.", "Refresh the queue.")
        if kind not in kinds_for(case.stage, case.decision):
            offered = ", ".join(k.value for k in kinds_for(case.stage, case.decision))
            raise RuleViolation(f"{case.ref} 处于「{case.stage}」阶段, 不能出具 {kind.value}.",
                                f"This stage offers: {offered}.")
        if kind is docs.FilingKind.PRESS_BRIEF:
            _check_press_approval(session, case)
        year = wb.today().year
        template = style.letterhead.doc_number_template
        number = _next_number(session, template, year)
        doc_no = style.letterhead.doc_number(year, number)
        data = _data(session, wb, case, doc_no, include_personal, kind)
        document = build(kind, data, style)
        try:
            path = docs.write(document, out_dir, f"{case.ref} {docs.KIND_INFO[kind].label}")
            written.append(path)
        except OSError as exc:
            raise RuleViolation(f"无法写入文书: {exc.strerror or exc}",
                                "Check the --out folder and free disk space.") from exc
        digest = docs.sha256_of(path)
        filing = Filing(case_id=case_id, kind=kind.value, stage=case.stage, doc_no=doc_no,
                        file_name=str(path), sha256=digest, created_by=wb.actor,
                        created_at=wb.now())
        session.add(filing)
        session.flush()
        chain.append(events.filing_exported(
            filing=filing.id, kind=kind.value, doc_no=doc_no, sha256=digest, file=path.name,
            full_personal_data=include_personal), wb.actor, case_id=case_id)
        chain.close()
        ref = case.ref
    return Exported(ref, kind.value, path, digest, doc_no)


def export_many(wb: Workbench, case_ids: Iterable[int], kind: str, out_dir: Path, *,
                include_personal: bool = False, style_file: Path | None = None,
                progress: Callable[[int, int], None] | None = None) -> BulkResult:
    """Export for each case (kind "auto": the first document its stage offers); one
    failure does not stop the others and is reported."""

    def one(case_id: int) -> str:
        chosen = kind
        if kind == "auto":
            with wb.store.session() as session:
                case = session.get(Case, case_id)
                if case is None:
                    raise NotFound(f"案件 #{case_id} 不存在.", "")
                offered = kinds_for(case.stage, case.decision)
                # the stage's own document first; the evidence list is offered everywhere
                main = [k for k in offered if k is not docs.FilingKind.EVIDENCE_LIST]
                chosen = (main or offered)[0].value
        exported = export(wb, case_id, chosen, out_dir, include_personal=include_personal,
                          style_file=style_file)
        return f"{exported.ref} → {exported.path.name}"

    return run_each(case_ids, one, progress=progress)


def filings_for(wb: Workbench, case_id: int) -> list[FilingLine]:
    """A case's exported filings, newest first, labelled."""
    with wb.store.session() as session:
        return [filing_line(row) for row in session.execute(
            select(Filing).where(col(Filing.case_id) == case_id)
            .order_by(col(Filing.id).desc())).scalars()]
