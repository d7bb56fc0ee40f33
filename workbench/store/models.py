"""SQLModel tables (DESIGN §4). Money is integer fen; times are UTC; personal data is
encrypted at rest (`EncryptedStr`). Stage, category and kind columns hold the domain
enums' string codes.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import declared_attr
from sqlmodel import Field, SQLModel

from workbench.store.crypto import EncryptedStr


class Meta(SQLModel, table=True):
    """Per-database facts: id, key salt and check, demo flag, audit chain head."""

    __tablename__ = "wb_meta"
    key: str = Field(primary_key=True, max_length=64)
    value: str = ""


class Caseworker(SQLModel, table=True):
    __tablename__ = "caseworker"
    id: int | None = Field(default=None, primary_key=True)
    login: str = Field(unique=True, max_length=64)
    display_name: str = Field(max_length=100)
    role: str = Field(default="caseworker", max_length=20)
    active: bool = True
    # the PostgreSQL login role this person connects as (None: SQLite, or not mapped)
    db_role: str | None = Field(default=None, max_length=63, unique=True, index=True)


class Provider(SQLModel, table=True):
    __tablename__ = "provider"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True, max_length=200)
    short_name: str = Field(default="", max_length=100)
    # agent | payment_institution | acquiring_bank
    kind: str = Field(default="agent", max_length=30)
    uscc: str = Field(default="", max_length=18)
    licence_no: str = Field(default="", max_length=60)
    address: str = Field(default="", max_length=300)
    hotline: str = Field(default="", max_length=40)
    # where letters about it go (DESIGN §9): the county-level 市场监督管理局 where it operates,
    # and its local financial regulator (人民银行分行 / 金融监管总局派出机构)
    market_bureau: str = Field(default="", sa_column=Column(String(100), nullable=False,
                                                            server_default=""))
    regulator: str = Field(default="", sa_column=Column(String(100), nullable=False,
                                                        server_default=""))
    legal_representative: str = Field(default="", sa_column=Column(
        String(100), nullable=False, server_default=""))  # 法定代表人 (a court paper names them)
    superior_id: int | None = Field(default=None, foreign_key="provider.id")
    # the city and county-level district of the registered address (深圳市南山区): whose
    # 市场监督管理局 is competent when `market_bureau` is not set
    county: str = Field(default="", sa_column=Column(String(60), nullable=False,
                                                     server_default=""))
    # merged into another provider (its id): kept for the history, no longer listed or
    # matched. No foreign key, so SQLite adds and drops the column in place.
    merged_into_id: int | None = None


class ProviderAlias(SQLModel, table=True):
    """Another name a provider is known by (a brand, a former name, a merged duplicate)."""

    __tablename__ = "provider_alias"
    id: int | None = Field(default=None, primary_key=True)
    provider_id: int = Field(foreign_key="provider.id", index=True)
    alias: str = Field(unique=True, max_length=200)


class Complainant(SQLModel, table=True):
    __tablename__ = "complainant"
    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(default="consumer", max_length=20)  # consumer | merchant
    name: str = Field(index=True, max_length=200)
    phone: str = Field(default="", sa_column=Column(EncryptedStr, nullable=False, default=""))
    id_number: str = Field(default="", sa_column=Column(EncryptedStr, nullable=False, default=""))
    bank_card: str = Field(default="", sa_column=Column(EncryptedStr, nullable=False, default=""))
    address: str = Field(default="", max_length=300)
    merchant_name: str = Field(default="", max_length=200)
    merchant_no: str = Field(default="", max_length=40)
    ethnicity: str = Field(default="", sa_column=Column(String(20), nullable=False,
                                                        server_default=""))  # 民族 (court)


class Case(SQLModel, table=True):
    __tablename__ = "complaint_case"
    __table_args__ = (
        Index("ix_case_queue_due", "status", "due_on"),
        Index("ix_case_assignee_status", "assignee_id", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    ref: str = Field(unique=True, max_length=32)
    title: str = Field(max_length=500)
    complainant_id: int = Field(foreign_key="complainant.id", index=True)
    provider_id: int = Field(foreign_key="provider.id", index=True)
    terminal_sn: str = Field(default="", max_length=64)
    categories: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    primary_category: str = Field(default="other", max_length=40, index=True)
    narrative: str = ""
    demands: list[dict[str, Any]] = Field(default_factory=list,
                                          sa_column=Column(JSON, nullable=False))
    amount_claimed_fen: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    amount_recovered_fen: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    stage: str = Field(default="intake", max_length=20, index=True)
    status: str = Field(default="open", max_length=20)
    outcome: str | None = Field(default=None, max_length=30)
    priority: str = Field(default="normal", max_length=10, index=True)
    assignee_id: int | None = Field(default=None, foreign_key="caseworker.id")
    harm_known_on: date | None = None
    # 生活消费 (consumer) or a merchant's 经营活动 (business), decided at intake with a reason
    scope: str = Field(default="consumer", sa_column=Column(
        String(20), nullable=False, server_default="consumer"))
    scope_reason: str = Field(default="", sa_column=Column(
        String(500), nullable=False, server_default=""))
    opened_at: datetime = Field(index=True)
    stage_entered_at: datetime
    stage_due_on: date | None = None  # deadline of the current stage
    follow_up_on: date | None = None  # next follow-up from the contact log
    due_on: date | None = None  # the earlier of the two: what the queue shows and sorts by
    due_estimated: bool = False
    # bodies that already hold the dispute (recorded before an administrative rung)
    held_by: list[str] = Field(default_factory=list,
                               sa_column=Column(JSON, nullable=False, server_default="[]"))
    bodies_recorded: bool = Field(default=False, sa_column=Column(
        Boolean, nullable=False, server_default=false()))
    # the industry body the case was sent to (IndustryBody code; "" = none chosen)
    industry_body: str = Field(default="", sa_column=Column(String(20), nullable=False,
                                                            server_default=""))
    paused_since: date | None = None  # the stage clock is stopped (e.g. 检测/鉴定)
    # the acceptance decision (Decision code): 受理 / 补正 / 不予受理, with its ground code
    decision: str = Field(default="pending", max_length=20, index=True, sa_column_kwargs={
        "server_default": "pending"})
    decision_on: date | None = None
    decision_ground: str = Field(default="", max_length=40,
                                 sa_column_kwargs={"server_default": ""})
    material_items: list[str] = Field(default_factory=list, sa_column=Column(
        JSON, nullable=False, server_default="[]"))
    material_due_on: date | None = None  # the complainant supplies the material by then
    extra_days: int = Field(default=0, sa_column=Column(Integer, nullable=False,
                                                        server_default="0"))
    closed_at: datetime | None = None
    # merged into another case (its id): closed with outcome `merged`; its ref redirects
    # there. No foreign key, so SQLite adds and drops the column in place.
    merged_into_id: int | None = None
    # mediation's end (DESIGN §10): who mediates, the agreement or the termination ground
    mediator: str = Field(default="", sa_column=Column(String(20), nullable=False,
                                                       server_default=""))
    punitive_fen: int = Field(default=0, sa_column=Column(BigInteger, nullable=False,
                                                          server_default="0"))
    mediation_result: str = Field(default="", sa_column=Column(String(20), nullable=False,
                                                               server_default=""))
    mediation_terms: str = Field(default="", sa_column=Column(Text, nullable=False,
                                                              server_default=""))
    perform_by: date | None = None
    termination_ground: str = Field(default="", sa_column=Column(
        String(40), nullable=False, server_default=""))
    # what a court paper needs beyond the complaint (LitigationKey codes → text)
    litigation: dict[str, Any] = Field(default_factory=dict, sa_column=Column(
        JSON, nullable=False, server_default="{}"))
    updated_at: datetime
    updated_by: str = Field(default="", max_length=64)
    version: int = Field(default=1, sa_column=Column(Integer, nullable=False, default=1))

    # Optimistic locking: SQLAlchemy adds `AND version = :old` to every UPDATE and bumps it.
    # It needs the real Column object, hence declared_attr rather than a plain string.
    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


class Evidence(SQLModel, table=True):
    __tablename__ = "evidence"
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="complaint_case.id", index=True)
    kind: str = Field(max_length=20)
    title: str = Field(max_length=300)
    description: str = ""
    source: str = Field(default="", max_length=200)
    obtained_on: date | None = None
    original_name: str = Field(default="", max_length=1000)
    sha256: str = Field(default="", max_length=64, index=True)
    size: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
    media_type: str = Field(default="", max_length=100)
    proves: str = Field(default="", max_length=300)  # 证明对象: the fact the item proves
    pages: int | None = None  # 页数 (counted from the file when added; the user may correct it)
    original: bool = Field(default=False, sa_column=Column(Boolean, nullable=False,
                                                           server_default=false()))  # 原件
    carrier: str = Field(default="", max_length=30)  # 载体: U盘, 光盘…; "" = paper
    added_by: str = Field(default="", max_length=64)
    added_at: datetime


class Annotation(SQLModel, table=True):
    __tablename__ = "annotation"
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="complaint_case.id", index=True)
    evidence_id: int | None = Field(default=None, foreign_key="evidence.id", index=True)
    body: str
    tags: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    author: str = Field(max_length=64)
    created_at: datetime


class Contact(SQLModel, table=True):
    """The follow-up log: one contact with a counterpart."""

    __tablename__ = "contact"
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="complaint_case.id", index=True)
    at: datetime
    channel: str = Field(default="phone", max_length=20)  # phone | email | online | visit | letter
    counterpart: str = Field(default="", max_length=200)
    counterpart_stage: str = Field(default="provider", max_length=20)
    ticket_no: str = Field(default="", max_length=64)
    summary: str = ""
    outcome: str = ""
    next_follow_up: date | None = None
    logged_by: str = Field(default="", max_length=64)


class CaseEvent(SQLModel, table=True):
    """Append-only history. `seq` is assigned under the chain lock; `hash` covers the
    row and the previous hash, so altering or deleting any row breaks the chain."""

    __tablename__ = "case_event"
    seq: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    case_id: int | None = Field(default=None, foreign_key="complaint_case.id", index=True)
    kind: str = Field(max_length=40)
    actor: str = Field(max_length=64)
    at: datetime
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)


class ApprovalRequest(SQLModel, table=True):
    """A caseworker asks a supervisor to let a case enter `media` or `legal`."""

    __tablename__ = "approval_request"
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="complaint_case.id", index=True)
    to_stage: str = Field(max_length=20)
    reason: str = ""
    requested_by: str = Field(max_length=64)
    requested_at: datetime
    # PostgreSQL: the session role that filed it, set by the server (see pg_guard)
    requested_db_role: str = Field(default="", sa_column=Column(String(64), nullable=False,
                                                                server_default=""))
    # pending | approved | denied | used
    status: str = Field(default="pending", max_length=20, index=True)
    decided_by: str = Field(default="", max_length=64)
    decided_at: datetime | None = None
    note: str = ""


class Filing(SQLModel, table=True):
    __tablename__ = "filing"
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="complaint_case.id", index=True)
    kind: str = Field(max_length=40)
    stage: str = Field(max_length=20)
    doc_no: str = Field(default="", max_length=80)
    file_name: str = Field(max_length=500)
    sha256: str = Field(max_length=64)
    # to whom it is addressed, as printed, and the AddresseeKind code
    addressee: str = Field(default="", sa_column=Column(String(200), nullable=False,
                                                        server_default=""))
    addressee_kind: str = Field(default="", sa_column=Column(String(20), nullable=False,
                                                             server_default=""))
    created_by: str = Field(max_length=64)
    created_at: datetime
    draft: bool = Field(default=False, sa_column=Column(Boolean, nullable=False,
                                                         server_default=false()))


class Draft(SQLModel, table=True):
    """Work in progress a caseworker has not submitted yet (an intake form), encrypted:
    it may hold personal data. One per owner and kind; survives a dropped SSH link."""

    __tablename__ = "draft"
    __table_args__ = (UniqueConstraint("owner", "kind"),)
    id: int | None = Field(default=None, primary_key=True)
    owner: str = Field(max_length=64)
    kind: str = Field(max_length=30)
    payload: str = Field(default="", sa_column=Column(EncryptedStr, nullable=False, default=""))
    updated_at: datetime


class Holiday(SQLModel, table=True):
    """The admin's holiday table for years chinesecalendar does not know."""

    __tablename__ = "holiday"
    day: date = Field(primary_key=True)
    working: bool = False  # True marks a 调休 make-up working day
    name: str = Field(default="", max_length=60)


