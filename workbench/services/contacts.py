"""The follow-up log: contacts with the provider, institutions and regulators."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy.orm import Session

from workbench.domain import events
from workbench.domain.ladder import Stage
from workbench.domain.vocabulary import ContactChannel
from workbench.errors import RuleViolation
from workbench.i18n import _
from workbench.services.cases import clean_text, load_for_update
from workbench.services.context import Workbench
from workbench.store.models import Case, Contact

CHANNELS = tuple(ContactChannel)


@dataclass
class ContactDraft:
    channel: str
    counterpart: str
    summary: str
    counterpart_stage: Stage = Stage.PROVIDER
    ticket_no: str = ""
    outcome: str = ""
    next_follow_up: date | None = None
    at: datetime | None = None


def effective_due(case: Case) -> None:
    """The queue's due date: the earlier of the stage deadline and the next follow-up."""
    dates = [d for d in (case.stage_due_on, case.follow_up_on) if d is not None]
    case.due_on = min(dates) if dates else None


def log_contact(wb: Workbench, case_id: int, expected_version: int,
                draft: ContactDraft) -> Contact:
    """Record one contact; a next follow-up date moves the case's due date."""
    if draft.channel not in CHANNELS:
        raise RuleViolation(_("未知的联系方式 {channel!r}。").format(channel=draft.channel),
                            _("可选：{items}。").format(items=', '.join(CHANNELS)))
    draft = replace(draft, counterpart=clean_text(draft.counterpart, _("联系对象")),
                    summary=clean_text(draft.summary, _("内容摘要"), multiline=True),
                    ticket_no=clean_text(draft.ticket_no, _("工单号")),
                    outcome=clean_text(draft.outcome, _("结果"), multiline=True))
    if not draft.summary.strip():
        raise RuleViolation(_("联系记录需要摘要（说了什么）。"), _("请写明谈了什么或约定了什么。"))
    with wb.store.write() as session:
        chain = wb.chain(session)
        case = load_for_update(session, case_id, expected_version)
        contact = Contact(case_id=case_id, at=draft.at or wb.now(), channel=draft.channel,
                          counterpart=draft.counterpart.strip(),
                          counterpart_stage=Stage(draft.counterpart_stage).value,
                          ticket_no=draft.ticket_no.strip(), summary=draft.summary,
                          outcome=draft.outcome, next_follow_up=draft.next_follow_up,
                          logged_by=wb.actor)
        session.add(contact)
        if draft.next_follow_up is not None:
            case.follow_up_on = draft.next_follow_up
            effective_due(case)
        case.updated_at, case.updated_by = wb.now(), wb.actor
        session.flush()
        chain.append(events.contact_logged(
            contact=contact.id, channel=ContactChannel(contact.channel),
            counterpart=contact.counterpart, stage=Stage(contact.counterpart_stage),
            ticket_no=contact.ticket_no, next_follow_up=draft.next_follow_up),
            wb.actor, case_id=case_id)
        chain.close()
    return contact


def provider_contacts(session: Session, case_id: int) -> int:
    from sqlalchemy import func, select
    from sqlmodel import col

    return int(session.execute(
        select(func.count()).select_from(Contact)
        .where(col(Contact.case_id) == case_id,
               col(Contact.counterpart_stage) == Stage.PROVIDER.value)
    ).scalar_one())
