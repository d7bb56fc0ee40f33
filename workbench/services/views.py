"""Read models: what screens and the CLI are given instead of ORM rows.

Frozen, already masked and labelled: every code a user can see has become its Chinese
label here, and every stored time China wall-clock text. Codes stay beside a label only
where a caller needs them for logic (the stage for the escalation picker, ids and
versions for actions).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from workbench.domain.categories import EvidenceKind, original_label
from workbench.domain.clock import local_time
from workbench.domain.ladder import stage_label
from workbench.domain.vocabulary import ContactChannel
from workbench.filings.documents import FilingKind
from workbench.i18n import N_, _
from workbench.services.names import name_of
from workbench.store.models import Annotation, Contact, Evidence, Filing


def filing_kind_label(code: str) -> str:
    """A document kind's Chinese name (an unknown code: 文书)."""
    try:
        return FilingKind(code).label
    except ValueError:
        return _("文书")


@dataclass(frozen=True, slots=True)
class TimelineLine:
    """One entry of a case's history, described in Chinese."""

    at: str
    actor: str  # display name (the login if the person has none)
    kind: str  # the event kind's code
    kind_label: str
    text: str
    reason: str = ""  # the reason the event records, if any (also part of `text`)
    login: str = ""  # the actor's login: the detail shows it beside the name
    real_actor: str = ""  # who really did it when an admin acted for `login` (display name)


@dataclass(frozen=True, slots=True)
class ContactLine:
    """One contact with a counterpart, as the contact log shows it."""

    at: str
    channel: str  # label, e.g. 电话
    counterpart: str
    ticket_no: str
    summary: str
    outcome: str
    next_follow_up: str  # "" when none


def contact_line(row: Contact) -> ContactLine:
    return ContactLine(
        at=local_time(row.at), channel=ContactChannel.label_of(row.channel, _("其他方式")),
        counterpart=row.counterpart, ticket_no=row.ticket_no, summary=row.summary,
        outcome=row.outcome,
        next_follow_up=row.next_follow_up.isoformat() if row.next_follow_up else "")


@dataclass(frozen=True, slots=True)
class FilingLine:
    """One exported filing."""

    id: int
    at: str
    doc_no: str
    kind: str  # label, e.g. 投诉函（致服务商）
    stage: str  # label
    file_name: str
    sha256: str
    created_by: str  # display name
    draft: bool = False  # 草稿: no 文号, not in the 发文登记
    addressee: str = ""  # to whom it is addressed, as printed


def filing_line(row: Filing, names: Mapping[str, str] | None = None) -> FilingLine:
    """`row` for the screens; ``names`` (login → display name) names who exported it."""
    return FilingLine(
        id=row.id or 0, at=local_time(row.created_at), doc_no=row.doc_no,
        kind=filing_kind_label(row.kind), stage=stage_label(row.stage),
        file_name=row.file_name, sha256=row.sha256, created_by=name_of(names or {}, row.created_by),
        draft=row.draft, addressee=row.addressee)


@dataclass(frozen=True, slots=True)
class EvidenceItem:
    """One piece of evidence (metadata only; the file stays in the blob store)."""

    id: int
    kind: str  # code
    kind_label: str
    title: str
    source: str
    proves: str
    description: str
    original_name: str
    media_type: str
    size: int
    sha256: str
    obtained_on: str  # "" when unknown
    added_at: str
    added_by: str  # display name
    pages: int | None = None  # 页数
    form: str = "复印件"  # 原件 / 复印件, with the 载体: 原件（U盘）


# the kind of file a media type is, as a caseworker says it (the type itself only in `v`)
FILE_KINDS: dict[str, str] = {
    "image/png": N_("PNG 图片"), "image/jpeg": N_("JPEG 图片"), "image/gif": N_("GIF 图片"),
    "application/pdf": N_("PDF 文件"), "text/plain": N_("纯文本"), "text/csv": N_("CSV 表格"),
    "application/csv": N_("CSV 表格"),
}


def file_kind(media_type: str) -> str:
    """`text/plain` → 纯文本; anything not listed → 其他文件."""
    return _(FILE_KINDS.get(media_type.split(";")[0].strip().lower(), N_("其他文件")))


def evidence_item(row: Evidence, names: Mapping[str, str] | None = None) -> EvidenceItem:
    """`row` for the screens; ``names`` (login → display name) names who added it."""
    return EvidenceItem(
        id=row.id or 0, kind=row.kind, kind_label=EvidenceKind.label_of(row.kind, _("其他")),
        title=row.title, source=row.source, proves=row.proves, description=row.description,
        original_name=row.original_name, media_type=row.media_type, size=row.size,
        sha256=row.sha256, obtained_on=row.obtained_on.isoformat() if row.obtained_on else "",
        added_at=local_time(row.added_at), added_by=name_of(names or {}, row.added_by),
        pages=row.pages, form=original_label(row.original, row.carrier))


@dataclass(frozen=True, slots=True)
class NoteLine:
    """A note on a case or on one of its pieces of evidence."""

    id: int
    evidence_id: int | None
    at: str
    author: str  # display name
    tags: tuple[str, ...]
    body: str


def note_line(row: Annotation, names: Mapping[str, str] | None = None) -> NoteLine:
    """`row` for the screens; ``names`` (login → display name) names its author."""
    return NoteLine(id=row.id or 0, evidence_id=row.evidence_id, at=local_time(row.created_at),
                    author=name_of(names or {}, row.author), tags=tuple(row.tags), body=row.body)
