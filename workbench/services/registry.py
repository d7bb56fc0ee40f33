"""The provider registry, read side (issue 14 item 2): list, resolve a name a caseworker
typed (exact name, short name or alias; near names as candidates), one provider's details
with its cases and history. Writes are in `services.registry_edit`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import col

from workbench.domain.events import describe
from workbench.domain.ladder import stage_label
from workbench.domain.vocabulary import EventKind, ProviderKind
from workbench.errors import NotFound
from workbench.i18n import _
from workbench.services.context import Workbench
from workbench.services.names import display_names, name_of
from workbench.services.providers import ProviderIndex, load_index
from workbench.store.models import Case, CaseEvent, Provider, ProviderAlias

RECENT_CASES = 50
# the case-less events that belong to a provider's history, with the payload keys naming it
HISTORY_KINDS = {EventKind.PROVIDER_ADDED: ("provider",),
                 EventKind.PROVIDER_UPDATED: ("provider_id",),
                 EventKind.PROVIDER_MERGED: ("from_id", "into_id"),
                 EventKind.PROVIDER_ALIAS_ADDED: ("provider_id",),
                 EventKind.PROVIDER_ALIAS_REMOVED: ("provider_id",)}


@dataclass(frozen=True, slots=True)
class ProviderRow:
    """One line of the registry list."""

    id: int
    name: str
    short_name: str
    kind: str
    kind_label: str
    superior: str
    cases: int
    superior_short: str = ""  # the superior's short name (its name when it has none)


@dataclass(frozen=True, slots=True)
class ProviderCase:
    ref: str
    title: str
    stage_label: str


@dataclass(frozen=True, slots=True)
class HistoryLine:
    at: datetime
    actor: str
    text: str


@dataclass(frozen=True, slots=True)
class ProviderDetail:
    """Everything the registry holds about one provider, labelled."""

    id: int
    name: str
    short_name: str
    kind: str
    kind_label: str
    aliases: tuple[str, ...]
    uscc: str
    licence_no: str
    address: str
    county: str
    hotline: str
    superior: str
    subordinates: tuple[str, ...]
    market_bureau: str
    regulator: str
    legal_representative: str
    cases: int
    recent_cases: tuple[ProviderCase, ...]
    history: tuple[HistoryLine, ...]

    @property
    def lines(self) -> tuple[tuple[str, str], ...]:
        """(label, value) pairs for a screen or a CLI print, in registry order."""
        return ((_("全称"), self.name), (_("简称"), self.short_name),
                (_("类型"), self.kind_label), (_("别名"), "、".join(self.aliases)),
                (_("统一社会信用代码"), self.uscc), (_("支付业务许可证编号"), self.licence_no),
                (_("住所地"), self.address), (_("所在区县"), self.county),
                (_("客服电话"), self.hotline), (_("上级机构"), self.superior),
                (_("下级机构"), "、".join(self.subordinates)),
                (_("所在地市场监督管理局"), self.market_bureau),
                (_("属地金融监管机构"), self.regulator),
                (_("法定代表人"), self.legal_representative),
                (_("案件数"), str(self.cases)))


def _active() -> ColumnElement[bool]:
    return col(Provider.merged_into_id).is_(None)


def registered(session: Session, name: str) -> Provider | None:
    """The provider registered under exactly this name or alias (merged ones followed to
    the provider they were merged into)."""
    text = name.strip()
    exact = session.execute(select(Provider).where(col(Provider.name) == text, _active())
                            ).scalars().first()
    if exact is not None:
        return exact
    alias = session.execute(select(ProviderAlias).where(col(ProviderAlias.alias) == text)
                            ).scalars().first()
    found = session.get(Provider, alias.provider_id) if alias is not None else None
    while found is not None and found.merged_into_id is not None:
        found = session.get(Provider, found.merged_into_id)
    return found


def resolve(session: Session, name: str, index: ProviderIndex | None = None) -> Provider:
    """The registered provider `name` means: its exact name, else its short name or an
    alias when only one provider has it. Unknown or ambiguous: NotFound naming the
    candidates (the nearest registered names)."""
    text = name.strip()
    found = registered(session, text)
    if found is not None:
        return found
    shorts = list(session.execute(select(Provider).where(
        col(Provider.short_name) == text, _active())).scalars())
    if len(shorts) == 1 and text:
        return shorts[0]
    if len(shorts) > 1:
        raise NotFound(_("「{name}」是多个服务商的简称：{names}。").format(
                           name=text, names="、".join(p.name for p in shorts)),
                       _("请写出服务商全称。"))
    near = index.suggest(text, 5) if index is not None else []
    hint = (_("相近的服务商：{names}。请写出其中一个的全称。").format(
                names="、".join(m.name for m in near)) if near
            else _("用 workbench providers list 查看已登记的服务商。"))
    raise NotFound(_("没有名为「{name}」的服务商。").format(name=text), hint)


def resolve_id(wb: Workbench, name: str) -> int:
    """The id of the provider `name` means (see `resolve`)."""
    index = load_index(wb)
    with wb.store.session() as session:
        provider = resolve(session, name, index)
        assert provider.id is not None
        return provider.id


def list_providers(wb: Workbench, *, kind: str | None = None, search: str = ""
                   ) -> list[ProviderRow]:
    """The registry (merged providers left out); `kind` a ProviderKind code. Without
    `search`, by name; with it, the providers whose name, short name or alias contains
    it first, then the near names (a typo), nearest first."""
    text = search.strip()
    index = load_index(wb)
    near = {m.id: rank for rank, m in enumerate(index.suggest(text, 20))} if text else {}
    containing = {e.id for e in index.entries if text and any(text in t for t in e.terms)}
    with wb.store.session() as session:
        counts = dict(session.execute(select(col(Case.provider_id), func.count())
                                      .group_by(col(Case.provider_id))).all())
        names = {pid: (name, short or name) for pid, name, short in session.execute(
            select(col(Provider.id), col(Provider.name), col(Provider.short_name)))}
        query = select(Provider).where(_active()).order_by(col(Provider.name))
        if kind:
            query = query.where(col(Provider.kind) == ProviderKind(kind).value)
        rows = [p for p in session.execute(query).scalars()
                if not text or p.id in containing or p.id in near]
    if text:
        rows.sort(key=lambda p: (p.id not in containing, near.get(p.id, len(near))))
    out = []
    for p in rows:
        superior, short = names.get(p.superior_id or 0, ("", ""))
        out.append(ProviderRow(p.id or 0, p.name, p.short_name, p.kind,
                               ProviderKind.label_of(p.kind), superior,
                               counts.get(p.id, 0), short))
    return out


def merged_ids(session: Session, provider_id: int) -> set[int]:
    """The provider and every one merged into it (directly or through another)."""
    ids = {provider_id}
    frontier = {provider_id}
    while frontier:
        frontier = {pid for pid in session.execute(select(col(Provider.id)).where(
            col(Provider.merged_into_id).in_(frontier))).scalars() if pid is not None} - ids
        ids |= frontier
    return ids


def _history(session: Session, ids: set[int]) -> tuple[HistoryLine, ...]:
    rows: Iterable[CaseEvent] = session.execute(
        select(CaseEvent).where(col(CaseEvent.case_id).is_(None),
                                col(CaseEvent.kind).in_([k.value for k in HISTORY_KINDS]))
        .order_by(col(CaseEvent.seq))).scalars()
    found = [event for event in rows if any(
        event.payload.get(key) in ids for key in HISTORY_KINDS[EventKind(event.kind)])]
    names = display_names(session, (event.actor for event in found))
    return tuple(HistoryLine(event.at, name_of(names, event.actor),
                             describe(event.kind, event.payload)) for event in found)


def provider_detail(wb: Workbench, name: str) -> ProviderDetail:
    """One provider, found as `resolve` finds it, with its aliases, its most recent cases
    and its history (the events of every provider merged into it too)."""
    index = load_index(wb)
    with wb.store.session() as session:
        p = resolve(session, name, index)
        assert p.id is not None
        aliases = tuple(session.execute(select(col(ProviderAlias.alias)).where(
            col(ProviderAlias.provider_id) == p.id).order_by(col(ProviderAlias.alias))
        ).scalars())
        superior = session.get(Provider, p.superior_id) if p.superior_id else None
        subordinates = tuple(session.execute(select(col(Provider.name)).where(
            col(Provider.superior_id) == p.id, _active()).order_by(col(Provider.name))
        ).scalars())
        count = session.execute(select(func.count()).select_from(Case).where(
            col(Case.provider_id) == p.id)).scalar_one()
        recent = tuple(ProviderCase(ref, title, stage_label(stage)) for ref, title, stage
                       in session.execute(select(col(Case.ref), col(Case.title),
                                                 col(Case.stage))
                                          .where(col(Case.provider_id) == p.id)
                                          .order_by(col(Case.opened_at).desc())
                                          .limit(RECENT_CASES)).all())
        return ProviderDetail(
            p.id, p.name, p.short_name, p.kind, ProviderKind.label_of(p.kind), aliases,
            p.uscc, p.licence_no, p.address, p.county, p.hotline,
            superior.name if superior else "", subordinates, p.market_bureau, p.regulator,
            p.legal_representative, count, recent, _history(session, merged_ids(session, p.id)))
