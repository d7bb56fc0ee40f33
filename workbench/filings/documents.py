"""The filings a case produces (DESIGN §9): plain data in, a python-docx Document out.

:class:`FilingData` holds everything a filing says, as plain values the services fill
from the database (masked or full personal data as the caller decides). :func:`build`
lays out one :class:`FilingKind` in the house style; :func:`write` saves it atomically,
never over an existing file.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import re
import secrets
import typing
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import NamedTuple

from workbench.domain.ladder import Stage
from workbench.domain.law import LawRegister
from workbench.domain.personal_text import Handling, KnownPersonal
from workbench.filings.text import clean_xml
from workbench.fsutil import FILING_TEMP_GLOB, fsync_directory
from workbench.private_files import open_private, private_dir

if typing.TYPE_CHECKING:
    from docx.document import Document


BLANK = "＿＿＿＿"  # a visible gap for the caseworker to fill in by hand
UNCHECKED, CHECKED = "□", "☑"


# --- what kinds of filing there are ---------------------------------------------------

class FilingKind(StrEnum):
    COMPLAINT_LETTER_PROVIDER = "complaint_letter_provider"
    COMPLAINT_LETTER_SUPERIOR = "complaint_letter_superior"
    CONSUMER_COMPLAINT = "consumer_complaint"
    MEDIATION_APPLICATION = "mediation_application"
    SAMR_REPORT = "samr_report"
    INDUSTRY_REPORT = "industry_report"
    PRESS_BRIEF = "press_brief"
    CIVIL_COMPLAINT = "civil_complaint"
    SUPPORT_OPINION = "support_opinion"
    EVIDENCE_LIST = "evidence_list"
    EVIDENCE_BINDER = "evidence_binder"  # a PDF of the evidence files, not a .docx
    CLOSING_REPORT = "closing_report"
    MEDIATION_AGREEMENT = "mediation_agreement"
    TERMINATION_NOTICE = "termination_notice"
    ACCEPTANCE_NOTICE = "acceptance_notice"
    MATERIAL_NOTICE = "material_notice"
    REFUSAL_NOTICE = "refusal_notice"
    GROUP_COMPLAINT_LETTER = "group_complaint_letter"  # one letter for a joint complaint

    @property
    def info(self) -> KindInfo:
        return KIND_INFO[self]

    @property
    def label(self) -> str:
        """The Chinese name shown in pickers, e.g. 投诉函（致服务商）."""
        return KIND_INFO[self].label


class Voice(StrEnum):
    ASSOCIATION = "association"  # issued by the association: letterhead, 文号, seal
    COMPLAINANT = "complainant"  # the complainant's own document, drafted for signature
    INTERNAL = "internal"  # the association's own file (结案报告): no letterhead, no 文号


# Complainant details a filing may carry (DESIGN §9: only the personal data it needs).
NAME, ID_NUMBER, PHONE, ADDRESS, MERCHANT = "name", "id_number", "phone", "address", "merchant"
ALL_PERSONAL = frozenset({NAME, ID_NUMBER, PHONE, ADDRESS, MERCHANT})


@dataclass(frozen=True, slots=True)
class KindInfo:
    kind: FilingKind
    label: str
    title: str
    stages: frozenset[Stage]
    voice: Voice
    personal: frozenset[str]  # complainant fields printed; the press brief prints 张某 only
    default_addressee: str  # "" = none; BLANK = the caller must name one
    suffix: str = ".docx"  # the evidence binder is a .pdf

    @property
    def need(self) -> Handling:
        """What the addressee reads of the personal data in free text (see NEEDS)."""
        return NEEDS.get(self.kind, Handling.FULL)

    @property
    def numbered(self) -> bool:
        """Only what the association issues takes a 文号 (DESIGN §9): the complainant's
        own papers and internal reports consume no number of the 发文登记."""
        return self.voice is Voice.ASSOCIATION


A = Voice.ASSOCIATION
KINDS: tuple[KindInfo, ...] = (
    KindInfo(FilingKind.COMPLAINT_LETTER_PROVIDER, "投诉函（致服务商）", "函",
             frozenset({Stage.PROVIDER}), A, frozenset({NAME, PHONE, MERCHANT}), ""),
    KindInfo(FilingKind.COMPLAINT_LETTER_SUPERIOR, "投诉函（致上级机构）", "函",
             frozenset({Stage.SUPERIOR}), A, frozenset({NAME, PHONE, MERCHANT}), ""),
    KindInfo(FilingKind.CONSUMER_COMPLAINT, "消费者投诉书", "消费者投诉书",
             frozenset({Stage.MEDIATION}), Voice.COMPLAINANT, ALL_PERSONAL,
             f"{BLANK}市场监督管理局"),
    KindInfo(FilingKind.MEDIATION_APPLICATION, "调解申请书", "调解申请书",
             frozenset({Stage.MEDIATION}), Voice.COMPLAINANT, ALL_PERSONAL, ""),
    KindInfo(FilingKind.SAMR_REPORT, "举报信（致监管部门）", "举报信",
             frozenset({Stage.NATIONAL}), A, frozenset({NAME, PHONE, ADDRESS, MERCHANT}),
             "国家市场监督管理总局"),
    KindInfo(FilingKind.INDUSTRY_REPORT, "情况反映", "情况反映",
             frozenset({Stage.INDUSTRY}), A, frozenset({NAME, PHONE, MERCHANT}), BLANK),
    KindInfo(FilingKind.PRESS_BRIEF, "情况说明（媒体）", "情况说明",
             frozenset({Stage.MEDIA}), A, frozenset(), "各新闻媒体"),
    KindInfo(FilingKind.CIVIL_COMPLAINT, "民事起诉状", "民事起诉状",
             frozenset({Stage.LEGAL}), Voice.COMPLAINANT, ALL_PERSONAL, ""),
    KindInfo(FilingKind.SUPPORT_OPINION, "支持起诉意见书", "支持起诉意见书",
             frozenset({Stage.LEGAL}), A, frozenset({NAME, ID_NUMBER, ADDRESS, MERCHANT}), ""),
    KindInfo(FilingKind.EVIDENCE_LIST, "证据清单", "证据清单",
             frozenset(Stage), Voice.COMPLAINANT, frozenset({NAME}), ""),
    KindInfo(FilingKind.EVIDENCE_BINDER, "证据材料汇编", "证据材料汇编",
             frozenset(Stage), Voice.COMPLAINANT, frozenset({NAME}), "", ".pdf"),
    KindInfo(FilingKind.CLOSING_REPORT, "结案报告", "结案报告",
             frozenset({Stage.CLOSED}), Voice.INTERNAL, frozenset({NAME, PHONE, MERCHANT}), ""),
    # mediation's end: the parties sign the agreement; the notice goes to both parties
    KindInfo(FilingKind.MEDIATION_AGREEMENT, "调解协议书", "调解协议书",
             frozenset({Stage.MEDIATION, Stage.CLOSED}), A,
             frozenset({NAME, ID_NUMBER, PHONE, ADDRESS, MERCHANT}), ""),
    KindInfo(FilingKind.TERMINATION_NOTICE, "终止调解告知书", "终止调解告知书",
             frozenset({Stage.MEDIATION, Stage.CLOSED}), A, frozenset({NAME, MERCHANT}), ""),
    # The acceptance decision's notices, to the complainant (services offer each one only
    # once its decision is made: accepted → provider, material → intake, refused → closed).
    KindInfo(FilingKind.ACCEPTANCE_NOTICE, "受理通知书", "受理通知书",
             frozenset({Stage.PROVIDER}), A, frozenset({NAME, MERCHANT}), ""),
    KindInfo(FilingKind.MATERIAL_NOTICE, "补正通知书", "补正通知书",
             frozenset({Stage.INTAKE}), A, frozenset({NAME, MERCHANT}), ""),
    KindInfo(FilingKind.REFUSAL_NOTICE, "不予受理告知书", "不予受理告知书",
             frozenset({Stage.CLOSED}), A, frozenset({NAME, MERCHANT}), ""),
    # a joint complaint's one letter to the provider: offered for a group (services.groups),
    # never at a case's stage
    KindInfo(FilingKind.GROUP_COMPLAINT_LETTER, "投诉函（共同投诉）", "函", frozenset(), A,
             frozenset({NAME, PHONE, MERCHANT}), ""),
)
# The kinds written for a group of cases, not for one case.
GROUP_KINDS = frozenset({FilingKind.GROUP_COMPLAINT_LETTER})
# The notices of the acceptance decision, with the Decision code each one belongs to.
NOTICE_DECISION: dict[FilingKind, str] = {
    FilingKind.ACCEPTANCE_NOTICE: "accepted",
    FilingKind.MATERIAL_NOTICE: "material_requested",
    FilingKind.REFUSAL_NOTICE: "refused",
}
KIND_INFO: dict[FilingKind, KindInfo] = {info.kind: info for info in KINDS}

# The personal data an addressee needs in free text (narrative, contacts, title, demands,
# evidence): providers, superiors, regulators and industry bodies read it masked, the press
# reads 张某 / 某商户 everywhere; court papers, the complainant's own papers, notices to
# the parties and internal reports keep it in full (every kind not named here).
# The kinds laid out as .docx by `render.build` (the binder is assembled by `binder`).
DOCX_KINDS: tuple[FilingKind, ...] = tuple(i.kind for i in KINDS if i.suffix == ".docx"
                                           and i.kind not in GROUP_KINDS)
NEEDS: dict[FilingKind, Handling] = {
    FilingKind.COMPLAINT_LETTER_PROVIDER: Handling.MASK,
    FilingKind.GROUP_COMPLAINT_LETTER: Handling.MASK,
    FilingKind.COMPLAINT_LETTER_SUPERIOR: Handling.MASK,
    FilingKind.SAMR_REPORT: Handling.MASK,
    FilingKind.INDUSTRY_REPORT: Handling.MASK,
    FilingKind.PRESS_BRIEF: Handling.PSEUDONYM,
}

# Addressees offered for the industry rung (DESIGN §2); a PBOC branch must be named.
INDUSTRY_ADDRESSEES: tuple[str, ...] = (
    "中国人民银行＿＿分行", "国家金融监督管理总局＿＿监管局", "中国支付清算协会", "中国银联")


def kinds_for_stage(stage: Stage | str) -> list[FilingKind]:
    """The filings offered at a stage, in ladder order (the evidence list at every stage)."""
    return [info.kind for info in KINDS if Stage(stage) in info.stages]


# --- the data a filing is made of -----------------------------------------------------

@dataclass(slots=True)
class Letterhead:
    name: str
    address: str = ""
    phone: str = ""
    signatory: str = ""  # 联系人 / 经办人 named in the note under the signature
    postcode: str = ""


@dataclass(slots=True)
class Addressee:
    name: str
    kind: str = ""  # provider | superior | regulator | industry | media | court | association
    note: str = ""  # how it was found when presumed (按机构住所地推定), else ""


@dataclass(slots=True)
class Complainant:
    name: str
    kind: str = "consumer"  # consumer | merchant
    id_number: str = ""  # masked or full, as the caller decides for this filing
    phone: str = ""
    address: str = ""
    merchant_name: str = ""
    merchant_no: str = ""
    ethnicity: str = ""  # 民族, for a court paper
    uscc: str = ""  # a 个体工商户's 统一社会信用代码 (its 字号), when known
    business_place: str = ""  # its 经营场所, when known


@dataclass(slots=True)
class Provider:
    name: str
    uscc: str = ""  # 统一社会信用代码
    address: str = ""
    superior_name: str = ""
    legal_representative: str = ""
    hotline: str = ""
    kind: str = "agent"  # agent | payment_institution | acquiring_bank


class Demand(NamedTuple):
    text: str
    amount_fen: int | None = None  # None: not money (赔礼道歉, 停止扣费)


class ContactEntry(NamedTuple):
    on: date
    channel: str
    counterpart: str
    ticket_no: str
    summary: str
    stage: str = "provider"  # Contact.counterpart_stage: whose side the counterpart is on
    outcome: str = ""  # what the counterpart answered


class GroupMember(NamedTuple):
    """One complainant of a joint complaint, as its letter lists them (already masked)."""

    name: str  # 陈某某 / 王某
    phone: str  # 138****5678
    ref: str
    amount_fen: int
    representative: bool = False


class EvidenceItem(NamedTuple):
    title: str
    source: str
    proves: str  # 证明对象: the fact the item proves
    pages: int | None = None  # 页数
    original: bool = False  # 原件 (else 复印件)
    carrier: str = ""  # 载体: U盘, 光盘…; "" = paper
    binder_pages: tuple[int, int] | None = None  # 页码 in the evidence binder


@dataclass(slots=True)
class FilingData:
    """Everything a filing says. Plain values; no database types."""

    doc_no: str  # "" for a draft and for kinds that are not numbered (KindInfo.numbered)
    issued_on: date
    complainant: Complainant
    provider: Provider
    case_ref: str
    case_title: str
    narrative: str = ""  # 事实与理由; one paragraph per line
    addressee: Addressee | None = None  # None: the kind's default (provider, superior, court…)
    letterhead: Letterhead | None = None  # None: the house style's [letterhead]
    categories: Sequence[str] = ()  # labels, primary first
    demands: Sequence[Demand] = ()
    contacts: Sequence[ContactEntry] = ()
    evidence: Sequence[EvidenceItem] = ()
    legal_basis: str = ""
    business_scope: bool = False  # a merchant's 经营活动 dispute: the consumer law is not cited
    reply_by: date | None = None  # the answer asked of the addressee
    stage: str = ""
    outcome: str = ""  # an Outcome code or a label
    recovered_fen: int | None = None
    court_name: str = ""
    terminal_sn: str = ""
    litigation_agent: str = ""  # 委托诉讼代理人 (name, firm, phone)
    jurisdiction_agreement: str = ""  # 约定管辖: "" = ask with check boxes
    preservation: str = ""  # 诉前保全: "" = ask with check boxes
    prefers_mediation: bool | None = None  # 先行调解
    e_service: bool = False  # the plaintiff accepts electronic service (短信 to their phone)
    contract_facts: str = ""  # 合同签订情况
    performance_facts: str = ""  # 合同履行情况
    contract_clause: str = ""  # the clause at issue, where and what (quoted in the facts)
    head_office: Provider | None = None  # a 分公司 defendant's head company, registered
    cause: str = "服务合同纠纷"  # 案由 for the court filings
    law: LawRegister | None = None  # the register the citations come from (default: shipped)
    # mediation's end (调解协议书, 终止调解告知书)
    mediator: str = ""  # label: 消协自行调解 / 市场监管部门委托调解
    agreement_terms: str = ""  # one paragraph per line
    punitive_fen: int = 0  # 加倍赔偿, part of recovered_fen
    perform_by: date | None = None
    pay_account: str = ""  # the complainant's account the money goes to, as masked for the paper
    ground: str = ""  # the termination ground's code (decides the remedy the notice tells)
    ground_label: str = ""  # a refusal or termination ground, in a notice's words
    suggestion: str = ""  # what the parties may do next
    # (citation, wording) from the law register: the ground's articles, or the basis of
    # the association's mediation; no statute is named in code
    citations: Sequence[tuple[str, str]] = ()
    notify_citations: Sequence[str] = ()  # the basis of telling the parties (citations)
    # the acceptance decision's notices
    received_on: date | None = None  # the day the complaint was made
    decided_on: date | None = None
    ground_suggest: str = ""  # what the complainant may do instead
    decision_reason: str = ""  # why the refusal ground applies, as the decision stated it
    accepted_wording: str = ""  # the acceptance sentence ({basis}, {you}; acceptance.toml)
    material_items: Sequence[str] = ()
    material_due_on: date | None = None
    # the legal reasoning: (category label, citation, wording, register id) per article
    bases: Sequence[tuple[str, str, str, str]] = ()
    reply_within: str = ""  # the answer asked of the addressee: "15日" / "30个工作日"
    association_name: str = ""  # how a court paper names the association
    # the case's own dates and people (closing report, support opinion)
    accepted_on: date | None = None
    closed_on: date | None = None
    stage_before: str = ""  # the stage label the case left for closing
    closing_reason: str = ""  # the reason recorded with the close (a referral's body)
    letters: Sequence[tuple[date, str]] = ()  # (day, addressee) of the letters exported
    caseworker: str = ""
    revisit: str = ""  # 回访 result, from the contact log
    mediation_failed: bool = False
    closing_ground: str = ""  # the termination ground that closed the case, in the notice's words
    cc: Sequence[str] = ()  # 抄送 (版记, GB/T 9704-2012 §7.4.2): the bodies sent a copy
    # the party pleaded against when it is not the provider: an agent's acquirer, for a
    # paper to the acquirer or to its regulator (None: the provider itself)
    respondent: Provider | None = None
    # the register id of the acquirer's duty over its agent, for a letter to the acquirer
    # ("" : no rule binds it; routes.toml [acquirer_duty])
    duty: str = ""
    competence: str = ""  # the addressee's power over the respondent: 监督管理 / 自律管理
    contacted: Sequence[str] = ()  # the stages whose counterparts the contact log records
    # the complainant's values in full, to find them in free text (filings.redact);
    # never printed themselves
    known_personal: KnownPersonal = field(default_factory=KnownPersonal)
    draft: bool = False  # 草稿 behind every page, no 文号
    # a joint complaint's letter: its members (the case above is the lead one)
    group_members: Sequence[GroupMember] = ()

    def __post_init__(self) -> None:
        # Plain tuples are welcome: (text, amount_fen), (date, channel, …), (title, …).
        self.demands = tuple(Demand(*d) for d in self.demands)
        self.contacts = tuple(ContactEntry(*c) for c in self.contacts)
        self.evidence = tuple(EvidenceItem(*e) for e in self.evidence)
        self.categories = tuple(self.categories)
        self.citations = tuple((str(c), str(t)) for c, t in self.citations)
        self.notify_citations = tuple(self.notify_citations)
        self.material_items = tuple(self.material_items)
        self.bases = tuple((str(a), str(b), str(c), str(i)) for a, b, c, i in self.bases)
        self.cc = tuple(self.cc)
        self.letters = tuple((d, str(a)) for d, a in self.letters)
        self.contacted = tuple(self.contacted)
        self.group_members = tuple(GroupMember(*m) for m in self.group_members)


# --- writing ---------------------------------------------------------------------------

_UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
             *(f"LPT{i}" for i in range(1, 10))}
MAX_STEM = 120
MAX_STEM_BYTES = 200


def safe_stem(file_stem: str) -> str:
    """A file name stem any file system takes: no separators or control characters,
    no leading or trailing dots, at most 120 characters (200 bytes); never empty."""
    stem = _UNSAFE_NAME.sub("_", clean_xml(file_stem))
    stem = re.sub(r"\s+", " ", stem).strip(" .")
    # ≤ 120 characters and ≤ 200 bytes: most file systems allow 255 bytes a name, and
    # " (n).docx" must still fit
    stem = stem[:MAX_STEM].encode("utf-8")[:MAX_STEM_BYTES].decode("utf-8", "ignore")
    stem = stem.rstrip(" .")
    if not stem or stem.upper() in _RESERVED:
        stem = f"filing {stem}".strip()
    return stem


TEMP_GLOB = FILING_TEMP_GLOB  # what :func:`stage` leaves behind if the process dies


def stage(document: Document | bytes, directory: Path, suffix: str = ".docx") -> Path:
    """Save `document` (or the bytes of a PDF) to a new temporary file in `directory`,
    flushed to disk, and return its path (``.filing-<token><suffix>.tmp``): nothing under
    a real name yet. The caller moves it into place with :func:`publish` or removes it."""
    private_dir(directory)
    # A filing holds personal data: 0600, or 0660 for the `shared_group` team.
    temp = directory / f".filing-{secrets.token_hex(8)}{suffix}.tmp"
    fd = open_private(temp, os.O_WRONLY | os.O_EXCL | getattr(os, "O_BINARY", 0))
    try:
        with os.fdopen(fd, "wb") as handle:
            if isinstance(document, bytes):
                handle.write(document)
            else:
                document.save(handle)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp


def candidate_names(directory: Path, file_stem: str,
                    suffix: str = ".docx") -> Iterator[Path]:
    """``<stem>.docx``, then ``<stem> (2).docx``, ``<stem> (3).docx``… (stem made safe)."""
    stem = safe_stem(file_stem)
    for n in itertools.count(1):
        yield directory / (f"{stem}{suffix}" if n == 1 else f"{stem} ({n}){suffix}")


def publish(temp: Path, target: Path) -> None:
    """Move a staged file to `target`, never over an existing file (FileExistsError), and
    make the move durable."""
    try:
        # A hard link is created only if the name is free: no race with another writer
        # choosing the same name between our check and our rename.
        os.link(temp, target)
    except FileExistsError:
        raise
    except OSError:  # file systems without hard links: check, then rename
        if target.exists():
            raise FileExistsError(target) from None
        os.replace(temp, target)
    else:
        temp.unlink()
    fsync_directory(target.parent)


def write(document: Document, directory: Path, file_stem: str) -> Path:
    """Save `document` as ``<stem>.docx`` in `directory`, atomically, never overwriting.

    The file is written to a temporary name in the same directory and moved into place;
    if ``<stem>.docx`` exists, " (2)", " (3)"… is appended. Returns the path written.
    """
    temp = stage(document, directory)
    try:
        for target in candidate_names(directory, file_stem):
            try:
                publish(temp, target)
            except FileExistsError:
                continue
            return target
        raise AssertionError("unreachable")  # pragma: no cover - the names never run out
    finally:
        temp.unlink(missing_ok=True)


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of a file, for the Filing row."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