class DocCounter(SQLModel, table=True):
    """Persistent document-number counter per prefix and year."""

    __tablename__ = "doc_counter"
    __table_args__ = (UniqueConstraint("prefix", "year"),)
    id: int | None = Field(default=None, primary_key=True)
    prefix: str = Field(max_length=60)
    year: int
    last: int = 0




class CaseSource(SQLModel, table=True):
    """Where an imported case came from: the file, sheet and row, the sender's reference
    (a 12315 登记编号, unique per `source`) and a hash of the row's content. The unique
    keys make an import idempotent: a row already imported is never created again, even
    when two processes import the same file at once."""

    __tablename__ = "case_source"
    __table_args__ = (UniqueConstraint("source", "external_ref"),)
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="complaint_case.id", unique=True)
    source: str = Field(max_length=40)  # the profile's source: "12315", "template", …
    file_name: str = Field(max_length=500)
    sheet: str = Field(default="", max_length=100)
    row_number: int
    external_ref: str | None = Field(default=None, max_length=100)
    content_hash: str = Field(max_length=64, unique=True)
    import_id: str = Field(max_length=32, index=True)
    registered_on: date | None = None  # when the sender registered it (12315 登记日期)


class CaseGroup(SQLModel, table=True):
    """A joint complaint (共同投诉, 令第20号 art. 11): cases of the same dispute with the
    same provider, handled together, with up to two representatives among the members."""

    __tablename__ = "case_group"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, max_length=100)
    provider_id: int = Field(foreign_key="provider.id", index=True)
    status: str = Field(default="open", max_length=20)  # open | closed
    created_by: str = Field(max_length=64)
    created_at: datetime


class CaseGroupMember(SQLModel, table=True):
    """A case's membership of a group; leaving sets `left_at` (the row stays, so the
    group's history keeps who was in it)."""

    __tablename__ = "case_group_member"
    __table_args__ = (Index("ix_case_group_member_case_left", "case_id", "left_at"),)
    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="case_group.id", index=True)
    case_id: int = Field(foreign_key="complaint_case.id")
    representative: bool = False
    joined_at: datetime
    left_at: datetime | None = None
    left_reason: str = Field(default="", max_length=500)


class CaseCategory(SQLModel, table=True):
    """One of a case's categories (`Case.categories`, kept in step by the services): the
    `cat:` filter reads this index instead of the JSON list."""

    __tablename__ = "case_category"
    __table_args__ = (Index("ix_case_category_category_case", "category", "case_id"),)
    case_id: int = Field(foreign_key="complaint_case.id", primary_key=True)
    category: str = Field(max_length=40, primary_key=True)
